import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient } from './lspClient';

// The overlays and the fixture of the render.kustomize protocol tests (push and pull).

export const RENDER_FAILED = 'kustomize-render-failed';
export const WARNING = 2;
export const SETTING = 'kubeLbReach.render.kustomize';

export const BASE_SERVICE = ['apiVersion: v1', 'kind: Service', 'metadata:', '  name: web', 'spec:', '  type: LoadBalancer', '  selector:', '    app: web', '  ports:', '    - port: 80', ''].join('\n');
export const OVERLAY = ['resources:', '  - service.yaml', ''].join('\n');
export const BROKEN_OVERLAY = ['resources:', '  - missing.yaml', ''].join('\n');

export const ID_KEY = ['service.beta.kubernetes.io', 'alibaba-cloud-loadbalancer-id'].join('/');
export const CLB = 'lb-render-1';
export const PATCH = ['apiVersion: v1', 'kind: Service', 'metadata:', '  name: web', '  annotations:', `    ${ID_KEY}: "${CLB}"`, ''].join('\n');
/** An overlay over ../../base whose patch adds the CLB id: only the render has a Service on that CLB. */
export const PROD_FILES = {
  'base/kustomization.yaml': OVERLAY,
  'base/service.yaml': BASE_SERVICE,
  'overlays/prod/kustomization.yaml': ['resources:', '  - ../../base', 'patches:', '  - path: clb.yaml', ''].join('\n'),
  'overlays/prod/clb.yaml': PATCH,
};

export const textOf = (message: string | { readonly value: string }): string => (typeof message === 'string' ? message : message.value);

/** Resolves once `file` exists, looking every 20 ms (for a program the server started, which sends no event). */
export async function untilExists(file: string): Promise<void> {
  while (!existsSync(file)) await new Promise((resolve) => setTimeout(resolve, 20));
}

/**
 * A workspace folder with an overlay, a client on it, and a PATH whose first `kubectl` may be a
 * fake one that writes a marker file (then fails): whether the server ran kubectl at all is then
 * a file on disk, not a guess from silence.
 */
export class KustomizeFixture {
  readonly dir = mkdtempSync(path.join(tmpdir(), 'klr-lsp-render-'));
  readonly bin = path.join(this.dir, '.bin');
  readonly marker = path.join(this.dir, '.bin', 'kubectl-ran');
  client: LspClient | undefined;

  constructor(files: Record<string, string>) {
    for (const [name, text] of Object.entries(files)) this.write(name, text);
  }

  write(name: string, text: string): void {
    mkdirSync(path.dirname(path.join(this.dir, name)), { recursive: true });
    writeFileSync(path.join(this.dir, name), text);
  }

  uri(name: string): string {
    return pathToFileURL(path.join(this.dir, name)).href;
  }

  /** Puts a `kubectl` first on PATH that records each run in the marker file and prints stderr. */
  fakeKubectl(): void {
    mkdirSync(this.bin, { recursive: true });
    const script = path.join(this.bin, 'kubectl');
    writeFileSync(script, `#!/bin/sh\necho "$@" >> '${this.marker}'\necho 'error: fake kubectl' >&2\nexit 1\n`);
    chmodSync(script, 0o755);
  }

  /**
   * A `kubectl` whose first run waits (up to 20 s: until the server stops it) and whose later runs
   * fail at once. Each run logs `start N`, `end N`, and `overlap` when the previous one still lives.
   */
  slowFirstKubectl(): string {
    mkdirSync(this.bin, { recursive: true });
    const log = path.join(this.bin, 'runs.log');
    const pidFile = path.join(this.bin, 'last.pid');
    const script = [
      '#!/bin/sh',
      `if [ -e '${pidFile}' ] && kill -0 "$(cat '${pidFile}')" 2>/dev/null; then echo overlap >> '${log}'; fi`,
      `echo $$ > '${pidFile}'`,
      `n=$(( $(cat '${log}' 2>/dev/null | grep -c start) + 1 ))`,
      `echo "start $n" >> '${log}'`,
      `if [ "$n" = 1 ]; then i=0; while [ $i -lt 200 ]; do sleep 0.1; i=$((i+1)); done; fi`,
      `echo "end $n" >> '${log}'`,
      "echo 'error: fake kubectl' >&2",
      'exit 1',
      '',
    ].join('\n');
    writeFileSync(path.join(this.bin, 'kubectl'), script);
    chmodSync(path.join(this.bin, 'kubectl'), 0o755);
    return log;
  }

  /**
   * Puts a `kubectl` first on PATH that runs the real one (found on PATH now) and records, one
   * line a run, whether the render read a shadow copy (`shadow`, the unsaved edits) or the disk.
   * Undefined when there is no real kubectl.
   */
  recordingKubectl(): string | undefined {
    const real = (process.env['PATH'] ?? '').split(path.delimiter).map((dir) => path.join(dir, 'kubectl')).find((file) => existsSync(file));
    if (real === undefined) return undefined;
    mkdirSync(this.bin, { recursive: true });
    const log = path.join(this.bin, 'renders.log');
    // The last argument is the server's wrapper folder, whose kustomization names what is rendered.
    const script = ['#!/bin/sh', 'for last; do :; done', `if grep -q kube-lb-reach-shadow- "$last/kustomization.yaml"; then echo shadow >> '${log}'; else echo disk >> '${log}'; fi`, `exec '${real}' "$@"`, ''].join('\n');
    writeFileSync(path.join(this.bin, 'kubectl'), script);
    chmodSync(path.join(this.bin, 'kubectl'), 0o755);
    return log;
  }

  /** `pull`: the client declares pull diagnostics (LSP 3.17), as vscode-languageclient 11 does. */
  async start(initializationOptions: unknown, settings: Record<string, unknown>, pathVariable?: string, pull = false): Promise<LspClient> {
    const fake = existsSync(this.bin) ? `${this.bin}${path.delimiter}${process.env['PATH'] ?? ''}` : undefined;
    const chosen = pathVariable ?? fake;
    const env: Record<string, string> = chosen === undefined ? {} : { PATH: chosen };
    const client = new LspClient({ settings, env, pull });
    this.client = client;
    await client.initialize(pathToFileURL(this.dir).href, initializationOptions);
    await client.until(() => client.logs.some((l) => l.startsWith('indexed ')));
    return client;
  }

  async stop(): Promise<void> {
    await this.client?.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
