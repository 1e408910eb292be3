import { deepStrictEqual, doesNotMatch, match, ok, strictEqual } from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { type CodeAction, type Diagnostic, type Hover, type MarkupContent } from 'vscode-languageserver-protocol';
import { expectedHover, indexOf } from '../helpers/expectedHover';
import { LspClient } from '../helpers/lspClient';
import { service } from '../helpers/workspace';
import { EXPLAIN, type ExplainResult } from '../../server/src/lsp/protocol';

const CLB = 'lb-seed0001';
const RULE = 'reused-clb-other-listener-refused';
const httpText = service({ name: 'web-http', clbId: CLB, ports: [80] });
const httpsText = service({ name: 'web-https', clbId: CLB, ports: [443], policy: 'Local' });

describe('language server over stdio', { timeout: 30_000 }, () => {
  let dir: string;
  let client: LspClient;
  let httpUri: string;
  let httpsUri: string;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'klr-lsp-'));
    writeFileSync(path.join(dir, 'http.yaml'), httpText);
    writeFileSync(path.join(dir, 'https.yaml'), httpsText);
    // Two Services of one cluster serve each other's ports: these two are in two clusters, so each one's port is refused to the other.
    writeFileSync(path.join(dir, '.kube-lb-reach.yaml'), 'clusters:\n  - name: web\n    paths: ["http.yaml"]\n  - name: api\n    paths: ["https.yaml"]\n');
    httpUri = pathToFileURL(path.join(dir, 'http.yaml')).href;
    httpsUri = pathToFileURL(path.join(dir, 'https.yaml')).href;
    client = new LspClient({ settings: { kubernetesVersion: '1.28', kubeProxyMode: 'ipvs' } });
    const init = await client.initialize(pathToFileURL(dir).href);
    deepStrictEqual(init.capabilities['codeActionProvider'], { codeActionKinds: ['quickfix', 'source.fixAll.kube-lb-reach'] });
    strictEqual(init.capabilities['hoverProvider'], true);
  });

  after(async () => {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const text = (d: Diagnostic | undefined): string => (d === undefined ? '' : typeof d.message === 'string' ? d.message : d.message.value);
  const warningOf = (params: { diagnostics: Diagnostic[] }): Diagnostic | undefined => params.diagnostics.find((d) => d.code === RULE && d.severity === 2);

  it('publishes the warning with source, code, docs link, exact range and related information from the unopened file', async () => {
    await client.open(httpUri, httpText);
    const published = await client.diagnostics(httpUri, (p) => warningOf(p) !== undefined);
    const warning = warningOf(published)!;
    strictEqual(warning.source, 'kube-lb-reach');
    // Line 6 is the `...-loadbalancer-id: "lb-seed0001"` line; the range covers the quoted value.
    deepStrictEqual(warning.range, { start: { line: 6, character: 62 }, end: { line: 6, character: 75 } });
    match(text(warning), /443\/TCP \(Service default\/web-https of cluster api\)/);
    const href = warning.codeDescription?.href ?? '';
    ok(href.endsWith(`/docs/rules/${RULE}.md`));
    ok(existsSync(fileURLToPath(href)), 'the rule page ships beside the bundle');
    deepStrictEqual(warning.relatedInformation?.map((r) => [r.location.uri, r.location.range.start]), [[httpsUri, { line: 13, character: 12 }]]);
    strictEqual(published.version, 1);
  });

  it('hovers externalTrafficPolicy with a short lead; the reachability table is the explain request', async () => {
    await client.open(httpsUri, httpsText);
    await client.diagnostics(httpsUri, (p) => warningOf(p) !== undefined);
    const position = { line: 9, character: 27 };
    const hover = (await client.connection.sendRequest<Hover>('textDocument/hover', { textDocument: { uri: httpsUri }, position }));
    const markdown = (hover.contents as { value: string }).value;
    match(markdown, /\nThe full table, every source and why: `kube-lb-reach explain [^`]+`$/);
    deepStrictEqual(hover.range, { start: { line: 9, character: 25 }, end: { line: 9, character: 30 } });
    const table = (await client.connection.sendRequest<ExplainResult | null>(EXPLAIN, { uri: httpsUri, position }))?.markdown ?? '';
    match(table, /\| From \| To \| Outcome \| Client IP \| Path \| Before 1\.24 \|/);
    match(table, /\| a node without an endpoint \(host network\) \| LB IP, a port of this Service \| \*\*times-out\*\* \| n\/a \| kube-proxy \| refused \(n\/a\) \|/);
  });

  it('offers the hostname quick fix for the diagnostic, found by code and data', async () => {
    const warning = warningOf(client.latest.get(httpUri)!)!;
    const actions = (await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: httpUri },
      range: warning.range,
      context: { diagnostics: [warning] },
    }));
    // The rule's own fix first, then silencing it (a client without our command gets no "Show documentation").
    deepStrictEqual(actions.map((a) => a.title), ['Add the hostname annotation (fill in the DNS name of the CLB)', `Disable ${warning.code as string} for this line`, `Disable ${warning.code as string} for this Service`]);
    strictEqual(actions[0]!.kind, 'quickfix');
    strictEqual(actions[0]!.isPreferred, true);
    const edits = actions[0]!.edit!.changes![httpUri]!;
    const fixed = TextDocument.applyEdits(TextDocument.create(httpUri, 'yaml', 1, httpText), edits);
    strictEqual(fixed, httpText.replace('  annotations:\n', '  annotations:\n    service.beta.kubernetes.io/alibaba-cloud-loadbalancer-hostname: "<dns-name-of-this-clb>"\n'));
  });

  it('re-analyses on change: with the hostname annotation, the only Service of its cluster on the CLB reports no IP, so nothing is refused to it', async () => {
    const withHostname = httpText.replace('  annotations:\n', '  annotations:\n    service.beta.kubernetes.io/alibaba-cloud-loadbalancer-hostname: web.example.net\n');
    await client.change(httpUri, 2, withHostname);
    const published = await client.diagnostics(httpUri, (p) => p.version === 2);
    deepStrictEqual(
      published.diagnostics.map((d) => [d.code, d.severity]),
      [['hostname-loopback', 3], ['lb-layer4-loopback', 3]],
    );
  });

  it('updates the other open file when one file changes its ports', async () => {
    await client.change(httpUri, 3, httpText.replace('port: 80', 'port: 8080'));
    const published = await client.diagnostics(httpsUri, (p) => /8080\/TCP/.test(text(warningOf(p))));
    match(text(warningOf(published)), /8080\/TCP \(Service default\/web-http of cluster web\)/);
  });

  it('publishes only the last version after a burst of 300 changes', async () => {
    for (let version = 4; version < 304; version++) await client.change(httpUri, version, httpText.replace('port: 80', `port: ${version}`));
    const published = await client.diagnostics(httpUri, (p) => p.version === 303);
    match(text(warningOf(published)), /\(303\/TCP\)/);
  });

  it('applies a settings change at once: iptables silences the warning (what is left is information)', async () => {
    client.settings = { kubernetesVersion: '1.28', kubeProxyMode: 'iptables' };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    const published = await client.diagnostics(httpsUri, (p) => warningOf(p) === undefined);
    deepStrictEqual(published.diagnostics.map((d) => [d.code, d.severity]), [['lb-layer4-loopback', 3], ['local-policy-in-cluster-reach', 3]]);
    // The hover says so too: iptables binds no LB IP on the nodes, so nothing is refused; the CLB is reached for real.
    const hover = await client.hover(httpsUri, 9, 27);
    deepStrictEqual(hover, expectedHover(httpsText, { line: 9, character: 27 }, indexOf({ [httpUri]: client.text(httpUri), [httpsUri]: httpsText }), client.settings));
    match((hover?.contents as MarkupContent).value, /\[lb-layer4-loopback\]/);
    doesNotMatch((hover?.contents as MarkupContent).value, /refused/);
  });

  it('fix-all applies the safe fixes when a hostname template is set', async () => {
    client.settings = { kubernetesVersion: '1.28', kubeProxyMode: 'ipvs', hostnameTemplate: '${name}.${namespace}.example.net' };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    await client.diagnostics(httpsUri, (p) => warningOf(p) !== undefined);
    const actions = (await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: httpsUri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll'] },
    }));
    deepStrictEqual(actions.map((a) => a.kind), ['source.fixAll.kube-lb-reach']);
    const fixed = TextDocument.applyEdits(TextDocument.create(httpsUri, 'yaml', 1, httpsText), actions[0]!.edit!.changes![httpsUri]!);
    match(fixed, /alibaba-cloud-loadbalancer-hostname: "web-https\.default\.example\.net"\n/);
  });

  it('completes annotation keys with markdown documentation, and closed-set values quoted', async () => {
    const uri = pathToFileURL(path.join(dir, 'typing.yaml')).href;
    const typing = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: t\n  annotations:\n    service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type: \nspec:\n  type: LoadBalancer\n';
    await client.open(uri, typing);
    type Item = { label: string; documentation?: { kind: string; value: string }; textEdit?: { newText: string } };
    const values = await client.connection.sendRequest<Item[]>('textDocument/completion', { textDocument: { uri }, position: { line: 5, character: 72 } });
    deepStrictEqual(values.map((i) => [i.label, i.textEdit?.newText]), [['internet', '"internet"'], ['intranet', '"intranet"']]);
    const keys = await client.connection.sendRequest<Item[]>('textDocument/completion', { textDocument: { uri }, position: { line: 5, character: 10 } });
    const hostname = keys.find((i) => i.label === 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-hostname');
    strictEqual(hostname?.documentation?.kind, 'markdown');
    match(hostname?.documentation?.value ?? '', /\*\*Applies to:\*\* CLB, since v2\.3\.0$/);
    await client.close(uri);
  });

  it('answers requests for unknown documents and bad positions without failing', async () => {
    strictEqual(await client.connection.sendRequest<Hover>('textDocument/hover', { textDocument: { uri: 'file:///nope.yaml' }, position: { line: 0, character: 0 } }), null);
    strictEqual(await client.connection.sendRequest<Hover>('textDocument/hover', { textDocument: { uri: httpsUri }, position: { line: 9999, character: 9999 } }), null);
    deepStrictEqual(client.failures(), []);
  });

  it('takes a character past the end of a line as the end of that line, as LSP says (not the next line)', async () => {
    // Line 9 is `  externalTrafficPolicy: Local`: its end is the end of `Local`.
    const atEnd = await client.hover(httpsUri, 9, 30);
    deepStrictEqual(atEnd?.range, { start: { line: 9, character: 25 }, end: { line: 9, character: 30 } });
    deepStrictEqual(await client.hover(httpsUri, 9, 9999), atEnd);
  });

  it('clears the diagnostics of a closed document', async () => {
    await client.close(httpsUri);
    await client.diagnostics(httpsUri, (p) => p.diagnostics.length === 0 && p.version === undefined);
    strictEqual(await client.hover(httpsUri, 9, 27), null, 'a closed document has no hover');
    deepStrictEqual(client.failures(), []);
  });
});
