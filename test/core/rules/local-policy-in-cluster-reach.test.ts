import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits } from '../../../server/src/core';
import { service, spanOf, TestWorkspace } from '../../helpers/workspace';

const RULE = 'local-policy-in-cluster-reach';
const NODEPORTS_124 =
  'a node with an endpoint (host network) → NodePort of a node without an endpoint, a node without an endpoint (host network) → NodePort of a node without an endpoint, ' +
  'a pod on a node with an endpoint → NodePort of a node without an endpoint, a pod on a node without an endpoint → NodePort of a node without an endpoint: times-out ' +
  "(since 1.24 the node sends it to a remote endpoint without SNAT; the pod replies straight to the client from an address the client's socket does not expect, so the handshake never completes)";

describe(RULE, () => {
  it('from 1.24: the node without an endpoint times out on the LB IP (the article\'s measurement), and the NodePorts of nodes without one', () => {
    const ws = new TestWorkspace({ 'a.yaml': service({ name: 'a', policy: 'Local' }) }, { kubernetesVersion: '1.28' });
    const findings = ws.findings('a.yaml', RULE);
    deepStrictEqual(findings.map((f) => [f.severity, f.span, f.ruleId, f.messageId, f.data['version']]), [['information', spanOf(ws.text('a.yaml'), 'Local'), RULE, 'unreachable', '1.28']]);
    strictEqual(
      findings[0]!.message,
      'Host-network pods and processes on nodes without an endpoint time out on the load balancer IP: call the ClusterIP, or add the hostname annotation. ' +
        "At Kubernetes 1.28 under IPVS, the load balancer IP is bound on every node: a node without an endpoint (host network) times out on it (the node picks the LB IP itself as source; without SNAT the pod's reply to the LB IP is swallowed by the kube-ipvs0 address on the pod's own node). " +
        `NodePorts from inside the cluster: ${NODEPORTS_124}.`,
    );
    strictEqual(findings[0]!.fixes.length, 1);
  });

  it('before 1.24: nodes without an endpoint and their pods are refused (ip_vs_leave)', () => {
    const ws = new TestWorkspace({ 'a.yaml': service({ name: 'a', policy: 'Local' }) }, { kubernetesVersion: '1.22' });
    const [finding] = ws.findings('a.yaml', RULE);
    strictEqual(finding!.message.startsWith('Nodes without an endpoint and their pods are refused on the load balancer IP: call the ClusterIP, or add the hostname annotation. '), true);
    strictEqual(finding!.message.includes('At Kubernetes 1.22 under IPVS, the load balancer IP is bound on every node: a node without an endpoint (host network) is refused on it (before 1.24'), true);
    strictEqual(finding!.message.includes('; a pod on a node without an endpoint is refused on it'), true);
  });

  it('nftables before the fix: the LB IP and the node\'s own NodePort time out on nodes without an endpoint; 1.33.6 has the backport', () => {
    const at = (kubernetesVersion: string) => new TestWorkspace({ 'a.yaml': service({ name: 'a', policy: 'Local' }) }, { kubernetesVersion, kubeProxyMode: 'nftables' }).findings('a.yaml', RULE);
    const [before] = at('1.33.5');
    deepStrictEqual([before!.messageId, before!.data['mode'], before!.data['version']], ['lbIp', 'nftables', '1.33.5']);
    strictEqual(before!.message.startsWith('Nodes without an endpoint and their pods time out on the load balancer IP: call the Service by its ClusterIP instead. '), true);
    strictEqual(before!.message.includes('At Kubernetes 1.33.5 under nftables, in-cluster clients of the load balancer IP: a node without an endpoint (host network) times out on it (nftables before 1.34 and 1.33.6'), true);
    strictEqual(before!.message.includes('a pod on a node without an endpoint times out on it'), true);
    strictEqual(before!.message.includes('a node without an endpoint (host network) → NodePort on its own node'), true);
    deepStrictEqual(before!.fixes, []); // nothing is bound: the hostname fix would not help
    const [after] = at('1.33.6');
    strictEqual(after!.messageId, 'nodePortsOnly');
    strictEqual(after!.message.includes('LB IP'), false);
    // A bare 1.33 is read as 1.33.0, and the reason says so.
    strictEqual(at('1.33')[0]!.message.includes('this assumes 1.33.0: from 1.33.6 (PR 133969) the change is in'), true);
  });

  it('iptables: the LB IP works from inside; another node\'s Local NodePort does not (the detector assumed is named)', () => {
    const ws = new TestWorkspace({ 'a.yaml': service({ name: 'a', policy: 'Local' }) }, { kubeProxyMode: 'iptables' });
    const [finding] = ws.findings('a.yaml', RULE);
    deepStrictEqual([finding!.messageId, finding!.span], ['nodePortsOnly', spanOf(ws.text('a.yaml'), 'Local')]);
    strictEqual(finding!.message.startsWith('Pods and nodes of this cluster cannot reliably reach NodePorts of this Service: call it by its ClusterIP instead. '), true);
    strictEqual(finding!.message.includes('At Kubernetes 1.34 under iptables with externalTrafficPolicy: Local, from inside the cluster: '), true);
    strictEqual(finding!.message.includes('a pod on a node without an endpoint → NodePort of a node with an endpoint: intermittent'), true);
    strictEqual(finding!.message.includes('assuming the default cluster-CIDR local-traffic detector'), true);
  });

  it('a NodePort Service and the hostname annotation still have their NodePorts judged', () => {
    for (const text of [service({ name: 'a', policy: 'Local', type: 'NodePort' }), service({ name: 'a', policy: 'Local', hostname: 'a.example.net' })]) {
      const [finding] = new TestWorkspace({ 'a.yaml': text }).findings('a.yaml', RULE);
      deepStrictEqual([finding!.messageId, finding!.data['clauses']], ['nodePortsOnly', NODEPORTS_124]);
    }
  });

  const silent: [string, string, Record<string, unknown>?][] = [
    ['the policy is Cluster', service({ name: 'a', policy: 'Cluster' })],
    ['no policy is set', service({ name: 'a' })],
    ['the Service is an NLB', service({ name: 'a', policy: 'Local', loadBalancerClass: 'alibabacloud.com/nlb' })],
    ['nftables did not exist at that version', service({ name: 'a', policy: 'Local' }), { kubeProxyMode: 'nftables', kubernetesVersion: '1.25' }],
    ['it is a patch without ports', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: a\nspec:\n  type: LoadBalancer\n  externalTrafficPolicy: Local\n'],
  ];
  for (const [why, text, settings] of silent) {
    it(`is silent when ${why}`, () => {
      deepStrictEqual(new TestWorkspace({ 'a.yaml': text }, settings).findings('a.yaml', RULE), []);
    });
  }

  it('the fix: the hostname annotation, in a new annotations map', () => {
    const ws = new TestWorkspace({ 'a.yaml': service({ name: 'a', policy: 'Local' }) }, { hostnameTemplate: '${name}.example.net' });
    const [fix] = ws.findings('a.yaml', RULE)[0]!.fixes;
    const text = ws.text('a.yaml');
    strictEqual(applyEdits(text, fix!.edits), text.replace('metadata:\n', 'metadata:\n  annotations:\n    service.beta.kubernetes.io/alibaba-cloud-loadbalancer-hostname: "a.example.net"\n'));
  });
});
