// Small library to run the real VS Code workbench (code-server) and drive it with Debian's
// chromium through playwright-core. Desktop VS Code/Electron cannot be downloaded on our
// machines, code-server can (npm), see scripts/e2e/install-code-server.sh.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const INSTALL_SCRIPT = resolve(here, '../../scripts/e2e/install-code-server.sh');
// createRequire (not `import`) so that NODE_PATH also works when the deps live outside the project.
const require = createRequire(import.meta.url);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const verbose = !!process.env.KLR_E2E_VERBOSE;

/** Path of the code-server executable: $KLR_CODE_SERVER, else the (idempotent, cached) install script's answer. */
export function resolveCodeServer() {
  if (process.env.KLR_CODE_SERVER) return process.env.KLR_CODE_SERVER;
  return execFileSync('bash', [INSTALL_SCRIPT], { stdio: ['ignore', 'pipe', 'inherit'] }).toString().trim();
}

/** Asks the OS for a free port on 127.0.0.1 (tiny race window; startCodeServer retries on failure). */
export function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

// Every child process group we started, killed synchronously if this process exits abruptly.
const liveGroups = new Set();
process.on('exit', () => {
  for (const pid of liveGroups) try { process.kill(-pid, 'SIGKILL'); } catch {}
});

/**
 * Starts code-server for `folder` with throw-away user-data/extensions/XDG dirs.
 * `installExtensions`: .vsix paths installed first (`code-server --install-extension`) into the
 * extensions dir, so the workbench runs them as a user would (packaged, not from a dev path).
 * @param {{folder: string, extensionsDir?: string, port?: number, timeoutMs?: number, extraArgs?: string[], userSettings?: object, installExtensions?: string[]}} opts
 * @returns {Promise<{url: string, port: number, pid: number, log: () => string, stop: () => Promise<void>}>}
 */
export async function startCodeServer({ folder, extensionsDir, port, timeoutMs = 60_000, extraArgs = [], userSettings = {}, installExtensions = [] }) {
  const exe = resolveCodeServer();
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(exe, { folder, extensionsDir, port: port ?? (await freePort()), timeoutMs, extraArgs, userSettings, installExtensions });
    } catch (e) {
      // Only retry a port we picked ourselves (it may have been taken in between).
      if (port || attempt >= 3 || e.noRetry) throw e;
      if (verbose) console.error(`[codeServer] attempt ${attempt} failed, retrying: ${e.message}`);
    }
  }
}

async function startOnce(exe, { folder, extensionsDir, port, timeoutMs, extraArgs, userSettings, installExtensions }) {
  const root = mkdtempSync(join(tmpdir(), 'klr-code-server-'));
  const dirs = { userData: join(root, 'user-data'), ext: extensionsDir ?? join(root, 'extensions'), xdg: join(root, 'xdg') };
  for (const d of [dirs.userData, dirs.ext, join(dirs.xdg, 'config'), join(dirs.xdg, 'data'), join(dirs.xdg, 'cache')]) mkdirSync(d, { recursive: true });
  // Quieter, deterministic workbench: no welcome page, trust prompt, update or telemetry chatter.
  mkdirSync(join(dirs.userData, 'User'), { recursive: true });
  writeFileSync(join(dirs.userData, 'User', 'settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none', 'security.workspace.trust.enabled': false,
    'extensions.autoUpdate': false, 'extensions.autoCheckUpdates': false, 'update.mode': 'none',
    'telemetry.telemetryLevel': 'off', 'workbench.tips.enabled': false, 'git.enabled': false, ...userSettings,
  }, null, 2));

  const env = { ...process.env, XDG_CONFIG_HOME: join(dirs.xdg, 'config'), XDG_DATA_HOME: join(dirs.xdg, 'data'), XDG_CACHE_HOME: join(dirs.xdg, 'cache') };
  for (const vsix of installExtensions) {
    // A separate short-lived code-server CLI run (no server), same dirs; offline, ~0.5 s.
    try {
      execFileSync(exe, ['--user-data-dir', dirs.userData, '--extensions-dir', dirs.ext, '--install-extension', vsix],
        { env, stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs, killSignal: 'SIGKILL' });
    } catch (e) {
      rmSync(root, { recursive: true, force: true });
      throw Object.assign(new Error(`code-server --install-extension ${vsix} failed: ${e.message}\n${e.stdout ?? ''}${e.stderr ?? ''}`), { noRetry: true });
    }
  }

  const args = ['--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check',
    '--disable-workspace-trust', '--user-data-dir', dirs.userData, '--extensions-dir', dirs.ext, ...extraArgs, folder];
  // detached => own process group, so stop() kills code-server AND its extension hosts/language servers.
  const child = spawn(exe, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  liveGroups.add(child.pid);
  let log = '';
  const onData = (b) => { log += b; if (log.length > 200_000) log = log.slice(-100_000); if (verbose) process.stderr.write(`[code-server] ${b}`); };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  let exited = null;
  const exitPromise = new Promise((r) => child.on('exit', (code, sig) => { exited = { code, sig }; liveGroups.delete(child.pid); r(); }));

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (!exited) {
      try { process.kill(-child.pid, 'SIGTERM'); } catch {}
      await Promise.race([exitPromise, sleep(5000)]);
    }
    // The group may outlive code-server itself (extension host, language servers): always finish it off.
    try { process.kill(-child.pid, 'SIGKILL'); } catch {}
    liveGroups.delete(child.pid);
    rmSync(root, { recursive: true, force: true });
  };

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  while (true) {
    if (exited) { const l = log; await stop(); throw new Error(`code-server exited early (${JSON.stringify(exited)}):\n${l.slice(-3000)}`); }
    try {
      const r = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) });
      if (r.ok) break;
    } catch {}
    if (Date.now() > deadline) { const l = log; await stop(); throw new Error(`code-server /healthz not up after ${timeoutMs} ms:\n${l.slice(-3000)}`); }
    await sleep(100);
  }
  return { url, port, pid: child.pid, log: () => log, stop };
}

/** Flags for Debian's chromium on these machines (closed network, root, no GPU). */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * Launches headless chromium with a fresh profile.
 * @returns {Promise<{context: import('playwright-core').BrowserContext, close: () => Promise<void>}>}
 */
export async function launchBrowser({ headless = true, viewport = { width: 1400, height: 900 } } = {}) {
  const { chromium } = require('playwright-core');
  const executablePath = process.env.KLR_CHROMIUM || '/usr/bin/chromium';
  if (!existsSync(executablePath)) throw new Error(`${executablePath} not found: run scripts/e2e/install-code-server.sh (installs chromium)`);
  const root = mkdtempSync(join(tmpdir(), 'klr-chromium-'));
  const home = join(root, 'home');
  mkdirSync(home);
  const context = await chromium.launchPersistentContext(join(root, 'profile'), {
    executablePath, headless, viewport, args: CHROMIUM_ARGS,
    env: { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), XDG_CACHE_HOME: join(home, '.cache') },
  });
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await Promise.race([context.close().catch(() => {}), sleep(10_000)]);
    rmSync(root, { recursive: true, force: true });
  };
  return { context, close };
}
