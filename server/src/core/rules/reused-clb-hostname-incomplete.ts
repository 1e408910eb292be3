import { listenerKey } from '../model/listeners';
import { othersBindingIp } from '../workspace/workspaceIndex';
import { hostnameFixesForOthers } from './hostnameFixes';
import { listenerList, MAX_LISTED, MAX_RELATED, selfRef } from './shared';
import { type Rule } from './types';

/**
 * The hostname annotation unbinds the load balancer IP only when every Service reusing it has it.
 * While one of them still reports the IP, kube-proxy (IPVS) keeps the IP bound on every node; a
 * Service that reports only a hostname has no virtual server, so its own ports are refused
 * in-cluster (docs/upstream-notes.md: binding per ingress IP, no IPVS rule for ingress entries without an IP).
 */
export const rule: Rule = {
  id: 'reused-clb-hostname-incomplete',
  meta: {
    description: 'A Service with the hostname annotation shares its CLB with Services that still report the IP, which stays bound under IPVS.',
    defaultSeverity: 'warning',
    messages: {
      stillBound:
        'Pods and nodes of this cluster are refused on {{own}}: give every Service of this cluster on the {{lb}} the hostname annotation. ' +
        '{{services}} still {{verb}} the IP of {{lb}} {{lbId}}; under kube-proxy IPVS that IP stays bound on every node while one Service of the cluster reports it, and this Service, reporting only a hostname, has no IPVS rule.',
    },
    fixable: true,
    scope: 'workspace',
  },
  check(context, report) {
    const { facts, service, settings, index } = context;
    if (settings.proxyMode !== 'ipvs' || !facts.isLoadBalancer || !facts.lb || !facts.hostname || !service.portsComplete) return;
    const binders = othersBindingIp(index, facts.lb.key, selfRef(context), settings);
    if (binders.length === 0) return;
    const named = binders.slice(0, MAX_LISTED).map((b) => `Service ${b.label}`).join(', ');
    const more = binders.length > MAX_LISTED ? ` and ${binders.length - MAX_LISTED} more` : '';
    const { lb, key } = { lb: facts.nouns.lb, key: facts.lb.id };
    report({
      messageId: 'stillBound',
      data: { services: `${named}${more}`, verb: binders.length === 1 ? 'reports' : 'report', lb, lbId: key, own: listenerList(facts.listeners) },
      span: facts.hostname.valueSpan,
      related: binders.slice(0, MAX_RELATED).map((b) => ({ uri: b.uri, span: b.lb.span, message: `Service ${b.label} reports the IP of ${key}: ${b.ports.map((p) => listenerKey(p.listener)).join(', ')}` })),
      fixes: hostnameFixesForOthers(context),
    });
  },
};
