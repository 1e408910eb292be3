import { listenerKey } from '../model/listeners';
import { MINOR_IPVS_FILTER } from '../reach/vocabulary';
import { reusedLbListeners } from './otherListeners';
import { hostnameFixesFor } from './hostnameFixes';
import { listenerList, MAX_RELATED } from './shared';
import { type Rule } from './types';

/**
 * A reused CLB has listeners that no Service of this cluster serves (made in the console, by
 * another cluster, or by a hostname-only Service). Under kube-proxy IPVS the CLB IP is bound on
 * every node and only ports of this cluster's Services that report the IP have IPVS virtual
 * servers, so pods and nodes are refused on the others (the article's 443 case; kube-proxy's
 * KUBE-IPVS-FILTER and the kernel's ip_vs_leave, docs/upstream-notes.md §2). A listener that a
 * Service of this cluster serves is not refused: kube-proxy serves it from that Service's pods.
 */
export const rule: Rule = {
  id: 'reused-clb-other-listener-refused',
  meta: {
    description: 'Listeners of a reused CLB that no Service of this cluster serves are refused from inside the cluster under IPVS.',
    defaultSeverity: 'warning',
    messages: {
      refused:
        'Pods and nodes of this cluster are refused on {{lb}} ports {{ports}}: give this cluster\'s Services on it the hostname annotation. ' +
        "Clients outside the cluster reach them on {{lbId}}; under kube-proxy IPVS the {{lb}} IP is bound on every node, and only ports of this cluster's Services that report the IP are served ({{own}}). " +
        'Not served here: {{listeners}}. The hostname annotation sends in-cluster clients through the {{lb}}.{{notes}}',
    },
    fixable: true,
    scope: 'workspace',
  },
  check(context, report) {
    const listeners = reusedLbListeners(context);
    if (!listeners || listeners.refused.length === 0) return;
    const { facts, settings } = context;
    const { refused, refusedMore } = listeners;
    const total = refused.length + refusedMore;
    const ports = `${refused.slice(0, 3).map((r) => listenerKey(r.listener)).join(', ')}${total > 3 ? ` and ${total - 3} more` : ''}`;
    const described = refused
      .map((r) => {
        const unnamed = r.sourceCount - r.sources.length;
        return `${listenerKey(r.listener)} (${r.sources.join('; ')}${unnamed > 0 ? ` and ${unnamed} more` : ''})`;
      })
      .join(', ');
    const served = [...new Set(listeners.served.flatMap((s) => s.by.map((b) => b.label)))];
    const own = [listenerList(facts.listeners), ...(served.length > 0 ? [`and those of ${served.slice(0, 3).join(', ')}${served.length > 3 ? ` and ${served.length - 3} more` : ''}`] : [])].join(' ');
    const notes = settings.kubernetesVersion.minor < MINOR_IPVS_FILTER ? ` Before Kubernetes 1.26 a process on the node listening on that port answers instead.` : '';
    report({
      messageId: 'refused',
      data: { lb: facts.nouns.lb, lbId: listeners.lb.id, ports, listeners: `${described}${refusedMore > 0 ? `, and ${refusedMore} more` : ''}`, own, notes },
      span: listeners.lb.span,
      related: refused.flatMap((r) => r.related).slice(0, MAX_RELATED),
      fixes: hostnameFixesFor(context),
    });
  },
};
