import { deepStrictEqual, match, ok, strictEqual } from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { type Hover, type MarkupContent } from 'vscode-languageserver-protocol';
import { DEFAULT_SETTINGS, RULES, type Rule } from '../../server/src/core';
import { analyzeIn } from '../helpers/workspace';
import { startServer } from '../../server/src/lsp/server';
import { expectedHover, indexOf } from '../helpers/expectedHover';
import { failuresIn } from '../helpers/lspClient';
import { GOOD } from './inputs';
import { assertSoundAnalysis } from './oracle';
import { HTTP_TEXT, HTTPS_TEXT, messageOf, LspClient } from './support';

const portText = (port: number): string => GOOD.replace('port: 8443', `port: ${port}`);

describe('a burst of 1,000 didChange notifications', { timeout: 60_000 }, () => {
  let client: LspClient;
  const uri = 'file:///burst-workspace/svc.yaml';
  before(async () => {
    client = new LspClient({ collectable: true });
    await client.initialize(null);
  });
  after(async () => {
    await client.stop();
  });

  it("publishes the last version's diagnostics, never an older version's after it, and answers every request meanwhile", async () => {
    await client.open(uri, portText(1000), 1);
    await client.diagnostics(uri, (p) => p.version === 1);
    const memoryBefore = await client.collectedRss();
    const sent: Promise<unknown>[] = [];
    // On `Local`: the lead, over exactly `Local` (line 8, characters 25-30); on `- port:`, nothing.
    // Each answer is checked against the core's for that version's text.
    const table = (version: number): Hover | null => expectedHover(portText(version), { line: 8, character: 26 }, indexOf({ [uri]: portText(version) }));
    const first = table(2);
    ok(first, 'the table is expected on Local');
    match((first.contents as MarkupContent).value, /\nThe full table, every source and why: `kube-lb-reach explain [^`]+`$/);
    deepStrictEqual(first.range, { start: { line: 8, character: 25 }, end: { line: 8, character: 30 } });
    for (let version = 2; version <= 1001; version++) {
      sent.push(client.change(uri, version, portText(version)));
      if (version % 50 === 0) {
        sent.push(client.hover(uri, 8, 26).then((h) => { deepStrictEqual(h, table(version), `hover on Local at version ${version}`); }));
        sent.push(client.hover(uri, 10, 10).then((h) => { strictEqual(h, null, `hover on \`- port:\` at version ${version}`); }));
      }
    }
    await Promise.all(sent);
    deepStrictEqual(await client.hover(uri, 8, 26), table(1001), 'a hover on externalTrafficPolicy of the last version is answered with the table');
    const published = await client.diagnostics(uri, (p) => p.version === 1001);
    match(published.diagnostics.map(messageOf).join('\n'), /Known here: 1001\/TCP,/);
    // A later edit, published: nothing older than 1001 came between the two.
    await client.change(uri, 1002, portText(1002));
    await client.diagnostics(uri, (p) => p.version === 1002);
    const versions = client.history.filter((p) => p.uri === uri).map((p) => p.version!);
    deepStrictEqual(versions, [...versions].sort((a, b) => a - b), `publication order: ${versions.join(',')}`);
    ok(versions.length < 100, `a burst is analysed a few times, not 1,000 (${versions.length} publications)`);
    deepStrictEqual(client.failures(), []);
    const memoryAfter = await client.collectedRss();
    ok(memoryAfter < memoryBefore + 64, `resident memory after a full collection: ${memoryBefore.toFixed(0)} MB before, ${memoryAfter.toFixed(0)} MB after`);
  });
});

const THREE_SERVICES = `${HTTP_TEXT}---\n${HTTPS_TEXT}---\n${GOOD}`;

function throwing(id: string, error: unknown): Rule {
  return {
    id,
    meta: { description: 'throws, for the test', defaultSeverity: 'error', messages: {}, fixable: false, scope: 'resource' },
    check: () => {
      throw error;
    },
  };
}

describe('a rule that throws', () => {
  it('costs only its own findings; the failure is reported once per rule, with its id', () => {
    const { file, analysis: expected } = analyzeIn([['three.yaml', THREE_SERVICES]], 'three.yaml', DEFAULT_SETTINGS);
    assertSoundAnalysis(file, expected);
    ok(expected.findings.length >= 3);
    const rules = [throwing('boom-first', new TypeError('first')), ...RULES, throwing('boom-last', 'not even an Error')];
    const { analysis } = analyzeIn([['three.yaml', THREE_SERVICES]], 'three.yaml', DEFAULT_SETTINGS, { rules });
    deepStrictEqual(analysis.findings, expected.findings);
    deepStrictEqual(
      analysis.failures.map((f) => [f.ruleId, String(f.error)]),
      [
        ['boom-first', 'TypeError: first'],
        ['boom-last', 'not even an Error'],
      ],
    );
  });

  describe('in the language server (in-process, over streams)', () => {
    const id = 'boom-in-server';
    let client: ProtocolConnection;
    const logs: string[] = [];
    const latest = new Map<string, PublishDiagnosticsParams>();
    const waiting: { accept: () => boolean; resolve: () => void }[] = [];
    const settle = (): void => {
      for (const w of waiting.splice(0)) if (w.accept()) w.resolve();
      else waiting.push(w);
    };
    const until = (accept: () => boolean): Promise<void> => (accept() ? Promise.resolve() : new Promise((resolve) => waiting.push({ accept, resolve })));

    before(async () => {
      (RULES as Rule[]).push(throwing(id, new RangeError('kaboom')));
      const toServer = new PassThrough();
      const toClient = new PassThrough();
      startServer(createConnection(ProposedFeatures.all, toServer, toClient));
      client = createProtocolConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
      client.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
        latest.set(params.uri, params);
        settle();
      });
      client.onNotification('window/logMessage', (params: { message: string }) => {
        logs.push(params.message);
        settle();
      });
      client.onRequest('client/registerCapability', () => null);
      client.listen();
      await client.sendRequest('initialize', { processId: null, rootUri: null, capabilities: {} });
      await client.sendNotification('initialized', {});
    });
    after(() => {
      (RULES as Rule[]).splice(RULES.findIndex((r) => r.id === id), 1);
      client.dispose();
    });

    it('the other rules still report, and the failure is logged once with the rule id, never as a diagnostic', async () => {
      const uris = ['file:///rules/a.yaml', 'file:///rules/b.yaml'];
      for (const [i, uri] of uris.entries()) {
        await client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: i === 0 ? THREE_SERVICES : GOOD } });
      }
      await until(() => uris.every((uri) => latest.get(uri)?.version === 1));
      for (const uri of uris) {
        const diagnostics = latest.get(uri)!.diagnostics;
        ok(diagnostics.length > 0, 'the other rules report');
        ok(diagnostics.every((d) => d.code !== id), 'no diagnostic from the failing rule');
      }
      strictEqual(await client.sendRequest('textDocument/hover', { textDocument: { uri: uris[1] }, position: { line: 0, character: 0 } }), null);
      deepStrictEqual(failuresIn(logs), [{ kind: 'rule', name: id, message: 'kaboom' }], 'reported once, with the marker');
      const lines = logs.filter((line) => line.includes(id));
      strictEqual(lines.length, 1, `logged once:\n${lines.join('\n')}`);
      match(lines[0]!, new RegExp(`rule ${id} threw .*kaboom`));
    });
  });
});
