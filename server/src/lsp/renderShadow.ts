import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * `kubectl kustomize` reads the disk, but the user's unsaved edits in the editor must count too.
 * So when an open document differs from its file, the folders the overlay's last render used are
 * copied into a temporary tree (same layout, below their common folder), the open texts written
 * over their copies, and the copy rendered. The paths kustomize prints of the copy (origins, the
 * kustomizations of transformers, error messages) are then spelt as the real files' paths.
 */

/** Bounds the copy: an overlay's folders are small; a folder holding half a monorepo is not copied whole. */
export const MAX_SHADOW_FILES = 2_000;
const SKIPPED_FOLDERS = new Set(['.git', 'node_modules']);

export interface ShadowTree {
  /** The overlay folder inside the copy: what to render. */
  readonly overlay: string;
  /** Rewrites the copy's paths in kustomize's output, relative to `root` (the folder its paths are relative to), as the real ones. */
  readonly realText: (text: string, root: string) => string;
  /** Rewrites the copy's absolute paths in a message as the real ones. */
  readonly realMessage: (message: string) => string;
  readonly remove: () => Promise<void>;
}

/** The deepest folder that holds every one of `folders` (absolute, normalised). */
export function commonFolder(folders: readonly string[]): string {
  let common = folders[0] ?? path.sep;
  for (const folder of folders.slice(1)) {
    while (folder !== common && !folder.startsWith(common.endsWith(path.sep) ? common : `${common}${path.sep}`)) {
      const parent = path.dirname(common);
      if (parent === common) return common;
      common = parent;
    }
  }
  return common;
}

const posix = (p: string): string => p.split(path.sep).join('/');

/**
 * Copies `folders` (recursively, within the bound) below their common folder and writes `texts`
 * (absolute path → text) over the copies. Returns undefined when the copy would pass the bound.
 */
export async function shadowTree(overlay: string, folders: readonly string[], texts: ReadonlyMap<string, string>): Promise<ShadowTree | undefined> {
  const all = [overlay, ...folders, ...[...texts.keys()].map((file) => path.dirname(file))].map((f) => path.resolve(f));
  const common = commonFolder(all);
  // Its real path: the runner's wrapper folder is a real path too, and kustomize names files relative to it.
  const made = await fs.mkdtemp(path.join(os.tmpdir(), 'kube-lb-reach-shadow-'));
  const tmp = await fs.realpath(made).catch(() => made);
  const remove = (): Promise<void> => fs.rm(tmp, { recursive: true, force: true }).catch(() => undefined);
  const copy = path.join(tmp, 'tree');
  try {
    let copied = 0;
    const seen = new Set<string>();
    const copyFolder = async (folder: string): Promise<boolean> => {
      if (seen.has(folder)) return true;
      seen.add(folder);
      const entries = await fs.readdir(folder, { withFileTypes: true }).catch(() => []);
      await fs.mkdir(path.join(copy, path.relative(common, folder)), { recursive: true });
      for (const entry of entries) {
        const from = path.join(folder, entry.name);
        if (entry.isDirectory()) {
          if (!SKIPPED_FOLDERS.has(entry.name) && !(await copyFolder(from))) return false;
        } else if (entry.isFile()) {
          if (++copied > MAX_SHADOW_FILES) return false;
          await fs.copyFile(from, path.join(copy, path.relative(common, from)));
        }
      }
      return true;
    };
    for (const folder of new Set(all)) {
      if (!(await copyFolder(folder))) {
        await remove();
        return undefined;
      }
    }
    for (const [file, text] of texts) {
      const target = path.join(copy, path.relative(common, file));
      await fs.mkdir(path.dirname(target), { recursive: true });
      await fs.writeFile(target, text);
    }
  } catch (error) {
    await remove();
    throw error;
  }
  return {
    overlay: path.join(copy, path.relative(common, overlay)),
    realText: (text, root) => text.split(posix(path.relative(root, copy))).join(posix(path.relative(root, common))),
    // The runner's wrapper folder is another folder of the temporary directory: kustomize names the copy from there too.
    realMessage: (message) => message.split(copy).join(common).split(`../${posix(path.relative(path.dirname(tmp), copy))}`).join(posix(common)),
    remove,
  };
}
