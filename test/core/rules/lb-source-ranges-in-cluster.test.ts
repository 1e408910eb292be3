import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { describe, it } from 'node:test';
import { spanOf, service, TestWorkspace } from '../../helpers/workspace';

const RULE = 'lb-source-ranges-in-cluster';
const withRanges = (text: string): string => text.replace('  selector:', '  loadBalancerSourceRanges:\n    - 203.0.113.0/24\n  selector:');

describe(RULE, () => {
  it('pods and nodes are dropped by kube-proxy calling the LB IP (IPVS 1.29+: nodes too), on the key', () => {
    const ws = new TestWorkspace({ 'a.yaml': withRanges(service({ name: 'a', policy: 'Cluster' })) }, { kubernetesVersion: '1.29' });
    const findings = ws.findings('a.yaml', RULE);
    deepStrictEqual(findings.map((f) => [f.ruleId, f.messageId, f.severity, f.span]), [[RULE, 'dropped', 'information', spanOf(ws.text('a.yaml'), 'loadBalancerSourceRanges')]]);
    strictEqual(findings[0]!.data['sources'], 'a node with an endpoint (host network); a node without an endpoint (host network); a pod on a node with an endpoint; a pod on a node without an endpoint');
  });

  it('IPVS before 1.29: only pods (no KUBE-IPVS-OUT-FILTER); iptables: nodes too', () => {
    const at = (settings: Record<string, string>): string => String(new TestWorkspace({ 'a.yaml': withRanges(service({ name: 'a', policy: 'Cluster' })) }, settings).findings('a.yaml', RULE)[0]!.data['sources']);
    strictEqual(at({ kubernetesVersion: '1.28' }), 'a pod on a node with an endpoint; a pod on a node without an endpoint');
    strictEqual(at({ kubernetesVersion: '1.28', kubeProxyMode: 'iptables' }).includes('a node without an endpoint (host network)'), true);
  });

  it('is silent without ranges and with the hostname annotation (the CLB does not filter)', () => {
    deepStrictEqual(new TestWorkspace({ 'a.yaml': service({ name: 'a' }) }).findings('a.yaml', RULE), []);
    deepStrictEqual(new TestWorkspace({ 'a.yaml': withRanges(service({ name: 'a', hostname: 'a.example.net' })) }).findings('a.yaml', RULE), []);
  });
});
