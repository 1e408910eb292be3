import { deepStrictEqual, match, ok, strictEqual } from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';

/**
 * The user's view: the packaged extension (kube-lb-reach.vsix, installed with code-server's
 * --install-extension) in the real VS Code 1.100.3 workbench, driven through its UI in chromium by
 * test/e2e/userView.mjs on copies of the article's manifests (svc-http.yaml in cluster blue,
 * svc-https.yaml in cluster green, by a .kube-lb-reach.yaml). This file only checks what it read.
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
  /** Where each squiggle of svc-http.yaml lies: on the hostname line, the CLB id line, or elsewhere. */
  afterFix: { errorSquiggles: string[]; warningSquiggles: string[]; problems: string; rows: string[] };
  filled: { hostnameLine: string | null; squiggles: { error: number; warning: number; info: number }; problems: string; rows: string[] };
  ruleDocs: { tab: string; heading: string; sections: string[]; links: string[]; followed: string };
}

/** The rows of the Problems panel under one file's header row (up to the next file's). */
function rowsOf(rows: string[], file: string): string[] {
  const start = rows.findIndex((r) => new RegExp(`^\\d+ problems? in file ${file.replace('.', '\\.')} `).test(r));
  if (start < 0) return [];
  const end = rows.findIndex((r, i) => i > start && / problems? in file /.test(r));
  return rows.slice(start + 1, end < 0 ? undefined : end);
}

const REFUSED_443 =
  "Pods and nodes of this cluster are refused on CLB ports 443/TCP: give this cluster's Services on it the hostname annotation. " +
  "Clients outside the cluster reach them on lb-article-clb1; under kube-proxy IPVS the CLB IP is bound on every node, and only ports of " +
  "this cluster's Services that report the IP are served (80/TCP). Not served here: 443/TCP (Service default/svc2 of cluster green). " +
  'The hostname annotation sends in-cluster clients through the CLB.';
