import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { describe, it } from 'node:test';
import { service, spanOf, TestWorkspace } from '../../helpers/workspace';

const RULE = 'lb-layer4-loopback';
const PROTOCOL_PORT = 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-protocol-port';
const OTHER_LISTENER_ROWS = [
  'a node with an endpoint (host network) → LB IP, another listener of the CLB',
  'a node without an endpoint (host network) → LB IP, another listener of the CLB',
  'a pod on a node with an endpoint → LB IP, another listener of the CLB',
  'a pod on a node without an endpoint → LB IP, another listener of the CLB',
].join('; ');

describe(RULE, () => {
  it('iptables, reused CLB: its other listeners go to the real CLB, on the CLB id', () => {
    const ws = new TestWorkspace({ 'a.yaml': service({ name: 'a', clbId: 'lb-x1', policy: 'Cluster' }) }, { kubeProxyMode: 'iptables' });
    const findings = ws.findings('a.yaml', RULE);
    deepStrictEqual(
      findings.map((f) => ({ ruleId: f.ruleId, messageId: f.messageId, severity: f.severity, data: f.data, span: f.span })),
      [{ ruleId: RULE, messageId: 'loopback', severity: 'information', data: { lb: 'CLB', rows: OTHER_LISTENER_ROWS }, span: spanOf(ws.text('a.yaml'), '"lb-x1"') }],
    );
    strictEqual(findings[0]!.message.startsWith('Pods and processes on a node that is a CLB backend time out at times through it: use HTTP/HTTPS listeners, or call the Service by its ClusterIP. A connection through a layer-4 listener loops back'), true);
  });

  it('hostname annotation on a reused CLB: only the other listeners, on the CLB id (its own ports are hostname-loopback\'s)', () => {
    const ws = new TestWorkspace({ 'a.yaml': service({ name: 'a', clbId: 'lb-x1', policy: 'Local', hostname: 'a.example.net' }) });
    deepStrictEqual(
      ws.findings('a.yaml', RULE).map((f) => [f.data, f.span]),
      [[{ lb: 'CLB', rows: OTHER_LISTENER_ROWS }, spanOf(ws.text('a.yaml'), '"lb-x1"')]],
    );
  });

  const silent: [string, string, Record<string, unknown>?][] = [
    ['the hostname annotation without reuse (hostname-loopback reports it)', service({ name: 'a', policy: 'Local', hostname: 'a.example.net' })],
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

  it('is silent under IPVS while another Service on the CLB still reports the IP (nothing reaches the CLB)', () => {
    const ws = new TestWorkspace({
      'a.yaml': service({ name: 'a', clbId: 'lb-x1', hostname: 'a.example.net' }),
      'b.yaml': service({ name: 'b', clbId: 'lb-x1', ports: [443] }),
    });
    deepStrictEqual(ws.findings('a.yaml', RULE), []);
  });
});
