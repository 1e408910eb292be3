import { closeSync, constants, fstatSync, openSync, promises as fs, readSync, type BigIntStats } from 'fs';

/**
 * The one reader of every input the adapters take from outside: files, pipes, character devices
 * and standard input. Nothing is read past `maxBytes` (+1, to know there was more), whatever the
 * input claims its size is, so a FIFO, `/dev/urandom` or a file that grows cannot exhaust memory.
 */

/** The limit of every input, in bytes (docs/cli.md, docs/security.md). */
export const MAX_INPUT_BYTES = 2 * 1024 * 1024;

/** What a regular file was when it was read: `--fix` writes only to the same file, unchanged. */
export interface FileStamp {
  readonly dev: bigint;
  readonly ino: bigint;
  readonly size: bigint;
  readonly mtimeNs: bigint;
  readonly nlink: bigint;
  readonly uid: number;
  readonly gid: number;
  readonly mode: number;
}

export function stampOf(stat: BigIntStats): FileStamp {
  return { dev: stat.dev, ino: stat.ino, size: stat.size, mtimeNs: stat.mtimeNs, nlink: stat.nlink, uid: Number(stat.uid), gid: Number(stat.gid), mode: Number(stat.mode) };
}

/** The same file, not touched since: device, inode, size and modification time. */
export function sameFile(a: FileStamp, b: FileStamp): boolean {
  return a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeNs === b.mtimeNs;
}

export type BoundedRead =
  | { readonly bytes: Buffer; /** Only for a regular file. */ readonly stamp?: FileStamp }
  | { readonly problem: string; readonly missing: boolean; /** Could not be read at all (an I/O error), not merely skipped. */ readonly ioError: boolean };

export const overLimit = (maxBytes: number): BoundedRead => ({ problem: `skipped: over the limit of ${maxBytes} bytes`, missing: false, ioError: false });

/** Chunks of a stream (standard input) until its end or until more than `maxBytes` came: then undefined. */
export async function readStreamBounded(stream: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>, maxBytes = MAX_INPUT_BYTES): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    total += bytes.length;
    // Leaving the loop ends the iteration, which destroys the stream: nothing more is buffered.
    if (total > maxBytes) return undefined;
    chunks.push(bytes);
  }
  return Buffer.concat(chunks);
}

/** Reads an open descriptor to its end, never more than `maxBytes` + 1 bytes. */
async function readHandle(handle: fs.FileHandle, maxBytes: number): Promise<Buffer | undefined> {
  const buffer = Buffer.alloc(Math.min(maxBytes + 1, 64 * 1024));
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, maxBytes + 1 - total), null);
    if (bytesRead === 0) return Buffer.concat(chunks);
    chunks.push(Buffer.from(buffer.subarray(0, bytesRead)));
    total += bytesRead;
    if (total > maxBytes) return undefined;
  }
}

export interface ReadOptions {
  /** Open a symbolic link's target (a path the user named) or refuse the link (a path found by a walk). */
  readonly followSymlinks: boolean;
  /** Read a pipe or a character device as a stream (a path the user named), or refuse it. */
  readonly streams: boolean;
  readonly maxBytes?: number;
}

const problemOf = (error: unknown): BoundedRead => {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return { problem: 'file not found', missing: true, ioError: false };
  if (code === 'ELOOP') return { problem: 'not a regular file (a symbolic link)', missing: false, ioError: false };
  return { problem: `cannot read: ${code ?? String(error)}`, missing: false, ioError: true };
};

/** Whether a path the user named is a pipe or a character device, read as a stream (blocking: until its writer closes it). */
async function isStream(file: string): Promise<boolean> {
  try {
    const stat = await fs.stat(file);
    return stat.isFIFO() || stat.isCharacterDevice();
  } catch {
    return false;
  }
}

/**
 * A file's bytes, bounded. A file is opened non-blocking, so a FIFO found where a file was
 * expected never hangs the open; a pipe or device the user named is opened blocking and read as
 * a stream (non-blocking, a FIFO could be closed by its writer between two opens, or read EAGAIN).
 */
export async function readPathBounded(file: string, options: ReadOptions): Promise<BoundedRead> {
  const maxBytes = options.maxBytes ?? MAX_INPUT_BYTES;
  let handle: fs.FileHandle | undefined;
  try {
    const stream = options.streams && (await isStream(file));
    handle = await fs.open(file, constants.O_RDONLY | (stream ? 0 : constants.O_NONBLOCK) | (options.followSymlinks ? 0 : constants.O_NOFOLLOW));
    const stat = await handle.stat({ bigint: true });
    if (stat.isFile()) {
      if (stat.size > BigInt(maxBytes)) return { problem: `skipped: ${stat.size} bytes is over the limit of ${maxBytes}`, missing: false, ioError: false };
      const bytes = await readHandle(handle, maxBytes);
      return bytes === undefined ? overLimit(maxBytes) : { bytes, stamp: stampOf(stat) };
    }
    if (!stream || !(stat.isFIFO() || stat.isCharacterDevice())) return { problem: 'not a regular file', missing: false, ioError: false };
    const bytes = await readHandle(handle, maxBytes);
    return bytes === undefined ? overLimit(maxBytes) : { bytes };
  } catch (error) {
    return problemOf(error);
  } finally {
    await handle?.close();
  }
}

/** Decoded manifest text, or why it is not one: NUL bytes mean binary content. */
export type Decoded = { readonly text: string; readonly lossless: boolean } | { readonly problem: string };

/**
 * `lossless`: writing `text` back as UTF-8 gives the very bytes read (a byte order mark included).
 * Bytes that are not UTF-8 decode to U+FFFD, so the text no longer says what they were.
 */
export function decodeManifest(bytes: Buffer): Decoded {
  if (bytes.includes(0)) return { problem: 'skipped: binary content (NUL bytes)' };
  const text = bytes.toString('utf8');
  // Only a text with U+FFFD can differ from its bytes; a real U+FFFD in the file round-trips.
  return { text, lossless: !text.includes('\uFFFD') || Buffer.from(text, 'utf8').equals(bytes) };
}

/**
 * A small regular file's text, read synchronously (the attribution of rendered findings asks for
 * sources while it walks), never more than the input limit; undefined when it cannot be read.
 */
export function readSmallFileSync(file: string): string | undefined {
  let fd: number | undefined;
  try {
    // Non-blocking and not through a symlink: a FIFO named as a source must not block the event loop.
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
    const stat = fstatSync(fd);
    if (!stat.isFile() || stat.size > MAX_INPUT_BYTES) return undefined;
    const buffer = Buffer.alloc(stat.size);
    let offset = 0;
    while (offset < buffer.length) {
      const read = readSync(fd, buffer, offset, buffer.length - offset, null);
      if (read === 0) break;
      offset += read;
    }
    return buffer.subarray(0, offset).toString('utf8');
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
