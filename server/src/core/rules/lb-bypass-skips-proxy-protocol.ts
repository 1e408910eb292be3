import { failingSources } from './inClusterRows';
import { hostnameFixesFor } from './hostnameFixes';
import { type Rule } from './types';

/**
 * kube-proxy short-circuits in-cluster traffic to a reported LB IP straight to the pods, so the
 * PROXY protocol header the listeners add is missing for in-cluster clients (docs/upstream-notes.md).
 */
export const rule: Rule = {
  id: 'lb-bypass-skips-proxy-protocol',
  meta: {
    description: 'The load balancer\'s listeners add the PROXY protocol header, but kube-proxy short-circuits in-cluster clients to the pods without it.',
    defaultSeverity: 'warning',
    messages: {
      skipsProxyProtocol:
        'Pods and nodes of this cluster that call the {{lb}} IP are rejected by pods that require the PROXY header: add the hostname annotation. ' +
        'The {{lb}} listeners send the header, but kube-proxy ({{mode}}) short-circuits in-cluster clients of its IP to the pods, past the {{lb}}, so it is missing. Affected: {{sources}}. ' +
        'The hostname annotation makes them go through the {{lb}}; or let the pods accept connections without the header on another port for in-cluster clients.',
    },
    fixable: true,
    scope: 'resource',
  },
  check(context, report) {
    const failing = failingSources(context, 'bypass', context.facts.proxyProtocol);
    if (failing) report({ messageId: 'skipsProxyProtocol', ...failing, fixes: hostnameFixesFor(context) });
  },
};
