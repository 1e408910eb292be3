import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import {
  type Diagnostic,
  type DocumentDiagnosticReport,
  type WorkspaceDiagnosticReport,
  type WorkspaceDiagnosticReportPartialResult,
} from 'vscode-languageserver-protocol';
import { BASE_SERVICE, BROKEN_OVERLAY, CLB, ID_KEY, KustomizeFixture, PATCH, PROD_FILES, RENDER_FAILED, textOf } from '../helpers/kustomizeFixture';
import { type LspClient } from '../helpers/lspClient';
import { service } from '../helpers/workspace';

// render.kustomize for a client that pulls diagnostics (LSP 3.17), with the real kubectl: the
// rendered findings travel in the pulled reports (never in publishDiagnostics), and a render's
// source files are analysed only as rendered when the workspace pull reads them from disk.

const UNKNOWN = 'reused-clb-listeners-unknown';
const CONFLICT = 'reused-clb-port-conflict';
const INFORMATION = 3;
const ERROR = 1;
const PATCH_FILE = 'overlays/prod/clb.yaml';
/** The quoted CLB id on line 5 of PATCH (and of BASE_NAMING_CLB): where the rendered finding is shown. */
const ID_RANGE = { start: { line: 5, character: 62 }, end: { line: 5, character: 75 } };
/** The base Service with the CLB id of its own (the same id the patch sets). */
const BASE_NAMING_CLB = BASE_SERVICE.replace('  name: web\n', `  name: web\n  annotations:\n    ${ID_KEY}: "${CLB}"\n`);
/**
 * An overlay whose base already names the CLB: rendered, it is one Service (prod-web) on it, whose
 * CLB id the patch sets last (so the finding is the patch's). Indexed from disk as well, the base's
 * web would be a second Service declaring 80/TCP of that CLB: a false reused-clb-port-conflict.
 */
const BASE_NAMES_CLB_FILES = {
  ...PROD_FILES,
  'base/service.yaml': BASE_NAMING_CLB,
  'overlays/prod/kustomization.yaml': ['resources:', '  - ../../base', 'namePrefix: prod-', 'patches:', '  - path: clb.yaml', ''].join('\n'),
};
const RENDER = { 'render.kustomize': ['overlays/prod'] };
/** A CLB id of the same length as CLB (so ID_RANGE holds for it too). */
const OWN_CLB = 'lb-render-0';

type Items = ReadonlyMap<string, readonly Diagnostic[]>;
const codes = (items: readonly Diagnostic[] | undefined): [string, number | undefined, Diagnostic['range']][] => (items ?? []).map((d) => [String(d.code), d.severity, d.range]);

/**
 * The client's side of `workspace/diagnostic` as vscode-languageclient keeps it: the latest full
 * report of each file, pulled again with the result ids (a pull that finds nothing changed is held
 * by the server until the next change, so waiting here is waiting for the server's events).
 */
class WorkspacePuller {
  private readonly latest = new Map<string, { resultId: string; items: Diagnostic[] }>();
  private pulls = 0;
  /** Every diagnostic code each file's reports had, in the order they came. */
  readonly seen = new Map<string, string[]>();

  constructor(private readonly client: LspClient) {}

  async pull(): Promise<Items> {
    const token = `render-pull-${this.pulls++}`;
    const previousResultIds = [...this.latest].map(([uri, { resultId }]) => ({ uri, value: resultId }));
    const report = await this.client.connection.sendRequest<WorkspaceDiagnosticReport>('workspace/diagnostic', { previousResultIds, partialResultToken: token });
    const partials = (this.client.progress.get(token) ?? []) as WorkspaceDiagnosticReportPartialResult[];
    for (const item of [...partials.flatMap((p) => p.items), ...report.items]) {
      if (item.kind !== 'full') continue;
      this.latest.set(item.uri, { resultId: item.resultId!, items: item.items });
      this.seen.set(item.uri, [...(this.seen.get(item.uri) ?? []), ...item.items.map((d) => String(d.code))]);
    }
    return new Map([...this.latest].map(([uri, { items }]) => [uri, items]));
  }

