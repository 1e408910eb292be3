import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits } from '../../../server/src/core';
import { service, spanOf, TestWorkspace } from '../../helpers/workspace';

const RULE = 'lb-bypass-skips-proxy-protocol';
const PROXY_PROTOCOL = 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-proxy-protocol';

describe(RULE, () => {
  it('warns on the annotation when in-cluster clients are short-circuited without the header', () => {
    for (const kubeProxyMode of ['ipvs', 'iptables', 'nftables']) {
      const ws = new TestWorkspace({ 'a.yaml': service({ name: 'a', extraAnnotations: { [PROXY_PROTOCOL]: 'on' } }) }, { kubeProxyMode });
      const findings = ws.findings('a.yaml', RULE);
      deepStrictEqual(findings.map((f) => [f.ruleId, f.messageId, f.severity, f.span]), [[RULE, 'skipsProxyProtocol', 'warning', spanOf(ws.text('a.yaml'), '"on"')]], kubeProxyMode);
      strictEqual(findings[0]!.message.startsWith('Pods and nodes of this cluster that call the CLB IP are rejected by pods that require the PROXY header: add the hostname annotation. '), true);
      strictEqual(ws.findings('a.yaml', 'lb-bypass-skips-tls').length, 0);
    }
  });

  const silent: [string, string][] = [
    ['the value is not exactly "on"', service({ name: 'a', extraAnnotations: { [PROXY_PROTOCOL]: 'true' } })],
    ['the hostname annotation sends in-cluster clients to the CLB', service({ name: 'a', hostname: 'a.example.net', extraAnnotations: { [PROXY_PROTOCOL]: 'on' } })],
    ['a NodePort Service', service({ name: 'a', type: 'NodePort', extraAnnotations: { [PROXY_PROTOCOL]: 'on' } })],
  ];
  for (const [why, text] of silent) {
    it(`is silent when ${why}`, () => {
      deepStrictEqual(new TestWorkspace({ 'a.yaml': text }).findings('a.yaml', RULE), []);
    });
  }

  it('the fix: the hostname annotation, from the template', () => {
    const ws = new TestWorkspace({ 'a.yaml': service({ name: 'a', extraAnnotations: { [PROXY_PROTOCOL]: 'on' } }) }, { hostnameTemplate: '${name}.example.net' });
    const [fix] = ws.findings('a.yaml', RULE)[0]!.fixes;
    strictEqual(applyEdits(ws.text('a.yaml'), fix!.edits), service({ name: 'a', hostname: 'a.example.net', extraAnnotations: { [PROXY_PROTOCOL]: 'on' } }));
  });
});
