import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { type Diagnostic, type Position, type Range } from 'vscode-languageserver-protocol';
import { resolveSettings } from '../../server/src/core';
import { expectedHover, indexOf } from '../helpers/expectedHover';
import { LspClient } from '../helpers/lspClient';
import { applyEdits, minimalChange, positionAt, type RangedEdit } from '../helpers/textSync';

const at = (line: number, character: number): Position => ({ line, character });
const range = (start: Position, end: Position): Range => ({ start, end });
/** What the server's own text library makes of changes: the reference for the client's. */
const applied = (text: string, changes: readonly ({ range: Range; text: string } | { text: string })[]): string =>
  TextDocument.update(TextDocument.create('file:///t.yaml', 'yaml', 1, text), [...changes], 2).getText();

describe('the test client computes ranged changes as an editor sends them', () => {
  it('minimal ranges, never inside a \\r\\n or a surrogate pair', () => {
    deepStrictEqual(minimalChange('ab\ncd', 'ab\nXcd'), { range: range(at(1, 0), at(1, 0)), rangeLength: 0, text: 'X' });
    deepStrictEqual(minimalChange('a\r\nb', 'a\nb'), { range: range(at(0, 1), at(1, 0)), rangeLength: 2, text: '\n' });
    deepStrictEqual(minimalChange('a\r\nb', 'a\rb'), { range: range(at(0, 1), at(1, 0)), rangeLength: 2, text: '\r' });
    deepStrictEqual(minimalChange('a\nb', 'a\r\nb'), { range: range(at(0, 1), at(0, 1)), rangeLength: 0, text: '\r' });
    deepStrictEqual(minimalChange('x😀y', 'x😁y'), { range: range(at(0, 1), at(0, 3)), rangeLength: 2, text: '😁' });
    deepStrictEqual(minimalChange('😀\r\n😀 port: 80', '😀\r\n😀 port: 8080'), { range: range(at(1, 11), at(1, 11)), rangeLength: 0, text: '80' });
    strictEqual(minimalChange('same', 'same'), undefined);
  });

  const token = fc.constantFrom('a', 'b', ' ', '\n', '\r', '\r\n', '😀', '😁', 'é');
  const text = fc.array(token, { maxLength: 12 }).map((t) => t.join(''));

  it('a change applied by vscode-languageserver-textdocument gives exactly the new text', () => {
    fc.assert(
      fc.property(text, text, (before, after) => {
        const change = minimalChange(before, after);
        if (before === after) return change === undefined;
        ok(change);
        strictEqual(applied(before, [change]), after);
        strictEqual(applyEdits(before, [change]), after);
        // Minimal, but for one code unit on either side (the rest of a surrogate pair or a \r\n).
        let prefix = 0;
        while (prefix < Math.min(before.length, after.length) && before[prefix] === after[prefix]) prefix++;
        let suffix = 0;
        while (suffix < Math.min(before.length, after.length) - prefix && before[before.length - 1 - suffix] === after[after.length - 1 - suffix]) suffix++;
        ok(change.rangeLength <= before.length - prefix - suffix + 2, `${JSON.stringify(change)} is minimal`);
        return true;
      }),
      { numRuns: 2000 },
    );
  });

  it('several ranged edits apply in order, as the library applies them (characters past a line end included)', () => {
    const edit = fc.record({ start: fc.record({ line: fc.nat(4), character: fc.nat(6) }), end: fc.record({ line: fc.nat(4), character: fc.nat(6) }), text });
    fc.assert(
      fc.property(text, fc.array(edit, { minLength: 1, maxLength: 4 }), (before, raw) => {
        // Lines within the text each edit applies to: no editor sends a line past the end, and with
        // one the library (1.0.16) mis-tracks its line offsets.
        const edits: RangedEdit[] = [];
        let current = before;
        for (const e of raw) {
          const lines = positionAt(current, current.length).line + 1;
          const edit = { range: range(at(e.start.line % lines, e.start.character), at(e.end.line % lines, e.end.character)), text: e.text };
          edits.push(edit);
          current = applyEdits(current, [edit]);
        }
        strictEqual(applyEdits(before, edits), applied(before, edits));
      }),
      { numRuns: 2000 },
    );
  });
});

const ID = 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-id';
/** Two Services on one CLB, CRLF line ends, emoji (surrogate pairs) before the spots edited. */
const START = [
  '# 🚀 svc-a and svc-b share a CLB',
  'apiVersion: v1',
  'kind: Service',
  'metadata:',
  '  name: svc-a',
  `  annotations: {note: "🚀🚀", ${ID}: "lb-sync-1"}`,
  'spec:',
  '  type: LoadBalancer',
  '  ports:',
  '    - port: 80',
  '---',
  'apiVersion: v1',
  'kind: Service',
  'metadata:',
  '  name: svc-b',
  '  annotations:',
  `    ${ID}: "lb-sync-1"`,
  'spec:',
  '  type: LoadBalancer',
  '  externalTrafficPolicy: Cluster',
  '  ports:',
  '    - port: 443',
  '',
].join('\r\n');

/** A diagnostic as comparable with the core's finding: rule, severity, range, message, related ranges. */
function comparable(d: Diagnostic): unknown[] {
  return [d.code, d.severity, d.range, d.message, (d.relatedInformation ?? []).map((r) => r.location.range)];
}

