import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { RULES } from '../../server/src/core';
import { formatMessage } from '../../server/src/core/rules/run';
import { service } from '../helpers/workspace';

/** The real bundle, as `npm run build` leaves it (out/test/cli → dist/cli.js). */
export const CLI = path.resolve(__dirname, '..', '..', '..', 'dist', 'cli.js');
/** Where the bundle says the rule pages are: dist/../docs/rules. */
export const DOCS_RULES = path.resolve(__dirname, '..', '..', '..', 'docs', 'rules');

export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `node dist/cli.js ARGS` in `cwd` with piped standard streams (so stdout is not a terminal)
 * and waits for it to exit. `input` is written to its standard input, which is then closed.
 */
export function runCli(cwd: string, args: readonly string[], input = ''): RunResult {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    input,
    encoding: 'utf8',
    stdio: ['pipe', 'pipe', 'pipe'],
    timeout: 20_000,
  });
  if (result.error) throw result.error;
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A fresh temporary folder holding `files` (relative path → text or bytes); remove it with `removeDir`. */
export function makeDir(files: Record<string, string | Buffer> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'klr-cli-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

export function removeDir(dir: string | undefined): void {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
}

/** Every entry below `dir` (files and folders, dot files included), relative, sorted. */
export function listDir(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[]).map((p) => p.split(path.sep).join('/')).sort();
}

/** Standard error split into lines, without the final empty one. */
export function stderrLines(result: RunResult): string[] {
  return result.stderr === '' ? [] : result.stderr.replace(/\n$/, '').split('\n');
}

/** The seed case of the issue: two Services reusing one CLB, ports 80 and 443, in two files. */
export const CLB = 'lb-seed0001';
export const HTTP_TEXT = service({ name: 'web-http', clbId: CLB, ports: [80] });
export const HTTPS_TEXT = service({ name: 'web-https', clbId: CLB, ports: [443], policy: 'Local' });

/** A rule's message with its data, from the rule's own template: the tests follow its wording, and check the data. */
export const messageOf = (ruleId: string, messageId: string, data: Record<string, string>): string => formatMessage(RULES.find((r) => r.id === ruleId)!.meta.messages[messageId]!, data);

const BEFORE_126 = ' Before Kubernetes 1.26 a process on the node listening on that port answers instead.';

/**
 * The warning on a CLB id: `ports` the refused listeners, `others` the same with where each comes
 * from, `own` the ports this cluster's Services serve.
 */
export function refusedMessage(clbId: string, own: string, others: string, minor = 34, ports = others.replace(/ \([^)]*\)/g, '')): string {
  return messageOf('reused-clb-other-listener-refused', 'refused', { lb: 'CLB', lbId: clbId, ports, listeners: others, own, notes: minor < 26 ? BEFORE_126 : '' });
}

/**
 * The seed case as two clusters that share the CLB: http.yaml deploys to cluster blue, https.yaml
 * to green (and broken.yaml, which holds web-http too: one cluster with https.yaml). Each cluster is refused on the other's listener. In one
 * cluster they would not be: kube-proxy serves both ports from the Services' endpoints.
 */
export const SEED_CONFIG = {
  '.kube-lb-reach.yaml': 'clusters:\n  - name: blue\n    paths: ["**/http.yaml", "**/http.yml"]\n  - name: green\n    paths: ["**/https.yaml", "**/https.yml", "**/broken.yaml"]\n',
} as const;
export const SEED_FILES = { ...SEED_CONFIG, 'http.yaml': HTTP_TEXT, 'https.yaml': HTTPS_TEXT } as const;

export const HTTP_WARNING = (minor = 34): string => refusedMessage(CLB, '80/TCP', '443/TCP (Service default/web-https of cluster green)', minor);
export const HTTPS_WARNING = (minor = 34): string => refusedMessage(CLB, '443/TCP', '80/TCP (Service default/web-http of cluster blue)', minor);
/** The information on `externalTrafficPolicy: Local` of web-https, at 1.24 and later under IPVS. */
export const LOCAL_INFO = (version = '1.34'): string =>
  `At Kubernetes ${version} under IPVS, the load balancer IP is bound on every node: a node without an endpoint (host network) times out on it ` +
  `(the node picks the LB IP itself as source; without SNAT the pod's reply to the LB IP is swallowed by the kube-ipvs0 address on the pod's own node). ` +
  'NodePorts from inside the cluster: a node with an endpoint (host network) → NodePort of a node without an endpoint, a node without an endpoint (host network) → NodePort of a node without an endpoint, ' +
  'a pod on a node with an endpoint → NodePort of a node without an endpoint, a pod on a node without an endpoint → NodePort of a node without an endpoint: times-out ' +
  "(since 1.24 the node sends it to a remote endpoint without SNAT; the pod replies straight to the client from an address the client's socket does not expect, so the handshake never completes).";

/** The text report of the seed case, line by line (the last line is the summary). */
export const SEED_TEXT_LINES = (minor = 34): string[] => [
  `http.yaml:7:63 warning reused-clb-other-listener-refused ${HTTP_WARNING(minor)}`,
  `https.yaml:7:63 warning reused-clb-other-listener-refused ${HTTPS_WARNING(minor)}`,
  `https.yaml:10:26 information local-policy-in-cluster-reach ${LOCAL_INFO(`1.${minor}`)}`,
  '3 findings in 2 files',
];

/** The information the CLB id of a reused CLB gets when no other listener is known. */
export const LONE_INFO = (clbId: string, own: string): string => messageOf('reused-clb-listeners-unknown', 'unknown', { lb: 'CLB', lbId: clbId, own });

/** A report's finding lines cut to `file:line:col severity rule-id`, the summary kept. */
export const findingHeads = (stdout: string): string => stdout.split('\n').map((line) => (/^\S+:\d+:\d+ /.test(line) ? line.split(' ').slice(0, 3).join(' ') : line)).join('\n');
/**
 * After the hostname fix on both of the article's Services: no warning; the hostname's trade-off
 * (loopback on each Service's own ports, on the hostname; on the CLB's other listeners, on the id)
 * and the Local NodePorts remain (information).
 */
export const AFTER_FIX = [
  'http.yaml:7:69 information hostname-loopback',
  'http.yaml:8:63 information lb-layer4-loopback',
  'https.yaml:7:69 information hostname-loopback',
  'https.yaml:8:63 information lb-layer4-loopback',
  'https.yaml:11:26 information local-policy-in-cluster-reach',
  '5 findings in 2 files',
  '',
].join('\n');
