import { hasChange, patchDecides, type Boundary } from '../model/kubernetes';
import { type ReachInput } from './vocabulary';

/*
 * Every version boundary the reachability model uses, with the PR that moved it and the first
 * release; docs/upstream-notes.md ("Version boundaries") says how each release was established.
 */

export interface NamedBoundary extends Boundary {
  readonly what: string;
  /** The PR that made the change, then the PRs that backported it; empty where a KEP's feature gate moved it (see the notes). */
  readonly prs: readonly number[];
}

/** iptables short-circuits traffic from the node itself to LB IPs and Local NodePorts. */
export const IPTABLES_HOST_SHORT_CIRCUIT: NamedBoundary = { what: 'iptables short-circuits host traffic', prs: [77523], first: { minor: 15, patch: 0 }, backports: [] };
/** IPVS puts all endpoints behind a Local virtual server on a node without one. */
export const IPVS_LOCAL_FALLBACK: NamedBoundary = { what: 'IPVS Local falls back to all endpoints', prs: [97081], first: { minor: 24, patch: 0 }, backports: [] };
/** KUBE-IPVS-FILTER rejects bound IPs on ports without a virtual server. */
export const IPVS_FILTER: NamedBoundary = { what: 'KUBE-IPVS-FILTER', prs: [108460], first: { minor: 26, patch: 0 }, backports: [] };
/** nftables filters after DNAT, so in-cluster traffic is short-circuited before the no-endpoint drop. */
export const NFTABLES_SHORT_CIRCUIT: NamedBoundary = {
  what: 'nftables short-circuits in-cluster traffic to external addresses',
  prs: [132456, 133969],
  first: { minor: 34, patch: 0 },
  backports: [{ minor: 33, patch: 6 }],
};

/**
 * kube-proxy honours ipMode: Proxy by default: gate LoadBalancerIPMode added off by PR 119937 (1.29),
 * on by default by PR 123418 (beta, 1.30), GA by PR 127348 (1.32). Proxy-mode IPs never enter
 * LoadBalancerVIPs (pkg/proxy/serviceport.go, proxyutil.IsVIPMode), so no mode binds or matches them.
 */
export const IP_MODE_PROXY: NamedBoundary = { what: 'ipMode: Proxy honoured by default', prs: [123418], first: { minor: 30, patch: 0 }, backports: [] };

/**
 * KUBE-IPVS-OUT-FILTER (PR 119791, issue 119656): IPVS applies loadBalancerSourceRanges to the node's
 * own traffic. Its DROP rules match only connections IPVS took for a Service port with source ranges
 * (`-m ipvs --vaddr`), so ports without a virtual server (other listeners) are not affected.
 */
export const IPVS_OUT_FILTER: NamedBoundary = { what: 'KUBE-IPVS-OUT-FILTER', prs: [119791], first: { minor: 29, patch: 0 }, backports: [] };

export const BOUNDARIES: readonly NamedBoundary[] = [IPVS_OUT_FILTER, IPTABLES_HOST_SHORT_CIRCUIT, IPVS_LOCAL_FALLBACK, IPVS_FILTER, NFTABLES_SHORT_CIRCUIT, IP_MODE_PROXY];

const versionOf = (input: Pick<ReachInput, 'kubernetesMinor' | 'kubernetesPatch'>): { minor: number; patch: number } => ({ minor: input.kubernetesMinor, patch: input.kubernetesPatch ?? 0 });

export function after(input: Pick<ReachInput, 'kubernetesMinor' | 'kubernetesPatch'>, boundary: Boundary): boolean {
  return hasChange(boundary, versionOf(input));
}

/** When only the minor is known and a patch of it changed the answer: which patch the answer assumes. */
export function assumedPatchNote(input: Pick<ReachInput, 'kubernetesMinor' | 'kubernetesPatch'>, boundary: NamedBoundary): string {
  if (input.kubernetesPatch !== undefined || !patchDecides(boundary, input.kubernetesMinor)) return '';
  const fixed = boundary.backports.find((b) => b.minor === input.kubernetesMinor) ?? boundary.first;
  const pr = boundary.backports.some((b) => b.minor === input.kubernetesMinor) ? boundary.prs[1] ?? boundary.prs[0] : boundary.prs[0];
  return `; this assumes 1.${input.kubernetesMinor}.0: from 1.${fixed.minor}.${fixed.patch} (PR ${pr}) the change is in`;
}
