import { promises as fs, type Dirent } from 'fs';
import * as path from 'path';

/**
 * Reading manifests from disk, shared by the language server's workspace scan and the CLI.
 * Only reads: nothing found in a workspace is ever executed.
 */

export const DEFAULT_MAX_FILE_BYTES = 2 * 1024 * 1024;
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', '.hg', '.svn']);

export function isYamlPath(file: string): boolean {
  return /\.ya?ml$/i.test(file);
}

/**
 * Every `*.yaml`/`*.yml` below `root`, depth first, in a stable order. Symbolic links are not
 * followed (no loops); folders that vanish or cannot be read are reported and skipped.
 */
/** `vanished`: the folder was there when listed and is gone now (deleted or renamed meanwhile). */
export type WalkProblem = (folder: string, message: string, vanished: boolean) => void;

export async function* walkYamlFiles(root: string, onProblem: WalkProblem): AsyncGenerator<string> {
  const pending = [root];
  while (pending.length > 0) {
    const dir = pending.pop()!;
    let entries: Dirent[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      onProblem(dir, code === 'ENOENT' ? 'folder vanished while it was read' : `cannot read folder: ${code ?? String(error)}`, code === 'ENOENT' && dir !== root);
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const subdirs: string[] = [];
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name)) subdirs.push(full);
      } else if (entry.isFile() && isYamlPath(entry.name)) {
        yield full;
      }
    }
    pending.push(...subdirs.reverse());
  }
}

/**
 * `lossless`: writing `text` back as UTF-8 gives the very bytes read (a byte order mark included).
 * Bytes that are not UTF-8 decode to U+FFFD, so the text no longer says what they were.
 */
export type ReadResult = { readonly text: string; readonly lossless: boolean } | { readonly problem: string };

/** A manifest's text, or a one-line reason it cannot be analysed (missing, too large, binary). */
export async function readManifest(file: string, maxBytes = DEFAULT_MAX_FILE_BYTES): Promise<ReadResult> {
  try {
    const stat = await fs.stat(file);
    if (!stat.isFile()) return { problem: 'not a regular file' };
    if (stat.size > maxBytes) return { problem: `skipped: ${stat.size} bytes is over the limit of ${maxBytes}` };
    const bytes = await fs.readFile(file);
    if (bytes.includes(0)) return { problem: 'skipped: binary content (NUL bytes)' };
    const text = bytes.toString('utf8');
    // Only a text with U+FFFD can differ from its bytes; a real U+FFFD in the file round-trips.
    return { text, lossless: !text.includes('\uFFFD') || Buffer.from(text, 'utf8').equals(bytes) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { problem: code === 'ENOENT' ? 'file not found' : `cannot read: ${code ?? String(error)}` };
  }
}

/** What a path is now, without following a symbolic link (a watcher event names files and folders alike). */
export async function pathKind(file: string): Promise<'file' | 'folder' | 'other' | 'missing'> {
  try {
    const stat = await fs.lstat(file);
    return stat.isDirectory() ? 'folder' : stat.isFile() ? 'file' : 'other';
  } catch {
    return 'missing';
  }
}
