import { spawn } from 'child_process';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * Renders a Kustomize directory with the user's own `kubectl kustomize` (or `kustomize build`),
 * shared by the CLI and the language server. This is the one place kube-lb-reach runs a program,
 * and only when the user named the directory (`--kustomize DIR`).
 *
 * Kustomize has no flag for origin annotations, and the user's tree must not be written to, so
 * the directory is built through a wrapper kustomization in a fresh temporary directory:
 * `resources: [<DIR relative to it>]` and `buildMetadata: [originAnnotations, transformerAnnotations]`.
 * The path must be relative: kustomize refuses an absolute one ("new root cannot be absolute").
 * Every rendered object then carries `config.kubernetes.io/origin` (its source file, relative to
 * the wrapper) and `alpha.config.kubernetes.io/transformations` (the kustomizations whose
 * transformers changed it), which the core uses to point findings at the file the user edits.
 */

export type KustomizeTool = 'kubectl' | 'kustomize';

export interface KustomizeOptions {
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  /** Only this tool; without it `kubectl kustomize`, else `kustomize build`. */
  readonly tool?: KustomizeTool;
  /** The rendered output's limit (default `MAX_RENDER_BYTES`): more is a failure, not a cut. */
  readonly maxBytes?: number;
  /** The tool's environment (PATH decides which tool is found); default this process's. */
  readonly env?: NodeJS.ProcessEnv;
}

export type KustomizeRender =
  | {
      readonly ok: true;
      readonly text: string;
      /** The command that rendered it: `kubectl kustomize` or `kustomize build`. */
      readonly tool: string;
      /**
       * The directory origin paths are relative to (the wrapper's, removed once rendered: only
       * a base to resolve against, lexically, with `path.resolve(root, origin)`).
       */
      readonly root: string;
    }
  | { readonly ok: false; readonly reason: 'no-tool' | 'timeout' | 'failed' | 'aborted'; readonly message: string; readonly stderr: string };

export const MAX_RENDER_BYTES = 16 * 1024 * 1024;
/** Enough of stderr for kustomize's error line and its context; the rest is dropped. */
export const MAX_STDERR_BYTES = 64 * 1024;

const COMMANDS: Readonly<Record<KustomizeTool, { readonly program: string; readonly args: readonly string[]; readonly label: string }>> = {
  kubectl: { program: 'kubectl', args: ['kustomize'], label: 'kubectl kustomize' },
  kustomize: { program: 'kustomize', args: ['build'], label: 'kustomize build' },
};

/** The wrapper kustomization; `resource` is DIR relative to the wrapper's folder, with `/`. */
export function wrapperKustomization(resource: string): string {
  return [
    '# Written by kube-lb-reach in a temporary folder, removed after the build.',
    'apiVersion: kustomize.config.k8s.io/v1beta1',
    'kind: Kustomization',
    'resources:',
    `- ${JSON.stringify(resource)}`,
    'buildMetadata:',
    '- originAnnotations',
    '- transformerAnnotations',
    '',
  ].join('\n');
}

/** Never throws: every failure is a `{ ok: false }` with a message a user can act on. */
export async function renderKustomize(dir: string, options: KustomizeOptions): Promise<KustomizeRender> {
  if (options.signal?.aborted === true) return { ok: false, reason: 'aborted', message: `rendering ${dir} was cancelled`, stderr: '' };
  // Real paths on both sides: kustomize resolves symbolic links, and origin paths are relative to
  // the real wrapper folder (a temporary folder may be under a link, as /var is on macOS).
  const target = await fs.realpath(path.resolve(dir)).catch(() => path.resolve(dir));
  const kind = await fs.stat(target).then((stat) => (stat.isDirectory() ? 'folder' : 'not a folder'), (error: unknown) => describe(error));
  if (kind !== 'folder') return { ok: false, reason: 'failed', message: `cannot render ${dir}: ${kind === 'ENOENT' ? 'no such folder' : kind}`, stderr: '' };
  let wrapper: string;
  try {
    wrapper = await fs.mkdtemp(path.join(os.tmpdir(), 'kube-lb-reach-kustomize-'));
    wrapper = await fs.realpath(wrapper).catch(() => wrapper);
  } catch (error) {
    return { ok: false, reason: 'failed', message: `cannot create a temporary folder to render ${dir}: ${describe(error)}`, stderr: '' };
  }
  try {
    const resource = path.relative(wrapper, target).split(path.sep).join('/');
    await fs.writeFile(path.join(wrapper, 'kustomization.yaml'), wrapperKustomization(resource === '' ? '.' : resource), { flag: 'wx' });
    const tools: readonly KustomizeTool[] = options.tool === undefined ? ['kubectl', 'kustomize'] : [options.tool];
    for (const tool of tools) {
      const run = await runTool(tool, wrapper, options);
      if (run === 'missing') continue;
      if (run.kind === 'done') return { ok: true, text: run.stdout, tool: COMMANDS[tool].label, root: wrapper };
      const label = COMMANDS[tool].label;
      switch (run.kind) {
        case 'timeout':
          return { ok: false, reason: 'timeout', message: `${label} ${dir} did not finish within ${formatSeconds(options.timeoutMs)}: stopped`, stderr: run.stderr };
        case 'aborted':
          return { ok: false, reason: 'aborted', message: `rendering ${dir} was cancelled`, stderr: run.stderr };
        case 'too-large':
          return { ok: false, reason: 'failed', message: `${label} ${dir} printed more than ${options.maxBytes ?? MAX_RENDER_BYTES} bytes: stopped`, stderr: run.stderr };
        case 'failed':
          return { ok: false, reason: 'failed', message: `${label} ${dir} failed (${run.status})${firstLine(run.stderr)}`, stderr: run.stderr };
      }
    }
    const wanted = tools.map((tool) => `\`${COMMANDS[tool].program}\``).join(' or ');
    return { ok: false, reason: 'no-tool', message: `cannot render ${dir}: ${wanted} was not found on PATH; install kubectl (it includes kustomize) or kustomize`, stderr: '' };
  } catch (error) {
    return { ok: false, reason: 'failed', message: `cannot render ${dir}: ${describe(error)}`, stderr: '' };
  } finally {
    await fs.rm(wrapper, { recursive: true, force: true }).catch(() => undefined);
  }
}

