import { FileChangeType, type FileEvent } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import { type LanguageService } from '../core';
import { isYamlPath, pathKind, readManifest, walkYamlFiles } from '../node/files';
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
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Keeps the language service's view of the files on disk: the scan of the workspace folders,
 * watched-file events (files and folders), and a closed document falling back to its disk copy.
 * Open documents always override the disk. All URIs here are canonical.
 */
export class WorkspaceSync {
  private folders: string[] = [];
  private readonly reads = new ReadTickets();

  constructor(
    private readonly service: LanguageService,
    private readonly hooks: SyncHooks,
  ) {}

  get workspaceFolders(): readonly string[] {
    return this.folders;
  }

  isInWorkspace(key: string): boolean {
    return isUnder(key, this.folders);
  }

  async addFolders(uris: readonly string[]): Promise<void> {
    const added = uris.map(canonicalUri);
    this.folders.push(...added);
    await this.scan(added);
  }

  removeFolders(uris: readonly string[]): void {
    for (const uri of uris.map(canonicalUri)) {
      this.folders = this.folders.filter((f) => f !== uri);
      this.reads.voidFolder(uri);
      this.hooks.republish(this.service.removeFolder(uri));
    }
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
        await this.indexFromDisk(URI.file(file).toString());
        count++;
        if (count % 20 === 0) await yieldToEventLoop();
      }
    }
    this.hooks.log(`indexed ${count} YAML files (${this.service.indexedFileCount} with reused load balancers) in ${Date.now() - started} ms`);
    return count;
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
    // Opened, read again or deleted (alone or with its folder) while it was read: what came later counts.
    if (!this.reads.finish(key, ticket) || this.hooks.isOpen(key)) return;
    if ('problem' in result) {
      if (result.problem !== 'file not found') this.hooks.log(`${key}: ${result.problem}`);
      this.hooks.republish(this.service.remove(key));
      return;
    }
    this.hooks.republish(this.service.update(key, result.text, { retain: false }));
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
        this.hooks.republish(this.service.remove(key));
        this.hooks.republish(this.service.removeFolder(key));
        continue;
      }
      const uri = URI.parse(key);
      if (uri.scheme !== 'file') continue;
      const kind = await pathKind(uri.fsPath);
      if (kind === 'folder' && change.type === FileChangeType.Created) await this.scan([key]);
      else if (kind === 'file' && isYamlPath(uri.fsPath)) await this.indexFromDisk(key);
      else if (kind === 'missing') {
        this.reads.voidFolder(key);
        this.hooks.republish(this.service.removeFolder(key));
      }
    }
  }

  /** A document was closed: its disk copy is what the workspace knows again, when it is part of the workspace. */
  async closed(key: string): Promise<void> {
    this.service.release(key);
    if (!this.isInWorkspace(key)) {
      // A file from outside the workspace (an old copy in Downloads) must not stay in the index for as long as the server runs.
      this.hooks.republish(this.service.remove(key));
      return;
    }
    await this.indexFromDisk(key);
  }
}
