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
        'The {{lb}} listeners send the PROXY protocol header, but in-cluster clients of its IP never reach them: kube-proxy ({{mode}}) short-circuits them to the pods without the header, and a pod that requires it rejects the connection. Affected: {{sources}}. ' +
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
