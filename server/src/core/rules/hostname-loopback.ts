import { FROM_LABELS, TO_LABELS } from '../reach/vocabulary';
import { othersBindingIp } from '../workspace/workspaceIndex';
import { failingRows } from './inClusterRows';
import { listenerList, selfRef } from './shared';
import { type Rule } from './types';

/**
 * The hostname annotation's trade-off (brief §2, the ACK page "Client cannot access CLB"): nothing
 * binds the IP any more, so in-cluster clients really reach the load balancer, and a layer-4
 * listener there forwards without SNAT. When it picks the calling node (or a pod on it) as
 * backend, the reply never returns through the load balancer: the connection times out. The
 * listener's layer comes from the provider (Alibaba: protocol-port, else spec.ports[].protocol).
 * Loopback on the load balancer's other listeners is lb-layer4-loopback's (inClusterRows.ts).
 */
export const rule: Rule = {
  id: 'hostname-loopback',
  meta: {
    description: 'With the hostname annotation, in-cluster clients reach the load balancer itself; its layer-4 listeners time out when they pick the calling node as backend.',
    defaultSeverity: 'information',
    messages: {
      loopback:
        'Pods and processes on a {{lb}} backend node time out at times on {{ports}}: make those listeners HTTP/HTTPS, or call the ClusterIP. ' +
        'The hostname annotation sends in-cluster traffic to the {{lb}} itself, and a layer-4 listener does not SNAT: when it picks the calling node as backend, the reply never returns (loopback). ' +
        'Affected: {{rows}}.',
    },
    fixable: false,
    scope: 'workspace',
  },
  check(context, report) {
    const { facts, settings, index, uri } = context;
    if (!facts.hostname) return;
    const rows = failingRows(context, 'hostname-loopback');
    if (rows.length === 0) return;
    // Under IPVS another Service that still reports the IP keeps it bound: nothing reaches the load
    // balancer (reused-clb-hostname-incomplete says so), so there is no loopback to report.
    if (settings.proxyMode === 'ipvs' && facts.lb && othersBindingIp(index, facts.lb.key, selfRef(context), settings).length > 0) return;
    const layer4 = facts.listeners.filter((l) => l.layer === 'l4');
    if (layer4.length === 0) return;
    report({
      messageId: 'loopback',
      data: { lb: facts.nouns.lb, ports: listenerList(layer4), rows: rows.map((r) => `${FROM_LABELS[r.from]} → ${TO_LABELS[r.to]}`).join('; ') },
      span: facts.hostname.valueSpan,
      related: layer4.map((l) => ({ uri, span: l.span, message: `${listenerList([l])}: a layer-4 listener` })),
    });
  },
};
