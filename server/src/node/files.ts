import { promises as fs, type Dirent } from 'fs';
import * as path from 'path';
import { decodeManifest, MAX_INPUT_BYTES, readPathBounded } from './boundedRead';

/**
 * Reading manifests from disk, shared by the language server's workspace scan and the CLI.
 * Only reads: nothing found in a workspace is ever executed.
 */

export const DEFAULT_MAX_FILE_BYTES = MAX_INPUT_BYTES;
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', '.hg', '.svn']);

export function isYamlPath(file: string): boolean {
  return /\.ya?ml$/i.test(file);
}

/** `vanished`: the folder was there when listed and is gone now (deleted or renamed meanwhile). */
export type WalkProblem = (folder: string, message: string, vanished: boolean) => void;

/**
 * Every file below `root` whose name `accept`s, depth first, in a stable order; dotfiles
 * (`.kube-lb-reach.yaml`) included. Symbolic links are not followed (no loops); folders that
 * vanish or cannot be read are reported and skipped.
 */
export async function* walkFiles(root: string, accept: (name: string) => boolean, onProblem: WalkProblem): AsyncGenerator<string> {
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
      } else if (entry.isFile() && accept(entry.name)) {
        yield full;
      }
    }
    pending.push(...subdirs.reverse());
  }
}

/** Every `*.yaml`/`*.yml` below `root` (config files included), as `walkFiles` walks. */
export function walkYamlFiles(root: string, onProblem: WalkProblem): AsyncGenerator<string> {
  return walkFiles(root, isYamlPath, onProblem);
}

export type ReadResult = { readonly text: string; readonly lossless: boolean } | { readonly problem: string };

/**
 * A manifest's text, or a one-line reason it cannot be analysed (missing, too large, binary):
 * through the bounded reader, so a file that grows after its size was checked is still cut off.
 */
export async function readManifest(file: string, maxBytes = DEFAULT_MAX_FILE_BYTES): Promise<ReadResult> {
  const read = await readPathBounded(file, { followSymlinks: true, streams: false, maxBytes });
  return 'bytes' in read ? decodeManifest(read.bytes) : { problem: read.problem };
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

/**
 * What changes when a file's content does (modification time and size, through a symbolic link),
 * to tell a cached analysis still holds without reading the file; undefined: not a file now.
 */
export async function fileStamp(file: string): Promise<string | undefined> {
  try {
    const stat = await fs.stat(file);
    return stat.isFile() ? `${stat.mtimeMs}:${stat.size}` : undefined;
  } catch {
    return undefined;
  }
}
