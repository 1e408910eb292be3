import { deepStrictEqual, match, ok, strictEqual } from 'node:assert/strict';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { type PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { LineIndex } from '../../server/src/core';
import { LspClient } from '../helpers/lspClient';
import { service } from '../helpers/workspace';

const CLB = 'lb-hygiene';
const codes = (p: PublishDiagnosticsParams): string[] => p.diagnostics.map((d) => String(d.code)).sort();

/** Every publication points at text of its own version: each diagnostic's range covers a quoted CLB id or a value. */
function assertPublicationsMatch(client: LspClient, uri: string, textOf: Map<number, string>): void {
  for (const publication of client.history.filter((p) => p.uri === uri && p.diagnostics.length > 0)) {
    const text = textOf.get(publication.version!);
    ok(text !== undefined, `published for a version the client sent: ${publication.version}`);
    const lines = LineIndex.of(text);
    for (const d of publication.diagnostics) match(text.slice(lines.offsetAt(d.range.start), lines.offsetAt(d.range.end)), /^("lb-[a-z-]+"|Local|\d+)$/);
  }
}

/** The error code a request is answered with, or `answered`. */
const errorCodeOf = (request: Promise<unknown>): Promise<number | 'answered'> =>
  request.then(
    () => 'answered' as const,
    (error: unknown) => (error as { code: number }).code,
  );
const hoverRequest = (client: LspClient): Promise<unknown> => client.connection.sendRequest('textDocument/hover', { textDocument: { uri: 'untitled:a' }, position: { line: 0, character: 0 } });

describe('protocol hygiene', { timeout: 20_000 }, () => {
  it('the life cycle: no request before initialize, one initialize, none after shutdown', async () => {
    const client = new LspClient();
    try {
      strictEqual(await errorCodeOf(hoverRequest(client)), -32002);
      await client.initialize(null);
      strictEqual(await errorCodeOf(client.initialize(null)), -32600);
      await client.connection.sendRequest('shutdown');
      strictEqual(await errorCodeOf(hoverRequest(client)), -32600);
    } finally {
      await client.stop();
    }
  });

  it('a change with non-integer positions is refused and logged; the text stays in sync for the changes after it', async () => {
    const client = new LspClient();
    try {
      await client.initialize(null);
      const uri = 'untitled:bad-positions.yaml';
      const text = service({ name: 'a', clbId: CLB, policy: 'Local' });
      await client.open(uri, text);
      await client.diagnostics(uri, (p) => p.version === 1);
      for (const [version, start] of [
        [2, { line: 1.5, character: 0 }],
        [3, { line: '1', character: 0 }],
        [4, { line: -1, character: 0 }],
      ] as const) {
        await client.connection.sendNotification('textDocument/didChange', {
          textDocument: { uri, version },
          contentChanges: [{ range: { start, end: { line: 2, character: 0 } }, text: 'junk: [\n' }],
        });
      }
      await client.until(() => client.logs.filter((l) => l.includes('didChange refused for untitled:bad-positions.yaml')).length === 3);
      // A valid ranged change on top of the text as it was: insert a comment line at the top.
      await client.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: 5 },
        contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# top\n' }],
      });
      await client.diagnostics(uri, (p) => p.version === 5);
      assertPublicationsMatch(client, uri, new Map([[1, text], [5, `# top\n${text}`]]));
    } finally {
      await client.stop();
    }
  });

  it('a didChange or a second didOpen that repeats a version still replaces the text', async () => {
    const client = new LspClient();
    try {
      await client.initialize(null);
      const uri = 'untitled:repeat.yaml';
      const first = service({ name: 'a', clbId: CLB, ports: [80] });
      const second = `# moved\n# down\n${first}`;
      await client.open(uri, first, 3);
      await client.diagnostics(uri, (p) => p.version === 3 && p.diagnostics.length > 0);
      await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ text: second }] });
      await client.until(() => client.history.filter((p) => p.uri === uri && p.version === 3).length >= 2);
      const latest = client.latest.get(uri)!;
      strictEqual(latest.diagnostics[0]!.range.start.line, 8, 'the diagnostic moved with the text');
      await client.open(uri, first, 3);
      await client.until(() => client.latest.get(uri)?.diagnostics[0]?.range.start.line === 6);
    } finally {
      await client.stop();
    }
  });
});

