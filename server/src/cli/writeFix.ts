import { constants, promises as fs } from 'fs';
import * as path from 'path';
import { readPathBounded, sameFile, stampOf, type FileStamp } from '../node/boundedRead';

/**
 * `--fix` writes only the file it read, unchanged since: the same device, inode, size and
 * modification time, and the same bytes, at the same real path (no symbolic link swapped in, for
 * the file or a folder on its path). Checked once more right before the rename; what remains is the
 * window between that check and rename(2) itself, which Node cannot close (no renameat on a folder
 * descriptor). The result keeps the file's mode, owner and group; a file with several hard links is
 * written in place, so that every name keeps seeing one file.
 */

/** Where `--fix` may write a file: the real folder and name it was read from, and what it was then. */
export interface FixTarget {
  readonly dir: string;
  readonly name: string;
  readonly stamp: FileStamp;
  readonly bytes: Buffer;
}

export type WriteOutcome = { readonly written: true } | { readonly written: false; readonly reason: string };

/** Called with the file's path after the new text is ready and before the last check: tests change the file here. */
export type BeforeCommit = (file: string) => Promise<void>;

const CHANGED = 'the file changed while kube-lb-reach ran (it was not written, so that change is kept)';

/** Why the file is no longer the one read, or undefined when it still is. */
async function changedSinceRead(target: FixTarget): Promise<string | undefined> {
  let realDir: string;
  try {
    realDir = await fs.realpath(target.dir);
  } catch {
    return CHANGED;
  }
  if (realDir !== target.dir) return `${CHANGED}: a folder on its path is now a symbolic link`;
  const now = await readPathBounded(path.join(target.dir, target.name), { followSymlinks: false, streams: false, maxBytes: Number(target.stamp.size) });
  if (!('bytes' in now) || now.stamp === undefined) return 'problem' in now && now.problem.includes('symbolic link') ? `${CHANGED}: it is now a symbolic link` : CHANGED;
  return sameFile(now.stamp, target.stamp) && now.bytes.equals(target.bytes) ? undefined : CHANGED;
}

/** Several names for one file: rewrite its bytes through a descriptor checked to be that file. */
async function writeInPlace(target: FixTarget, text: string, beforeCommit?: BeforeCommit): Promise<WriteOutcome> {
  const file = path.join(target.dir, target.name);
  const handle = await fs.open(file, constants.O_RDWR | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  try {
    await beforeCommit?.(file);
    const stat = stampOf(await handle.stat({ bigint: true }));
    const bytes = Buffer.alloc(target.bytes.length + 1);
    const { bytesRead } = await handle.read(bytes, 0, bytes.length, 0);
    if (!sameFile(stat, target.stamp) || !bytes.subarray(0, bytesRead).equals(target.bytes)) return { written: false, reason: CHANGED };
    const data = Buffer.from(text, 'utf8');
    await handle.write(data, 0, data.length, 0);
    await handle.truncate(data.length);
    await handle.sync();
    return { written: true };
  } finally {
    await handle.close();
  }
}

export async function writeFix(target: FixTarget, text: string, beforeCommit?: BeforeCommit): Promise<WriteOutcome> {
  const early = await changedSinceRead(target);
  if (early !== undefined) return { written: false, reason: early };
  if (target.stamp.nlink > 1n) return writeInPlace(target, text, beforeCommit);
  const file = path.join(target.dir, target.name);
  const temporary = path.join(target.dir, `.${target.name}.kube-lb-reach-${process.pid}.tmp`);
  // O_EXCL: never through a link or file someone placed at the temporary name (nor removing it).
  const handle = await fs.open(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  let renamed = false;
  try {
    try {
      await handle.writeFile(text, 'utf8');
      const own = await handle.stat();
      if (own.uid !== target.stamp.uid || own.gid !== target.stamp.gid) await handle.chown(target.stamp.uid, target.stamp.gid);
      // After chown, which may clear set-user-id and set-group-id bits.
      await handle.chmod(target.stamp.mode & 0o7777);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await beforeCommit?.(file);
    const late = await changedSinceRead(target);
    if (late !== undefined) return { written: false, reason: late };
    await fs.rename(temporary, file);
    renamed = true;
    return { written: true };
  } finally {
    if (!renamed) await fs.rm(temporary, { force: true });
  }
}
