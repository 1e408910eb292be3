import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits, type Finding } from '../../../server/src/core';
import { service, spanOf, TestWorkspace, type ServiceSpec } from '../../helpers/workspace';

const RULE = 'traffic-policy-not-allowed';

/** A Service with `extra` spec lines (two-space indented, before `selector:`). */
function manifest(spec: Omit<ServiceSpec, 'name'>, extra: string[] = []): string {
  return service({ name: 'a', ...spec }).replace('  selector:\n', `${extra.map((l) => `  ${l}\n`).join('')}  selector:\n`);
}

function findingsAt(kubernetesVersion: string, text: string): { text: string; found: Finding[] } {
  return { text, found: new TestWorkspace({ 'a.yaml': text }, { kubernetesVersion }).findings('a.yaml', RULE) };
}

/** [messageId, data] of every finding. */
function cells(kubernetesVersion: string, text: string): [string, Record<string, string | number>][] {
  return findingsAt(kubernetesVersion, text).found.map((f) => [f.messageId, { ...f.data }]);
}

describe(`${RULE}: externalTrafficPolicy`, () => {
  it('on a ClusterIP Service: an Error on the key, and a safe removal of its line', () => {
    const text = manifest({ type: 'ClusterIP', policy: 'Local' });
    const { found } = findingsAt('1.34', text);
    const [finding, ...rest] = found;
    deepStrictEqual(rest, []);
    deepStrictEqual(
      { ruleId: finding?.ruleId, messageId: finding?.messageId, data: finding?.data, span: finding?.span, severity: finding?.severity },
      {
        ruleId: RULE,
        messageId: 'policyNotAllowed',
        data: { version: '1.34', type: 'ClusterIP', allowed: 'NodePort, LoadBalancer, or ClusterIP with externalIPs', note: '' },
        span: spanOf(text, 'externalTrafficPolicy'),
        severity: 'error',
      },
    );
    strictEqual(finding?.message, 'The API server rejects this Service: remove externalTrafficPolicy, or change the type. It is allowed only on type NodePort, LoadBalancer, or ClusterIP with externalIPs, not ClusterIP.');
    deepStrictEqual(finding.fixes.map((f) => [f.title, f.safe]), [['Remove spec.externalTrafficPolicy', true]]);
    strictEqual(applyEdits(text, finding.fixes[0]!.edits), manifest({ type: 'ClusterIP' }));
  });

  it('ClusterIP with externalIPs: refused before 1.29 (the removal is then not safe), accepted from 1.29 (PR 119150)', () => {
    const text = manifest({ type: 'ClusterIP', policy: 'Local' }, ['externalIPs:', '- 192.0.2.10']);
    const { found } = findingsAt('1.28', text);
    deepStrictEqual(found.map((f) => [f.messageId, f.data, f.fixes.map((x) => x.safe)]), [
      ['policyNotAllowed', { version: '1.28', type: 'ClusterIP', allowed: 'NodePort or LoadBalancer', note: ' ClusterIP Services with externalIPs accept it from Kubernetes 1.29 (PR 119150).' }, [false]],
    ]);
    deepStrictEqual(cells('1.29', text), []);
    deepStrictEqual(cells('1.34', text), []);
    // An empty list is no external IP.
    deepStrictEqual(cells('1.34', manifest({ type: 'ClusterIP', policy: 'Local' }, ['externalIPs: []'])).map(([id]) => id), ['policyNotAllowed']);
  });

  it('ExternalName never takes it, externalIPs or not; NodePort and LoadBalancer always do', () => {
    deepStrictEqual(cells('1.34', manifest({ type: 'ExternalName', policy: 'Cluster' }, ['externalIPs:', '- 192.0.2.10'])).map(([id, d]) => [id, d['type']]), [['policyNotAllowed', 'ExternalName']]);
    for (const version of ['1.19', '1.22', '1.23', '1.34']) {
      deepStrictEqual(cells(version, manifest({ type: 'NodePort', policy: 'Local' })), [], version);
      deepStrictEqual(cells(version, manifest({ type: 'LoadBalancer', policy: 'Cluster' })), [], version);
    }
  });

  it('a value that is not exactly Cluster or Local: refused; a case mismatch gets a safe recasing fix that keeps quotes', () => {
    const text = manifest({ policy: '"local"' });
    const [finding] = findingsAt('1.34', text).found;
    deepStrictEqual([finding?.messageId, finding?.data, finding?.span], ['policyInvalid', { value: 'local' }, spanOf(text, '"local"')]);
    strictEqual(finding?.message, 'The API server rejects this Service: externalTrafficPolicy must be Cluster or Local, in exactly that case, not local.');
    deepStrictEqual(finding.fixes.map((f) => [f.title, f.safe]), [['Write externalTrafficPolicy as Local', true]]);
    strictEqual(applyEdits(text, finding.fixes[0]!.edits), manifest({ policy: '"Local"' }));
    deepStrictEqual(findingsAt('1.34', manifest({ policy: 'Global' })).found.map((f) => [f.messageId, f.fixes]), [['policyInvalid', []]]);
  });

  it('an empty value is no value (the server defaults it): silent on every type', () => {
    for (const type of ['ClusterIP', 'LoadBalancer']) deepStrictEqual(cells('1.34', manifest({ type }, ['externalTrafficPolicy: ""'])), [], type);
  });
});

