import { deepStrictEqual, ok } from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { type CodeAction, type Diagnostic } from 'vscode-languageserver-protocol';
import { LspClient } from '../helpers/lspClient';
import { service } from '../helpers/workspace';

const CLB = 'lb-events';
const RULE = 'reused-clb-other-listener-refused';
const text = (d: Diagnostic | undefined): string => (d === undefined ? '' : typeof d.message === 'string' ? d.message : d.message.value);
const warningOf = (params: { diagnostics: Diagnostic[] }): Diagnostic | undefined => params.diagnostics.find((d) => d.code === RULE && d.severity === 2);

describe('language server: workspace events and racing requests', { timeout: 30_000 }, () => {
  let dir: string;
  let client: LspClient;
  let mainUri: string;
  const mainText = service({ name: 'main', clbId: CLB, ports: [80] });

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'klr-lsp-events-'));
    mkdirSync(path.join(dir, 'team'));
    writeFileSync(path.join(dir, 'main.yaml'), mainText);
    writeFileSync(path.join(dir, 'team', 'other.yaml'), service({ name: 'other', clbId: CLB, ports: [443] }));
    // The team's Services deploy to a cluster of their own: their ports are refused to main's cluster, and main's to theirs.
    writeFileSync(path.join(dir, '.kube-lb-reach.yaml'), 'clusters:\n  - name: team\n    paths: ["team/**"]\n');
    mainUri = pathToFileURL(path.join(dir, 'main.yaml')).href;
    client = new LspClient();
    await client.initialize(pathToFileURL(dir).href);
    await client.open(mainUri, mainText);
    await client.diagnostics(mainUri, (p) => /443\/TCP/.test(text(warningOf(p))));
  });

  it('a code action between a keystroke and its analysis does not leave stale diagnostics', async () => {
    // Open the other file too, and wait until its warning names main: the index holds main's port 80.
    const otherUri = pathToFileURL(path.join(dir, 'team', 'other.yaml')).href;
    await client.open(otherUri, service({ name: 'other', clbId: CLB, ports: [443] }));
    await client.diagnostics(otherUri, (p) => text(warningOf(p)).includes('80/TCP (Service default/main'));
    // main is renamed; a code action arrives before the debounced analysis runs, while the index
    // still holds the old name: findings cached then would list main's old self as another Service.
    const moved = mainText.replace('name: main', 'name: renamed').replace('port: 80', 'port: 8443');
    await client.change(mainUri, 2, moved);
    await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: mainUri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll'] },
    });
    const published = await client.diagnostics(mainUri, (p) => p.version === 2);
    const message = text(warningOf(published));
    ok(message.includes('443/TCP (Service default/other'), message);
    ok(!message.includes('Service default/main'), `never lists its own former self: ${message}`);
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: otherUri } });
  });

  after(async () => {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a deleted folder takes its Services out of the workspace', async () => {
    rmSync(path.join(dir, 'team'), { recursive: true });
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(path.join(dir, 'team')).href, type: 3 }] });
    const published = await client.diagnostics(mainUri, (p) => p.diagnostics.length > 0 && warningOf(p) === undefined);
    deepStrictEqual(
      published.diagnostics.map((d) => [d.code, d.severity]),
      [['reused-clb-listeners-unknown', 3]],
    );
  });

  it('a workspace folder added later is scanned: its Services join the CLB', async () => {
    const extra = mkdtempSync(path.join(tmpdir(), 'klr-lsp-extra-'));
    try {
      writeFileSync(path.join(extra, 'late.yaml'), service({ name: 'late', clbId: CLB, ports: [9443] }));
      await client.connection.sendNotification('workspace/didChangeWorkspaceFolders', {
        event: { added: [{ uri: pathToFileURL(extra).href, name: 'extra' }], removed: [] },
      });
      const published = await client.diagnostics(mainUri, (p) => text(warningOf(p)).includes('9443/TCP (Service default/late'));
      // One warning, on main's CLB id (line 6), naming the late Service's listener and where it is declared.
      deepStrictEqual(
        published.diagnostics.map((d) => [d.code, d.severity, d.range, d.relatedInformation?.map((r) => r.location.uri)]),
        [[RULE, 2, { start: { line: 6, character: 62 }, end: { line: 6, character: 73 } }, [pathToFileURL(path.join(extra, 'late.yaml')).href]]],
      );
    } finally {
      rmSync(extra, { recursive: true, force: true });
    }
  });
});
