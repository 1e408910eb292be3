import {
  FROMS,
  MINOR_IPVS_FILTER,
  MINOR_LOCAL_FALLBACK_TO_ALL_ENDPOINTS,
  MINOR_NFTABLES_LOCAL_SHORT_CIRCUIT_FIXED,
  type ClientIp,
  type From,
  type Outcome,
  type ReachInput,
  type ReachRow,
  type To,
} from './vocabulary';

/*
 * The reachability model: the one source for hovers, diagnostic sentences, docs/reachability.md
 * and `explain`. Every cell is derived from ../shared/domain/BRIEF.md (§1 to §3), the article it
 * summarises and docs/upstream-notes.md (kube-proxy and CCM source); docs/reachability.md says
 * which cells are measured and which inferred.
 */

type Cell = [Outcome, ClientIp, string];

const hasEndpointOnNode = (from: From): boolean => from === 'node-with-endpoint' || from === 'pod-on-node-with-endpoint';
const isPod = (from: From): boolean => from.startsWith('pod-');

/** The load balancer IP is a local address on every node (IPVS binds it on kube-ipvs0). */
export function isLbIpBound(input: Pick<ReachInput, 'proxyMode' | 'serviceType' | 'hostname'>): boolean {
  return input.proxyMode === 'ipvs' && input.serviceType === 'LoadBalancer' && !input.hostname;
}

function targetsOf(input: ReachInput, from: From): To[] {
  const targets: To[] = [];
  if (input.serviceType === 'LoadBalancer') {
    targets.push('lb-port');
    if (input.reused) targets.push('lb-other-listener');
  }
  if (from !== 'outside') targets.push('nodeport-own-node');
  targets.push('nodeport-node-with-endpoint', 'nodeport-node-without-endpoint');
  return targets;
}

// On a reused CLB the CCM creates no listener unless force-override-listeners is "true" (brief §1).
const REUSED_LISTENER_NOTE = '; on a reused CLB the CCM creates this listener only with force-override-listeners: "true", otherwise it must exist already';

function outsideToLb(input: ReachInput): Cell {
  const note = input.reused ? REUSED_LISTENER_NOTE : '';
  if (input.listenerLayer === 'l7') return ['works', 'n/a', `the layer-7 listener proxies the connection: the backend sees the CLB, not the client${note}`];
  return input.policy === 'Local'
    ? ['works', 'preserved', `the CCM registers only nodes with endpoints as CLB backends; no SNAT under Local${note}`]
    : ['works', 'node-ip', `every node is a CLB backend and SNATs to its own IP under Cluster${note}`];
}

function inClusterToLb(input: ReachInput, from: From): Cell {
  const local = input.policy === 'Local';
  if (input.hostname) {
    // Nothing binds the address: the connection leaves the node for the real CLB.
    if (input.listenerLayer === 'l7') return ['works', 'n/a', 'goes out to the CLB; the layer-7 listener proxies it, so loopback does not occur'];
    const sourceNodeIsBackend = !local || hasEndpointOnNode(from);
    return sourceNodeIsBackend
      ? ['intermittent', local ? 'preserved' : 'node-ip', 'goes out to the CLB; a layer-4 listener does not SNAT, so when it picks this very node as backend the reply never returns and the connection times out (loopback)']
      : ['works', 'preserved', 'goes out to the CLB, whose backends under Local are only nodes with endpoints, never this node'];
  }
  if (input.proxyMode === 'nftables' && local && !hasEndpointOnNode(from) && input.kubernetesMinor < MINOR_NFTABLES_LOCAL_SHORT_CIRCUIT_FIXED) {
    return ['fails', 'n/a', 'nftables before 1.34 (PR 132456, also in a 1.33 patch) drops in-cluster traffic to the LB IP on a node without an endpoint before translating it'];
  }
  if (input.proxyMode !== 'ipvs') {
    // iptables/nftables match IP and port and short-circuit in-cluster traffic to all endpoints.
    const clientIp: ClientIp = input.policy === 'Cluster' || !isPod(from) ? 'node-ip' : 'preserved';
    return ['works', clientIp, `${input.proxyMode} short-circuits in-cluster traffic to the LB IP to all endpoints ("Cluster" semantics)`];
  }
  if (!local) return ['works', 'node-ip', 'the LB IP is local on every node and IPVS serves it with all endpoints, with SNAT'];
  if (hasEndpointOnNode(from)) {
    const source = isPod(from) ? '' : ' (a node\'s own source address for a local destination is the LB IP itself, so that is what the backend sees)';
    return ['works', 'preserved', `IPVS serves the bound LB IP from this node's own endpoints, without SNAT${source}`];
  }
  if (input.kubernetesMinor < MINOR_LOCAL_FALLBACK_TO_ALL_ENDPOINTS) {
    return ['fails', 'n/a', 'before 1.24 the IPVS virtual server for the bound LB IP has no real server on a node without an endpoint'];
  }
  return isPod(from)
    ? ['works', 'preserved', 'since 1.24 a node without an endpoint puts all endpoints behind the virtual server for its local pods (PR 97081)']
    : ['times-out', 'n/a', 'the node picks the LB IP itself as source; without SNAT the pod\'s reply to the LB IP is swallowed by the kube-ipvs0 address on the pod\'s own node'];
}

