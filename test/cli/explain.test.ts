import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { reachTable, type ReachInput, type ReachRow } from '../../server/src/core';
import { service } from '../helpers/workspace';
import { makeDir, removeDir, runCli, stderrLines } from './run';

interface Explanation {
  service: string | null;
  kubernetesVersion: string;
  release: string;
  patchAssumed: boolean;
  proxyMode: string;
  policy: string;
  rows: ReachRow[];
}

/**
 * The expected cells, `from → to` → `outcome clientIp`, in the model's row order. The same
 * expectations as test/core/reach-model.test.ts: here they check the CLI renders the model faithfully.
 */
const IPVS_LOCAL_123: Record<string, string> = {
  'outside → lb-port': 'works preserved',
  'outside → lb-other-listener': 'works n/a',
  'outside → nodeport-node-with-endpoint': 'works preserved',
  'outside → nodeport-node-without-endpoint': 'refused n/a',
  'node-with-endpoint → lb-port': 'works lb-ip',
  'node-with-endpoint → lb-other-listener': 'host-may-answer n/a',
  'node-with-endpoint → nodeport-own-node': 'works preserved',
  'node-with-endpoint → nodeport-node-with-endpoint': 'works preserved',
  'node-with-endpoint → nodeport-node-without-endpoint': 'refused n/a',
  'node-without-endpoint → lb-port': 'refused n/a',
  'node-without-endpoint → lb-other-listener': 'host-may-answer n/a',
  'node-without-endpoint → nodeport-own-node': 'refused n/a',
  'node-without-endpoint → nodeport-node-with-endpoint': 'works preserved',
  'node-without-endpoint → nodeport-node-without-endpoint': 'refused n/a',
  'pod-on-node-with-endpoint → lb-port': 'works preserved',
  'pod-on-node-with-endpoint → lb-other-listener': 'host-may-answer n/a',
  'pod-on-node-with-endpoint → nodeport-own-node': 'works preserved',
  'pod-on-node-with-endpoint → nodeport-node-with-endpoint': 'works preserved',
  'pod-on-node-with-endpoint → nodeport-node-without-endpoint': 'refused n/a',
  'pod-on-node-without-endpoint → lb-port': 'refused n/a',
  'pod-on-node-without-endpoint → lb-other-listener': 'host-may-answer n/a',
  'pod-on-node-without-endpoint → nodeport-own-node': 'refused n/a',
  'pod-on-node-without-endpoint → nodeport-node-with-endpoint': 'works preserved',
  'pod-on-node-without-endpoint → nodeport-node-without-endpoint': 'refused n/a',
};

/** 1.24 (PR 97081): nodes without an endpoint now send to remote endpoints without SNAT. */
const IPVS_LOCAL_124: Record<string, string> = {
  ...IPVS_LOCAL_123,
  'outside → nodeport-node-without-endpoint': 'times-out n/a',
  'node-with-endpoint → nodeport-node-without-endpoint': 'times-out n/a',
  'node-without-endpoint → lb-port': 'times-out n/a',
  'node-without-endpoint → nodeport-own-node': 'works preserved',
  'node-without-endpoint → nodeport-node-without-endpoint': 'times-out n/a',
  'pod-on-node-with-endpoint → nodeport-node-without-endpoint': 'times-out n/a',
  'pod-on-node-without-endpoint → lb-port': 'works preserved',
  'pod-on-node-without-endpoint → nodeport-own-node': 'works preserved',
  'pod-on-node-without-endpoint → nodeport-node-without-endpoint': 'times-out n/a',
};

/** Cluster: everything works with the node IP as source, but the CLB's other listeners from inside (no KUBE-IPVS-FILTER before 1.26). */
const IPVS_CLUSTER: Record<string, string> = Object.fromEntries(
  Object.keys(IPVS_LOCAL_123).map((key) => [
    key,
    key.endsWith('lb-other-listener') ? (key.startsWith('outside') ? 'works n/a' : 'host-may-answer n/a') : 'works node-ip',
  ]),
);

