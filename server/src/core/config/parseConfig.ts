import Ajv, { type ErrorObject } from 'ajv';
import { isMap, isSeq, parseAllDocuments, type Document, type Node } from 'yaml';
import { type RawSettings, resolveSettingsFor } from '../settings/resolve';
import { RENDER_SETTINGS, SETTINGS, type RenderSettingKey, type SettingKey } from '../settings/descriptor';
import { LineIndex } from '../text/lineIndex';
import { span, type Span } from '../text/span';
import { configSchemaFor } from './schema';

/** A config file is small: past this it is refused whole (a generated or hostile one must not stall the server). */
export const MAX_CONFIG_LENGTH = 256 * 1024;
const MAX_CLUSTERS = 200;

export interface ClusterConfig {
  readonly name: string;
  readonly paths: readonly string[];
  /** The settings this cluster sets for itself. */
  readonly raw: RawSettings;
}

export interface ConfigFile {
  /** The settings of the file's top level (every cluster's defaults). */
  readonly raw: RawSettings;
  readonly listenerFiles: readonly string[];
  readonly ignorePaths: readonly string[];
  readonly clusters: readonly ClusterConfig[];
}

export interface ConfigProblem {
  readonly message: string;
  readonly span: Span;
  /** Errors make the file unusable (the last good one stays in force); warnings leave it in force. */
  readonly severity: 'error' | 'warning';
}

export interface ParsedConfig {
  /** Undefined when the file has an error: then the last good config of this file stays in force. */
  readonly config: ConfigFile | undefined;
  readonly problems: readonly ConfigProblem[];
  readonly lineIndex: LineIndex;
}

/** One compiled validator per list of rule ids (in practice one per process). */
const validators = new Map<string, ReturnType<Ajv['compile']>>();
function validate(value: unknown, ruleIds: readonly string[]): ErrorObject[] {
  const key = ruleIds.join(',');
  let validator = validators.get(key);
  // `markdownDescription` is VS Code's keyword: known to the editor, ignored here.
  if (!validator) validators.set(key, (validator = new Ajv({ allErrors: true, strict: false }).compile(configSchemaFor(ruleIds))));
  return validator(value) ? [] : [...(validator.errors ?? [])];
}

/** The YAML node at a JSON pointer, and with `key`, the key node of that property. */
function nodeAt(document: Document.Parsed, pointer: string, key?: string): Node | undefined {
  let node: unknown = document.contents;
  const steps = pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (key !== undefined) steps.push(key);
  for (const [i, step] of steps.entries()) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === step);
      if (!pair) return node;
      node = key !== undefined && i === steps.length - 1 ? pair.key : pair.value;
    } else if (isSeq(node)) {
      node = node.items[Number(step)];
    } else break;
  }
  return node && typeof node === 'object' && 'range' in node ? (node as Node) : undefined;
}

function spanOfNode(node: Node | undefined): Span {
  const range = node?.range;
  return range ? span(range[0], range[1]) : span(0, 0);
}

function describe(error: ErrorObject): string {
  const where = error.instancePath === '' ? 'the config file' : error.instancePath.slice(1).replace(/\//g, '.');
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return `${where === 'the config file' ? 'Unknown key' : `Unknown key in ${where}:`} "${String(params['additionalProperty'])}"; the keys are listed in docs/configuration.md.`;
    case 'enum':
      return `${where} must be one of ${(params['allowedValues'] as unknown[]).map(String).join(', ')}.`;
    case 'required':
      return `${where} lacks "${String(params['missingProperty'])}".`;
    case 'pattern':
      return `${where} does not have the expected form (${String(params['pattern'])}).`;
    default:
      return `${where} ${error.message ?? 'is not valid'}.`;
  }
}

function rawOf(value: Record<string, unknown>, keys: readonly (SettingKey | RenderSettingKey)[]): RawSettings {
  const raw: Record<string, unknown> = {};
  for (const key of keys) if (value[key] !== undefined) raw[key] = value[key];
  return raw;
}

/** Settings problems the schema cannot see (nftables at 1.25, say): warnings at the value. */
function settingsWarnings(document: Document.Parsed, pointer: string, raw: RawSettings, ruleIds: readonly string[]): ConfigProblem[] {
  return resolveSettingsFor(raw, ruleIds).problems.map((message) => {
    const key = SETTINGS.find((s) => message.startsWith(s.key))?.key;
    return { message, span: spanOfNode(nodeAt(document, key ? `${pointer}/${key}` : pointer)), severity: 'warning' as const };
  });
}

