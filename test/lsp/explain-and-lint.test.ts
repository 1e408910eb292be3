import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { type Hover, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { LanguageService, resolveSettings } from '../../server/src/core';
import { EXPLAIN, LINT_WORKSPACE, type ExplainResult, type LintWorkspaceResult } from '../../server/src/lsp/protocol';
import { serverDocsLink } from '../helpers/expectedHover';
import { LspClient } from '../helpers/lspClient';
import { offsetAt } from '../helpers/textSync';
import { service } from '../helpers/workspace';

const localText = service({ name: 'web', clbId: 'lb-explain01', policy: 'Local', ports: [443] });
const positionOf = (text: string, needle: string): { line: number; character: number } => {
  const line = text.split('\n').findIndex((l) => l.includes(needle));
  return { line, character: text.split('\n')[line]!.indexOf(needle) + 1 };
};
const markdownOf = (hover: Hover | null): string => (hover?.contents as { value: string } | undefined)?.value ?? '';

/** A Service the API server rejects (spec.type in the wrong case): an Error, from service-type-invalid. */
const rejectedText = service({ name: 'broken', ports: [80] }).replace('type: LoadBalancer', 'type: loadbalancer');

describe('kubeLbReach/explain: the table the hover no longer holds', { timeout: 30_000 }, () => {
  it('answers the core\'s table for the Service at the position (every Service of the file without one), only for open documents', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'klr-explain-'));
    const uri = pathToFileURL(path.join(dir, 'web.yaml')).href;
    const two = `${localText}---\n${service({ name: 'other', type: 'NodePort', ports: [81] })}`;
    const client = new LspClient();
    try {
      await client.initialize(pathToFileURL(dir).href);
      await client.open(uri, two);
      const position = positionOf(two, 'Local');
      const result = await client.connection.sendRequest<ExplainResult | null>(EXPLAIN, { uri, position });
      const core = new LanguageService();
      core.update(uri, two);
      const settings = resolveSettings({}).settings;
      deepStrictEqual(result, { markdown: core.explainMarkdown(uri, offsetAt(two, position), settings, serverDocsLink)!.markdown, services: ['default/web'] });
      ok(result?.markdown.includes('| From | To | Outcome | Client IP | Path |'));
      deepStrictEqual((await client.connection.sendRequest<ExplainResult | null>(EXPLAIN, { uri }))?.services, ['default/web', 'default/other']);
      strictEqual(await client.connection.sendRequest(EXPLAIN, { uri: pathToFileURL(path.join(dir, 'closed.yaml')).href }), null);
      strictEqual(await client.connection.sendRequest(EXPLAIN, { position }), null);
      // A malformed position is read as none, not a failure.
      deepStrictEqual((await client.connection.sendRequest<ExplainResult | null>(EXPLAIN, { uri, position: { line: -1, character: 'x' } }))?.services, ['default/web', 'default/other']);
      deepStrictEqual(client.failures(), []);
    } finally {
      await client.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the hover leads with at most four lines and ends with the way to the table: our client\'s command, else the CLI', async () => {
    for (const options of [undefined, { ruleDocs: { uriScheme: 'vscode' } }]) {
      const dir = mkdtempSync(path.join(tmpdir(), 'klr-explain-'));
      const uri = pathToFileURL(path.join(dir, 'web.yaml')).href;
      const client = new LspClient();
      try {
        await client.initialize(pathToFileURL(dir).href, options);
        await client.open(uri, localText);
        const position = positionOf(localText, 'Local');
        const lines = markdownOf(await client.hover(uri, position.line, position.character)).split('\n').filter((l) => l.trim() !== '');
        ok(lines.length <= 4, lines.join('\n'));
        const expectedLast = options
          ? `[Explain reachability](command:kubeLbReach.explainReachability?${encodeURIComponent(JSON.stringify([uri, position]))}): the full table, every source and why.`
          : 'The full table, every source and why: `kube-lb-reach explain web.yaml`';
        strictEqual(lines.at(-1), expectedLast, JSON.stringify(options));
      } finally {
        await client.stop();
        rmSync(dir, { recursive: true, force: true });
      }
    }
  });
});

describe('kubeLbReach/lintWorkspace: an Error in a file nobody opened is published', { timeout: 30_000 }, () => {
  it('publishes the findings of closed files, counts open ones by their editor text, and clears a file fixed since', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'klr-lint-'));
    mkdirSync(path.join(dir, 'deep', 'er'), { recursive: true });
    const closedPath = path.join(dir, 'deep', 'er', 'broken.yaml');
    writeFileSync(closedPath, rejectedText);
    writeFileSync(path.join(dir, 'fine.yaml'), service({ name: 'fine', type: 'ClusterIP' }));
    writeFileSync(path.join(dir, 'open.yaml'), rejectedText.replace('broken', 'open'));
    const closedUri = pathToFileURL(closedPath).href;
    const openUri = pathToFileURL(path.join(dir, 'open.yaml')).href;
    const client = new LspClient();
    try {
      await client.initialize(pathToFileURL(dir).href);
      // Open, with the error fixed in the editor: its editor text counts, not the disk's.
      await client.open(openUri, service({ name: 'open', type: 'ClusterIP' }));
      await client.diagnostics(openUri, () => true);
      const counts = await client.connection.sendRequest<LintWorkspaceResult | null>(LINT_WORKSPACE, {});
      deepStrictEqual(counts, { files: 3, filesWithFindings: 1, errors: 1, warnings: 0, information: 0, hints: 0, skipped: 0, truncated: false });
      const published = await client.diagnostics(closedUri, (p) => p.diagnostics.length > 0);
      const core = new LanguageService();
      core.update(closedUri, rejectedText);
      const expected = core.diagnostics(closedUri, resolveSettings({}).settings).findings;
      deepStrictEqual(
        published.diagnostics.map((d) => [d.code, d.severity, d.message]),
        expected.map((f) => [f.ruleId, 1, f.message]),
      );
      strictEqual(published.diagnostics[0]?.code, 'service-type-invalid');
      // Fixed on disk: the next run takes its finding back.
      writeFileSync(closedPath, service({ name: 'broken', ports: [80] }));
      const again = await client.connection.sendRequest<LintWorkspaceResult | null>(LINT_WORKSPACE, {});
      strictEqual(again?.errors, 0);
      await client.diagnostics(closedUri, (p) => p.diagnostics.length === 0);
      // Broken again on disk, as a watcher reports it: linted again without asking.
      writeFileSync(closedPath, rejectedText);
      await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: closedUri, type: 2 }] });
      await client.diagnostics(closedUri, (p) => p.diagnostics.length === 1);
      // Opened (its publication is the editor's), closed: the close clears it, and the linter puts it back.
      await client.open(closedUri, rejectedText);
      await client.diagnostics(closedUri, (p) => p.version === 1);
      const before = client.history.length;
      await client.close(closedUri);
      const after = (): PublishDiagnosticsParams[] => client.history.slice(before).filter((p) => p.uri === closedUri);
      await client.until(() => after().length >= 2);
      deepStrictEqual(after().map((p) => p.diagnostics.map((d) => d.code)), [[], ['service-type-invalid']]);
      deepStrictEqual(client.failures(), []);
    } finally {
      await client.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('without workspace folders: nothing to read, all counts zero', async () => {
    const client = new LspClient();
    try {
      await client.initialize(null);
      deepStrictEqual(await client.connection.sendRequest(LINT_WORKSPACE, {}), { files: 0, filesWithFindings: 0, errors: 0, warnings: 0, information: 0, hints: 0, skipped: 0, truncated: false });
    } finally {
      await client.stop();
    }
  });
});
