import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { describe, it } from 'node:test';
import { service, spanOf, spanWithin, TestWorkspace } from '../../helpers/workspace';

const RULE = 'hostname-loopback';
const PROTOCOL_PORT = 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-protocol-port';

describe(RULE, () => {
  it('Local, layer 4: nodes with an endpoint and their pods, on the hostname value, naming the port', () => {
    const ws = new TestWorkspace({ 'a.yaml': service({ name: 'a', policy: 'Local', hostname: 'a.example.net' }) });
    const text = ws.text('a.yaml');
    const findings = ws.findings('a.yaml', RULE);
    deepStrictEqual(
      findings.map((f) => ({ ruleId: f.ruleId, messageId: f.messageId, severity: f.severity, data: f.data, span: f.span, related: f.related })),
      [
        {
          ruleId: RULE,
          messageId: 'loopback',
          severity: 'information',
          data: {
            lb: 'CLB',
            ports: '80/TCP',
            rows: 'a node with an endpoint (host network) → LB IP, a port of this Service; a pod on a node with an endpoint → LB IP, a port of this Service',
          },
          span: spanOf(text, '"a.example.net"'),
          related: [{ uri: 'a.yaml', span: spanWithin(text, '- port: 80', '80'), message: '80/TCP: a layer-4 listener' }],
        },
      ],
    );
    strictEqual(
      findings[0]!.message.split('. ')[0],
      'Pods and processes on a CLB backend node time out at times on 80/TCP: make those listeners HTTP/HTTPS, or call the ClusterIP',
    );
  });

  it('Cluster: every in-cluster source is affected', () => {
    const ws = new TestWorkspace({ 'a.yaml': service({ name: 'a', policy: 'Cluster', hostname: 'a.example.net' }) });
    strictEqual(String(ws.findings('a.yaml', RULE)[0]!.data['rows']).split('; ').length, 4);
  });

  it('names only the layer-4 ports: protocol-port makes 443 layer 7, 53/UDP stays layer 4 by spec.ports[].protocol', () => {
    const ws = new TestWorkspace({ 'a.yaml': service({ name: 'a', hostname: 'a.example.net', ports: [443, '53/UDP'], extraAnnotations: { [PROTOCOL_PORT]: 'https:443' } }) });
    deepStrictEqual(ws.findings('a.yaml', RULE).map((f) => [f.data['ports'], f.related.map((r) => r.message)]), [['53/UDP', ['53/UDP: a layer-4 listener']]]);
  });

  it('in every kube-proxy mode: the hostname binds nothing anywhere', () => {
    for (const kubeProxyMode of ['iptables', 'nftables']) {
      const ws = new TestWorkspace({ 'a.yaml': service({ name: 'a', hostname: 'a.example.net' }) }, { kubeProxyMode });
      strictEqual(ws.findings('a.yaml', RULE).length, 1, kubeProxyMode);
    }
  });

  const silent: [string, string, Record<string, unknown>?][] = [
    ['layer-7 listeners only', service({ name: 'a', hostname: 'a.example.net', ports: [443, 80], extraAnnotations: { [PROTOCOL_PORT]: 'https:443,http:80' } })],
    ['no hostname annotation', service({ name: 'a', clbId: 'lb-x1' }), { kubeProxyMode: 'iptables' }],
    ['a NodePort Service', service({ name: 'a', type: 'NodePort', hostname: 'a.example.net' })],
    ['an NLB (not modelled)', service({ name: 'a', hostname: 'a.example.net', loadBalancerClass: 'alibabacloud.com/nlb' })],
  ];
  for (const [why, text, settings] of silent) {
    it(`is silent for ${why}`, () => {
      deepStrictEqual(new TestWorkspace({ 'a.yaml': text }, settings).findings('a.yaml', RULE), []);
    });
  }

  it('is silent under IPVS while another Service on the CLB still reports the IP, and speaks under iptables', () => {
    const files = { 'a.yaml': service({ name: 'a', clbId: 'lb-x1', hostname: 'a.example.net' }), 'b.yaml': service({ name: 'b', clbId: 'lb-x1', ports: [443] }) };
    deepStrictEqual(new TestWorkspace(files).findings('a.yaml', RULE), []);
    strictEqual(new TestWorkspace(files, { kubeProxyMode: 'iptables' }).findings('a.yaml', RULE).length, 1);
  });
});
