import { proxyModeAvailability } from '../model/kubernetes';
import { lbIpBoundOnNodes, reachInputOf } from '../reach/input';
import { reachTable } from '../reach/model';
import { FROM_LABELS, type Outcome } from '../reach/vocabulary';
import { hostnameFixesFor } from './shared';
import { type Rule } from './types';

/**
 * `externalTrafficPolicy: Local` under IPVS changes who inside the cluster can reach the bound
 * load balancer IP, and that changed in 1.24 (docs/upstream-notes.md). One sentence, rendered from the model.
 */
const OUTCOME_PHRASES: Record<Outcome, string> = {
  works: 'reaches',
  refused: 'is refused on',
  'times-out': 'times out on',
  'host-may-answer': 'may be answered by a host process instead of',
  intermittent: 'intermittently fails on',
  fails: 'cannot reach',
};

export const rule: Rule = {
  id: 'local-policy-in-cluster-reach',
  meta: {
    description: 'Who inside the cluster cannot reach the load balancer IP of a Service with externalTrafficPolicy: Local under IPVS.',
    defaultSeverity: 'information',
    messages: {
      unreachable: 'At Kubernetes {{version}} under IPVS, the load balancer IP is bound on every node: {{clauses}}.',
    },
    fixable: true,
    scope: 'resource',
  },
  check(context, report) {
    const { facts, service, settings } = context;
    const policy = service.externalTrafficPolicy;
    // A Service without readable ports is partial (a patch): it is not judged as if it were whole.
    if (!policy || policy.value !== 'Local' || !service.portsComplete || facts.unmodelled || !lbIpBoundOnNodes(facts, settings)) return;
    // A mode that did not exist at this version has no answer (the settings problem says so).
    if (!proxyModeAvailability(settings.proxyMode, settings.kubernetesVersion).available) return;
    const failing = reachTable(reachInputOf(facts, settings)).filter((row) => row.from !== 'outside' && row.to === 'lb-port' && row.outcome !== 'works');
    if (failing.length === 0) return;
    const clauses = failing.map((row) => `${FROM_LABELS[row.from]} ${OUTCOME_PHRASES[row.outcome]} it (${row.why})`);
    report({ messageId: 'unreachable', data: { version: settings.kubernetesVersion.text, clauses: clauses.join('; ') }, span: policy.valueSpan, fixes: hostnameFixesFor(context) });
  },
};
