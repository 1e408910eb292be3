import { type ListenerLayer } from '../model/listeners';
import { type ProxyMode } from '../model/kubernetes';

/** Where a connection starts. Node sources use the node's host network. */
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

/** `fails`: no backend answers, the exact symptom unconfirmed; `intermittent`: layer-4 loopback. */
export const OUTCOMES = ['works', 'refused', 'times-out', 'fails', 'intermittent'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const CLIENT_IPS = ['preserved', 'node-ip', 'n/a'] as const;
export type ClientIp = (typeof CLIENT_IPS)[number];

export interface ReachRow {
  readonly from: From;
  readonly to: To;
  readonly outcome: Outcome;
  readonly clientIp: ClientIp;
  readonly why: string;
}

/** Everything the reachability of a Service depends on. */
export interface ReachInput {
  readonly proxyMode: ProxyMode;
  readonly kubernetesMinor: number;
  readonly serviceType: 'LoadBalancer' | 'NodePort';
  readonly policy: 'Local' | 'Cluster';
  /** The hostname annotation (or an NLB class): the CCM reports no IP, so nothing binds it. */
  readonly hostname: boolean;
  /** The Service reuses a CLB that may carry listeners it does not declare. */
  readonly reused: boolean;
  readonly listenerLayer: ListenerLayer;
}

/** PR 97081: IPVS puts all endpoints behind a Local virtual server on nodes without one. */
export const MINOR_LOCAL_FALLBACK_TO_ALL_ENDPOINTS = 24;
/** PR 108460: the KUBE-IPVS-FILTER chain rejects traffic to bound IPs on ports without a virtual server. */
export const MINOR_IPVS_FILTER = 26;
/** PR 132456 (issue 131765): nftables short-circuits in-cluster traffic before its no-endpoint drop. */
export const MINOR_NFTABLES_LOCAL_SHORT_CIRCUIT_FIXED = 34;

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
