import * as vscode from 'vscode';
import { type LanguageClient } from 'vscode-languageclient/node';
import { SETTINGS_IN_EFFECT, type SettingsInEffect, type SettingsInEffectParams } from '../../server/src/lsp/protocol';

/** The server re-reads a config file after a short pause (its debounce): the status asks after that. */
const CONFIG_SETTLE_MS = 300;
const isConfigFile = (uri: vscode.Uri): boolean => /(^|\/)\.kube-lb-reach\.ya?ml$/.test(uri.path);

/**
 * The language status item: the cluster and settings the server uses for the active document, asked of the
 * server (which resolves and validates them), never re-derived here.
 */
export function createStatus(client: LanguageClient): vscode.Disposable {
  const status = vscode.languages.createLanguageStatusItem('kubeLbReach.status', { language: 'yaml' });
  status.name = 'Kube LB Reach';
  status.text = 'Kube LB Reach';
  status.detail = 'The cluster, Kubernetes version and kube-proxy mode used for reachability';
  status.command = { title: 'Configure', command: 'workbench.action.openSettings', arguments: ['kubeLbReach'] };
  let asked = 0;
  let timer: NodeJS.Timeout | undefined;
  const configWatcher = vscode.workspace.createFileSystemWatcher('**/.kube-lb-reach.{yaml,yml}');
  const later = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => void refresh(), CONFIG_SETTLE_MS);
  };
  const refresh = async (): Promise<void> => {
    const uri = vscode.window.activeTextEditor?.document.uri;
    if (!uri || !client.isRunning()) return;
    const ticket = ++asked;
    try {
      const params: SettingsInEffectParams = { uri: client.code2ProtocolConverter.asUri(uri) };
      const inEffect = await client.sendRequest<SettingsInEffect | null>(SETTINGS_IN_EFFECT, params);
      // A later editor switch asked again meanwhile: its answer is the one to show.
      if (ticket === asked && inEffect) {
        status.text = inEffect.text;
        status.detail = inEffect.configFile === null ? 'no .kube-lb-reach.yaml: defaults and your settings' : `from ${inEffect.configFile} and your settings`;
      }
    } catch {
      // The server restarting: the next event asks again.
    }
  };
  const subscriptions = [
    status,
    vscode.window.onDidChangeActiveTextEditor(() => void refresh()),
    // The server pulls settings when they change; ask after it had the chance.
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('kubeLbReach')) void refresh();
    }),
    client.onDidChangeState(() => void refresh()),
    // A config file edited or changed on disk may change the cluster: ask once the server read it.
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (isConfigFile(event.document.uri)) later();
    }),
    configWatcher,
    configWatcher.onDidChange(later),
    configWatcher.onDidCreate(later),
    configWatcher.onDidDelete(later),
    { dispose: () => { clearTimeout(timer); } },
  ];
  void refresh();
  return vscode.Disposable.from(...subscriptions);
}
