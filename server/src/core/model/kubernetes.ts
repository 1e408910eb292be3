/** Kubernetes vocabulary the analysis speaks, whatever the cloud. */

export const PROXY_MODES = ['ipvs', 'iptables', 'nftables'] as const;
export type ProxyMode = (typeof PROXY_MODES)[number];

/**
 * A Kubernetes version. Fixes are backported to patch releases (nftables: PR 133969 in 1.33.6),
 * so the patch matters; when only `1.MINOR` is given the answer assumes `1.MINOR.0` and says so.
 */
export interface KubernetesVersion {
  readonly major: 1;
  readonly minor: number;
  /** The patch given, or 0 when only the minor was given. */
  readonly patch: number;
  readonly patchGiven: boolean;
  /** As given, normalised: `1.33` or `1.33.6`. */
  readonly text: string;
}

export function parseKubernetesVersion(text: string): KubernetesVersion | undefined {
  const match = /^v?1\.(\d{1,3})(?:\.(\d{1,3}))?$/.exec(text.trim());
  if (!match?.[1]) return undefined;
  const minor = Number(match[1]);
  const patchGiven = match[2] !== undefined;
  const patch = patchGiven ? Number(match[2]) : 0;
  return { major: 1, minor, patch, patchGiven, text: patchGiven ? `1.${minor}.${patch}` : `1.${minor}` };
}

/** `1.MINOR.PATCH`, the release an answer is computed for. */
export function assumedRelease(version: Pick<KubernetesVersion, 'minor' | 'patch'>): string {
  return `1.${version.minor}.${version.patch}`;
}

/** A release `1.minor.patch`. */
export interface Release {
  readonly minor: number;
  readonly patch: number;
}

/** A change and where it first shipped: a minor release, and patch releases of older minors it was backported to. */
export interface Boundary {
  readonly first: Release;
  readonly backports: readonly Release[];
}

export function hasChange(boundary: Boundary, version: Pick<KubernetesVersion, 'minor' | 'patch'>): boolean {
  const at = (r: Release): boolean => version.minor > r.minor || (version.minor === r.minor && version.patch >= r.patch);
  return at(boundary.first) || boundary.backports.some((b) => version.minor === b.minor && version.patch >= b.patch);
}

/** Whether a boundary falls inside this minor (a backport to one of its patches): then the patch decides. */
export function patchDecides(boundary: Boundary, minor: number): boolean {
  return (boundary.first.minor === minor && boundary.first.patch > 0) || boundary.backports.some((b) => b.minor === minor);
}

/** nftables mode: alpha in 1.29 (feature gate NFTablesProxyMode), beta 1.31, GA 1.33 (KEP-3866). */
export const MINOR_NFTABLES_ALPHA = 29;
export const MINOR_NFTABLES_GA = 33;
/** IPVS mode deprecated from 1.35 (PR 134539, KEP-5495): it still works, kube-proxy warns at start. */
export const MINOR_IPVS_DEPRECATED = 35;

export type ModeAvailability =
  | { readonly available: true; readonly note: string | undefined }
  | { readonly available: false; readonly reason: string };

/** Whether kube-proxy had this mode at this version, and what to say about it when it had it with caveats. */
export function proxyModeAvailability(mode: ProxyMode, version: Pick<KubernetesVersion, 'minor'>): ModeAvailability {
  if (mode === 'nftables' && version.minor < MINOR_NFTABLES_ALPHA) {
    return { available: false, reason: `kube-proxy has no nftables mode before Kubernetes 1.${MINOR_NFTABLES_ALPHA} (alpha in 1.29, GA in 1.33; KEP-3866)` };
  }
  if (mode === 'nftables' && version.minor < MINOR_NFTABLES_GA) {
    return { available: true, note: `nftables mode is ${version.minor < 31 ? 'alpha' : 'beta'} at 1.${version.minor} (feature gate NFTablesProxyMode; GA in 1.33)` };
  }
  if (mode === 'ipvs' && version.minor >= MINOR_IPVS_DEPRECATED) {
    return { available: true, note: `IPVS mode is deprecated from 1.${MINOR_IPVS_DEPRECATED} (PR 134539); nftables is the suggested mode` };
  }
  return { available: true, note: undefined };
}

export type TrafficPolicy = 'Local' | 'Cluster';
