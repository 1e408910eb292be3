import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * `kubectl kustomize` reads the disk, but the user's unsaved edits in the editor must count too.
 * So when an open document differs from its file, the files the overlay's last render used are
 * copied into a temporary tree (same layout, below their common folder), the open texts written
 * over their copies, and the copy rendered. The paths kustomize prints of the copy (origins, the
 * kustomizations of transformers, error messages) are then spelt as the real files' paths.
 *
 * Copied: the render's source files, and the files directly in the overlay's folder and in each
 * source file's folder (a kustomization that transforms nothing, a generator's files: kustomize
 * reads them, the build metadata names them not), never a folder recursively. Only files below
 * the workspace folders or the overlay's folder are copied (a render's paths come partly from the
 * manifests, so a path elsewhere is not followed), within a count and a byte bound.
 */

/** Bounds the copy: an overlay's files are few and small; a folder of a monorepo is not copied. */
export const MAX_SHADOW_FILES = 2_000;
export const MAX_SHADOW_BYTES = 16 * 1024 * 1024;

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

const isBelow = (file: string, folder: string): boolean => file.startsWith(folder.endsWith(path.sep) ? folder : `${folder}${path.sep}`);

/**
 * Copies `files` and the files directly in the overlay's folder and theirs below their common
 * folder, and writes `texts` (absolute path → text) over the copies; anything not below one of
 * `allowed` (absolute folders) is left out. Returns undefined when the copy would pass a bound.
 */
export async function shadowTree(overlay: string, files: readonly string[], texts: ReadonlyMap<string, string>, allowed: readonly string[]): Promise<ShadowTree | undefined> {
  const inside = (file: string): boolean => allowed.some((folder) => isBelow(file, path.resolve(folder)));
  const wanted = new Set([...files, ...texts.keys()].map((f) => path.resolve(f)).filter(inside));
  const folders = new Set([path.resolve(overlay), ...[...wanted].map((file) => path.dirname(file))]);
  for (const folder of folders) {
    const entries = await fs.readdir(folder, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) if (entry.isFile()) wanted.add(path.join(folder, entry.name));
    if (wanted.size > MAX_SHADOW_FILES) return undefined;
  }
  const common = commonFolder([...folders]);
  // Its real path: the runner's wrapper folder is a real path too, and kustomize names files relative to it.
  const made = await fs.mkdtemp(path.join(os.tmpdir(), 'kube-lb-reach-shadow-'));
  const tmp = await fs.realpath(made).catch(() => made);
  const remove = (): Promise<void> => fs.rm(tmp, { recursive: true, force: true }).catch(() => undefined);
  const copy = path.join(tmp, 'tree');
  try {
    await fs.mkdir(path.join(copy, path.relative(common, overlay)), { recursive: true });
    let bytes = 0;
    for (const file of wanted) {
      const target = path.join(copy, path.relative(common, file));
      const text = texts.get(file);
      // Only a regular file is copied (a link to one is followed): no folder, device or fifo is read.
      const stat = text === undefined ? await fs.stat(file).catch(() => undefined) : undefined;
      if (text === undefined && !stat?.isFile()) continue;
      bytes += text === undefined ? stat!.size : Buffer.byteLength(text);
      if (bytes > MAX_SHADOW_BYTES) {
        await remove();
        return undefined;
      }
      await fs.mkdir(path.dirname(target), { recursive: true });
      if (text === undefined) await fs.copyFile(file, target);
      else await fs.writeFile(target, text);
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
