import { SEVERITIES } from '../model/finding';
import { PROXY_MODES } from '../model/kubernetes';

/**
 * The one description of every setting. `package.json#contributes.configuration`, the CLI's
 * flags and help, the validation in ./resolve and the status text are generated from it or read it
 * (test/core/settings-descriptor.test.ts fails on drift; `npm run generate` rewrites package.json).
 */
export interface SettingDescriptor {
  /** The name in editor settings (`kubeLbReach.<key>`) and in RawSettings. */
  readonly key: SettingKey;
  readonly type: 'string' | 'object';
  readonly default: string | Readonly<Record<string, never>>;
  readonly enum?: readonly string[];
  /** A JSON Schema pattern for string values. */
  readonly pattern?: string;
  /** JSON Schema of an object's values. */
  readonly additionalProperties?: Readonly<Record<string, unknown>>;
  /** An object keyed by rule id, each value one of these: the schema lists every rule id as a property. */
  readonly perRule?: { readonly enum: readonly string[] };
  readonly markdownDescription: string;
  /** Whether a cluster of the config file (`clusters[]`) may set it for itself; else only the file's top level and the editor. */
  readonly perCluster: boolean;
  readonly cli: {
    readonly flag: string;
    readonly valueName: string;
    readonly repeatable: boolean;
    readonly help: string;
  };
}

export type SettingKey = 'kubernetesVersion' | 'kubeProxyMode' | 'backendType' | 'knownListeners' | 'hostnameTemplate' | 'rules' | 'ccmVersion';

/**
 * A setting that is no input of the analysis but tells the language server to run a tool
 * (`render.kustomize`: `kubectl kustomize` on the directories named). It has no flag of its own:
 * the CLI takes the directories as a command's option (`lint --kustomize DIR`), not as a setting.
 * It is read from the editor's settings and a config file's top level only.
 */
export interface RenderSettingDescriptor {
  readonly key: RenderSettingKey;
  readonly type: 'array';
  readonly default: readonly string[];
  readonly items: Readonly<Record<string, unknown>>;
  readonly markdownDescription: string;
  /** Never per cluster: an overlay's rendered Services belong to the cluster its own folder is in (`paths`). */
  readonly perCluster: false;
  /** VS Code ignores a workspace's own value of it until the workspace is trusted (package.json restrictedConfigurations). */
  readonly restricted: true;
}

export type RenderSettingKey = 'render.kustomize';

/** A rule's severity as the user sets it; `off`: the rule is not run. */
export const RULE_LEVELS = [...SEVERITIES, 'off'] as const;

export const BACKEND_TYPES = ['auto', 'eni', 'ecs'] as const;

export const SETTINGS_SECTION = 'kubeLbReach';
export const DEFAULT_KUBERNETES_VERSION = '1.34';