describe(`${RULE}: healthCheckNodePort`, () => {
  it('allowed only with LoadBalancer and Local; the policy named is the effective one; the removal is safe', () => {
    const text = manifest({ policy: 'Cluster' }, ['healthCheckNodePort: 30001']);
    const [finding, ...rest] = findingsAt('1.34', text).found;
    deepStrictEqual(rest, []);
    deepStrictEqual([finding?.messageId, finding?.data, finding?.span], ['healthCheckNotAllowed', { type: 'LoadBalancer', policy: 'Cluster' }, spanOf(text, 'healthCheckNodePort')]);
    strictEqual(
      finding?.message,
      'The API server rejects this Service: remove healthCheckNodePort, or set type LoadBalancer and externalTrafficPolicy: Local. It is allowed only with both; here: type LoadBalancer, policy Cluster.',
    );
    deepStrictEqual(finding.fixes.map((f) => [f.title, f.safe]), [['Remove spec.healthCheckNodePort', true]]);
    strictEqual(applyEdits(text, finding.fixes[0]!.edits), manifest({ policy: 'Cluster' }));
    deepStrictEqual(cells('1.34', manifest({}, ['healthCheckNodePort: 30001'])), [['healthCheckNotAllowed', { type: 'LoadBalancer', policy: 'Cluster (the default)' }]]);
    deepStrictEqual(cells('1.34', manifest({ type: 'NodePort', policy: 'Local' }, ['healthCheckNodePort: 30001'])), [['healthCheckNotAllowed', { type: 'NodePort', policy: 'Local' }]]);
  });

  it('with LoadBalancer and Local, the port must be a number from 1 to 65535 (a quoted one does not decode)', () => {
    const text = manifest({ policy: 'Local' }, ['healthCheckNodePort: 70000']);
    const [finding] = findingsAt('1.34', text).found;
    deepStrictEqual([finding?.messageId, finding?.data, finding?.span, finding?.fixes], ['healthCheckInvalidPort', { value: '70000' }, spanOf(text, '70000'), []]);
    strictEqual(finding?.message, 'The API server rejects this Service: healthCheckNodePort must be a port number from 1 to 65535, written without quotes, not 70000.');
    deepStrictEqual(cells('1.34', manifest({ policy: 'Local' }, ['healthCheckNodePort: "30001"'])), [['healthCheckInvalidPort', { value: '30001' }]]);
    deepStrictEqual(cells('1.34', manifest({ policy: 'Local' }, ['healthCheckNodePort: -1'])), [['healthCheckInvalidPort', { value: '-1' }]]);
    deepStrictEqual(cells('1.34', manifest({ policy: 'Local' }, ['healthCheckNodePort: 65535'])), []);
  });

  it('silent with LoadBalancer and Local, on 0 (unset), and when the policy itself is invalid (reported once, on the policy)', () => {
    deepStrictEqual(cells('1.34', manifest({ policy: 'Local' }, ['healthCheckNodePort: 30001'])), []);
    deepStrictEqual(cells('1.34', manifest({ type: 'ClusterIP' }, ['healthCheckNodePort: 0'])), []);
    deepStrictEqual(cells('1.34', manifest({ policy: 'local' }, ['healthCheckNodePort: 30001'])).map(([id]) => id), ['policyInvalid']);
  });
});

