import { deepStrictEqual, match, ok, strictEqual } from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';

/**
 * The user's view: the packaged extension (kube-lb-reach.vsix, installed with code-server's
 * --install-extension) in the real VS Code 1.100.3 workbench, driven through its UI in chromium by
 * test/e2e/userView.mjs on copies of the article's manifests. This file only checks what it read.
 * With KLR_SCREENSHOTS_DIR set, the run also saves the documentation screenshots there.
 */
const ROOT = path.resolve(__dirname, '..', '..', '..');
const VSIX = path.join(ROOT, 'kube-lb-reach.vsix');
const SERVER_BUNDLE = path.join(ROOT, 'dist', 'server.js');

interface UserView {
  ok: boolean;
  failedStep?: string;
  error?: string;
  timings: Record<string, number>;
  screenshots: string[];
  squiggle: { file: string; count: number; line: string | null };
  problems: { text: string; rows: string[]; sources: string[]; codes: string[] };
  squiggleHover: { text: string };
  policyHover: { hovered: string; line: string; text: string };
  quickFix: { lightBulb: boolean; menu: string[]; chosen: string; insertedLine: string | null; editorText: string };
  afterFix: { warningSquiggles: number; onHostnameLine: boolean; onIdLine: boolean; problems: string };
  ruleDocs: { tab: string; heading: string; sections: string[]; links: string[]; followed: string };
}

