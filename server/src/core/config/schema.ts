import { RENDER_SETTINGS, SETTINGS, type SettingDescriptor } from '../settings/descriptor';

/** The names the config file is found by, nearest first in each folder. */
export const CONFIG_FILE_NAMES = ['.kube-lb-reach.yaml', '.kube-lb-reach.yml'] as const;

/** Where the generated schema is written (contributed to Red Hat's YAML extension through `yamlValidation`). */
export const CONFIG_SCHEMA_PATH = 'schemas/kube-lb-reach.schema.json';

type JsonSchema = Record<string, unknown>;

function settingSchema(setting: SettingDescriptor, ruleIds: readonly string[]): JsonSchema {
  const perRule = setting.perRule;
  return {
    type: setting.type,
    ...(setting.enum ? { enum: [...setting.enum] } : {}),
    ...(setting.pattern ? { pattern: setting.pattern } : {}),
    ...(setting.additionalProperties ? { additionalProperties: setting.additionalProperties } : {}),
    ...(perRule ? { properties: Object.fromEntries(ruleIds.map((id) => [id, { type: 'string', enum: [...perRule.enum] }])), additionalProperties: false } : {}),
    markdownDescription: setting.markdownDescription,
  };
}

const globList = (description: string): JsonSchema => ({
  type: 'array',
  items: { type: 'string', minLength: 1 },
  markdownDescription: description,
});

/**
 * The JSON Schema of `.kube-lb-reach.yaml`, generated from the settings descriptor: every setting
 * at the top level, the per-cluster ones inside `clusters[]`, and the keys only the file has.
 * The server validates with it too, so the editor's squiggles and the server's diagnostics agree.
 * The rule ids (for `rules:`) come from the caller: the rules stand above this layer.
 */
export function configSchemaFor(ruleIds: readonly string[]): JsonSchema {
  const settings = Object.fromEntries(SETTINGS.map((s) => [s.key, settingSchema(s, ruleIds)]));
  const perCluster = Object.fromEntries(SETTINGS.filter((s) => s.perCluster).map((s) => [s.key, settingSchema(s, ruleIds)]));
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://kube-lb-reach.dev/schemas/kube-lb-reach.schema.json',
    title: 'kube-lb-reach configuration (.kube-lb-reach.yaml)',
    type: 'object',
    additionalProperties: false,
    properties: {
      $schema: { type: 'string' },
      ...settings,
      // Top level only: an overlay's Services go to the cluster of the overlay's own folder.
      ...Object.fromEntries(RENDER_SETTINGS.map((s) => [s.key, { type: s.type, items: s.items, markdownDescription: s.markdownDescription }])),
      listenerFiles: globList(
        'Globs (relative to this file) of JSON answers of Alibaba Cloud `DescribeLoadBalancerAttribute` or `DescribeLoadBalancerListeners`: the listeners the CLBs really have.',
      ),
      ignorePaths: globList('Globs (relative to this file) of manifests that are not analysed.'),
      clusters: {
        type: 'array',
        markdownDescription:
          'The clusters the manifests below this file deploy to. A manifest belongs to the first cluster whose `paths` match; one matching none belongs to this file\'s `default` cluster.',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['name', 'paths'],
          properties: {
            name: { type: 'string', minLength: 1, pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$', markdownDescription: 'The cluster\'s name, shown in messages and the status bar.' },
            paths: { ...globList('Globs (relative to this file) of the manifests of this cluster.'), minItems: 1 },
            ...perCluster,
          },
        },
      },
    },
  };
}
