import { lbIpBoundOnNodes } from '../reach/input';
import { FROM_LABELS } from '../reach/vocabulary';
import { failingRows, groupedClauses, OUTCOME_PHRASES, plainOutcome, plainSources } from './inClusterRows';
import { hostnameFixesFor } from './hostnameFixes';
import { type Rule } from './types';

const MODE_NAMES = { ipvs: 'IPVS', iptables: 'iptables', nftables: 'nftables' } as const;

/**
 * `externalTrafficPolicy: Local` decides who inside the cluster reaches the load balancer IP and
 * the NodePorts, differently per proxy mode and version (docs/upstream-notes.md). One finding, its
 * sentences rendered from the model: every failing in-cluster row the model has for the LB IP's
 * own ports and the NodePorts is named here (test/core/linter-covers-model.test.ts).
 */
export const rule: Rule = {
  id: 'local-policy-in-cluster-reach',
  meta: {
    description: 'Who inside the cluster cannot reach the load balancer IP or the NodePorts of a Service with externalTrafficPolicy: Local, in every kube-proxy mode.',
    defaultSeverity: 'information',
    messages: {
      unreachable: '{{who}} {{outcome}} the load balancer IP: call the ClusterIP, or add the hostname annotation. At Kubernetes {{version}} under IPVS, the load balancer IP is bound on every node: {{clauses}}.{{nodePorts}}',
      lbIp: '{{who}} {{outcome}} the load balancer IP: call the Service by its ClusterIP instead. At Kubernetes {{version}} under {{mode}}, in-cluster clients of the load balancer IP: {{clauses}}.{{nodePorts}}',
      nodePortsOnly: '{{who}} {{outcome}} NodePorts of this Service: call it by its ClusterIP instead. At Kubernetes {{version}} under {{mode}} with externalTrafficPolicy: Local, from inside the cluster: {{clauses}}.',
    },
    fixable: true,
    scope: 'resource',
  },
  check(context, report) {
    const { facts, service, settings } = context;
    const policy = service.externalTrafficPolicy;
    if (!policy || policy.value !== 'Local') return;
    const failing = failingRows(context, 'local-policy');
    if (failing.length === 0) return;
    const lbRows = failing.filter((row) => row.to === 'lb-port');
    const nodePortRows = failing.filter((row) => row.to !== 'lb-port');
    const version = settings.kubernetesVersion.text;
    const mode = MODE_NAMES[settings.proxyMode];
    if (lbRows.length === 0) {
      report({ messageId: 'nodePortsOnly', data: { who: plainSources(nodePortRows), outcome: plainOutcome(nodePortRows), version, mode, clauses: groupedClauses(nodePortRows) }, span: policy.valueSpan });
      return;
    }
    const clauses = lbRows.map((row) => `${FROM_LABELS[row.from]} ${OUTCOME_PHRASES[row.outcome]} it (${row.why})`).join('; ');
    const nodePorts = nodePortRows.length > 0 ? ` NodePorts from inside the cluster: ${groupedClauses(nodePortRows)}.` : '';
    report({
      messageId: lbIpBoundOnNodes(facts, settings) ? 'unreachable' : 'lbIp',
      data: { who: plainSources(lbRows), outcome: plainOutcome(lbRows), version, mode, clauses, nodePorts },
      span: policy.valueSpan,
      // The hostname annotation unbinds the IP: it helps only where IPVS binds it.
      fixes: lbIpBoundOnNodes(facts, settings) ? hostnameFixesFor(context) : [],
    });
  },
};
