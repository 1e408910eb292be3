import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ok } from 'node:assert/strict';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type Hover,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';

export const SERVER = path.resolve(__dirname, '..', '..', '..', 'dist', 'server.js');

/** A process's resident memory in MB (Linux: /proc). */
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
 * A minimal LSP client that speaks to `node dist/server.js --stdio` over its pipes, as any editor
 * would. It records every publication in arrival order (to prove an older version is never
 * published after a newer one) and every log line, and waits for anything by predicate, never by
 * sleeping.
 */
export class LspClient {
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

  async initialize(rootUri: string | null, initializationOptions?: unknown): Promise<{ capabilities: Record<string, unknown> }> {
    const result = await this.connection.sendRequest<{ capabilities: Record<string, unknown> }>('initialize', {
      processId: process.pid,
      rootUri,
      initializationOptions,
      workspaceFolders: rootUri ? [{ uri: rootUri, name: 'ws' }] : null,
      capabilities: {
        workspace: { configuration: true, workspaceFolders: true, didChangeWatchedFiles: { dynamicRegistration: true } },
        textDocument: { publishDiagnostics: { relatedInformation: true }, hover: { contentFormat: ['markdown'] } },
      },
    });
    await this.connection.sendNotification('initialized', {});
    return result;
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

