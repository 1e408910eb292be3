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
  ['IPVS, `externalTrafficPolicy: Local`, reused CLB', base, '1.24'],
  ['IPVS, `externalTrafficPolicy: Cluster`, reused CLB', { ...base, policy: 'Cluster' }, '1.24'],
  ['IPVS, Local, hostname annotation, layer-4 listeners', { ...base, hostname: true }, '1.24'],
  ['IPVS, Local, hostname annotation, layer-7 listeners', { ...base, hostname: true, listenerLayer: 'l7' }, '1.24'],
  ['iptables, Local', { ...base, proxyMode: 'iptables', kubernetesMinor: 34 }, '1.34'],
  ['nftables, Local, before the fix of PR 132456', { ...base, proxyMode: 'nftables', kubernetesMinor: 33 }, '1.33'],
  ['NodePort Service, IPVS, Local', { ...base, serviceType: 'NodePort', reused: false }, '1.24'],
];

export function renderPage(): string {
  const parts = [
    '# Reachability of LoadBalancer and NodePort Services from inside the cluster',
    '',
    '<!-- Generated from the reachability model (server/src/core/reach/model.ts) by `npm run docs`; do not edit by hand. -->',
    '',
    'Each table answers: from where, to which address, does a connection work, is it refused or does it time out, and does the backend see the client IP. `fails` means no backend answers and the exact symptom is not confirmed; `intermittent` is layer-4 loopback. Where the other side of Kubernetes 1.24 differs, its outcome stands in the last column.',
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
