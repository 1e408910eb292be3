import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { type PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { BASE_SERVICE, BROKEN_OVERLAY, CLB, ID_KEY, KustomizeFixture as Fixture, OVERLAY, PATCH, PROD_FILES, RENDER_FAILED, SETTING, textOf, untilExists, WARNING } from '../helpers/kustomizeFixture';

const failedOf = (p: PublishDiagnosticsParams): PublishDiagnosticsParams['diagnostics'] => p.diagnostics.filter((d) => d.code === RENDER_FAILED);

describe('language server: render.kustomize and workspace trust', { timeout: 60_000 }, () => {
  let fixture: Fixture | undefined;
  afterEach(async () => {
    await fixture?.stop();
    fixture = undefined;
  });

  for (const [label, options] of [['no trust information (as Neovim sends)', undefined], ['workspaceTrusted: false', { workspaceTrusted: false }], ['workspaceTrusted: "yes" (not true)', { workspaceTrusted: 'yes' }]] as const) {
    it(`untrusted, ${label}: kubectl is never run, and the Output channel says so once, naming the setting`, async () => {
      fixture = new Fixture({ 'overlay/kustomization.yaml': OVERLAY, 'overlay/service.yaml': BASE_SERVICE });
      fixture.fakeKubectl();
      const client = await fixture.start(options, { 'render.kustomize': ['overlay'] });
      await client.until(() => client.logs.some((l) => l.includes('not trusted')));
      const said = client.logs.filter((l) => l.includes('not trusted'));
      strictEqual(said.length, 1);
      ok(said[0]!.startsWith(`${SETTING}: this workspace is not trusted, so kubectl is not run`), said[0]);
      // A change under the overlay does not run it either.
      await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: fixture.uri('overlay/service.yaml'), type: 2 }] });
      await client.connection.sendRequest('kubeLbReach/settingsInEffect', { uri: fixture.uri('overlay/service.yaml') });
      strictEqual(existsSync(fixture.marker), false);
      strictEqual(client.logs.filter((l) => l.includes('not trusted')).length, 1);
    });
  }

  it('trusted at initialize: the fake kubectl runs (the marker the untrusted cases look for), its failure a warning on the kustomization', async () => {
    fixture = new Fixture({ 'overlay/kustomization.yaml': OVERLAY, 'overlay/service.yaml': BASE_SERVICE });
    fixture.fakeKubectl();
    const client = await fixture.start({ workspaceTrusted: true }, { 'render.kustomize': ['overlay'] });
    const published = await client.diagnostics(fixture.uri('overlay/kustomization.yaml'), (p) => failedOf(p).length > 0);
    ok(existsSync(fixture.marker));
    deepStrictEqual(
      failedOf(published).map((d) => [d.severity, d.message, d.range.start.line]),
      [[WARNING, `This overlay (${SETTING}) could not be rendered, so its Services are not checked: error: fake kubectl`, 0]],
    );
  });

  it('a change while a render runs stops it; the next one starts after it ended (one render per overlay at a time)', async () => {
    fixture = new Fixture({ 'overlay/kustomization.yaml': OVERLAY, 'overlay/service.yaml': BASE_SERVICE });
    const runs = fixture.slowFirstKubectl();
    const client = await fixture.start({ workspaceTrusted: true }, { 'render.kustomize': ['overlay'] });
    await client.until(() => client.logs.some((l) => l.startsWith(`${SETTING}: rendering`)));
    // The first render is scheduled at once; a file of the overlay changes while it waits.
    // The fake tool is no protocol peer: its start is seen by its log file, looked at until it exists.
    await untilExists(runs);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: fixture.uri('overlay/service.yaml'), type: 2 }] });
    await client.diagnostics(fixture.uri('overlay/kustomization.yaml'), (p) => failedOf(p).length > 0);
    deepStrictEqual(readFileSync(runs, 'utf8').trim().split('\n'), ['start 1', 'start 2', 'end 2']);
  });

  it('trust granted later (kubeLbReach/workspaceTrusted): the overlays are rendered then, not before', async () => {
    fixture = new Fixture({ 'overlay/kustomization.yaml': OVERLAY, 'overlay/service.yaml': BASE_SERVICE });
    fixture.fakeKubectl();
    const client = await fixture.start(undefined, { 'render.kustomize': ['overlay'] });
    await client.until(() => client.logs.some((l) => l.includes('not trusted')));
    strictEqual(existsSync(fixture.marker), false);
    await client.connection.sendNotification('kubeLbReach/workspaceTrusted', {});
    await client.diagnostics(fixture.uri('overlay/kustomization.yaml'), (p) => failedOf(p).length > 0);
    ok(existsSync(fixture.marker));
  });

  it('a broken overlay (real kubectl): a warning on its kustomization.yaml naming kustomize\'s first error line, the whole stderr in the Output channel', async () => {
    fixture = new Fixture({ 'overlay/kustomization.yaml': BROKEN_OVERLAY });
    const client = await fixture.start({ workspaceTrusted: true }, { 'render.kustomize': ['overlay'] });
    const published = await client.diagnostics(fixture.uri('overlay/kustomization.yaml'), (p) => failedOf(p).length > 0);
    const [warning] = failedOf(published);
    strictEqual(warning?.severity, WARNING);
    const message = textOf(warning.message);
    // kubectl's klog prefix is dropped; the long chain keeps its start and its cause.
    ok(message.startsWith(`This overlay (${SETTING}) could not be rendered, so its Services are not checked: accumulating resources: `), message);
    ok(message.endsWith(`${path.join(fixture.dir, 'overlay', 'missing.yaml')}: no such file or directory`), message);
    ok(!message.includes('kube-lb-reach-'), `no temporary path: ${message}`);
    ok(client.logs.some((l) => l.startsWith(`${SETTING}: kubectl kustomize`) && l.includes('failed') && l.includes('\n')), client.logs.join('\n'));
  });

  it('editing the open kustomization re-renders it with the unsaved text: broken, the warning; fixed, the warning goes', async () => {
    fixture = new Fixture({ 'overlay/kustomization.yaml': OVERLAY, 'overlay/service.yaml': BASE_SERVICE });
    const client = await fixture.start({ workspaceTrusted: true }, { 'render.kustomize': ['overlay'] });
    const kustomization = fixture.uri('overlay/kustomization.yaml');
    await client.until(() => client.logs.some((l) => l.startsWith(`${SETTING}: rendering`)));
    await client.open(kustomization, OVERLAY);
    await client.diagnostics(kustomization, (p) => p.version === 1 && failedOf(p).length === 0);
    await client.change(kustomization, 2, BROKEN_OVERLAY);
    const broken = await client.diagnostics(kustomization, (p) => failedOf(p).length > 0);
    // Rendered from a copy with the unsaved text, named as the real files.
    const message = textOf(failedOf(broken)[0]!.message);
    ok(message.endsWith(`${path.join(fixture.dir, 'overlay', 'missing.yaml')}: no such file or directory`), message);
    ok(!message.includes('kube-lb-reach-shadow-'), message);
    await client.change(kustomization, 3, OVERLAY);
    await client.diagnostics(kustomization, (p) => p.version === 3 && failedOf(p).length === 0 && client.history.indexOf(p) > client.history.indexOf(broken));
  });

  it('trusted, real kubectl: the finding of the rendered Service is on the patch that adds the CLB id, and goes when the setting is removed', async () => {
    fixture = new Fixture(PROD_FILES);
    const client = await fixture.start({ workspaceTrusted: true }, { 'render.kustomize': ['overlays/prod'] });
    const patch = fixture.uri('overlays/prod/clb.yaml');
    const published = await client.diagnostics(patch, (p) => p.diagnostics.length > 0);
    const line = PATCH.split('\n').findIndex((l) => l.includes(CLB));
    deepStrictEqual(
      published.diagnostics.map((d) => [d.code, d.range.start.line]),
      [['reused-clb-listeners-unknown', line]],
    );
    ok(textOf(published.diagnostics[0]!.message).includes(CLB), textOf(published.diagnostics[0]!.message));
    // The base itself has no CLB: nothing is said on it.
    strictEqual(client.latest.get(fixture.uri('base/service.yaml'))?.diagnostics.length ?? 0, 0);
    client.settings = {};
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    await client.diagnostics(patch, (p) => p.diagnostics.length === 0);
  });

  it('a base that names the CLB counts once: as rendered (namePrefix), not also as its own file on disk', async () => {
    const base = BASE_SERVICE.replace('  name: web\n', `  name: web\n  annotations:\n    ${ID_KEY}: "${CLB}"\n`);
    fixture = new Fixture({ 'base/kustomization.yaml': OVERLAY, 'base/service.yaml': base, 'overlays/prod/kustomization.yaml': ['resources:', '  - ../../base', 'namePrefix: prod-', ''].join('\n') });
    const client = await fixture.start({ workspaceTrusted: true }, { 'render.kustomize': ['overlays/prod'] });
    const published = await client.diagnostics(fixture.uri('base/service.yaml'), (p) => p.diagnostics.length > 0);
    // Counted twice, web and prod-web would declare 80/TCP of one CLB: reused-clb-port-conflict.
    deepStrictEqual(
      published.diagnostics.map((d) => [d.code, d.range.start.line]),
      [['reused-clb-listeners-unknown', base.split('\n').findIndex((l) => l.includes(CLB))]],
    );
  });

  it('settings changed: the rendered Services are checked again with them (a rule turned off, its finding on the patch goes)', async () => {
    fixture = new Fixture(PROD_FILES);
    const client = await fixture.start({ workspaceTrusted: true }, { 'render.kustomize': ['overlays/prod'] });
    const patch = fixture.uri('overlays/prod/clb.yaml');
    await client.diagnostics(patch, (p) => p.diagnostics.length > 0);
    client.settings = { 'render.kustomize': ['overlays/prod'], rules: { 'reused-clb-listeners-unknown': 'off' } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await client.diagnostics(patch, (p) => p.diagnostics.length === 0);
  });

  it('editing the open patch re-renders: the unsaved CLB id is the one the finding names, merged with the patch\'s own diagnostics once', async () => {
    fixture = new Fixture(PROD_FILES);
    const client = await fixture.start({ workspaceTrusted: true }, { 'render.kustomize': ['overlays/prod'] });
    const patch = fixture.uri('overlays/prod/clb.yaml');
    await client.diagnostics(patch, (p) => p.diagnostics.some((d) => textOf(d.message).includes(CLB)));
    await client.open(patch, PATCH);
    const opened = await client.diagnostics(patch, (p) => p.version === 1);
    strictEqual(opened.diagnostics.filter((d) => d.code === 'reused-clb-listeners-unknown').length, 1);
    await client.change(patch, 2, PATCH.replace(CLB, 'lb-render-2'));
    const edited = await client.diagnostics(patch, (p) => p.diagnostics.some((d) => textOf(d.message).includes('lb-render-2')));
    deepStrictEqual(edited.diagnostics.filter((d) => textOf(d.message).includes(CLB)), []);
  });

  it('neither kubectl nor kustomize on PATH: the Output channel says so (naming the setting), no warning on the kustomization', async () => {
    fixture = new Fixture({ 'overlay/kustomization.yaml': OVERLAY, 'overlay/service.yaml': BASE_SERVICE });
    const empty = path.join(fixture.dir, '.empty-bin');
    mkdirSync(empty);
    const client = await fixture.start({ workspaceTrusted: true }, { 'render.kustomize': ['overlay'] }, empty);
    await client.until(() => client.logs.some((l) => l.includes('was not found on PATH')));
    await client.open(fixture.uri('overlay/kustomization.yaml'), OVERLAY);
    const published = await client.diagnostics(fixture.uri('overlay/kustomization.yaml'), (p) => p.version === 1);
    deepStrictEqual(failedOf(published), []);
    deepStrictEqual(client.logs.filter((l) => l.includes('was not found on PATH')).map((l) => l.startsWith(`${SETTING}: cannot render `)), [true]);
  });

  it('the config file\'s render.kustomize, relative to its folder: a base changed on disk renders again', async () => {
    const files: Record<string, string> = { 'deploy/.kube-lb-reach.yaml': 'render.kustomize: ["overlays/prod"]\n' };
    for (const [name, text] of Object.entries(PROD_FILES)) files[`deploy/${name}`] = text;
    fixture = new Fixture(files);
    const client = await fixture.start({ workspaceTrusted: true }, {});
    const patch = fixture.uri('deploy/overlays/prod/clb.yaml');
    const first = await client.diagnostics(patch, (p) => p.diagnostics.length > 0);
    ok(client.logs.some((l) => l.startsWith(`${SETTING}: rendering `) && l.includes(path.join('deploy', 'overlays', 'prod'))), client.logs.join('\n'));
    // The base leaves the load balancer type: the rendered Service is no CLB Service, the finding goes.
    fixture.write('deploy/base/service.yaml', BASE_SERVICE.replace('type: LoadBalancer', 'type: ClusterIP'));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: fixture.uri('deploy/base/service.yaml'), type: 2 }] });
    const after = await client.diagnostics(patch, (p) => client.history.indexOf(p) > client.history.indexOf(first));
    deepStrictEqual(after.diagnostics, []);
  });

  it('removing the setting clears the warning of a failed render', async () => {
    fixture = new Fixture({ 'overlay/kustomization.yaml': BROKEN_OVERLAY });
    const client = await fixture.start({ workspaceTrusted: true }, { 'render.kustomize': ['overlay'] });
    const kustomization = fixture.uri('overlay/kustomization.yaml');
    await client.diagnostics(kustomization, (p) => failedOf(p).length > 0);
    client.settings = {};
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    await client.diagnostics(kustomization, (p) => p.diagnostics.length === 0);
  });
});
