import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { type Diagnostic, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { SETTINGS_IN_EFFECT, type SettingsInEffect } from '../../server/src/lsp/protocol';
import { LspClient } from '../helpers/lspClient';
import { describeAnswer, service, TWO_CLUSTERS } from '../helpers/workspace';

const CLB = 'lb-2ze8x7c0example';
const REFUSED = 'reused-clb-other-listener-refused';
const UNKNOWN = 'reused-clb-listeners-unknown';
const CREATED = 1;
const CHANGED = 2;
const DELETED = 3;

const codes = (p: PublishDiagnosticsParams): unknown[] => p.diagnostics.map((d) => d.code);
const refusedOf = (p: PublishDiagnosticsParams): Diagnostic | undefined => p.diagnostics.find((d) => d.code === REFUSED);
const messageOf = (d: Diagnostic | undefined): string => (d === undefined ? '' : typeof d.message === 'string' ? d.message : d.message.value);

/** A workspace folder on disk with `files`, a client on it, and the events a watching editor would send. */
class Fixture {
  readonly dir = mkdtempSync(path.join(tmpdir(), 'klr-lsp-cluster-'));
  readonly client: LspClient;

  constructor(files: Record<string, string>, settings?: Record<string, unknown>) {
    for (const [name, text] of Object.entries(files)) this.write(name, text);
    this.client = new LspClient(settings ? { settings } : {});
  }

  uri(name: string): string {
    return pathToFileURL(path.join(this.dir, name)).href;
  }

  write(name: string, text: string): void {
    mkdirSync(path.dirname(path.join(this.dir, name)), { recursive: true });
    writeFileSync(path.join(this.dir, name), text);
  }

  async start(): Promise<void> {
    await this.client.initialize(pathToFileURL(this.dir).href);
    // The scan is over once it says how many files it indexed.
    await this.client.until(() => this.client.logs.some((l) => l.startsWith('indexed ')));
  }

  async changeOnDisk(name: string, text: string | undefined): Promise<void> {
    const existed = existsSync(path.join(this.dir, name));
    if (text === undefined) unlinkSync(path.join(this.dir, name));
    else this.write(name, text);
    await this.client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: this.uri(name), type: text === undefined ? DELETED : existed ? CHANGED : CREATED }] });
  }

  async openManifest(name: string, text: string): Promise<PublishDiagnosticsParams> {
    await this.client.open(this.uri(name), text);
    return this.client.diagnostics(this.uri(name), () => true);
  }

  inEffect(name: string): Promise<SettingsInEffect | null> {
    return this.client.connection.sendRequest<SettingsInEffect | null>(SETTINGS_IN_EFFECT, { uri: this.uri(name) });
  }

  async stop(): Promise<void> {
    await this.client.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

describe('language server: config files and cluster scope', { timeout: 60_000 }, () => {
  let fixture: Fixture | undefined;
  afterEach(async () => {
    await fixture?.stop();
    fixture = undefined;
  });

  it('a config file changed on disk re-validates the open documents at once: the finding appears, and goes with the file', async () => {
    fixture = new Fixture({});
    await fixture.start();
    const web = fixture.uri('web.yaml');
    deepStrictEqual(codes(await fixture.openManifest('web.yaml', service({ name: 'web', clbId: CLB, ports: [80] }))), [UNKNOWN]);
    await fixture.changeOnDisk('.kube-lb-reach.yaml', `knownListeners:\n  ${CLB}: ["443/TCP"]\n`);
    const published = await fixture.client.diagnostics(web, (p) => refusedOf(p) !== undefined);
    ok(messageOf(refusedOf(published)).includes(`CLB ports 443/TCP`), messageOf(refusedOf(published)));
    await fixture.changeOnDisk('.kube-lb-reach.yaml', undefined);
    await fixture.client.diagnostics(web, (p) => refusedOf(p) === undefined && codes(p).includes(UNKNOWN));
  });

  it('a broken config file: a diagnostic on it at the right line, and its last good version stays in force', async () => {
    const good = `kubernetesVersion: "1.33"\nknownListeners:\n  ${CLB}: ["443"]\n`;
    fixture = new Fixture({ '.kube-lb-reach.yaml': good });
    await fixture.start();
    const web = fixture.uri('web.yaml');
    await fixture.openManifest('web.yaml', service({ name: 'web', clbId: CLB, ports: [80] }));
    await fixture.client.diagnostics(web, (p) => refusedOf(p) !== undefined);
    const config = fixture.uri('.kube-lb-reach.yaml');
    deepStrictEqual(fixture.client.latest.get(config)?.diagnostics ?? [], []);

    await fixture.changeOnDisk('.kube-lb-reach.yaml', `${good}kubeProxyMode: ebpf\n`);
    const [problem, ...more] = (await fixture.client.diagnostics(config, (p) => p.diagnostics.length > 0)).diagnostics;
    deepStrictEqual(more, []);
    deepStrictEqual([problem?.code, problem?.source, problem?.severity, problem?.range.start.line], ['config-invalid', 'kube-lb-reach', 1, 3]);
    ok(messageOf(problem).includes('last good version'), messageOf(problem));
    ok(fixture.client.logs.some((l) => l.includes('.kube-lb-reach.yaml: broken (1 error)')), 'the Output channel says the file is broken');
    // Still in force: the warning stays, and so does the version.
    strictEqual((await fixture.inEffect('web.yaml'))?.kubernetesVersion, '1.33');
    ok(refusedOf(fixture.client.latest.get(web)!) !== undefined);

    await fixture.changeOnDisk('.kube-lb-reach.yaml', good.replace('1.33', '1.32'));
    await fixture.client.diagnostics(config, (p) => p.diagnostics.length === 0);
    strictEqual((await fixture.inEffect('web.yaml'))?.kubernetesVersion, '1.32');
  });

  it('an open config document counts over the disk: its problems are published on it as it is typed', async () => {
    fixture = new Fixture({ '.kube-lb-reach.yaml': `knownListeners:\n  ${CLB}: ["443"]\n` });
    await fixture.start();
    const web = fixture.uri('web.yaml');
    await fixture.openManifest('web.yaml', service({ name: 'web', clbId: CLB, ports: [80] }));
    await fixture.client.diagnostics(web, (p) => refusedOf(p) !== undefined);
    const config = fixture.uri('.kube-lb-reach.yaml');
    await fixture.client.open(config, `knownListeners:\n  ${CLB}: ["443"]\n`);
    await fixture.client.change(config, 2, `knownListeners:\n  ${CLB}: ["8443"]\n`);
    await fixture.client.diagnostics(web, (p) => messageOf(refusedOf(p)).includes('8443/TCP'));
    await fixture.client.change(config, 3, `knownListeners:\n  ${CLB}: ["8443"]\nclusters: 7\n`);
    const published = await fixture.client.diagnostics(config, (p) => p.version === 3 && p.diagnostics.length > 0);
    deepStrictEqual(published.diagnostics.map((d) => [d.code, d.range.start.line]), [['config-invalid', 2]]);
    // Closed unsaved: the disk's text counts again.
    await fixture.client.close(config);
    await fixture.client.diagnostics(web, (p) => messageOf(refusedOf(p)).includes(' 443/TCP'));
    await fixture.client.diagnostics(config, (p) => p.diagnostics.length === 0);
  });

  it('two clusters in one workspace (prod, staging): the other cluster\'s listener is refused, definitely', async () => {
    fixture = new Fixture({
      '.kube-lb-reach.yaml': TWO_CLUSTERS,
      'prod/web.yaml': service({ name: 'web', clbId: CLB, ports: [80] }),
      'staging/api.yaml': service({ name: 'api', clbId: CLB, ports: [443] }),
    });
    await fixture.start();
    const published = await fixture.openManifest('prod/web.yaml', service({ name: 'web', clbId: CLB, ports: [80] }));
    const warning = refusedOf(await fixture.client.diagnostics(published.uri, (p) => refusedOf(p) !== undefined));
    deepStrictEqual(warning?.severity, 2);
    ok(messageOf(warning).includes('443/TCP (Service default/api of cluster staging)'), messageOf(warning));
    ok(!/if it runs in another cluster/.test(messageOf(warning)));
    deepStrictEqual(await fixture.inEffect('staging/api.yaml'), {
      text: 'cluster staging · k8s 1.34 · kube-proxy ipvs',
      kubernetesVersion: '1.34',
      kubeProxyMode: 'ipvs',
      cluster: 'staging',
      configFile: path.join(fixture.dir, '.kube-lb-reach.yaml'),
    });
  });

  it('two Services of one workspace folder without a config file are one cluster: neither warns on the other', async () => {
    fixture = new Fixture({ 'https.yaml': service({ name: 'web-https', clbId: CLB, ports: [443] }) });
    await fixture.start();
    const published = await fixture.openManifest('http.yaml', service({ name: 'web-http', clbId: CLB, ports: [80] }));
    deepStrictEqual(codes(published).filter((c) => c === REFUSED), []);
    strictEqual((await fixture.inEffect('http.yaml'))?.cluster, path.basename(fixture.dir));
    strictEqual((await fixture.inEffect('http.yaml'))?.configFile, null);
  });

  it("a listener file under listenerFiles makes the article's 443 refused; its problems are a warning on it", async () => {
    fixture = new Fixture({
      '.kube-lb-reach.yaml': 'listenerFiles: ["lb/*.json"]\n',
      'lb/clb.json': describeAnswer(CLB, [[80, 'http'], [443, 'https']]),
    });
    await fixture.start();
    const web = fixture.uri('web.yaml');
    await fixture.openManifest('web.yaml', service({ name: 'web', clbId: CLB, ports: [80] }));
    const warning = refusedOf(await fixture.client.diagnostics(web, (p) => refusedOf(p) !== undefined));
    ok(messageOf(warning).includes('443/TCP'), messageOf(warning));
    ok(!messageOf(warning).includes('80/TCP (the CLB'), 'its own port is served');
    // The answer changes on disk: 443 is gone from the CLB, so is the warning.
    await fixture.changeOnDisk('lb/clb.json', describeAnswer(CLB, [[80, 'http']]));
    await fixture.client.diagnostics(web, (p) => refusedOf(p) === undefined);
    // A malformed answer: a warning on the file at 0:0, and a log line naming it.
    await fixture.changeOnDisk('lb/clb.json', '{ "LoadBalancerId": ');
    const [problem] = (await fixture.client.diagnostics(fixture.uri('lb/clb.json'), (p) => p.diagnostics.length > 0)).diagnostics;
    deepStrictEqual([problem?.code, problem?.severity, problem?.range], ['listener-file-invalid', 2, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }]);
    ok(fixture.client.logs.some((l) => l.startsWith(`listener file ${path.join(fixture!.dir, 'lb', 'clb.json')}: not JSON`)));
    // A new answer created where the globs look is read on its event.
    await fixture.changeOnDisk('lb/second.json', describeAnswer(CLB, [[80, 'http'], [9443, 'https']]));
    await fixture.client.diagnostics(web, (p) => messageOf(refusedOf(p)).includes('9443/TCP'));
    await fixture.changeOnDisk('lb/second.json', undefined);
    await fixture.client.diagnostics(web, (p) => refusedOf(p) === undefined);
    // A listener file the config comes to name later is found then.
    await fixture.changeOnDisk('other/more.json', describeAnswer(CLB, [[80, 'http'], [8443, 'https']]));
    await fixture.changeOnDisk('.kube-lb-reach.yaml', 'listenerFiles: ["lb/*.json", "other/*.json"]\n');
    await fixture.client.diagnostics(web, (p) => messageOf(refusedOf(p)).includes('8443/TCP'));
  });

  it('precedence: the config file over the defaults, an explicit editor setting over the config file', async () => {
    fixture = new Fixture({ '.kube-lb-reach.yaml': 'kubernetesVersion: "1.30"\nkubeProxyMode: iptables\n' }, { kubeProxyMode: 'nftables' });
    await fixture.start();
    await fixture.openManifest('web.yaml', service({ name: 'web', clbId: CLB, ports: [80] }));
    const inEffect = await fixture.inEffect('web.yaml');
    deepStrictEqual([inEffect?.text, inEffect?.configFile], [`cluster default · k8s 1.30 · kube-proxy nftables`, path.join(fixture.dir, '.kube-lb-reach.yaml')]);
    ok(fixture.client.logs.some((l) => l.startsWith('cluster default: k8s 1.30 · kube-proxy nftables')), 'the Output channel says the settings of the cluster');
  });

  it('ignorePaths: a file it matches is not analysed, and the Output channel says why', async () => {
    fixture = new Fixture({ '.kube-lb-reach.yaml': 'ignorePaths: ["vendor/**"]\n', 'vendor/chart.yaml': service({ name: 'vendored', clbId: CLB, ports: [443] }) });
    await fixture.start();
    ok(fixture.client.logs.some((l) => l === `skipped ${path.join(fixture!.dir, 'vendor', 'chart.yaml')}: ignored: it matches ignorePaths "vendor/**" of ${path.join(fixture!.dir, '.kube-lb-reach.yaml')}`), fixture.client.logs.join('\n'));
    ok(fixture.client.logs.some((l) => l === `config files: ${path.join(fixture!.dir, '.kube-lb-reach.yaml')}`));
  });
});
