import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { type CodeAction, type TextDocumentEdit, type TextEdit } from 'vscode-languageserver-protocol';
import { LspClient } from '../helpers/lspClient';
import { service } from '../helpers/workspace';

const CLB = 'lb-every0001';
const KEY = 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-hostname';
const RULE = 'reused-clb-other-listener-refused';
const aText = service({ name: 'a', clbId: CLB, ports: [80] });
const bText = service({ name: 'b', clbId: CLB, ports: [443] });
/** 8443 is a listener of the CLB that neither Service serves: refused for both. */
const SETTINGS = { kubernetesVersion: '1.28', kubeProxyMode: 'ipvs', knownListeners: { [CLB]: ['8443'] } };

interface Capabilities {
  readonly documentChanges: boolean;
  readonly snippetEditSupport: boolean;
}

async function start(capabilities: Capabilities, settings: Record<string, unknown>): Promise<{ client: LspClient; dir: string; aUri: string; bUri: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'klr-every-'));
  writeFileSync(path.join(dir, 'a.yaml'), aText);
  writeFileSync(path.join(dir, 'b.yaml'), bText);
  const client = new LspClient({ settings });
  const rootUri = pathToFileURL(dir).href;
  await client.connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri,
    workspaceFolders: [{ uri: rootUri, name: 'ws' }],
    capabilities: {
      workspace: { configuration: true, workspaceFolders: true, didChangeWatchedFiles: { dynamicRegistration: true }, workspaceEdit: capabilities },
      textDocument: { publishDiagnostics: { relatedInformation: true } },
    },
  });
  await client.connection.sendNotification('initialized', {});
  await client.until(() => client.logs.some((line) => line.startsWith('indexed')));
  return { client, dir, aUri: pathToFileURL(path.join(dir, 'a.yaml')).href, bUri: pathToFileURL(path.join(dir, 'b.yaml')).href };
}

async function quickFixes(client: LspClient, uri: string, version: number): Promise<CodeAction[]> {
  const published = await client.diagnostics(uri, (p) => p.version === version && p.diagnostics.some((d) => d.code === RULE));
  const warning = published.diagnostics.find((d) => d.code === RULE)!;
  return client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: warning.range, context: { diagnostics: [warning] } });
}

async function openAndFix(client: LspClient, uri: string, text: string, version: number): Promise<CodeAction[]> {
  await client.open(uri, text, version);
  return quickFixes(client, uri, version);
}

const withHostname = (text: string, value: string): string => text.replace('  annotations:\n', `  annotations:\n    ${KEY}: ${value}\n`);

describe('the every-Service hostname fix through the protocol', { timeout: 30_000 }, () => {
  it('one WorkspaceEdit with both files: versioned for the open one, null for the one on disk; snippet edits where the client takes them', async () => {
    const { client, dir, aUri, bUri } = await start({ documentChanges: true, snippetEditSupport: true }, SETTINGS);
    try {
      await client.open(bUri, bText, 4);
      const [every, thisOnly] = await openAndFix(client, aUri, aText, 7);
      deepStrictEqual([every?.title, every?.isPreferred], [`Add the hostname annotation to every Service of this cluster on CLB ${CLB} (default/a, default/b): fill in the DNS name of the CLB`, true]);
      deepStrictEqual([thisOnly?.title, thisOnly?.isPreferred], ['Add the hostname annotation to this Service only (default/b still reports the IP: 80/TCP, 8443/TCP stay refused)', false]);
      const changes = every!.edit!.documentChanges as TextDocumentEdit[];
      deepStrictEqual(changes.map((c) => c.textDocument), [{ uri: aUri, version: 7 }, { uri: bUri, version: 4 }]);
      const snippet = `    ${KEY}: "\${1:<dns-name-of-this-clb>}"\n`;
      deepStrictEqual(changes.map((c) => c.edits), [
        [{ range: { start: { line: 6, character: 0 }, end: { line: 6, character: 0 } }, snippet: { kind: 'snippet', value: snippet } }],
        [{ range: { start: { line: 6, character: 0 }, end: { line: 6, character: 0 } }, snippet: { kind: 'snippet', value: snippet } }],
      ]);
      // b closed: its edit is for the copy on disk, which the server indexed.
      await client.close(bUri);
      const [again] = await quickFixes(client, aUri, 7);
      deepStrictEqual((again!.edit!.documentChanges as TextDocumentEdit[]).map((c) => c.textDocument), [{ uri: aUri, version: 7 }, { uri: bUri, version: null }]);
    } finally {
      await client.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('without snippet support: the placeholder, plain text edits; applied, both files carry it and hostname-invalid says so', async () => {
    const { client, dir, aUri, bUri } = await start({ documentChanges: true, snippetEditSupport: false }, SETTINGS);
    try {
      const [every] = await openAndFix(client, aUri, aText, 1);
      const changes = every!.edit!.documentChanges as TextDocumentEdit[];
      const texts = { [aUri]: aText, [bUri]: bText };
      const fixed = changes.map((c) => TextDocument.applyEdits(TextDocument.create(c.textDocument.uri, 'yaml', 1, texts[c.textDocument.uri]!), c.edits as TextEdit[]));
      deepStrictEqual(fixed, [withHostname(aText, '"<dns-name-of-this-clb>"'), withHostname(bText, '"<dns-name-of-this-clb>"')]);
      await client.change(aUri, 2, fixed[0]!);
      const published = await client.diagnostics(aUri, (p) => p.version === 2);
      ok(published.diagnostics.some((d) => d.code === 'hostname-invalid' && d.severity === 1), JSON.stringify(published.diagnostics.map((d) => d.code)));
    } finally {
      await client.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a client without documentChanges gets plain changes for both files; with a template, fix-all edits both and nothing is refused afterwards', async () => {
    const { client, dir, aUri, bUri } = await start({ documentChanges: false, snippetEditSupport: false }, { ...SETTINGS, hostnameTemplate: '${name}.example.net' });
    try {
      const [every] = await openAndFix(client, aUri, aText, 1);
      deepStrictEqual(Object.keys(every!.edit!.changes ?? {}).sort(), [aUri, bUri].sort());
      const fixAll = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri: aUri },
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        context: { diagnostics: [], only: ['source.fixAll'] },
      });
      deepStrictEqual(fixAll.map((a) => a.kind), ['source.fixAll.kube-lb-reach']);
      const changes = fixAll[0]!.edit!.changes!;
      const aFixed = TextDocument.applyEdits(TextDocument.create(aUri, 'yaml', 1, aText), changes[aUri]!);
      const bFixed = TextDocument.applyEdits(TextDocument.create(bUri, 'yaml', 1, bText), changes[bUri]!);
      deepStrictEqual([aFixed, bFixed], [withHostname(aText, '"a.example.net"'), withHostname(bText, '"b.example.net"')]);
      await client.open(bUri, bFixed, 1);
      await client.change(aUri, 2, aFixed);
      const a = await client.diagnostics(aUri, (p) => p.version === 2);
      const b = await client.diagnostics(bUri, (p) => p.version === 1 && !p.diagnostics.some((d) => d.code === RULE));
      strictEqual([...a.diagnostics, ...b.diagnostics].filter((d) => String(d.code).startsWith('reused-clb-') || d.code === 'hostname-invalid').length, 0);
    } finally {
      await client.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
