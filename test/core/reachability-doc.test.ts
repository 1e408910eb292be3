import { strictEqual } from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { renderReachMarkdown, type ReachInput } from '../../server/src/core';

/**
 * docs/reachability.md is rendered from the reachability model, like the hovers and `explain`.
 * This test fails when the two drift; `npm run docs` rewrites the page.
 */
const PAGE = path.resolve(__dirname, '..', '..', '..', 'docs', 'reachability.md');

const base: ReachInput = { proxyMode: 'ipvs', kubernetesMinor: 24, serviceType: 'LoadBalancer', policy: 'Local', hostname: false, reused: true, listenerLayer: 'l4' };

const sections: [string, ReachInput, string][] = [
  ['IPVS 1.24–1.25, `externalTrafficPolicy: Local`, reused CLB (before 1.24 beside it)', base, '1.24'],
  ['IPVS 1.26 and later, `externalTrafficPolicy: Local`, reused CLB', { ...base, kubernetesMinor: 26 }, '1.26'],
  ['IPVS, `externalTrafficPolicy: Cluster`, reused CLB', { ...base, policy: 'Cluster', kubernetesMinor: 26 }, '1.26'],
  ['IPVS, Local, hostname annotation, layer-4 listeners', { ...base, hostname: true }, '1.24'],
  ['IPVS, Local, hostname annotation, layer-7 listeners', { ...base, hostname: true, listenerLayer: 'l7' }, '1.24'],
  ['Any mode with the IP reported, Cluster, an HTTPS listener (TLS at the CLB) and PROXY protocol', { ...base, policy: 'Cluster', reused: false, listenerLayer: 'l7', lbTerminatesTls: true, lbProxyProtocol: true, kubernetesMinor: 34 }, '1.34'],
  ['IPVS 1.29 and later, Cluster, `loadBalancerSourceRanges` set (ranges without the pod CIDR or node IPs)', { ...base, policy: 'Cluster', reused: false, sourceRanges: true, kubernetesMinor: 29 }, '1.29'],
  ['IPVS, Local, ENI backends (`backend-type: eni`), hostname annotation', { ...base, hostname: true, lbBackends: 'pods', kubernetesMinor: 34 }, '1.34'],
  ['IPVS (iptables and nftables alike), Local, `ipMode: Proxy` (1.30 and later)', { ...base, ipMode: 'Proxy', kubernetesMinor: 32, kubernetesPatch: 0 }, '1.32.0'],
  ['iptables before 1.15, Local', { ...base, proxyMode: 'iptables', kubernetesMinor: 14, kubernetesPatch: 0 }, '1.14.0'],
  ['iptables 1.15 and later, Local, reused CLB', { ...base, proxyMode: 'iptables', kubernetesMinor: 34 }, '1.34'],
  ['nftables 1.29 to 1.33.5, Local, before the fix of PR 132456', { ...base, proxyMode: 'nftables', kubernetesMinor: 33, kubernetesPatch: 5 }, '1.33.5'],
  ['nftables 1.33.6 and 1.34 and later, Local (PR 132456, backport PR 133969)', { ...base, proxyMode: 'nftables', kubernetesMinor: 33, kubernetesPatch: 6 }, '1.33.6'],
  ['NodePort Service, IPVS, Local', { ...base, serviceType: 'NodePort', reused: false }, '1.24'],
];

const LEGEND = [
  '**Legend.** Outcome: `works`; `refused` (ICMP port-unreachable or REJECT: "Connection refused"); `times-out` (a silent DROP, or a reply that never reaches the client\'s socket); `host-may-answer` (refused, unless a process on the node listens on that port and answers instead of the load balancer); `intermittent` (layer-4 loopback, or a reply that returns only for some endpoints); `fails` (no backend answers and the symptom is not settled; the why says what is unknown).',
  'Client IP, what the backend sees: `preserved` (the client\'s own address: a pod IP or a node IP), `node-ip` (SNAT to a node address), `lb-ip` (the LB IP itself: a node\'s own source address for its bound LB IP), `n/a`.',
  'Path: `clb` (the real load balancer and its listener settings), `kube-proxy` (its rules on a node, bypassing the CLB), `node-stack` (the node\'s own stack: no rule matches a bound address), `nowhere` (dropped or rejected before any backend).',
  '`internalTrafficPolicy` changes none of these cells: it governs ClusterIP traffic only. A bare `1.MINOR` is read as `1.MINOR.0`.',
  'A node *with an endpoint* has a ready one; a node *without* has none. A node whose only endpoints are terminating (during a rollout) is neither: from 1.26 (ProxyTerminatingEndpoints) kube-proxy serves it from the terminating pod where it uses the node\'s own endpoints, never where it sends to all endpoints, and the CCM removes it from the CLB ([upstream notes](upstream-notes.md), §7).',
].join('\n\n');

export function renderPage(): string {
  const parts = [
    '# Reachability of LoadBalancer and NodePort Services from inside the cluster',
    '',
    '<!-- Generated from the reachability model (server/src/core/reach/model.ts) by `npm run docs`; do not edit by hand. -->',
    '',
    'Each table answers: from where, to which address, does a connection work, is it refused or does it time out, what the backend sees as source, and which path the connection takes. Where the other side of Kubernetes 1.24 differs (IPVS), its outcome stands in the last column. One section per mode and version range.',
    '',
    LEGEND,
    '',
    'What each cell rests on: the Alibaba Cloud article [Thoughts on a Problem Caused by a Network Failure](https://www.alibabacloud.com/blog/thoughts-on-a-problem-caused-by-a-network-failure_600585) (its measurements on both sides of 1.24) and the kube-proxy and CCM source read in the [upstream notes](upstream-notes.md). The rows for pods sending to NodePorts, and the client IP of in-cluster sources, are inferred from the kube-proxy rules, not measured.',
    '',
  ];
  for (const [title, input, version] of sections) parts.push(`## ${title}`, '', renderReachMarkdown(input, version), '');
  return parts.join('\n');
}

describe('docs/reachability.md', () => {
  it('is what the model renders', () => {
    const expected = renderPage();
    if (process.env['UPDATE_DOCS'] === '1') writeFileSync(PAGE, expected);
    strictEqual(readFileSync(PAGE, 'utf8'), expected);
  });
});
