import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import { CONFIG_FILE_NAMES, matchesAny, type LanguageService, type ParsedConfig } from '../core';
import { readManifest, walkFiles } from '../node/files';
import { SOURCE, toRange } from './convert';
import { ReadTickets } from './readTickets';
import { canonicalUri } from './uris';

/** The diagnostic codes of the files that are not manifests. */
export const CONFIG_INVALID = 'config-invalid';
export const LISTENER_FILE_INVALID = 'listener-file-invalid';

/** Bounds the search for listener files, as the workspace scan is bounded. */
const MAX_LISTENER_CANDIDATES = 50_000;

export interface ClusterSyncHooks {
  readonly isOpen: (key: string) => boolean;
  readonly log: (message: string) => void;
  readonly republish: (keys: Iterable<string>) => void;
  /** A config file changed what cluster, settings or ignorePaths any file has (closed files too, which `republish` does not name). */
  readonly scopesChanged?: () => void;
  /** Publishes diagnostics on a file that may not be open (a config or listener file). */
  readonly publish: (key: string, diagnostics: Diagnostic[], version?: number) => Promise<void>;
}

export function isConfigId(key: string): boolean {
  return (CONFIG_FILE_NAMES as readonly string[]).includes(key.slice(key.lastIndexOf('/') + 1));
}

/** A URI as the Output channel names it: the path of a local file. */
export function displayPath(key: string): string {
  const uri = URI.parse(key);
  return uri.scheme === 'file' ? uri.fsPath : key;
}

const isWithin = (key: string, folder: string): boolean => key.startsWith(folder.endsWith('/') ? folder : `${folder}/`);

/**
 * The files that say which cluster a manifest is in and what its load balancers really listen on:
 * `.kube-lb-reach.yaml` files (from disk, or from an open document, whose text counts over the
 * disk) and the listener files their `listenerFiles` globs name. Each change republishes the open
 * documents it affects at once; problems are diagnostics on the file itself, open or not.
 */
export class ClusterSync {
  private readonly reads = new ReadTickets();
  /** Configs that were valid once: while such a file is broken, its last good version stays in force. */
  private readonly hadGood = new Set<string>();
  /** The text last read of each config, so a republish of an unchanged open config changes nothing. */
  private readonly texts = new Map<string, string>();
  private readonly listenerFiles = new Set<string>();
  /** Files with diagnostics of ours on them, to clear them when fixed or gone. */
  private readonly withDiagnostics = new Set<string>();
  private refreshes = 0;
  /** The globs the listener files were last looked for with: while they stay, watched-file events keep the set current. */
  private lookedFor: string | undefined;

  constructor(
    private readonly service: LanguageService,
    private readonly hooks: ClusterSyncHooks,
  ) {}

  /** A config file's text (read from disk, or an open document's). */
  async setConfig(key: string, text: string, version?: number): Promise<void> {
    if (this.texts.get(key) === text && version === undefined) return;
    this.texts.set(key, text);
    const hadGood = this.hadGood.has(key);
    const { parsed, affected } = this.service.setConfig(key, text);
    if (parsed.config) this.hadGood.add(key);
    const broken = parsed.config === undefined;
    const errors = parsed.problems.filter((p) => p.severity === 'error').length;
    const consequence = !broken ? 'in force' : hadGood ? 'the last good version of it stays in force until this is fixed' : 'it is not used until this is fixed';
    this.hooks.log(`config file ${displayPath(key)}: ${broken ? `broken (${errors} error${errors === 1 ? '' : 's'}), ${consequence}` : consequence}`);
    for (const problem of parsed.problems) this.hooks.log(`  ${displayPath(key)}:${parsed.lineIndex.positionAt(problem.span.start).line + 1}: ${problem.message}`);
    await this.publishOn(key, configDiagnostics(parsed, consequence), version);
    this.hooks.scopesChanged?.();
    this.hooks.republish(affected);
  }

