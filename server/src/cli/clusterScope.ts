import { promises as fs } from 'fs';
import * as path from 'path';
import { CONFIG_FILE_NAMES, LanguageService, type ParsedConfig } from '../core';
import { decodeManifest, readPathBounded } from '../node/boundedRead';
import { humanRange } from './formats/location';
import { display as displayPath, type Input } from './inputs';
import { readListenerFiles } from './listenerFiles';
import { type Problem } from './problems';

/**
 * What the CLI tells the language service before it analyses anything: where config files are
 * searched up to (each input's git root), the `.kube-lb-reach.yaml` files found upward from the
 * inputs, and the saved listener answers (`--listeners-from` and the configs' `listenerFiles`).
 */

/** A config file's problem, as one `FILE:LINE:COL SEVERITY config-invalid MESSAGE` line (the findings' shape). */
export interface ConfigProblemLine {
  readonly line: string;
  readonly isError: boolean;
}

export interface ClusterScope {
  readonly service: LanguageService;
  /** Config files read, in the order found (their ids). */
  readonly configIds: readonly string[];
  readonly configProblems: readonly ConfigProblemLine[];
  /** Listener files that could not be read, or that hold entries that could not: notices in every format. */
  readonly problems: readonly Problem[];
}

export const isConfigFile = (file: string): boolean => (CONFIG_FILE_NAMES as readonly string[]).includes(path.basename(file));

async function exists(file: string): Promise<boolean> {
  try {
    await fs.lstat(file);
    return true;
  } catch {
    return false;
  }
}

/**
 * The folder holding `.git` (a folder, or a file in a worktree or submodule) at or above `dir`.
 * Outside a git repository the search goes up to the filesystem root, as `.editorconfig`'s does:
 * a config file in a parent folder is then found wherever the manifests are linted from.
 */
async function rootOf(dir: string, cache: Map<string, string>): Promise<string> {
  const visited: string[] = [];
  let root: string | undefined;
  for (let current = dir; ; current = path.dirname(current)) {
    const known = cache.get(current);
    if (known !== undefined) {
      root = known;
      break;
    }
    visited.push(current);
    if (await exists(path.join(current, '.git'))) {
      root = current;
      break;
    }
    if (path.dirname(current) === current) {
      root = current;
      break;
    }
  }
  for (const folder of visited) cache.set(folder, root);
  return root;
}

function configProblemLines(file: string, parsed: ParsedConfig): ConfigProblemLine[] {
  return parsed.problems.map((problem) => {
    const range = humanRange(parsed.lineIndex, problem.span);
    return { line: `${displayPath(file)}:${range.startLine}:${range.startColumn} ${problem.severity} config-invalid ${problem.message}`, isError: problem.severity === 'error' };
  });
}

/**
 * Reads the config files above every input (up to its git root) and the listener files, into a
 * new language service. A config file that cannot be read is an error line, as a broken one is.
 */
export async function loadClusterScope(inputs: readonly Input[], listenersFrom: readonly string[]): Promise<ClusterScope> {
  const service = new LanguageService();
  const rootCache = new Map<string, string>();
  const roots = new Set<string>();
  const folders = new Set<string>();
  for (const input of inputs) {
    // Standard input has no place, so no config file: it is in the run's own cluster.
    if (input.id === '-') continue;
    const dir = path.dirname(input.id);
    const root = await rootOf(dir, rootCache);
    roots.add(root);
    for (let folder = dir; ; folder = path.dirname(folder)) {
      folders.add(folder);
      if (folder === root || path.dirname(folder) === folder) break;
    }
  }
  // Without a config file the whole run is one cluster, whichever repositories the files are in.
  service.setRoots({ roots: [...roots], rootsAreClusters: false });
  const configIds: string[] = [];
  const configProblems: ConfigProblemLine[] = [];
  for (const folder of [...folders].sort()) {
    for (const name of CONFIG_FILE_NAMES) {
      const id = path.join(folder, name);
      const read = await readPathBounded(id, { followSymlinks: true, streams: false });
      if (!('bytes' in read)) {
        if (!read.missing) configProblems.push({ line: `${displayPath(id)}:1:1 error config-invalid ${read.problem}`, isError: true });
        continue;
      }
      const decoded = decodeManifest(read.bytes);
      if ('problem' in decoded) {
        configProblems.push({ line: `${displayPath(id)}:1:1 error config-invalid ${decoded.problem}`, isError: true });
        continue;
      }
      configIds.push(id);
      configProblems.push(...configProblemLines(id, service.setConfig(id, decoded.text).parsed));
    }
  }
  const problems = await readListenerFiles(service, listenersFrom);
  return { service, configIds, configProblems, problems };
}