describe(`${RULE}: loadBalancerClass and allocateLoadBalancerNodePorts, by version`, () => {
  it('loadBalancerClass off a LoadBalancer from 1.22: refused; its removal is not safe (it names the controller meant)', () => {
    const text = manifest({ type: 'ClusterIP', loadBalancerClass: 'alibabacloud.com/nlb' });
    const [finding] = findingsAt('1.24', text).found;
    deepStrictEqual([finding?.messageId, finding?.data['field'], finding?.data['type'], finding?.span], ['onlyLoadBalancer', 'loadBalancerClass', 'ClusterIP', spanOf(text, 'loadBalancerClass')]);
    strictEqual(finding?.message, 'The API server rejects this Service: remove loadBalancerClass, or make the Service a LoadBalancer. It is allowed only on type LoadBalancer, not ClusterIP.');
    deepStrictEqual(finding.fixes.map((f) => f.safe), [false]);
    strictEqual(applyEdits(text, finding.fixes[0]!.edits), manifest({ type: 'ClusterIP' }));
    deepStrictEqual(cells('1.22', text).map(([id]) => id), ['onlyLoadBalancer']);
    deepStrictEqual(cells('1.22', manifest({ loadBalancerClass: 'alibabacloud.com/nlb' })), []);
  });

  it('loadBalancerClass at 1.21 (alpha, gate off): dropped silently, whatever the type; at 1.20: an unknown field', () => {
    const lb = manifest({ loadBalancerClass: 'alibabacloud.com/nlb' });
    const [dropped] = findingsAt('1.21', lb).found;
    deepStrictEqual([dropped?.messageId, dropped?.fixes.map((f) => f.safe)], ['droppedByGate', [false]]);
    strictEqual(
      dropped?.message,
      "At Kubernetes 1.21 the API server silently drops loadBalancerClass: upgrade to 1.22, or turn on the feature gate ServiceLoadBalancerClass. It is alpha there, off by default; without it, the cluster's default load balancer controller takes the Service.",
    );
    deepStrictEqual(cells('1.21', manifest({ type: 'NodePort', loadBalancerClass: 'x.example/y' })).map(([id]) => id), ['droppedByGate']);
    const [unknown] = findingsAt('1.20.15', lb).found;
    deepStrictEqual([unknown?.messageId, unknown?.data['since']], ['unknownField', '1.21']);
    strictEqual(unknown?.message, 'Kubernetes 1.20.15 has no loadBalancerClass (added in 1.21): remove it, or upgrade. kubectl and Helm refuse it as an unknown field; a client that does not validate has it dropped silently.');
  });

  it('allocateLoadBalancerNodePorts: refused off a LoadBalancer from 1.22 (safe removal), dropped at 1.20 and 1.21, unknown at 1.19', () => {
    const nodePort = manifest({ type: 'NodePort' }, ['allocateLoadBalancerNodePorts: false']);
    const [refused] = findingsAt('1.34', nodePort).found;
    deepStrictEqual([refused?.messageId, refused?.data['field'], refused?.span, refused?.fixes.map((f) => f.safe)], ['onlyLoadBalancer', 'allocateLoadBalancerNodePorts', spanOf(nodePort, 'allocateLoadBalancerNodePorts'), [true]]);
    strictEqual(applyEdits(nodePort, refused!.fixes[0]!.edits), manifest({ type: 'NodePort' }));
    const lb = manifest({}, ['allocateLoadBalancerNodePorts: false']);
    deepStrictEqual(cells('1.22', lb), []);
    deepStrictEqual(cells('1.20', lb).map(([id, d]) => [id, d['gate'], d['whenDropped']]), [['droppedByGate', 'ServiceLBNodePortControl', 'NodePorts are allocated as if it were true']]);
    deepStrictEqual(cells('1.21', nodePort).map(([id]) => id), ['droppedByGate']);
    deepStrictEqual(cells('1.19', lb).map(([id, d]) => [id, d['since']]), [['unknownField', '1.20']]);
  });

  it('a null value is no value', () => {
    deepStrictEqual(cells('1.34', manifest({ type: 'ClusterIP' }, ['loadBalancerClass: null', 'allocateLoadBalancerNodePorts:'])), []);
  });
});

