import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CLIENT_IPS, OUTCOMES, reachTable, type ReachInput, type ReachRow } from '../../server/src/core';
import { MINOR_IP_MODE_DEFAULT, reportsBoundIp } from '../../server/src/core/model/binding';
import { IP_MODE_PROXY, IPVS_OUT_FILTER } from '../../server/src/core/reach/boundaries';

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
  it('IPVS, Local, before 1.24: nodes without an endpoint serve nothing, refused by ip_vs_leave (A: "access will fail"; U §2 ip_vs_leave)', () => {
    deepStrictEqual(table({ kubernetesMinor: 23 }), {
      'outside → lb-port': 'works preserved', // A: CCM mounts only Local nodes
      'outside → lb-other-listener': 'works n/a', // A: ECS outside reaches 443 and 80
      'outside → nodeport-node-with-endpoint': 'works preserved', // A: source IP reserved
      'outside → nodeport-node-without-endpoint': 'refused n/a', // U: no real server → ICMP port-unreachable
      'node-with-endpoint → lb-port': 'works lb-ip', // U: the node's source for a local destination is the LB IP
      'node-with-endpoint → lb-other-listener': 'host-may-answer n/a', // A + U: no KUBE-IPVS-FILTER before 1.26
      'node-with-endpoint → nodeport-own-node': 'works preserved',
      'node-with-endpoint → nodeport-node-with-endpoint': 'works preserved', // A: NodePort 31565 of 209 from any node
      'node-with-endpoint → nodeport-node-without-endpoint': 'refused n/a', // A: 210 cannot be accessed from any node
      'node-without-endpoint → lb-port': 'refused n/a', // A: SLB not reachable on 210; U: ip_vs_leave
      'node-without-endpoint → lb-other-listener': 'host-may-answer n/a',
      'node-without-endpoint → nodeport-own-node': 'refused n/a', // A
      'node-without-endpoint → nodeport-node-with-endpoint': 'works preserved', // A
      'node-without-endpoint → nodeport-node-without-endpoint': 'refused n/a',
      'pod-on-node-with-endpoint → lb-port': 'works preserved',
      'pod-on-node-with-endpoint → lb-other-listener': 'host-may-answer n/a', // A: pods refused on 443
      'pod-on-node-with-endpoint → nodeport-own-node': 'works preserved',
      'pod-on-node-with-endpoint → nodeport-node-with-endpoint': 'works preserved',
      'pod-on-node-with-endpoint → nodeport-node-without-endpoint': 'refused n/a',
      'pod-on-node-without-endpoint → lb-port': 'refused n/a', // B: what PR 97081 fixed
      'pod-on-node-without-endpoint → lb-other-listener': 'host-may-answer n/a',
      'pod-on-node-without-endpoint → nodeport-own-node': 'refused n/a',
      'pod-on-node-without-endpoint → nodeport-node-with-endpoint': 'works preserved',
      'pod-on-node-without-endpoint → nodeport-node-without-endpoint': 'refused n/a',
    });
  });

  it('IPVS, Local, 1.24 and later: the changes the article measured', () => {
    const after = table({ kubernetesMinor: 24 });
    const before = table({ kubernetesMinor: 23 });
    const changed = Object.keys(after).filter((key) => after[key] !== before[key]);
    deepStrictEqual(changed.sort(), [
      'node-with-endpoint → nodeport-node-without-endpoint',
      'node-without-endpoint → lb-port',
      'node-without-endpoint → nodeport-node-without-endpoint',
      'node-without-endpoint → nodeport-own-node',
      'outside → nodeport-node-without-endpoint',
      'pod-on-node-with-endpoint → nodeport-node-without-endpoint',
      'pod-on-node-without-endpoint → lb-port',
      'pod-on-node-without-endpoint → nodeport-node-without-endpoint',
      'pod-on-node-without-endpoint → nodeport-own-node',
    ]);
    strictEqual(after['node-without-endpoint → lb-port'], 'times-out n/a'); // A: "the access is indeed timed out"
    strictEqual(after['node-without-endpoint → nodeport-own-node'], 'works preserved'); // A: node reaches NodePort 30745 of 141
    strictEqual(after['pod-on-node-without-endpoint → lb-port'], 'works preserved'); // B: PR 97081
    strictEqual(after['outside → nodeport-node-without-endpoint'], 'times-out n/a'); // A: handshake fails; U: the stray reply never matches the client's socket
    strictEqual(after['node-with-endpoint → nodeport-node-without-endpoint'], 'times-out n/a'); // A: "it is not allowed"
  });

  it('IPVS at 1.26: the other listeners are rejected by KUBE-IPVS-FILTER, not left to the node\'s stack (U §2, PR 108460)', () => {
    strictEqual(table({ kubernetesMinor: 25 })['pod-on-node-with-endpoint → lb-other-listener'], 'host-may-answer n/a');
    strictEqual(table({ kubernetesMinor: 26 })['pod-on-node-with-endpoint → lb-other-listener'], 'refused n/a');
    strictEqual(table({ kubernetesMinor: 26 })['node-with-endpoint → lb-other-listener'], 'refused n/a');
  });

  it('IPVS, Cluster: everything reachable but the other listeners, client IP lost (A: src becomes 10.0.4.176)', () => {
    for (const minor of [23, 24, 30]) {
      const cells = table({ kubernetesMinor: minor, policy: 'Cluster' });
      for (const [key, value] of Object.entries(cells)) {
        const other = minor >= 26 ? 'refused n/a' : 'host-may-answer n/a';
        const expected = key.endsWith('lb-other-listener') ? (key.startsWith('outside') ? 'works n/a' : other) : 'works node-ip';
        strictEqual(value, expected, `${key} at 1.${minor}`);
      }
    }
  });

  it('iptables and nftables (1.34): in-cluster traffic to the LB IP works; other nodes\' Local NodePorts drop or lose the reply (B, U §1)', () => {
    for (const proxyMode of ['iptables', 'nftables'] as const) {
      const cells = table({ proxyMode, kubernetesMinor: 34 });
      strictEqual(cells['node-without-endpoint → lb-port'], 'works node-ip');
      strictEqual(cells['pod-on-node-without-endpoint → lb-port'], 'works preserved');
      strictEqual(cells['pod-on-node-without-endpoint → lb-other-listener'], 'intermittent n/a'); // goes to the real CLB: loopback
      strictEqual(cells['node-without-endpoint → nodeport-own-node'], 'works node-ip');
      strictEqual(cells['pod-on-node-without-endpoint → nodeport-own-node'], 'works preserved');
      strictEqual(cells['node-with-endpoint → nodeport-node-without-endpoint'], 'times-out n/a'); // DROP "has no local endpoints"
      strictEqual(cells['outside → nodeport-node-without-endpoint'], 'times-out n/a');
      strictEqual(cells['pod-on-node-without-endpoint → nodeport-node-with-endpoint'], 'intermittent preserved'); // cluster-CIDR detector
      strictEqual(cells['pod-on-node-with-endpoint → nodeport-node-without-endpoint'], 'times-out n/a');
      strictEqual(cells['node-without-endpoint → nodeport-node-with-endpoint'], 'works preserved');
      strictEqual(cells['outside → lb-port'], 'works preserved');
      strictEqual(reachTable({ ...base, proxyMode, kubernetesMinor: 34 }).find((r) => r.from === 'pod-on-node-with-endpoint' && r.to === 'nodeport-node-with-endpoint')!.why.includes('cluster-CIDR local-traffic detector'), true);
    }
  });

  it('iptables before 1.15 does not short-circuit the node\'s own traffic (U §1, PR 77523)', () => {
    const old = table({ proxyMode: 'iptables', kubernetesMinor: 14 });
    strictEqual(old['node-without-endpoint → lb-port'], 'times-out n/a');
    strictEqual(old['node-without-endpoint → nodeport-own-node'], 'times-out n/a');
    strictEqual(old['node-with-endpoint → lb-port'], 'works preserved');
    strictEqual(old['pod-on-node-without-endpoint → lb-port'], 'works preserved'); // pods by cluster CIDR, already in 1.14
    strictEqual(table({ proxyMode: 'iptables', kubernetesMinor: 15 })['node-without-endpoint → lb-port'], 'works node-ip');
  });

  it('nftables before the fix drops in-cluster traffic on nodes without an endpoint before DNAT (U §1, PR 132456, backport PR 133969 in 1.33.6)', () => {
    const cells = table({ proxyMode: 'nftables', kubernetesMinor: 31 });
    strictEqual(cells['node-without-endpoint → lb-port'], 'times-out n/a');
    strictEqual(cells['pod-on-node-without-endpoint → lb-port'], 'times-out n/a');
    strictEqual(cells['node-without-endpoint → nodeport-own-node'], 'times-out n/a'); // output hook, pre-DNAT
    strictEqual(cells['pod-on-node-without-endpoint → nodeport-own-node'], 'works preserved'); // DNAT in prerouting comes first
    strictEqual(cells['node-with-endpoint → lb-port'], 'works node-ip');
    strictEqual(table({ proxyMode: 'iptables', kubernetesMinor: 31 })['node-without-endpoint → lb-port'], 'works node-ip');
  });

  it('patch releases: 1.33.5 is before the nftables backport, 1.33.6 after; a bare 1.33 is read as 1.33.0 and says so', () => {
    const at = (kubernetesPatch: number | undefined): ReachRow => reachTable({ ...base, proxyMode: 'nftables', kubernetesMinor: 33, kubernetesPatch }).find((r) => r.from === 'node-without-endpoint' && r.to === 'lb-port')!;
    strictEqual(at(5).outcome, 'times-out');
    strictEqual(at(6).outcome, 'works');
    strictEqual(at(undefined).outcome, 'times-out');
    strictEqual(at(undefined).why.endsWith('; this assumes 1.33.0: from 1.33.6 (PR 133969) the change is in'), true);
    strictEqual(at(5).why.includes('this assumes'), false);
    // 1.32 has no backport: its patch does not matter and nothing is assumed.
    strictEqual(reachTable({ ...base, proxyMode: 'nftables', kubernetesMinor: 32 }).find((r) => r.from === 'node-without-endpoint' && r.to === 'lb-port')!.why.includes('this assumes'), false);
    strictEqual(reachTable({ ...base, proxyMode: 'nftables', kubernetesMinor: 34, kubernetesPatch: 0 }).find((r) => r.from === 'node-without-endpoint' && r.to === 'lb-port')!.outcome, 'works');
  });

  it('hostname annotation: the IP is not bound; layer-4 loops back on backend nodes, layer-7 does not (A, B §2)', () => {
    const l4 = table({ hostname: true, kubernetesMinor: 30 });
    strictEqual(l4['node-with-endpoint → lb-port'], 'intermittent preserved');
    strictEqual(l4['pod-on-node-with-endpoint → lb-port'], 'intermittent preserved');
    strictEqual(l4['node-without-endpoint → lb-port'], 'works preserved'); // not a CLB backend under Local
    strictEqual(l4['pod-on-node-with-endpoint → lb-other-listener'], 'intermittent n/a'); // the real CLB, layer-4 loopback
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
      for (const kubernetesMinor of [14, 20, 23, 24, 25, 26, 29, 33, 34, 35]) {
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

describe('ipMode: Proxy (KEP-1860)', () => {
  it('from 1.30 kube-proxy binds and short-circuits nothing: in-cluster clients go to the CLB, as with a hostname', () => {
    for (const proxyMode of ['ipvs', 'iptables', 'nftables'] as const) {
      const cells = table({ proxyMode, kubernetesMinor: 30, ipMode: 'Proxy' });
      strictEqual(cells['node-with-endpoint → lb-port'], 'intermittent preserved', proxyMode); // layer-4 loopback
      strictEqual(cells['node-without-endpoint → lb-port'], 'works preserved', proxyMode); // not a CLB backend under Local
      strictEqual(cells['pod-on-node-with-endpoint → lb-other-listener'], 'intermittent n/a', proxyMode); // the real CLB
    }
    const row = reachTable({ ...base, kubernetesMinor: 32, ipMode: 'Proxy' }).find((r) => r.from === 'node-with-endpoint' && r.to === 'lb-port')!;
    strictEqual(row.why.startsWith('with ipMode: Proxy kube-proxy binds and short-circuits nothing (1.30 and later)'), true);
  });

  it('before 1.30 (gate LoadBalancerIPMode off by default) it is ignored: the IP is bound as with VIP', () => {
    deepStrictEqual(table({ kubernetesMinor: 29, ipMode: 'Proxy' }), table({ kubernetesMinor: 29 }));
  });

  it('the binding rule and the model start at the same release: 1.30, where PR 123418 turned the gate on (U §2, IsVIPMode)', () => {
    strictEqual(MINOR_IP_MODE_DEFAULT, IP_MODE_PROXY.first.minor);
    deepStrictEqual(IP_MODE_PROXY.prs, [123418]);
    const proxyIp = { reportsIp: true, ipModeProxy: true };
    strictEqual(reportsBoundIp(proxyIp, { kubernetesVersion: { minor: 29 } }), true); // gate off: treated as VIP
    strictEqual(reportsBoundIp(proxyIp, { kubernetesVersion: { minor: 30 } }), false);
    strictEqual(reportsBoundIp({ reportsIp: true, ipModeProxy: false }, { kubernetesVersion: { minor: 32 } }), true);
  });
});

describe('the path of each cell', () => {
  const pathOf = (input: Partial<ReachInput>, from: string, to: string): string => reachTable({ ...base, ...input }).find((r) => r.from === from && r.to === to)!.path;

  it('through the CLB from outside, and in-cluster where nothing takes the address', () => {
    strictEqual(pathOf({ kubernetesMinor: 34 }, 'outside', 'lb-port'), 'clb');
    strictEqual(pathOf({ kubernetesMinor: 34, hostname: true }, 'node-with-endpoint', 'lb-port'), 'clb');
    strictEqual(pathOf({ proxyMode: 'iptables', kubernetesMinor: 34 }, 'pod-on-node-with-endpoint', 'lb-other-listener'), 'clb');
  });

  it('short-circuited by kube-proxy where it binds or matches the IP, and for every NodePort it serves', () => {
    strictEqual(pathOf({ kubernetesMinor: 34 }, 'pod-on-node-with-endpoint', 'lb-port'), 'kube-proxy');
    strictEqual(pathOf({ proxyMode: 'iptables', kubernetesMinor: 34 }, 'node-without-endpoint', 'lb-port'), 'kube-proxy');
    strictEqual(pathOf({ kubernetesMinor: 34 }, 'node-without-endpoint', 'lb-port'), 'kube-proxy'); // times out on the reply, not before
    strictEqual(pathOf({ kubernetesMinor: 34 }, 'outside', 'nodeport-node-with-endpoint'), 'kube-proxy');
  });

  it('nowhere where it is dropped or rejected before any backend; the node stack before KUBE-IPVS-FILTER', () => {
    strictEqual(pathOf({ kubernetesMinor: 23 }, 'node-without-endpoint', 'lb-port'), 'nowhere'); // ip_vs_leave
    strictEqual(pathOf({ kubernetesMinor: 26 }, 'pod-on-node-with-endpoint', 'lb-other-listener'), 'nowhere'); // REJECT
    strictEqual(pathOf({ kubernetesMinor: 25 }, 'pod-on-node-with-endpoint', 'lb-other-listener'), 'node-stack');
    strictEqual(pathOf({ proxyMode: 'nftables', kubernetesMinor: 33, kubernetesPatch: 5 }, 'node-without-endpoint', 'lb-port'), 'nowhere');
    strictEqual(pathOf({ proxyMode: 'iptables', kubernetesMinor: 34 }, 'outside', 'nodeport-node-without-endpoint'), 'nowhere');
  });
});

describe('loadBalancerSourceRanges (kube-proxy enforces it in-cluster; the CLB controller ignores it)', () => {
  it('pods are dropped in every mode; nodes under iptables/nftables, and under IPVS from 1.29', () => {
    for (const proxyMode of ['ipvs', 'iptables', 'nftables'] as const) {
      const cells = table({ proxyMode, kubernetesMinor: 34, policy: 'Cluster', sourceRanges: true });
      strictEqual(cells['pod-on-node-with-endpoint → lb-port'], 'times-out n/a', proxyMode);
      strictEqual(cells['node-with-endpoint → lb-port'], 'times-out n/a', proxyMode);
      strictEqual(cells['outside → lb-port'], 'works node-ip', proxyMode);
    }
    strictEqual(table({ kubernetesMinor: 28, policy: 'Cluster', sourceRanges: true })['node-with-endpoint → lb-port'], 'works node-ip');
    strictEqual(table({ kubernetesMinor: 29, policy: 'Cluster', sourceRanges: true })['node-with-endpoint → lb-port'], 'times-out n/a');
    strictEqual(table({ kubernetesMinor: 34, policy: 'Cluster', sourceRanges: true, hostname: true })['node-without-endpoint → lb-port'], 'intermittent node-ip'); // the CLB does not filter
  });
});

describe('KUBE-IPVS-OUT-FILTER (PR 119791, 1.29): only the ports IPVS serves', () => {
  const ranged: Partial<ReachInput> = { policy: 'Local', sourceRanges: true };

  it('drops the node\'s own connection to a Service port with source ranges, whose source is the LB IP itself (U §2)', () => {
    deepStrictEqual(IPVS_OUT_FILTER.prs, [119791]);
    strictEqual(table({ ...ranged, kubernetesMinor: 28 })['node-with-endpoint → lb-port'], 'works lb-ip');
    strictEqual(table({ ...ranged, kubernetesMinor: 29 })['node-with-endpoint → lb-port'], 'times-out n/a');
    strictEqual(table({ ...ranged, kubernetesMinor: 29 })['node-without-endpoint → lb-port'], 'times-out n/a'); // already lost on the reply
  });

  it('leaves another listener\'s port to KUBE-IPVS-FILTER (no virtual server, so no rule of its own): refused from 1.26, the node stack before', () => {
    strictEqual(table({ ...ranged, kubernetesMinor: 25 })['node-with-endpoint → lb-other-listener'], 'host-may-answer n/a');
    strictEqual(table({ ...ranged, kubernetesMinor: 29 })['node-with-endpoint → lb-other-listener'], 'refused n/a');
    strictEqual(table({ ...ranged, kubernetesMinor: 29 })['node-without-endpoint → lb-other-listener'], 'refused n/a');
    deepStrictEqual(
      reachTable({ ...base, ...ranged, kubernetesMinor: 29 }).filter((r) => r.to === 'lb-other-listener'),
      reachTable({ ...base, policy: 'Local', kubernetesMinor: 29 }).filter((r) => r.to === 'lb-other-listener'),
    );
  });

  it('has nothing to match with ipMode: Proxy, so the node goes to the CLB, which ignores the ranges', () => {
    strictEqual(table({ ...ranged, kubernetesMinor: 30, ipMode: 'Proxy' })['node-without-endpoint → lb-port'], 'works preserved');
  });
});
