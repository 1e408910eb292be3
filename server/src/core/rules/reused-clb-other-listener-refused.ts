import { type ListenerUse } from '../index/workspaceIndex';
import { compareListeners, listenerKey, type Listener } from '../model/listeners';
import { lbIpBoundOnNodes } from '../model/serviceFacts';
import { serviceLabel } from '../parse/serviceView';
import { MINOR_IPVS_FILTER } from '../reach/vocabulary';
import { hostnameFixesFor, listenerList, MAX_LISTED, MAX_RELATED } from './shared';
import { type RelatedLocation, type Rule, type RuleContext, type RuleFinding } from './types';

/**
 * A reused CLB keeps listeners this Service does not own. Under kube-proxy IPVS the CLB IP is
 * bound on every node, and only ports of Services that report that IP in this cluster get IPVS
 * rules, so in-cluster clients are refused on the others (brief §1; the article's 443 case).
 *
 * A listener declared by another Service that also reports the IP is refused only if that Service
 * runs in another cluster: in the same cluster kube-proxy has a virtual server for it too and serves
 * it from that Service's endpoints, bypassing the CLB (kube-proxy's KUBE-IPVS-FILTER lets through
 * every load-balancer IP and port it serves; docs/upstream-notes.md §2). The manifests cannot say
 * which cluster a Service runs in, so the message says so.
 */

const KNOWN_LISTENER_SETTING = 'known listener setting';

interface OtherListener {
  readonly listener: Listener;
  /** Who declares it (at most three named): Services, or the known-listener setting. */
  readonly owners: string[];
  readonly ownerCount: number;
  /** Refused whatever cluster its Services run in: known from settings, or declared by a hostname-only Service. */
  readonly certain: boolean;
  readonly related: RelatedLocation[];
}

function describeListener(listener: Listener, declaredBy: ListenerUse['declaredBy'], clbId: string, known: boolean): OtherListener {
  const labels = [...new Set(declaredBy.map((d) => `Service ${d.service.label}`))];
  if (known) labels.push(KNOWN_LISTENER_SETTING);
  const key = listenerKey(listener);
  return {
    listener,
    owners: labels.slice(0, 3),
    ownerCount: labels.length,
    certain: known || declaredBy.some((d) => !d.service.reportsIp),
    related: declaredBy.slice(0, MAX_RELATED).map(({ service, span }) => ({ uri: service.uri, span, message: `${key} on CLB ${clbId}, declared by Service ${service.label}` })),
  };
}

/**
 * The CLB's listeners this Service does not declare: the first MAX_LISTED in port order described,
 * the rest only counted. Linear in the CLB's listeners, whatever the number of Services sharing it.
 */
function otherListeners(context: RuleContext, clbId: string): { listed: OtherListener[]; more: number } {
  const own = new Set(context.facts.listeners.map(listenerKey));
  const declared = context.index.listenersOf(clbId);
  const known = new Map((context.settings.knownListeners.get(clbId) ?? []).map((l) => [listenerKey(l), l]));
  const keys: string[] = [];
  const self = serviceLabel(context.service);
  for (const [key, use] of declared) {
    // The same namespace/name elsewhere (a base and its overlay) is this Service, not another one.
    if (!own.has(key) && use.declaredBy.some((d) => d.service.label !== self)) keys.push(key);
  }
  for (const key of known.keys()) if (!own.has(key) && !declared.has(key)) keys.push(key);
  const listenerOf = (key: string): Listener => (declared.get(key)?.listener ?? known.get(key))!;
  // Declared listeners come sorted from the index; only a merge with known ones needs a sort.
  if (known.size > 0) keys.sort((a, b) => compareListeners(listenerOf(a), listenerOf(b)));
  const listed = keys
    .slice(0, MAX_LISTED)
    .map((key) => describeListener(listenerOf(key), (declared.get(key)?.declaredBy ?? []).filter((d) => d.service.label !== self), clbId, known.has(key)));
  return { listed, more: Math.max(0, keys.length - MAX_LISTED) };
}

function check(context: RuleContext): RuleFinding[] {
  const { facts, service, settings } = context;
  if (!facts.clbId || !service.portsComplete || !lbIpBoundOnNodes(facts, settings.proxyMode)) return [];
  const clbId = facts.clbId.value.trim();
  const own = listenerList(facts.listeners);
  const others = otherListeners(context, clbId);
  const before126 =
    settings.kubernetesVersion.minor < MINOR_IPVS_FILTER
      ? ` Before Kubernetes 1.26 a host process listening on that port may answer instead of the CLB.`
      : '';
  const base = { span: facts.clbId.valueSpan, data: { documentIndex: service.documentIndex }, fixes: hostnameFixesFor(context) };
  if (others.listed.length === 0) {
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
  const described = others.listed
    .map((o) => {
      const unnamed = o.ownerCount - o.owners.length;
      const owners = `${o.owners.join(', ')}${unnamed > 0 ? ` and ${unnamed} more` : ''}`;
      return `${listenerKey(o.listener)} (${owners}${o.certain ? '' : ', if it runs in another cluster'})`;
    })
    .join('; ');
  const more = others.more > 0 ? `; and ${others.more} more listeners` : '';
  const sameCluster = others.listed.some((o) => !o.certain)
    ? ' A Service that reports this IP in the same cluster has IPVS rules of its own: kube-proxy serves its ports from its endpoints, bypassing the CLB.'
    : '';
  return [
    {
      ...base,
      message:
        `In-cluster clients get "connection refused" on the other listeners of CLB ${clbId}: ${described}${more}; outside clients do not. ` +
        `Under kube-proxy IPVS the CLB IP is bound on every node, and only this Service's ports (${own}) have IPVS rules.${sameCluster}${before126}`,
      related: others.listed.flatMap((o) => o.related).slice(0, MAX_RELATED),
    },
  ];
}

export const rule: Rule = {
  id: 'reused-clb-other-listener-refused',
  description: 'Listeners of a reused CLB that this Service does not declare are refused from inside the cluster under IPVS.',
  defaultSeverity: 'warning',
  check,
};
