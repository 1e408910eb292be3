import { parseListenerSpec, type Listener } from './model/listeners';

export type ProxyMode = 'ipvs' | 'iptables' | 'nftables';
export const PROXY_MODES: readonly ProxyMode[] = ['ipvs', 'iptables', 'nftables'];

/** A Kubernetes minor version: reachability changed at 1.24 and 1.26, nothing finer matters here. */
export interface KubernetesVersion {
  readonly major: 1;
  readonly minor: number;
  readonly text: string;
}

/** Settings as the user writes them (editor settings, CLI flags). Anything may be wrong. */
export interface RawSettings {
  kubernetesVersion?: unknown;
  kubeProxyMode?: unknown;
  knownListeners?: unknown;
  hostnameTemplate?: unknown;
}

/** Settings after validation: what the analysis runs on. */
export interface Settings {
  readonly kubernetesVersion: KubernetesVersion;
  readonly proxyMode: ProxyMode;
  /** CLB id → listeners no manifest declares (made in the console, say). */
  readonly knownListeners: ReadonlyMap<string, readonly Listener[]>;
  readonly hostnameTemplate: string;
}

export const DEFAULT_KUBERNETES_VERSION = '1.34';

export interface SettingsResult {
  readonly settings: Settings;
  /** One sentence per value that was ignored, for the adapter to log or print. */
  readonly problems: string[];
}

export function parseKubernetesVersion(text: string): KubernetesVersion | undefined {
  const match = /^v?1\.(\d{1,3})(?:\.\d+)?$/.exec(text.trim());
  if (!match?.[1]) return undefined;
  return { major: 1, minor: Number(match[1]), text: `1.${Number(match[1])}` };
}

export function resolveSettings(raw: RawSettings | undefined): SettingsResult {
  const problems: string[] = [];
  const input = raw ?? {};

  let kubernetesVersion = parseKubernetesVersion(DEFAULT_KUBERNETES_VERSION)!;
  if (input.kubernetesVersion !== undefined && input.kubernetesVersion !== '') {
    const parsed = typeof input.kubernetesVersion === 'string' ? parseKubernetesVersion(input.kubernetesVersion) : undefined;
    if (parsed) kubernetesVersion = parsed;
    else problems.push(`kubernetesVersion ${JSON.stringify(input.kubernetesVersion)} is not of the form 1.MINOR; using ${DEFAULT_KUBERNETES_VERSION}.`);
  }

  let proxyMode: ProxyMode = 'ipvs';
  if (input.kubeProxyMode !== undefined && input.kubeProxyMode !== '') {
    const mode = typeof input.kubeProxyMode === 'string' ? input.kubeProxyMode.toLowerCase() : '';
    if ((PROXY_MODES as readonly string[]).includes(mode)) proxyMode = mode as ProxyMode;
    else problems.push(`kubeProxyMode ${JSON.stringify(input.kubeProxyMode)} is not one of ${PROXY_MODES.join(', ')}; using ipvs.`);
  }

  const knownListeners = new Map<string, Listener[]>();
  if (input.knownListeners !== undefined && input.knownListeners !== null) {
    if (typeof input.knownListeners !== 'object' || Array.isArray(input.knownListeners)) {
      problems.push('knownListeners must be an object of CLB id → list of listeners; ignored.');
    } else {
      for (const [clbId, specs] of Object.entries(input.knownListeners as Record<string, unknown>)) {
        if (!Array.isArray(specs)) {
          problems.push(`knownListeners.${clbId} must be a list such as ["443/TCP"]; ignored.`);
          continue;
        }
        const listeners: Listener[] = [];
        for (const spec of specs) {
          const listener = typeof spec === 'string' || typeof spec === 'number' ? parseListenerSpec(String(spec)) : undefined;
          if (listener) listeners.push(listener);
          else problems.push(`knownListeners.${clbId}: ${JSON.stringify(spec)} is not PORT or PORT/PROTOCOL; ignored.`);
        }
        knownListeners.set(clbId.trim(), listeners);
      }
    }
  }

  const hostnameTemplate = typeof input.hostnameTemplate === 'string' ? input.hostnameTemplate.trim() : '';
  return { settings: { kubernetesVersion, proxyMode, knownListeners, hostnameTemplate }, problems };
}

export const DEFAULT_SETTINGS: Settings = resolveSettings(undefined).settings;
