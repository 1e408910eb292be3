import { parseKubernetesVersion, proxyModeAvailability, PROXY_MODES, type KubernetesVersion, type ProxyMode } from '../model/kubernetes';
import { parseListenerSpec, type Listener } from '../model/listeners';
import { BACKEND_TYPES, DEFAULT_KUBERNETES_VERSION, SETTINGS, type SettingKey } from './descriptor';

export type BackendType = (typeof BACKEND_TYPES)[number];

/** Settings as the user writes them (editor settings, CLI flags). Anything may be wrong. */
export type RawSettings = Partial<Record<SettingKey, unknown>>;

/** Settings after validation: what the analysis runs on. */
export interface Settings {
  readonly kubernetesVersion: KubernetesVersion;
  readonly proxyMode: ProxyMode;
  /** The cluster-wide default of what the controller registers as backends (`auto` is read as `ecs`). */
  readonly backendType: BackendType;
  /** Load balancer id → listeners no manifest declares (made in the console, say). */
  readonly knownListeners: ReadonlyMap<string, readonly Listener[]>;
  readonly hostnameTemplate: string;
}

export interface SettingsResult {
  readonly settings: Settings;
  /** One sentence per value that was ignored, for the adapter to log or print. */
  readonly problems: string[];
}

const defaultOf = (key: SettingKey): unknown => SETTINGS.find((s) => s.key === key)?.default;

function resolveKnownListeners(value: unknown, problems: string[]): Map<string, Listener[]> {
  const knownListeners = new Map<string, Listener[]>();
  if (value === undefined || value === null) return knownListeners;
  if (typeof value !== 'object' || Array.isArray(value)) {
    problems.push('knownListeners must be an object of load balancer id → list of listeners; ignored.');
    return knownListeners;
  }
  for (const [lbId, specs] of Object.entries(value as Record<string, unknown>)) {
    if (!Array.isArray(specs)) {
      problems.push(`knownListeners.${lbId} must be a list such as ["443/TCP"]; ignored.`);
      continue;
    }
    const listeners: Listener[] = [];
    for (const spec of specs) {
      const listener = typeof spec === 'string' || typeof spec === 'number' ? parseListenerSpec(String(spec)) : undefined;
      if (listener) listeners.push(listener);
      else problems.push(`knownListeners.${lbId}: ${JSON.stringify(spec)} is not PORT or PORT/PROTOCOL; ignored.`);
    }
    knownListeners.set(lbId.trim(), listeners);
  }
  return knownListeners;
}

export function resolveSettings(raw: RawSettings | undefined): SettingsResult {
  const problems: string[] = [];
  const input = raw ?? {};

  let kubernetesVersion = parseKubernetesVersion(DEFAULT_KUBERNETES_VERSION)!;
  if (input.kubernetesVersion !== undefined && input.kubernetesVersion !== '') {
    const parsed = typeof input.kubernetesVersion === 'string' ? parseKubernetesVersion(input.kubernetesVersion) : undefined;
    if (parsed) kubernetesVersion = parsed;
    else problems.push(`kubernetesVersion ${JSON.stringify(input.kubernetesVersion)} is not of the form 1.MINOR or 1.MINOR.PATCH; using ${DEFAULT_KUBERNETES_VERSION}.`);
  }

  const defaultMode = defaultOf('kubeProxyMode') as ProxyMode;
  let proxyMode = defaultMode;
  if (input.kubeProxyMode !== undefined && input.kubeProxyMode !== '') {
    const mode = typeof input.kubeProxyMode === 'string' ? input.kubeProxyMode.toLowerCase() : '';
    if ((PROXY_MODES as readonly string[]).includes(mode)) proxyMode = mode as ProxyMode;
    else problems.push(`kubeProxyMode ${JSON.stringify(input.kubeProxyMode)} is not one of ${PROXY_MODES.join(', ')}; using ${defaultMode}.`);
  }

  // The mode is kept (it is what the user said), but the model has no answer for it: hovers say why, rules stay silent.
  const availability = proxyModeAvailability(proxyMode, kubernetesVersion);
  if (!availability.available) problems.push(`kubeProxyMode ${proxyMode} at kubernetesVersion ${kubernetesVersion.text}: ${availability.reason}; no reachability is shown.`);

  let backendType: BackendType = 'auto';
  if (input.backendType !== undefined && input.backendType !== '') {
    const value = typeof input.backendType === 'string' ? input.backendType.toLowerCase() : '';
    if ((BACKEND_TYPES as readonly string[]).includes(value)) backendType = value as BackendType;
    else problems.push(`backendType ${JSON.stringify(input.backendType)} is not one of ${BACKEND_TYPES.join(', ')}; using auto.`);
  }

  const knownListeners = resolveKnownListeners(input.knownListeners, problems);
  const hostnameTemplate = typeof input.hostnameTemplate === 'string' ? input.hostnameTemplate.trim() : '';
  return { settings: { kubernetesVersion, proxyMode, backendType, knownListeners, hostnameTemplate }, problems };
}

export const DEFAULT_SETTINGS: Settings = resolveSettings(undefined).settings;

/** What the status bar and the Output channel show of the settings in effect. */
export function describeSettings(settings: Settings): string {
  return `k8s ${settings.kubernetesVersion.text} · kube-proxy ${settings.proxyMode}`;
}
