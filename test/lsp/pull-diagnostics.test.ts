import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import {
  type Diagnostic,
  type DocumentDiagnosticReport,
  type WorkspaceDiagnosticReport,
  type WorkspaceDiagnosticReportPartialResult,
  type WorkspaceDocumentDiagnosticReport,
} from 'vscode-languageserver-protocol';
import { LspClient } from '../helpers/lspClient';
import { service } from '../helpers/workspace';
import { LINT_WORKSPACE, type LintWorkspaceResult } from '../../server/src/lsp/protocol';

const CONFLICT = 'reused-clb-port-conflict';
const UNKNOWN = 'reused-clb-listeners-unknown';
/** Two files reuse one CLB on 443 (both open), two others another CLB on 80 (both stay closed). */
const aText = service({ name: 'svc-a', clbId: 'lb-pull0001', ports: [443] });
const bText = service({ name: 'svc-b', clbId: 'lb-pull0001', ports: [443] });
const cText = service({ name: 'svc-c', clbId: 'lb-pull0002', ports: [80] });
const dText = service({ name: 'svc-d', clbId: 'lb-pull0002', ports: [80] });
/** No findings: its report stays the same through the changes of the others. */
const eText = service({ name: 'svc-e', type: 'ClusterIP' });
/** The quoted CLB id on line 6 of each file (the information that its other listeners are unknown). */
const ID_RANGE = { start: { line: 6, character: 62 }, end: { line: 6, character: 75 } };
/** `- port: 443` is line 12 of each file; the error covers the number. */
const PORT_RANGE = { start: { line: 12, character: 12 }, end: { line: 12, character: 15 } };
const PORT_80_RANGE = { start: { line: 12, character: 12 }, end: { line: 12, character: 14 } };

const codes = (items: readonly Diagnostic[]): [string, number | undefined, Diagnostic['range']][] => items.map((d) => [String(d.code), d.severity, d.range]);

function fullItems(report: DocumentDiagnosticReport | WorkspaceDocumentDiagnosticReport): Diagnostic[] {
  if (report.kind !== 'full') throw new Error(`expected a full report, got ${JSON.stringify(report)}`);
  return report.items;
}

