import { deepStrictEqual, ok } from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as fc from 'fast-check';
import { type CodeAction, type Diagnostic, type TextEdit } from 'vscode-languageserver-protocol';
import { LanguageService, resolveSettings, type RawSettings } from '../../server/src/core';
import { expectedHover } from '../helpers/expectedHover';
import { LspClient, rssMb } from '../helpers/lspClient';
import { offsetAt, positionAt } from '../helpers/textSync';
import { service } from '../helpers/workspace';
import { CLI } from './support';

/**
 * A seeded, bounded fuzzer of protocol sequences (fast-check model-based commands): opens, ranged
 * edits, closes, settings changes answered slowly or at once, hovers and fix-all, against the
 * real server over stdio. After every step each open document's diagnostics must be exactly the
 * core's for the text the client holds; at checkpoints they must agree with the CLI on that text.
 */

const URIS = ['untitled:fz-a.yaml', 'untitled:fz-b.yaml', 'untitled:fz-c.yaml'] as const;
const BASES = [
  service({ name: 'a', clbId: 'lb-fz1', ports: [80], policy: 'Local' }),
  service({ name: 'b', clbId: 'lb-fz1', ports: [443, 80] }),
  service({ name: 'c', clbId: 'lb-fz2', ports: [8443], hostname: 'c.example.net' }),
  service({ name: 'd', clbId: 'lb-fz1', ports: ['53/UDP'] }).replace(/\n/g, '\r\n'),
  `${service({ name: 'e', clbId: 'lb-fz2', ports: [80] })}---\nkind: List\napiVersion: v1\nitems:\n- ${service({ name: 'f', clbId: 'lb-fz1', ports: [9090] }).replace(/\n(?=.)/g, '\n  ')}`,
];
/** What edits insert: YAML structure, breaks, values the rules read, and text that does not parse. */
const INSERTS = ['', '\n', '\r\n', '# note\n', 'port: 443', '  - port: 8443\n', 'Local', 'Cluster', 'lb-fz2', '"', '[', ': ', '---\n', '🙂', 'hostname', '{{ .Values.x }}'];
const SETTINGS: readonly RawSettings[] = [
  {},
  { kubernetesVersion: '1.23' },
  { kubeProxyMode: 'iptables' },
  { kubernetesVersion: '1.28', hostnameTemplate: '${name}.${namespace}.example.net' },
];

interface Model {
  readonly docs: Map<string, { version: number; text: string }>;
  settings: RawSettings;
  /**
   * The core fed the same texts in the same order: a file mid-edit with a syntax error keeps its
   * last good entries (no flicker), so the expectation depends on the history, not on the final texts alone.
   */
  readonly service: LanguageService;
}

interface Real {
  readonly client: LspClient;
  /** workspace/configuration answers held back (the slow client), released after the step's own notifications. */
  readonly held: (() => void)[];
  slow: boolean;
  /** While a step waits for its publications, settings are answered at once (the race was the step's own notifications). */
  answerNow: boolean;
  steps: number;
  readonly rss: number[];
}

/** An offset that splits neither a CRLF nor a surrogate pair (an editor never sends such a range). */
function safeOffset(text: string, fraction: number): number {
  let at = Math.round(fraction * text.length);
  if (at > 0 && at < text.length && text[at - 1] === '\r' && text[at] === '\n') at--;
  const code = text.charCodeAt(at);
  if (at > 0 && code >= 0xdc00 && code <= 0xdfff) at--;
  return at;
}

const comparable = (d: Pick<Diagnostic, 'code' | 'range'>): string => `${String(d.code)} ${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`;

/** The diagnostics the server must publish for each open document: the core's, on the client's texts and settings. */
function expected(model: Model): Map<string, string[]> {
  const settings = resolveSettings(model.settings).settings;
  return new Map(
    [...model.docs].map(([uri, doc]) => [
      uri,
      model.service
        .diagnostics(uri, settings)
        .findings.map((f) => comparable({ code: f.ruleId, range: { start: positionAt(doc.text, f.span.start), end: positionAt(doc.text, f.span.end) } }))
        .sort(),
    ]),
  );
}

/**
 * The barrier after a step: held settings answers released, every open document bumped to a new
 * version by an empty edit (its publication then comes after everything before it), and each
 * publication compared with the core's.
 */
