import { FileChangeType, type FileEvent } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import { type HelmValues, type LanguageService } from '../core';
import { isYamlPath, pathKind, readManifest, walkYamlFiles } from '../node/files';
import { ClusterSync, displayPath, isConfigId, type ClusterSyncHooks } from './clusterSync';
import { ReadTickets } from './readTickets';
import { canonicalUri, isUnder } from './uris';

/** Bounds the background scan: a huge monorepo must not make the server crawl forever. */
export const MAX_SCANNED_FILES = 50_000;

export interface SyncHooks {
  readonly isOpen: (key: string) => boolean;
  readonly log: (message: string) => void;
  readonly cancelled: () => boolean;
  /** Open documents whose findings a change on disk may have changed. */
  readonly republish: (keys: Iterable<string>) => void;
  /** Publishes diagnostics on a config or listener file, open or not (default: none are published). */
  readonly publish?: ClusterSyncHooks['publish'];
  /** A file an overlay's render is made of: analysed only as rendered, so its disk copy stays out of the index. */
  readonly renderedOnly?: (key: string) => boolean;
  readonly scopesChanged?: ClusterSyncHooks['scopesChanged'];
  /** A Helm template's chart defaults (its values.yaml), for a file read from disk (default: none). */
  readonly chartValues?: (key: string) => Promise<HelmValues | undefined>;
}

/** Lets requests be answered between files of a long walk (the scan, Lint workspace). */
export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Keeps the language service's view of the files on disk: the scan of the workspace folders,
 * watched-file events (files and folders), and a closed document falling back to its disk copy.
 * Open documents always override the disk. All URIs here are canonical.
 */
export class WorkspaceSync {
  private folders: string[] = [];
  private readonly reads = new ReadTickets();
  /** Files read from disk, to say which of them the configs' `ignorePaths` skip (once each). */
  private readonly diskFiles = new Set<string>();
  private readonly toldIgnored = new Map<string, string>();
  /** The config files and the listener files they name. */
  readonly clusters: ClusterSync;

  constructor(
    private readonly service: LanguageService,
    private readonly hooks: SyncHooks,
  ) {
    this.clusters = new ClusterSync(service, { ...hooks, publish: hooks.publish ?? (() => Promise.resolve()) });
  }

  get workspaceFolders(): readonly string[] {
    return this.folders;
  }

  isInWorkspace(key: string): boolean {
    return isUnder(key, this.folders);
  }

  async addFolders(uris: readonly string[]): Promise<void> {
    const added = uris.map(canonicalUri);
    this.folders.push(...added);
    this.setRoots();
    await this.scan(added);
  }

  /** Config files are searched up to the workspace folders, and without one each folder is a cluster. */
  private setRoots(): void {
    this.hooks.republish(this.service.setRoots({ roots: this.folders, rootsAreClusters: true }));
  }

  async removeFolders(uris: readonly string[]): Promise<void> {
    for (const uri of uris.map(canonicalUri)) {
      this.folders = this.folders.filter((f) => f !== uri);
      this.reads.voidFolder(uri);
      this.forgetDiskFiles(uri);
      this.hooks.republish(this.service.removeFolder(uri));
      await this.clusters.deleted(uri);
    }
    this.setRoots();
    await this.clusters.refreshListenerFiles();
  }

  private forgetDiskFiles(folder: string): void {
    for (const key of [...this.diskFiles]) if (key === folder || isUnder(key, [folder])) this.diskFiles.delete(key);
  }

  /** Indexes the YAML files under `roots`, yielding to the event loop so requests are answered. */
  async scan(roots: readonly string[]): Promise<number> {
    let count = 0;
    const started = Date.now();
    for (const folder of roots) {
      const root = URI.parse(folder);
      if (root.scheme !== 'file') continue;
      for await (const file of walkYamlFiles(root.fsPath, (path, message) => { this.hooks.log(`scan: ${path}: ${message}`); })) {
        if (this.hooks.cancelled()) return count;
        if (count >= MAX_SCANNED_FILES) {
          this.hooks.log(`scan: stopped after ${MAX_SCANNED_FILES} files`);
          return count;
        }
        const key = canonicalUri(URI.file(file).toString());
        if (isConfigId(key)) await this.clusters.configFromDisk(key);
        else await this.indexFromDisk(key);
        count++;
        if (count % 20 === 0) await yieldToEventLoop();
      }
    }
    this.logConfigsFound();
    await this.clusters.refreshListenerFiles(true);
    this.logIgnored();
    this.hooks.log(`indexed ${count} YAML files (${this.service.indexedFileCount} with reused load balancers) in ${Date.now() - started} ms`);
    return count;
  }

  private logConfigsFound(): void {
    const ids = this.service.configIds;
    this.hooks.log(ids.length === 0 ? 'no config file (.kube-lb-reach.yaml) found: each workspace folder is one cluster' : `config files: ${ids.map((id) => `${displayPath(id)}${this.service.config(id)?.config ? '' : ' (broken)'}`).join(', ')}`);
  }

