import { type ListenerLayer } from '../model/listeners';
import { type ProxyMode } from '../model/kubernetes';

/**
 * Where a connection starts. Node sources use the node's host network. "With an endpoint" means a
 * ready local endpoint, "without" none at all: ProxyTerminatingEndpoints changes neither row (a node
 * whose endpoints are all terminating is a transient state the model has no row for; see
 * docs/upstream-notes.md §7).
 */
export const FROMS = [
  'outside',
  'node-with-endpoint',
  'node-without-endpoint',
  'pod-on-node-with-endpoint',
  'pod-on-node-without-endpoint',
] as const;
export type From = (typeof FROMS)[number];

/** Where it goes. In-cluster sources reach NodePorts on their own node or on another node. */
export const TOS = [
  'lb-port',
  'lb-other-listener',
  'nodeport-own-node',
  'nodeport-node-with-endpoint',
  'nodeport-node-without-endpoint',
] as const;
export type To = (typeof TOS)[number];

/**
 * `refused`: an ICMP port-unreachable or a REJECT, the client sees "Connection refused";
 * `times-out`: a silent DROP or a reply that never reaches the client's socket;
 * `host-may-answer`: refused, unless a process on the node listens on that port, which then
 * answers instead of the load balancer; `intermittent`: layer-4 loopback, or a reply that
 * returns only for some endpoints; `protocol-mismatch`: kube-proxy short-circuits the connection to
 * the pod, bypassing what the listener does (TLS termination, the PROXY protocol header); `fails`: no backend answers and the symptom is not settled
 * (the row's why says what is unknown).
 */
export const OUTCOMES = ['works', 'refused', 'times-out', 'host-may-answer', 'intermittent', 'protocol-mismatch', 'fails'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** What the backend sees as source: the client's own address, a node address (SNAT), or the LB IP itself. */
export const CLIENT_IPS = ['preserved', 'node-ip', 'lb-ip', 'n/a'] as const;
export type ClientIp = (typeof CLIENT_IPS)[number];

/**
 * Where the connection is taken: `clb` the real load balancer; `kube-proxy` its rules on a node
 * (IPVS virtual server, iptables/nftables DNAT: the CLB and its listener settings are bypassed);
 * `node-stack` the node's own network stack (no rule matches a bound address); `nowhere` dropped or
 * rejected before any backend.
 */
export const PATHS = ['clb', 'kube-proxy', 'node-stack', 'nowhere'] as const;
export type Path = (typeof PATHS)[number];

export interface ReachRow {
  readonly from: From;
  readonly to: To;
  readonly outcome: Outcome;
  readonly clientIp: ClientIp;
  readonly path: Path;
  readonly why: string;
}

/** Everything the reachability of a Service depends on. */
export interface ReachInput {
  readonly proxyMode: ProxyMode;
  readonly kubernetesMinor: number;
  /** The patch release; undefined when only the minor is known (the answer then assumes `.0` and says so). */
  readonly kubernetesPatch?: number | undefined;
  readonly serviceType: 'LoadBalancer' | 'NodePort';
  readonly policy: 'Local' | 'Cluster';
  /** The hostname annotation (or an NLB class): the CCM reports no IP, so nothing binds it. */
  readonly hostname: boolean;
  /** The Service reuses a CLB that may carry listeners it does not declare. */
  readonly reused: boolean;
  readonly listenerLayer: ListenerLayer;
  /**
   * `status.loadBalancer.ingress[].ipMode` as the controller exported it (KEP-1860): `Proxy` makes
   * kube-proxy bind and short-circuit nothing (honoured from 1.30, where the LoadBalancerIPMode gate is on
   * by default). Undefined: `VIP`, the default. The open-source Alibaba CCM does not set it.
   */
  readonly ipMode?: 'VIP' | 'Proxy' | undefined;
  /** A listener terminates TLS at the load balancer (HTTPS): a short-circuit meets the pod's plain port instead. */
  readonly lbTerminatesTls?: boolean | undefined;
  /** The listeners send the PROXY protocol header: a short-circuited connection arrives without it. */
  readonly lbProxyProtocol?: boolean | undefined;
  /** `loadBalancerSourceRanges` is set; the model assumes the ranges hold neither the pod CIDR nor the node IPs. */
  readonly sourceRanges?: boolean | undefined;
  /** What the controller registers as backends: the nodes (default) or the pods themselves (ENI). */
  readonly lbBackends?: 'nodes' | 'pods' | undefined;
}

/** PR 97081: IPVS puts all endpoints behind a Local virtual server on nodes without one. */
export const MINOR_LOCAL_FALLBACK_TO_ALL_ENDPOINTS = 24;
/** PR 108460: the KUBE-IPVS-FILTER chain rejects traffic to bound IPs on ports without a virtual server. */
export const MINOR_IPVS_FILTER = 26;

export const FROM_LABELS: Record<From, string> = {
  outside: 'outside the cluster',
  'node-with-endpoint': 'a node with an endpoint (host network)',
  'node-without-endpoint': 'a node without an endpoint (host network)',
  'pod-on-node-with-endpoint': 'a pod on a node with an endpoint',
  'pod-on-node-without-endpoint': 'a pod on a node without an endpoint',
};

export const TO_LABELS: Record<To, string> = {
  'lb-port': 'LB IP, a port of this Service',
  'lb-other-listener': 'LB IP, another listener of the CLB',
  'nodeport-own-node': 'NodePort on its own node',
  'nodeport-node-with-endpoint': 'NodePort of a node with an endpoint',
  'nodeport-node-without-endpoint': 'NodePort of a node without an endpoint',
};
