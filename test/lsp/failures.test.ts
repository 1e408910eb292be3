import { deepStrictEqual, match, ok, strictEqual } from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type CodeAction, type Hover } from 'vscode-languageserver-protocol';
import { expectedHover, indexOf } from '../helpers/expectedHover';
import { FAILURE_MARKER, failuresIn, LspClient, type Failure } from '../helpers/lspClient';
import { service } from '../helpers/workspace';

/**
 * The failure marker is what every "no failures" assertion of the other suites relies on: here
 * real failures are provoked through the protocol, and their records must be exactly these. If
 * the server stops writing the marker (or changes it), this fails instead of the others passing.
 */

const text = service({ name: 'guarded', clbId: 'lb-guard', policy: 'Local', ports: [443] });
/** Line 9 is `  externalTrafficPolicy: Local`. */
const ON_LOCAL = { line: 9, character: 26 };
const withoutMessage = (failures: readonly Failure[]): Omit<Failure, 'message'>[] => failures.map(({ kind, name }) => ({ kind, name }));

describe('failures caught by the server are reported with a structured marker', { timeout: 30_000 }, () => {
  let client: LspClient;
  const uri = 'file:///failures-workspace/guarded.yaml';
  const table = (): Hover | null => expectedHover(text, ON_LOCAL, indexOf({ [uri]: text }));

  before(async () => {
    client = new LspClient({ faultable: true });
    await client.initialize(null);
    await client.open(uri, text);
    await client.diagnostics(uri, (p) => p.version === 1);
    deepStrictEqual(table()?.range, { start: { line: 9, character: 25 }, end: { line: 9, character: 30 } }, 'the table is expected there');
    deepStrictEqual(client.failures(), []);
  });
  after(async () => {
    await client.stop();
  });

  it('a handler that throws (a hover without a position): answered with null, one record, the human text kept', async () => {
    const answer = await client.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri } });
    strictEqual(answer, null);
    const failures = client.failures();
    deepStrictEqual(withoutMessage(failures), [{ kind: 'handler', name: 'hover' }]);
    match(failures[0]!.message, /line/, 'the error says what was missing');
    ok(client.logs.some((entry) => entry.includes('hover failed: ')), 'the human-readable line is still logged');
    // The server goes on answering, with the right hover.
    deepStrictEqual(await client.hover(uri, ON_LOCAL.line, ON_LOCAL.character), table());
  });

  it('another handler (a code action without its context): answered with no actions, one more record', async () => {
    const actions = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } });
    deepStrictEqual(actions, []);
    deepStrictEqual(withoutMessage(client.failures()), [
      { kind: 'handler', name: 'hover' },
      { kind: 'handler', name: 'codeAction' },
    ]);
  });

  it('a didChange without a version is refused and said in the log, not a failure; the text stays as it was', async () => {
    const before = client.failures().length;
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri }, contentChanges: [{ text: 'kind: ConfigMap\n' }] });
    await client.until(() => client.logs.some((line) => line.startsWith(`didChange refused for ${uri}`)));
    deepStrictEqual(client.failures().length, before);
    // The document is as it was: the rejected change was not applied.
    deepStrictEqual(await client.hover(uri, ON_LOCAL.line, ON_LOCAL.character), table());
  });

  it('an exception and a rejection outside any handler: both recorded, from standard error, and the server still answers', async () => {
    const before = client.failures().length;
    client.injectFaults();
    await client.until(() => client.failures().length >= before + 2);
    const injected = client.failures().slice(before).sort((a, b) => a.name.localeCompare(b.name));
    deepStrictEqual(injected, [
      { kind: 'process', name: 'uncaughtException', message: 'injected by the test: thrown from a timer' },
      { kind: 'process', name: 'unhandledRejection', message: 'injected by the test: rejected, never handled' },
    ]);
    await client.change(uri, 2, text.replace('port: 443', 'port: 8443'));
    const published = await client.diagnostics(uri, (p) => p.version === 2);
    ok(published.diagnostics.length > 0, 'the next version is analysed');
    deepStrictEqual(await client.hover(uri, ON_LOCAL.line, ON_LOCAL.character), table());
  });
});

describe('the test client reads the marker strictly', () => {
  it('a record per marker line, wherever it is in an entry; a marker line that does not parse counts as a failure too', () => {
    const record = { kind: 'rule', name: 'some-rule', message: 'boom' };
    deepStrictEqual(failuresIn([`${FAILURE_MARKER} ${JSON.stringify(record)}\nrule some-rule threw and was skipped: boom`, 'indexed 0 YAML files']), [record]);
    deepStrictEqual(failuresIn([`first line\n${FAILURE_MARKER} {"kind":"handler"}`]), [{ kind: 'unreadable', name: '', message: `${FAILURE_MARKER} {"kind":"handler"}` }]);
    deepStrictEqual(failuresIn(['hover failed: no marker, no record']), []);
  });
});
