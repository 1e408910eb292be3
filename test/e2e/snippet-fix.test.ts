import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';

/**
 * The every-Service hostname fix in the real VS Code 1.100.3 workbench (code-server, chromium),
 * driven by test/e2e/snippetFix.mjs with the packaged extension: without a hostnameTemplate, the
 * placeholder is a snippet tab stop in the file the fix is applied from (typing replaces it), and
 * plain text in the other file the same fix edits (VS Code applies snippets in the active editor only).
 */
const ROOT = path.resolve(__dirname, '..', '..', '..');
const VSIX = path.join(ROOT, 'kube-lb-reach.vsix');
const SERVER_BUNDLE = path.join(ROOT, 'dist', 'server.js');
const KEY = 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-hostname';

interface SnippetView {
  ok: boolean;
  failedStep?: string;
  error?: string;
  menu: string[];
  chosen: string;
  insertedInA: string | null;
  typedInA: string | null;
  insertedInB: string | null;
}

function ensureVsix(): void {
  const stale = !existsSync(VSIX) || (existsSync(SERVER_BUNDLE) && statSync(VSIX).mtimeMs < statSync(SERVER_BUNDLE).mtimeMs);
  if (!stale) return;
  const run = spawnSync('npm', ['run', 'package'], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  strictEqual(run.status, 0, `npm run package failed:\n${run.stdout}\n${run.stderr}`);
}

describe('the every-Service hostname fix in the VS Code workbench: a snippet placeholder to type over', { timeout: 240_000 }, () => {
  let view: SnippetView;

  before(() => {
    ensureVsix();
    const run = spawnSync(process.execPath, [path.join(ROOT, 'test', 'e2e', 'snippetFix.mjs'), '--vsix', VSIX, '--timeout', '120'], { encoding: 'utf8', timeout: 150_000, killSignal: 'SIGTERM' });
    let parsed: SnippetView | undefined;
    try {
      parsed = JSON.parse(run.stdout) as SnippetView;
    } catch {
      // reported below
    }
    ok(parsed, `snippetFix.mjs printed no JSON (exit ${run.status}, signal ${run.signal}):\n${run.stdout}\n${run.stderr}`);
    strictEqual(run.status, 0, `snippetFix.mjs exit ${run.status}: step "${parsed.failedStep}" failed: ${parsed.error}\n${run.stderr}`);
    view = parsed;
  });

  it('Ctrl+. opens with the every-Service fix focused, the one-Service fix after it saying what stays refused', () => {
    const every = 'Add the hostname annotation to every Service of this cluster on CLB lb-snippet01 (default/a, default/b): fill in the DNS name of the CLB';
    strictEqual(view.chosen, every);
    deepStrictEqual(view.menu.slice(1, 3), [every, 'Add the hostname annotation to this Service only (default/b still reports the IP: 80/TCP, 8443/TCP stay refused)']);
  });

  it('in the file it is applied from, the value is a tab stop: typing replaces the placeholder', () => {
    strictEqual(view.insertedInA, `    ${KEY}: "<dns-name-of-this-clb>"`);
    strictEqual(view.typedInA, `    ${KEY}: "shop.example.net"`);
  });

  it('the other file gets the placeholder as text (which hostname-invalid reports)', () => {
    strictEqual(view.insertedInB, `    ${KEY}: "<dns-name-of-this-clb>"`);
  });
});
