#!/usr/bin/env node
// Runs an extension-host mocha suite (the same index.js `run()` that @vscode/test-electron runs)
// inside the real VS Code workbench served by code-server, in headless chromium, since desktop
// VS Code cannot be downloaded here.
//
//   node test/e2e/runExtensionTests.mjs --extension-development-path /abs/ext \
//     --extension-tests-path /abs/ext/out/test/suite/index.js --folder /abs/workspace [--timeout 180]
//
// Exit code: the suite's (0 pass, non-zero fail); 2 for a harness error or timeout.
// Env: KLR_E2E_VERBOSE=1 also prints code-server's log and all browser console messages;
//      KLR_E2E_SCREENSHOT=/path.png saves a screenshot of the workbench when the run fails.
import { existsSync, statSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import { format, parseArgs } from 'node:util';
import { startCodeServer, launchBrowser } from './codeServer.mjs';

const { values: opt } = parseArgs({
  options: {
    'extension-development-path': { type: 'string' },
    'extension-tests-path': { type: 'string' },
    folder: { type: 'string' },
    timeout: { type: 'string', default: '180' },
  },
});
const devPath = opt['extension-development-path'];
const testsPath = opt['extension-tests-path'];
const folder = opt.folder;
const verbose = !!process.env.KLR_E2E_VERBOSE;
// Workbench log lines that are not test output (connection set-up, the unreachable extension gallery).
const NOISE = /^(Resolv(ing|ed) connection token|Creating a socket|\[Service Worker\]|Updating additional builtin extensions cache|ChatSessionStore:)|ENOTFOUND|ERR_NAME_NOT_RESOLVED|open-vsx\.org/;
const say = (m) => process.stderr.write(`[e2e] ${m}\n`);

for (const [name, p] of [['--extension-development-path', devPath], ['--extension-tests-path', testsPath], ['--folder', folder]]) {
  if (!p || !isAbsolute(p) || !existsSync(p)) { say(`${name} must be an existing absolute path (got ${p})`); process.exit(2); }
}
if (!statSync(folder).isDirectory()) { say('--folder must be a directory'); process.exit(2); }

let server, browser, page;
let finishing = false;
async function finish(code, why) {
  if (finishing) return;
  finishing = true;
  if (why) say(why);
  if (code !== 0 && page && process.env.KLR_E2E_SCREENSHOT) {
    await page.screenshot({ path: process.env.KLR_E2E_SCREENSHOT }).catch(() => {});
    say(`screenshot: ${process.env.KLR_E2E_SCREENSHOT}`);
  }
  if (code === 2 && server && !verbose) process.stderr.write(`--- code-server log (tail) ---\n${server.log().slice(-4000)}\n`);
  await browser?.close();
  await server?.stop();
  process.exit(code);
}

// Hard timeout: a hung workbench or suite must fail loudly, never hang CI.
const timeoutS = Number(opt.timeout);
setTimeout(() => finish(2, `TIMEOUT: no exit code from the extension test runner after ${timeoutS} s`), timeoutS * 1000);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => finish(2, `interrupted (${sig})`));

try {
  const t0 = Date.now();
  server = await startCodeServer({ folder });
  say(`code-server up at ${server.url} (pid ${server.pid}) in ${Date.now() - t0} ms`);
  browser = await launchBrowser();
  let resolveExit;
  const exitCode = new Promise((r) => { resolveExit = r; });
  // The workbench calls window.codeAutomationExit(code, logs) when the extension host's test run ends.
  await browser.context.exposeFunction('codeAutomationExit', (code) => { resolveExit(code); });
  // With window.codeAutomationLog defined, a workbench running extension tests sends its log, which
  // includes the extension host's console (the mocha report), here instead of the browser console
  // (same protocol as @vscode/test-web). Known workbench chatter goes to stderr only when verbose.
  await browser.context.exposeFunction('codeAutomationLog', (type, args) => {
    const text = format(...(Array.isArray(args) ? args : [args]));
    if (NOISE.test(text)) { if (verbose) process.stderr.write(`[workbench ${type}] ${text}\n`); return; }
    (type === 'error' || type === 'warn' ? process.stderr : process.stdout).write(`${text}\n`);
  });
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
  if (verbose) page.on('console', (msg) => process.stderr.write(`[browser ${msg.type()}] ${msg.text()}\n`));
  page.on('pageerror', (err) => say(`page error: ${err.message}`));

  // Paths are resolved by the remote (code-server) side, hence vscode-remote://<authority>/abs/path.
  const authority = `127.0.0.1:${server.port}`;
  const payload = [
    ['extensionDevelopmentPath', `vscode-remote://${authority}${pathToFileURL(devPath).pathname}`],
    ['extensionTestsPath', `vscode-remote://${authority}${pathToFileURL(testsPath).pathname}`],
  ];
  const url = `${server.url}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  await page.goto(url);
  say('workbench opened, waiting for the test run');
  const code = await exitCode;
  say(`extension tests finished with exit code ${code} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  await finish(typeof code === 'number' ? code : 2);
} catch (e) {
  await finish(2, `harness error: ${e.stack || e}`);
}