export const SETTINGS: readonly SettingDescriptor[] = [
  {
    key: 'kubernetesVersion',
    perCluster: true,
    type: 'string',
    default: DEFAULT_KUBERNETES_VERSION,
    pattern: '^v?1\\.\\d+(\\.\\d+)?$',
    markdownDescription:
      'Kubernetes version of the target cluster (`1.MINOR` or `1.MINOR.PATCH`; a bare minor is read as `1.MINOR.0`). Reachability changed in 1.15 (iptables), 1.24 (IPVS with `externalTrafficPolicy: Local`), 1.26 (IPVS filter) and 1.34 / 1.33.6 (nftables).',
    cli: { flag: 'kubernetes-version', valueName: '1.MINOR[.PATCH]', repeatable: false, help: `target cluster version (default ${DEFAULT_KUBERNETES_VERSION})` },
  },
  {
    key: 'kubeProxyMode',
    perCluster: true,
    type: 'string',
    default: 'ipvs',
    enum: PROXY_MODES,
    markdownDescription:
      'kube-proxy mode of the target cluster. Only `ipvs` binds load balancer IPs on every node; it is deprecated from Kubernetes 1.35 (PR 134539), `nftables` (GA in 1.33, from 1.29 as alpha) is the suggested replacement.',
    cli: { flag: 'proxy-mode', valueName: PROXY_MODES.join('|'), repeatable: false, help: 'kube-proxy mode (default ipvs)' },
  },
  {
    key: 'backendType',
    perCluster: true,
    type: 'string',
    default: 'auto',
    enum: BACKEND_TYPES,
    markdownDescription:
      'What the cloud controller registers as load balancer backends when a Service does not say so itself (Alibaba Cloud: the backend-type annotation): `ecs` the nodes (by `externalTrafficPolicy`), `eni` the pods themselves (common with Terway), `auto` read as `ecs`.',
    cli: { flag: 'backend-type', valueName: BACKEND_TYPES.join('|'), repeatable: false, help: 'default load balancer backends when a Service does not say (default auto = ecs)' },
  },
  {
    key: 'knownListeners',
    perCluster: true,
    type: 'object',
    default: {},
    additionalProperties: { type: 'array', items: { type: 'string', pattern: '^\\d{1,5}(/(TCP|UDP|SCTP|tcp|udp|sctp))?$' } },
    markdownDescription: 'Listeners a CLB has that no manifest in the workspace declares, e.g. `{ "lb-xxxx": ["443/TCP", "8443"] }`.',
    cli: { flag: 'known-listener', valueName: 'lb-ID=PORT[/PROTO]', repeatable: true, help: 'a listener the CLB has that no manifest declares (repeatable)' },
  },
  {
    key: 'hostnameTemplate',
    perCluster: false,
    type: 'string',
    default: '',
    markdownDescription:
      'Value inserted by the hostname quick fix, e.g. `${name}.${namespace}.example.net` (`${name}`, `${namespace}`, `${clbId}` are replaced). Empty: an obvious placeholder is inserted, and fix-all skips the fix.',
    cli: { flag: 'hostname-template', valueName: 'TEMPLATE', repeatable: false, help: "hostname fix value, e.g. '${name}.${namespace}.example.net'" },
  },
  {
    key: 'rules',
    perCluster: false,
    type: 'object',
    default: {},
    perRule: { enum: RULE_LEVELS },
    markdownDescription:
      'Severity per rule id, e.g. `{ "lb-layer4-loopback": "error", "clb-annotation-unknown": "off" }`: `error`, `warning`, `information`, `hint`, or `off` (the rule is not run). Rules not named keep their default severity.',
    cli: { flag: 'rule', valueName: 'ID=SEVERITY', repeatable: true, help: `a rule's severity: ${RULE_LEVELS.join('|')} (repeatable)` },
  },
  {
    key: 'ccmVersion',
    perCluster: true,
    type: 'string',
    default: '',
    pattern: '^(v?\\d+\\.\\d+\\.\\d+)?$',
    markdownDescription:
      'Version of the cloud controller manager of the target cluster (Alibaba Cloud CCM: `MAJOR.MINOR.PATCH` or `vMAJOR.MINOR.PATCH`, e.g. `v2.14.0`). Annotations it is too old to read are reported. Empty: unknown, nothing is reported about versions.',
    cli: { flag: 'ccm-version', valueName: 'vMAJOR.MINOR.PATCH', repeatable: false, help: 'cloud controller manager version (default: unknown)' },
  },
];

export const RENDER_SETTINGS: readonly RenderSettingDescriptor[] = [
  {
    key: 'render.kustomize',
    type: 'array',
    default: [],
    items: { type: 'string', minLength: 1 },
    perCluster: false,
    restricted: true,
    markdownDescription:
      'Kustomize directories (overlays) to render with `kubectl kustomize` and check, e.g. `["deploy/overlays/prod"]`: relative to the workspace folder (in a config file: to its folder). Findings in the rendered Services are shown on the files you edit (the base or the patch). Runs only in a trusted workspace.',
  },
];

/**
 * `package.json#contributes.configuration`, as VS Code reads it. The rule ids come from the
 * caller: the rules stand above the settings (see the core barrel, which passes every rule's).
 */
export function contributedConfiguration(ruleIds: readonly string[]): { title: string; properties: Record<string, Record<string, unknown>> } {
  const properties: Record<string, Record<string, unknown>> = {};
  for (const setting of SETTINGS) {
    const perRule = setting.perRule;
    properties[`${SETTINGS_SECTION}.${setting.key}`] = {
      type: setting.type,
      default: setting.default,
      ...(setting.enum ? { enum: [...setting.enum] } : {}),
      ...(setting.pattern ? { pattern: setting.pattern } : {}),
      ...(setting.additionalProperties ? { additionalProperties: setting.additionalProperties } : {}),
      ...(perRule
        ? { properties: Object.fromEntries(ruleIds.map((id) => [id, { type: 'string', enum: [...perRule.enum] }])), additionalProperties: false }
        : {}),
      scope: 'resource',
      markdownDescription: setting.markdownDescription,
    };
  }
  for (const setting of RENDER_SETTINGS) {
    properties[`${SETTINGS_SECTION}.${setting.key}`] = { type: setting.type, default: [...setting.default], items: setting.items, scope: 'resource', markdownDescription: setting.markdownDescription };
  }
  return { title: 'Kube LB Reach', properties };
}