function toOtherListener(input: ReachInput, from: From): Cell {
  if (from === 'outside') return ['works', 'n/a', 'outside the cluster the LB IP is not local, so the real CLB answers; that listener\'s own Service decides the client IP'];
  if (!isLbIpBound(input)) return ['works', 'n/a', 'the LB IP is not bound on the node, so the connection goes to the real CLB'];
  return input.kubernetesMinor >= MINOR_IPVS_FILTER
    ? ['refused', 'n/a', 'the LB IP is bound on every node and IPVS has rules only for ports of Services that report it in this cluster; the KUBE-IPVS-FILTER chain rejects the rest']
    : ['refused', 'n/a', 'the LB IP is bound on every node and IPVS has rules only for ports of Services that report it in this cluster; before 1.26 the node\'s own stack answers: refused, or a host process listening on that port'];
}

function toNodePort(input: ReachInput, from: From, to: To): Cell {
  if (input.policy === 'Cluster') return ['works', 'node-ip', 'every node serves the NodePort with all endpoints and SNATs to its own IP'];
  const ownNode = to === 'nodeport-own-node';
  if (input.proxyMode !== 'ipvs') {
    // iptables/nftables short-circuit traffic from the node itself (masqueraded) and from pods (not)
    // to all endpoints before any Local handling (docs/upstream-notes.md §1).
    if (ownNode) return ['works', isPod(from) ? 'preserved' : 'node-ip', `${input.proxyMode} sends traffic from the node itself (masqueraded) and from its pods to all endpoints`];
    if (to === 'nodeport-node-with-endpoint') {
      const podNote = isPod(from) ? '; with pod traffic detected by cluster CIDR the target node may pick an endpoint elsewhere without SNAT, and that reply does not come back' : '';
      return ['works', 'preserved', `the target node serves its NodePort from its own endpoints, without SNAT${podNote}`];
    }
    return ['fails', 'n/a', `${input.proxyMode} drops traffic from elsewhere to a Local NodePort on a node without an endpoint`];
  }
  const targetHasEndpoint = ownNode ? hasEndpointOnNode(from) : to === 'nodeport-node-with-endpoint';
  if (targetHasEndpoint) return ['works', 'preserved', 'the node serves its NodePort from its own endpoints, without SNAT'];
  if (input.kubernetesMinor < MINOR_LOCAL_FALLBACK_TO_ALL_ENDPOINTS) {
    return ['fails', 'n/a', 'before 1.24 the NodePort virtual server of a node without an endpoint has no real server'];
  }
  return ownNode
    ? ['works', 'preserved', 'since 1.24 the node sends it to a remote endpoint without SNAT, and the reply comes back through this node']
    : ['fails', 'n/a', 'since 1.24 the node sends it to a remote endpoint without SNAT; the pod replies straight to the client from an address it does not expect, and the handshake fails'];
}

function cell(input: ReachInput, from: From, to: To): Cell {
  if (to === 'lb-port') return from === 'outside' ? outsideToLb(input) : inClusterToLb(input, from);
  if (to === 'lb-other-listener') return toOtherListener(input, from);
  return toNodePort(input, from, to);
}

export function reachTable(input: ReachInput): ReachRow[] {
  const rows: ReachRow[] = [];
  for (const from of FROMS) {
    for (const to of targetsOf(input, from)) {
      const [outcome, clientIp, why] = cell(input, from, to);
      rows.push({ from, to, outcome, clientIp, why });
    }
  }
  return rows;
}

/**
 * The rows whose outcome differs on the other side of 1.24, keyed `from→to`. Only IPVS changed
 * there (PR 97081); for the other modes there is nothing to compare.
 */
export function otherSideOf124(input: ReachInput): { minor: number; rows: Map<string, ReachRow> } {
  const minor = input.kubernetesMinor >= MINOR_LOCAL_FALLBACK_TO_ALL_ENDPOINTS ? MINOR_LOCAL_FALLBACK_TO_ALL_ENDPOINTS - 1 : MINOR_LOCAL_FALLBACK_TO_ALL_ENDPOINTS;
  const rows = new Map<string, ReachRow>();
  if (input.proxyMode !== 'ipvs') return { minor, rows };
  const here = new Map(reachTable(input).map((r) => [`${r.from}→${r.to}`, r]));
  for (const row of reachTable({ ...input, kubernetesMinor: minor })) {
    const key = `${row.from}→${row.to}`;
    const mine = here.get(key);
    if (mine && (mine.outcome !== row.outcome || mine.clientIp !== row.clientIp)) rows.set(key, row);
  }
  return { minor, rows };
}
