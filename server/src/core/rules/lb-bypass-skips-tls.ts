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
        'This {{lb}} terminates TLS (an HTTPS listener), but in-cluster clients of its IP never reach it: kube-proxy ({{mode}}) short-circuits them to the pods\' plain port, so their TLS handshake fails. Affected: {{sources}}. ' +
        'The hostname annotation makes them go through the {{lb}}; or call the Service by its ClusterIP without TLS.',
    },
    fixable: true,
    scope: 'resource',
  },
  check(context, report) {
    const failing = failingSources(context, 'bypass', context.facts.tlsAtLb);
    if (failing) report({ messageId: 'skipsTls', ...failing, fixes: hostnameFixesFor(context) });
  },
};
