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
