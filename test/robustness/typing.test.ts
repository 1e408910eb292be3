import { deepStrictEqual, match, ok, strictEqual } from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type CodeAction, type Diagnostic, type Hover, type MarkupContent } from 'vscode-languageserver-protocol';
import { LanguageService, LineIndex, resolveSettings } from '../../server/src/core';
import { expectedHover, indexOf } from '../helpers/expectedHover';
import { analyzeIn, describeAnswer } from '../helpers/workspace';
import { FINDING_TEXT } from './inputs';
import { assertFixAllIntended, assertFixIntended, assertSoundAnalysis, offsetEdits } from './oracle';
import { HTTP_TEXT, HTTPS_TEXT, LspClient, RULE_IDS, TEMPLATE } from './support';

/**
 * A user types the article's svc-https.yaml from the first character to the last: every prefix
 * is a half-typed manifest. Nothing may throw, and every fix offered on the way must leave the
 * document as it is plus the annotation.
 */

const docsLink = (id: string): string => `https://example.invalid/${id}`;

/** The same manifest with `spec` before `metadata`: its annotations are typed last, while fixes are offered. */
const SPEC_FIRST = ((): string => {
  const at = HTTPS_TEXT.indexOf('metadata:');
  const spec = HTTPS_TEXT.indexOf('spec:');
  return HTTPS_TEXT.slice(0, at) + HTTPS_TEXT.slice(spec) + HTTPS_TEXT.slice(at, spec);
})();
const TYPED = [HTTPS_TEXT, SPEC_FIRST];

/**
 * svc-http serves 80 and svc-https 443 in one cluster: neither is refused. The CLB's listener on 8443
 * (made in the console, say) is, so the reused-CLB warning and its fixes come up while typing.
 */
const CLB = 'lb-article-clb1';
const CONSOLE_LISTENER = 8443;
const LISTENER_ANSWER = describeAnswer(CLB, [[80, 'http'], [443, 'https'], [CONSOLE_LISTENER, 'https']]);
const SERVER_SETTINGS = { hostnameTemplate: TEMPLATE, knownListeners: { [CLB]: [String(CONSOLE_LISTENER)] } };

/**
 * A hover as it can be compared with the core's for the same text: exactly, except the listing of
 * a CLB's Services, which reflects the workspace index (updated after the debounce, so possibly
 * from an earlier keystroke): of it, the CLB id it names.
 */
