import { createHash } from 'node:crypto';
import {
  DocumentDiagnosticReportKind,
  LSPErrorCodes,
  ResponseError,
  type CancellationToken,
  type Diagnostic,
  type DiagnosticServerCancellationData,
  type DocumentDiagnosticParams,
  type DocumentDiagnosticReport,
  type ResultProgressReporter,
  type WorkspaceDiagnosticParams,
  type WorkspaceDiagnosticReport,
  type WorkspaceDiagnosticReportPartialResult,
  type WorkspaceDocumentDiagnosticReport,
} from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import { fileStamp, isYamlPath } from '../node/files';
import { analyseClosedFile, WorkspaceWalk } from './closedFiles';
import { isConfigId } from './clusterSync';
import { type ServerContext } from './context';
import { guard } from './guard';
import { DEBOUNCE_MS } from './scheduler';
import { canonicalUri } from './uris';

/** Reports per partial result of `workspace/diagnostic`, so a large workspace shows up as it is read. */
const PARTIAL_RESULT_SIZE = 100;
/** An open document that keeps changing while it is analysed is left to the client's next pull. */
const MAX_ATTEMPTS = 3;

export interface PullHooks {
  /** An open manifest's diagnostics at its current version; undefined when it moved on meanwhile. */
  readonly openDiagnostics: (key: string) => Promise<{ readonly diagnostics: Diagnostic[] } | undefined>;
  /** Hands an open config document's text to the cluster scopes, so its problems are current. */
  readonly syncConfig: (key: string) => Promise<void>;
  readonly folders: () => readonly string[];
  readonly isInWorkspace: (key: string) => boolean;
}

/** The result id of a report: its content, so a report is `unchanged` exactly when nothing in it changed. */
function resultIdOf(items: readonly Diagnostic[]): string {
  return createHash('sha1').update(JSON.stringify(items)).digest('base64url').slice(0, 22);
}

interface ClosedEntry {
  /** The file's modification time and size when it was analysed. */
  readonly stamp: string;
  /** The file's invalidation count and the workspace-wide one then. */
  readonly invalidations: number;
  readonly everything: number;
  readonly items: Diagnostic[];
}

/**
 * LSP 3.17 pull diagnostics, for clients that declare `textDocument.diagnostic` (and can be asked
 * to pull again: `workspace.diagnostics.refreshSupport`). Nothing is published to such a client:
 * open documents are answered on `textDocument/diagnostic`, closed files of the workspace folders
 * (those "Lint workspace" reads) and the config and listener files' own problems on
 * `workspace/diagnostic`. When a change elsewhere (a file sharing a load balancer, a config or
 * listener file, the settings) may change an open document's findings, the client is sent
 * `workspace/diagnostic/refresh` instead of a publication.
 *
 * Every change that may change a report bumps `generation`; a workspace pull that finds it where
 * the previous answer left it waits for the next change (vscode-languageclient pulls again two
 * seconds after each answer: without the wait the workspace would be walked every two seconds).
 */
export class PullDiagnostics {
  private generation = 0;
  private answered = -1;
  /** Bumped when every file's findings may have changed (settings, config files, folders). */
  private everything = 0;
  private readonly invalidations = new Map<string, number>();
  private readonly closed = new Map<string, ClosedEntry>();
  /** Config and listener files' own problems (config-invalid, listener-file-invalid), open or not. */
  private readonly ownProblems = new Map<string, Diagnostic[]>();
  private waiters: (() => void)[] = [];
  private refreshTimer: NodeJS.Timeout | undefined;
  private disposed = false;
  /**
   * Until the first scan of the workspace is done, a workspace report would miss other files' load
   * balancers, and a refresh per file read would be a storm: the end of the scan refreshes once.
   */
  private scanDone = false;
  private readonly scanned: Promise<void>;
  private settleScan: () => void = () => undefined;

  constructor(
    private readonly ctx: ServerContext,
    private readonly hooks: PullHooks,
  ) {
    this.scanned = new Promise((resolve) => {
      this.settleScan = resolve;
    });
  }

  /** The first scan is done (or failed): every report may change, and the client is asked to pull again. */
  scanFinished(): void {
    this.scanDone = true;
    this.settleScan();
    this.invalidateAll();
  }

