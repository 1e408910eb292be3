import { deepStrictEqual, match, strictEqual } from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits } from '../../../server/src/core';
import { describeAnswer, exportList, service, spanOf, TestWorkspace, TWO_CLUSTERS } from '../../helpers/workspace';

const RULE = 'reused-clb-other-listener-refused';
const CLB = 'lb-2ze8x7c0example';
const KNOWN = { knownListeners: { [CLB]: ['443'] } };

/** [ports, listeners] of this file's findings of the rule. */
const refused = (ws: TestWorkspace, name: string): [unknown, unknown][] => ws.findings(name, RULE).map((f) => [f.data['ports'], f.data['listeners']]);

describe(RULE, () => {
  it("the article's case: one Service on port 80 and the CLB's listener list with 80 and 443: 443 is refused, definitely", () => {
    const ws = new TestWorkspace({ 'web.yaml': service({ name: 'web-http', clbId: CLB, ports: [80] }), 'lb.json': describeAnswer(CLB, [[80, 'http'], [443, 'https']]) });
    const [finding, ...rest] = ws.findings('web.yaml', RULE);
    deepStrictEqual(rest, []);
    deepStrictEqual(
      { ruleId: finding?.ruleId, messageId: finding?.messageId, severity: finding?.severity, span: finding?.span, related: finding?.related },
      { ruleId: RULE, messageId: 'refused', severity: 'warning', span: spanOf(ws.text('web.yaml'), `"${CLB}"`), related: [] },
    );
    deepStrictEqual(finding!.data, { lb: 'CLB', lbId: CLB, ports: '443/TCP', listeners: "443/TCP (the CLB's listener list in lb.json)", own: '80/TCP', notes: '' });
    strictEqual(
      finding!.message,
      "Pods and nodes of this cluster are refused on CLB ports 443/TCP: give this cluster's Services on it the hostname annotation. " +
        `Clients outside the cluster reach them on ${CLB}; under kube-proxy IPVS the CLB IP is bound on every node, and only ports of this cluster's Services that report the IP are served (80/TCP). ` +
        "Not served here: 443/TCP (the CLB's listener list in lb.json). The hostname annotation sends in-cluster clients through the CLB.",
    );
    strictEqual(finding!.message.split('. ')[0]!.length < 160, true);
  });

  it('two Services of one cluster on one CLB: neither port is refused (kube-proxy serves both)', () => {
    const ws = new TestWorkspace({ 'http.yaml': service({ name: 'web-http', clbId: CLB, ports: [80] }), 'https.yaml': service({ name: 'web-https', clbId: CLB, ports: [443] }) });
    deepStrictEqual(ws.findings('http.yaml', RULE), []);
    deepStrictEqual(ws.findings('https.yaml', RULE), []);
  });

  it("two clusters in one repository: the other cluster's listener is refused here, naming its Service and cluster", () => {
    const ws = new TestWorkspace(
      {
        'repo/.kube-lb-reach.yaml': TWO_CLUSTERS,
        'repo/prod/web.yaml': service({ name: 'web', clbId: CLB, ports: [80] }),
        'repo/staging/api.yaml': service({ name: 'api', clbId: CLB, ports: [443] }),
      },
      {},
      { roots: ['repo'] },
    );
    const [finding] = ws.findings('repo/prod/web.yaml', RULE);
    deepStrictEqual([finding?.data['ports'], finding?.data['listeners']], ['443/TCP', '443/TCP (Service default/api of cluster staging)']);
    deepStrictEqual(finding?.related.map((r) => [r.uri, r.span, r.message]), [
      ['repo/staging/api.yaml', spanOf(ws.text('repo/staging/api.yaml'), '443'), `443/TCP on CLB ${CLB}, declared by Service default/api of cluster staging`],
    ]);
    deepStrictEqual(refused(ws, 'repo/staging/api.yaml'), [['80/TCP', '80/TCP (Service default/web of cluster prod)']]);
  });

  it('the same namespace/name in two clusters is two Services, not one seen twice', () => {
    const ws = new TestWorkspace(
      { 'repo/.kube-lb-reach.yaml': TWO_CLUSTERS, 'repo/prod/web.yaml': service({ name: 'web', clbId: CLB, ports: [80] }), 'repo/staging/web.yaml': service({ name: 'web', clbId: CLB, ports: [8080] }) },
      {},
      { roots: ['repo'] },
    );
    deepStrictEqual(refused(ws, 'repo/prod/web.yaml'), [['8080/TCP', '8080/TCP (Service default/web of cluster staging)']]);
  });

  it('a listener only a hostname-only Service of this cluster declares is refused: that Service has no IPVS rule', () => {
    const ws = new TestWorkspace({ 'a.yaml': service({ name: 'a', clbId: CLB, ports: [80] }), 'b.yaml': service({ name: 'b', clbId: CLB, hostname: 'b.example.net', ports: [443] }) });
    deepStrictEqual(refused(ws, 'a.yaml'), [['443/TCP', '443/TCP (Service default/b, which reports only a hostname)']]);
  });

  it('an invalid hostname changes nothing: that Service still reports the IP and serves its port', () => {
    const ws = new TestWorkspace({ 'a.yaml': service({ name: 'a', clbId: CLB, ports: [80] }), 'b.yaml': service({ name: 'b', clbId: CLB, hostname: '${your_service_hostname}', ports: [443] }) });
    deepStrictEqual(refused(ws, 'a.yaml'), []);
  });

  it('exports under a cluster: a Service whose status has an IP serves its port; ipMode Proxy from 1.30 does not', () => {
    const files = (ipMode: string | undefined): Record<string, string> => ({
      'web.yaml': service({ name: 'web', clbId: CLB, ports: [80] }),
      'live.yaml': exportList([{ name: 'api', clbId: CLB, ports: [443], ingress: [{ ip: '47.95.0.10', ...(ipMode ? { ipMode } : {}) }] }]),
    });
    deepStrictEqual(refused(new TestWorkspace(files(undefined)), 'web.yaml'), []);
    deepStrictEqual(refused(new TestWorkspace(files('VIP')), 'web.yaml'), []);
    deepStrictEqual(refused(new TestWorkspace(files('Proxy'), { kubernetesVersion: '1.30' }), 'web.yaml'), [['443/TCP', '443/TCP (Service default/api (ipMode: Proxy))']]);
    // Before 1.30 kube-proxy does not read ipMode (the gate is off by default): the IP is bound as ever.
    deepStrictEqual(refused(new TestWorkspace(files('Proxy'), { kubernetesVersion: '1.29' }), 'web.yaml'), []);
  });

  it('an export whose status shows only a hostname reports no IP, whatever its annotations say', () => {
    const ws = new TestWorkspace({
      'web.yaml': service({ name: 'web', clbId: CLB, ports: [80] }),
      'live.yaml': exportList([{ name: 'api', clbId: CLB, ports: [443], ingress: [{ hostname: 'api.example.net' }] }]),
    });
    deepStrictEqual(refused(ws, 'web.yaml'), [['443/TCP', '443/TCP (Service default/api, which reports only a hostname)']]);
  });

  it('names listeners from knownListeners, minus the ones this Service declares', () => {
    const ws = new TestWorkspace({ 'a.yaml': service({ name: 'a', clbId: CLB, ports: [80] }) }, { knownListeners: { [CLB]: ['443/TCP', '8443', '80', '53/UDP'] } });
    deepStrictEqual(refused(ws, 'a.yaml'), [
      ['53/UDP, 443/TCP, 8443/TCP', '53/UDP (the knownListeners setting), 443/TCP (the knownListeners setting), 8443/TCP (the knownListeners setting)'],
    ]);
    deepStrictEqual(ws.findings('a.yaml', RULE)[0]!.related, []);
  });

  it('a listener served by another Service of this cluster is named as served; the rest stay refused', () => {
    const ws = new TestWorkspace({ 'a.yaml': service({ name: 'a', clbId: CLB, ports: [80] }), 'b.yaml': service({ name: 'b', clbId: CLB, ports: [443] }), 'lb.json': describeAnswer(CLB, [[80, 'tcp'], [443, 'tcp'], [9000, 'udp']]) });
    const [finding] = ws.findings('a.yaml', RULE);
    deepStrictEqual([finding?.data['ports'], finding?.data['own'], finding?.data['listeners']], ['9000/UDP', '80/TCP and those of default/b', "9000/UDP (the CLB's listener list in lb.json)"]);
  });

  it('the legacy alicloud- prefix counts as reuse; the same port on another protocol is another listener', () => {
    const ws = new TestWorkspace({ 'a.yaml': service({ name: 'a', clbId: CLB, legacyClbId: true, ports: [53] }) }, { knownListeners: { [CLB]: ['53/UDP'] } });
    deepStrictEqual(refused(ws, 'a.yaml'), [['53/UDP', '53/UDP (the knownListeners setting)']]);
  });

  it('mentions the pre-1.26 host-process case only before 1.26', () => {
    const files = { 'a.yaml': service({ name: 'a', clbId: CLB }) };
    match(new TestWorkspace(files, { ...KNOWN, kubernetesVersion: '1.25' }).findings('a.yaml', RULE)[0]!.message, /Before Kubernetes 1\.26 a process on the node listening on that port answers instead\./);
    strictEqual(/process on the node/.test(new TestWorkspace(files, { ...KNOWN, kubernetesVersion: '1.26' }).findings('a.yaml', RULE)[0]!.message), false);
  });

  it('offers the hostname quick fix, from the template', () => {
    const ws = new TestWorkspace({ 'a.yaml': service({ name: 'web-http', clbId: CLB }) }, { ...KNOWN, hostnameTemplate: '${name}.example.net' });
    const [fix, ...others] = ws.findings('a.yaml', RULE)[0]!.fixes;
    deepStrictEqual([fix?.isPreferred, fix?.safe, others], [true, true, []]);
    strictEqual(
      applyEdits(ws.text('a.yaml'), fix!.edits),
      service({ name: 'web-http', clbId: CLB }).replace('  annotations:\n', '  annotations:\n    service.beta.kubernetes.io/alibaba-cloud-loadbalancer-hostname: "web-http.example.net"\n'),
    );
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
    ['a template action writes annotations (a hostname may be among them)', service({ name: 'a', clbId: CLB }).replace('spec:\n', '    {{- toYaml .Values.service.annotations | nindent 4 }}\nspec:\n')],
    ['the ports are not readable (a strategic-merge patch without ports)', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n  annotations:\n    service.beta.kubernetes.io/alibaba-cloud-loadbalancer-id: lb-1\nspec:\n  type: LoadBalancer\n'],
    ['a port is a string', service({ name: 'a', clbId: CLB }).replace('port: 80', 'port: "80"')],
    ['the kind is not a Service', service({ name: 'a', clbId: CLB }).replace('kind: Service', 'kind: ConfigMap')],
    ['the apiVersion is not v1', service({ name: 'a', clbId: CLB }).replace('apiVersion: v1', 'apiVersion: v2')],
    ['the document has a syntax error', `${service({ name: 'a', clbId: CLB })}  bad: [\n`],
  ];
  for (const [why, text, settings] of silent) {
    it(`is silent when ${why}`, () => {
      const ws = new TestWorkspace({ 'a.yaml': text }, { ...KNOWN, ...settings });
      deepStrictEqual(ws.findings('a.yaml', RULE), []);
    });
  }

  it('a literal Service inside a document-wide `{{- if }}` of a Helm template is analysed as written', () => {
    const text = `{{- if .Values.enabled }}\n${service({ name: 'a', clbId: CLB })}{{- end }}\n`;
    const ws = new TestWorkspace({ 'a.yaml': text }, KNOWN);
    deepStrictEqual(ws.findings('a.yaml', RULE).map((f) => f.span), [spanOf(text, `"${CLB}"`)]);
  });

  it('analyses the other documents of a file when one has a syntax error', () => {
    const text = `${service({ name: 'broken', clbId: CLB })}  bad: [\n---\n${service({ name: 'good', clbId: CLB, ports: [80] })}`;
    const ws = new TestWorkspace({ 'a.yaml': text }, KNOWN);
    deepStrictEqual(ws.findings('a.yaml', RULE).map((f) => [f.resource.documentIndex, f.span]), [[1, spanOf(text, `"${CLB}"`, 1)]]);
  });
});

describe(`${RULE} with many Services on one CLB`, () => {
  const twoClusters = (files: Record<string, string>): TestWorkspace => new TestWorkspace({ 'repo/.kube-lb-reach.yaml': TWO_CLUSTERS, ...files }, {}, { roots: ['repo'] });

  it('names ten listeners and counts the rest; related information stays bounded', () => {
    const files: Record<string, string> = { 'repo/prod/s0.yaml': service({ name: 's0', clbId: CLB, ports: [1000] }) };
    for (let i = 1; i < 300; i++) files[`repo/staging/s${i}.yaml`] = service({ name: `s${i}`, clbId: CLB, ports: [1000 + i] });
    const [finding] = twoClusters(files).findings('repo/prod/s0.yaml', RULE);
    strictEqual(finding?.data['ports'], '1001/TCP, 1002/TCP, 1003/TCP and 296 more');
    match(String(finding.data['listeners']), /^1001\/TCP \(Service default\/s1 of cluster staging\), 1002\/TCP .*, 1010\/TCP \(Service default\/s10 of cluster staging\), and 289 more$/);
    strictEqual(finding.related.length, 10);
  });

  it('a copy of this Service elsewhere (base and overlay) is not another Service', () => {
    const ws = new TestWorkspace({ 'base.yaml': service({ name: 'web', clbId: CLB, ports: [80] }), 'overlay.yaml': service({ name: 'web', clbId: CLB, ports: [80, 443] }) });
    deepStrictEqual(ws.findings('base.yaml', RULE), []);
    deepStrictEqual(ws.findings('base.yaml', 'reused-clb-listeners-unknown').map((f) => f.messageId), ['unknown']);
  });

  it('names three owners of a shared listener and counts the others', () => {
    const files: Record<string, string> = { 'repo/prod/a.yaml': service({ name: 'a', clbId: CLB, ports: [80] }) };
    for (let i = 0; i < 30; i++) files[`repo/staging/s${i}.yaml`] = service({ name: `s${i}`, clbId: CLB, ports: [443] });
    const [finding] = twoClusters(files).findings('repo/prod/a.yaml', RULE);
    strictEqual(finding?.data['listeners'], '443/TCP (Service default/s0 of cluster staging; Service default/s1 of cluster staging; Service default/s10 of cluster staging and 27 more)');
    strictEqual(finding.related.length, 20);
  });
});
