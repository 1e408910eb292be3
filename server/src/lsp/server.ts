import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  type Diagnostic,
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
import { PullDiagnostics } from './pullDiagnostics';
import { registerFeatures } from './features';
import { guard } from './guard';
import { registerWorkspaceLint } from './lintWorkspace';
import { Lifecycle } from './lifecycle';
import { WORKSPACE_TRUSTED } from './protocol';
import { renderedPort } from './renderedPort';
import { RenderSync, trustedFrom } from './renderSync';
import { Debouncer } from './scheduler';
import { SettingsStore } from './settingsStore';
import { canonicalUri, UriSpellings } from './uris';
import { WorkspaceSync } from './workspaceSync';

export { FIX_ALL_KIND };

/** The pause after an edit of an open values.yaml before the chart's closed templates are read again. */
const CHART_REINDEX_MS = 300;

function clientFeatures(params: InitializeParams): ClientFeatures {
  const { workspace, textDocument } = params.capabilities;
  const pulled = workspace?.diagnostics?.refreshSupport === true ? textDocument?.diagnostic : undefined;
  return {
    pullDiagnostics: pulled !== undefined,
    // Each path has its own capability for related information.
    relatedInformation: (pulled ? pulled.relatedInformation : textDocument?.publishDiagnostics?.relatedInformation) === true,
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
    client: { relatedInformation: false, configurationRegistration: false, workspaceFolderEvents: false, watchedFilesRegistration: false, versionedEdits: false, snippetEdits: false, pullDiagnostics: false },
    log,
    openKeys: () => openByKey.keys(),
    document: (key) => {
      const uri = openByKey.get(key);
      return uri === undefined ? undefined : documents.get(uri);
    },
    republish: (keys) => {
      const all = [...keys];
      // A pulling client is asked to pull again instead (and closed files count: the workspace report has them).
      // An open config's own text is handled when it changes, not when the manifests are re-checked.
      if (ctx.client.pullDiagnostics) pull.invalidate(all);
      else for (const key of all) if (openByKey.has(key) && !isConfigId(key)) debouncer.schedule(key, () => void publish(key), 0);
      // An overlay's render is no open document, but its findings may have changed too.
      renders.affected(all);
    },
    // Chosen at initialize: what this client can open (see node/docsLink.ts).
    docsLinks: ruleDocsLinks(undefined),
    extraDiagnostics: (key) => renders.diagnosticsOf(key),
    renderedOnly: (key) => renders.isRenderedSource(key),
    renderedFindings: (key) => renders.renderedFindingsOf(key),
  };
  const isOpen = (key: string): boolean => openByKey.has(key);
  const sync = new WorkspaceSync(service, {
    isOpen,
    log,
    cancelled: () => shuttingDown,
    republish: (keys) => { ctx.republish(keys); },
    scopesChanged: () => {
      if (ctx.client.pullDiagnostics) pull.invalidateAll();
    },
    publish: async (key, diagnostics, version) => {
      if (ctx.client.pullDiagnostics) pull.setOwnProblems(key, diagnostics);
      else await connection.sendDiagnostics({ uri: spellings.of(key), ...(version === undefined ? {} : { version }), diagnostics });
    },
    renderedOnly: (key): boolean => renders.isRenderedSource(key),
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
  // A closed file's rendered findings: published, or for a pulling client part of its next workspace report.
  const publishOn = async (key: string, diagnostics: Diagnostic[]): Promise<void> => {
    if (ctx.client.pullDiagnostics) pull.invalidate([key]);
    else await connection.sendDiagnostics({ uri: spellings.of(key), diagnostics });
  };
  const renders = new RenderSync(
    renderedPort(service, {
      settingsFor: async (id) => (await ctx.settings.inEffect(service, id, id)).settings,
      openText: (key) => ctx.document(key)?.getText(),
      docsLink: (ruleId) => ctx.docsLinks.diagnostic(ruleId),
      log,
    }),
    {
      log,
      folders: () => sync.workspaceFolders,
      configIds: () => service.configIds,
      configRaw: (id) => service.config(id)?.config?.raw,
      editorLayer: (folder) => ctx.settings.layer(folder),
      openText: (key) => ctx.document(key)?.getText(),
      openKeys: () => openByKey.keys(),
      isOpen,
      republish: (keys) => { ctx.republish(keys); },
      publish: publishOn,
      // As in the CLI, a render's files count only as rendered: a base and its rendered copy are one Service.
      // Shadowed, an open one keeps its parse (its own diagnostics, hover and fixes) out of the index,
      // opened later too; its cluster-wide findings are the render's, shown on it attributed.
      // The file itself is named too: a pulling client's workspace report of it changes from the
      // plain file's findings to the render's (or back), which remove and update do not list.
      sourcesChanged: async (added, released) => {
        for (const key of added) {
          const affected = service.setShadowed(key, true);
          ctx.republish([key, ...affected, ...(isOpen(key) ? [] : service.remove(key))]);
        }
        for (const key of released) {
          const affected = service.setShadowed(key, false);
          if (!isOpen(key)) await sync.indexFromDisk(key);
          ctx.republish([key, ...affected]);
        }
      },
    },
  );
  const refreshRenders = guard(log, 'render.kustomize', undefined, () => renders.refresh());
  const publisher = new DiagnosticsPublisher(ctx);
  /** An open config document is the config, not a manifest: its text goes to the cluster scopes. */
  const publishConfig = async (key: string): Promise<void> => {
    const document = ctx.document(key);
    if (!document) return;
    // A version makes the problems be published even when the text is what was read before; a
    // pulling client asks for them, so then only a changed text is read again.
    await clusters.setConfig(key, document.getText(), ctx.client.pullDiagnostics ? undefined : document.version);
    await sync.configsChanged();
    await refreshRenders();
  };
  // For a pulling client the pause only brings the service up to the text (so other files' changes
  // are found and refreshed); the client asks for the document's own diagnostics.
  const publish = guard(log, 'publish diagnostics', undefined, async (key: string): Promise<void> => {
    if (isConfigId(key)) await publishConfig(key);
    else if (ctx.client.pullDiagnostics) publisher.sync();
    else await publisher.publish(key);
  });
  const pull = new PullDiagnostics(ctx, {
    openDiagnostics: (key) => publisher.compute(key),
    syncConfig: publishConfig,
    folders: () => sync.workspaceFolders,
    isInWorkspace: (key) => sync.isInWorkspace(key),
  });
  // Installed before initialize, so that an early pull gets the life cycle's error; only a client
  // that declared pull diagnostics is told of them (diagnosticProvider) and sends them.
  pull.register();

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    lifecycle.initialize();
    Object.assign(ctx.client, clientFeatures(params));
    ctx.settings.setClientSupportsConfiguration(params.capabilities.workspace?.configuration === true);
    ctx.settings.setInitializationOptions(params.initializationOptions);
    ctx.docsLinks = ruleDocsLinks(params.initializationOptions);
    renders.setTrusted(trustedFrom(params.initializationOptions));
    initialFolders = (params.workspaceFolders ?? []).map((f) => f.uri);
    // Older clients name only a root: still the workspace to scan.
    // eslint-disable-next-line @typescript-eslint/no-deprecated
    if (initialFolders.length === 0 && params.rootUri) initialFolders = [params.rootUri];
    return {
      capabilities: {
        ...(ctx.client.pullDiagnostics ? { diagnosticProvider: { interFileDependencies: true, workspaceDiagnostics: true } } : {}),
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
      // A registration the client refuses costs only that registration: the scan (and, for a pulling
      // client, every workspace pull waiting for it) must go on.
      const register = async (what: string, registration: () => Promise<unknown>): Promise<void> => {
        try {
          await registration();
        } catch (error) {
          log(`the client refused the registration of ${what}: ${String(error)}`);
        }
      };
      if (ctx.client.configurationRegistration) await register('didChangeConfiguration', () => connection.client.register(DidChangeConfigurationNotification.type, { section: 'kubeLbReach' }));
      if (ctx.client.watchedFilesRegistration) {
        // YAML files as they change; and every path created or deleted, since a folder deleted or
        // renamed as a whole is reported only to a watcher whose glob matches the folder itself.
        await register('file watchers', () => connection.client.register(DidChangeWatchedFilesNotification.type, {
          // JSON: the saved listener answers that config files name in `listenerFiles`.
          watchers: [{ globPattern: '**/*.{yaml,yml}' }, { globPattern: '**/*.json' }, { globPattern: '**/*', kind: WatchKind.Create | WatchKind.Delete }],
        }));
      } else {
        log('the client does not watch files for us: changes on disk are seen when files are opened');
      }
      if (ctx.client.workspaceFolderEvents) {
        connection.workspace.onDidChangeWorkspaceFolders(
          guard(log, 'didChangeWorkspaceFolders', undefined, async (event) => {
            await sync.removeFolders(event.removed.map((f) => f.uri));
            await sync.addFolders(event.added.map((f) => f.uri));
            republishAll();
            await refreshRenders();
          }),
        );
      }
      try {
        await sync.addFolders(initialFolders);
      } finally {
        // For a pulling client this is the one refresh of the scan.
        if (ctx.client.pullDiagnostics) pull.scanFinished();
      }
      republishAll();
      await refreshRenders();
    }),
  );

  // The client says the workspace became trusted: the overlays may be rendered now.
  connection.onNotification(
    WORKSPACE_TRUSTED,
    guard(log, WORKSPACE_TRUSTED, undefined, async () => {
      if (!lifecycle.accepting || renders.isTrusted) return;
      renders.setTrusted(true);
      log('the workspace is trusted now: render.kustomize may run kubectl');
      await refreshRenders();
    }),
  );

  /** Settings, folders or the scan changed what every file is analysed with. */
  function republishAll(): void {
    if (ctx.client.pullDiagnostics) pull.invalidateAll();
    else ctx.republish(openByKey.keys());
  }

  connection.onDidChangeConfiguration(
    guard(log, 'didChangeConfiguration', undefined, async (params) => {
      ctx.settings.pushed(params.settings);
      republishAll();
      await refreshRenders();
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
      const keys = params.changes.map((c) => canonicalUri(c.uri));
      // A config file may name other overlays now; any file may be one an overlay reads.
      if (keys.some(isConfigId)) await refreshRenders();
      renders.changed(keys.filter((key) => !openByKey.has(key)));
      if (ctx.client.pullDiagnostics) pull.workspaceChanged();
      await linter.refresh(params.changes.map((c) => canonicalUri(c.uri)), (key) => sync.isInWorkspace(key));
    }),
  );

  /** An open or changed document: analysed after a short pause, on its latest version. */
  const changed = (uri: string): void => {
    const key = spellings.remember(uri);
    openByKey.set(key, uri);
    linter.forget(key);
    // The workspace report has the open documents VS Code does not pull itself (no visible editor).
    if (ctx.client.pullDiagnostics) pull.workspaceChanged();
    debouncer.schedule(key, () => void publish(key));
    // An open values.yaml: the chart's open templates are analysed with its new text.
    chartValuesChanged(key, ctx.charts.editorChanged(key));
  };
  /** A document's text changed in the editor (not merely opened): the overlays that read it render again. */
  const edited = (uri: string): void => {
    changed(uri);
    renders.changed([canonicalUri(uri)]);
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
      if (document) edited(document.uri);
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
      // A pulling client drops a closed document's report itself, and finds the file in the workspace report.
      if (!isConfigId(key) && !ctx.client.pullDiagnostics) await connection.sendDiagnostics({ uri, diagnostics: [] });
      spellings.forget(key);
      await sync.closed(key);
      // Its disk copy counts again, for the overlays too.
      renders.changed([key]);
      if (ctx.client.pullDiagnostics) pull.workspaceChanged();
      await linter.refresh([key], (other) => sync.isInWorkspace(other));
    }),
  );

  registerFeatures(ctx, publisher);
  // With pull, Lint workspace counts, and the client is asked to pull the workspace again.
  const linter = registerWorkspaceLint(ctx, () => sync.workspaceFolders, () => { pull.invalidateAll(); });

  connection.onShutdown(() => {
    lifecycle.checkRequest();
    lifecycle.shutdown();
    shuttingDown = true;
    debouncer.cancelAll();
    renders.stop();
    pull.dispose();
  });

  connection.listen();
}
