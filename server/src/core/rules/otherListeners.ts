import { compareListeners, listenerKey, type Listener } from '../model/listeners';
import { serviceLabel } from '../parse/serviceView';
import { type ListenerUse } from '../workspace/workspaceIndex';
import { MAX_LISTED, MAX_RELATED } from './shared';
import { type RuleContext } from './types';
import { type LoadBalancerRef } from '../model/facts';
import { type RelatedLocation } from '../model/finding';
import { lbIpBoundOnNodes } from '../reach/input';

/** How a listener the Service does not declare is known, for the two rules about a reused load balancer's other listeners. */
const KNOWN_LISTENER_SETTING = 'known listener setting';

export interface OtherListener {
  readonly listener: Listener;
  /** Who declares it (at most three named): Services, or the known-listener setting. */
  readonly owners: string[];
  readonly ownerCount: number;
  /** Refused whatever cluster its Services run in: known from settings, or declared by a hostname-only Service. */
  readonly certain: boolean;
  readonly related: RelatedLocation[];
}

function describeListener(listener: Listener, declaredBy: ListenerUse['declaredBy'], lbId: string, lbNoun: string, known: boolean): OtherListener {
  const labels = [...new Set(declaredBy.map((d) => `Service ${d.service.label}`))];
  if (known) labels.push(KNOWN_LISTENER_SETTING);
  const key = listenerKey(listener);
  return {
    listener,
    owners: labels.slice(0, 3),
    ownerCount: labels.length,
    certain: known || declaredBy.some((d) => !d.service.reportsIp),
    related: declaredBy.slice(0, MAX_RELATED).map(({ service, span }) => ({ uri: service.uri, span, message: `${key} on ${lbNoun} ${lbId}, declared by Service ${service.label}` })),
  };
}

/**
 * The reused load balancer's listeners this Service does not declare: the first MAX_LISTED in
 * port order described, the rest only counted. Linear in its listeners, whatever the number of
 * Services sharing it.
 */
export function otherListeners(context: RuleContext): { lb: LoadBalancerRef; listed: OtherListener[]; more: number } | undefined {
  const lb = context.facts.lb;
  // Only a reused load balancer whose IP kube-proxy binds on every node refuses its other listeners.
  if (!lb || !context.service.portsComplete || !lbIpBoundOnNodes(context.facts, context.settings)) return undefined;
  const own = new Set(context.facts.listeners.map(listenerKey));
  const declared = context.index.listenersOf(lb.key);
  const known = new Map((context.settings.knownListeners.get(lb.id) ?? []).map((l) => [listenerKey(l), l]));
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
    .map((key) => describeListener(listenerOf(key), (declared.get(key)?.declaredBy ?? []).filter((d) => d.service.label !== self), lb.id, context.facts.nouns.lb, known.has(key)));
  return { lb, listed, more: Math.max(0, keys.length - MAX_LISTED) };
}
