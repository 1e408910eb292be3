import { listenerKey, type Listener } from '../model/listeners';
import { lbIpBoundOnNodes } from '../model/serviceFacts';
import { MINOR_IPVS_FILTER } from '../reach/vocabulary';
import { hostnameFixesFor, listenerList } from './shared';
import { type RelatedLocation, type Rule, type RuleContext, type RuleFinding } from './types';

/**
 * A reused CLB keeps listeners this Service does not own. Under kube-proxy IPVS the CLB IP is
 * bound on every node and only this Service's ports get IPVS rules, so in-cluster clients are
 * refused on the others (brief §1; the article's 443 case).
 */

interface OtherListener {
  readonly listener: Listener;
  readonly owners: string[];
  readonly related: RelatedLocation[];
}

function otherListeners(context: RuleContext, clbId: string): Map<string, OtherListener> {
  const own = new Set(context.facts.listeners.map(listenerKey));
  const others = new Map<string, OtherListener>();
  const add = (listener: Listener, owner: string, related?: RelatedLocation): void => {
    const key = listenerKey(listener);
    if (own.has(key)) return;
    let entry = others.get(key);
    if (!entry) others.set(key, (entry = { listener, owners: [], related: [] }));
    if (!entry.owners.includes(owner)) entry.owners.push(owner);
    if (related) entry.related.push(related);
  };
  for (const other of context.index.servicesReusing(clbId)) {
    if (other.uri === context.uri && other.documentIndex === context.service.documentIndex) continue;
    for (const port of other.ports) {
      add(port.listener, `Service ${other.label}`, {
        uri: other.uri,
        span: port.span,
        message: `${listenerKey(port.listener)} on CLB ${clbId}, declared by Service ${other.label}`,
      });
    }
  }
  for (const listener of context.settings.knownListeners.get(clbId) ?? []) add(listener, 'known listener setting');
  return others;
}

function check(context: RuleContext): RuleFinding[] {
  const { facts, service, settings } = context;
  if (!facts.clbId || !service.portsComplete || !lbIpBoundOnNodes(facts, settings.proxyMode)) return [];
  const clbId = facts.clbId.value.trim();
  const own = listenerList(facts.listeners);
  const others = [...otherListeners(context, clbId).values()].sort((a, b) => a.listener.port - b.listener.port);
  const before126 =
    settings.kubernetesVersion.minor < MINOR_IPVS_FILTER
      ? ` Before Kubernetes 1.26 a host process listening on that port may answer instead of the CLB.`
      : '';
  const base = { span: facts.clbId.valueSpan, data: { documentIndex: service.documentIndex }, fixes: hostnameFixesFor(context) };
  if (others.length === 0) {
    return [
      {
        ...base,
        severity: 'information',
        message:
          `CLB ${clbId} is reused: from inside the cluster any listener of it other than ${own} is refused ("connection refused"), ` +
          `while outside clients reach it. Under kube-proxy IPVS the CLB IP is bound on every node and only this Service's ports have IPVS rules. ` +
          `No other listener is known (none in the workspace, none configured in kubeLbReach.knownListeners or --known-listener).`,
        related: [],
      },
    ];
  }
  const described = others.map((o) => `${listenerKey(o.listener)} (${o.owners.join(', ')})`).join('; ');
  return [
    {
      ...base,
      message:
        `In-cluster clients get "connection refused" on the other listeners of CLB ${clbId}: ${described}; outside clients do not. ` +
        `Under kube-proxy IPVS the CLB IP is bound on every node, and only this Service's ports (${own}) have IPVS rules.${before126}`,
      related: others.flatMap((o) => o.related),
    },
  ];
}

export const rule: Rule = {
  id: 'reused-clb-other-listener-refused',
  description: 'Listeners of a reused CLB that this Service does not declare are refused from inside the cluster under IPVS.',
  defaultSeverity: 'warning',
  crossFile: true,
  check,
};