/** `npm run package` only when the vsix is missing or older than the server bundle it should contain. */
function ensureVsix(): void {
  const stale = !existsSync(VSIX) || (existsSync(SERVER_BUNDLE) && statSync(VSIX).mtimeMs < statSync(SERVER_BUNDLE).mtimeMs);
  if (!stale) return;
  const run = spawnSync('npm', ['run', 'package'], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  strictEqual(run.status, 0, `npm run package failed:\n${run.stdout}\n${run.stderr}`);
  ok(existsSync(VSIX), `npm run package did not write ${VSIX}`);
}

describe('the user\'s view: packaged extension in the VS Code workbench (code-server, chromium)', { timeout: 240_000 }, () => {
  let view: UserView;

  before(() => {
    ensureVsix();
    // userView.mjs has its own hard timeout (90 s) and cleans up on SIGTERM; this is the backstop.
    const run = spawnSync(process.execPath, [path.join(ROOT, 'test', 'e2e', 'userView.mjs'), '--vsix', VSIX, '--timeout', '90'], {
      encoding: 'utf8',
      timeout: 120_000,
      killSignal: 'SIGTERM',
    });
    let parsed: UserView | undefined;
    try {
      parsed = JSON.parse(run.stdout) as UserView;
    } catch {
      // reported below
    }
    ok(parsed, `userView.mjs printed no JSON (exit ${run.status}, signal ${run.signal}):\n${run.stdout}\n${run.stderr}`);
    strictEqual(run.status, 0, `userView.mjs exit ${run.status}: step "${parsed.failedStep}" failed: ${parsed.error}\n${run.stderr}`);
    view = parsed;
  });

  it('shows the warning squiggle on the CLB id of svc-http.yaml', () => {
    ok(view.ok);
    strictEqual(view.squiggle.file, 'svc-http.yaml');
    strictEqual(view.squiggle.count, 1);
    strictEqual(view.squiggle.line, '    service.beta.kubernetes.io/alibaba-cloud-loadbalancer-id: "lb-article-clb1"');
  });

  it('lists the problem in the Problems panel with its source, rule id and message', () => {
    deepStrictEqual(view.problems.codes, ['reused-clb-other-listener-refused']);
    deepStrictEqual(view.problems.sources, ['kube-lb-reach']);
    ok(view.problems.text.includes('connection refused'), view.problems.text);
    ok(
      view.problems.rows.some((row) =>
        row.startsWith('Warning: In-cluster clients get "connection refused" on the other listeners of CLB lb-article-clb1: 443/TCP (Service default/svc2, if it runs in another cluster)'),
      ),
      JSON.stringify(view.problems.rows),
    );
    match(view.problems.text, /\[Ln 8, Col 63\]/);
  });

  it('hovers the squiggle: the message, the related Service, the reusing Services and the quick fix', () => {
    const text = view.squiggleHover.text;
    ok(text.includes('In-cluster clients get "connection refused" on the other listeners of CLB lb-article-clb1: 443/TCP (Service default/svc2, if it runs in another cluster); outside clients do not.'), text);
    ok(text.includes('reused-clb-other-listener-refused'), text);
    ok(text.includes('svc-https.yaml(17, 13): 443/TCP on CLB lb-article-clb1, declared by Service default/svc2'), text);
    ok(text.includes('CLB lb-article-clb1 is reused by 2 Services in the workspace'), text);
    // The order of the two Services is not asserted (it follows the workspace index).
    ok(text.includes('default/svc1 (this one): 80/TCP') && text.includes('default/svc2: 443/TCP'), text);
    ok(text.includes('Quick Fix'), text);
  });

  it('hovers `Local` of `externalTrafficPolicy: Local` in svc-https.yaml: what fails and what to do, and the way to the table', () => {
    const text = view.policyHover.text;
    strictEqual(view.policyHover.hovered, 'Local');
    ok(text.includes('Host-network pods and processes on nodes without an endpoint time out on the load balancer IP: call the ClusterIP, or add the hostname annotation.'), text);
    ok(text.includes('local-policy-in-cluster-reach'), text);
    ok(text.includes('Explain reachability'), text);
  });

  it('runs the hostname quick fix from the Ctrl+. menu: the annotation is inserted, and the warning moves to it while svc2 still reports the IP', () => {
    ok(view.quickFix.lightBulb, 'the light bulb showed on the CLB id line');
    ok(view.quickFix.menu.some((title) => title.startsWith('Add the hostname annotation')), JSON.stringify(view.quickFix.menu));
    strictEqual(view.quickFix.chosen, 'Add the hostname annotation (fill in the DNS name of the CLB); every Service on this CLB needs it');
    strictEqual(view.quickFix.insertedLine, '    service.beta.kubernetes.io/alibaba-cloud-loadbalancer-hostname: "<dns-name-of-this-clb>"');
    const lines = view.quickFix.editorText.split('\n');
    const at = lines.indexOf(view.quickFix.insertedLine);
    strictEqual(lines[at - 1], '  annotations:');
    strictEqual(lines[at + 1], '    service.beta.kubernetes.io/alibaba-cloud-loadbalancer-id: "lb-article-clb1"');
    deepStrictEqual([view.afterFix.warningSquiggles, view.afterFix.onHostnameLine, view.afterFix.onIdLine], [1, true, false]);
    ok(view.afterFix.problems.includes('Service default/svc2 still reports the IP of CLB lb-article-clb1 (no hostname annotation)'), view.afterFix.problems);
  });

  it('clicking the rule id in the Problems panel opens the rule page, rendered, and its links open the shipped pages', () => {
    deepStrictEqual(view.ruleDocs, {
      tab: 'Preview reused-clb-hostname-incomplete.md',
      heading: 'reused-clb-hostname-incomplete',
      sections: ['What it reports', 'Why', 'Not reported', 'Fix'],
      links: ['upstream notes', 'upstream notes', 'reused-clb-other-listener-refused'],
      followed: 'Upstream notes: kube-proxy traffic policy, IPVS filters, Alibaba CCM annotations, status validation',
    });
  });

  it('saves the screenshots when KLR_SCREENSHOTS_DIR is set', () => {
    const dir = process.env.KLR_SCREENSHOTS_DIR;
    if (!dir) {
      deepStrictEqual(view.screenshots, []);
      return;
    }
    deepStrictEqual(
      view.screenshots.map((p) => path.basename(p)),
      ['reused-clb-warning.png', 'local-policy-hover.png'],
    );
    for (const p of view.screenshots) ok(statSync(p).size > 10_000, p);
  });
});