const cellsOf = (rows: readonly ReachRow[]): Record<string, string> => {
  const cells: Record<string, string> = {};
  for (const row of rows) cells[`${row.from} → ${row.to}`] = `${row.outcome} ${row.clientIp}`;
  return cells;
};

/** Cell by cell, and in the same row order. */
function assertCells(rows: readonly ReachRow[], expected: Record<string, string>, what: string): void {
  const cells = cellsOf(rows);
  deepStrictEqual(Object.keys(cells), Object.keys(expected), `${what}: rows`);
  for (const key of Object.keys(expected)) strictEqual(cells[key], expected[key], `${what}: ${key}`);
}

/** The model's own rows (with their reasons) for a reused CLB, layer-4 listeners, no hostname. */
const modelRows = (input: Partial<ReachInput>): ReachRow[] =>
  reachTable({ proxyMode: 'ipvs', kubernetesMinor: 34, serviceType: 'LoadBalancer', policy: 'Local', hostname: false, reused: true, listenerLayer: 'l4', ...input });

function explainJson(dir: string, args: string[]): Explanation[] {
  const result = runCli(dir, ['explain', ...args, '--format', 'json']);
  strictEqual(result.stderr, '');
  strictEqual(result.code, 0);
  const parsed = JSON.parse(result.stdout) as Explanation[];
  strictEqual(Array.isArray(parsed), true);
  for (const entry of parsed) {
    deepStrictEqual(Object.keys(entry), ['service', 'kubernetesVersion', 'release', 'patchAssumed', 'proxyMode', 'policy', 'rows']);
    for (const row of entry.rows) deepStrictEqual(Object.keys(row), ['from', 'to', 'outcome', 'clientIp', 'path', 'why']);
  }
  return parsed;
}

const header = (e: Explanation): Omit<Explanation, 'rows' | 'release' | 'patchAssumed'> => ({ service: e.service, kubernetesVersion: e.kubernetesVersion, proxyMode: e.proxyMode, policy: e.policy });

