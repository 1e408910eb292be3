/**
 * The editor's layer of settings, from what VS Code's `inspect()` reports per key, decided without
 * vscode so that it can be unit-tested (test/client). Only values the user set count: a default
 * VS Code merely shows must not hide the workspace's .kube-lb-reach.yaml.
 */

/** The part of `WorkspaceConfiguration.inspect()` read here. */
export interface InspectedSetting {
  readonly globalValue?: unknown;
  readonly workspaceValue?: unknown;
  readonly workspaceFolderValue?: unknown;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The value the user set for one key: the folder's over the workspace's over the user's. Object
 * settings (`rules`, `knownListeners`) merge per entry, as VS Code merges them and as the server
 * merges layers, so a workspace that sets one rule keeps the user's other rules. Language-specific
 * values (`"[yaml]": {...}`) are not read: these settings are resource-scoped, not
 * language-overridable, and VS Code's own answer to a scope URI ignores them too.
 */
export function explicitValue(inspected: InspectedSetting | undefined): unknown {
  if (!inspected) return undefined;
  let value: unknown = undefined;
  for (const level of [inspected.globalValue, inspected.workspaceValue, inspected.workspaceFolderValue]) {
    if (level === undefined) continue;
    value = isPlainObject(value) && isPlainObject(level) ? { ...value, ...level } : level;
  }
  return value;
}

/** Every key's explicit value, keys without one left out (so the server's lower layers hold). */
export function explicitLayer(keys: readonly string[], inspect: (key: string) => InspectedSetting | undefined): Record<string, unknown> {
  const layer: Record<string, unknown> = {};
  for (const key of keys) {
    const value = explicitValue(inspect(key));
    if (value !== undefined) layer[key] = value;
  }
  return layer;
}

/** The keys of one section among a package.json's contributed settings (`kubeLbReach.rules` → `rules`). */
export function sectionKeys(packageJson: unknown, section: string): string[] {
  const properties = isPlainObject(packageJson) && isPlainObject(packageJson['contributes']) && isPlainObject(packageJson['contributes']['configuration']) ? packageJson['contributes']['configuration']['properties'] : undefined;
  const prefix = `${section}.`;
  return Object.keys(isPlainObject(properties) ? properties : {}).filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length));
}

/** One item of a `workspace/configuration` request, as the server sends it. */
export interface ConfigurationItem {
  readonly section?: string;
  readonly scopeUri?: string;
}

/**
 * The answer to a `workspace/configuration` request: our section's items get `layerOf(scopeUri)`,
 * the others keep VS Code's own answer at their index (`othersAnswer`, asked only when there are others).
 */
export function answerConfiguration(items: readonly ConfigurationItem[], section: string, othersAnswer: readonly unknown[], layerOf: (scopeUri: string | undefined) => Record<string, unknown>): unknown[] {
  return items.map((item, i): unknown => (item.section === section ? layerOf(item.scopeUri) : othersAnswer[i]));
}
