import { ok } from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { RULES } from '../../server/src/core/rules';
import { formatMessage } from '../../server/src/core/rules/run';
import { LanguageService, resolveSettings, type RawSettings } from '../../server/src/core';

/** What the Problems panel shows first: the message up to the first sentence end. */
const MAX_FIRST_SENTENCE = 160;
const ROOT = path.resolve(__dirname, '..', '..', '..');

function firstSentence(message: string): string {
  const end = message.indexOf('. ');
  return end === -1 ? message : message.slice(0, end + 1);
}

const FOUR_SOURCES = 'a node with an endpoint (host network); a node without an endpoint (host network); a pod on a node with an endpoint; a pod on a node without an endpoint';
const ROWS = (to: string): string => FOUR_SOURCES.split('; ').map((from) => `${from} → ${to}`).join('; ');
const CCM = { controller: 'The CCM' };

/**
 * Realistic data for every message: the longest the rule tests' fixtures produce (captured from
 * them), so a template whose first sentence grows past the limit with real values fails here.
 */
const DATA: Record<string, Record<string, Record<string, string>>> = {
  'annotation-not-string': {
    notString: { key: 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-proxy-protocol', value: 'On', reading: 'the boolean true' },
    nullValue: { key: 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-id', written: 'an empty value' },
  },
  'clb-annotation-invalid-value': {
    rejected: { ...CCM, name: 'loadbalancer-zone-maps', value: 'cn-hangzhou-k', accepted: 'comma-separated `zone:vswitch[:ipv4[:allocation-id]]` items, e.g. `cn-hangzhou-k:vsw-aaa,cn-hangzhou-j:vsw-bbb`', consequence: 'The reconcile fails: the CCM records a warning event on the Service and retries; nothing changes' },
    misread: { ...CCM, name: 'loadbalancer-backend-ip-version', value: 'not-a-value', accepted: 'one of "ipv4", "ipv6", "dualstack" (in any case)', consequence: 'Silently misread: the CCM takes it as off, the default or another choice, without a word' },
    ignored: { controller: 'the CCM', name: 'loadbalancer-ppv2-pvl-eps-id-enabled', value: 'not-a-value', accepted: '"on" (in any case) to switch it on', consequence: 'The CCM reads "not-a-value" as off' },
  },
  'clb-annotation-unknown': {
    unknown: { ...CCM, key: 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-shop-tier' },
    didYouMean: { ...CCM, key: 'service.beta.kuberentes.io/alibaba-cloud-loadbalancer-force-override-listeners', nearest: 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-force-override-listeners' },
  },
  'hostname-loopback': { loopback: { lb: 'CLB', ports: '80/TCP, 443/TCP, 8443/TCP', rows: ROWS('LB IP, a port of this Service') } },
  'hostname-invalid': {
    empty: { service: 'shop/frontend', lb: 'CLB', controller: 'the CCM' },
    placeholder: { service: 'shop/frontend', value: '${your_service_hostname}', lb: 'CLB', controller: 'the CCM' },
    ip: { service: 'shop/frontend', value: '47.95.0.10', lb: 'CLB', controller: 'the CCM' },
    notDns: { service: 'shop/frontend', value: 'Shop_Frontend.Example.NET', lb: 'CLB', controller: 'the CCM' },
  },
  'hostname-needs-ccm-2-3': { tooOld: { ...CCM, version: 'v2.2.9', since: 'v2.3.0', lb: 'CLB', hostname: 'shop-frontend.prod.example.net' } },
  'lb-bypass-skips-proxy-protocol': { skipsProxyProtocol: { lb: 'CLB', mode: 'iptables', sources: FOUR_SOURCES } },
  'lb-bypass-skips-tls': { skipsTls: { lb: 'CLB', mode: 'iptables', sources: FOUR_SOURCES } },
  'lb-layer4-loopback': { loopback: { lb: 'CLB', rows: ROWS('LB IP, another listener of the CLB') } },
  'lb-source-ranges-in-cluster': { dropped: { lb: 'CLB', mode: 'iptables', sources: FOUR_SOURCES } },
  'legacy-annotation-prefix': {
    legacy: { controller: 'the CCM', currentName: 'alibaba-cloud-loadbalancer-force-override-listeners' },
    ignored: { ...CCM, currentName: 'alibaba-cloud-loadbalancer-force-override-listeners' },
    duplicate: { ...CCM, currentName: 'alibaba-cloud-loadbalancer-force-override-listeners' },
  },
  'local-policy-in-cluster-reach': {
    unreachable: { who: 'Some pods and nodes of this cluster', outcome: 'may be answered by the node instead of', version: '1.25.16', mode: 'IPVS', clauses: 'x', nodePorts: '' },
    lbIp: { who: 'Nodes without an endpoint and their pods', outcome: 'cannot reliably reach', version: '1.23', mode: 'iptables', clauses: 'x', nodePorts: '' },
    nodePortsOnly: { who: 'Some pods and nodes of this cluster', outcome: 'time out at times on', version: '1.33.5', mode: 'nftables', clauses: 'x' },
  },
  'reused-clb-force-override-mismatch': {
    overrideMismatch: { lb: 'CLB', lbId: 'lb-2ze8x7c0example', controller: 'the CCM', controllerCap: 'The CCM', key: 'k', own: '"true" (on)', others: 'x' },
    addressTypeMismatch: { lb: 'CLB', lbId: 'lb-2ze8x7c0example', controller: 'the CCM', controllerCap: 'The CCM', key: 'k', own: 'intranet', others: 'x' },
  },
  'reused-clb-hostname-incomplete': { stillBound: { services: 'Service shop/web-http, Service shop/web-grpc and 1 more', verb: 'report', lb: 'CLB', lbId: 'lb-2ze8x7c0example', own: '443/TCP, 8443/TCP' } },
  'reused-clb-listeners-unknown': { unknown: { lb: 'CLB', lbId: 'lb-2ze8x7c0unknown00000', own: '80/TCP, 443/TCP' } },
  'reused-clb-other-listener-refused': { refused: { lb: 'CLB', lbId: 'lb-2ze8x7c0example', ports: '1001/TCP, 1002/TCP, 1003/TCP and 296 more', listeners: 'x', own: '1000/TCP', notes: '' } },
  'reused-clb-port-conflict': { conflict: { listener: '443/TCP', lb: 'CLB', lbId: 'lb-2ze8x7c0example', services: 'shop/web-b' } },
  'service-type-invalid': { wrongCase: { type: 'loadbalancer', expected: 'LoadBalancer' }, unknown: { type: 'Load-Balancer' } },
  'suppression-invalid': {
    unknownRule: { directive: 'kube-lb-reach-disable-next-line comment', ruleId: 'reused-clb-other-listener-refsed' },
    unused: { directive: 'kube-lb-reach-disable-next-line comment', ruleId: 'reused-clb-other-listener-refused' },
    noReason: { directive: 'kube-lb-reach-disable-next-line comment' },
    noRuleIds: { directive: 'kube-lb-reach-disable-next-line comment', example: '# kube-lb-reach-disable-next-line <rule-id> -- <reason>' },
    unmatchedEnable: { directive: 'kube-lb-reach-enable comment', ruleId: 'reused-clb-other-listener-refused' },
  },
  'traffic-policy-not-allowed': {
    policyNotAllowed: { type: 'ClusterIP', allowed: 'NodePort or LoadBalancer', note: ' ClusterIP Services with externalIPs accept it from Kubernetes 1.29 (PR 119150).' },
    policyInvalid: { value: 'Global' },
    healthCheckNotAllowed: { type: 'LoadBalancer', policy: 'Cluster (the default)' },
    healthCheckInvalidPort: { value: '70000' },
    onlyLoadBalancer: { field: 'loadBalancerClass', type: 'ClusterIP' },
    droppedByGate: { version: '1.21', field: 'loadBalancerClass', gate: 'ServiceLoadBalancerClass', whenDropped: "the cluster's default load balancer controller takes the Service" },
    unknownField: { version: '1.20.15', field: 'loadBalancerClass', since: '1.21' },
  },
};

/** The docs pages' `Reported` YAML examples: whole manifests, run as they are (with the settings their first line names). */
function reportedExamples(ruleId: string): { text: string; settings: RawSettings }[] {
  const lines = readFileSync(path.join(ROOT, 'docs/rules', `${ruleId}.md`), 'utf8').split('\n');
  const found: { text: string; settings: RawSettings }[] = [];
  let reported = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^(#+\s*)?(Reported|Not reported)\b/.test(line)) reported = line.replace(/^#+\s*/, '').startsWith('Reported');
    else if (/^#/.test(line)) reported = false;
    else if (reported && /^```ya?ml\s*$/.test(line)) {
      const end = lines.findIndex((l, j) => j > i && l.startsWith('```'));
      const text = lines.slice(i + 1, end).join('\n');
      const settings = /^# with settings: (\{.*\})\s*$/.exec(text.split('\n')[0] ?? '');
      found.push({ text, settings: settings ? (JSON.parse(settings[1]!) as RawSettings) : {} });
      i = end;
    }
  }
  return found;
}

describe('rule messages: the first sentence says who and what to do, under 160 characters', () => {
  for (const rule of RULES) {
    it(`${rule.id}: every message, rendered with realistic data`, () => {
      for (const [messageId, template] of Object.entries(rule.meta.messages)) {
        const data = DATA[rule.id]?.[messageId];
        ok(data, `test/core/rule-messages.test.ts has no realistic data for ${rule.id}/${messageId}: add it`);
        const sentence = firstSentence(formatMessage(template, data));
        ok(sentence.length < MAX_FIRST_SENTENCE, `${rule.id}/${messageId}: ${sentence.length} characters: ${sentence}`);
      }
    });
  }

  it('every finding of the docs pages\' Reported examples, as the rules render it', () => {
    let seen = 0;
    for (const rule of RULES) {
      for (const example of reportedExamples(rule.id)) {
        const service = new LanguageService();
        service.update('file:///example.yaml', example.text);
        for (const finding of service.diagnostics('file:///example.yaml', resolveSettings(example.settings).settings).findings) {
          seen++;
          const sentence = firstSentence(finding.message);
          ok(sentence.length < MAX_FIRST_SENTENCE, `${finding.ruleId}/${finding.messageId} in docs/rules/${rule.id}.md: ${sentence.length} characters: ${sentence}`);
        }
      }
    }
    ok(seen > RULES.length, `only ${seen} findings from the docs examples`);
  });
});