describe('kube-lb-reach explain', { timeout: 60_000 }, () => {
  let dir: string;
  before(() => {
    dir = makeDir({
      'services.yaml': [
        service({ name: 'web-local', clbId: 'lb-e1', ports: [443], policy: 'Local' }),
        service({ name: 'web-cluster', clbId: 'lb-e1', ports: [80], policy: 'Cluster' }),
        service({ name: 'internal', type: 'ClusterIP' }),
      ].join('---\n'),
      'clusterip.yaml': service({ name: 'internal', type: 'ClusterIP' }),
    });
  });
  after(() => { removeDir(dir); });

  it('FILE --format json at 1.23 under IPVS: one entry per LoadBalancer Service, in file order, cell by cell', () => {
    const entries = explainJson(dir, ['services.yaml', '--kubernetes-version', '1.23']);
    deepStrictEqual(entries.map(header), [
      { service: 'default/web-local', kubernetesVersion: '1.23', proxyMode: 'ipvs', policy: 'Local' },
      { service: 'default/web-cluster', kubernetesVersion: '1.23', proxyMode: 'ipvs', policy: 'Cluster' },
    ]);
    assertCells(entries[0]!.rows, IPVS_LOCAL_123, 'Local 1.23');
    assertCells(entries[1]!.rows, IPVS_CLUSTER, 'Cluster 1.23');
    deepStrictEqual(entries[0]!.rows, modelRows({ kubernetesMinor: 23 }));
    deepStrictEqual(entries[1]!.rows, modelRows({ kubernetesMinor: 23, policy: 'Cluster' }));
  });

  it('FILE --format json at 1.24 under IPVS: Local changes on nodes and pods without an endpoint, Cluster does not', () => {
    const entries = explainJson(dir, ['services.yaml', '--kubernetes-version', '1.24']);
    deepStrictEqual(entries.map((e) => [e.service, e.kubernetesVersion, e.policy]), [
      ['default/web-local', '1.24', 'Local'],
      ['default/web-cluster', '1.24', 'Cluster'],
    ]);
    assertCells(entries[0]!.rows, IPVS_LOCAL_124, 'Local 1.24');
    assertCells(entries[1]!.rows, IPVS_CLUSTER, 'Cluster 1.24');
    strictEqual(cellsOf(entries[0]!.rows)['node-without-endpoint → lb-port'], 'times-out n/a');
    deepStrictEqual(entries[0]!.rows, modelRows({ kubernetesMinor: 24 }));
    deepStrictEqual(entries[1]!.rows, modelRows({ kubernetesMinor: 24, policy: 'Cluster' }));
    for (const row of entries[0]!.rows) strictEqual(row.why.length > 20, true, `${row.from} → ${row.to} has a reason`);
  });

  it('FILE --compare 1.23,1.24: each Service at each version, the same rows as one version at a time', () => {
    const entries = explainJson(dir, ['services.yaml', '--compare', '1.23,v1.24.2']);
    deepStrictEqual(entries.map((e) => [e.service, e.kubernetesVersion]), [
      ['default/web-local', '1.23'],
      ['default/web-local', '1.24.2'],
      ['default/web-cluster', '1.23'],
      ['default/web-cluster', '1.24.2'],
    ]);
    deepStrictEqual(entries.map((e) => [e.release, e.patchAssumed]), [['1.23.0', true], ['1.24.2', false], ['1.23.0', true], ['1.24.2', false]]);
    const at123 = explainJson(dir, ['services.yaml', '--kubernetes-version', '1.23']);
    const at124 = explainJson(dir, ['services.yaml', '--kubernetes-version', '1.24.2']);
    deepStrictEqual(entries, [at123[0], at124[0], at123[1], at124[1]]);
  });

  it('--compare 1.33.5,1.33.6 under nftables: the backport of PR 132456 (PR 133969) changes exactly the rows it fixed', () => {
    const [before, after] = explainJson(dir, ['--policy', 'Local', '--proxy-mode', 'nftables', '--compare', '1.33.5,1.33.6']);
    deepStrictEqual([before!.kubernetesVersion, after!.kubernetesVersion, before!.release, after!.patchAssumed], ['1.33.5', '1.33.6', '1.33.5', false]);
    const was = cellsOf(before!.rows);
    const now = cellsOf(after!.rows);
    deepStrictEqual(Object.keys(now).filter((key) => now[key] !== was[key]), [
      'node-without-endpoint → lb-port',
      'node-without-endpoint → nodeport-own-node',
      'pod-on-node-without-endpoint → lb-port',
    ]);
    deepStrictEqual([was['node-without-endpoint → lb-port'], now['node-without-endpoint → lb-port']], ['times-out n/a', 'works node-ip']);
    deepStrictEqual([was['pod-on-node-without-endpoint → lb-port'], now['pod-on-node-without-endpoint → lb-port']], ['times-out n/a', 'works preserved']);
    // A bare 1.33 is read as 1.33.0 and the reason says so.
    const bare = explainJson(dir, ['--policy', 'Local', '--proxy-mode', 'nftables', '--kubernetes-version', '1.33'])[0]!;
    deepStrictEqual([bare.release, bare.patchAssumed], ['1.33.0', true]);
    strictEqual(bare.rows.find((r) => r.from === 'node-without-endpoint' && r.to === 'lb-port')!.why.endsWith('this assumes 1.33.0: from 1.33.6 (PR 133969) the change is in'), true);
  });

  it('--compare-modes ipvs,nftables: one entry per mode, the header names version and mode', () => {
    const entries = explainJson(dir, ['--policy', 'Local', '--kubernetes-version', '1.33.5', '--compare-modes', 'ipvs,nftables']);
    deepStrictEqual(entries.map((e) => [e.kubernetesVersion, e.proxyMode]), [['1.33.5', 'ipvs'], ['1.33.5', 'nftables']]);
    deepStrictEqual(entries[1]!.rows, modelRows({ proxyMode: 'nftables', kubernetesMinor: 33, kubernetesPatch: 5, reused: false }));
    const text = runCli(dir, ['explain', '--policy', 'Local', '--kubernetes-version', '1.33.5', '--compare-modes', 'ipvs,nftables']).stdout.split('\n');
    strictEqual(text[0], '(described by flags): kube-proxy ipvs vs nftables, externalTrafficPolicy Local');
    deepStrictEqual(text[1]!.split(/ {2,}/), ['FROM', 'TO', '1.33.5 ipvs OUTCOME', '1.33.5 nftables OUTCOME', 'CLIENT IP', 'WHY']);
  });

  it('--changed-only keeps the rows that differ between the columns, in JSON and text', () => {
    const entries = explainJson(dir, ['--policy', 'Local', '--proxy-mode', 'nftables', '--compare', '1.33.5,1.33.6', '--changed-only']);
    deepStrictEqual(entries.map((e) => e.rows.map((r) => `${r.from} → ${r.to}`)), [
      ['node-without-endpoint → lb-port', 'node-without-endpoint → nodeport-own-node', 'pod-on-node-without-endpoint → lb-port'],
      ['node-without-endpoint → lb-port', 'node-without-endpoint → nodeport-own-node', 'pod-on-node-without-endpoint → lb-port'],
    ]);
    const text = runCli(dir, ['explain', '--policy', 'Local', '--proxy-mode', 'nftables', '--compare', '1.33.5,1.33.6', '--changed-only']).stdout.split('\n');
    strictEqual(text.length, 2 + 3 + 1);
    strictEqual(text[2]!.split(/ {2,}/).slice(0, 4).join(' | '), 'a node without an endpoint (host network) | LB IP, a port of this Service | times-out | works');
    // Nothing differs between 1.34.0 and 1.34.1: said so.
    deepStrictEqual(runCli(dir, ['explain', '--compare', '1.34.0,1.34.1', '--changed-only']).stdout.split('\n').slice(0, 2), ['(described by flags): kube-proxy ipvs, externalTrafficPolicy Cluster', '(no row differs)']);
  });

  it('FILE --proxy-mode iptables at 1.34: in-cluster traffic to the LB IP works, other nodes\' Local NodePorts fail', () => {
    const entries = explainJson(dir, ['services.yaml', '--proxy-mode', 'iptables']);
    deepStrictEqual(header(entries[0]!), { service: 'default/web-local', kubernetesVersion: '1.34', proxyMode: 'iptables', policy: 'Local' });
    const cells = cellsOf(entries[0]!.rows);
    strictEqual(cells['node-without-endpoint → lb-port'], 'works node-ip');
    strictEqual(cells['pod-on-node-without-endpoint → lb-port'], 'works preserved');
    strictEqual(cells['pod-on-node-without-endpoint → lb-other-listener'], 'intermittent n/a');
    strictEqual(cells['node-without-endpoint → nodeport-own-node'], 'works node-ip');
    strictEqual(cells['pod-on-node-without-endpoint → nodeport-own-node'], 'works preserved');
    strictEqual(cells['node-with-endpoint → nodeport-node-without-endpoint'], 'times-out n/a');
    strictEqual(cells['outside → nodeport-node-without-endpoint'], 'times-out n/a');
    strictEqual(cells['outside → lb-port'], 'works preserved');
    deepStrictEqual(entries[0]!.rows, modelRows({ proxyMode: 'iptables', kubernetesMinor: 34 }));
  });

  it('without FILE: a Service described by flags, service null; --compare gives one entry per version', () => {
    const entries = explainJson(dir, ['--policy', 'Local', '--kubernetes-version', '1.23']);
    strictEqual(entries.length, 1);
    deepStrictEqual(header(entries[0]!), { service: null, kubernetesVersion: '1.23', proxyMode: 'ipvs', policy: 'Local' });
    // Not --reused: the CLB has no other listener, so those rows are absent.
    const withoutOthers = Object.fromEntries(Object.entries(IPVS_LOCAL_123).filter(([key]) => !key.endsWith('lb-other-listener')));
    assertCells(entries[0]!.rows, withoutOthers, 'flags, Local 1.23');
    assertCells(explainJson(dir, ['--policy', 'Local', '--reused', '--kubernetes-version', '1.23'])[0]!.rows, IPVS_LOCAL_123, 'flags, reused');

    const compared = explainJson(dir, ['--policy', 'Local', '--compare', '1.23,1.24']);
    deepStrictEqual(compared.map(header), [
      { service: null, kubernetesVersion: '1.23', proxyMode: 'ipvs', policy: 'Local' },
      { service: null, kubernetesVersion: '1.24', proxyMode: 'ipvs', policy: 'Local' },
    ]);
    deepStrictEqual(compared[0], entries[0]);

    // Defaults: Cluster, LoadBalancer, 1.34; --type NodePort has no LB rows.
    deepStrictEqual(header(explainJson(dir, [])[0]!), { service: null, kubernetesVersion: '1.34', proxyMode: 'ipvs', policy: 'Cluster' });
    const nodePort = explainJson(dir, ['--type', 'NodePort', '--policy', 'Local'])[0]!;
    strictEqual(nodePort.rows.length, 14);
    strictEqual(nodePort.rows.some((r) => r.to.startsWith('lb-')), false);
  });

  it('text: a title per Service, the header with one OUTCOME column per version, aligned rows', () => {
    const result = runCli(dir, ['explain', '--policy', 'Local', '--compare', '1.23,1.24']);
    strictEqual(result.stderr, '');
    strictEqual(result.code, 0);
    const lines = result.stdout.split('\n');
    strictEqual(lines[0], '(described by flags): kube-proxy ipvs, externalTrafficPolicy Local');
    strictEqual(lines[1], 'FROM                                       TO                                      1.23 OUTCOME  1.24 OUTCOME  CLIENT IP  WHY');
    deepStrictEqual(lines[1].split(/ {2,}/), ['FROM', 'TO', '1.23 OUTCOME', '1.24 OUTCOME', 'CLIENT IP', 'WHY']);
    const whyAt = (version: string): string =>
      explainJson(dir, ['--policy', 'Local', '--kubernetes-version', version])[0]!.rows.find((r) => r.from === 'node-without-endpoint' && r.to === 'lb-port')!.why;
    // Both versions fail here, each for its own reason: both are named.
    const row = `a node without an endpoint (host network)  LB IP, a port of this Service           refused       times-out     n/a        1.23: ${whyAt('1.23')} | 1.24: ${whyAt('1.24')}`;
    strictEqual(lines.filter((line) => line.startsWith('a node without an endpoint (host network)  LB IP, a port')).join('\n'), row);
    // 19 rows (no --reused), then an empty line ends the table; every row starts its cells under the header's.
    strictEqual(lines.length, 2 + 19 + 1);
    strictEqual(result.stdout.endsWith('\n'), true);
    const starts = ['TO', '1.23 OUTCOME', '1.24 OUTCOME', 'CLIENT IP'].map((h) => lines[1]!.indexOf(h));
    for (const line of lines.slice(2, 21)) for (const start of starts) strictEqual(line[start - 1] === ' ' && line[start] !== ' ', true, line);
  });

  it('text for a FILE: one table per Service, at the configured version', () => {
    const result = runCli(dir, ['explain', 'services.yaml']);
    const titles = result.stdout.split('\n').filter((line) => line.startsWith('default/'));
    deepStrictEqual(titles, ['default/web-local: kube-proxy ipvs, externalTrafficPolicy Local', 'default/web-cluster: kube-proxy ipvs, externalTrafficPolicy Cluster']);
    deepStrictEqual(
      result.stdout.split('\n').filter((line) => line.startsWith('FROM')).map((line) => line.split(/ {2,}/)),
      [
        ['FROM', 'TO', '1.34 OUTCOME', 'CLIENT IP', 'WHY'],
        ['FROM', 'TO', '1.34 OUTCOME', 'CLIENT IP', 'WHY'],
      ],
    );
    strictEqual(result.code, 0);
  });

  it('a FILE without LoadBalancer or NodePort Service: says so on stderr, exits 0', () => {
    deepStrictEqual(runCli(dir, ['explain', 'clusterip.yaml']), {
      code: 0,
      stdout: '',
      stderr: 'kube-lb-reach: clusterip.yaml: no LoadBalancer or NodePort Service to explain\n',
    });
  });

  const usageErrors: [string, string[], string][] = [
    ['two FILEs', ['services.yaml', 'clusterip.yaml'], 'kube-lb-reach: explain takes at most one FILE'],
    ['--compare with one version', ['--compare', '1.23'], 'kube-lb-reach: --compare expects versions such as 1.23,1.24 or 1.33.5,1.33.6 (got "1.23")'],
    ['--compare with a bad version', ['--compare', '1.23,2.0'], 'kube-lb-reach: --compare expects versions such as 1.23,1.24 or 1.33.5,1.33.6 (got "1.23,2.0")'],
    [
      'nftables before it existed',
      ['--proxy-mode', 'nftables', '--kubernetes-version', '1.25'],
      'kube-lb-reach: --proxy-mode nftables at --kubernetes-version 1.25: kube-proxy has no nftables mode before Kubernetes 1.29 (alpha in 1.29, GA in 1.33; KEP-3866)',
    ],
    [
      '--compare with a version before nftables existed',
      ['--proxy-mode', 'nftables', '--compare', '1.28,1.29'],
      'kube-lb-reach: --compare 1.28 with --proxy-mode nftables: kube-proxy has no nftables mode before Kubernetes 1.29 (alpha in 1.29, GA in 1.33; KEP-3866)',
    ],
    ['--compare-modes with one mode', ['--compare-modes', 'ipvs'], 'kube-lb-reach: --compare-modes expects modes such as ipvs,nftables (got "ipvs")'],
    [
      '--compare-modes with a mode a version did not have',
      ['--compare-modes', 'ipvs,nftables', '--kubernetes-version', '1.28'],
      'kube-lb-reach: --compare-modes nftables at Kubernetes 1.28: kube-proxy has no nftables mode before Kubernetes 1.29 (alpha in 1.29, GA in 1.33; KEP-3866)',
    ],
    ['--changed-only without a comparison', ['--changed-only'], 'kube-lb-reach: --changed-only needs --compare or --compare-modes'],
    ['a bad --kubernetes-version', ['--kubernetes-version', '1.x'], 'kube-lb-reach: --kubernetes-version expects 1.MINOR or 1.MINOR.PATCH, e.g. 1.28 or 1.33.6 (got "1.x")'],
    ['--format sarif', ['--format', 'sarif'], 'kube-lb-reach: --format must be one of text, json (got "sarif")'],
    ['a bad --policy', ['--policy', 'Both'], 'kube-lb-reach: --policy must be one of Local, Cluster (got "Both")'],
    ['a bad --type', ['--type', 'ClusterIP'], 'kube-lb-reach: --type must be one of LoadBalancer, NodePort (got "ClusterIP")'],
    ['a bad --layer', ['--layer', 'l3'], 'kube-lb-reach: --layer must be one of l4, l7 (got "l3")'],
  ];
  it('exits 2 for a FILE that does not exist: one line, an I/O error, no usage hint', () => {
    deepStrictEqual(runCli(dir, ['explain', 'nope.yaml']), { code: 2, stdout: '', stderr: 'kube-lb-reach: nope.yaml: file not found\n' });
  });

  for (const [what, args, message] of usageErrors) {
    it(`exits 2 for ${what}`, () => {
      const result = runCli(dir, ['explain', ...args]);
      strictEqual(result.code, 2);
      strictEqual(result.stdout, '');
      deepStrictEqual(stderrLines(result), [message, "Run 'kube-lb-reach --help' for usage."]);
    });
  }
});