type ToolRun =
  | 'missing'
  | { readonly kind: 'done'; readonly stdout: string }
  | { readonly kind: 'failed'; readonly status: string; readonly stderr: string }
  | { readonly kind: 'timeout' | 'aborted' | 'too-large'; readonly stderr: string };

/** One run of the tool on the wrapper folder: argv only, no shell; killed on timeout, abort or excess output. */
function runTool(tool: KustomizeTool, wrapper: string, options: KustomizeOptions): Promise<ToolRun> {
  const command = COMMANDS[tool];
  const maxBytes = options.maxBytes ?? MAX_RENDER_BYTES;
  // Cancelled while the wrapper was written: an abort event already fired will not fire again.
  if (options.signal?.aborted === true) return Promise.resolve({ kind: 'aborted', stderr: '' });
  return new Promise((resolve) => {
    const stdout: Buffer[] = [];
    let stdoutBytes = 0;
    const stderr = new BoundedText(MAX_STDERR_BYTES);
    let stopped: 'timeout' | 'aborted' | 'too-large' | undefined;
    let settled = false;
    // Its own process group (POSIX), so that a stop reaches what it started too (git for a remote base).
    const child = spawn(command.program, [...command.args, wrapper], { shell: false, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true, env: options.env ?? process.env, detached: process.platform !== 'win32' });
    let grace: NodeJS.Timeout | undefined;
    const stop = (why: 'timeout' | 'aborted' | 'too-large'): void => {
      if (stopped !== undefined) return;
      stopped = why;
      killGroup(child.pid, () => child.kill('SIGKILL'));
      // A grandchild that keeps the pipes open must not keep the run waiting for 'close'.
      grace = setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
        finish({ kind: why, stderr: stderr.text() });
      }, STOP_GRACE_MS);
    };
    const timer = setTimeout(() => { stop('timeout'); }, options.timeoutMs);
    const onAbort = (): void => { stop('aborted'); };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const finish = (result: ToolRun): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (grace) clearTimeout(grace);
      options.signal?.removeEventListener('abort', onAbort);
      resolve(result);
    };
    child.stdout.on('data', (chunk: Buffer) => {
      stdoutBytes += chunk.length;
      if (stdoutBytes > maxBytes) stop('too-large');
      else stdout.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => { stderr.add(chunk); });
    child.on('error', (error: NodeJS.ErrnoException) => {
      // ENOENT: the program is not on PATH (spawn reports it here, never by throwing).
      if (error.code === 'ENOENT') finish('missing');
      else finish({ kind: 'failed', status: describe(error), stderr: stderr.text() });
    });
    child.on('close', (code, signal) => {
      if (stopped !== undefined) finish({ kind: stopped, stderr: stderr.text() });
      else if (code === 0) finish({ kind: 'done', stdout: Buffer.concat(stdout).toString('utf8') });
      else finish({ kind: 'failed', status: code === null ? `signal ${signal ?? 'unknown'}` : `exit code ${code}`, stderr: stderr.text() });
    });
  });
}

/** How long a stopped tool's pipes may stay open before the run gives up waiting for them. */
const STOP_GRACE_MS = 1000;

/** SIGKILL to the tool's process group (it was spawned detached); where there is none, to the tool alone. */
function killGroup(pid: number | undefined, killChild: () => void): void {
  try {
    if (pid !== undefined && process.platform !== 'win32') process.kill(-pid, 'SIGKILL');
    else killChild();
  } catch {
    killChild();
  }
}

/** The first `limit` bytes of a stream's text, and a note when more came. */
class BoundedText {
  private readonly chunks: Buffer[] = [];
  private bytes = 0;
  private dropped = false;

  constructor(private readonly limit: number) {}

  add(chunk: Buffer): void {
    const room = this.limit - this.bytes;
    if (room <= 0) {
      this.dropped = true;
      return;
    }
    const kept = chunk.length > room ? chunk.subarray(0, room) : chunk;
    if (kept.length < chunk.length) this.dropped = true;
    this.chunks.push(kept);
    this.bytes += kept.length;
  }

  text(): string {
    const text = Buffer.concat(this.chunks).toString('utf8');
    return this.dropped ? `${text}\n… (stderr cut at ${this.limit} bytes)` : text;
  }
}

/** `: <first line of stderr>`, so the one-line message says why without the caller reading stderr. */
function firstLine(stderr: string): string {
  const line = stderr.split('\n').map((l) => l.trim()).find((l) => l !== '');
  if (line === undefined) return '';
  return `: ${line.length > 300 ? `${line.slice(0, 300)}…` : line}`;
}

function formatSeconds(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}

function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code ?? (error instanceof Error ? error.message : String(error));
}
