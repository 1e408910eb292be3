/** Kubernetes vocabulary the analysis speaks, whatever the cloud. */

export const PROXY_MODES = ['ipvs', 'iptables', 'nftables'] as const;
export type ProxyMode = (typeof PROXY_MODES)[number];

/** A Kubernetes minor version: reachability changed at 1.24 and 1.26, nothing finer matters here yet. */
export interface KubernetesVersion {
  readonly major: 1;
  readonly minor: number;
  readonly text: string;
}

export function parseKubernetesVersion(text: string): KubernetesVersion | undefined {
  const match = /^v?1\.(\d{1,3})(?:\.\d+)?$/.exec(text.trim());
  if (!match?.[1]) return undefined;
  return { major: 1, minor: Number(match[1]), text: `1.${Number(match[1])}` };
}

export type TrafficPolicy = 'Local' | 'Cluster';