/**
 * Reads `.kube-lb-reach.yaml`: one YAML document, validated against the schema generated from the
 * settings descriptor. Every problem has its place in the file; nothing here throws.
 */
export function parseConfigFile(text: string, ruleIds: readonly string[]): ParsedConfig {
  const lineIndex = LineIndex.of(text);
  const fail = (message: string, at: Span = span(0, 0)): ParsedConfig => ({ config: undefined, problems: [{ message, span: at, severity: 'error' }], lineIndex });
  if (text.length > MAX_CONFIG_LENGTH) return fail(`The config file is larger than ${MAX_CONFIG_LENGTH / 1024} KiB; it is not read.`);
  const empty: ParsedConfig = { config: { raw: {}, listenerFiles: [], ignorePaths: [], clusters: [] }, problems: [], lineIndex };
  const documents = parseAllDocuments(text, { prettyErrors: false });
  // An empty file, or one of comments only, sets nothing: every default holds.
  if (!Array.isArray(documents) || documents.length === 0) return empty;
  if (documents.length > 1) return fail('The config file holds more than one YAML document; write one.', spanOfNode(documents[1]?.contents ?? undefined));
  const document = documents[0]!;
  const syntax = document.errors[0];
  if (syntax) return fail(`YAML syntax error: ${syntax.message.split('\n')[0]}`, span(Math.min(syntax.pos[0], text.length), Math.min(syntax.pos[1], text.length)));
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    return fail(`The config file cannot be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (value === null || value === undefined) return empty;
  const errors = validate(value, ruleIds);
  // Ajv reports a failed `if`-less `type` once per branch it tried; one line per place is enough.
  const seen = new Set<string>();
  const problems: ConfigProblem[] = errors.flatMap((error) => {
    const key = error.keyword === 'additionalProperties' ? String((error.params as Record<string, unknown>)['additionalProperty']) : undefined;
    const message = describe(error);
    if (seen.has(message)) return [];
    seen.add(message);
    return [{ message, span: spanOfNode(nodeAt(document, error.instancePath, key)), severity: 'error' as const }];
  });
  if (problems.length > 0) return { config: undefined, problems: problems.sort((a, b) => a.span.start - b.span.start), lineIndex };

  const file = value as Record<string, unknown>;
  const settingKeys = [...SETTINGS.map((s) => s.key), ...RENDER_SETTINGS.map((s) => s.key)];
  const clusterKeys = SETTINGS.filter((s) => s.perCluster).map((s) => s.key);
  const clusters = ((file['clusters'] as Record<string, unknown>[] | undefined) ?? []).map((c) => ({ name: c['name'] as string, paths: c['paths'] as string[], raw: rawOf(c, clusterKeys) }));
  const warnings = settingsWarnings(document, '', rawOf(file, settingKeys), ruleIds);
  clusters.forEach((cluster, i) => warnings.push(...settingsWarnings(document, `/clusters/${i}`, { ...rawOf(file, settingKeys), ...cluster.raw }, ruleIds)));
  const names = new Set<string>();
  for (const [i, cluster] of clusters.entries()) {
    const at = spanOfNode(nodeAt(document, `/clusters/${i}/name`));
    if (cluster.name === 'default') return { config: undefined, problems: [{ message: 'The cluster name "default" is taken by the manifests that match no cluster; choose another.', span: at, severity: 'error' }], lineIndex };
    if (names.has(cluster.name)) return { config: undefined, problems: [{ message: `Two clusters are named "${cluster.name}".`, span: at, severity: 'error' }], lineIndex };
    names.add(cluster.name);
  }
  if (clusters.length > MAX_CLUSTERS) return fail(`More than ${MAX_CLUSTERS} clusters; the config file is not read.`);
  return {
    config: {
      raw: rawOf(file, settingKeys),
      listenerFiles: (file['listenerFiles'] as string[] | undefined) ?? [],
      ignorePaths: (file['ignorePaths'] as string[] | undefined) ?? [],
      clusters,
    },
    problems: dedupe(warnings),
    lineIndex,
  };
}

function dedupe(problems: ConfigProblem[]): ConfigProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.span.start}:${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
