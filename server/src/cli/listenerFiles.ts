import { promises as fs, type Dirent } from 'fs';
import * as path from 'path';
import { matchesAny, type LanguageService } from '../core';
import { decodeManifest, readPathBounded } from '../node/boundedRead';
import { display as displayPath } from './inputs';
import { type Problem } from './problems';

/**
 * Saved API answers about a CLB's listeners (`aliyun slb DescribeLoadBalancerAttribute … > lb.json`):
 * named by `--listeners-from FILE`, or found by a config file's `listenerFiles` globs.
 */

/** Folders a glob search never enters, as the manifest walk does not. */
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', '.hg', '.svn']);
/** A glob search visits at most this many files under one config folder: a huge tree must not stall the run. */
const MAX_FILES_VISITED = 100_000;

/** Every regular file below `root` (no symbolic links), in a stable order; unreadable folders are skipped. */
async function filesBelow(root: string): Promise<string[]> {
  const found: string[] = [];
  const pending = [root];
  let visited = 0;
  while (pending.length > 0 && visited < MAX_FILES_VISITED) {
    const dir = pending.pop()!;
    let entries: Dirent[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const subdirs: string[] = [];
    for (const entry of entries) {
      visited++;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name)) subdirs.push(full);
      } else if (entry.isFile()) found.push(full);
    }
    pending.push(...subdirs.reverse());
  }
  return found;
}

const notice = (file: string, message: string): Problem => ({ displayPath: displayPath(file), message, isError: false, kind: 'input' });

function setListenerText(service: LanguageService, file: string, text: string): Problem[] {
  const result = service.setListenerFile(file, text);
  return result.problems.map((problem) => notice(file, `listener file: ${problem}`));
}

/**
 * Reads `--listeners-from` files (one that cannot be read is an I/O error, exit 2, naming it), then
 * the files the configs' `listenerFiles` match. Problems inside a file, and a glob that matches no
 * file, are notices: the run goes on, and says what it could not use.
 */
export async function readListenerFiles(service: LanguageService, named: readonly string[]): Promise<Problem[]> {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const given of named) {
    const id = path.resolve(given);
    if (seen.has(id)) continue;
    seen.add(id);
    // A path the user named may be a pipe: `--listeners-from <(aliyun slb DescribeLoadBalancerAttribute …)`.
    const read = await readPathBounded(id, { followSymlinks: true, streams: true });
    const decoded = 'bytes' in read ? decodeManifest(read.bytes) : read;
    if ('problem' in decoded) throw new Error(`--listeners-from ${given}: ${decoded.problem}`);
    problems.push(...setListenerText(service, id, decoded.text));
  }
  for (const { configId, folder, globs } of service.listenerFileGlobs()) {
    const matched = (await filesBelow(folder)).filter((file) => matchesAny(file, folder, globs));
    if (matched.length === 0) problems.push(notice(configId, `listenerFiles ${globs.map((g) => JSON.stringify(g)).join(', ')}: no file matches`));
    for (const file of matched) {
      if (seen.has(file)) continue;
      seen.add(file);
      // Found by a search: a link or a pipe is not followed, as in the manifest walk.
      const read = await readPathBounded(file, { followSymlinks: false, streams: false });
      const decoded = 'bytes' in read ? decodeManifest(read.bytes) : read;
      if ('problem' in decoded) problems.push(notice(file, `listener file: ${decoded.problem}`));
      else problems.push(...setListenerText(service, file, decoded.text));
    }
  }
  return problems;
}