describe(`${RULE}: what it leaves alone`, () => {
  it('a type the API server refuses is service-type-invalid\'s finding: nothing here', () => {
    const text = manifest({ type: 'loadbalancer', policy: 'Local' }, ['healthCheckNodePort: 30001', 'allocateLoadBalancerNodePorts: false']);
    deepStrictEqual(cells('1.34', text), []);
  });

  it('a patch (no spec.ports: a Kustomize strategic-merge patch): only what is wrong whatever the type it merges into', () => {
    const patch = (lines: string[]): string => `apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n${lines.map((l) => `  ${l}\n`).join('')}`;
    deepStrictEqual(cells('1.34', patch(['externalTrafficPolicy: Local'])), []);
    deepStrictEqual(cells('1.34', patch(['externalTrafficPolicy: Local', 'healthCheckNodePort: 30001', 'loadBalancerClass: x.example/y'])), []);
    deepStrictEqual(cells('1.34', patch(['type: ClusterIP', 'externalTrafficPolicy: Local'])), []);
    deepStrictEqual(cells('1.34', patch(['externalTrafficPolicy: local', 'type: LoadBalancer'])), [['policyInvalid', { value: 'local' }]]);
    deepStrictEqual(cells('1.21', patch(['loadBalancerClass: alibabacloud.com/nlb', 'type: LoadBalancer'])).map(([id]) => id), ['droppedByGate']);
    deepStrictEqual(cells('1.34', patch(['type: LoadBalancer', 'ports: []', 'externalTrafficPolicy: Local', 'healthCheckNodePort: 70000'])), []);
  });

  it('no removal when the field is the mapping\'s only key (spec: would be left null)', () => {
    const text = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  externalTrafficPolicy: local\n';
    deepStrictEqual(findingsAt('1.34', text).found.map((f) => [f.messageId, f.fixes.map((x) => x.title)]), [['policyInvalid', ['Write externalTrafficPolicy as Local']]]);
    const at120 = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  loadBalancerClass: x.example/y\n';
    deepStrictEqual(findingsAt('1.20', at120).found.map((f) => [f.messageId, f.fixes]), [['unknownField', []]]);
  });

  it('flow-style spec: reported, with no removal (it would need the mapping rewritten)', () => {
    const text = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: a\nspec: {type: ClusterIP, externalTrafficPolicy: Local, ports: [{port: 80}]}\n';
    deepStrictEqual(findingsAt('1.34', text).found.map((f) => [f.messageId, f.fixes]), [['policyNotAllowed', []]]);
  });

  it('a trailing comment goes with the removed line; CRLF line breaks are kept', () => {
    const text = manifest({ type: 'ClusterIP' }, ['externalTrafficPolicy: Local   # keep client IPs']).replace(/\n/g, '\r\n');
    const [finding] = findingsAt('1.34', text).found;
    strictEqual(applyEdits(text, finding!.fixes[0]!.edits), manifest({ type: 'ClusterIP' }).replace(/\n/g, '\r\n'));
  });
});
