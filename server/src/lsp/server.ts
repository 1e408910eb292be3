import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  TextDocumentSyncKind,
  WatchKind,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver';
import { LanguageService } from '../core';
import { ruleDocsLinks } from '../node/docsLink';
import { ChartValuesSync, type ChartTemplates } from './chartValues';
import { isConfigId } from './clusterSync';
import { type ClientFeatures, type ServerContext } from './context';
import { FIX_ALL_KIND, SOURCE } from './convert';
import { DiagnosticsPublisher } from './diagnostics';
import { OpenDocuments } from './documents';
import { registerFeatures } from './features';
import { guard } from './guard';
import { registerWorkspaceLint } from './lintWorkspace';
import { Lifecycle } from './lifecycle';
import { Debouncer } from './scheduler';
import { SettingsStore } from './settingsStore';
import { canonicalUri, UriSpellings } from './uris';
import { WorkspaceSync } from './workspaceSync';

export { FIX_ALL_KIND };

/** The pause after an edit of an open values.yaml before the chart's closed templates are read again. */
const CHART_REINDEX_MS = 300;

function clientFeatures(params: InitializeParams): ClientFeatures {
  const { workspace, textDocument } = params.capabilities;
  return {
    relatedInformation: textDocument?.publishDiagnostics?.relatedInformation === true,
    configurationRegistration: workspace?.didChangeConfiguration?.dynamicRegistration === true,
    workspaceFolderEvents: workspace?.workspaceFolders === true,
    watchedFilesRegistration: workspace?.didChangeWatchedFiles?.dynamicRegistration === true,
    versionedEdits: workspace?.workspaceEdit?.documentChanges === true,
    snippetEdits: workspace?.workspaceEdit?.snippetEditSupport === true,
  };
}

