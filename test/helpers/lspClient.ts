import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ok } from 'node:assert/strict';
import { type TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type Hover,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  ResponseError,
} from 'vscode-languageserver-protocol/node';
import { applyEdits, minimalChange, type RangedEdit } from './textSync';

export const SERVER = path.resolve(__dirname, '..', '..', '..', 'dist', 'server.js');

/** A process's resident memory in MB (Linux: /proc). */
export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+) kB/m.exec(status);
  ok(match?.[1], 'VmRSS in /proc/PID/status');
  return Number(match[1]) / 1024;
}

/**
 * A failure the server caught and reported. The marker is spelled out here, not imported from the
 * server: it is a contract, and the guard test fails if the server stops writing it.
 */
export const FAILURE_MARKER = '[kube-lb-reach:failure]';

export interface Failure {
  /** `handler`, `rule`, `process` from the marker; `error-message` for a logMessage of type Error; `unreadable` for a marker line that does not parse. */
  readonly kind: string;
  readonly name: string;
  readonly message: string;
}

/** The failures in log entries (an entry may hold several lines). */
export function failuresIn(entries: readonly string[]): Failure[] {
  const failures: Failure[] = [];
  for (const line of entries.flatMap((entry) => entry.split(/\r?\n/))) {
    if (!line.startsWith(FAILURE_MARKER)) continue;
    failures.push(parseRecord(line.slice(FAILURE_MARKER.length)) ?? { kind: 'unreadable', name: '', message: line });
  }
  return failures;
}

function parseRecord(json: string): Failure | undefined {
  try {
    const value: unknown = JSON.parse(json);
    if (typeof value !== 'object' || value === null) return undefined;
    const { kind, name, message } = value as Record<string, unknown>;
    return typeof kind === 'string' && typeof name === 'string' && typeof message === 'string' ? { kind, name, message } : undefined;
  } catch {
    return undefined;
  }
}

/** window/logMessage's MessageType.Error: the server logs at Log level only, so this comes from the library (a handler outside `guard`). */
const MESSAGE_TYPE_ERROR = 1;

interface Waiter {
  readonly accept: () => boolean;
  readonly resolve: () => void;
}

export interface ClientOptions {
  readonly settings?: Record<string, unknown>;
  /** Preload gcOnSignal into the server, so `collect()` can ask it for a full garbage collection. */
  readonly collectable?: boolean;
  /** Preload faultOnSignal into the server, so `injectFaults()` can make it throw outside any handler. */
  readonly faultable?: boolean;
  /** Preload holdReadsOnSignal: the results of disk reads of paths containing this are held until `releaseReads()`. */
  readonly holdReadsOf?: string;
  /** The server's working directory (default: this process's). */
  readonly cwd?: string;
  /** Variables set or replaced in the server's environment (PATH, to put a fake kubectl first). */
  readonly env?: Readonly<Record<string, string>>;
  /** Declare LSP 3.17 pull diagnostics (`textDocument.diagnostic`, refresh support), as vscode-languageclient 11 does. */
  readonly pull?: boolean;
  /** Answer every `client/registerCapability` with an error, as a client that refuses them does. */
  readonly refuseRegistrations?: boolean;
  /** Declare `workspace.configuration` (default true); false: a client that only pushes its settings. */
  readonly configuration?: boolean;
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
  /** Every window/logMessage, and every complete line of standard error. */
  readonly logs: string[] = [];
  settings: Record<string, unknown>;
  /** How many `workspace/diagnostic/refresh` requests the server sent. */
  refreshes = 0;
  /** How many `workspace/configuration` requests the server sent. */
  configurationRequests = 0;
  /** `$/progress` values by token (partial results of a workspace pull). */
  readonly progress = new Map<string | number, unknown[]>();
  private readonly pull: boolean;
  private readonly configuration: boolean;
  private pending: Waiter[] = [];
  private collections = 0;
  private stderrTail = '';
  private readonly failureLog: Failure[] = [];
  /** The client's copy of each open document, from which ranged changes are computed. */
  private readonly texts = new Map<string, string>();