describe('the server applies ranged didChange edits', { timeout: 30_000 }, () => {
  let client: LspClient;
  const uri = 'file:///sync-workspace/two.yaml';
  before(async () => {
    client = new LspClient();
    await client.initialize(null);
  });
  after(async () => {
    await client.stop();
  });

  it('multi-line, several per notification, after surrogate pairs, on CRLF text: the diagnostics are the core\'s for the final text', async () => {
    await client.open(uri, START);
    await client.diagnostics(uri, (p) => p.version === 1);
    // svc-a's CLB id: after two emoji, each two UTF-16 code units (a code-point count would say 86).
    const idA = START.split('\r\n')[5]!.indexOf('"lb-sync-1"');
    strictEqual(idA, 88);
    await client.edit(uri, 2, [{ range: range(at(5, idA + 9), at(5, idA + 10)), text: '2' }]);
    // svc-b: from its CLB id's value through its policy line, several lines replaced by several.
    await client.edit(uri, 3, [{ range: range(at(16, 62), at(19, 32)), text: '"lb-sync-2"\r\nspec:\r\n  type: LoadBalancer\r\n  externalTrafficPolicy: Local' }]);
    // One notification, in order: a line inserted on top moves svc-a's port to line 10, where the
    // second edit finds it (line 10 of the text before the first edit is `---`).
    await client.edit(uri, 4, [
      { range: range(at(0, 0), at(0, 0)), text: '# edited\r\n' },
      { range: range(at(10, 12), at(10, 14)), text: '8080' },
    ]);
    // An emoji inserted between the two on svc-a's line, then a new port line joined onto svc-b's
    // last line across its \r\n, replacing the CRLF itself.
    await client.edit(uri, 5, [
      { range: range(at(6, 25), at(6, 25)), text: '🙂' },
      { range: range(at(22, 15), at(23, 0)), text: '\r\n    - port: 8443\r\n' },
    ]);
    const expected = START.replace('"🚀🚀", ', '"🚀🙂🚀", ')
      .replace('"lb-sync-1"}', '"lb-sync-2"}')
      .replace(`${ID}: "lb-sync-1"`, `${ID}: "lb-sync-2"`)
      .replace('Cluster', 'Local')
      .replace('port: 80\r\n', 'port: 8080\r\n')
      .replace('port: 443\r\n', 'port: 443\r\n    - port: 8443\r\n')
      .replace(/^/, '# edited\r\n');
    strictEqual(client.text(uri), expected, "the client's copy");

    const published = await client.diagnostics(uri, (p) => p.version === 5);
    const index = indexOf({ [uri]: expected });
    const findings = index.service.diagnostics(uri, resolveSettings({}).settings).findings;
    ok(findings.length >= 3, `the final text has findings on both Services (${findings.length})`);
    deepStrictEqual(
      published.diagnostics.map(comparable),
      findings.map((f) => [f.ruleId, { error: 1, warning: 2, information: 3, hint: 4 }[f.severity], range(positionAt(expected, f.span.start), positionAt(expected, f.span.end)), f.message, f.related.map((r) => range(positionAt(expected, r.span.start), positionAt(expected, r.span.end)))]),
    );
    // svc-a's CLB id, now after three emoji: characters 90-101 of line 6.
    deepStrictEqual(
      published.diagnostics.filter((d) => d.range.start.line === 6).map((d) => d.range),
      [range(at(6, 90), at(6, 101))],
    );
    const hover = await client.hover(uri, 6, 95);
    deepStrictEqual(hover, expectedHover(expected, at(6, 95), index));
    strictEqual(hover?.range?.start.character, 90);
    deepStrictEqual(client.failures(), []);
  });

  it('a full-text change among ranged ones replaces the text, and the ranged ones after it apply to it', async () => {
    const other = 'file:///sync-workspace/full.yaml';
    const text = START.replace(/lb-sync-1/g, 'lb-full');
    await client.open(other, 'kind: ConfigMap\r\n');
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: other, version: 2 },
      contentChanges: [{ range: range(at(0, 0), at(0, 4)), text: 'KIND' }, { text }, { range: range(at(9, 12), at(9, 14)), text: '81' }],
    });
    const published = await client.diagnostics(other, (p) => p.version === 2);
    const final = text.replace('port: 80\r\n', 'port: 81\r\n');
    const index = indexOf({ [uri]: client.text(uri), [other]: final });
    deepStrictEqual(
      published.diagnostics.map((d) => [d.code, d.range, d.message]),
      index.service.diagnostics(other, resolveSettings({}).settings).findings.map((f) => [f.ruleId, range(positionAt(final, f.span.start), positionAt(final, f.span.end)), f.message]),
    );
    ok(published.diagnostics.some((d) => JSON.stringify(d.message).includes('81/TCP')), 'the last ranged edit is in');
    // Full-text sync alone, as clients without incremental sync send it.
    await client.changeFull(other, 3, final.replace('port: 81\r\n', 'port: 82\r\n'));
    const full = await client.diagnostics(other, (p) => p.version === 3);
    ok(full.diagnostics.some((d) => JSON.stringify(d.message).includes('82/TCP')), 'the full text is in');
    await client.close(other);
  });
});
