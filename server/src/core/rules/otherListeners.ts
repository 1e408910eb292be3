import { type LoadBalancerRef } from '../model/facts';
import { type RelatedLocation } from '../model/finding';
import { compareListeners, listenerKey, type Listener } from '../model/listeners';
import { reportsBoundIp } from '../model/binding';
import { lbIpBoundOnNodes } from '../reach/input';
import { isSameService, type IndexedService } from '../workspace/workspaceIndex';
import { MAX_LISTED, MAX_RELATED, selfRef } from './shared';
import { type RuleContext } from './types';

/** A listener of the reused load balancer that kube-proxy of this cluster does not serve: refused in-cluster. */
export interface RefusedListener {
  readonly listener: Listener;
  /** Where it is known from, at most three named: the config, a saved API answer, Services of other clusters, hostname-only Services. */
  readonly sources: string[];
  readonly sourceCount: number;
  readonly related: RelatedLocation[];
}

/** A listener a Service of this cluster that binds the IP declares: kube-proxy serves it from that Service's pods, bypassing the load balancer. */
export interface ServedListener {
  readonly listener: Listener;
  readonly by: readonly IndexedService[];
}

export interface ReusedLbListeners {
  readonly lb: LoadBalancerRef;
  /** The first MAX_LISTED refused listeners in port order; `refusedMore` counts the rest. */
  readonly refused: RefusedListener[];
  readonly refusedMore: number;
  readonly served: ServedListener[];
  /** Whether the load balancer's listeners are known beyond the manifests (a complete saved answer, or the knownListeners setting). */
  readonly listenersKnown: boolean;
}

/** Why a declared listener is not served in this cluster, from who declares it. */
function describeDeclarer(context: RuleContext, other: IndexedService): string {
  const ownCluster = context.index.clusterOf(context.uri);
  const cluster = context.index.clusterOf(other.uri);
  if (cluster !== ownCluster) return `Service ${other.label} of cluster ${context.index.clusterNameOf(other.uri)}`;
  return other.reportsIp ? `Service ${other.label} (ipMode: Proxy)` : `Service ${other.label}, which reports only a hostname`;
}

/**
 * The reused load balancer's listeners this Service does not declare, split by what kube-proxy of
 * this cluster does with them (docs/rules/reused-clb-other-listener-refused.md, "Semantics"):
 * refused where no Service of this cluster that binds the IP declares the port; served (bypassing
 * the load balancer) where one does. Undefined unless the IP is bound on every node.
 */
export function reusedLbListeners(context: RuleContext): ReusedLbListeners | undefined {
  const { facts, settings, index } = context;
  const lb = facts.lb;
  if (!lb || !context.service.portsComplete || !lbIpBoundOnNodes(facts, settings)) return undefined;
  const self = selfRef(context);
  const ownCluster = index.clusterOf(context.uri);
  const own = new Set(facts.listeners.map(listenerKey));
  const declared = index.listenersOf(lb.key);
  const known = new Map((settings.knownListeners.get(lb.id) ?? []).map((l) => [listenerKey(l), l]));
  const answers = index.answeredListeners(lb.key);
  const answered = new Map<string, { listener: Listener; sources: string[] }>();
  for (const answer of answers) {
    for (const listener of answer.listeners) {
      const key = listenerKey(listener);
      const entry = answered.get(key) ?? { listener, sources: [] };
      entry.sources.push(answer.source);
      answered.set(key, entry);
    }
  }
  const keys = new Set<string>([...declared.keys(), ...known.keys(), ...answered.keys()]);
  const refused: { listener: Listener; sources: string[]; related: RelatedLocation[] }[] = [];
  const served: ServedListener[] = [];
  for (const key of keys) {
    if (own.has(key)) continue;
    const declarers = (declared.get(key)?.declaredBy ?? []).filter((d) => !isSameService(index, d.service, self));
    const listener = declared.get(key)?.listener ?? known.get(key) ?? answered.get(key)!.listener;
    const servers = declarers.filter((d) => index.clusterOf(d.service.uri) === ownCluster && reportsBoundIp(d.service, settings)).map((d) => d.service);
    if (servers.length > 0) {
      served.push({ listener, by: servers });
      continue;
    }
    // A Helm template of this cluster that may or may not report the IP declares it: served or refused is not known.
    if (declarers.some((d) => index.clusterOf(d.service.uri) === ownCluster && !d.service.reportsIpKnown)) continue;
    const sources = [...new Set(declarers.map((d) => describeDeclarer(context, d.service)))];
    if (known.has(key)) sources.push('the knownListeners setting');
    for (const source of answered.get(key)?.sources ?? []) sources.push(`the ${facts.nouns.lb}'s listener list in ${source.slice(source.lastIndexOf('/') + 1)}`);
    // A listener only this Service's own base or overlay declares is this Service's: nothing to say.
    if (sources.length === 0) continue;
    const related = declarers.slice(0, MAX_RELATED).map(({ service, span }) => ({ uri: service.uri, span, message: `${key} on ${facts.nouns.lb} ${lb.id}, declared by ${describeDeclarer(context, service)}` }));
    refused.push({ listener, sources, related });
  }
  refused.sort((a, b) => compareListeners(a.listener, b.listener));
  served.sort((a, b) => compareListeners(a.listener, b.listener));
  return {
    lb,
    refused: refused.slice(0, MAX_LISTED).map((r) => ({ listener: r.listener, sources: r.sources.slice(0, 3), sourceCount: r.sources.length, related: r.related })),
    refusedMore: Math.max(0, refused.length - MAX_LISTED),
    served,
    listenersKnown: settings.knownListeners.has(lb.id) || answers.some((a) => a.complete),
  };
}
