import { ok } from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FROM_LABELS, parseKubernetesVersion, proxyModeAvailability, reachTable, TO_LABELS, type ProxyMode, type ReachRow } from '../../server/src/core';
import { service, TestWorkspace } from '../helpers/workspace';

/**
 * The linter is never quieter than `explain`: for every mode, version, policy and shape of
 * Service, each in-cluster row the model marks failing is named by a diagnostic of the rule that
 * owns it (the other listeners: the reused-clb-* rules; loopback through the real CLB on this
 * Service's ports because of its hostname annotation: hostname-loopback, anywhere else:
 * lb-layer4-loopback; the rest: local-policy-in-cluster-reach).
 */
const PROTOCOL_PORT = 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-protocol-port';
const PROXY_PROTOCOL = 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-proxy-protocol';
const VERSIONS = ['1.14', '1.23', '1.24', '1.25', '1.26', '1.29', '1.31', '1.33.5', '1.33.6', '1.34', '1.35'];

describe('the linter covers every failing in-cluster cell of the model', () => {
  it('in every mode, version, policy, type, with and without hostname, reuse and layer-7 listeners', () => {
    let checked = 0;
    for (const proxyMode of ['ipvs', 'iptables', 'nftables'] as const satisfies readonly ProxyMode[]) {
      for (const versionText of VERSIONS) {
        const version = parseKubernetesVersion(versionText)!;
        if (!proxyModeAvailability(proxyMode, version).available) continue;
        for (const policy of ['Local', 'Cluster'] as const) {
          for (const type of ['LoadBalancer', 'NodePort'] as const) {
            for (const hostname of [false, true]) {
              for (const reused of [false, true]) {
                for (const [l7, tls, proxyProtocol, ranges] of [[false, false, false, false], [true, false, false, false], [true, true, false, false], [false, false, true, false], [false, false, false, true]] as const) {
                  const plain = service({
                    name: 'a',
                    type,
                    policy,
                    ...(hostname ? { hostname: 'a.example.net' } : {}),
                    ...(reused ? { clbId: 'lb-cover' } : {}),
                    extraAnnotations: { ...(l7 ? { [PROTOCOL_PORT]: tls ? 'https:80' : 'http:80' } : {}), ...(proxyProtocol ? { [PROXY_PROTOCOL]: 'on' } : {}) },
                  });
                  const text = ranges ? plain.replace('  selector:', '  loadBalancerSourceRanges:\n    - 203.0.113.0/24\n  selector:') : plain;
                  const findings = new TestWorkspace({ 'a.yaml': text }, { kubernetesVersion: versionText, kubeProxyMode: proxyMode }).findings('a.yaml');
                  const rows = reachTable({
                    proxyMode,
                    kubernetesMinor: version.minor,
                    kubernetesPatch: version.patchGiven ? version.patch : undefined,
                    serviceType: type,
                    policy,
                    hostname,
                    reused,
                    listenerLayer: l7 ? 'l7' : 'l4',
                    lbTerminatesTls: tls,
                    lbProxyProtocol: proxyProtocol,
                    sourceRanges: ranges,
                  });
                  const where = `${proxyMode} ${versionText} ${policy} ${type}${hostname ? ' hostname' : ''}${reused ? ' reused' : ''}${l7 ? ' l7' : ''}${tls ? ' tls' : ''}${proxyProtocol ? ' proxy-protocol' : ''}${ranges ? ' source-ranges' : ''}`;
                  for (const row of rows) {
                    if (row.from === 'outside' || row.outcome === 'works') continue;
                    checked++;
                    ok(covered(row, hostname, findings), `${where}: ${row.from} → ${row.to} ${row.outcome} has no diagnostic`);
                  }
                }
              }
            }
          }
        }
      }
    }
    ok(checked > 1000, `checked ${checked} cells`);
  });
});

function covered(row: ReachRow, hostname: boolean, findings: ReturnType<TestWorkspace['findings']>): boolean {
  if (row.to.startsWith('lb-') && row.outcome === 'intermittent') {
    // Exactly one of the two loopback rules names each row: the hostname's own ports, or the rest.
    const owner = hostname && row.to === 'lb-port' ? 'hostname-loopback' : 'lb-layer4-loopback';
    const names = (ruleId: string): boolean => findings.some((f) => f.ruleId === ruleId && String(f.data['rows']).includes(`${FROM_LABELS[row.from]} → ${TO_LABELS[row.to]}`));
    return names(owner) && !names(owner === 'hostname-loopback' ? 'lb-layer4-loopback' : 'hostname-loopback');
  }
  if (row.outcome === 'protocol-mismatch') return findings.some((f) => (f.ruleId === 'lb-bypass-skips-tls' || f.ruleId === 'lb-bypass-skips-proxy-protocol') && String(f.data['sources']).includes(FROM_LABELS[row.from]));
  if (row.why.includes('loadBalancerSourceRanges')) return findings.some((f) => f.ruleId === 'lb-source-ranges-in-cluster' && String(f.data['sources']).includes(FROM_LABELS[row.from]));
  if (row.to === 'lb-other-listener') return findings.some((f) => f.ruleId === 'reused-clb-other-listener-refused' || f.ruleId === 'reused-clb-listeners-unknown');
  return findings.some((f) => f.ruleId === 'local-policy-in-cluster-reach' && f.message.includes(FROM_LABELS[row.from]) && f.message.includes(row.why));
}
