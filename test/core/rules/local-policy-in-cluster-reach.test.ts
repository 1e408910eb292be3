import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { describe, it } from 'node:test';
import { service, spanOf, TestWorkspace } from '../../helpers/workspace';

const RULE = 'local-policy-in-cluster-reach';

describe(RULE, () => {
  it('from 1.24: the node without an endpoint times out on the LB IP (the article\'s measurement)', () => {
    const ws = new TestWorkspace({ 'a.yaml': service({ name: 'a', policy: 'Local' }) }, { kubernetesVersion: '1.28' });
    const findings = ws.findings('a.yaml', RULE);
    deepStrictEqual(findings.map((f) => [f.severity, f.span, f.ruleId, f.messageId, f.data['version']]), [['information', spanOf(ws.text('a.yaml'), 'Local'), RULE, 'unreachable', '1.28']]);
    strictEqual(
      findings[0]!.message,
      "At Kubernetes 1.28 under IPVS, the load balancer IP is bound on every node: a node without an endpoint (host network) times out on it (the node picks the LB IP itself as source; without SNAT the pod's reply to the LB IP is swallowed by the kube-ipvs0 address on the pod's own node).",
    );
    strictEqual(findings[0]!.fixes.length, 1);
  });

  it('before 1.24: nodes without an endpoint and their pods are refused (ip_vs_leave)', () => {
    const ws = new TestWorkspace({ 'a.yaml': service({ name: 'a', policy: 'Local' }) }, { kubernetesVersion: '1.22' });
    const [finding] = ws.findings('a.yaml', RULE);
    strictEqual(finding!.message.startsWith('At Kubernetes 1.22 under IPVS, the load balancer IP is bound on every node: a node without an endpoint (host network) is refused on it (before 1.24'), true);
    strictEqual(finding!.message.includes('; a pod on a node without an endpoint is refused on it'), true);
  });

  const silent: [string, string, Record<string, unknown>?][] = [
    ['the policy is Cluster', service({ name: 'a', policy: 'Cluster' })],
    ['no policy is set', service({ name: 'a' })],
    ['the Service is NodePort', service({ name: 'a', policy: 'Local', type: 'NodePort' })],
    ['the hostname annotation is present', service({ name: 'a', policy: 'Local', hostname: 'a.example.net' })],
    ['kube-proxy runs iptables', service({ name: 'a', policy: 'Local' }), { kubeProxyMode: 'iptables' }],
    ['the Service is an NLB', service({ name: 'a', policy: 'Local', loadBalancerClass: 'alibabacloud.com/nlb' })],
    ['it is a patch without ports', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: a\nspec:\n  type: LoadBalancer\n  externalTrafficPolicy: Local\n'],
  ];
  for (const [why, text, settings] of silent) {
    it(`is silent when ${why}`, () => {
      deepStrictEqual(new TestWorkspace({ 'a.yaml': text }, settings).findings('a.yaml', RULE), []);
    });
  }
});
