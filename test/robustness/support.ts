import { ok } from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type Hover,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';

/** The repository root (this file runs from out/test/robustness). */
export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const CLI = path.join(ROOT, 'dist', 'cli.js');
export const SERVER = path.join(ROOT, 'dist', 'server.js');
const EXAMPLES = path.join(ROOT, 'examples', 'article-reused-clb');
/** The article's two Services on one CLB: svc1 serves 80, svc2 (Local policy) serves 443. */
export const HTTP_TEXT = readFileSync(path.join(EXAMPLES, 'svc-http.yaml'), 'utf8');
export const HTTPS_TEXT = readFileSync(path.join(EXAMPLES, 'svc-https.yaml'), 'utf8');
export const TEMPLATE = '${name}.${namespace}.example.net';
export const RULE_IDS = ['reused-clb-other-listener-refused', 'reused-clb-port-conflict', 'local-policy-in-cluster-reach'];

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
export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+) kB/m.exec(status);
  ok(match?.[1], 'VmRSS in /proc/PID/status');
  return Number(match[1]) / 1024;
}

interface Waiter {
  readonly accept: () => boolean;
  readonly resolve: () => void;
}

export interface ClientOptions {
  readonly settings?: Record<string, unknown>;
  /** Preload gcOnSignal into the server, so `collect()` can ask it for a full garbage collection. */
  readonly collectable?: boolean;
  /** The server's working directory (default: this process's). */
  readonly cwd?: string;
}

/**
 * A stdio LSP client of `node dist/server.js --stdio`, as test/helpers/lspClient.ts, that also
 * records every publication in arrival order (to prove an older version is never published after
 * a newer one) and every log line, and waits for anything by predicate, never by sleeping.
 */
export class RecordingClient {
  readonly connection: ProtocolConnection;
  readonly process: ChildProcess;
  readonly latest = new Map<string, PublishDiagnosticsParams>();
  readonly history: PublishDiagnosticsParams[] = [];
  readonly logs: string[] = [];
  settings: Record<string, unknown>;
  private pending: Waiter[] = [];
  private collections = 0;

  constructor(options: ClientOptions = {}) {
    this.settings = options.settings ?? {};
    const preload = options.collectable ? ['--expose-gc', '-r', path.join(__dirname, 'gcOnSignal.js')] : [];
    this.process = spawn(process.execPath, [...preload, SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], ...(options.cwd ? { cwd: options.cwd } : {}) });
    this.process.stderr?.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      this.collections += text.split('kube-lb-reach-test: collected').length - 1;
      this.logs.push(text);
      this.settle();
    });
    this.connection = createProtocolConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.history.push(params);
      this.latest.set(params.uri, params);
      this.settle();
    });
    this.connection.onNotification('window/logMessage', (params: { message: string }) => {
      this.logs.push(params.message);
      this.settle();
    });
    this.connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => this.settings));
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.listen();
  }

  async initialize(rootUri: string | null): Promise<void> {
    await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: rootUri ? [{ uri: rootUri, name: 'ws' }] : null,
      capabilities: {
        workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } },
        textDocument: { publishDiagnostics: { relatedInformation: true }, hover: { contentFormat: ['markdown'] } },
      },
    });
    await this.connection.sendNotification('initialized', {});
  }

  private settle(): void {
    this.pending = this.pending.filter((w) => {
      if (!w.accept()) return true;
      w.resolve();
      return false;
    });
  }

  /** Resolves once `accept` holds (checked now and after every publication or log line). */
  until(accept: () => boolean): Promise<void> {
    if (accept()) return Promise.resolve();
    return new Promise((resolve) => this.pending.push({ accept, resolve }));
  }

  /** The first publication for `uri` (the latest one, or a future one) that `accept`s. */
  async diagnostics(uri: string, accept: (params: PublishDiagnosticsParams) => boolean): Promise<PublishDiagnosticsParams> {
    const matches = (): PublishDiagnosticsParams | undefined => {
      const current = this.latest.get(uri);
      return current && accept(current) ? current : undefined;
    };
    await this.until(() => matches() !== undefined);
    return matches()!;
  }

  open(uri: string, text: string, version = 1): Promise<void> {
    return this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version, text } });
  }

  change(uri: string, version: number, text: string): Promise<void> {
    return this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  close(uri: string): Promise<void> {
    return this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  hover(uri: string, line = 0, character = 0): Promise<Hover | null> {
    return this.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line, character } });
  }

  /** The server's resident memory (MB) after a full garbage collection (needs `collectable`). */
  async collectedRss(): Promise<number> {
    const before = this.collections;
    this.process.kill('SIGUSR2');
    await this.until(() => this.collections > before);
    return rssMb(this.process.pid!);
  }

  /** Log lines that say a handler failed, a rule threw, or something escaped. */
  failures(): string[] {
    return this.logs.filter((line) => /failed:|threw|uncaught|unhandled/i.test(line));
  }

  async stop(): Promise<void> {
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } catch {
      // already gone
    }
    this.connection.dispose();
    if (this.process.exitCode === null) this.process.kill();
  }
}

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
