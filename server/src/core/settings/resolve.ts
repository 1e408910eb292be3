import { parseKubernetesVersion, proxyModeAvailability, PROXY_MODES, type KubernetesVersion, type ProxyMode } from '../model/kubernetes';
import { parseListenerSpec, type Listener } from '../model/listeners';
import { parseControllerVersion, type ControllerVersion } from '../model/controllerVersion';
import { BACKEND_TYPES, DEFAULT_KUBERNETES_VERSION, RULE_LEVELS, SETTINGS, type RenderSettingKey, type SettingKey } from './descriptor';

export type BackendType = (typeof BACKEND_TYPES)[number];
/** A rule's severity as configured; `off`: the rule is not run. */
export type RuleLevel = (typeof RULE_LEVELS)[number];

/** Settings as the user writes them (editor settings, CLI flags). Anything may be wrong. */
export type RawSettings = Partial<Record<SettingKey | RenderSettingKey, unknown>>;

/** Settings after validation: what the analysis runs on. */
export interface Settings {
  readonly kubernetesVersion: KubernetesVersion;
  readonly proxyMode: ProxyMode;
  /** The cluster-wide default of what the controller registers as backends (`auto` is read as `ecs`). */
  readonly backendType: BackendType;
  /** Load balancer id → listeners no manifest declares (made in the console, say). */
  readonly knownListeners: ReadonlyMap<string, readonly Listener[]>;
  readonly hostnameTemplate: string;
  /** Rule id → the severity the user chose; rules not in it keep their default (the runner applies both). */
  readonly rules: ReadonlyMap<string, RuleLevel>;
  /** The cloud controller manager's release; undefined: unknown, and nothing is said about versions. */
  readonly ccmVersion: ControllerVersion | undefined;
}

export interface SettingsResult {
  readonly settings: Settings;
  /** One sentence per value that was ignored, for the adapter to log or print. */
  readonly problems: string[];
}

const defaultOf = (key: SettingKey): unknown => SETTINGS.find((s) => s.key === key)?.default;

/**
 * Bounds on settings, which may come from a workspace's own `.vscode/settings.json`: a hostile or
 * generated one must not stall the server or flood its log. Past them, values are ignored and
 * said once, with a count.
 */
export const SETTINGS_LIMITS = { loadBalancers: 1_000, listenersPerLoadBalancer: 1_000, idLength: 256, templateLength: 1_024, ruleEntries: 1_000 } as const;

function resolveKnownListeners(value: unknown, problems: string[]): Map<string, Listener[]> {
  const knownListeners = new Map<string, Listener[]>();
  if (value === undefined || value === null) return knownListeners;
  if (typeof value !== 'object' || Array.isArray(value)) {
    problems.push('knownListeners must be an object of load balancer id → list of listeners; ignored.');
    return knownListeners;
  }
  const ignored = { notLists: [] as string[], specs: [] as string[], overLimit: 0, longIds: 0, listenersOverLimit: 0 };
  let examined = 0;
  for (const [lbId, specs] of Object.entries(value as Record<string, unknown>)) {
    if (examined++ >= SETTINGS_LIMITS.loadBalancers) {
      ignored.overLimit++;
      continue;
    }
    if (lbId.length > SETTINGS_LIMITS.idLength) {
      ignored.longIds++;
      continue;
    }
    if (!Array.isArray(specs)) {
      ignored.notLists.push(lbId);
      continue;
    }
    const listeners: Listener[] = [];
    for (const spec of specs as unknown[]) {
      if (listeners.length >= SETTINGS_LIMITS.listenersPerLoadBalancer) {
        ignored.listenersOverLimit++;
        break;
      }
      const listener = typeof spec === 'string' || typeof spec === 'number' ? parseListenerSpec(String(spec).slice(0, 64)) : undefined;
      if (listener) listeners.push(listener);
      else ignored.specs.push(`${lbId}: ${(JSON.stringify(spec) as string | undefined ?? typeof spec).slice(0, 64)}`);
    }
    knownListeners.set(lbId.trim(), listeners);
  }
  const first = (list: string[]): string => `${list.slice(0, 3).join('; ')}${list.length > 3 ? ` and ${list.length - 3} more` : ''}`;
  if (ignored.notLists.length > 0) problems.push(`knownListeners: ${ignored.notLists.length} entries are not lists such as ["443/TCP"] (${first(ignored.notLists)}); ignored.`);
  if (ignored.specs.length > 0) problems.push(`knownListeners: ${ignored.specs.length} listeners are not PORT or PORT/PROTOCOL (${first(ignored.specs)}); ignored.`);
  if (ignored.overLimit > 0) problems.push(`knownListeners: ${ignored.overLimit} load balancers past the first ${SETTINGS_LIMITS.loadBalancers}; ignored.`);
  if (ignored.longIds > 0) problems.push(`knownListeners: ${ignored.longIds} ids longer than ${SETTINGS_LIMITS.idLength} characters; ignored.`);
  if (ignored.listenersOverLimit > 0) problems.push(`knownListeners: listeners past ${SETTINGS_LIMITS.listenersPerLoadBalancer} for one load balancer; ignored.`);
  return knownListeners;
}

