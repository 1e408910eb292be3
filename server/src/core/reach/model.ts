import { after, assumedPatchNote, IP_MODE_PROXY, IPVS_OUT_FILTER, IPTABLES_HOST_SHORT_CIRCUIT, IPVS_FILTER, IPVS_LOCAL_FALLBACK, NFTABLES_SHORT_CIRCUIT } from './boundaries';
import {
  FROMS,
  MINOR_LOCAL_FALLBACK_TO_ALL_ENDPOINTS,
  type ClientIp,
  type From,
  type Outcome,
  type Path,
  type ReachInput,
  type ReachRow,
  type To,
} from './vocabulary';

/*
 * The reachability model: the one source for hovers, diagnostic sentences, docs/reachability.md
 * and `explain`. Every cell is derived from ../shared/domain/BRIEF.md (§1 to §3), the article it
 * summarises and docs/upstream-notes.md (kube-proxy, Linux IPVS and CCM source); each why names
 * the mechanism, and docs/reachability.md says which cells are measured and which inferred.
 */

/** Outcome, client IP, why, and the path when it is not the default one (see pathOf). */
type Cell = [Outcome, ClientIp, string, Path?];

const hasEndpointOnNode = (from: From): boolean => from === 'node-with-endpoint' || from === 'pod-on-node-with-endpoint';
const isPod = (from: From): boolean => from.startsWith('pod-');

/** ipMode: Proxy, where kube-proxy honours it: the IP is then neither bound nor short-circuited. */
export function ipModeProxy(input: Partial<Pick<ReachInput, 'ipMode' | 'kubernetesMinor' | 'kubernetesPatch'>>): boolean {
  return input.ipMode === 'Proxy' && input.kubernetesMinor !== undefined && after({ kubernetesMinor: input.kubernetesMinor, kubernetesPatch: input.kubernetesPatch }, IP_MODE_PROXY);
}

