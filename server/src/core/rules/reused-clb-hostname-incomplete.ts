import { listenerKey } from '../model/listeners';
import { serviceLabel } from '../parse/serviceView';
import { listenerList, MAX_LISTED, MAX_RELATED } from './shared';
import { type Rule, type RuleContext, type RuleFinding } from './types';

/**
 * The hostname annotation unbinds the CLB IP only when every Service reusing the CLB has it. While
 * one of them still reports the IP, kube-proxy (IPVS) keeps the IP bound on every node; a Service
 * that reports only a hostname has no virtual server, so its own ports are refused in-cluster
 * (brief §1 and §2: binding per ingress IP, no IPVS rule for ingress entries without an IP).
 */
function check(context: RuleContext): RuleFinding[] {
  const { facts, service, settings, index, uri } = context;
  if (settings.proxyMode !== 'ipvs' || !facts.isLoadBalancer || facts.isNlb || !facts.clbId || !facts.hostname || !service.portsComplete) return [];
  const clbId = facts.clbId.value.trim();
  const self = serviceLabel(service);
  const binders = index.reportingIp(clbId).filter((other) => other.label !== self && !(other.uri === uri && other.documentIndex === service.documentIndex));
  if (binders.length === 0) return [];
  const labels = [...new Set(binders.map((b) => b.label))];
  const named = labels.slice(0, MAX_LISTED).map((label) => `Service ${label}`).join(', ');
  const more = labels.length > MAX_LISTED ? ` and ${labels.length - MAX_LISTED} more` : '';
  return [
    {
      span: facts.hostname.valueSpan,
      message:
        `${named}${more} still report${labels.length === 1 ? 's' : ''} the IP of CLB ${clbId} (no hostname annotation), so under kube-proxy IPVS the IP stays bound on every node, ` +
        `and this Service, reporting only a hostname, has no IPVS rule: in-cluster clients get "connection refused" on ${listenerList(facts.listeners)} if they run in the same cluster. ` +
        `Give every Service that reuses ${clbId} the hostname annotation.`,
      related: binders.slice(0, MAX_RELATED).map((b) => ({ uri: b.uri, span: b.clbIdSpan, message: `Service ${b.label} reports the IP of ${clbId}: ${b.ports.map((p) => listenerKey(p.listener)).join(', ')}` })),
      data: { documentIndex: service.documentIndex },
      fixes: [],
    },
  ];
}

export const rule: Rule = {
  id: 'reused-clb-hostname-incomplete',
  description: 'A Service with the hostname annotation shares its CLB with Services that still report the IP, which stays bound under IPVS.',
  defaultSeverity: 'warning',
  check,
};
