// A small LSP client over stdio for the bench, after test/helpers/lspClient.ts: spawns a server,
// timestamps every publishDiagnostics on arrival, answers configuration and content requests,
// and reads the child's memory from /proc.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { now } from './stats.mjs';

const require = createRequire(import.meta.url);
const { createProtocolConnection, StreamMessageReader, StreamMessageWriter } = require('vscode-languageserver-protocol/node');

export class LspClient {
  /**
   * @param {object} o
   * @param {string[]} o.args node arguments (script and its flags)
   * @param {(item: {section?: string}) => unknown} [o.configuration] answers workspace/configuration per item
   * @param {(uri: string) => string} [o.content] answers `vscode/content` (yaml-language-server's schema fetches)
   */
  constructor({ args, configuration = () => ({}), content, env }) {
    this.spawnedAt = now();
    this.process = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'], env: env ?? process.env });
    this.stderr = [];
    this.logs = [];
    this.contentRequests = [];
    this.publications = []; // { uri, version, count, at }
    this.waiters = [];
    this.logWaiters = [];
    this.exited = new Promise((resolve) => this.process.on('exit', resolve));
    this.process.stderr.on('data', (chunk) => {
      this.stderr.push(chunk.toString());
      this.onStderr?.(chunk.toString());
    });
    this.connection = createProtocolConnection(new StreamMessageReader(this.process.stdout), new StreamMessageWriter(this.process.stdin));
    this.connection.onNotification('textDocument/publishDiagnostics', (params) => {
      const p = { uri: params.uri, version: params.version, diagnostics: params.diagnostics, at: now() };
      this.publications.push(p);
      this.waiters = this.waiters.filter((w) => {
        if (w.uri !== p.uri || !w.accept(p)) return true;
        w.resolve(p);
        return false;
      });
    });
    this.connection.onNotification('window/logMessage', (params) => {
      const entry = { message: params.message, at: now() };
      this.logs.push(entry);
      this.logWaiters = this.logWaiters.filter((w) => {
        if (!w.re.test(entry.message)) return true;
        w.resolve(entry);
        return false;
      });
    });
    this.connection.onNotification(() => {}); // telemetry and the like
    this.connection.onRequest('workspace/configuration', (params) => params.items.map((item) => configuration(item)));
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('client/unregisterCapability', () => null);
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.onRequest('vscode/content', (uri) => {
      this.contentRequests.push(uri);
      if (!content) throw new Error(`no content for ${uri}`);
      return content(uri);
    });
    this.connection.listen();
  }

  async initialize(rootUri, { beforeInitialized } = {}) {
    const result = await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: rootUri ? [{ uri: rootUri, name: 'ws' }] : null,
      capabilities: {
        workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true }, didChangeWatchedFiles: { dynamicRegistration: true }, workspaceFolders: true },
        textDocument: {
          synchronization: { dynamicRegistration: true, didSave: true },
          publishDiagnostics: { relatedInformation: true, versionSupport: true },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.fixAll'] } } },
        },
      },
    });
    await beforeInitialized?.();
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  /** The first publication for `uri` (already received since `since`, or future) that `accept`s. */
  diagnostics(uri, accept = () => true, { since = -Infinity, timeoutMs = 120_000 } = {}) {
    const seen = this.publications.find((p) => p.uri === uri && p.at >= since && accept(p));
    if (seen) return Promise.resolve(seen);
    return withTimeout(new Promise((resolve) => this.waiters.push({ uri, accept: (p) => p.at >= since && accept(p), resolve })), timeoutMs, `diagnostics for ${uri}`);
  }

  log(re, timeoutMs = 300_000) {
    const seen = this.logs.find((l) => re.test(l.message));
    if (seen) return Promise.resolve(seen);
    return withTimeout(new Promise((resolve) => this.logWaiters.push({ re, resolve })), timeoutMs, `log ${re}`);
  }

  /** Resolves once no publication arrived for `quietMs`. */
  async quiet(quietMs = 300) {
    for (;;) {
      const last = this.publications.at(-1)?.at ?? 0;
      const wait = last + quietMs - now();
      if (wait <= 0) return;
      await sleep(wait);
    }
  }

  open(uri, text, version = 1) {
    return this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version, text } });
  }

  changeRange(uri, version, range, text) {
    return this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text }] });
  }

  configurationChanged(settings = {}) {
    return this.connection.sendNotification('workspace/didChangeConfiguration', { settings });
  }

  notify(method, params) {
    return this.connection.sendNotification(method, params);
  }

  request(method, params) {
    return this.connection.sendRequest(method, params);
  }

  /** VmHWM (peak RSS) and VmRSS of the server process, in MiB. */
  memory() {
    try {
      const status = readFileSync(`/proc/${this.process.pid}/status`, 'utf8');
      const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
      return { peakRssMiB: kb('VmHWM') / 1024, rssMiB: kb('VmRSS') / 1024 };
    } catch {
      return { peakRssMiB: NaN, rssMiB: NaN };
    }
  }

  async stop() {
    try {
      await withTimeout(this.connection.sendRequest('shutdown'), 5000, 'shutdown');
      await this.connection.sendNotification('exit');
    } catch {
      // already gone
    }
    await Promise.race([this.exited, sleep(2000)]);
    this.connection.dispose();
    if (this.process.exitCode === null && this.process.signalCode === null) this.process.kill();
  }
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
    }),
  ]);
}
