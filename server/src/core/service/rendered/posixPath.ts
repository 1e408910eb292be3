/**
 * The few posix path helpers attribution needs. The core may not import node:path: the paths of
 * a Kustomize render are `/`-separated and relative to the render's root, and may climb above it
 * (`../base/service.yaml`), so `..` segments that cannot be resolved are kept.
 */

/** The folder of `file` (`''` for a file at the root). */
export function dirname(file: string): string {
  const at = file.lastIndexOf('/');
  return at < 0 ? '' : at === 0 ? '/' : file.slice(0, at);
}

/** `.` and `x/..` resolved, doubled `/` collapsed; leading `..` kept on a relative path. */
export function normalize(file: string): string {
  const absolute = file.startsWith('/');
  const out: string[] = [];
  for (const part of file.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else if (part !== '..' || !absolute) out.push(part);
  }
  const joined = out.join('/');
  return absolute ? `/${joined}` : joined === '' ? '.' : joined;
}

/** `relative` resolved against the folder `dir`; an absolute `relative` stands alone. */
export function join(dir: string, relative: string): string {
  if (relative.startsWith('/') || dir === '' || dir === '.') return normalize(relative);
  return normalize(`${dir}/${relative}`);
}

/** The deepest folder holding every one of `folders` (normalised, relative; `.` for none in common). */
export function commonFolder(folders: readonly string[]): string {
  const parts = (folder: string): string[] => (folder === '.' || folder === '' ? [] : folder.split('/'));
  let common = parts(folders[0] ?? '.');
  for (const folder of folders.slice(1)) {
    const other = parts(folder);
    let same = 0;
    while (same < common.length && same < other.length && common[same] === other[same]) same++;
    common = common.slice(0, same);
  }
  return common.length === 0 ? '.' : common.join('/');
}

/** Whether the normalised relative `file` is below the folder `dir` (never through `..`, never absolute). */
export function isInside(dir: string, file: string): boolean {
  if (file.startsWith('/') || dir.startsWith('/')) return false;
  const dirParts = dir === '.' || dir === '' ? [] : dir.split('/');
  const fileParts = file.split('/');
  if (fileParts.length <= dirParts.length) return false;
  return dirParts.every((part, i) => fileParts[i] === part) && !fileParts.slice(dirParts.length).includes('..');
}
