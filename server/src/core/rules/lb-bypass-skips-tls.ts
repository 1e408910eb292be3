import { failingSources } from './inClusterRows';
import { hostnameFixesFor } from './hostnameFixes';
import { type Rule } from './types';

/**
 * kube-proxy short-circuits in-cluster traffic to a reported LB IP straight to the pods, so an
 * HTTPS listener's TLS termination never happens for in-cluster clients (docs/upstream-notes.md).
 */
export const rule: Rule = {
  id: 'lb-bypass-skips-tls',
  meta: {
    description: 'An HTTPS listener terminates TLS at the load balancer, but kube-proxy short-circuits in-cluster clients to the pods\' plain port.',
    defaultSeverity: 'warning',
    messages: {
      skipsTls:
        'Pods and nodes of this cluster that call the {{lb}} IP with TLS fail the handshake: add the hostname annotation, or call the ClusterIP without TLS. ' +
        'This {{lb}} terminates TLS (an HTTPS listener), but kube-proxy ({{mode}}) short-circuits in-cluster clients of its IP to the pods\' plain port, past the {{lb}}. Affected: {{sources}}. ' +
        'The hostname annotation makes them go through the {{lb}}.',
    },
    fixable: true,
    scope: 'resource',
  },
  check(context, report) {
    const failing = failingSources(context, 'bypass', context.facts.tlsAtLb);
    if (failing) report({ messageId: 'skipsTls', ...failing, fixes: hostnameFixesFor(context) });
  },
};
