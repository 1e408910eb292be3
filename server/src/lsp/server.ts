import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  TextDocumentSyncKind,
  TextDocuments,
  type CodeAction,
  type CodeActionParams,
  type Connection,
  type Hover,
  type HoverParams,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeFile, distinctFixes, fixAllEdits, hoverAt, WorkspaceIndex, type Finding } from '../core';
import { docsLink } from '../node/docsLink';
import { isDiagnosticData, overlaps, SOURCE, toDiagnostic, toOffset, toQuickFix, toRange, toTextEdits } from './convert';
import { DocumentStore } from './documentStore';
import { guard, reportFailure } from './guard';
import { SettingsStore } from './settingsStore';
import { indexFileFromDisk, scanFolders } from './workspaceScan';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.${SOURCE}`;
/** A short pause after a keystroke so a burst of changes is analysed once, on its last version. */
const DEBOUNCE_MS = 40;

export function startServer(connection: Connection): void {
  const log = (message: string): void => {
    connection.console.log(message);
  };
  const documents = new TextDocuments(TextDocument);
  const store = new DocumentStore();
  const index = new WorkspaceIndex();
  const settings = new SettingsStore(connection, log, false);
  const timers = new Map<string, NodeJS.Timeout>();
  const failedRules = new Set<string>();
  /** Open documents whose text is not (fully) analysed: said once in the log, not on every keystroke. */
  const skippedLogged = new Set<string>();
  let relatedInformation = false;
  let configurationRegistration = false;
  let workspaceFolderEvents = false;
  let folders: string[] = [];
  let shuttingDown = false;

  async function analysisOf(document: TextDocument): Promise<readonly Finding[]> {
    const cached = store.findings(document);
    if (cached) return cached;
    const parsed = store.parsed(document);
    if (!parsed.skippedReason) skippedLogged.delete(document.uri);
    else if (!skippedLogged.has(document.uri)) {
      skippedLogged.add(document.uri);
      log(`${document.uri}: ${parsed.skippedReason}`);
    }
    const analysis = analyzeFile(document.uri, parsed, index, await settings.get(document.uri));
    for (const failure of analysis.failures) {
      if (failedRules.has(failure.ruleId)) continue;
      failedRules.add(failure.ruleId);
      reportFailure(log, 'rule', failure.ruleId, failure.error);
    }
    store.setFindings(document, analysis.findings);
    return analysis.findings;
  }

  async function publish(uri: string): Promise<void> {
    const document = documents.get(uri);
    if (!document) return;
    const findings = await analysisOf(document);
    // A newer version arrived while settings were fetched: its own run publishes.
    if (documents.get(uri)?.version !== document.version) return;
    const lines = store.parsed(document).lineIndex;
    const diagnostics = findings.map((f) => toDiagnostic(f, lines, (other) => (other === uri ? lines : index.lineIndexOf(other)), docsLink, relatedInformation));
    await connection.sendDiagnostics({ uri, version: document.version, diagnostics });
  }

  /** Re-publishes open documents that share a CLB id with a change (their parse is reused). */
  function republishSharing(clbIds: Set<string>, except?: string): void {
    for (const uri of index.urisReusing(clbIds)) {
      const document = uri === except ? undefined : documents.get(uri);
      if (!document) continue;
      store.invalidateFindings(document.uri);
      void guarded.publish(uri);
    }
  }

  function republishAll(): void {
    for (const document of documents.all()) {
      store.invalidateFindings(document.uri);
      void guarded.publish(document.uri);
    }
  }

  async function validate(uri: string): Promise<void> {
    const document = documents.get(uri);
    if (!document) return;
    const changed = index.update(uri, store.parsed(document));
    // Findings a request computed for this version before the index had it (a code action between
    // the keystroke and this run) are stale now.
    store.invalidateFindings(uri);
    await publish(uri);
    republishSharing(changed, uri);
  }

  const guarded = {
    publish: guard(log, 'publish diagnostics', undefined, publish),
    validate: guard(log, 'validate', undefined, validate),
  };

  function schedule(uri: string): void {
    clearTimeout(timers.get(uri));
    timers.set(
      uri,
      setTimeout(() => {
        timers.delete(uri);
        void guarded.validate(uri);
      }, DEBOUNCE_MS),
    );
  }

  /** Indexes the YAML files under `roots`, then re-publishes every open document with complete cross-file knowledge. */
  async function scan(roots: readonly string[]): Promise<void> {
    const started = Date.now();
    const count = await scanFolders(index, roots, { isOpen: (uri) => documents.get(uri) !== undefined, log, cancelled: () => shuttingDown });
    log(`indexed ${count} YAML files (${index.fileCount} with reused CLBs) in ${Date.now() - started} ms`);
    republishAll();
  }

  connection.onInitialize(
    (params: InitializeParams): InitializeResult => {
      const capabilities = params.capabilities;
      settings.setClientSupportsConfiguration(capabilities.workspace?.configuration === true);
      settings.setGlobal(params.initializationOptions);
      relatedInformation = capabilities.textDocument?.publishDiagnostics?.relatedInformation === true;
      configurationRegistration = capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true;
      workspaceFolderEvents = capabilities.workspace?.workspaceFolders === true;
      folders = (params.workspaceFolders ?? []).map((f) => f.uri);
      // Older clients name only a root: still the workspace to scan.
      // eslint-disable-next-line @typescript-eslint/no-deprecated
      if (folders.length === 0 && params.rootUri) folders = [params.rootUri];
      return {
        capabilities: {
          textDocumentSync: TextDocumentSyncKind.Incremental,
          hoverProvider: true,
          codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
          workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
        },
        serverInfo: { name: SOURCE },
      };
    },
  );

  connection.onInitialized(
    guard(log, 'initialized', undefined, async () => {
      // The pull model: the client tells us when kubeLbReach.* changes, we ask for the values.
      if (configurationRegistration) await connection.client.register(DidChangeConfigurationNotification.type, { section: 'kubeLbReach' });
      try {
        await connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.{yaml,yml}' }] });
      } catch {
        log('the client does not watch files for us: changes on disk are seen when files are opened');
      }
      if (workspaceFolderEvents) {
        // Folders added or removed later are scanned or forgotten as a whole.
        connection.workspace.onDidChangeWorkspaceFolders(
          guard(log, 'didChangeWorkspaceFolders', undefined, async (event) => {
            for (const removed of event.removed) index.removeFolder(removed.uri);
            await scan(event.added.map((f) => f.uri));
          }),
        );
      }
      await scan(folders);
    }),
  );

  connection.onDidChangeConfiguration(
    guard(log, 'didChangeConfiguration', undefined, (params) => {
      settings.setGlobal(params.settings);
      republishAll();
    }),
  );

  connection.onDidChangeWatchedFiles(
    guard(log, 'didChangeWatchedFiles', undefined, async (params) => {
      const changed = new Set<string>();
      for (const change of params.changes) {
        if (documents.get(change.uri)) continue;
        // A deleted folder comes as one event for the folder itself: forget the files below it too.
        const ids =
          change.type === FileChangeType.Deleted
            ? new Set([...index.remove(change.uri), ...index.removeFolder(change.uri)])
            : await indexFileFromDisk(index, change.uri, { isOpen: (uri) => documents.get(uri) !== undefined });
        for (const id of ids) changed.add(id);
      }
      republishSharing(changed);
    }),
  );

  documents.onDidChangeContent((event) => {
    schedule(event.document.uri);
  });
  documents.onDidClose(
    guard(log, 'didClose', undefined, async (event) => {
      const uri = event.document.uri;
      clearTimeout(timers.get(uri));
      timers.delete(uri);
      store.delete(uri);
      skippedLogged.delete(uri);
      settings.forget(uri);
      await connection.sendDiagnostics({ uri, diagnostics: [] });
      // The disk's version of the file is what the workspace knows again.
      const changed = await indexFileFromDisk(index, uri, { isOpen: () => false });
      republishSharing(changed);
    }),
  );

  connection.onHover(
    guard(log, 'hover', null, async (params: HoverParams): Promise<Hover | null> => {
      const document = documents.get(params.textDocument.uri);
      if (!document) return null;
      const parsed = store.parsed(document);
      const result = hoverAt(parsed, toOffset(parsed.lineIndex, params.position), index, await settings.get(document.uri), docsLink);
      if (!result) return null;
      return { contents: { kind: 'markdown', value: result.markdown }, range: toRange(parsed.lineIndex, result.span) };
    }),
  );

  connection.onCodeAction(
    guard(log, 'codeAction', [] as CodeAction[], async (params: CodeActionParams): Promise<CodeAction[]> => {
      const document = documents.get(params.textDocument.uri);
      if (!document) return [];
      const uri = document.uri;
      const findings = await analysisOf(document);
      const lines = store.parsed(document).lineIndex;
      const only = params.context.only;
      const wants = (kind: string): boolean => !only || only.some((k) => kind === k || kind.startsWith(`${k}.`));
      const actions: CodeAction[] = [];
      if (wants(CodeActionKind.QuickFix)) {
        for (const diagnostic of params.context.diagnostics) {
          if (diagnostic.source !== SOURCE) continue;
          const data = isDiagnosticData(diagnostic.data) ? diagnostic.data : undefined;
          // By code and data, and still where the diagnostic stands: a diagnostic of an older
          // version must not receive the fix of whatever Service took its document index since.
          const matching = findings.filter(
            (f) => f.ruleId === diagnostic.code && (data === undefined || f.data.documentIndex === data.documentIndex) && overlaps(toRange(lines, f.span), diagnostic.range),
          );
          for (const fix of distinctFixes(matching)) actions.push(toQuickFix(uri, lines, fix, [diagnostic]));
        }
      }
      if (only && wants(FIX_ALL_KIND)) {
        const edits = fixAllEdits(findings);
        if (edits.length > 0) {
          actions.push({ title: 'Fix all kube-lb-reach problems', kind: FIX_ALL_KIND, edit: { changes: { [uri]: toTextEdits(lines, { edits }) } } });
        }
      }
      return actions;
    }),
  );

  connection.onShutdown(() => {
    shuttingDown = true;
    for (const timer of timers.values()) clearTimeout(timer);
  });

  documents.listen(connection);
  connection.listen();
}