/** The load balancer IP is a local address on every node (IPVS binds it on kube-ipvs0). */
export function isLbIpBound(input: Pick<ReachInput, 'proxyMode' | 'serviceType' | 'hostname'> & Partial<Pick<ReachInput, 'ipMode' | 'kubernetesMinor' | 'kubernetesPatch'>>): boolean {
  return input.proxyMode === 'ipvs' && input.serviceType === 'LoadBalancer' && !input.hostname && !ipModeProxy(input);
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

// Linux ip_vs_leave(): a virtual server without a real server answers a new connection with ICMP port-unreachable.
const NO_REAL_SERVER = 'IPVS answers a virtual server without real servers with ICMP port-unreachable (the kernel\'s ip_vs_leave), so the client sees "Connection refused"';

const LOOPBACK = 'a layer-4 listener does not SNAT, so when it picks this very node as backend the reply never returns and the connection times out (loopback)';

// CCM IsENIBackendType / buildENIBackends: the endpoints' own addresses at the target port, whatever the policy.
const ENI = 'the CCM registers the pods themselves as CLB backends (ENI backends), whatever externalTrafficPolicy says';

function outsideToLb(input: ReachInput): Cell {
  const note = input.reused ? REUSED_LISTENER_NOTE : '';
  if (input.listenerLayer === 'l7') return ['works', 'n/a', `the layer-7 listener proxies the connection: the backend sees the CLB, not the client${note}`];
  if (input.lbBackends === 'pods') return ['works', 'preserved', `${ENI}; the layer-4 listener forwards to a pod without SNAT${note}`];
  return input.policy === 'Local'
    ? ['works', 'preserved', `the CCM registers only nodes with endpoints as CLB backends; no SNAT under Local${note}`]
    : ['works', 'node-ip', `every node is a CLB backend and SNATs to its own IP under Cluster${note}`];
}

/** The connection really leaves for the CLB (nothing binds or matches the IP:port on the node). */
function throughClb(input: ReachInput, from: From, what: string): Cell {
  const local = input.policy === 'Local';
  if (input.listenerLayer === 'l7') return ['works', 'n/a', `${what}; the layer-7 listener proxies it, so loopback does not occur`];
  if (input.lbBackends === 'pods') {
    // The pod replies straight to a client on its own node, bypassing the CLB.
    return hasEndpointOnNode(from)
      ? ['intermittent', 'preserved', `${what}; ${ENI}, and a layer-4 listener does not SNAT: when it picks a pod on this very node, the pod's reply stays on the node and never returns through the CLB (loopback)`]
      : ['works', 'preserved', `${what}; ${ENI}, and none of them runs on this node`];
  }
  const sourceNodeIsBackend = !local || hasEndpointOnNode(from);
  return sourceNodeIsBackend
    ? ['intermittent', local ? 'preserved' : 'node-ip', `${what}; ${LOOPBACK}`]
    : ['works', 'preserved', `${what}, whose backends under Local are only nodes with endpoints, never this node`];
}

function inClusterToLb(input: ReachInput, from: From): Cell {
  const local = input.policy === 'Local';
  if (input.hostname) return throughClb(input, from, 'nothing binds the address, so the connection goes out to the CLB');
  if (ipModeProxy(input)) return throughClb(input, from, 'with ipMode: Proxy kube-proxy binds and short-circuits nothing (1.30 and later), so the connection goes out to the CLB');
  if (input.proxyMode === 'nftables' && local && !hasEndpointOnNode(from) && !after(input, NFTABLES_SHORT_CIRCUIT)) {
    return ['times-out', 'n/a', `nftables before 1.34 and 1.33.6 (PR 132456, backport PR 133969) runs its no-local-endpoint DROP before translating the address, so in-cluster traffic to the LB IP on a node without an endpoint is dropped${assumedPatchNote(input, NFTABLES_SHORT_CIRCUIT)}`, 'nowhere'];
  }
  if (input.proxyMode === 'iptables' && local && !isPod(from) && !after(input, IPTABLES_HOST_SHORT_CIRCUIT)) {
    // Before PR 77523 only pod sources (by cluster CIDR) were sent to all endpoints; the node itself met the Local chain.
    return hasEndpointOnNode(from)
      ? ['works', 'preserved', 'before 1.15 (PR 77523) iptables serves the node\'s own traffic to the LB IP from its local endpoints, without SNAT']
      : ['times-out', 'n/a', 'before 1.15 (PR 77523) iptables does not short-circuit the node\'s own traffic to the LB IP: the Local chain has no endpoint on this node and drops it', 'nowhere'];
  }
  if (input.proxyMode !== 'ipvs') {
    // iptables/nftables match IP and port and short-circuit in-cluster traffic to all endpoints.
    const clientIp: ClientIp = input.policy === 'Cluster' || !isPod(from) ? 'node-ip' : 'preserved';
    return ['works', clientIp, `${input.proxyMode} short-circuits in-cluster traffic to the LB IP to all endpoints ("Cluster" semantics)${isPod(from) ? '' : ', masquerading the node\'s own'}`];
  }
  if (!local) return ['works', 'node-ip', 'the LB IP is local on every node and IPVS serves it with all endpoints, with SNAT'];
  if (hasEndpointOnNode(from)) {
    return isPod(from)
      ? ['works', 'preserved', 'IPVS serves the bound LB IP from this node\'s own endpoints, without SNAT']
      : ['works', 'lb-ip', 'IPVS serves the bound LB IP from this node\'s own endpoints, without SNAT; a node\'s source address for a local destination is the LB IP itself, so that is what the backend sees'];
  }
  if (!after(input, IPVS_LOCAL_FALLBACK)) return ['refused', 'n/a', `before 1.24 the virtual server for the bound LB IP has no real server on a node without an endpoint; ${NO_REAL_SERVER}`, 'nowhere'];
  return isPod(from)
    ? ['works', 'preserved', 'since 1.24 a node without an endpoint puts all endpoints behind the virtual server for its local pods (PR 97081)']
    : ['times-out', 'n/a', 'the node picks the LB IP itself as source; without SNAT the pod\'s reply to the LB IP is swallowed by the kube-ipvs0 address on the pod\'s own node'];
}

function toOtherListener(input: ReachInput, from: From): Cell {
  if (from === 'outside') return ['works', 'n/a', 'outside the cluster the LB IP is not local, so the real CLB answers; that listener\'s own Service decides the client IP'];
  if (!isLbIpBound(input)) {
    return ['intermittent', 'n/a', `the LB IP is not bound on the node, so the connection goes to the real CLB; when that listener is layer-4 and its backends include this node (every node when its Service uses Cluster), the reply never returns and the connection times out (loopback)`];
  }
  return after(input, IPVS_FILTER)
    ? ['refused', 'n/a', 'the LB IP is bound on every node and IPVS has rules only for ports of Services that report it in this cluster; the KUBE-IPVS-FILTER chain (1.26, PR 108460) rejects the rest', 'nowhere']
    : ['host-may-answer', 'n/a', 'the LB IP is bound on every node and IPVS has rules only for ports of Services that report it in this cluster; before 1.26 (no KUBE-IPVS-FILTER) the node\'s own stack answers: refused, unless a host process listens on that port (a host-network ingress controller on 443, say), which then silently answers instead of the CLB'];
}

function iptablesLikeNodePort(input: ReachInput, from: From, to: To): Cell {
  const mode = input.proxyMode;
  if (to === 'nodeport-own-node') {
    if (!isPod(from) && !hasEndpointOnNode(from)) {
      if (mode === 'nftables' && !after(input, NFTABLES_SHORT_CIRCUIT)) {
        return ['times-out', 'n/a', `nftables before 1.34 and 1.33.6 (PR 132456, backport PR 133969) checks its no-endpoint NodePort map in the output hook before DNAT, so the node's own traffic to its Local NodePort is dropped${assumedPatchNote(input, NFTABLES_SHORT_CIRCUIT)}`, 'nowhere'];
      }
      if (mode === 'iptables' && !after(input, IPTABLES_HOST_SHORT_CIRCUIT)) {
        return ['times-out', 'n/a', 'before 1.15 (PR 77523) iptables does not short-circuit the node\'s own traffic to its Local NodePort: no endpoint on this node, so it is dropped', 'nowhere'];
      }
    }
    return ['works', isPod(from) ? 'preserved' : 'node-ip', `${mode} sends traffic from the node itself (masqueraded) and from its pods to all endpoints`];
  }
  // Another node's NodePort. The cluster-CIDR local-traffic detector (the default) classifies a
  // remote pod's packet as pod traffic; without pod-to-node SNAT in the CNI it is sent on without SNAT.
  const detector = 'assuming the default cluster-CIDR local-traffic detector and no pod-to-node SNAT in the CNI';
  if (to === 'nodeport-node-with-endpoint') {
    return isPod(from)
      ? ['intermittent', 'preserved', `the target node takes the pod's packet for its own pod traffic and picks any endpoint without SNAT; a reply from an endpoint on another node bypasses the target node and never reaches the client (${detector})`]
      : ['works', 'preserved', 'the target node serves its NodePort from its own endpoints, without SNAT'];
  }
  return isPod(from)
    ? ['times-out', 'n/a', `the target node takes the pod's packet for its own pod traffic and sends it to an endpoint on another node without SNAT; the reply bypasses the target node and never reaches the client's socket (${detector}; with another detector the target node drops it)`]
    : ['times-out', 'n/a', `${mode} silently drops traffic from elsewhere to a Local NodePort on a node without an endpoint ("has no local endpoints")`, 'nowhere'];
}

function toNodePort(input: ReachInput, from: From, to: To): Cell {
  if (input.policy === 'Cluster') return ['works', 'node-ip', 'every node serves the NodePort with all endpoints and SNATs to its own IP'];
  if (input.proxyMode !== 'ipvs') return iptablesLikeNodePort(input, from, to);
  const ownNode = to === 'nodeport-own-node';
  const targetHasEndpoint = ownNode ? hasEndpointOnNode(from) : to === 'nodeport-node-with-endpoint';
  if (targetHasEndpoint) return ['works', 'preserved', 'the node serves its NodePort from its own endpoints, without SNAT'];
  if (!after(input, IPVS_LOCAL_FALLBACK)) return ['refused', 'n/a', `before 1.24 the NodePort virtual server of a node without an endpoint has no real server; ${NO_REAL_SERVER}`, 'nowhere'];
  return ownNode
    ? ['works', 'preserved', 'since 1.24 the node sends it to a remote endpoint without SNAT, and the reply comes back through this node']
    : ['times-out', 'n/a', 'since 1.24 the node sends it to a remote endpoint without SNAT; the pod replies straight to the client from an address the client\'s socket does not expect, so the handshake never completes'];
}

function cell(input: ReachInput, from: From, to: To): Cell {
  if (to === 'lb-port') return from === 'outside' ? outsideToLb(input) : inClusterToLb(input, from);
  if (to === 'lb-other-listener') return toOtherListener(input, from);
  return toNodePort(input, from, to);
}

/** Where a connection goes when the cell does not say: the CLB when nothing on the node takes the address, else kube-proxy. */
function pathOf(input: ReachInput, from: From, to: To, outcome: Outcome): Path {
  if (outcome === 'host-may-answer') return 'node-stack';
  if (!to.startsWith('lb-')) return 'kube-proxy';
  if (from === 'outside' || input.hostname || ipModeProxy(input)) return 'clb';
  return to === 'lb-other-listener' && !isLbIpBound(input) ? 'clb' : 'kube-proxy';
}

/**
 * kube-proxy enforces loadBalancerSourceRanges on in-cluster traffic it takes for the LB IP (the
 * CLB controller ignores the field): pods outside the ranges are dropped in every mode; the node
 * itself under iptables/nftables unless its IP is in a range, under IPVS from 1.29.
 */
function firewalled(input: ReachInput, from: From, to: To, [outcome, clientIp, why, path]: Cell): Cell {
  if (!input.sourceRanges || to !== 'lb-port' || from === 'outside' || outcome !== 'works' || (path ?? pathOf(input, from, to, outcome)) !== 'kube-proxy') return [outcome, clientIp, why, path];
  const assumed = 'assuming the ranges list outside clients, not the pod CIDR or the node IPs; the CLB controller ignores the field';
  if (isPod(from)) return ['times-out', 'n/a', `kube-proxy drops in-cluster pods whose IP is outside loadBalancerSourceRanges (${assumed})`, 'nowhere'];
  if (input.proxyMode !== 'ipvs') return ['times-out', 'n/a', `${input.proxyMode} lets the node itself through loadBalancerSourceRanges only when its IP is in a range (${assumed})`, 'nowhere'];
  if (after(input, IPVS_OUT_FILTER)) return ['times-out', 'n/a', `from 1.29 IPVS drops the node's own traffic to the LB IP when its IP is outside loadBalancerSourceRanges (KUBE-IPVS-OUT-FILTER; ${assumed})`, 'nowhere'];
  return [outcome, clientIp, why, path];
}

/**
 * An in-cluster connection kube-proxy short-circuits to a pod skips what the listener does: an
 * HTTPS listener's TLS termination (the HTTPS client meets the pod's plain port, the handshake
 * fails) and the PROXY protocol header (a pod that requires it rejects the connection).
 */
function bypassed(input: ReachInput, from: From, to: To, [outcome, clientIp, why, path]: Cell): Cell {
  if (to !== 'lb-port' || from === 'outside' || outcome !== 'works' || (path ?? pathOf(input, from, to, outcome)) !== 'kube-proxy') return [outcome, clientIp, why, path];
  const skipped = [
    ...(input.lbTerminatesTls ? ['an HTTPS client meets the pod\'s plain port instead of the listener\'s TLS termination, so the handshake fails'] : []),
    ...(input.lbProxyProtocol ? ['the connection arrives without the PROXY protocol header the listener would add, so a pod that requires it rejects it'] : []),
  ];
  if (skipped.length === 0) return [outcome, clientIp, why, path];
  return ['protocol-mismatch', clientIp, `kube-proxy short-circuits the LB IP to a pod, bypassing the CLB: ${skipped.join('; ')}`, 'kube-proxy'];
}

export function reachTable(input: ReachInput): ReachRow[] {
  const rows: ReachRow[] = [];
  for (const from of FROMS) {
    for (const to of targetsOf(input, from)) {
      const [outcome, clientIp, why, path] = bypassed(input, from, to, firewalled(input, from, to, cell(input, from, to)));
      rows.push({ from, to, outcome, clientIp, path: path ?? pathOf(input, from, to, outcome), why });
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
  for (const row of reachTable({ ...input, kubernetesMinor: minor, kubernetesPatch: undefined })) {
    const key = `${row.from}→${row.to}`;
    const mine = here.get(key);
    if (mine && (mine.outcome !== row.outcome || mine.clientIp !== row.clientIp)) rows.set(key, row);
  }
  return { minor, rows };
}
