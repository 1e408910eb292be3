#!/usr/bin/env node
// Runs a Node LSP server against one file in headless Neovim (a real, independent LSP client)
// and prints what the client received as JSON on stdout. Needs `nvim` (Debian: apt-get install -y neovim).
//
//   node test/e2e/nvim/run.mjs --server /abs/server.js --file some.yaml \
//     [--expect-code CODE [--expect-severity N]] [--hover 3:7] [--code-actions 3:1-3:20] [--settings '{"yaml":{...}}'] [--root dir] [--timeout 10000]
//
// Positions are 1-based line:column (converted to LSP's 0-based). The server is started as
// `node <server> --stdio`. Output: {languageId, diagnostics (raw LSP), vimDiagnostics, hover, codeActions (titles), timings}.
// Exit code: 0 ok; 1 client-side error (JSON has "error"); 2 harness error or timeout.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));
const { values: opt } = parseArgs({
  options: {
    server: { type: 'string' }, file: { type: 'string' }, root: { type: 'string' },
    hover: { type: 'string' }, 'code-actions': { type: 'string' }, settings: { type: 'string' },
    timeout: { type: 'string', default: '10000' }, 'expect-code': { type: 'string' }, 'expect-severity': { type: 'string' }, settle: { type: 'string', default: '300' },
    nvim: { type: 'string', default: process.env.KLR_NVIM || 'nvim' },
  },
});
const die = (m) => { process.stderr.write(`[nvim-e2e] ${m}\n`); process.exit(2); };
if (!opt.server || !existsSync(opt.server)) die(`--server must name an existing file (got ${opt.server})`);
if (!opt.file || !existsSync(opt.file)) die(`--file must name an existing file (got ${opt.file})`);
const parsePos = (s) => { const m = /^(\d+):(\d+)$/.exec(s.trim()); if (!m) die(`bad position "${s}", want LINE:COL`); return [+m[1], +m[2]]; };

const file = resolve(opt.file);
const timeoutMs = Number(opt.timeout);
const dir = mkdtempSync(join(tmpdir(), 'klr-nvim-'));
const cfg = {
  cmd: [process.execPath, resolve(opt.server), '--stdio'],
  file, root: resolve(opt.root ?? dirname(file)), out: join(dir, 'out.json'),
  timeoutMs, settleMs: Number(opt.settle),
  ...(opt.hover && { hover: parsePos(opt.hover) }),
  ...(opt['code-actions'] && { codeActions: opt['code-actions'].split('-').map(parsePos) }),
  ...(opt.settings && { settings: JSON.parse(opt.settings) }),
  ...(opt['expect-code'] && { expectCode: opt['expect-code'] }),
  ...(opt['expect-severity'] && { expectSeverity: Number(opt['expect-severity']) }),
};
writeFileSync(join(dir, 'cfg.json'), JSON.stringify(cfg));
// Generated init: load the config, then the fixed client logic (kept in a real .lua file for readability).
writeFileSync(join(dir, 'init.lua'), [
  `local f = assert(io.open(${JSON.stringify(join(dir, 'cfg.json'))})); _G.KLR_CFG = vim.json.decode(f:read('*a')); f:close()`,
  `dofile(${JSON.stringify(join(here, 'client.lua'))})`,
].join('\n'));

const t0 = Date.now();
// Private XDG dirs: nvim's lsp.log, shada and swap files stay out of $HOME. Own process group: the
// timeout kills nvim and the server it started.
const xdg = (k) => join(dir, k);
const child = spawn(opt.nvim, ['--headless', '--clean', '-n', '-i', 'NONE', '-u', join(dir, 'init.lua')], {
  detached: true, stdio: ['ignore', 'ignore', 'pipe'],
  env: { ...process.env, XDG_CONFIG_HOME: xdg('config'), XDG_DATA_HOME: xdg('data'), XDG_STATE_HOME: xdg('state'), XDG_CACHE_HOME: xdg('cache') },
});
let stderr = '';
child.stderr.on('data', (b) => { stderr += b; });
child.on('error', (e) => { rmSync(dir, { recursive: true, force: true }); die(`cannot start ${opt.nvim}: ${e.message} (apt-get install -y neovim)`); });
// Bounded: initialize + diagnostics + each request may each take timeoutMs.
const killer = setTimeout(() => { try { process.kill(-child.pid, 'SIGKILL'); } catch {} }, timeoutMs * 4 + 5000);
child.on('exit', (code, sig) => {
  clearTimeout(killer);
  try { process.kill(-child.pid, 'SIGKILL'); } catch {} // a server that ignored shutdown
  let result;
  try { result = JSON.parse(readFileSync(cfg.out, 'utf8')); } catch {}
  rmSync(dir, { recursive: true, force: true });
  if (!result) die(`nvim exited (${code ?? sig}) without a result after ${Date.now() - t0} ms${sig ? ' (timeout)' : ''}\n${stderr}`);
  result.timings.total = Date.now() - t0;
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  if (result.error) process.stderr.write(`[nvim-e2e] ${result.error}\n`);
  process.exit(result.error ? 1 : code === 0 ? 0 : 2);
});
