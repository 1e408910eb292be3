import { deepStrictEqual } from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { type Diagnostic, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { LspClient } from '../helpers/lspClient';
import { CHART_FILES, CHART_PLAIN as PLAIN, CHART_TEMPLATE as TEMPLATE, CHART_VALUES as VALUES } from '../helpers/chartFixture';

const CONFLICT = 'reused-clb-port-conflict';
const CHANGED = 2;

const conflictOf = (p: PublishDiagnosticsParams): Diagnostic | undefined => p.diagnostics.find((d) => d.code === CONFLICT);
const at = (line: number, character: number): { line: number; character: number } => ({ line, character });

/**
 * A workspace holding the chart fixture, its server started once it indexed the files (before the
 * suite) and stopped, the folder removed, after it.
 */
function chartWorkspace(prefix: string): { dir: string; client: LspClient; uri: (name: string) => string; write: (name: string, text: string) => void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  const client = new LspClient();
  const write = (name: string, text: string): void => {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  };
  before(async () => {
    for (const [name, text] of Object.entries(CHART_FILES)) write(name, text);
    await client.initialize(pathToFileURL(dir).href);
    await client.until(() => client.logs.some((l) => l.startsWith('indexed ')));
  });
  after(async () => {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  return { dir, client, uri: (name) => pathToFileURL(path.join(dir, name)).href, write };
}

describe("language server: a Helm template is read with its chart's values.yaml", { timeout: 60_000 }, () => {
  const { dir, client, uri, write } = chartWorkspace('klr-lsp-helm-');
  const templateUri = uri('web/templates/service.yaml');
  const valuesUri = uri('web/values.yaml');


  it('the port default makes a conflict with the plain Service, on the whole action, related to the value in values.yaml', async () => {
    await client.open(templateUri, TEMPLATE);
    const published = await client.diagnostics(templateUri, (p) => conflictOf(p) !== undefined);
    const conflict = conflictOf(published)!;
    deepStrictEqual(conflict.range, { start: at(10, 12), end: at(10, 12 + '{{ .Values.service.port }}'.length) });
    deepStrictEqual(conflict.relatedInformation?.slice(1), [
      { location: { uri: valuesUri, range: { start: at(2, 8), end: at(2, 12) } }, message: "with the chart's default values: .Values.service.port is 9100 in values.yaml" },
    ]);
  });

  it('a ranged edit of the open values.yaml (9100 → 9200) ends the conflict; closing it brings the disk copy back', async () => {
    await client.open(valuesUri, VALUES);
    await client.edit(valuesUri, 2, [{ range: { start: at(2, 9), end: at(2, 10) }, text: '2' }]);
    await client.diagnostics(templateUri, (p) => conflictOf(p) === undefined);
    await client.close(valuesUri);
    const back = await client.diagnostics(templateUri, (p) => conflictOf(p) !== undefined);
    deepStrictEqual(conflictOf(back)?.range, { start: at(10, 12), end: at(10, 12 + '{{ .Values.service.port }}'.length) });
  });

  it('values.yaml changed on disk (a watched-file event) re-analyses the open template', async () => {
    write('web/values.yaml', VALUES.replace('9100', '9300'));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: valuesUri, type: CHANGED }] });
    await client.diagnostics(templateUri, (p) => conflictOf(p) === undefined);
    write('web/values.yaml', VALUES);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: valuesUri, type: CHANGED }] });
    const again = await client.diagnostics(templateUri, (p) => conflictOf(p) !== undefined);
    deepStrictEqual(conflictOf(again)?.relatedInformation?.[1]?.location.uri, valuesUri);
  });

  it('two templates of the chart opened at once both read values.yaml (one read, waited for by both)', async () => {
    const secondUri = uri('web/templates/service-admin.yaml');
    const second = TEMPLATE.replace('namespace: ops', 'namespace: admin');
    write('web/templates/service-admin.yaml', second);
    await client.close(templateUri);
    await client.open(templateUri, TEMPLATE);
    await client.open(secondUri, second);
    for (const opened of [templateUri, secondUri]) {
      const published = await client.diagnostics(opened, (p) => conflictOf(p)?.relatedInformation?.some((r) => r.location.uri === valuesUri) === true);
      deepStrictEqual(conflictOf(published)?.range, { start: at(10, 12), end: at(10, 12 + '{{ .Values.service.port }}'.length) });
    }
    await client.close(secondUri);
  });

  it('Chart.yaml deleted: the folder is no chart, the port is unknown again, and nothing is reported', async () => {
    rmSync(path.join(dir, 'web', 'Chart.yaml'));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('web/Chart.yaml'), type: 3 }] });
    const published = await client.diagnostics(templateUri, (p) => conflictOf(p) === undefined);
    deepStrictEqual(published.diagnostics, []);
  });
});

describe("language server: closed templates on disk are indexed with their chart's values.yaml", { timeout: 60_000 }, () => {
  const { client, uri, write } = chartWorkspace('klr-lsp-helm-disk-');
  const plainUri = uri('plain.yaml');
  const valuesUri = uri('web/values.yaml');


  it("an open plain Service conflicts with the closed template's default port, and the conflict follows values.yaml on disk and in the editor", async () => {
    await client.open(plainUri, PLAIN);
    const first = await client.diagnostics(plainUri, (p) => conflictOf(p) !== undefined);
    const message = conflictOf(first)?.message;
    deepStrictEqual(typeof message === 'string' && message.includes('Service ops/{{ include "web.fullname" . }}'), true, JSON.stringify(message));
    write('web/values.yaml', VALUES.replace('9100', '9300'));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: valuesUri, type: CHANGED }] });
    await client.diagnostics(plainUri, (p) => conflictOf(p) === undefined);
    await client.open(valuesUri, VALUES.replace('9100', '9300'));
    await client.edit(valuesUri, 2, [{ range: { start: at(2, 9), end: at(2, 10) }, text: '1' }]);
    await client.diagnostics(plainUri, (p) => conflictOf(p) !== undefined);
  });
});
