import { FROM_LABELS, TO_LABELS } from '../reach/vocabulary';
import { othersBindingIp } from '../workspace/workspaceIndex';
import { selfRef } from './shared';
import { failingRows } from './inClusterRows';
import { type Rule } from './types';

/**
 * Where in-cluster traffic really reaches the load balancer on a listener kube-proxy does not take
 * (another listener of a reused load balancer under iptables/nftables or with the hostname
 * annotation; ipMode: Proxy), a layer-4 listener forwards without SNAT: when it picks the calling
 * node as backend the reply never returns (brief §2, the ACK page "Client cannot access CLB").
 * This Service's own ports under its hostname annotation are hostname-loopback's (inClusterRows.ts).
 */
export const rule: Rule = {
  id: 'lb-layer4-loopback',
  meta: {
    description: 'In-cluster clients that reach the load balancer itself through a layer-4 listener time out whenever it picks their own node as backend (loopback).',
    defaultSeverity: 'information',
    messages: {
      loopback:
        'Pods and processes on a node that is a {{lb}} backend time out at times through it: use HTTP/HTTPS listeners, or call the Service by its ClusterIP. ' +
        'A connection through a layer-4 listener loops back when the {{lb}} picks the calling node as backend (it does not SNAT), and the reply never returns. Affected: {{rows}}. ' +
        'A layer-7 (HTTP/HTTPS) listener proxies the connection and does not loop back.',
    },
    fixable: false,
    scope: 'workspace',
  },
  check(context, report) {
    const rows = failingRows(context, 'loopback');
    if (rows.length === 0) return;
    const { facts, service, settings, index } = context;
    // Under IPVS another Service that still reports the IP keeps it bound: nothing reaches the CLB
    // (reused-clb-hostname-incomplete says so), so there is no loopback to report.
    if (settings.proxyMode === 'ipvs' && facts.lb && othersBindingIp(index, facts.lb.key, selfRef(context), settings).length > 0) return;
    // On the reused load balancer's id (its other listeners are the ones reached), else on the type.
    const where = facts.lb?.span ?? service.type?.valueSpan ?? service.span;
    report({ messageId: 'loopback', data: { lb: facts.nouns.lb, rows: rows.map((r) => `${FROM_LABELS[r.from]} → ${TO_LABELS[r.to]}`).join('; ') }, span: where });
  },
};