async function settle(model: Model, real: Real): Promise<void> {
  for (const [uri, doc] of model.docs) {
    doc.version++;
    await real.client.edit(uri, doc.version, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '' }]);
  }
  real.answerNow = true;
  while (real.held.length > 0) real.held.shift()!();
  const want = expected(model);
  try {
    for (const [uri, doc] of model.docs) {
      const published = await real.client.diagnostics(uri, (p) => p.version === doc.version);
      deepStrictEqual(published.diagnostics.map(comparable).sort(), want.get(uri), `${uri} at version ${doc.version} after step ${real.steps}`);
    }
  } finally {
    real.answerNow = false;
  }
  real.steps++;
  if (real.steps % 25 === 0) real.rss.push(rssMb(real.client.process.pid!));
}

class Open implements fc.AsyncCommand<Model, Real> {
  constructor(readonly uri: string, readonly base: number) {}
  check = (m: Readonly<Model>): boolean => !m.docs.has(this.uri);
  async run(m: Model, r: Real): Promise<void> {
    const text = BASES[this.base]!;
    m.docs.set(this.uri, { version: 1, text });
    m.service.update(this.uri, text);
    await r.client.open(this.uri, text);
    await settle(m, r);
  }
  toString = (): string => `open ${this.uri} #${this.base}`;
}

class Edit implements fc.AsyncCommand<Model, Real> {
  constructor(readonly uri: string, readonly from: number, readonly to: number, readonly insert: number) {}
  check = (m: Readonly<Model>): boolean => m.docs.has(this.uri);
  async run(m: Model, r: Real): Promise<void> {
    const doc = m.docs.get(this.uri)!;
    const [a, b] = [safeOffset(doc.text, this.from), safeOffset(doc.text, this.to)].sort((x, y) => x - y) as [number, number];
    const range = { start: positionAt(doc.text, a), end: positionAt(doc.text, b) };
    doc.text = doc.text.slice(0, a) + INSERTS[this.insert]! + doc.text.slice(b);
    m.service.update(this.uri, doc.text);
    doc.version++;
    await r.client.edit(this.uri, doc.version, [{ range, text: INSERTS[this.insert]! }]);
    await settle(m, r);
  }
  toString = (): string => `edit ${this.uri} ${this.from.toFixed(2)}-${this.to.toFixed(2)} ${JSON.stringify(INSERTS[this.insert])}`;
}

class Close implements fc.AsyncCommand<Model, Real> {
  constructor(readonly uri: string) {}
  check = (m: Readonly<Model>): boolean => m.docs.has(this.uri);
  async run(m: Model, r: Real): Promise<void> {
    m.docs.delete(this.uri);
    m.service.remove(this.uri);
    await r.client.close(this.uri);
    await r.client.diagnostics(this.uri, (p) => p.diagnostics.length === 0 && p.version === undefined);
    await settle(m, r);
  }
  toString = (): string => `close ${this.uri}`;
}

class Configure implements fc.AsyncCommand<Model, Real> {
  constructor(readonly settings: number, readonly slow: boolean) {}
  check = (): boolean => true;
  async run(m: Model, r: Real): Promise<void> {
    m.settings = SETTINGS[this.settings]!;
    r.client.settings = { ...m.settings };
    r.slow = this.slow;
    await r.client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await settle(m, r);
  }
  toString = (): string => `configure #${this.settings}${this.slow ? ' (slow answers)' : ''}`;
}

class Hover implements fc.AsyncCommand<Model, Real> {
  constructor(readonly uri: string, readonly at: number) {}
  check = (m: Readonly<Model>): boolean => m.docs.has(this.uri);
  async run(m: Model, r: Real): Promise<void> {
    const doc = m.docs.get(this.uri)!;
    const position = positionAt(doc.text, safeOffset(doc.text, this.at));
    const answer = r.client.hover(this.uri, position.line, position.character);
    while (r.held.length > 0) r.held.shift()!();
    deepStrictEqual(await answer, expectedHover(doc.text, position, { service: m.service, uris: [...m.docs.keys()] }, m.settings), `hover at ${JSON.stringify(position)}`);
  }
  toString = (): string => `hover ${this.uri} ${this.at.toFixed(2)}`;
}

class FixAll implements fc.AsyncCommand<Model, Real> {
  constructor(readonly uri: string) {}
  check = (m: Readonly<Model>): boolean => m.docs.has(this.uri);
  async run(m: Model, r: Real): Promise<void> {
    const doc = m.docs.get(this.uri)!;
    const asked = r.client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: this.uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll'] },
    });
    while (r.held.length > 0) r.held.shift()!();
    const edits: TextEdit[] = (await asked).flatMap((a) => a.edit?.changes?.[this.uri] ?? []);
    if (edits.length === 0) return;
    // As an editor applies it on save: the edits, in one change, on the text they were made for.
    for (const edit of edits) ok(offsetAt(doc.text, edit.range.end) <= doc.text.length, 'a fix-all edit inside the text');
    // Last first: each edit then applies to the text the previous one left, as the client sends them.
    const sorted = [...edits].sort((x, y) => offsetAt(doc.text, y.range.start) - offsetAt(doc.text, x.range.start));
    for (const edit of sorted) doc.text = doc.text.slice(0, offsetAt(doc.text, edit.range.start)) + edit.newText + doc.text.slice(offsetAt(doc.text, edit.range.end));
    m.service.update(this.uri, doc.text);
    doc.version++;
    await r.client.edit(this.uri, doc.version, sorted.map((e) => ({ range: e.range, text: e.newText })));
    await settle(m, r);
  }
  toString = (): string => `fix-all ${this.uri}`;
}