  /** Reads a config file from disk, unless it is open (then its document counts). */
  async configFromDisk(key: string): Promise<void> {
    if (this.hooks.isOpen(key)) return;
    const fsPath = URI.parse(key).fsPath;
    const ticket = this.reads.start(key);
    const read = await readManifest(fsPath);
    if (!this.reads.finish(key, ticket) || this.hooks.isOpen(key)) return;
    if ('text' in read) {
      await this.setConfig(key, read.text);
      return;
    }
    if (read.problem === 'file not found') {
      await this.removeConfig(key);
      return;
    }
    // Unreadable: whatever was read of it before stays in force, as for a broken file.
    this.hooks.log(`config file ${displayPath(key)}: ${read.problem}`);
    await this.publishOn(key, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: DiagnosticSeverity.Error, source: SOURCE, code: CONFIG_INVALID, message: `This config file cannot be read (${read.problem}).` }]);
  }

  async removeConfig(key: string): Promise<void> {
    this.reads.void(key);
    this.texts.delete(key);
    this.hadGood.delete(key);
    const affected = this.service.removeConfig(key);
    if (affected.size > 0) this.hooks.log(`config file ${displayPath(key)}: gone`);
    await this.publishOn(key, []);
    if (affected.size > 0) this.hooks.scopesChanged?.();
    this.hooks.republish(affected);
  }

  /** Whether a file is one of the listener files the configs in force name. */
  isListenerFile(key: string): boolean {
    return this.service.listenerFileGlobs().some((entry) => matchesAny(key, entry.folder, entry.globs));
  }

  async listenerFileFromDisk(key: string): Promise<void> {
    const ticket = this.reads.start(key);
    const read = await readManifest(URI.parse(key).fsPath);
    if (!this.reads.finish(key, ticket)) return;
    if (!('text' in read)) {
      if (read.problem === 'file not found') {
        await this.removeListenerFile(key);
        return;
      }
      this.listenerFiles.add(key);
      this.hooks.republish(this.service.removeListenerFile(key));
      await this.listenerProblems(key, [`cannot be read: ${read.problem}`]);
      return;
    }
    this.listenerFiles.add(key);
    const { lbIds, problems, affected } = this.service.setListenerFile(key, read.text);
    if (lbIds.length > 0) this.hooks.log(`listener file ${displayPath(key)}: listeners of ${lbIds.join(', ')}`);
    await this.listenerProblems(key, problems);
    this.hooks.republish(affected);
  }

  private async listenerProblems(key: string, problems: readonly string[]): Promise<void> {
    for (const problem of problems) this.hooks.log(`listener file ${displayPath(key)}: ${problem}`);
    const at = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    await this.publishOn(key, problems.map((problem) => ({ range: at, severity: DiagnosticSeverity.Warning, source: SOURCE, code: LISTENER_FILE_INVALID, message: `This listener file is not read whole: ${problem}` })));
  }

  async removeListenerFile(key: string): Promise<void> {
    this.reads.void(key);
    if (!this.listenerFiles.delete(key)) return;
    this.hooks.republish(this.service.removeListenerFile(key));
    await this.publishOn(key, []);
  }

  /**
   * Finds the files the `listenerFiles` globs of the configs in force match (after a scan, and
   * whenever the globs changed): new ones are read, ones no longer named are forgotten.
   */
  async refreshListenerFiles(force = false): Promise<void> {
    const entries = this.service.listenerFileGlobs();
    const signature = JSON.stringify(entries);
    if (!force && signature === this.lookedFor) return;
    this.lookedFor = signature;
    const refresh = ++this.refreshes;
    const wanted = new Set<string>();
    for (const entry of entries) {
      const folder = URI.parse(entry.folder);
      if (folder.scheme !== 'file') continue;
      let seen = 0;
      for await (const file of walkFiles(folder.fsPath, () => true, (path, message) => { this.hooks.log(`listener files: ${path}: ${message}`); })) {
        if (refresh !== this.refreshes) return;
        if (++seen > MAX_LISTENER_CANDIDATES) {
          this.hooks.log(`listener files: stopped looking under ${folder.fsPath} after ${MAX_LISTENER_CANDIDATES} files`);
          break;
        }
        const key = canonicalUri(URI.file(file).toString());
        if (matchesAny(key, entry.folder, entry.globs)) wanted.add(key);
      }
    }
    if (refresh !== this.refreshes) return;
    for (const key of [...this.listenerFiles]) if (!wanted.has(key)) await this.removeListenerFile(key);
    for (const key of wanted) if (!this.listenerFiles.has(key)) await this.listenerFileFromDisk(key);
  }

  /** A file or folder deleted: the configs and listener files it was or held go. Returns whether any did. */
  async deleted(key: string): Promise<boolean> {
    const configs = this.service.configIds.filter((id) => id === key || isWithin(id, key));
    const listeners = [...this.listenerFiles].filter((id) => id === key || isWithin(id, key));
    this.reads.voidFolder(key);
    for (const id of configs) await this.removeConfig(id);
    for (const id of listeners) await this.removeListenerFile(id);
    return configs.length > 0;
  }

  private async publishOn(key: string, diagnostics: Diagnostic[], version?: number): Promise<void> {
    if (diagnostics.length === 0 && !this.withDiagnostics.has(key) && version === undefined) return;
    if (diagnostics.length > 0) this.withDiagnostics.add(key);
    else this.withDiagnostics.delete(key);
    await this.hooks.publish(key, diagnostics, version);
  }
}

/** A config file's problems, with what follows from them (the last good version in force, or none). */
export function configDiagnostics(parsed: ParsedConfig, consequence: string): Diagnostic[] {
  return parsed.problems.map((problem) => ({
    range: toRange(parsed.lineIndex, problem.span),
    severity: problem.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    source: SOURCE,
    code: CONFIG_INVALID,
    message: problem.severity === 'error' ? `${problem.message} (${consequence[0]!.toUpperCase()}${consequence.slice(1)}.)` : problem.message,
  }));
}
