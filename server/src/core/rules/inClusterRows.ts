import { proxyModeAvailability } from '../model/kubernetes';
import { reachInputOf } from '../reach/input';
import { reachTable } from '../reach/model';
import { FROM_LABELS, TO_LABELS, type Outcome, type ReachRow } from '../reach/vocabulary';
import { type MessageData } from '../model/finding';
import { type Span } from '../text/span';
import { type RuleContext } from './types';

/*
 * Which rule speaks for which failing in-cluster row of the model, so the linter is never quieter
 * than `explain` (test/core/linter-covers-model.test.ts checks it over every mode and version):
 * - another listener of the load balancer, refused or answered by a host process: the reused-clb-* rules;
 * - the load balancer really reached, layer-4 loopback (`intermittent` on lb-*): on this Service's own
 *   ports because of its hostname annotation, hostname-loopback; anywhere else (its other listeners,
 *   ipMode: Proxy), lb-layer4-loopback;
 * - dropped by kube-proxy's loadBalancerSourceRanges check (the why names the field): lb-source-ranges-in-cluster;
 * - short-circuited past TLS termination or the PROXY protocol (`protocol-mismatch`): lb-bypass-skips-*;
 * - everything else (the LB IP's ports and NodePorts under Local): local-policy-in-cluster-reach.
 */
export type RowOwner = 'other-listener' | 'hostname-loopback' | 'loopback' | 'bypass' | 'source-ranges' | 'local-policy';

/** `hostname`: the Service reports a hostname instead of the IP (for a Service the model describes: its hostname annotation). */
export function ownerOf(row: ReachRow, hostname: boolean): RowOwner | undefined {
  if (row.from === 'outside' || row.outcome === 'works') return undefined;
  if (row.to === 'lb-port' && row.outcome === 'intermittent' && hostname) return 'hostname-loopback';
  if (row.to.startsWith('lb-') && row.outcome === 'intermittent') return 'loopback';
  if (row.outcome === 'protocol-mismatch') return 'bypass';
  if (row.why.includes('loadBalancerSourceRanges')) return 'source-ranges';
  if (row.to === 'lb-other-listener') return 'other-listener';
  return 'local-policy';
}

/** The model's failing in-cluster rows for this Service that `owner` must report; none when the model has no answer. */
export function failingRows(context: RuleContext, owner: RowOwner): ReachRow[] {
  const { facts, service, settings } = context;
  // A Service without readable ports is partial (a patch): it is not judged as if it were whole.
  if (!service.portsComplete || facts.unmodelled || (!facts.isLoadBalancer && !facts.isNodePort)) return [];
  if (!proxyModeAvailability(settings.proxyMode, settings.kubernetesVersion).available) return [];
  const input = reachInputOf(facts, settings);
  return reachTable(input).filter((row) => ownerOf(row, input.hostname) === owner);
}

export const OUTCOME_PHRASES: Record<Outcome, string> = {
  works: 'reaches',
  refused: 'is refused on',
  'times-out': 'times out on',
  'host-may-answer': 'may be answered by a host process instead of',
  intermittent: 'intermittently fails on',
  'protocol-mismatch': 'bypasses the listener settings of',
  fails: 'cannot reach',
};

/** Rows with the same outcome and reason, as one clause: `a → b, c → d: times-out (why)`. */
export function groupedClauses(rows: readonly ReachRow[]): string {
  const groups = new Map<string, ReachRow[]>();
  for (const row of rows) groups.set(`${row.outcome}\u0000${row.why}`, [...(groups.get(`${row.outcome}\u0000${row.why}`) ?? []), row]);
  return [...groups.values()]
    .map((group) => `${group.map((r) => `${FROM_LABELS[r.from]} → ${TO_LABELS[r.to]}`).join(', ')}: ${group[0]!.outcome} (${group[0]!.why})`)
    .join('; ');
}

/**
 * What the rules about one field that kube-proxy's short-circuit defeats report (TLS at the load
 * balancer, PROXY protocol, source ranges): which in-cluster sources the model marks failing for
 * their row owner, as message data; undefined when the field is absent or nothing fails.
 */
export function failingSources(context: RuleContext, owner: RowOwner, field: Span | undefined): { span: Span; data: MessageData } | undefined {
  if (!field) return undefined;
  const rows = failingRows(context, owner);
  if (rows.length === 0) return undefined;
  return { span: field, data: { lb: context.facts.nouns.lb, mode: context.settings.proxyMode, sources: rows.map((r) => FROM_LABELS[r.from]).join('; ') } };
}

type Where = 'with' | 'without' | 'any';

function whereOf(froms: ReadonlySet<string>, withEndpoint: string, withoutEndpoint: string): Where | undefined {
  const hasWith = froms.has(withEndpoint);
  const hasWithout = froms.has(withoutEndpoint);
  if (hasWith && hasWithout) return 'any';
  return hasWith ? 'with' : hasWithout ? 'without' : undefined;
}

const PODS: Record<Where, string> = { any: 'pods of this cluster', with: 'pods on nodes with an endpoint', without: 'pods on nodes without an endpoint' };
const HOSTS: Record<Where, string> = {
  any: 'host-network pods and processes on the nodes',
  with: 'host-network pods and processes on nodes with an endpoint',
  without: 'host-network pods and processes on nodes without an endpoint',
};
const NODES_AND_PODS: Record<Where, string> = { any: 'pods and nodes of this cluster', with: 'nodes with an endpoint and their pods', without: 'nodes without an endpoint and their pods' };

/**
 * The in-cluster sources of `rows` in plain words, short enough for the first sentence of a
 * message or hover: "Pods and nodes of this cluster", "Host-network pods and processes on nodes
 * without an endpoint"; the exact rows follow in the message, and in the table.
 */
export function plainSources(rows: readonly ReachRow[]): string {
  const froms = new Set(rows.map((r) => r.from));
  const pods = whereOf(froms, 'pod-on-node-with-endpoint', 'pod-on-node-without-endpoint');
  const hosts = whereOf(froms, 'node-with-endpoint', 'node-without-endpoint');
  let text = 'in-cluster clients';
  if (pods && hosts) text = pods === hosts ? NODES_AND_PODS[pods] : 'some pods and nodes of this cluster';
  else if (pods) text = PODS[pods];
  else if (hosts) text = HOSTS[hosts];
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const PLAIN_OUTCOMES: Record<Outcome, string> = {
  works: 'reach',
  refused: 'are refused on',
  'times-out': 'time out on',
  'host-may-answer': 'may be answered by the node instead of',
  intermittent: 'time out at times on',
  'protocol-mismatch': 'bypass the listener settings of',
  fails: 'cannot reach',
};

/** What happens to the sources of `rows`, as a verb phrase; one phrase when the outcomes differ. */
export function plainOutcome(rows: readonly ReachRow[]): string {
  const outcomes = new Set(rows.map((r) => r.outcome));
  return outcomes.size === 1 ? PLAIN_OUTCOMES[[...outcomes][0]!] : 'cannot reliably reach';
}
