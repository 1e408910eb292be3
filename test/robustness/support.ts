import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { RULES } from '../../server/src/core';
export { LspClient, rssMb, SERVER } from '../helpers/lspClient';

/** The repository root (this file runs from out/test/robustness). */
export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const CLI = path.join(ROOT, 'dist', 'cli.js');
/**
 * The article's two Services on one CLB: svc1 serves 80 (the shipped example), svc2 (Local policy)
 * serves 443 (kept as test data: the example now shows the article's real case, one Service and
 * the CLB's listener list).
 */
export const HTTP_TEXT = readFileSync(path.join(ROOT, 'examples', 'article-reused-clb', 'svc-http.yaml'), 'utf8');
export const HTTPS_TEXT = readFileSync(path.join(ROOT, 'test', 'data', 'article', 'svc-https.yaml'), 'utf8');
export const TEMPLATE = '${name}.${namespace}.example.net';
export const RULE_IDS = RULES.map((rule) => rule.id);

/** A fresh temporary folder with `files` (relative path → text or bytes). */
export function makeDir(files: Record<string, string | Buffer> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'klr-robust-'));
  for (const [name, content] of Object.entries(files)) writeIn(dir, name, content);
  return dir;
}

export function writeIn(dir: string, name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
  return file;
}

export function removeDir(dir: string | undefined): void {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
}

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/** `node dist/cli.js ARGS` in `cwd`, to its exit (a hang fails the test at the timeout). */
export function runCli(cwd: string, args: readonly string[], timeout = 30_000): CliResult {
  const started = Date.now();
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], timeout, maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw result.error;
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, ms: Date.now() - started };
}

/** The resident memory of a process in MB, from /proc (Linux). */
/** A diagnostic's message as text (LSP allows markup). */
export function messageOf(diagnostic: { message: string | { value: string } }): string {
  return typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value;
}

/** Every `{{ … }}` of a Helm template, as offsets. */
export function templateSpans(text: string): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  const pattern = /\{\{[\s\S]*?(\}\}|$)/g;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) spans.push({ start: match.index, end: match.index + match[0].length });
  return spans;
}