describe('pull diagnostics (LSP 3.17) over stdio', { timeout: 30_000 }, () => {
  let dir: string;
  let client: LspClient;
  const uri = (name: string): string => pathToFileURL(path.join(dir, name)).href;
  const pull = (name: string, previousResultId?: string): Promise<DocumentDiagnosticReport> =>
    client.connection.sendRequest<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri: uri(name) }, ...(previousResultId === undefined ? {} : { previousResultId }) });
  const pullWorkspace = (previousResultIds: { uri: string; value: string }[] = [], partialResultToken?: string): Promise<WorkspaceDiagnosticReport> =>
    client.connection.sendRequest<WorkspaceDiagnosticReport>('workspace/diagnostic', { previousResultIds, ...(partialResultToken === undefined ? {} : { partialResultToken }) });
  /** A workspace report with its partial results, by URI. */
  const byUri = (token: string, report: WorkspaceDiagnosticReport): Map<string, WorkspaceDocumentDiagnosticReport> => {
    const partials = (client.progress.get(token) ?? []) as WorkspaceDiagnosticReportPartialResult[];
    return new Map([...partials.flatMap((p) => p.items), ...report.items].map((item) => [item.uri, item]));
  };

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'klr-pull-'));
    for (const [name, text] of [['a.yaml', aText], ['b.yaml', bText], ['c.yaml', cText], ['d.yaml', dText], ['e.yaml', eText]] as const) writeFileSync(path.join(dir, name), text);
    client = new LspClient({ pull: true, settings: { kubernetesVersion: '1.28', kubeProxyMode: 'ipvs' } });
    const init = await client.initialize(pathToFileURL(dir).href);
    deepStrictEqual(init.capabilities['diagnosticProvider'], { interFileDependencies: true, workspaceDiagnostics: true });
    // The end of the first scan is the first refresh (none is sent during it): from then on every file is indexed.
    await client.until(() => client.refreshes > 0);
  });

  after(async () => {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers an open document with a full report, then unchanged for the same result id', async () => {
    await client.open(uri('a.yaml'), aText);
    const first = await pull('a.yaml');
    deepStrictEqual(codes(fullItems(first)), [[UNKNOWN, 3, ID_RANGE], [CONFLICT, 1, PORT_RANGE]]);
    const error = fullItems(first)[1]!;
    strictEqual(error.source, 'kube-lb-reach');
    deepStrictEqual(error.relatedInformation?.map((r) => [r.location.uri, r.location.range]), [[uri('b.yaml'), PORT_RANGE]]);
    ok(first.resultId);
    deepStrictEqual(await pull('a.yaml', first.resultId), { kind: 'unchanged', resultId: first.resultId });
  });

  it('sends workspace/diagnostic/refresh when a ranged edit of one file changes another open file, whose next pull differs', async () => {
    await client.open(uri('b.yaml'), bText);
    const before = await pull('b.yaml');
    deepStrictEqual(codes(fullItems(before)), [[UNKNOWN, 3, ID_RANGE], [CONFLICT, 1, PORT_RANGE]]);
    const refreshes = client.refreshes;
    // 443 → 8443 on a.yaml's port line: one ranged change.
    await client.edit(uri('a.yaml'), 2, [{ range: { start: { line: 12, character: 12 }, end: { line: 12, character: 12 } }, text: '8' }]);
    await client.until(() => client.refreshes > refreshes);
    const after = await pull('b.yaml', before.resultId);
    deepStrictEqual(after.kind, 'full');
    deepStrictEqual(codes(fullItems(after)), [[UNKNOWN, 3, ID_RANGE]]);
    deepStrictEqual(codes(fullItems(await pull('a.yaml'))), [[UNKNOWN, 3, ID_RANGE]]);
  });

  it('lists the closed files of the workspace with their errors; the next pull waits for a change, then has it, and the rest unchanged', async () => {
    const token = 'pull-1';
    const report = byUri(token, await pullWorkspace([], token));
    const c = report.get(uri('c.yaml'));
    ok(c, `c.yaml in the workspace report: ${JSON.stringify([...report.keys()])}`);
    strictEqual(c.version, null);
    deepStrictEqual(codes(fullItems(c)), [[UNKNOWN, 3, ID_RANGE], [CONFLICT, 1, PORT_80_RANGE]]);
    deepStrictEqual(codes(fullItems(report.get(uri('d.yaml'))!)), [[UNKNOWN, 3, ID_RANGE], [CONFLICT, 1, PORT_80_RANGE]]);
    // Open documents are in it at their version (VS Code pulls only the visible ones itself).
    strictEqual(report.get(uri('a.yaml'))?.version, 2);
    deepStrictEqual(fullItems(report.get(uri('e.yaml'))!), []);
    // Nothing changed since: the next pull waits for a change. Here c.yaml is fixed on disk after it
    // was sent, so only a held pull can have the fix in its answer (and d.yaml's conflict gone with it).
    const previous = [...report.values()].map((item) => ({ uri: item.uri, value: item.resultId! }));
    const next = pullWorkspace(previous, 'pull-2');
    await client.hover(uri('a.yaml'));
    writeFileSync(path.join(dir, 'c.yaml'), cText.replace('port: 80', 'port: 81'));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('c.yaml'), type: 2 }] });
    const again = byUri('pull-2', await next);
    deepStrictEqual(codes(fullItems(again.get(uri('c.yaml'))!)), [[UNKNOWN, 3, ID_RANGE]]);
    deepStrictEqual(codes(fullItems(again.get(uri('d.yaml'))!)), [[UNKNOWN, 3, ID_RANGE]]);
    const e = report.get(uri('e.yaml'))!;
    deepStrictEqual(again.get(uri('e.yaml')), { kind: 'unchanged', uri: uri('e.yaml'), version: null, resultId: e.resultId });
  });

  it('lint workspace counts without publishing and asks the client to pull again', async () => {
    const refreshes = client.refreshes;
    const result = await client.connection.sendRequest<LintWorkspaceResult>(LINT_WORKSPACE, {});
    // a.yaml and c.yaml were changed above: no conflict is left, one information per CLB user.
    deepStrictEqual({ files: result.files, errors: result.errors, information: result.information }, { files: 5, errors: 0, information: 4 });
    await client.until(() => client.refreshes > refreshes);
  });

  it('guards both handlers: a malformed pull is answered with an empty report and one failure record each', async () => {
    deepStrictEqual(await client.connection.sendRequest('textDocument/diagnostic', {}), { kind: 'full', items: [] });
    deepStrictEqual(await client.connection.sendRequest('workspace/diagnostic', { previousResultIds: 'none' }), { items: [] });
    deepStrictEqual(client.failures().map(({ kind, name }) => ({ kind, name })), [
      { kind: 'handler', name: 'textDocument/diagnostic' },
      { kind: 'handler', name: 'workspace/diagnostic' },
    ]);
    // And it goes on answering.
    strictEqual((await pull('a.yaml')).kind, 'full');
  });

  it('a closed document is not published to: the workspace report has it as a closed file', async () => {
    await client.close(uri('b.yaml'));
    const report = byUri('pull-3', await pullWorkspace([], 'pull-3'));
    strictEqual(report.get(uri('b.yaml'))?.version, null);
    deepStrictEqual(client.history, [], 'a pulling client gets no publishDiagnostics');
  });
});

