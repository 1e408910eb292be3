import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { afterEach, describe, it } from 'node:test';
import { type PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { BASE_SERVICE, CLB, ID_KEY, KustomizeFixture as Fixture, OVERLAY, PATCH, PROD_FILES, textOf } from '../helpers/kustomizeFixture';

// Open documents among the files of a render in force: the editor's text of a base must not count
// beside its rendered copy, and an open document equal to its file is no unsaved edit.

const CONFLICT = 'reused-clb-port-conflict';
const shown = (p: PublishDiagnosticsParams): [unknown, number, string][] => p.diagnostics.map((d) => [d.code, d.range.start.line, textOf(d.message)]);
const rendersOf = (log: string): string[] => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').filter((l) => l !== '') : []);

async function untilRenders(log: string, count: number): Promise<void> {
  while (rendersOf(log).length < count) await new Promise((resolve) => setTimeout(resolve, 20));
}

describe('language server: open sources of a rendered overlay', { timeout: 60_000 }, () => {
  let fixture: Fixture | undefined;
  afterEach(async () => {
    await fixture?.stop();
    fixture = undefined;
  });

  it('a base naming the CLB, opened unchanged, shows what it showed closed (no port conflict with its rendered copy); edited, the render follows', async () => {
    const base = BASE_SERVICE.replace('  name: web\n', `  name: web\n  annotations:\n    ${ID_KEY}: "${CLB}"\n`);
    fixture = new Fixture({ 'base/kustomization.yaml': OVERLAY, 'base/service.yaml': base, 'overlays/prod/kustomization.yaml': ['resources:', '  - ../../base', 'namePrefix: prod-', ''].join('\n') });
    const client = await fixture.start({ workspaceTrusted: true }, { 'render.kustomize': ['overlays/prod'] });
    const uri = fixture.uri('base/service.yaml');
    const closed = await client.diagnostics(uri, (p) => p.diagnostics.length > 0);
    const line = base.split('\n').findIndex((l) => l.includes(CLB));
    deepStrictEqual(closed.diagnostics.map((d) => [d.code, d.range.start.line]), [['reused-clb-listeners-unknown', line]]);
    await client.open(uri, base);
    const opened = await client.diagnostics(uri, (p) => p.version === 1);
    deepStrictEqual(shown(opened), shown(closed));
    // Unsaved, another CLB id: the render reads the editor's text, and the base still counts once.
    await client.change(uri, 2, base.replace(CLB, 'lb-render-2'));
    const edited = await client.diagnostics(uri, (p) => p.version === 2 && p.diagnostics.some((d) => textOf(d.message).includes('lb-render-2')));
    deepStrictEqual(edited.diagnostics.filter((d) => d.code === CONFLICT), []);
    deepStrictEqual(edited.diagnostics.map((d) => [d.code, d.range.start.line]), [['reused-clb-listeners-unknown', line]]);
  });

  it('an open document equal to its file is rendered from the disk, no copy; an unsaved edit from a copy', async (t) => {
    fixture = new Fixture(PROD_FILES);
    const log = fixture.recordingKubectl();
    if (log === undefined) {
      t.diagnostic('no kubectl on PATH');
      ok(false, 'these protocol tests need kubectl on PATH, as the others of render-kustomize do');
      return;
    }
    const client = await fixture.start({ workspaceTrusted: true }, { 'render.kustomize': ['overlays/prod'] });
    const patch = fixture.uri('overlays/prod/clb.yaml');
    // Opened at once: maybe before the first render, which then has an open document to look at.
    await client.open(patch, PATCH);
    await client.diagnostics(patch, (p) => p.version === 1 && p.diagnostics.some((d) => textOf(d.message).includes(CLB)));
    await untilRenders(log, 1);
    // The base changed on disk (to the same text): the overlay renders again, the patch still open.
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: fixture.uri('base/service.yaml'), type: 2 }] });
    // The line is written as kubectl starts, after the server chose disk or copy.
    await untilRenders(log, 2);
    deepStrictEqual(rendersOf(log), ['disk', 'disk']);
    await client.change(patch, 2, PATCH.replace(CLB, 'lb-render-2'));
    await client.diagnostics(patch, (p) => p.diagnostics.some((d) => textOf(d.message).includes('lb-render-2')));
    strictEqual(rendersOf(log).at(-1), 'shadow');
  });
});