const REFUSED_80_LEAD = "Pods and nodes of this cluster are refused on CLB ports 80/TCP: give this cluster's Services on it the hostname annotation.";
const LOCAL_LEAD = 'Host-network pods and processes on nodes without an endpoint time out on the load balancer IP: call the ClusterIP, or add the hostname annotation.';
const PLACEHOLDER_INVALID =
  'Service default/svc1 never gets its hostname: replace the placeholder "<dns-name-of-this-clb>" with the DNS name that points at the CLB. ' +
  "The API server accepts only a lowercase DNS name there and rejects the CCM's status update with this value, so the status never shows the hostname.";

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

  it('lists the problem in the Problems panel with its source, rule id and message: 443/TCP of cluster green is refused to cluster blue', () => {
    // Only svc-http.yaml is open yet: its one problem, with the related location in svc-https.yaml.
    // The client pulls workspace diagnostics, so the closed svc-https.yaml has its two problems listed too.
    deepStrictEqual(view.problems.codes, ['reused-clb-other-listener-refused', 'reused-clb-other-listener-refused', 'local-policy-in-cluster-reach']);
    deepStrictEqual(view.problems.sources, ['kube-lb-reach', 'kube-lb-reach', 'kube-lb-reach']);
    deepStrictEqual(view.problems.rows.slice(0, 3), [
      '1 problems in file svc-http.yaml of folder .',
      `Warning: ${REFUSED_443} at line 10 and character 63. This problem has references to 1 locations. generated by kube-lb-reach`,
      '443/TCP on CLB lb-article-clb1, declared by Service default/svc2 of cluster green at line 17 and character 13 in svc-https.yaml',
    ]);
    const https = rowsOf(view.problems.rows, 'svc-https.yaml');
    strictEqual(https.length, 3);
    ok(https[0]!.startsWith(`Warning: ${REFUSED_80_LEAD} `), https[0]);
    // svc-http.yaml before the fix adds its hostname line: svc1's port is on line 18.
    strictEqual(https[1], '80/TCP on CLB lb-article-clb1, declared by Service default/svc1 of cluster blue at line 18 and character 13 in svc-http.yaml');
    ok(https[2]!.startsWith(`Info: ${LOCAL_LEAD} `), https[2]);
    match(view.problems.text, /\[Ln 10, Col 63\]/);
  });

  it('hovers the squiggle: the message, the related Service, the reusing Services by cluster and the quick fix', () => {
    const text = view.squiggleHover.text;
    ok(text.startsWith(`${REFUSED_443}kube-lb-reachreused-clb-other-listener-refused\n`), text);
    ok(text.includes('svc-https.yaml(17, 13): 443/TCP on CLB lb-article-clb1, declared by Service default/svc2 of cluster green'), text);
    ok(
      text.includes(
        'CLB lb-article-clb1 is reused by 2 Services in the workspace, in 2 clusters:\n\nThis cluster blue:\n\ndefault/svc1 (this one): 80/TCP\n\nCluster green:\n\ndefault/svc2: 443/TCP',
      ),
      text,
    );
    ok(text.endsWith('Quick Fix... (Ctrl+.)'), text);
  });

  it('hovers `Local` of `externalTrafficPolicy: Local` in svc-https.yaml: a lead of the findings\' first sentences and the way to the table', () => {
    const text = view.policyHover.text;
    strictEqual(view.policyHover.hovered, 'Local');
    // The diagnostic under the cursor (its full message), then the extension's hover: one line per
    // finding of svc2 (first sentence, rule), then the "Explain reachability" link; no table.
    ok(text.startsWith(LOCAL_LEAD), text);
    ok(
      text.includes(
        `kube-lb-reachlocal-policy-in-cluster-reach\n${REFUSED_80_LEAD} (reused-clb-other-listener-refused)\n${LOCAL_LEAD} (local-policy-in-cluster-reach)\n\n` +
          'Explain reachability: the full table, every source and why.\n\nView Problem (Alt+F8)',
      ),
      text,
    );
    // (The hover's status bar may also show "Quick Fix...", once the code actions are known.)
  });

  it('runs the hostname quick fix from the Ctrl+. menu: the annotation is inserted with the placeholder, flagged by hostname-invalid, and the refused warning stays', () => {
    ok(view.quickFix.lightBulb, 'the light bulb showed on the CLB id line');
    deepStrictEqual(view.quickFix.menu, [
      'Quick Fix',
      'Add the hostname annotation (fill in the DNS name of the CLB)',
      'Disable reused-clb-other-listener-refused for this line',
      'Disable reused-clb-other-listener-refused for this Service',
      'Show documentation for reused-clb-other-listener-refused',
    ]);
    // No other Service of cluster blue binds the IP: the one-Service fix, the preferred one.
    strictEqual(view.quickFix.chosen, 'Add the hostname annotation (fill in the DNS name of the CLB)');
    strictEqual(view.quickFix.insertedLine, '    service.beta.kubernetes.io/alibaba-cloud-loadbalancer-hostname: "<dns-name-of-this-clb>"');
    const lines = view.quickFix.editorText.split('\n');
    const at = lines.indexOf(view.quickFix.insertedLine);
    strictEqual(lines[at - 1], '  annotations:');
    strictEqual(lines[at + 1], '    service.beta.kubernetes.io/alibaba-cloud-loadbalancer-id: "lb-article-clb1"');
    // The placeholder is no DNS name: an Error on it; the annotation changes nothing yet, so the
    // refused warning stays on the CLB id (now line 11).
    deepStrictEqual(view.afterFix.errorSquiggles, ['hostname']);
    deepStrictEqual(view.afterFix.warningSquiggles, ['id']);
    deepStrictEqual(rowsOf(view.afterFix.rows, 'svc-http.yaml'), [
      `Error: ${PLACEHOLDER_INVALID} at line 10 and character 69. generated by kube-lb-reach`,
      `Warning: ${REFUSED_443} at line 11 and character 63. This problem has references to 1 locations. generated by kube-lb-reach`,
      '443/TCP on CLB lb-article-clb1, declared by Service default/svc2 of cluster green at line 17 and character 13 in svc-https.yaml',
    ]);
    match(view.afterFix.problems, /hostname-invalid\n\[Ln 10, Col 69\]/);
  });

  it('typing a DNS name into the tab stop ends the Error and the refused warning of svc-http.yaml; svc-https.yaml keeps its own', () => {
    strictEqual(view.filled.hostnameLine, '    service.beta.kubernetes.io/alibaba-cloud-loadbalancer-hostname: "clb1.article.example.com"');
    // svc1 reports no IP now: nothing of cluster blue is refused. What is left are the Info findings
    // of in-cluster traffic through a layer-4 CLB (hostname-loopback on the hostname, lb-layer4-loopback on the id).
    deepStrictEqual(view.filled.squiggles, { error: 0, warning: 0, info: 2 });
    const http = rowsOf(view.filled.rows, 'svc-http.yaml');
    const [loopbackHostname = '', , loopbackId = ''] = http;
    deepStrictEqual(http.map((r) => r.split(':')[0]), ['Info', '80/TCP', 'Info']);
    ok(loopbackHostname.startsWith('Info: Pods and processes on a CLB backend node time out at times on 80/TCP: make those listeners HTTP/HTTPS, or call the ClusterIP.'), loopbackHostname);
    ok(loopbackHostname.includes(' at line 10 and character 69. '), loopbackHostname);
    ok(loopbackId.startsWith('Info: Pods and processes on a node that is a CLB backend time out at times through it: use HTTP/HTTPS listeners, or call the Service by its ClusterIP.'), loopbackId);
    ok(loopbackId.includes(' at line 11 and character 63. '), loopbackId);
    ok(!view.filled.problems.includes('hostname-invalid'), view.filled.problems);
    ok(!http.some((r) => r.includes('refused')), JSON.stringify(http));
    match(view.filled.problems, /hostname-loopback\n\[Ln 10, Col 69\][\s\S]*lb-layer4-loopback\n\[Ln 11, Col 63\]/);
    // svc2 (cluster green) still reports the IP, and 80/TCP is served by cluster blue only.
    const https = rowsOf(view.filled.rows, 'svc-https.yaml');
    const [refused80 = '', related80, local = ''] = https;
    ok(refused80.startsWith(`Warning: ${REFUSED_80_LEAD} `) && refused80.includes('Not served here: 80/TCP (Service default/svc1 of cluster blue).'), refused80);
    strictEqual(related80, '80/TCP on CLB lb-article-clb1, declared by Service default/svc1 of cluster blue at line 19 and character 13 in svc-http.yaml');
    ok(local.startsWith(`Info: ${LOCAL_LEAD} `), local);
    strictEqual(https.length, 3);
  });

  it('clicking the rule id in the Problems panel opens the rule page, rendered, and its links open the shipped pages', () => {
    deepStrictEqual(view.ruleDocs, {
      tab: 'Preview reused-clb-other-listener-refused.md',
      heading: 'reused-clb-other-listener-refused',
      sections: ['What it reports', 'Semantics', 'Why', 'Examples', 'Fix', 'Settings'],
      links: [
        'reused-clb-listeners-unknown',
        'configuration',
        'upstream notes',
        'Thoughts on a Problem Caused by a Network Failure',
        'Client cannot access CLB',
        'Add annotations to the YAML file of a Service to configure CLB instances',
        'issue 72236',
        'PR 108460',
        'Alibaba Cloud CCM',
        'upstream notes',
        'reused-clb-hostname-incomplete',
        'hostname-invalid',
        'hostname-loopback',
        'lb-layer4-loopback',
      ],
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