  /**
   * Pulls until `accept` holds for the reports. What a render changes may reach a pull in two
   * steps (the pull was already walking), so a test waits for the state it expects; a server that
   * never gets there fails the test by its timeout.
   */
  async until(accept: (items: Items) => boolean): Promise<Items> {
    for (;;) {
      const items = await this.pull();
      if (accept(items)) return items;
    }
  }
}

async function pullDocument(client: LspClient, uri: string): Promise<Diagnostic[]> {
  const report = await client.connection.sendRequest<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri } });
  if (report.kind !== 'full') throw new Error(`expected a full report, got ${JSON.stringify(report)}`);
  return report.items;
}

describe('render.kustomize for a client that pulls diagnostics (real kubectl)', { timeout: 60_000 }, () => {
  let fixture: KustomizeFixture | undefined;
  afterEach(async () => {
    await fixture?.stop();
    fixture = undefined;
  });

  it('the rendered finding is on the closed patch in workspace/diagnostic and on the open one in textDocument/diagnostic; nothing is published', async () => {
    fixture = new KustomizeFixture(PROD_FILES);
    const client = await fixture.start({ workspaceTrusted: true }, RENDER, undefined, true);
    const patch = fixture.uri(PATCH_FILE);
    const workspace = new WorkspacePuller(client);
    const report = await workspace.until((items) => (items.get(patch)?.length ?? 0) > 0);
    deepStrictEqual(codes(report.get(patch)), [[UNKNOWN, INFORMATION, ID_RANGE]]);
    ok(textOf(report.get(patch)![0]!.message).includes(CLB), textOf(report.get(patch)![0]!.message));
    // The base has no CLB of its own: nothing is said on it.
    deepStrictEqual(report.get(fixture.uri('base/service.yaml')), []);
    await client.open(patch, PATCH);
    deepStrictEqual(codes(await pullDocument(client, patch)), [[UNKNOWN, INFORMATION, ID_RANGE]]);
    deepStrictEqual(client.history, [], 'a pulling client gets no publishDiagnostics');
    deepStrictEqual(client.failures(), []);
  });

  it('a base that names the CLB, walked from disk by the workspace pull, counts once: no port conflict with its rendered copy', { timeout: 30_000 }, async () => {
    fixture = new KustomizeFixture(BASE_NAMES_CLB_FILES);
    const client = await fixture.start({ workspaceTrusted: true }, RENDER, undefined, true);
    const base = fixture.uri('base/service.yaml');
    const patch = fixture.uri(PATCH_FILE);
    const workspace = new WorkspacePuller(client);
    // Counted as itself too, web (the base file) and prod-web (rendered) would share 80/TCP of the
    // CLB: a conflict in any report fails at once. Rendered, the finding is the patch's, and the
    // base file has none of its own.
    const noConflict = (): void => {
      for (const [uri, seen] of workspace.seen) ok(!seen.includes(CONFLICT), `${uri}: ${seen.join(', ')}`);
    };
    const report = await workspace.until((items) => {
      noConflict();
      return (items.get(patch)?.length ?? 0) > 0 && items.get(base)?.length === 0;
    });
    deepStrictEqual(codes(report.get(patch)), [[UNKNOWN, INFORMATION, ID_RANGE]]);
    deepStrictEqual(client.history, []);
    deepStrictEqual(client.failures(), []);
  });

  it('a source file\'s workspace report follows the render: plain before trust, the render\'s once trusted, plain again when the render fails', { timeout: 30_000 }, async () => {
    // The base names a CLB of its own, which the patch replaces: rendered, the base file has no finding.
    fixture = new KustomizeFixture({ ...PROD_FILES, 'base/service.yaml': BASE_NAMING_CLB.replace(CLB, OWN_CLB) });
    const client = await fixture.start(undefined, RENDER, undefined, true);
    const base = fixture.uri('base/service.yaml');
    const patch = fixture.uri(PATCH_FILE);
    const kustomization = fixture.uri('overlays/prod/kustomization.yaml');
    const workspace = new WorkspacePuller(client);
    // Not trusted, not rendered: the base is a plain file, whose own CLB id the finding is on.
    const plain = await workspace.pull();
    deepStrictEqual(codes(plain.get(base)), [[UNKNOWN, INFORMATION, ID_RANGE]]);
    deepStrictEqual(plain.get(patch), []);
    await client.connection.sendNotification('kubeLbReach/workspaceTrusted', {});
    // Rendered: the base's report changes from its plain finding to none; the finding is the patch's.
    const rendered = await workspace.until((items) => (items.get(patch)?.length ?? 0) > 0 && items.get(base)?.length === 0);
    deepStrictEqual(codes(rendered.get(patch)), [[UNKNOWN, INFORMATION, ID_RANGE]]);
    // The overlay breaks on disk: its files are plain files again, the base's finding is back.
    fixture.write('overlays/prod/kustomization.yaml', BROKEN_OVERLAY);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: kustomization, type: 2 }] });
    const broken = await workspace.until((items) => (items.get(kustomization)?.length ?? 0) > 0 && (items.get(base)?.length ?? 0) > 0);
    deepStrictEqual(broken.get(kustomization)?.map((d) => d.code), [RENDER_FAILED]);
    deepStrictEqual(codes(broken.get(base)), [[UNKNOWN, INFORMATION, ID_RANGE]]);
    ok(textOf(broken.get(base)![0]!.message).includes(OWN_CLB), textOf(broken.get(base)![0]!.message));
    deepStrictEqual(broken.get(patch), []);
    deepStrictEqual(client.history, []);
  });

  it('a closed plain file sharing the CLB with the rendered Service gets the port conflict in a workspace report', { timeout: 30_000 }, async () => {
    const other = service({ name: 'other', clbId: CLB, ports: [80] });
    fixture = new KustomizeFixture({ ...PROD_FILES, 'other.yaml': other });
    const client = await fixture.start(undefined, RENDER, undefined, true);
    const otherUri = fixture.uri('other.yaml');
    const workspace = new WorkspacePuller(client);
    // Not rendered yet: other.yaml is alone on its CLB.
    deepStrictEqual(codes((await workspace.pull()).get(otherUri)).map(([code]) => code), [UNKNOWN]);
    await client.connection.sendNotification('kubeLbReach/workspaceTrusted', {});
    const base = fixture.uri('base/service.yaml');
    const rendered = await workspace.until((items) => (items.get(otherUri)?.length ?? 0) > 1 && (items.get(base)?.length ?? 0) > 0);
    deepStrictEqual(codes(rendered.get(otherUri)).map(([code, severity]) => [code, severity]), [[UNKNOWN, INFORMATION], [CONFLICT, ERROR]]);
    // The rendered side of the conflict: on the base's port (the patch sets only the CLB id).
    deepStrictEqual(codes(rendered.get(base)).map(([code, severity, range]) => [code, severity, range.start.line]), [[CONFLICT, ERROR, BASE_SERVICE.split('\n').indexOf('    - port: 80')]]);
    deepStrictEqual(codes(rendered.get(fixture.uri(PATCH_FILE))), [[UNKNOWN, INFORMATION, ID_RANGE]]);
    deepStrictEqual(client.history, []);
  });

  it('editing the open patch so the finding goes: a refresh is sent, and the next pulls no longer have it', async () => {
    fixture = new KustomizeFixture(PROD_FILES);
    const client = await fixture.start({ workspaceTrusted: true }, RENDER, undefined, true);
    const patch = fixture.uri(PATCH_FILE);
    const workspace = new WorkspacePuller(client);
    await workspace.until((items) => (items.get(patch)?.length ?? 0) > 0);
    await client.open(patch, PATCH);
    deepStrictEqual(codes(await pullDocument(client, patch)), [[UNKNOWN, INFORMATION, ID_RANGE]]);
    // The patch no longer sets the CLB id: the rendered Service is on no CLB.
    let refreshes = client.refreshes;
    await client.change(patch, 2, PATCH.replace(`  annotations:\n    ${ID_KEY}: "${CLB}"\n`, '  labels:\n    tier: web\n'));
    let items: Diagnostic[];
    do {
      await client.until(() => client.refreshes > refreshes);
      refreshes = client.refreshes;
      items = await pullDocument(client, patch);
    } while (items.length > 0);
    deepStrictEqual(items, []);
    const report = await workspace.pull();
    deepStrictEqual(report.get(patch), []);
    strictEqual(client.history.length, 0);
    deepStrictEqual(client.failures(), []);
  });
});