  /** Each file on disk that an `ignorePaths` glob skips, said once (again when the reason changes). */
  logIgnored(): void {
    for (const key of this.diskFiles) {
      const ignoredBy = this.service.scopeOf(key).ignoredBy;
      const reason = ignoredBy ? `ignored: it matches ignorePaths "${ignoredBy.pattern}" of ${displayPath(ignoredBy.configId)}` : undefined;
      if (reason === undefined) this.toldIgnored.delete(key);
      else if (this.toldIgnored.get(key) !== reason) {
        this.toldIgnored.set(key, reason);
        this.hooks.log(`skipped ${displayPath(key)}: ${reason}`);
      }
    }
  }

  /** After a config file changed: the listener files it names, and the files it skips. */
  async configsChanged(): Promise<void> {
    await this.clusters.refreshListenerFiles();
    this.logIgnored();
  }

  /** Reads one file on disk into the index (unless it is open: open documents override the disk). */
  async indexFromDisk(key: string): Promise<void> {
    if (this.hooks.isOpen(key)) return;
    // Only `file:` URIs have a disk version: the fsPath of `untitled:Untitled-1` is a relative path.
    const parsed = URI.parse(key);
    if (parsed.scheme !== 'file') {
      this.hooks.republish(this.service.remove(key));
      return;
    }
    const ticket = this.reads.start(key);
    const result = await readManifest(parsed.fsPath);
    const helmValues = 'problem' in result ? undefined : await this.hooks.chartValues?.(key);
    // Opened, read again or deleted (alone or with its folder) while it was read: what came later counts.
    if (!this.reads.finish(key, ticket) || this.hooks.isOpen(key)) return;
    if (this.hooks.renderedOnly?.(key) === true) {
      this.hooks.republish(this.service.remove(key));
      return;
    }
    if ('problem' in result) {
      if (result.problem === 'file not found') this.diskFiles.delete(key);
      else this.hooks.log(`skipped ${displayPath(key)}: ${result.problem}`);
      this.hooks.republish(this.service.remove(key));
      return;
    }
    this.diskFiles.add(key);
    this.hooks.republish(this.service.update(key, result.text, { retain: false, ...(helmValues ? { helmValues } : {}) }));
  }

  /**
   * File and folder events. VS Code reports a deleted or renamed folder only to a watcher whose
   * glob matches the folder itself, so the server watches `**` for creations and deletions too.
   */
  async onWatchedFiles(changes: readonly FileEvent[]): Promise<void> {
    const seen = new Set<string>();
    for (const change of changes) {
      const key = canonicalUri(change.uri);
      // Only files of the workspace folders are read, whatever a client (or anyone speaking for it) names.
      if (seen.has(`${key}\u0000${change.type}`) || this.hooks.isOpen(key) || !this.isInWorkspace(key)) continue;
      seen.add(`${key}\u0000${change.type}`);
      if (change.type === FileChangeType.Deleted) {
        this.reads.void(key);
        this.reads.voidFolder(key);
        this.diskFiles.delete(key);
        this.forgetDiskFiles(key);
        this.hooks.republish(this.service.remove(key));
        this.hooks.republish(this.service.removeFolder(key));
        if (await this.clusters.deleted(key)) await this.configsChanged();
        continue;
      }
      const uri = URI.parse(key);
      if (uri.scheme !== 'file') continue;
      const kind = await pathKind(uri.fsPath);
      if (kind === 'folder' && change.type === FileChangeType.Created) await this.scan([key]);
      else if (kind === 'file' && isConfigId(key)) {
        await this.clusters.configFromDisk(key);
        await this.configsChanged();
      } else if (kind === 'file' && this.clusters.isListenerFile(key)) await this.clusters.listenerFileFromDisk(key);
      else if (kind === 'file' && isYamlPath(uri.fsPath)) await this.indexFromDisk(key);
      else if (kind === 'missing') {
        this.reads.voidFolder(key);
        this.forgetDiskFiles(key);
        this.hooks.republish(this.service.removeFolder(key));
        if (await this.clusters.deleted(key)) await this.configsChanged();
      }
    }
  }

  /** A document was closed: its disk copy is what the workspace knows again, when it is part of the workspace. */
  async closed(key: string): Promise<void> {
    if (isConfigId(key)) {
      // Its text on disk counts again: its problems stay shown, now for the disk's version.
      if (this.isInWorkspace(key)) await this.clusters.configFromDisk(key);
      else await this.clusters.removeConfig(key);
      await this.configsChanged();
      return;
    }
    this.service.release(key);
    if (!this.isInWorkspace(key)) {
      // A file from outside the workspace (an old copy in Downloads) must not stay in the index for as long as the server runs.
      this.hooks.republish(this.service.remove(key));
      return;
    }
    await this.indexFromDisk(key);
  }
}