describe('a pull before initialize', { timeout: 30_000 }, () => {
  it('gets the life cycle error, as every request does', async () => {
    const client = new LspClient({ pull: true });
    try {
      const code = await client.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri: 'file:///early.yaml' } }).then(
        () => undefined,
        (error: unknown) => (error as { code?: number }).code,
      );
      strictEqual(code, -32002);
    } finally {
      await client.stop();
    }
  });
});

describe('a client without pull diagnostics', { timeout: 30_000 }, () => {
  it('gets no diagnostic provider and is published to as before', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'klr-push-'));
    writeFileSync(path.join(dir, 'b.yaml'), bText);
    const client = new LspClient();
    try {
      const init = await client.initialize(pathToFileURL(dir).href);
      strictEqual(init.capabilities['diagnosticProvider'], undefined);
      const aUri = pathToFileURL(path.join(dir, 'a.yaml')).href;
      await client.open(aUri, aText);
      const published = await client.diagnostics(aUri, (p) => p.diagnostics.length > 0);
      deepStrictEqual(codes(published.diagnostics), [[UNKNOWN, 3, ID_RANGE], [CONFLICT, 1, PORT_RANGE]]);
      strictEqual(client.refreshes, 0);
    } finally {
      await client.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('pull diagnostics and an open config file', { timeout: 30_000 }, () => {
  const REFUSED = 'reused-clb-other-listener-refused';
  const TWO_CLUSTERS = 'clusters:\n  - name: web\n    paths: ["http.yaml"]\n  - name: api\n    paths: ["https.yaml"]\n';
  let dir: string;
  let client: LspClient;
  const uri = (name: string): string => pathToFileURL(path.join(dir, name)).href;
  const pull = (name: string): Promise<DocumentDiagnosticReport> => client.connection.sendRequest<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri: uri(name) } });
  const httpText = service({ name: 'web-http', clbId: 'lb-pullcfg01', ports: [80] });

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'klr-pull-config-'));
    writeFileSync(path.join(dir, 'http.yaml'), httpText);
    writeFileSync(path.join(dir, 'https.yaml'), service({ name: 'web-https', clbId: 'lb-pullcfg01', ports: [443] }));
    writeFileSync(path.join(dir, '.kube-lb-reach.yaml'), TWO_CLUSTERS);
    client = new LspClient({ pull: true });
    await client.initialize(pathToFileURL(dir).href);
    await client.until(() => client.refreshes > 0);
  });

  after(async () => {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("an edit of the config refreshes the manifests it changes; the config's own problems are in its pull, never published", async () => {
    await client.open(uri('http.yaml'), httpText);
    deepStrictEqual(fullItems(await pull('http.yaml')).map((d) => d.code), [REFUSED]);
    await client.open(uri('.kube-lb-reach.yaml'), TWO_CLUSTERS);
    deepStrictEqual(fullItems(await pull('.kube-lb-reach.yaml')), []);
    // Both files in cluster web: each serves the other's port, nothing is refused.
    const refreshes = client.refreshes;
    await client.change(uri('.kube-lb-reach.yaml'), 2, 'clusters:\n  - name: web\n    paths: ["*.yaml"]\n');
    await client.until(() => client.refreshes > refreshes);
    deepStrictEqual(fullItems(await pull('http.yaml')).map((d) => d.code), [UNKNOWN]);
    await client.change(uri('.kube-lb-reach.yaml'), 3, 'clusters: 5\n');
    const problems = fullItems(await pull('.kube-lb-reach.yaml'));
    deepStrictEqual(problems.map((d) => [d.code, d.severity, d.range]), [['config-invalid', 1, { start: { line: 0, character: 10 }, end: { line: 0, character: 11 } }]]);
    deepStrictEqual(client.history, []);
    deepStrictEqual(client.failures(), []);
  });
});