describe('settings pulled slowly from the client', { timeout: 20_000 }, () => {
  it('a keystroke while workspace/configuration is pending: no result of the old version is published with the new text', async () => {
    const client = new LspClient();
    const answers: (() => void)[] = [];
    let asked: () => void = () => undefined;
    const firstAsk = new Promise<void>((resolve) => (asked = resolve));
    client.connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => {
      const answer = new Promise((resolve) => {
        answers.push(() => {
          resolve(params.items.map(() => ({ kubernetesVersion: '1.28' })));
        });
      });
      asked();
      return answer;
    });
    try {
      await client.initialize(null);
      const uri = 'untitled:slow.yaml';
      const v1 = service({ name: 'a', clbId: CLB, policy: 'Local' });
      await client.open(uri, v1);
      await firstAsk;
      // Version 2 shifts every line down while the server waits for version 1's settings.
      await client.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: 2 },
        contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# a\n# b\n' }],
      });
      // A hover in between: answered on version 2's text, with version 2's positions.
      const hoverAt = `# a\n# b\n${v1}`.split('\n').findIndex((line) => line.includes('externalTrafficPolicy'));
      const hovering = client.hover(uri, hoverAt, 4);
      // Answered only now: every later request is answered at once.
      while (answers.length > 0) answers.shift()!();
      client.connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => ({ kubernetesVersion: '1.28' })));
      const hover = await hovering;
      strictEqual(hover?.range?.start.line, hoverAt);
      await client.diagnostics(uri, (p) => p.version === 2 && p.diagnostics.length > 0);
      assertPublicationsMatch(client, uri, new Map([[1, v1], [2, `# a\n# b\n${v1}`]]));
    } finally {
      await client.stop();
    }
  });
});

describe('nothing from outside the workspace', { timeout: 20_000 }, () => {
  it('a watched-file event naming a file outside the folders, or a symbolic link inside them, is not read', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'klr-inside-'));
    const outside = mkdtempSync(path.join(tmpdir(), 'klr-outside-'));
    const client = new LspClient();
    try {
      writeFileSync(path.join(outside, 'secret.yaml'), service({ name: 'secret', clbId: CLB, ports: [80] }));
      symlinkSync(path.join(outside, 'secret.yaml'), path.join(dir, 'link.yaml'));
      await client.initialize(pathToFileURL(dir).href);
      await client.until(() => client.logs.some((line) => line.startsWith('indexed')));
      const uri = pathToFileURL(path.join(dir, 'a.yaml')).href;
      await client.open(uri, service({ name: 'a', clbId: CLB, ports: [80] }));
      await client.diagnostics(uri, (p) => p.diagnostics.length > 0);
      await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
        changes: [
          { uri: pathToFileURL(path.join(outside, 'secret.yaml')).href, type: 1 },
          { uri: `${pathToFileURL(dir).href}/../${path.basename(outside)}/secret.yaml`, type: 2 },
          { uri: pathToFileURL(path.join(dir, 'link.yaml')).href, type: 2 },
        ],
      });
      // A change to the open document after the events: its publication comes after they were handled.
      await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: `# x\n${service({ name: 'a', clbId: CLB, ports: [80] })}` }] });
      const published = await client.diagnostics(uri, (p) => p.version === 2);
      deepStrictEqual(codes(published), ['reused-clb-listeners-unknown']);
    } finally {
      await client.stop();
      rmSync(dir, { recursive: true, force: true });
      rmSync(outside, { recursive: true, force: true });
    }
  });
});

describe('ranges past the end of the text', { timeout: 20_000 }, () => {
  it('are clamped to its end, one change after another, so the text stays what the client holds', async () => {
    const client = new LspClient();
    try {
      await client.initialize(null);
      const uri = 'untitled:past-end.yaml';
      await client.open(uri, 'a');
      await client.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: 2 },
        contentChanges: [
          { range: { start: { line: 1, character: 0 }, end: { line: 2, character: 0 } }, text: '\n' },
          { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: 'b' },
        ],
      });
      await client.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: 3 },
        contentChanges: [
          { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, text: 'metadata:\n  annotations:' },
          { range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, text: '    ' },
        ],
      });
      // Were the text `a\nba\n` (the library's), line 2 would not be `    b` under metadata.annotations.
      const items = await client.connection.sendRequest<{ label: string; textEdit: { range: unknown } }[]>('textDocument/completion', { textDocument: { uri }, position: { line: 2, character: 5 } });
      ok(items.length > 0, 'the key being typed is under metadata.annotations');
      deepStrictEqual(items[0]!.textEdit.range, { start: { line: 2, character: 4 }, end: { line: 2, character: 5 } });
    } finally {
      await client.stop();
    }
  });
});
