import { reusedLbListeners } from './otherListeners';
import { hostnameFixesFor } from './hostnameFixes';
import { listenerList } from './shared';
import { type Rule } from './types';

/**
 * The companion of reused-clb-other-listener-refused when nothing says which listeners the reused
 * CLB has beyond the manifests: one made in the console or by another cluster would be refused
 * in-cluster. A note, with the way to make the listeners known (a saved API answer, or the setting).
 */
export const rule: Rule = {
  id: 'reused-clb-listeners-unknown',
  meta: {
    description: 'A reused CLB under IPVS whose listeners beyond the manifests are not known: any other listener it has is refused in-cluster.',
    defaultSeverity: 'information',
    messages: {
      unknown:
        'Pods and nodes of this cluster are refused on any other listener of {{lb}} {{lbId}}: list its listeners in listenerFiles or knownListeners. ' +
        "Known here: {{own}}, from this cluster's Services. Under kube-proxy IPVS the {{lb}} IP is bound on every node, and only ports of this cluster's Services that report the IP are served. " +
        'listenerFiles takes a saved DescribeLoadBalancerAttribute answer; both go in .kube-lb-reach.yaml.',
    },
    fixable: true,
    scope: 'workspace',
  },
  check(context, report) {
    const listeners = reusedLbListeners(context);
    if (!listeners || listeners.refused.length > 0 || listeners.listenersKnown) return;
    const { facts } = context;
    const own = [...facts.listeners, ...listeners.served.map((s) => s.listener)];
    report({
      messageId: 'unknown',
      data: { lb: facts.nouns.lb, lbId: listeners.lb.id, own: listenerList(own) },
      span: listeners.lb.span,
      fixes: hostnameFixesFor(context),
    });
  },
};