/** Wires the language service to one connection: document sync, workspace sync, diagnostics and the feature handlers. */
export function startServer(connection: Connection): void {
  const log = (message: string): void => {
    connection.console.log(message);
  };
  const documents = new OpenDocuments(log);
  const lifecycle = new Lifecycle();
  const service = new LanguageService();
  const spellings = new UriSpellings();
  const openByKey = new Map<string, string>();
  const debouncer = new Debouncer();
  let shuttingDown = false;
  let initialFolders: string[] = [];

  const openText = (key: string): string | undefined => {
    const uri = openByKey.get(key);
    return uri === undefined ? undefined : documents.get(uri)?.getText();
  };
  const ctx: ServerContext = {
    connection,
    lifecycle,
    service,
    settings: new SettingsStore(connection, log, false),
    spellings,
    charts: new ChartValuesSync(openText, log),
    client: { relatedInformation: false, configurationRegistration: false, workspaceFolderEvents: false, watchedFilesRegistration: false, versionedEdits: false, snippetEdits: false },
    log,
    openKeys: () => openByKey.keys(),
    document: (key) => {
      const uri = openByKey.get(key);
      return uri === undefined ? undefined : documents.get(uri);
    },
    republish: (keys) => {
      // An open config's own text is handled when it changes, not when the manifests are re-checked.
      for (const key of keys) if (openByKey.has(key) && !isConfigId(key)) debouncer.schedule(key, () => void publish(key), 0);
    },
    // Chosen at initialize: what this client can open (see node/docsLink.ts).
    docsLinks: ruleDocsLinks(undefined),
  };
  const isOpen = (key: string): boolean => openByKey.has(key);
  const sync = new WorkspaceSync(service, {
    isOpen,
    log,
    cancelled: () => shuttingDown,
    republish: (keys) => { ctx.republish(keys); },
    publish: async (key, diagnostics, version) => {
      await connection.sendDiagnostics({ uri: spellings.of(key), ...(version === undefined ? {} : { version }), diagnostics });
    },
    chartValues: (key) => ctx.charts.valuesForDiskFile(key),
  });
  /** Closed templates whose values.yaml changed are read from disk again, with the new defaults. */
  const reindex = guard(log, 'chart defaults', undefined, async (keys: readonly string[]) => {
    for (const key of keys) await sync.indexFromDisk(key);
  });
  /**
   * A values.yaml changed: its chart's open templates are re-published at once; the closed ones
   * are read again after a pause, so that typing in values.yaml does not read the chart each time.
   */
  const chartValuesChanged = (valuesKey: string, templates: ChartTemplates): void => {
    ctx.republish(templates.open);
    if (templates.disk.length > 0) debouncer.schedule(`chart-defaults ${valuesKey}`, () => void reindex(templates.disk), CHART_REINDEX_MS);
  };
  const clusters = sync.clusters;
  const publisher = new DiagnosticsPublisher(ctx);
  /** An open config document is the config, not a manifest: its text goes to the cluster scopes. */
  const publishConfig = async (key: string): Promise<void> => {
    const document = ctx.document(key);
    if (!document) return;
    await clusters.setConfig(key, document.getText(), document.version);
    await sync.configsChanged();
  };
  const publish = guard(log, 'publish diagnostics', undefined, (key: string) => (isConfigId(key) ? publishConfig(key) : publisher.publish(key)));

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    lifecycle.initialize();
    Object.assign(ctx.client, clientFeatures(params));
    ctx.settings.setClientSupportsConfiguration(params.capabilities.workspace?.configuration === true);
    ctx.settings.setGlobal(params.initializationOptions);
    ctx.docsLinks = ruleDocsLinks(params.initializationOptions);
    initialFolders = (params.workspaceFolders ?? []).map((f) => f.uri);
    // Older clients name only a root: still the workspace to scan.
    // eslint-disable-next-line @typescript-eslint/no-deprecated
    if (initialFolders.length === 0 && params.rootUri) initialFolders = [params.rootUri];
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        completionProvider: {},
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: SOURCE },
    };
  });

  connection.onInitialized(
    guard(log, 'initialized', undefined, async () => {
      lifecycle.initialized();
      // The pull model: the client tells us when kubeLbReach.* changes, we ask for the values.
      if (ctx.client.configurationRegistration) await connection.client.register(DidChangeConfigurationNotification.type, { section: 'kubeLbReach' });
      if (ctx.client.watchedFilesRegistration) {
        // YAML files as they change; and every path created or deleted, since a folder deleted or
        // renamed as a whole is reported only to a watcher whose glob matches the folder itself.
        await connection.client.register(DidChangeWatchedFilesNotification.type, {
          // JSON: the saved listener answers that config files name in `listenerFiles`.
          watchers: [{ globPattern: '**/*.{yaml,yml}' }, { globPattern: '**/*.json' }, { globPattern: '**/*', kind: WatchKind.Create | WatchKind.Delete }],
        });
      } else {
        log('the client does not watch files for us: changes on disk are seen when files are opened');
      }
      if (ctx.client.workspaceFolderEvents) {
        connection.workspace.onDidChangeWorkspaceFolders(
          guard(log, 'didChangeWorkspaceFolders', undefined, async (event) => {
            await sync.removeFolders(event.removed.map((f) => f.uri));
            await sync.addFolders(event.added.map((f) => f.uri));
            republishAll();
          }),
        );
      }
      await sync.addFolders(initialFolders);
      republishAll();
    }),
  );

  function republishAll(): void {
    ctx.republish(openByKey.keys());
  }

  connection.onDidChangeConfiguration(
    guard(log, 'didChangeConfiguration', undefined, (params) => {
      ctx.settings.setGlobal(params.settings);
      republishAll();
    }),
  );

  connection.onDidChangeWatchedFiles(
    guard(log, 'didChangeWatchedFiles', undefined, async (params) => {
      if (!lifecycle.accepting) return;
      // A values.yaml or Chart.yaml changed on disk: the open templates of that chart (an open values.yaml's text counts over the disk).
      for (const change of params.changes) {
        const key = canonicalUri(change.uri);
        const templates = await ctx.charts.diskChanged(key);
        ctx.republish(templates.open);
        await reindex(templates.disk);
      }
      await sync.onWatchedFiles(params.changes);
      await linter.refresh(params.changes.map((c) => canonicalUri(c.uri)), (key) => sync.isInWorkspace(key));
    }),
  );

  /** An open or changed document: analysed after a short pause, on its latest version. */
  const changed = (uri: string): void => {
    const key = spellings.remember(uri);
    openByKey.set(key, uri);
    linter.forget(key);
    debouncer.schedule(key, () => void publish(key));
    // An open values.yaml: the chart's open templates are analysed with its new text.
    chartValuesChanged(key, ctx.charts.editorChanged(key));
  };
  connection.onDidOpenTextDocument(
    guard(log, 'didOpen', undefined, (params: unknown) => {
      const document = lifecycle.accepting ? documents.open(params) : undefined;
      if (document) changed(document.uri);
    }),
  );
  connection.onDidChangeTextDocument(
    guard(log, 'didChange', undefined, (params: unknown) => {
      const document = lifecycle.accepting ? documents.change(params) : undefined;
      if (document) changed(document.uri);
    }),
  );
  connection.onDidCloseTextDocument(
    guard(log, 'didClose', undefined, async (params: unknown) => {
      const uri = lifecycle.accepting ? documents.close(params) : undefined;
      if (uri === undefined) return;
      const key = spellings.remember(uri);
      debouncer.cancel(key);
      openByKey.delete(key);
      publisher.forget(key);
      ctx.charts.forget(key);
      // A closed values.yaml: its disk copy is the chart's defaults again.
      chartValuesChanged(key, await ctx.charts.diskChanged(key));
      ctx.settings.forget(uri);
      // A config file's problems stay shown while it is closed (its disk copy is read again below).
      if (!isConfigId(key)) await connection.sendDiagnostics({ uri, diagnostics: [] });
      spellings.forget(key);
      await sync.closed(key);
      await linter.refresh([key], (other) => sync.isInWorkspace(other));
    }),
  );

  registerFeatures(ctx, publisher);
  const linter = registerWorkspaceLint(ctx, () => sync.workspaceFolders);

  connection.onShutdown(() => {
    lifecycle.checkRequest();
    lifecycle.shutdown();
    shuttingDown = true;
    debouncer.cancelAll();
  });

  connection.listen();
}
