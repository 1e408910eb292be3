import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { describe, it } from 'node:test';
import { service, spanOf, TestWorkspace } from '../../helpers/workspace';

const RULE = 'lb-layer4-loopback';
const PROTOCOL_PORT = 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-protocol-port';

describe(RULE, () => {
  it('hostname annotation, Local, layer 4: nodes with an endpoint and their pods loop back, on the hostname value', () => {
    const ws = new TestWorkspace({ 'a.yaml': service({ name: 'a', policy: 'Local', hostname: 'a.example.net' }) });
    const findings = ws.findings('a.yaml', RULE);
    deepStrictEqual(findings.map((f) => [f.ruleId, f.messageId, f.severity, f.span]), [[RULE, 'loopback', 'information', spanOf(ws.text('a.yaml'), '"a.example.net"')]]);
    strictEqual(findings[0]!.data['rows'], 'a node with an endpoint (host network) → LB IP, a port of this Service; a pod on a node with an endpoint → LB IP, a port of this Service');
    strictEqual(findings[0]!.message.startsWith('In-cluster connections that go out to the CLB through a layer-4 listener loop back'), true);
  });

  it('hostname annotation, Cluster: every in-cluster source is affected', () => {
    const ws = new TestWorkspace({ 'a.yaml': service({ name: 'a', policy: 'Cluster', hostname: 'a.example.net' }) });
    strictEqual(String(ws.findings('a.yaml', RULE)[0]!.data['rows']).split('; ').length, 4);
  });

  it('iptables, reused CLB: its other listeners go to the real CLB, on the CLB id', () => {
    const ws = new TestWorkspace({ 'a.yaml': service({ name: 'a', clbId: 'lb-x1', policy: 'Cluster' }) }, { kubeProxyMode: 'iptables' });
    const findings = ws.findings('a.yaml', RULE);
    deepStrictEqual(findings.map((f) => f.span), [spanOf(ws.text('a.yaml'), '"lb-x1"')]);
    strictEqual(String(findings[0]!.data['rows']).includes('LB IP, another listener of the CLB'), true);
  });

  const silent: [string, string, Record<string, unknown>?][] = [
    ['layer-7 listeners with the hostname annotation', service({ name: 'a', policy: 'Local', hostname: 'a.example.net', ports: [443], extraAnnotations: { [PROTOCOL_PORT]: 'https:443' } })],
    ['IPVS serves the reported IP itself', service({ name: 'a', clbId: 'lb-x1', policy: 'Local' })],
    ['iptables, a CLB that is not reused', service({ name: 'a', policy: 'Local' }), { kubeProxyMode: 'iptables' }],
    ['a NodePort Service', service({ name: 'a', type: 'NodePort', hostname: 'a.example.net' })],
  ];
  for (const [why, text, settings] of silent) {
    it(`is silent for ${why}`, () => {
      deepStrictEqual(new TestWorkspace({ 'a.yaml': text }, settings).findings('a.yaml', RULE), []);
    });
  }
});
