import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { SETTINGS_IN_EFFECT, type SettingsInEffect } from '../../server/src/lsp/protocol';
import { LspClient, type ClientOptions } from '../helpers/lspClient';
import { service } from '../helpers/workspace';

/** The config file's version: what a pushed payload must not hide under the pull model. */
const CONFIG_VERSION = '1.31';
const PUSHED = { kubeLbReach: { kubernetesVersion: '1.20' } };

/** A workspace folder whose `.kube-lb-reach.yaml` sets the version, and a client on it. */
class Fixture {
  readonly dir = mkdtempSync(path.join(tmpdir(), 'klr-lsp-settings-'));
  readonly client: LspClient;

  constructor(options: ClientOptions) {
    writeFileSync(path.join(this.dir, '.kube-lb-reach.yaml'), `kubernetesVersion: "${CONFIG_VERSION}"\n`);
    this.client = new LspClient(options);
  }

  readonly web = (): string => pathToFileURL(path.join(this.dir, 'web.yaml')).href;

  async start(initializationOptions?: unknown): Promise<void> {
    await this.client.initialize(pathToFileURL(this.dir).href, initializationOptions);
    await this.client.until(() => this.client.logs.some((l) => l.startsWith('indexed ')));
  }

  async versionInEffect(): Promise<string | undefined> {
    return (await this.client.connection.sendRequest<SettingsInEffect | null>(SETTINGS_IN_EFFECT, { uri: this.web() }))?.kubernetesVersion;
  }

  /** The problems the server logged about the editor's settings (the Output channel's `settings:` lines). */
  settingsProblems(): string[] {
    return this.client.logs.filter((l) => l.startsWith('settings: '));
  }

  async stop(): Promise<void> {
    await this.client.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

describe('language server: where the editor settings come from', { timeout: 30_000 }, () => {
  let fixture: Fixture | undefined;
  afterEach(async () => {
    await fixture?.stop();
    fixture = undefined;
  });

  it('a client that answers workspace/configuration: a pushed payload only means "ask again" (re-published, asked anew, never a layer)', async () => {
    fixture = new Fixture({ settings: {} });
    await fixture.start();
    const web = fixture.web();
    await fixture.client.open(web, service({ name: 'web', clbId: 'lb-2ze8x7c0example', ports: [80] }));
    await fixture.client.diagnostics(web, () => true);
    strictEqual(await fixture.versionInEffect(), CONFIG_VERSION);
    const publications = fixture.client.history.filter((p) => p.uri === web).length;
    const asked = fixture.client.configurationRequests;

    await fixture.client.connection.sendNotification('workspace/didChangeConfiguration', { settings: PUSHED });
    await fixture.client.until(() => fixture!.client.history.filter((p) => p.uri === web).length > publications);
    strictEqual(await fixture.versionInEffect(), CONFIG_VERSION);
    ok(fixture.client.configurationRequests > asked, 'the server asked for the settings again');
    ok(fixture.client.logs.some((l) => l.startsWith('settings pushed in didChangeConfiguration are not used')), 'the Output channel says why the pushed values are not used');
    deepStrictEqual(fixture.settingsProblems(), []);
  });

  it('a client without workspace/configuration: the pushed values are in effect, until it pushes none', async () => {
    fixture = new Fixture({ configuration: false, settings: { kubernetesVersion: '1.25' } });
    await fixture.start();
    await fixture.client.connection.sendNotification('workspace/didChangeConfiguration', { settings: PUSHED });
    strictEqual(await fixture.versionInEffect(), '1.20');
    await fixture.client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    strictEqual(await fixture.versionInEffect(), CONFIG_VERSION);
    strictEqual(fixture.client.configurationRequests, 0, 'a client that did not declare workspace/configuration is never asked');
  });

  it('initializationOptions outside kubeLbReach are no settings: neither in effect nor logged as a problem', async () => {
    // The VS Code client's options, then with a setting's name beside them (before, both were read as a layer).
    for (const options of [{ ruleDocs: 'x', workspaceTrusted: true }, { ruleDocs: 'x', workspaceTrusted: true, kubernetesVersion: 'one.twenty' }]) {
      fixture = new Fixture({ settings: {} });
      await fixture.start(options);
      strictEqual(await fixture.versionInEffect(), CONFIG_VERSION, JSON.stringify(options));
      deepStrictEqual(fixture.settingsProblems(), [], JSON.stringify(options));
      await fixture.stop();
      fixture = undefined;
    }
  });

  it('initializationOptions.kubeLbReach is a layer of settings, under what workspace/configuration answers', async () => {
    fixture = new Fixture({ settings: {} });
    await fixture.start({ kubeLbReach: { kubernetesVersion: '1.22' } });
    strictEqual(await fixture.versionInEffect(), '1.22');
    fixture.client.settings = { kubernetesVersion: '1.24' };
    await fixture.client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    strictEqual(await fixture.versionInEffect(), '1.24');
  });

  it('a client without workspace/configuration: initializationOptions.kubeLbReach stands under what it pushes', async () => {
    fixture = new Fixture({ configuration: false });
    await fixture.start({ kubeLbReach: { kubernetesVersion: '1.22', kubeProxyMode: 'iptables' } });
    strictEqual(await fixture.versionInEffect(), '1.22');
    await fixture.client.connection.sendNotification('workspace/didChangeConfiguration', { settings: PUSHED });
    const inEffect = await fixture.client.connection.sendRequest<SettingsInEffect | null>(SETTINGS_IN_EFFECT, { uri: fixture.web() });
    deepStrictEqual([inEffect?.kubernetesVersion, inEffect?.kubeProxyMode], ['1.20', 'iptables']);
  });
});