const uri = fc.constantFrom(...URIS);
const fraction = fc.double({ min: 0, max: 1, noNaN: true });
const commands = (maxCommands: number): fc.Arbitrary<Iterable<fc.AsyncCommand<Model, Real>>> =>
  fc.commands(
  [
    // Opening twice as likely: most other commands need an open document.
    fc.tuple(uri, fc.nat(BASES.length - 1)).map(([u, b]) => new Open(u, b)),
    fc.tuple(uri, fc.nat(BASES.length - 1)).map(([u, b]) => new Open(u, b)),
    fc.tuple(uri, fraction, fraction, fc.nat(INSERTS.length - 1)).map(([u, a, b, i]) => new Edit(u, a, b, i)),
    uri.map((u) => new Close(u)),
    fc.tuple(fc.nat(SETTINGS.length - 1), fc.boolean()).map(([s, slow]) => new Configure(s, slow)),
    fc.tuple(uri, fraction).map(([u, a]) => new Hover(u, a)),
    uri.map((u) => new FixAll(u)),
  ],
  { maxCommands, size: 'max' },
);

/**
 * The CLI on the client's texts agrees with what the server published for them, whenever every
 * text parses (mid-edit, the editor keeps a broken file's last good Services on purpose; the CLI
 * sees only the text).
 */
function agreesWithCli(model: Model, real: Real): void {
  if (model.docs.size === 0 || [...model.docs.keys()].some((u) => model.service.parsed(u)?.documents.some((d) => d.hasErrors))) return;
  const dir = mkdtempSync(path.join(tmpdir(), 'klr-fz-'));
  try {
    const names = new Map([...model.docs.keys()].map((u) => [u, u.replace('untitled:', '')]));
    for (const [u, doc] of model.docs) writeFileSync(path.join(dir, names.get(u)!), doc.text);
    const flags = Object.entries({ 'kubernetes-version': model.settings.kubernetesVersion, 'proxy-mode': model.settings.kubeProxyMode }).flatMap(([k, v]) => (typeof v === 'string' ? [`--${k}`, v] : []));
    const run = spawnSync(process.execPath, [CLI, 'lint', '--format', 'json', ...flags, ...names.values()], { cwd: dir, encoding: 'utf8' });
    const report = JSON.parse(run.stdout) as { findings: { file: string; ruleId: string; range: { startLine: number; startColumn: number; endLine: number; endColumn: number } }[] };
    for (const [u, name] of names) {
      const fromCli = report.findings.filter((f) => f.file === name).map((f) => `${f.ruleId} ${f.range.startLine - 1}:${f.range.startColumn - 1}-${f.range.endLine - 1}:${f.range.endColumn - 1}`).sort();
      deepStrictEqual(real.client.latest.get(u)?.diagnostics.map(comparable).sort(), fromCli, `${u}: the server and the CLI agree`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs `runs` sequences with `seed`; returns the server's RSS samples (MB) of the last run. */
export async function fuzzProtocol(seed: number, runs: number, maxCommands = 40): Promise<{ steps: number; rss: number[] }> {
  let steps = 0;
  let rss: number[] = [];
  await fc.assert(
    fc.asyncProperty(commands(maxCommands), async (sequence) => {
      const client = new LspClient();
      const real: Real = { client, held: [], slow: false, answerNow: false, steps: 0, rss: [] };
      client.connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => {
        const answer = (): unknown[] => params.items.map(() => client.settings);
        if (!real.slow || real.answerNow) return answer();
        return new Promise((resolve) => real.held.push(() => { resolve(answer()); }));
      });
      try {
        await client.initialize(null);
        const model: Model = { docs: new Map(), settings: {}, service: new LanguageService() };
        await fc.asyncModelRun(() => ({ model, real }), sequence);
        agreesWithCli(model, real);
        deepStrictEqual(client.failures(), []);
        steps += real.steps;
        rss = real.rss;
      } finally {
        await client.stop();
      }
    }),
    { seed, numRuns: runs },
  );
  return { steps, rss };
}
