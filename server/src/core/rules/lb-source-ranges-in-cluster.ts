import { failingSources } from './inClusterRows';
import { type Rule } from './types';

/**
 * kube-proxy enforces loadBalancerSourceRanges on in-cluster traffic to the LB IP while the CLB
 * controller ignores the field (docs/upstream-notes.md §3): in-cluster clients outside the ranges
 * are dropped, outside clients are not filtered at all.
 */
export const rule: Rule = {
  id: 'lb-source-ranges-in-cluster',
  meta: {
    description: 'loadBalancerSourceRanges is enforced by kube-proxy for in-cluster clients of the LB IP (and ignored by the CLB controller).',
    defaultSeverity: 'information',
    messages: {
      dropped:
        'Pods and nodes of this cluster outside loadBalancerSourceRanges time out on the {{lb}} IP: add their CIDRs to the ranges, or call the ClusterIP. ' +
        'kube-proxy ({{mode}}) drops in-cluster clients of the load balancer IP whose address is outside the ranges, while the {{lb}} itself does not filter by them (the CCM ignores the field). Affected unless their address is in a range: {{sources}}.',
    },
    fixable: false,
    scope: 'resource',
  },
  check(context, report) {
    const failing = failingSources(context, 'source-ranges', context.facts.sourceRanges);
    if (failing) report({ messageId: 'dropped', ...failing });
  },
};