/** `rules`: rule id → severity or `off`; an unknown id or value is a problem and that entry is ignored. */
function resolveRuleLevels(value: unknown, ruleIds: readonly string[], problems: string[]): Map<string, RuleLevel> {
  const levels = new Map<string, RuleLevel>();
  if (value === undefined || value === null) return levels;
  if (typeof value !== 'object' || Array.isArray(value)) {
    problems.push(`rules must be an object of rule id → ${RULE_LEVELS.join(' | ')}; ignored.`);
    return levels;
  }
  const unknownIds: string[] = [];
  const badValues: string[] = [];
  let examined = 0;
  for (const [id, level] of Object.entries(value as Record<string, unknown>)) {
    // As many entries as there are rules are meaningful; a generated settings file must not flood the log.
    if (examined++ >= SETTINGS_LIMITS.ruleEntries) break;
    const shownId = JSON.stringify(id.slice(0, 64));
    if (!ruleIds.includes(id)) {
      unknownIds.push(shownId);
      continue;
    }
    const normalized = typeof level === 'string' ? level.trim().toLowerCase() : '';
    if ((RULE_LEVELS as readonly string[]).includes(normalized)) levels.set(id, normalized as RuleLevel);
    else badValues.push(`${shownId}: ${(JSON.stringify(level) as string | undefined ?? typeof level).slice(0, 64)}`);
  }
  const first = (list: string[]): string => `${list.slice(0, 3).join(', ')}${list.length > 3 ? ` and ${list.length - 3} more` : ''}`;
  if (unknownIds.length > 0) problems.push(`rules: ${first(unknownIds)} ${unknownIds.length === 1 ? 'is not a rule id' : 'are not rule ids'} of kube-lb-reach; ignored.`);
  if (badValues.length > 0) problems.push(`rules: ${first(badValues)}: a severity is one of ${RULE_LEVELS.join(', ')}; ignored.`);
  return levels;
}

/**
 * `ruleIds`: the rules that `rules` may name. The rules stand above the settings, so the caller
 * passes them (the core barrel's resolveSettings passes every registered rule's).
 */
export function resolveSettingsFor(raw: RawSettings | undefined, ruleIds: readonly string[]): SettingsResult {
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
  let hostnameTemplate = typeof input.hostnameTemplate === 'string' ? input.hostnameTemplate.trim() : '';
  if (hostnameTemplate.length > SETTINGS_LIMITS.templateLength) {
    problems.push(`hostnameTemplate is longer than ${SETTINGS_LIMITS.templateLength} characters; ignored.`);
    hostnameTemplate = '';
  }
  let ccmVersion: ControllerVersion | undefined;
  if (input.ccmVersion !== undefined && input.ccmVersion !== null && input.ccmVersion !== '') {
    ccmVersion = typeof input.ccmVersion === 'string' ? parseControllerVersion(input.ccmVersion) : undefined;
    if (!ccmVersion) problems.push(`ccmVersion ${((JSON.stringify(input.ccmVersion) as string | undefined) ?? typeof input.ccmVersion).slice(0, 64)} is not of the form MAJOR.MINOR.PATCH or vMAJOR.MINOR.PATCH; read as unknown.`);
  }
  const rules = resolveRuleLevels(input.rules, ruleIds, problems);
  return { settings: { kubernetesVersion, proxyMode, backendType, knownListeners, hostnameTemplate, rules, ccmVersion }, problems };
}

export const DEFAULT_SETTINGS: Settings = resolveSettingsFor(undefined, []).settings;

/** What the status bar and the Output channel show of the settings in effect. */
export function describeSettings(settings: Settings): string {
  return `k8s ${settings.kubernetesVersion.text} · kube-proxy ${settings.proxyMode}`;
}

/**
 * An editor's section as a layer: VS Code's explicit layer names dotted keys (`render.kustomize`);
 * a client that sends the section as an object (Neovim's settings tables) nests them.
 */
export function clientSectionLayer(section: object): RawSettings {
  const { render, ...rest } = section as Record<string, unknown>;
  if (typeof render !== 'object' || render === null || Array.isArray(render) || !('kustomize' in render)) return section;
  return { ...rest, 'render.kustomize': (render as Record<string, unknown>)['kustomize'] };
}

/** Past this many directories `render.kustomize` is cut: each one is a process run on every change. */
export const MAX_KUSTOMIZE_DIRS = 20;

/**
 * `render.kustomize` of one layer, as written (relative paths; the adapter resolves them against
 * the layer's folder). Undefined: the layer does not set it, so a lower layer's list stands.
 */
export function kustomizeDirsOf(raw: RawSettings | undefined): { dirs: string[] | undefined; problems: string[] } {
  const value = raw?.['render.kustomize'];
  if (value === undefined || value === null) return { dirs: undefined, problems: [] };
  if (!Array.isArray(value)) return { dirs: [], problems: ['render.kustomize must be a list of directories; ignored.'] };
  const problems: string[] = [];
  const names = (value as unknown[]).map((d) => (typeof d === 'string' ? d.trim() : ''));
  const notNames = names.filter((d) => d === '').length;
  if (notNames > 0) problems.push(`render.kustomize: ${notNames} entries are not directory names; ignored.`);
  const dirs = [...new Set(names.filter((d) => d !== ''))];
  if (dirs.length > MAX_KUSTOMIZE_DIRS) problems.push(`render.kustomize: ${dirs.length - MAX_KUSTOMIZE_DIRS} directories past the first ${MAX_KUSTOMIZE_DIRS}; ignored.`);
  return { dirs: dirs.slice(0, MAX_KUSTOMIZE_DIRS), problems };
}
