import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits } from '../../../server/src/core';
import { service, spanOf, TestWorkspace } from '../../helpers/workspace';

const RULE = 'service-type-invalid';

describe(RULE, () => {
  it('type: loadbalancer: an Error on the value, and a safe fix to the one casing the API server accepts', () => {
    const ws = new TestWorkspace({ 'a.yaml': service({ name: 'a', type: 'loadbalancer' }) });
    const text = ws.text('a.yaml');
    const [finding, ...rest] = ws.findings('a.yaml', RULE);
    deepStrictEqual(rest, []);
    deepStrictEqual(
      { ruleId: finding?.ruleId, messageId: finding?.messageId, data: finding?.data, span: finding?.span, severity: finding?.severity },
      { ruleId: RULE, messageId: 'wrongCase', data: { type: 'loadbalancer', expected: 'LoadBalancer' }, span: spanOf(text, 'loadbalancer'), severity: 'error' },
    );
    strictEqual(
      finding?.message,
      'The API server rejects this Service: write spec.type as LoadBalancer, not loadbalancer. It compares the type case-sensitively; until this is fixed, no reachability finding is reported for the Service.',
    );
    deepStrictEqual(finding.fixes.map((f) => [f.title, f.isPreferred, f.safe]), [['Write spec.type as LoadBalancer', true, true]]);
    strictEqual(applyEdits(text, finding.fixes[0]!.edits), service({ name: 'a', type: 'LoadBalancer' }));
  });

  it('every casing of each of the four types; a quoted value keeps its quotes', () => {
    const expectedOf = (type: string): unknown => new TestWorkspace({ 'a.yaml': service({ name: 'a', type }) }).findings('a.yaml', RULE).map((f) => f.data['expected']);
    deepStrictEqual(['clusterip', 'NODEPORT', 'Loadbalancer', 'externalname'].map(expectedOf), [['ClusterIP'], ['NodePort'], ['LoadBalancer'], ['ExternalName']]);
    const quoted = service({ name: 'a', type: '"nodePort"' });
    const [finding] = new TestWorkspace({ 'a.yaml': quoted }).findings('a.yaml', RULE);
    strictEqual(applyEdits(quoted, finding!.fixes[0]!.edits), service({ name: 'a', type: '"NodePort"' }));
  });

  it('a type that is no casing of one: reported without a fix', () => {
    const ws = new TestWorkspace({ 'a.yaml': service({ name: 'a', type: 'Load-Balancer' }) });
    deepStrictEqual(ws.findings('a.yaml', RULE).map((f) => [f.messageId, f.data, f.span, f.fixes]), [['unknown', { type: 'Load-Balancer' }, spanOf(ws.text('a.yaml'), 'Load-Balancer'), []]]);
  });

  it('is silent on the four types, on an empty type (defaulted to ClusterIP) and on none', () => {
    for (const type of ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName', '""']) {
      deepStrictEqual(new TestWorkspace({ 'a.yaml': service({ name: 'a', type }) }).findings('a.yaml', RULE), [], type);
    }
    const untyped = service({ name: 'a' }).replace('  type: LoadBalancer\n', '');
    deepStrictEqual(new TestWorkspace({ 'a.yaml': untyped }).findings('a.yaml', RULE), []);
  });

  it('the Service is rejected, so the reachability and field rules stay silent on it until the type is fixed', () => {
    const reused = (type: string): string =>
      service({ name: 'a', type, clbId: 'lb-1', policy: 'Local', ports: [80] }).replace('  selector:\n', '  healthCheckNodePort: 30001\n  selector:\n');
    const ids = (type: string): string[] =>
      new TestWorkspace({ 'a.yaml': reused(type) }, { kubernetesVersion: '1.28', knownListeners: { 'lb-1': ['443'] } }).findings('a.yaml').map((f) => f.ruleId);
    // As a LoadBalancer the reused CLB's other listener and the Local policy are reported...
    strictEqual(ids('LoadBalancer').includes('reused-clb-other-listener-refused'), true);
    strictEqual(ids('LoadBalancer').includes('local-policy-in-cluster-reach'), true);
    // ...misspelt, only the type is.
    deepStrictEqual(ids('loadbalancer'), [RULE]);
    // Annotation mistakes stay mistakes once the type is right: those rules still report.
    const misspelt = service({ name: 'a', type: 'loadbalancer', extraAnnotations: { 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-hostnmae': 'a.example.net' } });
    deepStrictEqual(new TestWorkspace({ 'a.yaml': misspelt }).findings('a.yaml').map((f) => f.ruleId).sort(), ['clb-annotation-unknown', RULE]);
  });
});
