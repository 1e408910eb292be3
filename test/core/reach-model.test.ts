import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CLIENT_IPS, OUTCOMES, reachTable, type ReachInput } from '../../server/src/core';

/**
 * The reachability model, cell by cell. Each expectation cites what it rests on: the article's
 * measurements (A), the brief (B) or docs/upstream-notes.md (U).
 */
const base: ReachInput = {
  proxyMode: 'ipvs',
  kubernetesMinor: 23,
  serviceType: 'LoadBalancer',
  policy: 'Local',
  hostname: false,
  reused: true,
  listenerLayer: 'l4',
};

function table(input: Partial<ReachInput>): Record<string, string> {
  const cells: Record<string, string> = {};
  for (const row of reachTable({ ...base, ...input })) cells[`${row.from} → ${row.to}`] = `${row.outcome} ${row.clientIp}`;
  return cells;
}

describe('reachability model', () => {
  it('IPVS, Local, before 1.24: nodes without an endpoint serve nothing (A: "access will fail")', () => {
    deepStrictEqual(table({ kubernetesMinor: 23 }), {
      'outside → lb-port': 'works preserved', // A: CCM mounts only Local nodes
      'outside → lb-other-listener': 'works n/a', // A: ECS outside reaches 443 and 80
      'outside → nodeport-node-with-endpoint': 'works preserved', // A: source IP reserved
      'outside → nodeport-node-without-endpoint': 'fails n/a', // A: no IPVS real server
      'node-with-endpoint → lb-port': 'works preserved', // A: 209 reaches SLB 8.222.252.252:80
      'node-with-endpoint → lb-other-listener': 'refused n/a', // A: "access to other ports of the SLB will be denied"
      'node-with-endpoint → nodeport-own-node': 'works preserved',
      'node-with-endpoint → nodeport-node-with-endpoint': 'works preserved', // A: NodePort 31565 of 209 from any node
      'node-with-endpoint → nodeport-node-without-endpoint': 'fails n/a', // A: 210 cannot be accessed from any node
      'node-without-endpoint → lb-port': 'fails n/a', // A: SLB not reachable on 210
      'node-without-endpoint → lb-other-listener': 'refused n/a',
      'node-without-endpoint → nodeport-own-node': 'fails n/a', // A
      'node-without-endpoint → nodeport-node-with-endpoint': 'works preserved', // A
      'node-without-endpoint → nodeport-node-without-endpoint': 'fails n/a',
      'pod-on-node-with-endpoint → lb-port': 'works preserved',
      'pod-on-node-with-endpoint → lb-other-listener': 'refused n/a', // A: pods refused on 443
      'pod-on-node-with-endpoint → nodeport-own-node': 'works preserved',
      'pod-on-node-with-endpoint → nodeport-node-with-endpoint': 'works preserved',
      'pod-on-node-with-endpoint → nodeport-node-without-endpoint': 'fails n/a',
      'pod-on-node-without-endpoint → lb-port': 'fails n/a', // B: what PR 97081 fixed
      'pod-on-node-without-endpoint → lb-other-listener': 'refused n/a',
      'pod-on-node-without-endpoint → nodeport-own-node': 'fails n/a',
      'pod-on-node-without-endpoint → nodeport-node-with-endpoint': 'works preserved',
      'pod-on-node-without-endpoint → nodeport-node-without-endpoint': 'fails n/a',
    });
  });

  it('IPVS, Local, 1.24 and later: the changes the article measured', () => {
    const after = table({ kubernetesMinor: 24 });
    const before = table({ kubernetesMinor: 23 });
    const changed = Object.keys(after).filter((key) => after[key] !== before[key]);
    deepStrictEqual(changed.sort(), [
      'node-without-endpoint → lb-port',
      'node-without-endpoint → nodeport-own-node',
      'pod-on-node-without-endpoint → lb-port',
      'pod-on-node-without-endpoint → nodeport-own-node',
    ]);
    strictEqual(after['node-without-endpoint → lb-port'], 'times-out n/a'); // A: "the access is indeed timed out"
    strictEqual(after['node-without-endpoint → nodeport-own-node'], 'works preserved'); // A: node reaches NodePort 30745 of 141
    strictEqual(after['pod-on-node-without-endpoint → lb-port'], 'works preserved'); // B: PR 97081
    strictEqual(after['outside → nodeport-node-without-endpoint'], 'fails n/a'); // A: handshake fails
    strictEqual(after['node-with-endpoint → nodeport-node-without-endpoint'], 'fails n/a'); // A: "it is not allowed"
  });

  it('IPVS, Cluster: everything reachable but the other listeners, client IP lost (A: src becomes 10.0.4.176)', () => {
    for (const minor of [23, 24, 30]) {
      const cells = table({ kubernetesMinor: minor, policy: 'Cluster' });
      for (const [key, value] of Object.entries(cells)) {
        const expected = key.endsWith('lb-other-listener') ? (key.startsWith('outside') ? 'works n/a' : 'refused n/a') : 'works node-ip';
        strictEqual(value, expected, `${key} at 1.${minor}`);
      }
    }
  });

  it('iptables and nftables (1.34): in-cluster traffic to the LB IP works, only other nodes\' Local NodePorts fail (B, U §1)', () => {
    for (const proxyMode of ['iptables', 'nftables'] as const) {
      const cells = table({ proxyMode, kubernetesMinor: 34 });
      strictEqual(cells['node-without-endpoint → lb-port'], 'works node-ip');
      strictEqual(cells['pod-on-node-without-endpoint → lb-port'], 'works preserved');
      strictEqual(cells['pod-on-node-without-endpoint → lb-other-listener'], 'works n/a');
      strictEqual(cells['node-without-endpoint → nodeport-own-node'], 'works node-ip');
      strictEqual(cells['pod-on-node-without-endpoint → nodeport-own-node'], 'works preserved');
      strictEqual(cells['node-with-endpoint → nodeport-node-without-endpoint'], 'fails n/a');
      strictEqual(cells['outside → nodeport-node-without-endpoint'], 'fails n/a');
      strictEqual(cells['outside → lb-port'], 'works preserved');
    }
  });

  it('nftables before 1.34 drops in-cluster traffic to the LB IP on nodes without an endpoint (U §1, PR 132456)', () => {
    const cells = table({ proxyMode: 'nftables', kubernetesMinor: 31 });
    strictEqual(cells['node-without-endpoint → lb-port'], 'fails n/a');
    strictEqual(cells['pod-on-node-without-endpoint → lb-port'], 'fails n/a');
    strictEqual(cells['node-with-endpoint → lb-port'], 'works node-ip');
    strictEqual(table({ proxyMode: 'iptables', kubernetesMinor: 31 })['node-without-endpoint → lb-port'], 'works node-ip');
  });

  it('hostname annotation: the IP is not bound; layer-4 loops back on backend nodes, layer-7 does not (A, B §2)', () => {
    const l4 = table({ hostname: true, kubernetesMinor: 30 });
    strictEqual(l4['node-with-endpoint → lb-port'], 'intermittent preserved');
    strictEqual(l4['pod-on-node-with-endpoint → lb-port'], 'intermittent preserved');
    strictEqual(l4['node-without-endpoint → lb-port'], 'works preserved'); // not a CLB backend under Local
    strictEqual(l4['pod-on-node-with-endpoint → lb-other-listener'], 'works n/a');
    const cluster = table({ hostname: true, kubernetesMinor: 30, policy: 'Cluster' });
    strictEqual(cluster['node-without-endpoint → lb-port'], 'intermittent node-ip'); // every node is a backend
    const l7 = table({ hostname: true, listenerLayer: 'l7' });
    strictEqual(l7['node-with-endpoint → lb-port'], 'works n/a');
  });

  it('NodePort Services have no LB rows; a CLB that is not reused has no other-listener rows', () => {
    const nodePort = reachTable({ ...base, serviceType: 'NodePort' });
    strictEqual(nodePort.some((r) => r.to.startsWith('lb-')), false);
    strictEqual(nodePort.length, 14);
    strictEqual(reachTable({ ...base, reused: false }).some((r) => r.to === 'lb-other-listener'), false);
  });

  it('speaks only the model\'s vocabulary and explains every failure', () => {
    for (const proxyMode of ['ipvs', 'iptables', 'nftables'] as const) {
      for (const kubernetesMinor of [20, 23, 24, 25, 26, 33, 34]) {
        for (const policy of ['Local', 'Cluster'] as const) {
          for (const row of reachTable({ ...base, proxyMode, kubernetesMinor, policy })) {
            strictEqual(OUTCOMES.includes(row.outcome), true);
            strictEqual(CLIENT_IPS.includes(row.clientIp), true);
            strictEqual(row.why.length > 20, true, `${row.from} → ${row.to} has a reason`);
          }
        }
      }
    }
  });
});
