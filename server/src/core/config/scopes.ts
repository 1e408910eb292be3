import { minimatch } from 'minimatch';
import { type RawSettings } from '../settings/resolve';
import { mergeRawSettings } from '../settings/merge';
import { type ConfigFile, parseConfigFile, type ParsedConfig } from './parseConfig';
import { CONFIG_FILE_NAMES } from './schema';

/** The cluster a manifest deploys to, as the config files say. */
export interface ClusterRef {
  /** Stable within a run: `<config id>#<name>`, or the root's id without a config file. */
  readonly key: string;
  readonly name: string;
  /** The config file that defines it; undefined without one. */
  readonly configId: string | undefined;
  /** The config file's settings for it (its top level, then the cluster's own). */
  readonly raw: RawSettings;
}

export interface FileScope {
  readonly cluster: ClusterRef;
  /** Set when an `ignorePaths` glob of the config file matches: the file is not analysed. */
  readonly ignoredBy: { readonly configId: string; readonly pattern: string } | undefined;
}

export interface ScopeRoots {
  /** Folders the search for a config file stops at (editor: workspace folders; CLI: git roots). */
  readonly roots: readonly string[];
  /** Without a config file each root is one cluster (editor); else the whole run is (CLI). */
  readonly rootsAreClusters: boolean;
}

interface ConfigEntry {
  readonly parsed: ParsedConfig;
  /** The last config of this file without errors: it stays in force while the file is broken. */
  readonly good: ConfigFile | undefined;
}

/** Ids are file paths or URIs; both separate folders with `/`. */
const dirOf = (id: string): string => id.slice(0, Math.max(0, id.lastIndexOf('/')));
const isWithin = (id: string, folder: string): boolean => id === folder || id.startsWith(folder.endsWith('/') ? folder : `${folder}/`);
const RUN_CLUSTER: ClusterRef = { key: 'run', name: 'default', configId: undefined, raw: {} };

/** A glob matches the path relative to the config file's folder, or a folder above it (`prod` matches `prod/web.yaml`), as .gitignore does. */
function matches(relative: string, pattern: string): boolean {
  const glob = pattern.replace(/^\.\//, '').replace(/\/$/, '');
  if (minimatch(relative, glob, { dot: true })) return true;
  const parts = relative.split('/');
  for (let i = 1; i < parts.length; i++) if (minimatch(parts.slice(0, i).join('/'), glob, { dot: true })) return true;
  return false;
}

/**
 * Which cluster each manifest belongs to: the nearest `.kube-lb-reach.yaml` upward from it (up to
 * its root), then the first `clusters[]` entry whose `paths` match, else that file's `default`
 * cluster. Pure: the adapters find and read the config files and hand their texts in.
 */
export class ClusterScopes {
  private readonly configs = new Map<string, ConfigEntry>();
  private roots: ScopeRoots = { roots: [], rootsAreClusters: false };
  private readonly cache = new Map<string, FileScope>();

  /** `ruleIds`: the rules a config's `rules:` may name. */
  constructor(private readonly ruleIds: readonly string[]) {}

  setRoots(roots: ScopeRoots): void {
    this.roots = { roots: [...roots.roots], rootsAreClusters: roots.rootsAreClusters };
    this.cache.clear();
  }

  /** Reads a config file's text. Returns what it says, problems included; the last good config stays in force on an error. */
  setConfig(id: string, text: string): ParsedConfig {
    const parsed = parseConfigFile(text, this.ruleIds);
    this.configs.set(id, { parsed, good: parsed.config ?? this.configs.get(id)?.good });
    this.cache.clear();
    return parsed;
  }

  removeConfig(id: string): boolean {
    const had = this.configs.delete(id);
    if (had) this.cache.clear();
    return had;
  }

  config(id: string): ParsedConfig | undefined {
    return this.configs.get(id)?.parsed;
  }

  /** Whether the config file is used as it is on disk (false: broken, the last good one, if any, is in force). */
  inForce(id: string): ConfigFile | undefined {
    return this.configs.get(id)?.good;
  }

  get configIds(): string[] {
    return [...this.configs.keys()].sort();
  }

  scopeOf(fileId: string): FileScope {
    let scope = this.cache.get(fileId);
    if (!scope) this.cache.set(fileId, (scope = this.compute(fileId)));
    return scope;
  }

  private rootOf(fileId: string): string | undefined {
    let best: string | undefined;
    for (const root of this.roots.roots) if (isWithin(fileId, root) && (best === undefined || root.length > best.length)) best = root;
    return best;
  }

  /** The config file in force nearest above `fileId`, within its root. */
  private nearestConfig(fileId: string, root: string): { id: string; config: ConfigFile } | undefined {
    for (let dir = dirOf(fileId); isWithin(dir, root); dir = dirOf(dir)) {
      for (const name of CONFIG_FILE_NAMES) {
        const id = `${dir}/${name}`;
        const config = this.configs.get(id)?.good;
        if (config) return { id, config };
      }
      if (dir === root || dir === '') break;
    }
    return undefined;
  }

  private compute(fileId: string): FileScope {
    const root = this.rootOf(fileId);
    const found = root === undefined ? undefined : this.nearestConfig(fileId, root);
    if (!found) {
      const cluster = root !== undefined && this.roots.rootsAreClusters ? { key: root, name: root.slice(root.lastIndexOf('/') + 1) || root, configId: undefined, raw: {} } : RUN_CLUSTER;
      return { cluster, ignoredBy: undefined };
    }
    const relative = fileId.slice(dirOf(found.id).length + 1);
    const ignored = found.config.ignorePaths.find((p) => matches(relative, p));
    const entry = found.config.clusters.find((c) => c.paths.some((p) => matches(relative, p)));
    const cluster: ClusterRef = {
      key: `${found.id}#${entry?.name ?? 'default'}`,
      name: entry?.name ?? 'default',
      configId: found.id,
      raw: mergeRawSettings([found.config.raw, entry?.raw ?? {}]),
    };
    return { cluster, ignoredBy: ignored === undefined ? undefined : { configId: found.id, pattern: ignored } };
  }

  /** The `listenerFiles` globs of every config in force, with the folder they are relative to (the adapters find the files). */
  listenerFileGlobs(): { configId: string; folder: string; globs: readonly string[] }[] {
    return [...this.configs].flatMap(([id, entry]) => (entry.good && entry.good.listenerFiles.length > 0 ? [{ configId: id, folder: dirOf(id), globs: entry.good.listenerFiles }] : []));
  }
}

/** Whether `fileId` (relative to `folder`) matches one of `globs`: the adapters filter candidate listener files with it. */
export function matchesAny(fileId: string, folder: string, globs: readonly string[]): boolean {
  if (!isWithin(fileId, folder)) return false;
  const relative = fileId.slice(folder.length + 1);
  return globs.some((g) => matches(relative, g));
}