function comparableHover(hover: Hover | null): unknown {
  if (!hover) return null;
  const value = (hover.contents as MarkupContent).value;
  const listing = /^\*\*CLB `[^`]*`\*\* is reused by /.exec(value);
  return { range: hover.range, value: listing ? listing[0] : value };
}

describe('typing svc-https.yaml one character at a time', { timeout: 120_000 }, () => {
  it('in-process: every prefix is analysed without a throw, and every offered fix re-parses as intended', () => {
    let offered = 0;
    for (const full of [...TYPED, ...TYPED.map((t) => t.replace(/\n/g, '\r\n'))]) {
      for (const raw of [{}, { hostnameTemplate: TEMPLATE }]) {
        const settings = resolveSettings(raw).settings;
        const ls = new LanguageService();
        ls.update('svc-http.yaml', HTTP_TEXT);
        deepStrictEqual(ls.setListenerFile('lb.json', LISTENER_ANSWER).problems, []);
        for (let length = 0; length <= full.length; length++) {
          const text = full.slice(0, length);
          ls.update('svc-https.yaml', text);
          const file = ls.parsed('svc-https.yaml')!;
          const analysis = ls.diagnostics('svc-https.yaml', settings);
          assertSoundAnalysis(file, analysis);
          for (const finding of analysis.findings) match(text.slice(finding.span.start, finding.span.end), FINDING_TEXT);
          for (const offset of [0, length >> 1, length]) ls.hover('svc-https.yaml', offset, settings, docsLink);
          if (analysis.findings.some((f) => f.fixes.length > 0)) offered++;
        }
        ls.update('svc-https.yaml', full);
        const final = ls.diagnostics('svc-https.yaml', settings);
        deepStrictEqual([...new Set(final.findings.map((f) => f.ruleId))].sort(), ['local-policy-in-cluster-reach', 'reused-clb-other-listener-refused']);
        const refused = final.findings.find((f) => f.ruleId === 'reused-clb-other-listener-refused')!;
        // Only the console's listener is refused (the two Services serve theirs), and the saved answer says so.
        strictEqual(refused.data.ports, `${CONSOLE_LISTENER}/TCP`);
        match(String(refused.data.listeners), /lb\.json/);
      }
    }
    ok(offered > 200, `fixes were offered on ${offered} prefixes`);
  });

  describe('through the language server, a didChange per prefix', () => {
    let client: LspClient;
    const httpUri = 'file:///typing-workspace/svc-http.yaml';
    const httpsUri = 'file:///typing-workspace/svc-https.yaml';
    before(async () => {
      client = new LspClient({ settings: SERVER_SETTINGS, collectable: true });
      await client.initialize(null);
      await client.open(httpUri, HTTP_TEXT);
      await client.diagnostics(httpUri, (p) => p.version === 1);
    });
    after(async () => {
      await client.stop();
    });

    it('answers a hover and code actions after every keystroke, each fix re-parses, and the last version is published last', async () => {
      const memoryBefore = await client.collectedRss();
      const textOf = new Map<number, string>([[1, '']]);
      await client.open(httpsUri, '', 1);
      const prefixes = TYPED.flatMap((full) => Array.from({ length: full.length }, (_, i) => full.slice(0, i + 1)));
      const last = prefixes.length + 1;
      const checks: Promise<void>[] = [];
      let actionsSeen = 0;
      let hovered = 0;
      for (const [i, text] of prefixes.entries()) {
        const version = i + 2;
        const length = text.length;
        textOf.set(version, text);
        void client.change(httpsUri, version, text);
        const lines = LineIndex.of(text);
        const end = lines.positionAt(text.length);
        const index = indexOf({ [httpUri]: HTTP_TEXT, [httpsUri]: text });
        // At the end (the key or value being typed) and half-way (something typed before).
        for (const position of [end, lines.positionAt(length >> 1)]) {
          const expected = expectedHover(text, position, index, SERVER_SETTINGS);
          if (expected) hovered++;
          checks.push(
            client.hover(httpsUri, position.line, position.character).then((hover) => {
              deepStrictEqual(comparableHover(hover), comparableHover(expected), `hover at ${JSON.stringify(position)} of version ${version}`);
            }),
          );
        }
        // Diagnostics of every rule on document 0, as a client would send them back.
        const diagnostics: Diagnostic[] = RULE_IDS.map((code) => ({ range: { start: { line: 0, character: 0 }, end }, message: '', source: 'kube-lb-reach', code, data: { ruleId: code, documentIndex: 0 } }));
        const request = client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
          textDocument: { uri: httpsUri },
          range: { start: end, end },
          context: { diagnostics, only: ['quickfix', 'source.fixAll'] },
        });
        checks.push(
          request.then((actions) => {
            for (const action of actions) {
              actionsSeen++;
              const edits = offsetEdits(lines, action.edit!.changes![httpsUri]!);
              // One Service: a quick fix is on document 0; fix-all is every safe fix's edit at once.
              const what = `${action.kind} "${action.title}" at length ${length}`;
              if (action.kind?.startsWith('source.fixAll')) assertFixAllIntended(text, edits, what);
              else assertFixIntended(text, edits, 0, what);
            }
          }),
        );
        if (checks.length >= 100) await Promise.all(checks.splice(0));
      }
      await Promise.all(checks);
      ok(actionsSeen > 100, `${actionsSeen} code actions checked`);
      ok(hovered > 100, `${hovered} hovers expected and answered`);

      const published = await client.diagnostics(httpsUri, (p) => p.version === last);
      // Never an older version after a newer one; the last version is the last published.
      const versions = client.history.filter((p) => p.uri === httpsUri).map((p) => p.version ?? 0);
      deepStrictEqual(versions, [...versions].sort((a, b) => a - b), `publication order ${versions.join(',')}`);
      strictEqual(versions[versions.length - 1], last);
      // Every publication, for whichever version, points at values of that version's text.
      for (const publication of client.history.filter((p) => p.uri === httpsUri)) {
        const text = textOf.get(publication.version!)!;
        const lines = LineIndex.of(text);
        for (const d of publication.diagnostics) match(text.slice(lines.offsetAt(d.range.start), lines.offsetAt(d.range.end)), FINDING_TEXT);
      }
      // The final diagnostics are the core's findings for the whole file.
      const { file, analysis } = analyzeIn(
        [
          [httpUri, HTTP_TEXT],
          [httpsUri, SPEC_FIRST],
        ],
        httpsUri,
        resolveSettings(SERVER_SETTINGS).settings,
      );
      const expected = analysis.findings.map((f) => [
        f.ruleId,
        file.lineIndex.positionAt(f.span.start),
        file.lineIndex.positionAt(f.span.end),
      ]);
      deepStrictEqual(
        published.diagnostics.map((d) => [d.code, d.range.start, d.range.end]),
        expected,
      );
      deepStrictEqual(client.failures(), []);
      const memoryAfter = await client.collectedRss();
      ok(memoryAfter < memoryBefore + 64, `resident memory after a full collection: ${memoryBefore.toFixed(0)} MB before, ${memoryAfter.toFixed(0)} MB after`);
    });
  });
});
