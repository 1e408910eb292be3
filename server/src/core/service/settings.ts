import { RULES } from '../rules';
import { contributedConfiguration as configurationFor } from '../settings/descriptor';
import { resolveSettingsFor, type RawSettings, type SettingsResult } from '../settings/resolve';
import { configSchemaFor } from '../config/schema';
import { parseConfigFile as parseConfigFileFor, type ParsedConfig } from '../config/parseConfig';

/**
 * The settings as the adapters resolve them: `rules` may name every registered rule. The settings
 * layer stands below the rules, so the ids are bound here, above both.
 */
export const RULE_IDS: readonly string[] = RULES.map((rule) => rule.id);

export function resolveSettings(raw: RawSettings | undefined): SettingsResult {
  return resolveSettingsFor(raw, RULE_IDS);
}

/** `package.json#contributes.configuration`, with the JSON schema of `kubeLbReach.rules` listing every rule id. */
export function contributedConfiguration(): ReturnType<typeof configurationFor> {
  return configurationFor(RULE_IDS);
}

/** The JSON Schema of `.kube-lb-reach.yaml`, with `rules:` listing every rule id. */
export function configSchema(): ReturnType<typeof configSchemaFor> {
  return configSchemaFor(RULE_IDS);
}

/** Reads a config file as the language service does, with every registered rule's id. */
export function parseConfigFile(text: string): ParsedConfig {
  return parseConfigFileFor(text, RULE_IDS);
}
