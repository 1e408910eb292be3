import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits } from '../../../server/src/core';
import { service, spanOf, TestWorkspace, TWO_CLUSTERS } from '../../helpers/workspace';

const RULE = 'reused-clb-hostname-incomplete';
const CLB = 'lb-partial';

describe(RULE, () => {
  it('a hostname-only Service next to one that still reports the IP: refused on its own ports, pointing at the other', () => {
    const ws = new TestWorkspace({
      'fixed.yaml': service({ name: 'fixed', clbId: CLB, hostname: 'fixed.example.net', ports: [443] }),
      'other.yaml': service({ name: 'other', namespace: 'shop', clbId: CLB, ports: [80] }),
    });
    const findings = ws.findings('fixed.yaml', RULE);
    deepStrictEqual(findings.map((f) => [f.severity, f.span]), [['warning', spanOf(ws.text('fixed.yaml'), '"fixed.example.net"')]]);
    deepStrictEqual(
      findings.map((f) => [f.ruleId, f.messageId, f.data]),
      [[RULE, 'stillBound', { services: 'Service shop/other', verb: 'reports', lb: 'CLB', lbId: CLB, own: '443/TCP' }]],
    );
    strictEqual(
      findings[0]!.message,
      'Pods and nodes of this cluster are refused on 443/TCP: give every Service of this cluster on the CLB the hostname annotation. ' +
        `Service shop/other still reports the IP of CLB ${CLB}; under kube-proxy IPVS that IP stays bound on every node while one Service of the cluster reports it, and this Service, reporting only a hostname, has no IPVS rule.`,
    );
    deepStrictEqual(findings[0]!.related.map((r) => [r.uri, r.span, r.message]), [['other.yaml', spanOf(ws.text('other.yaml'), `"${CLB}"`), `Service shop/other reports the IP of ${CLB}: 80/TCP`]]);
    // The Service that still reports the IP is told that 443 (hostname-only) is refused in any case.
    const [other] = ws.findings('other.yaml', 'reused-clb-other-listener-refused');
    strictEqual(other?.data['listeners'], '443/TCP (Service default/fixed, which reports only a hostname)');
  });

  it('offers the hostname annotation for the Services still reporting the IP, in their files; applied, nothing is refused', () => {
    const files = {
      'fixed.yaml': service({ name: 'fixed', clbId: CLB, hostname: 'fixed.example.net', ports: [443] }),
      'other.yaml': service({ name: 'other', namespace: 'shop', clbId: CLB, ports: [80] }),
    };
    const ws = new TestWorkspace(files, { hostnameTemplate: '${name}.${namespace}.example.net' });
    const [fix, ...rest] = ws.findings('fixed.yaml', RULE)[0]!.fixes;
    deepStrictEqual(rest, []);
    deepStrictEqual([fix?.title, fix?.isPreferred, fix?.safe, fix?.edits], ['Add the hostname annotation to shop/other too', true, true, []]);
    deepStrictEqual(fix?.otherFiles?.map((f) => f.uri), ['other.yaml']);
    const other = applyEdits(files['other.yaml'], fix.otherFiles[0]!.edits);
    strictEqual(other, files['other.yaml'].replace('  annotations:\n', '  annotations:\n    service.beta.kubernetes.io/alibaba-cloud-loadbalancer-hostname: "other.shop.example.net"\n'));
    const after = new TestWorkspace({ ...files, 'other.yaml': other });
    deepStrictEqual([...after.findings('fixed.yaml'), ...after.findings('other.yaml')].filter((f) => f.ruleId.startsWith('reused-clb-')), []);
    // Without a template: the placeholder to type over, never applied by fix-all.
    deepStrictEqual(new TestWorkspace(files).findings('fixed.yaml', RULE)[0]!.fixes.map((f) => [f.title, f.safe]), [['Add the hostname annotation to shop/other too: fill in the DNS name of the CLB', false]]);
  });

  it('a Service of another cluster that reports the IP binds nothing here: silent', () => {
    const ws = new TestWorkspace(
      {
        'repo/.kube-lb-reach.yaml': TWO_CLUSTERS,
        'repo/prod/fixed.yaml': service({ name: 'fixed', clbId: CLB, hostname: 'fixed.example.net', ports: [443] }),
        'repo/staging/other.yaml': service({ name: 'other', clbId: CLB, ports: [80] }),
      },
      {},
      { roots: ['repo'] },
    );
    deepStrictEqual(ws.findings('repo/prod/fixed.yaml', RULE), []);
  });

  const silent: [string, Record<string, string>, Record<string, unknown>?][] = [
    ['every Service on the CLB has the annotation', { a: service({ name: 'a', clbId: CLB, hostname: 'a.example.net' }), b: service({ name: 'b', clbId: CLB, hostname: 'b.example.net', ports: [443] }) }],
    ['it is alone on the CLB', { a: service({ name: 'a', clbId: CLB, hostname: 'a.example.net' }) }],
    ['kube-proxy runs iptables', { a: service({ name: 'a', clbId: CLB, hostname: 'a.example.net' }), b: service({ name: 'b', clbId: CLB, ports: [443] }) }, { kubeProxyMode: 'iptables' }],
    ['the other copy is the same Service (an overlay)', { a: service({ name: 'a', clbId: CLB, hostname: 'a.example.net' }), b: service({ name: 'a', clbId: CLB }) }],
    ['the other Service is not a LoadBalancer', { a: service({ name: 'a', clbId: CLB, hostname: 'a.example.net' }), b: service({ name: 'b', clbId: CLB, type: 'NodePort' }) }],
  ];
  for (const [why, files, settings] of silent) {
    it(`is silent when ${why}`, () => {
      strictEqual(new TestWorkspace(files, settings).findings('a', RULE).length, 0);
    });
  }
});
