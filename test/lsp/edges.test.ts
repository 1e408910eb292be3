import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { type CodeAction, type Diagnostic, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { canonicalUri } from '../../server/src/lsp/uris';
import { LspClient } from '../helpers/lspClient';
import { WatchingClient } from '../helpers/watchingClient';
import { service } from '../helpers/workspace';

const CLB = 'lb-edges';
const codes = (p: PublishDiagnosticsParams): string[] => p.diagnostics.map((d) => String(d.code)).sort();
const message = (d: Diagnostic | undefined): string => (d === undefined ? '' : typeof d.message === 'string' ? d.message : d.message.value);
/** Two Services of one cluster serve each other's ports: the files here deploy to another cluster, so their ports are refused to the root's. */
const elsewhere = (...paths: string[]): string => `clusters:\n  - name: elsewhere\n    paths: [${paths.map((p) => JSON.stringify(p)).join(', ')}]\n`;

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'klr-edges-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

async function initialize(client: LspClient, rootUri: string, capabilities: { documentChanges?: boolean; watchRegistration?: boolean } = {}): Promise<void> {
  await client.connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri,
    workspaceFolders: [{ uri: rootUri, name: 'ws' }],
    capabilities: {
      workspace: {
        configuration: true,
        workspaceFolders: true,
        didChangeWatchedFiles: { dynamicRegistration: capabilities.watchRegistration ?? true },
        workspaceEdit: { documentChanges: capabilities.documentChanges ?? false },
      },
      textDocument: { publishDiagnostics: { relatedInformation: true } },
    },
  });
  await client.connection.sendNotification('initialized', {});
  await client.until(() => client.logs.some((line) => line.startsWith('indexed')));
}

