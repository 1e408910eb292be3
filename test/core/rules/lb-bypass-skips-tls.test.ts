import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits, reachTable } from '../../../server/src/core';
import { service, spanOf, TestWorkspace } from '../../helpers/workspace';

const RULE = 'lb-bypass-skips-tls';
const PROTOCOL_PORT = 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-protocol-port';
const https = (extra: Record<string, string> = {}, policy = 'Cluster'): string =>
  service({ name: 'a', policy, ports: [443], extraAnnotations: { [PROTOCOL_PORT]: 'https:443', ...extra } });

describe(RULE, () => {
  it('the model: in-cluster clients short-circuited to the pod meet its plain port (protocol-mismatch, path kube-proxy)', () => {
    for (const proxyMode of ['ipvs', 'iptables', 'nftables'] as const) {
      const row = reachTable({ proxyMode, kubernetesMinor: 34, serviceType: 'LoadBalancer', policy: 'Cluster', hostname: false, reused: false, listenerLayer: 'l7', lbTerminatesTls: true })
        .find((r) => r.from === 'pod-on-node-with-endpoint' && r.to === 'lb-port')!;
      deepStrictEqual([row.outcome, row.path], ['protocol-mismatch', 'kube-proxy'], proxyMode);
      strictEqual(row.why.includes("an HTTPS client meets the pod's plain port"), true);
    }
    const outside = reachTable({ proxyMode: 'ipvs', kubernetesMinor: 34, serviceType: 'LoadBalancer', policy: 'Cluster', hostname: false, reused: false, listenerLayer: 'l7', lbTerminatesTls: true }).find((r) => r.from === 'outside' && r.to === 'lb-port')!;
    strictEqual(outside.outcome, 'works');
  });

  it('warns on the protocol-port annotation, names the sources, offers the hostname fix', () => {
    const ws = new TestWorkspace({ 'a.yaml': https() });
    const findings = ws.findings('a.yaml', RULE);
    deepStrictEqual(findings.map((f) => [f.ruleId, f.messageId, f.severity, f.span, f.fixes.length]), [[RULE, 'skipsTls', 'warning', spanOf(ws.text('a.yaml'), '"https:443"'), 1]]);
    strictEqual(findings[0]!.data['sources'], 'a node with an endpoint (host network); a node without an endpoint (host network); a pod on a node with an endpoint; a pod on a node without an endpoint');
  });

  it('under Local at 1.34 IPVS the node without an endpoint is not listed: it times out anyway (local-policy-in-cluster-reach)', () => {
    const [finding] = new TestWorkspace({ 'a.yaml': https({}, 'Local') }).findings('a.yaml', RULE);
    strictEqual(String(finding!.data['sources']).includes('a node without an endpoint (host network)'), false);
  });

  const silent: [string, string][] = [
    ['the hostname annotation sends in-cluster clients to the CLB', https({ 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-hostname': 'a.example.net' })],
    ['no HTTPS listener', service({ name: 'a', ports: [80], extraAnnotations: { [PROTOCOL_PORT]: 'http:80' } })],
  ];
  for (const [why, text] of silent) {
    it(`is silent when ${why}`, () => {
      deepStrictEqual(new TestWorkspace({ 'a.yaml': text }).findings('a.yaml', RULE), []);
    });
  }

  it('the fix: the hostname annotation, from the template, in the annotations\' own style', () => {
    const ws = new TestWorkspace({ 'a.yaml': https() }, { hostnameTemplate: '${name}.example.net' });
    const [fix] = ws.findings('a.yaml', RULE)[0]!.fixes;
    deepStrictEqual([fix?.safe, fix?.isPreferred], [true, true]);
    strictEqual(applyEdits(ws.text('a.yaml'), fix!.edits), service({ name: 'a', policy: 'Cluster', ports: [443], hostname: 'a.example.net', extraAnnotations: { [PROTOCOL_PORT]: 'https:443' } }));
  });
});
