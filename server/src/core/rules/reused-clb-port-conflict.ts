import { listenerKey } from '../model/listeners';
import { serviceLabel } from '../parse/serviceView';
import { isSameService } from '../workspace/workspaceIndex';
import { MAX_LISTED, MAX_RELATED } from './shared';
import { type Rule } from './types';

/**
 * Two Services reusing one CLB must not declare the same frontend port and protocol: each
 * listener belongs to one Service (ACK documentation; cloud-provider-alibaba-cloud issue 57).
 * The same namespace/name in two files is one Service seen twice (base and overlay), not a conflict.
 */
export const rule: Rule = {
  id: 'reused-clb-port-conflict',
  meta: {
    description: 'Two Services that reuse the same CLB declare the same port and protocol.',
    defaultSeverity: 'error',
    messages: {
      conflict: 'Listener {{listener}} of {{lb}} {{lbId}} is also declared by Service {{services}}: move one of them to another port. Services that reuse one {{lb}} must not share a frontend port: one listener has one Service.',
    },
    fixable: false,
    scope: 'workspace',
  },
  check(context, report) {
    const { facts, service, index, uri } = context;
    if (!facts.isLoadBalancer || !facts.lb || !service.portsComplete) return;
    const self = serviceLabel(service);
    const listeners = index.listenersOf(facts.lb.key);
    for (const port of service.ports) {
      const key = listenerKey(port);
      const clashes = (listeners.get(key)?.declaredBy ?? []).filter(({ service: other }) => !isSameService(index, other, { uri, resource: service.address, label: self }));
      if (clashes.length === 0) continue;
      const labels = [...new Set(clashes.map((c) => c.service.label))];
      const more = labels.length > MAX_LISTED ? ` and ${labels.length - MAX_LISTED} more` : '';
      report({
        messageId: 'conflict',
        data: { listener: key, lb: facts.nouns.lb, lbId: facts.lb.id, services: `${labels.slice(0, MAX_LISTED).join(', ')}${more}` },
        span: port.span,
        related: clashes.slice(0, MAX_RELATED).map((c) => ({ uri: c.service.uri, span: c.span, message: `${key} declared again by Service ${c.service.label}` })),
      });
    }
  },
};
