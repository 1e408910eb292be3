import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { KubeLbReachApi } from '../../../client/src/api';
import type { StatusView } from '../../../client/src/statusView';

/**
 * Which settings the server uses for a file, and what the status item shows: the workspace's
 * .kube-lb-reach.yaml gives cluster blue (svc-http.yaml) Kubernetes 1.32 and cluster green
 * (svc-https.yaml) 1.31, both unlike the default 1.34. A value set explicitly in the editor beats the
 * config file; one not set leaves it in force (the client's middleware sends no defaults).
 */
const EXTENSION_ID = 'kube-lb-reach.kube-lb-reach';
const SECTION = 'kubeLbReach';
/** Long enough for a server round trip on a loaded machine; a wait past it is a failure, not a hang. */
const WAIT_MS = 15_000;

function folder(): vscode.WorkspaceFolder {
  const first = vscode.workspace.workspaceFolders?.[0];
  assert.ok(first, 'the suite runs in a workspace folder');
  return first;
}

/** Resolves when the status item shows `text`, checking what it shows now first. */
function statusShows(api: KubeLbReachApi, text: string): Promise<StatusView> {
  const now = api.statusView();
  if (now.text === text) return Promise.resolve(now);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`the status item shows "${api.statusView().text}", not "${text}", after ${WAIT_MS} ms`));
    }, WAIT_MS);
    const subscription = api.onDidChangeStatus((view) => {
      if (view.text !== text) return;
      clearTimeout(timer);
      subscription.dispose();
      resolve(view);
    });
  });
}

/** Sets (or, with undefined, removes) `kubeLbReach.kubernetesVersion` at one level, resolving once VS Code announced the change. */
async function setVersion(value: string | undefined, target: vscode.ConfigurationTarget): Promise<void> {
  const configuration = vscode.workspace.getConfiguration(SECTION, folder().uri);
  const inspected = configuration.inspect('kubernetesVersion');
  // In a single-folder workspace, the folder's settings are the workspace's.
  const current = target === vscode.ConfigurationTarget.Global ? inspected?.globalValue : (inspected?.workspaceFolderValue ?? inspected?.workspaceValue);
  // Unchanged, VS Code announces nothing.
  if (current === value) return;
  const announced = new Promise<void>((resolve) => {
    const subscription = vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration(`${SECTION}.kubernetesVersion`, folder().uri)) return;
      subscription.dispose();
      resolve();
    });
  });
  await configuration.update('kubernetesVersion', value, target);
  await announced;
}

describe('settings in effect and the status item', () => {
  let api: KubeLbReachApi;
  let http: vscode.Uri;
  let https: vscode.Uri;
  let configFile: string;

  before(async () => {
    const extension = vscode.extensions.getExtension<KubeLbReachApi>(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is loaded`);
    api = await extension.activate();
    http = vscode.Uri.joinPath(folder().uri, 'svc-http.yaml');
    https = vscode.Uri.joinPath(folder().uri, 'svc-https.yaml');
    configFile = path.join(folder().uri.fsPath, '.kube-lb-reach.yaml');
    // The cases below would pass for the wrong reason if the default were one of the config file's versions.
    assert.equal(vscode.workspace.getConfiguration(SECTION, http).inspect('kubernetesVersion')?.defaultValue, '1.34');
  });

  after(async () => {
    await setVersion(undefined, vscode.ConfigurationTarget.WorkspaceFolder);
    await setVersion(undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('nothing set in the editor: each file gets its cluster\'s version from the config file, not the default', async () => {
    assert.deepEqual(await api.settingsInEffect(http), {
      text: 'cluster blue · k8s 1.32 · kube-proxy ipvs',
      kubernetesVersion: '1.32',
      kubeProxyMode: 'ipvs',
      cluster: 'blue',
      configFile,
    });
    const green = await api.settingsInEffect(https);
    assert.deepEqual([green?.cluster, green?.kubernetesVersion], ['green', '1.31']);
  });

  it('a folder setting beats the config file, the user setting beneath it; removed, the config file holds again', async () => {
    await vscode.window.showTextDocument(http);
    await statusShows(api, 'cluster blue · k8s 1.32 · kube-proxy ipvs');
    // Each step waits for the status item first: it asks once the server was told of the change, so
    // the request after it is answered with the new settings too.
    const step = async (value: string | undefined, target: vscode.ConfigurationTarget, version: string): Promise<void> => {
      await setVersion(value, target);
      await statusShows(api, `cluster blue · k8s ${version} · kube-proxy ipvs`);
      assert.equal((await api.settingsInEffect(http))?.kubernetesVersion, version);
    };
    try {
      await step('1.29', vscode.ConfigurationTarget.Global, '1.29');
      await step('1.30', vscode.ConfigurationTarget.WorkspaceFolder, '1.30');
      // The explicit value is the editor's for every file: cluster green's 1.31 gives way too.
      assert.equal((await api.settingsInEffect(https))?.kubernetesVersion, '1.30');
      await step(undefined, vscode.ConfigurationTarget.WorkspaceFolder, '1.29');
      await step(undefined, vscode.ConfigurationTarget.Global, '1.32');
      assert.equal((await api.settingsInEffect(https))?.kubernetesVersion, '1.31');
    } finally {
      await setVersion(undefined, vscode.ConfigurationTarget.WorkspaceFolder);
      await setVersion(undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('the status item follows the active editor to a file of another cluster, and back', async () => {
    await vscode.window.showTextDocument(http);
    const blue = await statusShows(api, 'cluster blue · k8s 1.32 · kube-proxy ipvs');
    assert.equal(blue.detail, `from ${configFile} and your settings`);
    await vscode.window.showTextDocument(https);
    const green = await statusShows(api, 'cluster green · k8s 1.31 · kube-proxy ipvs');
    assert.equal(green.detail, `from ${configFile} and your settings`);
    await vscode.window.showTextDocument(http);
    await statusShows(api, 'cluster blue · k8s 1.32 · kube-proxy ipvs');
  });
});