describe('URI identity', { timeout: 20_000 }, () => {
  it('one spelling per file: a client spelling %2B, %40, %28 differently from the scan never enters the index twice', async () => {
    // The scan spells this file as vscode-uri does; Node's pathToFileURL (as many clients) keeps `+`, `@`, `(` and `:` literal.
    const dir = workspace({ 'svc+v1@(blue):a.yaml': service({ name: 'web', clbId: CLB, ports: [80] }), 'b.yaml': service({ name: 'other', clbId: CLB, ports: [443] }), '.kube-lb-reach.yaml': elsewhere('b.yaml') });
    const client = new LspClient();
    try {
      await initialize(client, pathToFileURL(dir).href);
      const clientUri = pathToFileURL(path.join(dir, 'svc+v1@(blue):a.yaml')).href;
      ok(clientUri !== canonicalUri(clientUri), `the two spellings differ: ${clientUri} / ${canonicalUri(clientUri)}`);
      // Renamed in the editor (not saved) and moved to 443: were the disk copy a second entry, it would still hold default/web on 80.
      await client.open(clientUri, service({ name: 'web2', clbId: CLB, ports: [8080] }));
      const published = await client.diagnostics(clientUri, (p) => p.diagnostics.some((d) => d.code === 'reused-clb-other-listener-refused'));
      const warning = published.diagnostics.find((d) => d.code === 'reused-clb-other-listener-refused');
      strictEqual(message(warning).includes('Service default/web'), false, message(warning));
      ok(message(warning).includes('443/TCP (Service default/other'), message(warning));
      // And the other file's port conflict check sees one Service in that file, not a ghost.
      const bUri = pathToFileURL(path.join(dir, 'b.yaml')).href;
      await client.open(bUri, service({ name: 'other', clbId: CLB, ports: [443, 80] }));
      const b = await client.diagnostics(bUri, (p) => p.diagnostics.length > 0);
      deepStrictEqual(codes(b), ['reused-clb-other-listener-refused']);
    } finally {
      await client.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('normalises drive letters and escapes as vscode-uri does (Neovim on Windows, say)', () => {
    strictEqual(canonicalUri('file:///C:/work/a.yaml'), canonicalUri('file:///c%3A/work/a.yaml'));
    strictEqual(canonicalUri('file:///ws/a+b.yaml'), canonicalUri('file:///ws/a%2Bb.yaml'));
    strictEqual(canonicalUri('untitled:Untitled-1'), 'untitled:Untitled-1');
  });
});

describe('folders, through a client that filters events by glob as VS Code does', { timeout: 20_000 }, () => {
  it('a folder deleted or renamed as a whole takes its Services out; one moved in is scanned', async () => {
    const dir = workspace({ 'main.yaml': service({ name: 'main', clbId: CLB, ports: [80] }), 'team/other.yaml': service({ name: 'other', clbId: CLB, ports: [443] }), '.kube-lb-reach.yaml': elsewhere('team/**', 'crew/**', 'late/**') });
    const client = new LspClient();
    const watching = new WatchingClient(client);
    try {
      await initialize(client, pathToFileURL(dir).href);
      const mainUri = pathToFileURL(path.join(dir, 'main.yaml')).href;
      await client.open(mainUri, service({ name: 'main', clbId: CLB, ports: [80] }));
      await client.diagnostics(mainUri, (p) => codes(p).includes('reused-clb-other-listener-refused'));
      // Renamed: one delete event for team, one create for crew (VS Code reports no event per file inside).
      renameSync(path.join(dir, 'team'), path.join(dir, 'crew'));
      const delivered = await watching.fsEvents([
        { uri: pathToFileURL(path.join(dir, 'team')).href, type: 3 },
        { uri: pathToFileURL(path.join(dir, 'crew')).href, type: 1 },
      ]);
      strictEqual(delivered, 2, 'the folder events pass the watchers the server registered');
      rmSync(path.join(dir, 'crew'), { recursive: true });
      strictEqual(await watching.fsEvents([{ uri: pathToFileURL(path.join(dir, 'crew')).href, type: 3 }]), 1);
      const published = await client.diagnostics(mainUri, (p) => codes(p).includes('reused-clb-listeners-unknown'));
      deepStrictEqual(codes(published), ['reused-clb-listeners-unknown']);
      // A folder moved in is scanned.
      mkdirSync(path.join(dir, 'late'));
      writeFileSync(path.join(dir, 'late', 'x.yaml'), service({ name: 'late', clbId: CLB, ports: [9443] }));
      strictEqual(await watching.fsEvents([{ uri: pathToFileURL(path.join(dir, 'late')).href, type: 1 }]), 1);
      const back = await client.diagnostics(mainUri, (p) => p.diagnostics.some((d) => message(d).includes('9443/TCP (Service default/late')));
      ok(back);
    } finally {
      await client.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('registers no watcher when the client cannot take dynamic registrations, and says so', async () => {
    const dir = workspace({ 'a.yaml': service({ name: 'a', clbId: CLB }) });
    const client = new LspClient();
    const watching = new WatchingClient(client);
    try {
      await initialize(client, pathToFileURL(dir).href, { watchRegistration: false });
      deepStrictEqual(watching.watchers, []);
      ok(client.logs.some((line) => line.includes('the client does not watch files for us')));
    } finally {
      await client.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('versioned edits and closing', { timeout: 20_000 }, () => {
  const text = service({ name: 'a', clbId: CLB, ports: [80] });

  for (const documentChanges of [true, false]) {
    it(`quick fixes ${documentChanges ? 'name the document version (documentChanges)' : 'use plain changes where the client has no documentChanges'}`, async () => {
      const dir = workspace({});
      const client = new LspClient();
      try {
        await initialize(client, pathToFileURL(dir).href, { documentChanges });
        const uri = pathToFileURL(path.join(dir, 'a.yaml')).href;
        await client.open(uri, text, 7);
        const published = await client.diagnostics(uri, (p) => p.version === 7 && p.diagnostics.length > 0);
        const actions = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
          textDocument: { uri },
          range: published.diagnostics[0]!.range,
          context: { diagnostics: published.diagnostics },
        });
        ok(actions.length > 0);
        for (const action of actions) {
          if (documentChanges) {
            deepStrictEqual(Object.keys(action.edit ?? {}), ['documentChanges']);
            deepStrictEqual((action.edit!.documentChanges![0] as { textDocument: unknown }).textDocument, { uri, version: 7 });
          } else deepStrictEqual(Object.keys(action.edit!.changes ?? {}), [uri]);
        }
      } finally {
        await client.stop();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }

  it('a document closed and reopened at once keeps its open text: the disk copy read on close does not overwrite it', async () => {
    const dir = workspace({ 'a.yaml': text, 'b.yaml': service({ name: 'b', clbId: CLB, ports: [8443] }) });
    const client = new LspClient();
    try {
      await initialize(client, pathToFileURL(dir).href);
      const aUri = pathToFileURL(path.join(dir, 'a.yaml')).href;
      const bUri = pathToFileURL(path.join(dir, 'b.yaml')).href;
      await client.open(bUri, service({ name: 'b', clbId: CLB, ports: [8443] }));
      const conflicting = service({ name: 'a', clbId: CLB, ports: [8443] });
      await client.open(aUri, conflicting);
      await client.diagnostics(bUri, (p) => codes(p).includes('reused-clb-port-conflict'));
      await client.close(aUri);
      await client.open(aUri, conflicting, 2);
      // Let the server finish both: a hover on b answers after every earlier notification was handled.
      await client.hover(bUri);
      await client.diagnostics(aUri, (p) => p.version === 2);
      const b = await client.diagnostics(bUri, () => true);
      ok(codes(b).includes('reused-clb-port-conflict'), `still conflicting after the reopen: ${codes(b).join(', ')}`);
    } finally {
      await client.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a closed document from outside the workspace is forgotten, not kept in the index for as long as the server runs', async () => {
    const dir = workspace({ 'b.yaml': service({ name: 'b', clbId: CLB, ports: [443] }) });
    const outside = workspace({ 'old.yaml': service({ name: 'old', clbId: CLB, ports: [443] }) });
    const client = new LspClient();
    try {
      await initialize(client, pathToFileURL(dir).href);
      const bUri = pathToFileURL(path.join(dir, 'b.yaml')).href;
      const oldUri = pathToFileURL(path.join(outside, 'old.yaml')).href;
      await client.open(bUri, service({ name: 'b', clbId: CLB, ports: [443] }));
      await client.open(oldUri, service({ name: 'old', clbId: CLB, ports: [443] }));
      await client.diagnostics(bUri, (p) => codes(p).includes('reused-clb-port-conflict'));
      await client.close(oldUri);
      const b = await client.diagnostics(bUri, (p) => !codes(p).includes('reused-clb-port-conflict'));
      deepStrictEqual(codes(b), ['reused-clb-listeners-unknown']);
    } finally {
      await client.stop();
      rmSync(dir, { recursive: true, force: true });
      rmSync(outside, { recursive: true, force: true });
    }
  });
});
