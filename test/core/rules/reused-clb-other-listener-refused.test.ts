import { deepStrictEqual, match, strictEqual } from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits } from '../../../server/src/core';
import { service, spanOf, TestWorkspace } from '../../helpers/workspace';

const RULE = 'reused-clb-other-listener-refused';
const CLB = 'lb-2ze8x7c0example';

describe(RULE, () => {
  it("the seed's case: port 80 and port 443 on one CLB in two files warn on both sides, with related information", () => {
    const ws = new TestWorkspace({
      'http.yaml': service({ name: 'web-http', clbId: CLB, ports: [80] }),
      'https.yaml': service({ name: 'web-https', clbId: CLB, ports: [443] }),
    });
    const [http] = ws.findings('http.yaml', RULE);
    strictEqual(http?.severity, 'warning');
    strictEqual(http.messageId, 'refused');
    deepStrictEqual([http.data['lb'], http.data['lbId'], http.data['own'], http.data['listeners']], ['CLB', CLB, '80/TCP', '443/TCP (Service default/web-https, if it runs in another cluster)']);
    deepStrictEqual(http.span, spanOf(ws.text('http.yaml'), `"${CLB}"`));
    match(http.message, /connection refused/);
    match(http.message, /443\/TCP \(Service default\/web-https, if it runs in another cluster\)/);
    match(http.message, /A Service that reports this IP in the same cluster has IPVS rules of its own: kube-proxy serves its ports from its endpoints, bypassing the CLB\./);
    match(http.message, /outside clients do not/);
    match(http.message, /\(80\/TCP\) have IPVS rules/);
    deepStrictEqual(
      http.related.map((r) => [r.uri, r.span]),
      [['https.yaml', spanOf(ws.text('https.yaml'), '443')]],
    );
    const [https] = ws.findings('https.yaml', RULE);
    strictEqual(https?.severity, 'warning');
    match(https.message, /80\/TCP \(Service default\/web-http, if it runs in another cluster\)/);
    deepStrictEqual(https.related.map((r) => r.uri), ['http.yaml']);
    strictEqual(ws.findings('http.yaml', RULE).length, 1);
  });

  it('names listeners from kubeLbReach.knownListeners, minus the ones this Service declares', () => {
    const ws = new TestWorkspace({ 'a.yaml': service({ name: 'a', clbId: CLB, ports: [80] }) }, { knownListeners: { [CLB]: ['443/TCP', '8443', '80', '53/UDP'] } });
    const [finding] = ws.findings('a.yaml', RULE);
    match(finding!.message, /: 53\/UDP \(known listener setting\); 443\/TCP \(known listener setting\); 8443\/TCP \(known listener setting\);/);
    deepStrictEqual(finding!.related, []);
  });

  it('with no other listener known, leaves the note to reused-clb-listeners-unknown', () => {
    const ws = new TestWorkspace({ 'a.yaml': service({ name: 'a', clbId: CLB, ports: [80, '53/UDP'] }) });
    deepStrictEqual(ws.findings('a.yaml', RULE), []);
    deepStrictEqual(ws.findings('a.yaml').map((f) => [f.ruleId, f.messageId, f.severity]), [['reused-clb-listeners-unknown', 'unknown', 'information']]);
  });

  it('the legacy alicloud- prefix counts as reuse; the same port on another protocol is another listener', () => {
    const ws = new TestWorkspace({
      'a.yaml': service({ name: 'a', clbId: CLB, legacyClbId: true, ports: [53] }),
      'b.yaml': service({ name: 'b', clbId: CLB, ports: ['53/UDP'] }),
    });
    const [finding] = ws.findings('a.yaml', RULE);
    strictEqual(finding?.severity, 'warning');
    match(finding.message, /53\/UDP \(Service default\/b, if it runs in another cluster\)/);
  });

  it('mentions the pre-1.26 host-process case only before 1.26', () => {
    const files = { 'a.yaml': service({ name: 'a', clbId: CLB }), 'b.yaml': service({ name: 'b', clbId: CLB, ports: [443] }) };
    match(new TestWorkspace(files, { kubernetesVersion: '1.25' }).findings('a.yaml', RULE)[0]!.message, /Before Kubernetes 1\.26 a host process/);
    strictEqual(/host process/.test(new TestWorkspace(files, { kubernetesVersion: '1.26' }).findings('a.yaml', RULE)[0]!.message), false);
  });

  it('offers the hostname quick fix', () => {
    const ws = new TestWorkspace({ 'a.yaml': service({ name: 'a', clbId: CLB }), 'b.yaml': service({ name: 'b', clbId: CLB, ports: [443] }) });
    deepStrictEqual(ws.findings('a.yaml', RULE)[0]!.fixes.map((f) => [f.isPreferred, f.safe]), [[true, false]]);
  });

  const silent: [string, string, Record<string, unknown>?][] = [
    ['the hostname annotation is present', service({ name: 'a', clbId: CLB, hostname: 'a.example.net' })],
    ['the legacy hostname annotation is present', service({ name: 'a', clbId: CLB, extraAnnotations: { 'service.beta.kubernetes.io/alicloud-loadbalancer-hostname': 'a.example.net' } })],
    ['kube-proxy runs iptables', service({ name: 'a', clbId: CLB }), { kubeProxyMode: 'iptables' }],
    ['kube-proxy runs nftables', service({ name: 'a', clbId: CLB }), { kubeProxyMode: 'nftables' }],
    ['the Service is an NLB', service({ name: 'a', clbId: CLB, loadBalancerClass: 'alibabacloud.com/nlb' })],
    ['the Service is ClusterIP', service({ name: 'a', clbId: CLB, type: 'ClusterIP' })],
    ['the Service is NodePort', service({ name: 'a', clbId: CLB, type: 'NodePort' })],
    ['no CLB is reused', service({ name: 'a' })],
    ['the CLB id is blank', service({ name: 'a', clbId: '  ' })],
    ['the manifest is a Helm template', service({ name: 'a', clbId: '{{ .Values.clbId }}' })],
    ['the whole document is templated', `{{- if .Values.enabled }}\n${service({ name: 'a', clbId: CLB })}{{- end }}\n`],
    ['the ports are not readable (a strategic-merge patch without ports)', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n  annotations:\n    service.beta.kubernetes.io/alibaba-cloud-loadbalancer-id: lb-1\nspec:\n  type: LoadBalancer\n'],
    ['a port is a string', service({ name: 'a', clbId: CLB }).replace('port: 80', 'port: "80"')],
    ['the kind is not a Service', service({ name: 'a', clbId: CLB }).replace('kind: Service', 'kind: ConfigMap')],
    ['the apiVersion is not v1', service({ name: 'a', clbId: CLB }).replace('apiVersion: v1', 'apiVersion: v2')],
    ['the document has a syntax error', `${service({ name: 'a', clbId: CLB })}  bad: [\n`],
  ];
  for (const [why, text, settings] of silent) {
    it(`is silent when ${why}`, () => {
      const ws = new TestWorkspace({ 'a.yaml': text, 'other.yaml': service({ name: 'b', clbId: CLB, ports: [443] }) }, settings);
      deepStrictEqual(ws.findings('a.yaml', RULE), []);
    });
  }

  it('analyses the other documents of a file when one has a syntax error', () => {
    const text = `${service({ name: 'broken', clbId: CLB })}  bad: [\n---\n${service({ name: 'good', clbId: CLB, ports: [443] })}`;
    const ws = new TestWorkspace({ 'a.yaml': text, 'b.yaml': service({ name: 'b', clbId: CLB, ports: [80] }) });
    const findings = ws.findings('a.yaml', RULE);
    deepStrictEqual(findings.map((f) => [f.resource.documentIndex, f.span]), [[1, spanOf(text, `"${CLB}"`, 1)]]);
  });
});

describe(`${RULE} with many Services on one CLB`, () => {
  it('names ten listeners and counts the rest; related information stays bounded', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 300; i++) files[`s${i}.yaml`] = service({ name: `s${i}`, clbId: CLB, ports: [1000 + i] });
    const ws = new TestWorkspace(files);
    const [finding] = ws.findings('s0.yaml', RULE);
    match(finding!.message, /: 1001\/TCP \(Service default\/s1, if it runs in another cluster\); 1002\/TCP \(Service default\/s2, if it runs in another cluster\);.*; 1010\/TCP \(Service default\/s10, if it runs in another cluster\); and 289 more listeners; outside clients do not\./);
    strictEqual(finding!.related.length, 10);
  });

  it('a copy of this Service elsewhere (base and overlay) is not another Service', () => {
    const ws = new TestWorkspace({ 'base.yaml': service({ name: 'web', clbId: CLB, ports: [80] }), 'overlay.yaml': service({ name: 'web', clbId: CLB, ports: [80, 443] }) });
    deepStrictEqual(ws.findings('base.yaml', RULE), []);
    deepStrictEqual(ws.findings('base.yaml', 'reused-clb-listeners-unknown').map((f) => f.messageId), ['unknown']);
  });

  it('names three owners of a shared listener and counts the others', () => {
    const files: Record<string, string> = { 'a.yaml': service({ name: 'a', clbId: CLB, ports: [80] }) };
    for (let i = 0; i < 30; i++) files[`s${i}.yaml`] = service({ name: `s${i}`, clbId: CLB, ports: [443] });
    const [finding] = new TestWorkspace(files).findings('a.yaml', RULE);
    match(finding!.message, /: 443\/TCP \(Service default\/s0, Service default\/s1, Service default\/s10 and 27 more, if it runs in another cluster\); outside/);
    strictEqual(finding!.related.length, 20);
  });

  it('the fix: the hostname annotation from the template, on both Services\' files', () => {
    const ws = new TestWorkspace(
      { 'http.yaml': service({ name: 'web-http', clbId: CLB, ports: [80] }), 'https.yaml': service({ name: 'web-https', clbId: CLB, ports: [443] }) },
      { hostnameTemplate: '${name}.example.net' },
    );
    for (const [file, name, port] of [['http.yaml', 'web-http', 80], ['https.yaml', 'web-https', 443]] as const) {
      const [fix] = ws.findings(file, RULE)[0]!.fixes;
      strictEqual(fix?.safe, true);
      const fixed = applyEdits(ws.text(file), fix.edits);
      strictEqual(fixed, service({ name, clbId: CLB, ports: [port] }).replace('  annotations:\n', `  annotations:\n    service.beta.kubernetes.io/alibaba-cloud-loadbalancer-hostname: "${name}.example.net"\n`));
    }
  });
});