  constructor(options: ClientOptions = {}) {
    this.settings = options.settings ?? {};
    this.pull = options.pull ?? false;
    this.configuration = options.configuration ?? true;
    // Every preload answers SIGUSR2 (SIGUSR1 is Node's inspector): one at a time.
    const preloads = [
      ...(options.collectable ? [['--expose-gc', '-r', path.join(__dirname, 'gcOnSignal.js')]] : []),
      ...(options.faultable ? [['-r', path.join(__dirname, 'faultOnSignal.js')]] : []),
      ...(options.holdReadsOf !== undefined ? [['-r', path.join(__dirname, 'holdReadsOnSignal.js')]] : []),
    ];
    if (preloads.length > 1) throw new Error('collectable, faultable and holdReadsOf all use SIGUSR2: one at a time');
    const env = { ...process.env, ...options.env, ...(options.holdReadsOf !== undefined ? { KLR_TEST_HOLD_READS: options.holdReadsOf } : {}) };
    this.process = spawn(process.execPath, [...(preloads[0] ?? []), SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env, ...(options.cwd ? { cwd: options.cwd } : {}) });
    this.process.stderr?.setEncoding('utf8');
    this.process.stderr?.on('data', (chunk: string) => {
      // A line may arrive in pieces: only whole lines are logged, so a marker is never cut.
      const lines = (this.stderrTail + chunk).split('\n');
      this.stderrTail = lines.pop()!;
      for (const line of lines) {
        if (line === 'kube-lb-reach-test: collected') this.collections++;
        this.logs.push(line);
        this.failureLog.push(...failuresIn([line]));
      }
      this.settle();
    });
    this.connection = createProtocolConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.history.push(params);
      this.latest.set(params.uri, params);
      this.settle();
    });
    this.connection.onNotification('window/logMessage', (params: { type: number; message: string }) => {
      this.logs.push(params.message);
      this.failureLog.push(...failuresIn([params.message]));
      if (params.type === MESSAGE_TYPE_ERROR) this.failureLog.push({ kind: 'error-message', name: 'window/logMessage', message: params.message });
      this.settle();
    });
    this.connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => {
      this.configurationRequests++;
      return params.items.map(() => this.settings);
    });
    this.connection.onRequest('client/registerCapability', () => (options.refuseRegistrations === true ? new ResponseError(-32601, 'registrations refused by this test client') : null));
    this.connection.onRequest('workspace/diagnostic/refresh', () => {
      this.refreshes++;
      this.settle();
      return null;
    });
    this.connection.onNotification('$/progress', (params: { token: string | number; value: unknown }) => {
      this.progress.set(params.token, [...(this.progress.get(params.token) ?? []), params.value]);
      this.settle();
    });
    this.connection.listen();
  }

  async initialize(rootUri: string | null, initializationOptions?: unknown): Promise<{ capabilities: Record<string, unknown> }> {
    const result = await this.connection.sendRequest<{ capabilities: Record<string, unknown> }>('initialize', {
      processId: process.pid,
      rootUri,
      initializationOptions,
      workspaceFolders: rootUri ? [{ uri: rootUri, name: 'ws' }] : null,
      capabilities: {
        workspace: { configuration: this.configuration, workspaceFolders: true, didChangeWatchedFiles: { dynamicRegistration: true }, ...(this.pull ? { diagnostics: { refreshSupport: true } } : {}) },
        textDocument: {
          publishDiagnostics: { relatedInformation: true },
          hover: { contentFormat: ['markdown'] },
          ...(this.pull ? { diagnostic: { dynamicRegistration: true, relatedInformation: true, codeDescriptionSupport: true, dataSupport: true } } : {}),
        },
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
    this.texts.set(uri, text);
    return this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version, text } });
  }

  /** The client's copy of an open document. */
  text(uri: string): string {
    const text = this.texts.get(uri);
    if (text === undefined) throw new Error(`${uri} is not open`);
    return text;
  }

  /** Changes an open document to `text` as an editor does: one ranged change of the part that differs. */
  change(uri: string, version: number, text: string): Promise<void> {
    const change = minimalChange(this.text(uri), text);
    // An editor sends no didChange without a change; nor does a test mean to.
    if (!change) throw new Error(`change ${uri} to version ${version}: the text is unchanged`);
    return this.sendChanges(uri, version, [change], text);
  }

  /** Sends specific ranged edits in one notification; each applies to the text the previous one left. */
  edit(uri: string, version: number, edits: readonly RangedEdit[]): Promise<void> {
    const text = applyEdits(this.text(uri), edits);
    return this.sendChanges(uri, version, edits, text);
  }

  /** Full-text sync, for the tests of it: the whole text as the one change. */
  changeFull(uri: string, version: number, text: string): Promise<void> {
    this.text(uri); // only an open document changes
    return this.sendChanges(uri, version, [{ text }], text);
  }

  private sendChanges(uri: string, version: number, contentChanges: readonly TextDocumentContentChangeEvent[], text: string): Promise<void> {
    this.texts.set(uri, text);
    return this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
  }

  close(uri: string): Promise<void> {
    this.texts.delete(uri);
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

  /** Makes the server throw outside any handler, once (needs `faultable`). */
  injectFaults(): void {
    this.process.kill('SIGUSR2');
  }

  /** Hands the held disk reads over to the server (needs `holdReadsOf`); resolves once it has them. */
  async releaseReads(): Promise<void> {
    const released = (): number => this.logs.filter((line) => line === 'kube-lb-reach-test: released').length;
    const before = released();
    this.process.kill('SIGUSR2');
    await this.until(() => released() > before);
  }

  /** The failures the server reported with the marker, and any error-level log message. */
  failures(): Failure[] {
    return [...this.failureLog];
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

