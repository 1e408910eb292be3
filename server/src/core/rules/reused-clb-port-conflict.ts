import { listenerKey } from '../model/listeners';
import { serviceLabel } from '../parse/serviceView';
import { MAX_LISTED, MAX_RELATED } from './shared';
import { type Rule, type RuleContext, type RuleFinding } from './types';

/**
 * Two Services reusing one CLB must not declare the same frontend port and protocol: each
 * listener belongs to one Service (ACK documentation; cloud-provider-alibaba-cloud issue 57).
 * The same namespace/name in two files is one Service seen twice (base and overlay), not a conflict.
 */
function check(context: RuleContext): RuleFinding[] {
  const { facts, service, index, uri } = context;
  if (!facts.isLoadBalancer || facts.isNlb || !facts.clbId || !service.portsComplete) return [];
  const clbId = facts.clbId.value.trim();
  const self = serviceLabel(service);
  const listeners = index.listenersOf(clbId);
  const findings: RuleFinding[] = [];
  for (const port of service.ports) {
    const key = listenerKey(port);
    const clashes = (listeners.get(key)?.declaredBy ?? [])
      .filter(({ service: other }) => !(other.uri === uri && other.documentIndex === service.documentIndex) && other.label !== self)
      .map(({ service: other, span }) => ({ other, span }));
    if (clashes.length === 0) continue;
    const labels = [...new Set(clashes.map((c) => c.other.label))];
    const more = labels.length > MAX_LISTED ? ` and ${labels.length - MAX_LISTED} more` : '';
    findings.push({
      span: port.span,
      message: `Listener ${key} of CLB ${clbId} is also declared by Service ${labels.slice(0, MAX_LISTED).join(', ')}${more}: Services that reuse one CLB must not share a frontend port.`,
      related: clashes.slice(0, MAX_RELATED).map((c) => ({ uri: c.other.uri, span: c.span, message: `${key} declared again by Service ${c.other.label}` })),
      data: { documentIndex: service.documentIndex },
      fixes: [],
    });
  }
  return findings;
}

export const rule: Rule = {
  id: 'reused-clb-port-conflict',
  description: 'Two Services that reuse the same CLB declare the same port and protocol.',
  defaultSeverity: 'error',
  check,
};
