import * as vscode from 'vscode';
import { type LanguageClient } from 'vscode-languageclient/node';
import { SETTINGS_IN_EFFECT, type SettingsInEffect, type SettingsInEffectParams } from '../../server/src/lsp/protocol';
import { isConfigFilePath, LatestAnswer, STATUS_BEFORE_ANSWER, statusView, type StatusView } from './statusView';

/** The server re-reads a config file after a short pause (its debounce): the status asks after that. */
const CONFIG_SETTLE_MS = 300;

/** The status item as the extension's API shows it (the extension-host tests read it there). */
export interface Status {
  /** What the item shows now. */
  view(): StatusView;
  /** Fires with the new view each time the text or detail changes. */
  readonly onDidChange: vscode.Event<StatusView>;
  dispose(): void;
}

/** The server's answer for one document (null: it has none, e.g. not a file it knows). */
export function askSettingsInEffect(client: LanguageClient, uri: vscode.Uri): Promise<SettingsInEffect | null> {
  const params: SettingsInEffectParams = { uri: client.code2ProtocolConverter.asUri(uri) };
  return client.sendRequest<SettingsInEffect | null>(SETTINGS_IN_EFFECT, params);
}

/**
 * The language status item: the cluster and settings the server uses for the active document, asked of the
 * server (which resolves and validates them), never re-derived here. `onSettingsSent` fires once the
 * server was told that our settings changed.
 */
export function createStatus(client: LanguageClient, onSettingsSent: vscode.Event<void>): Status {
  const status = vscode.languages.createLanguageStatusItem('kubeLbReach.status', { language: 'yaml' });
  status.name = 'Kube LB Reach';
  status.command = { title: 'Configure', command: 'workbench.action.openSettings', arguments: ['kubeLbReach'] };
  let shown = STATUS_BEFORE_ANSWER;
  const changed = new vscode.EventEmitter<StatusView>();
  const show = (view: StatusView): void => {
    status.text = view.text;
    status.detail = view.detail;
    if (view.text === shown.text && view.detail === shown.detail) return;
    shown = view;
    changed.fire(view);
  };
  show(STATUS_BEFORE_ANSWER);
  const latest = new LatestAnswer();
  let timer: NodeJS.Timeout | undefined;
  const configWatcher = vscode.workspace.createFileSystemWatcher('**/.kube-lb-reach.{yaml,yml}');
  const later = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => void refresh(), CONFIG_SETTLE_MS);
  };
  const refresh = async (): Promise<void> => {
    const uri = vscode.window.activeTextEditor?.document.uri;
    if (!uri || !client.isRunning()) return;
    try {
      // A later editor switch asked again meanwhile: its answer is the one to show.
      const inEffect = await latest.ask(() => askSettingsInEffect(client, uri));
      if (inEffect) show(statusView(inEffect));
    } catch {
      // The server restarting: the next event asks again.
    }
  };
  const subscriptions = [
    status,
    changed,
    vscode.window.onDidChangeActiveTextEditor(() => void refresh()),
    // Our settings changed and the server was told (settingsChanged.ts): it answers with the new ones.
    onSettingsSent(() => void refresh()),
    client.onDidChangeState(() => void refresh()),
    // A config file edited or changed on disk may change the cluster: ask once the server read it.
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (isConfigFilePath(event.document.uri.path)) later();
    }),
    configWatcher,
    configWatcher.onDidChange(later),
    configWatcher.onDidCreate(later),
    configWatcher.onDidDelete(later),
    { dispose: () => { clearTimeout(timer); } },
  ];
  void refresh();
  const disposable = vscode.Disposable.from(...subscriptions);
  return { view: () => shown, onDidChange: changed.event, dispose: () => { disposable.dispose(); } };
}