describe('pull diagnostics: an open document in the workspace report', { timeout: 30_000 }, () => {
  it('a change of an open document wakes a held workspace pull, which reports the new version', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'klr-pull-open-'));
    const client = new LspClient({ pull: true });
    try {
      await client.initialize(pathToFileURL(dir).href);
      await client.until(() => client.refreshes > 0);
      // Not on disk, not visible: VS Code would see it only in the workspace report.
      const xUri = pathToFileURL(path.join(dir, 'x.yaml')).href;
      const xText = service({ name: 'svc-x', type: 'NodePort', ports: [80] });
      await client.open(xUri, xText);
      const first = await client.connection.sendRequest<WorkspaceDiagnosticReport>('workspace/diagnostic', { previousResultIds: [] });
      deepStrictEqual(first.items.map((item) => [item.uri, item.version]), [[xUri, 1]]);
      // Nothing changed since: this one is held, until the edit.
      const next = client.connection.sendRequest<WorkspaceDiagnosticReport>('workspace/diagnostic', { previousResultIds: first.items.map((item) => ({ uri: item.uri, value: item.resultId })) });
      await client.change(xUri, 2, `${xText}# edited\n`);
      deepStrictEqual((await next).items.map((item) => [item.uri, item.version, item.kind]), [[xUri, 2, 'unchanged']]);
    } finally {
      await client.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('pull diagnostics when the client refuses the registrations', { timeout: 30_000 }, () => {
  it('the scan still runs and ends in a refresh, and a workspace pull is answered (it waits for the scan)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'klr-pull-refused-'));
    writeFileSync(path.join(dir, 'c.yaml'), cText);
    writeFileSync(path.join(dir, 'd.yaml'), dText);
    const client = new LspClient({ pull: true, refuseRegistrations: true, settings: { kubernetesVersion: '1.28', kubeProxyMode: 'ipvs' } });
    try {
      await client.initialize(pathToFileURL(dir).href);
      await client.until(() => client.refreshes > 0);
      const report = await client.connection.sendRequest<WorkspaceDiagnosticReport>('workspace/diagnostic', { previousResultIds: [] });
      const c = report.items.find((item) => item.uri === pathToFileURL(path.join(dir, 'c.yaml')).href);
      deepStrictEqual(codes(c ? fullItems(c) : []), [[UNKNOWN, 3, ID_RANGE], [CONFLICT, 1, PORT_80_RANGE]]);
      ok(client.logs.some((line) => line.startsWith('the client refused the registration of file watchers')), client.logs.join('\n'));
    } finally {
      await client.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
