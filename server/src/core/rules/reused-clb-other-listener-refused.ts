import { listenerKey } from '../model/listeners';
import { MINOR_IPVS_FILTER } from '../reach/vocabulary';
import { otherListeners } from './otherListeners';
import { hostnameFixesFor, listenerList, MAX_RELATED } from './shared';
import { type Rule } from './types';

/**
 * A reused CLB keeps listeners this Service does not own. Under kube-proxy IPVS the CLB IP is
 * bound on every node, and only ports of Services that report that IP in this cluster get IPVS
 * rules, so in-cluster clients are refused on the others (the article's 443 case).
 *
 * A listener declared by another Service that also reports the IP is refused only if that Service
 * runs in another cluster: in the same cluster kube-proxy has a virtual server for it too and serves
 * it from that Service's endpoints, bypassing the CLB (kube-proxy's KUBE-IPVS-FILTER lets through
 * every load-balancer IP and port it serves; docs/upstream-notes.md §2). The manifests cannot say
 * which cluster a Service runs in, so the message says so.
 */
export const rule: Rule = {
  id: 'reused-clb-other-listener-refused',
  meta: {
    description: 'Listeners of a reused CLB that this Service does not declare are refused from inside the cluster under IPVS.',
    defaultSeverity: 'warning',
    messages: {
      refused:
        'In-cluster clients get "connection refused" on the other listeners of {{lb}} {{lbId}}: {{listeners}}; outside clients do not. ' +
        "Under kube-proxy IPVS the {{lb}} IP is bound on every node, and only this Service's ports ({{own}}) have IPVS rules.{{notes}}",
    },
    fixable: true,
    scope: 'workspace',
  },
  check(context, report) {
    const others = otherListeners(context);
    if (!others || others.listed.length === 0) return;
    const { facts, settings } = context;
    const described = others.listed
      .map((o) => {
        const unnamed = o.ownerCount - o.owners.length;
        const owners = `${o.owners.join(', ')}${unnamed > 0 ? ` and ${unnamed} more` : ''}`;
        return `${listenerKey(o.listener)} (${owners}${o.certain ? '' : ', if it runs in another cluster'})`;
      })
      .join('; ');
    const more = others.more > 0 ? `; and ${others.more} more listeners` : '';
    const notes = [
      others.listed.some((o) => !o.certain)
        ? ` A Service that reports this IP in the same cluster has IPVS rules of its own: kube-proxy serves its ports from its endpoints, bypassing the ${facts.nouns.lb}.`
        : '',
      settings.kubernetesVersion.minor < MINOR_IPVS_FILTER ? ` Before Kubernetes 1.26 a host process listening on that port may answer instead of the ${facts.nouns.lb}.` : '',
    ].join('');
    report({
      messageId: 'refused',
      data: { lb: facts.nouns.lb, lbId: others.lb.id, listeners: `${described}${more}`, own: listenerList(facts.listeners), notes },
      span: others.lb.span,
      related: others.listed.flatMap((o) => o.related).slice(0, MAX_RELATED),
      fixes: hostnameFixesFor(context),
    });
  },
};