  /** Files whose findings may have changed: open ones are pulled again at once, closed ones at the next workspace pull. */
  invalidate(keys: Iterable<string>): void {
    let any = false;
    let open = false;
    for (const key of keys) {
      any = true;
      this.invalidations.set(key, (this.invalidations.get(key) ?? 0) + 1);
      open ||= this.ctx.document(key) !== undefined;
    }
    // Nothing named (a file read again as it was): no change, so a held workspace pull stays held.
    if (any) this.changed(open);
  }

  /** Settings, config files or workspace folders changed: every report may have. */
  invalidateAll(): void {
    this.everything++;
    this.changed(true);
  }

  /** A file changed on disk or a document was closed: the workspace report may have changed, no open document's. */
  workspaceChanged(): void {
    this.changed(false);
  }

  /** A config or listener file's own problems (what a push client gets published). */
  setOwnProblems(key: string, diagnostics: Diagnostic[]): void {
    if (diagnostics.length > 0) this.ownProblems.set(key, diagnostics);
    else this.ownProblems.delete(key);
    this.changed(this.ctx.document(key) !== undefined);
  }

  /** Shutdown: a held workspace pull is answered (empty), and no refresh is sent any more. */
  dispose(): void {
    this.disposed = true;
    clearTimeout(this.refreshTimer);
    this.wake();
  }

  private changed(refreshOpen: boolean): void {
    this.generation++;
    this.wake();
    if (refreshOpen) this.scheduleRefresh();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }

  /** One refresh for a burst of changes (a keystroke can affect many files). */
  private scheduleRefresh(): void {
    if (this.disposed || !this.scanDone || this.refreshTimer !== undefined) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      if (this.disposed) return;
      this.ctx.connection.languages.diagnostics.refresh().catch((error: unknown) => {
        this.ctx.log(`workspace/diagnostic/refresh failed: ${String(error)}`);
      });
    }, DEBOUNCE_MS);
  }

  register(): void {
    const { connection, lifecycle, log } = this.ctx;
    const empty: DocumentDiagnosticReport | undefined = { kind: DocumentDiagnosticReportKind.Full, items: [] };
    const onDocument = guard(log, 'textDocument/diagnostic', empty, (params: DocumentDiagnosticParams) => this.document(params));
    connection.languages.diagnostics.on(async (params) => {
      lifecycle.checkRequest();
      const report = await onDocument(params);
      // The document kept changing: the client pulls again (retrigger) rather than keep an old answer.
      if (report === undefined) throw new ResponseError<DiagnosticServerCancellationData>(LSPErrorCodes.ServerCancelled, 'the document changed while it was analysed', { retriggerRequest: true });
      return report;
    });
    const onWorkspace = guard(log, 'workspace/diagnostic', { items: [] }, (params: WorkspaceDiagnosticParams, token: CancellationToken, progress?: ResultProgressReporter<WorkspaceDiagnosticReportPartialResult>) => this.workspace(params, token, progress));
    connection.languages.diagnostics.onWorkspace(async (params, token, _workDone, resultProgress) => {
      lifecycle.checkRequest();
      return onWorkspace(params, token, resultProgress);
    });
  }

  private async document(params: DocumentDiagnosticParams): Promise<DocumentDiagnosticReport | undefined> {
    const key = canonicalUri(params.textDocument.uri);
    const items = await this.itemsOf(key);
    if (items === undefined) return undefined;
    const resultId = resultIdOf(items);
    return params.previousResultId === resultId ? { kind: DocumentDiagnosticReportKind.Unchanged, resultId } : { kind: DocumentDiagnosticReportKind.Full, resultId, items };
  }

  /** What a document's report holds now: open, its text's findings; closed, its disk copy's. */
  private async itemsOf(key: string): Promise<Diagnostic[] | undefined> {
    if (isConfigId(key)) {
      if (this.ctx.document(key)) await this.hooks.syncConfig(key);
      return this.ownProblems.get(key) ?? [];
    }
    for (let attempt = 0; attempt < MAX_ATTEMPTS && this.ctx.document(key); attempt++) {
      const computed = await this.hooks.openDiagnostics(key);
      if (computed) return computed.diagnostics;
    }
    if (this.ctx.document(key)) return undefined;
    return this.ownProblems.get(key) ?? (await this.closedItems(key)) ?? [];
  }

  /** A closed YAML file of the workspace, analysed from disk (again only when it or what it depends on changed). */
  private async closedItems(key: string): Promise<Diagnostic[] | undefined> {
    const uri = URI.parse(key);
    if (uri.scheme !== 'file' || !isYamlPath(uri.fsPath) || !this.hooks.isInWorkspace(key)) return [];
    const stamp = await fileStamp(uri.fsPath);
    if (stamp === undefined) {
      this.closed.delete(key);
      return [];
    }
    const invalidations = this.invalidations.get(key) ?? 0;
    const everything = this.everything;
    const cached = this.closed.get(key);
    if (cached?.stamp === stamp && cached.invalidations === invalidations && cached.everything === everything) return cached.items;
    const analysis = await analyseClosedFile(this.ctx, key, uri.fsPath, 'workspace diagnostics');
    if (analysis.kind === 'opened') return undefined;
    const items = analysis.kind === 'analysed' ? analysis.diagnostics : [];
    // What was counted before the read: a change during it makes the next pull read the file again.
    this.closed.set(key, { stamp, invalidations, everything, items });
    return items;
  }

  private async workspace(params: WorkspaceDiagnosticParams, token: CancellationToken, progress?: ResultProgressReporter<WorkspaceDiagnosticReportPartialResult>): Promise<WorkspaceDiagnosticReport> {
    const previous = new Map(params.previousResultIds.map((p) => [canonicalUri(p.uri), p.value]));
    await this.scanned;
    if (this.answered === this.generation) await this.nextChange(token);
    const stopped = (): boolean => token.isCancellationRequested || this.disposed;
    if (stopped()) return { items: [] };
    const generation = this.generation;
    const reported = new Set<string>();
    let items: WorkspaceDocumentDiagnosticReport[] = [];
    const add = (key: string, version: number | null, diagnostics: Diagnostic[]): void => {
      reported.add(key);
      const resultId = resultIdOf(diagnostics);
      const uri = this.ctx.spellings.of(key);
      items.push(previous.get(key) === resultId ? { kind: DocumentDiagnosticReportKind.Unchanged, uri, version, resultId } : { kind: DocumentDiagnosticReportKind.Full, uri, version, resultId, items: diagnostics });
      if (progress && items.length >= PARTIAL_RESULT_SIZE) {
        progress.report({ items });
        items = [];
      }
    };
    // Open documents too, at their version: VS Code pulls only the visible ones itself, and keeps
    // its own document pull's answer over this one for those.
    for (const key of [...this.ctx.openKeys()]) {
      const document = this.ctx.document(key);
      const diagnostics = document && (await this.itemsOf(key));
      if (document && diagnostics && this.ctx.document(key)?.version === document.version) add(key, document.version, diagnostics);
    }
    for (const [key, diagnostics] of this.ownProblems) if (!reported.has(key) && !this.ctx.document(key)) add(key, null, diagnostics);
    const walk = new WorkspaceWalk(this.ctx, 'workspace diagnostics', stopped);
    for await (const { key } of walk.files(this.hooks.folders())) {
      if (reported.has(key) || this.ctx.document(key) || isConfigId(key)) continue;
      const diagnostics = await this.closedItems(key);
      if (diagnostics !== undefined) add(key, null, diagnostics);
    }
    if (stopped()) return { items: [] };
    // Reported before and not found now (deleted, ignored, out of the workspace): cleared once, then unchanged.
    for (const key of previous.keys()) if (!reported.has(key) && !this.ctx.document(key)) add(key, null, []);
    this.answered = generation;
    return { items };
  }

  /** Resolves at the next change, at cancellation, or at shutdown. */
  private nextChange(token: CancellationToken): Promise<void> {
    return new Promise((resolve) => {
      const subscription = token.onCancellationRequested(() => {
        subscription.dispose();
        resolve();
      });
      this.waiters.push(() => {
        subscription.dispose();
        resolve();
      });
    });
  }
}
