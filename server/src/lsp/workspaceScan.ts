import { URI } from 'vscode-uri';
import { parseFile, type WorkspaceIndex } from '../core';
import { readManifest, walkYamlFiles } from '../node/files';

/** Bounds the background scan: a huge monorepo must not make the server crawl forever. */
export const MAX_SCANNED_FILES = 50_000;

export interface ScanHooks {
  readonly isOpen: (uri: string) => boolean;
  readonly log: (message: string) => void;
  readonly cancelled: () => boolean;
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Reads one file on disk into the index (unless it is open: open documents override the disk). */
export async function indexFileFromDisk(index: WorkspaceIndex, uri: string, hooks: Pick<ScanHooks, 'isOpen'>): Promise<Set<string>> {
  if (hooks.isOpen(uri)) return new Set();
  // Only `file:` URIs have a disk version: the fsPath of `untitled:Untitled-1` is a relative path.
  const parsed = URI.parse(uri);
  if (parsed.scheme !== 'file') return index.remove(uri);
  const ticket = index.startRead(uri);
  const result = await readManifest(parsed.fsPath);
  // Opened, read again, changed or deleted while it was read: what came later is what counts now.
  const latest = index.finishRead(uri, ticket);
  if (!latest || hooks.isOpen(uri)) return new Set();
  if ('problem' in result) return index.remove(uri);
  return index.update(uri, parseFile(result.text));
}

/** Indexes every YAML file under the folders, yielding to the event loop so requests are answered. */
export async function scanFolders(index: WorkspaceIndex, folders: readonly string[], hooks: ScanHooks): Promise<number> {
  let count = 0;
  for (const folder of folders) {
    const root = URI.parse(folder);
    if (root.scheme !== 'file') continue;
    for await (const file of walkYamlFiles(root.fsPath, (path, message) => { hooks.log(`scan: ${path}: ${message}`); })) {
      if (hooks.cancelled()) return count;
      if (count >= MAX_SCANNED_FILES) {
        hooks.log(`scan: stopped after ${MAX_SCANNED_FILES} files`);
        return count;
      }
      await indexFileFromDisk(index, URI.file(file).toString(), hooks);
      count++;
      if (count % 20 === 0) await yieldToEventLoop();
    }
  }
  return count;
}
