import { ok } from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as fc from 'fast-check';
import { applyEdits, fixAllEdits, LanguageService, parseFile, resolveSettings, type RawSettings, type Settings } from '../../server/src/core';
import { analyzeIn } from '../helpers/workspace';
import { main } from '../../server/src/cli/main';
import { hostnameFixAt, hostnameValue } from '../helpers/fixes';
import { assertIntendedChange, assertSoundAnalysis, fixAllTargets, insertedHostname } from './oracle';
import { HTTP_TEXT, HTTPS_TEXT, TEMPLATE } from './support';

/**
 * Generators and properties shared by the property tests (a few hundred runs each) and
 * scripts/fuzz.mjs (as many as asked for).
 */

const ID = 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-id';
const LEGACY_ID = 'service.beta.kubernetes.io/alicloud-loadbalancer-id';
const HOSTNAME = 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-hostname';

/** A legacy spelling of a key that has a current one, and near misses the controller does not read. */
const LEGACY_ADDRESS_TYPE = 'service.beta.kubernetes.io/alicloud-loadbalancer-address-type';
const ADDRESS_TYPE = 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type';
const NEAR_MISSES = ['service.beta.kubernetes.io/alibaba-cloud-loadbalancer-adress-type', 'service.beta.kubernetes.io/alibaba-cloud-load-balancer-force-override-listeners', 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-hostnam'];

/** Names that YAML, YAML 1.1 or DNS read in surprising ways. */
const NAMES = ['web', 'svc-1', 'a', 'yes', 'on', 'off', 'y', 'n', 'null', 'true', '1e5', '0x1f', '1.2', '012', '.inf', 'Über', 'сервис', '负载均衡', 'a b', "it's", 'x: y', '- z', '#x', '~', '', 'a\tb', '😀'];
const WORDS = ['lb-1', 'lb-1', 'lb-article-clb1', 'true', 'false', '443', 'https:443,http:80', 'tcp:80', '', ' ', 'null', 'a "q"', "it's", 'ü'];
/**
 * Values kubectl (YAML 1.1) does not read as strings when unquoted: booleans, numbers, nulls. And
 * values an enum or switch key takes in the wrong case or spelling (clb-annotation-invalid-value's fixes).
 */
const NOT_TEXT = ['on', 'off', 'yes', 'no', 'y', 'N', 'True', 'FALSE', '1e3', '0x1f', '012', '0o17', '1_000', '.5', '-7', '.inf', '~', 'NULL', '2001:db8::1', '12:30'];
const MISSPELT = ['Internet', 'INTRANET', 'internet', 'True', 'yes', 'enable'];

type Quoting = 'plain' | 'single' | 'double';
const quoting = fc.constantFrom<Quoting>('plain', 'single', 'double');

function scalar(text: string, style: Quoting): string {
  if (style === 'single') return `'${text.replace(/'/g, "''")}'`;
  if (style === 'double') return JSON.stringify(text);
  return text;
}

/** Mostly the usual, sometimes the odd: a generator of only odd manifests would never reach a fix. */
const mostly = <T>(usual: fc.Arbitrary<T>, odd: fc.Arbitrary<T>, weight = 4): fc.Arbitrary<T> => fc.oneof({ weight, arbitrary: usual }, { weight: 1, arbitrary: odd });

const entry = fc.record({
  key: mostly(
    fc.constantFrom('note', 'description', 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-force-override-listeners', ADDRESS_TYPE),
    fc.constantFrom(ID, LEGACY_ID, HOSTNAME, 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-protocol-port', LEGACY_ADDRESS_TYPE, ...NEAR_MISSES),
    2,
  ),
  value: fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...WORDS) }, { weight: 2, arbitrary: fc.constantFrom(...NOT_TEXT) }, { weight: 1, arbitrary: fc.constantFrom(...MISSPELT) }),
  keyQuoting: mostly(fc.constant<Quoting>('plain'), quoting),
  valueQuoting: quoting,
  comment: fc.boolean(),
});

const port = fc.record({
  port: mostly(fc.oneof(fc.constantFrom(80, 443, 8080, 53), fc.integer({ min: 1, max: 65535 })), fc.constantFrom(0, 70000), 12),
  asString: mostly(fc.constant(false), fc.constant(true), 12),
  protocol: mostly(fc.constantFrom('TCP', 'UDP', undefined), fc.constantFrom('SCTP', 'tcp', 'HTTP'), 12),
  name: fc.option(fc.constantFrom('http', 'https', 'dns'), { nil: undefined }),
});

export interface ServiceLayout {
  readonly indent: number;
  readonly keyOrder: readonly string[];
  readonly name: { text: string; quoting: Quoting } | undefined;
  readonly namespace: string | undefined;
  readonly annotations: 'absent' | 'empty' | 'empty-flow' | 'tilde' | 'null' | 'comment' | 'flow' | 'block' | 'anchored-null';
  readonly annotationsFirst: boolean;
  readonly entries: readonly { key: string; value: string; keyQuoting: Quoting; valueQuoting: Quoting; comment: boolean }[];
  readonly metadataStyle: 'block' | 'flow' | 'flow-multiline';
  readonly labels: 'none' | 'block' | 'anchored';
  readonly type: string | undefined;
  readonly policy: string | undefined;
  /** Spec keys the API server refuses for some types or versions (traffic-policy-not-allowed). */
  readonly extraSpec: readonly string[];
  readonly nlb: boolean;
  readonly ports: readonly { port: number; asString: boolean; protocol: string | undefined; name: string | undefined }[];
  readonly portsStyle: 'block' | 'flow' | 'map' | 'absent';
  readonly comments: boolean;
}

export const serviceLayout: fc.Arbitrary<ServiceLayout> = fc.record({
  indent: fc.constantFrom(2, 2, 3, 4),
  keyOrder: fc.shuffledSubarray(['apiVersion', 'kind', 'metadata', 'spec'], { minLength: 4, maxLength: 4 }),
  name: fc.option(fc.record({ text: mostly(fc.constantFrom('web', 'svc-1', 'a'), fc.constantFrom(...NAMES)), quoting: mostly(fc.constant<Quoting>('plain'), quoting) }), { nil: undefined, freq: 8 }),
  namespace: fc.option(fc.constantFrom('default', 'shop', 'Prod', 'yes', '命名空间'), { nil: undefined }),
  annotations: mostly(fc.constantFrom('block', 'block', 'flow', 'absent'), fc.constantFrom('empty', 'empty-flow', 'tilde', 'null', 'comment', 'anchored-null')),
  annotationsFirst: fc.boolean(),
  entries: mostly(fc.uniqueArray(entry, { maxLength: 4, selector: (e) => e.key }), fc.array(entry, { maxLength: 3 })),
  metadataStyle: fc.constantFrom('block', 'block', 'block', 'flow', 'flow-multiline'),
  labels: fc.constantFrom('none', 'block', 'anchored'),
  // Wrong cases too: the API server refuses them, service-type-invalid and traffic-policy-not-allowed recase them.
  type: mostly(fc.constant('LoadBalancer'), fc.constantFrom('NodePort', 'ClusterIP', undefined, 'loadbalancer', 'Nodeport', '"clusterIP"', 'ExternalName')),
  policy: mostly(fc.constantFrom('Local', 'Local', 'Cluster', undefined), fc.constantFrom('local', 'CLUSTER', "'Local'", '""', 'Both'), 8),
  extraSpec: mostly(fc.constant<string[]>([]), fc.subarray(['healthCheckNodePort: 30000', 'allocateLoadBalancerNodePorts: false', 'loadBalancerClass: example.com/lb', 'externalIPs: ["192.0.2.1"]'])),
  nlb: mostly(fc.constant(false), fc.constant(true)),
  ports: fc.array(port, { minLength: 1, maxLength: 3 }),
  portsStyle: mostly(fc.constantFrom('block', 'block', 'flow'), fc.constantFrom('map', 'absent')),
  comments: fc.boolean(),
});

function renderEntries(layout: ServiceLayout, flow: boolean): string[] {
  const entries = [...layout.entries];
  // Most generated Services reuse a CLB, so the rules fire and fixes are offered.
  if (!entries.some((e) => e.key === ID || e.key === LEGACY_ID)) entries.unshift({ key: ID, value: 'lb-1', keyQuoting: 'plain', valueQuoting: 'double', comment: false });
  return entries.map((e) => `${scalar(e.key, e.keyQuoting)}: ${scalar(e.value, e.valueQuoting)}${!flow && e.comment && layout.comments ? ' # note' : ''}`);
}

/** One Service document in the layout's style. */
export function renderService(layout: ServiceLayout): string {
  const unit = ' '.repeat(layout.indent);
  const comment = (text: string): string => (layout.comments ? ` # ${text}` : '');
  const meta: string[] = [];
  if (layout.name) meta.push(`name: ${scalar(layout.name.text, layout.name.quoting)}`);
  if (layout.namespace !== undefined) meta.push(`namespace: ${layout.namespace}`);
  if (layout.labels === 'block' && layout.metadataStyle === 'block') meta.push(`labels:\n${unit}${unit}app: web`);
  if (layout.labels === 'anchored' && layout.metadataStyle === 'block') meta.push(`labels: &labels\n${unit}${unit}app: web`);
  const flow = layout.metadataStyle !== 'block';
  let annotations: string | undefined;
  switch (layout.annotations) {
    case 'absent':
      break;
    case 'empty':
      // In a flow map too: `{name: a, annotations: }` is an empty (null) value.
      annotations = 'annotations:';
      break;
    case 'empty-flow':
      annotations = 'annotations: {}';
      break;
    case 'tilde':
      annotations = 'annotations: ~';
      break;
    case 'null':
      annotations = 'annotations: null';
      break;
    case 'comment':
      annotations = flow ? 'annotations: {}' : `annotations:${comment('none yet')}`;
      break;
    case 'anchored-null':
      annotations = flow ? 'annotations: &none ~' : 'annotations: &none';
      break;
    case 'flow':
      annotations = `annotations: {${renderEntries(layout, true).join(', ')}}`;
      break;
    case 'block':
      annotations = flow ? `annotations: {${renderEntries(layout, true).join(', ')}}` : `annotations:${comment('CLB')}\n${renderEntries(layout, false).map((e) => `${unit}${unit}${e}`).join('\n')}`;
      break;
  }
  if (annotations !== undefined) {
    if (layout.annotationsFirst) meta.unshift(annotations);
    else meta.push(annotations);
  }
  if (layout.annotations === 'anchored-null') meta.push('extra: *none');
  let metadata: string;
  if (layout.metadataStyle === 'block') metadata = meta.length === 0 ? 'metadata: {}' : `metadata:${comment('meta')}\n${meta.map((m) => `${unit}${m}`).join('\n')}`;
  else if (layout.metadataStyle === 'flow') metadata = `metadata: {${meta.join(', ')}}`;
  else metadata = `metadata: {\n${meta.map((m) => `${unit}${m}`).join(',\n')}\n}`;

  const portText = (p: ServiceLayout['ports'][number], inFlow: boolean): string[] => {
    const fields = [`port: ${p.asString ? `"${p.port}"` : p.port}`];
    if (p.protocol) fields.push(`protocol: ${p.protocol}`);
    if (p.name) fields.push(`name: ${p.name}`);
    return inFlow ? [`{${fields.join(', ')}}`] : fields;
  };
  const spec: string[] = [];
  if (layout.type) spec.push(`type: ${layout.type}${comment('type')}`);
  if (layout.policy) spec.push(`externalTrafficPolicy: ${layout.policy}`);
  if (layout.nlb) spec.push('loadBalancerClass: alibabacloud.com/nlb');
  for (const line of layout.extraSpec) if (!(layout.nlb && line.startsWith('loadBalancerClass'))) spec.push(line);
  if (layout.labels === 'anchored' && layout.metadataStyle === 'block') spec.push('selector: *labels');
  if (layout.portsStyle === 'block') spec.push(`ports:\n${layout.ports.map((p) => portText(p, false).map((f, i) => `${unit}${i === 0 ? '- ' : '  '}${f}`).join('\n')).join('\n')}`);
  if (layout.portsStyle === 'flow') spec.push(`ports: [${layout.ports.map((p) => portText(p, true)[0]).join(', ')}]`);
  if (layout.portsStyle === 'map') spec.push(`ports:\n${layout.ports.map((p, i) => `${unit}p${i}: {${portText(p, false).join(', ')}}`).join('\n')}`);
  const specText = spec.length === 0 ? 'spec: {}' : `spec:\n${spec.map((s) => s.split('\n').map((l) => `${unit}${l}`).join('\n')).join('\n')}`;

  const parts: Record<string, string> = { apiVersion: 'apiVersion: v1', kind: 'kind: Service', metadata, spec: specText };
  return `${layout.keyOrder.map((k) => parts[k]).join('\n')}\n`;
}

const filler = fc.constantFrom('kind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: "1"\n', 'just a scalar\n', '- a\n- b\n', '# only a comment\n', '{}\n', 'kind: Service\nspec: LoadBalancer\n');

export interface Manifest {
  readonly text: string;
  readonly settings: RawSettings;
}

/** A whole file: Services and fillers, document markers, maybe a directive, a BOM, other line ends. */
export const manifest: fc.Arbitrary<Manifest> = fc
  .record({
    documents: fc.array(fc.oneof({ weight: 4, arbitrary: serviceLayout.map(renderService) }, { weight: 1, arbitrary: filler }), { minLength: 1, maxLength: 3 }),
    separator: fc.constantFrom('---\n', '---\n', '--- # next\n', '...\n---\n'),
    leading: fc.constantFrom('', '', '---\n', '# file\n', '%YAML 1.1\n---\n', '%YAML 1.2\n---\n'),
    bom: fc.boolean(),
    eol: fc.constantFrom('\n', '\n', '\r\n', '\r'),
    template: fc.constantFrom('', '', TEMPLATE, '${name}.example.net', '${name}'),
    proxyMode: mostly(fc.constant('ipvs'), fc.constantFrom('iptables', 'nftables')),
    // Versions where the API server's Service validation differs (gated fields, policy with externalIPs).
    version: mostly(fc.constant(undefined), fc.constantFrom('1.19', '1.21', '1.28', '1.33')),
    // A listener of the generated Services' CLB that none of them serves (made in the console): refused in-cluster.
    consoleListener: fc.boolean(),
  })
  .map(({ documents, separator, leading, bom, eol, template, proxyMode, version, consoleListener }) => ({
    text: `${bom ? '\uFEFF' : ''}${leading}${documents.join(separator)}`.replace(/\n/g, eol),
    settings: {
      hostnameTemplate: template,
      kubeProxyMode: proxyMode,
      ...(version !== undefined ? { kubernetesVersion: version } : {}),
      ...(consoleListener ? { knownListeners: { 'lb-1': ['9443/TCP'] } } : {}),
    },
  }));

/** Tokens that matter to YAML, for mutations. */
const TOKENS = [':', ': ', '- ', '\n', '\r\n', '\r', '  ', '\t', '{', '}', '[', ']', ',', '"', "'", '#', '&a ', '*a', '!!str ', '!!null ', '? ', '|', '>-', '---\n', '...\n', '%YAML 1.1\n', '{{ .Values.x }}', 'ü', '😀', '\uFEFF', '\u0000', 'null', '~', 'annotations:', 'metadata:', 'ports:', `${HOSTNAME}: ""`, '<<: *a'];

export type Mutation =
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'duplicate-line'; line: number }
  | { kind: 'drop-line'; line: number }
  | { kind: 'indent'; line: number; delta: number }
  | { kind: 'swap-lines'; line: number };

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 4 }), fc.string({ unit: 'binary', maxLength: 3 })) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 12 }) }),
  fc.record({ kind: fc.constant('duplicate-line' as const), line: fc.nat() }),
  fc.record({ kind: fc.constant('drop-line' as const), line: fc.nat() }),
  fc.record({ kind: fc.constant('indent' as const), line: fc.nat(), delta: fc.integer({ min: -3, max: 3 }) }),
  fc.record({ kind: fc.constant('swap-lines' as const), line: fc.nat() }),
);

export function mutate(text: string, m: Mutation): string {
  const lines = text.split('\n');
  const line = 'line' in m ? m.line % lines.length : 0;
  switch (m.kind) {
    case 'insert': {
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + m.text + text.slice(at);
    }
    case 'delete': {
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + text.slice(at + m.length);
    }
    case 'duplicate-line':
      lines.splice(line, 0, lines[line]!);
      return lines.join('\n');
    case 'drop-line':
      lines.splice(line, 1);
      return lines.join('\n');
    case 'indent':
      lines[line] = m.delta >= 0 ? ' '.repeat(m.delta) + lines[line]! : lines[line]!.replace(new RegExp(`^ {0,${-m.delta}}`), '');
      return lines.join('\n');
    case 'swap-lines': {
      const next = (line + 1) % lines.length;
      [lines[line], lines[next]] = [lines[next]!, lines[line]!];
      return lines.join('\n');
    }
  }
}

/** The article's manifests (alone or together), after a few random edits. */
export const mutatedArticle: fc.Arbitrary<Manifest> = fc
  .record({
    base: fc.constantFrom(HTTP_TEXT, HTTPS_TEXT, `${HTTP_TEXT}---\n${HTTPS_TEXT}`, HTTPS_TEXT.replace(/\n/g, '\r\n')),
    mutations: fc.array(mutation, { minLength: 1, maxLength: 5 }),
    template: fc.constantFrom('', TEMPLATE),
  })
  .map(({ base, mutations, template }) => ({ text: mutations.reduce(mutate, base), settings: { hostnameTemplate: template } }));

export interface Stats {
  runs: number;
  withFindings: number;
  withFixes: number;
  slowestMs: number;
}

export const newStats = (): Stats => ({ runs: 0, withFindings: 0, withFixes: 0, slowestMs: 0 });

/** Property: analysis never throws, terminates quickly, and every fix it offers re-parses as intended. */
export function analysisIsSound(input: Manifest, stats: Stats = newStats()): void {
  const started = Date.now();
  const settings = resolveSettings(input.settings).settings;
  const { file, analysis } = analyzeIn(
    [
      ['svc-http.yaml', HTTP_TEXT],
      ['this.yaml', input.text],
    ],
    'this.yaml',
    settings,
  );
  const ms = Date.now() - started;
  stats.runs++;
  stats.slowestMs = Math.max(stats.slowestMs, ms);
  ok(ms < 2_000, `analysis took ${ms} ms`);
  if (analysis.findings.length > 0) stats.withFindings++;
  if (analysis.findings.some((f) => f.fixes.length > 0)) stats.withFixes++;
  assertSoundAnalysis(file, analysis);
}

/** Property: the hostname fix, wherever it is offered on a Service, leaves the original plus the annotation. */
export function hostnameFixIsExact(input: Manifest, stats: Stats = newStats()): void {
  const file = parseFile(input.text);
  stats.runs++;
  for (const service of file.services) {
    const template = typeof input.settings.hostnameTemplate === 'string' ? input.settings.hostnameTemplate : '';
    const value = hostnameValue(template, { name: service.name?.value ?? '', namespace: service.namespace, clbId: 'lb-1' });
    const { documentIndex } = service.address;
    if (service.address.itemIndex !== undefined) continue;
    const fix = hostnameFixAt(file, documentIndex, value);
    if (!fix) continue;
    stats.withFixes++;
    assertIntendedChange(input.text, fix.edits, new Map([[documentIndex, value.value]]), `hostname fix on document ${documentIndex}`);
    ok(insertedHostname(fix.edits) === value.value, 'the fix inserts the value it was given');
  }
}

/** How many times `lint --fix` may re-analyse and fix again (ESLint's bound). */
const MAX_FIX_PASSES = 10;

/**
 * What `lint --fix` must leave in each file: fix-all's edits, every file re-analysed and fixed
 * again until nothing is left to fix (a recased type reveals a field its type refuses; a fix
 * overlapping another waits for the next pass), each pass exactly the intended change. A binary
 * file or one with YAML errors is never written.
 */
function fixedToFixpoint(files: readonly (readonly [string, string])[], settings: Settings): Map<string, string> {
  const texts = new Map(files);
  for (let pass = 1; pass <= MAX_FIX_PASSES; pass++) {
    const ls = new LanguageService();
    for (const [id, text] of texts) ls.update(id, text);
    const fixed = new Map<string, string>();
    for (const [id, text] of texts) {
      if (text.includes('\u0000') || ls.parsed(id)!.documents.some((d) => d.hasErrors)) continue;
      const { findings } = ls.diagnostics(id, settings);
      const edits = fixAllEdits(findings);
      if (edits.length === 0) continue;
      assertIntendedChange(text, edits, fixAllTargets(findings, text), `lint --fix, pass ${pass}, ${path.basename(id)}`);
      fixed.set(id, applyEdits(text, edits));
    }
    if (fixed.size === 0) return texts;
    for (const [id, text] of fixed) texts.set(id, text);
  }
  throw new Error(`fix-all still has edits after ${MAX_FIX_PASSES} passes: ${JSON.stringify([...texts])}`);
}

/**
 * Property: `lint --fix` writes fix-all's edits until nothing is left to fix (each pass the
 * intended change), and a second `--fix` changes nothing.
 */
export async function cliFixIsIdempotent(input: Manifest, stats: Stats = newStats()): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'klr-fuzz-'));
  try {
    const file = path.join(dir, 'svc.yaml');
    const other = path.join(dir, 'svc-http.yaml');
    writeFileSync(file, input.text);
    writeFileSync(other, HTTP_TEXT);
    // What is on disk (lone surrogates, say, are written as U+FFFD).
    const text = readFileSync(file, 'utf8');
    const template = typeof input.settings.hostnameTemplate === 'string' && input.settings.hostnameTemplate !== '' ? input.settings.hostnameTemplate : TEMPLATE;
    const expected = fixedToFixpoint(
      [
        [file, text],
        [other, HTTP_TEXT],
      ],
      resolveSettings({ hostnameTemplate: template, knownListeners: input.settings.knownListeners }).settings,
    );
    const io = { stdout: () => undefined, stderr: () => undefined, stdin: [], stdoutIsTTY: false };
    const known = Object.entries((input.settings.knownListeners ?? {}) as Record<string, string[]>).flatMap(([id, listeners]) => ['--known-listener', `${id}=${listeners.join(',')}`]);
    const args = ['lint', '--fix', '--hostname-template', template, ...known, file, other];
    const code = await main(args, io);
    // A named file with NUL bytes is not linted, which is an error (2); nothing else is.
    ok(code !== 2 || text.includes('\u0000'), `lint --fix exit code ${code}`);
    const once = readFileSync(file, 'utf8');
    const otherOnce = readFileSync(other, 'utf8');
    stats.runs++;
    if (once !== text) stats.withFixes++;
    ok(once === expected.get(file), `lint --fix writes fix-all's edits until nothing is left to fix\n--- wrote ---\n${once}\n--- expected ---\n${expected.get(file)!}`);
    ok(otherOnce === expected.get(other), `lint --fix writes fix-all's edits until nothing is left to fix (the other file)\n--- wrote ---\n${otherOnce}`);
    await main(args, io);
    ok(readFileSync(file, 'utf8') === once, '--fix twice equals --fix once');
    ok(readFileSync(other, 'utf8') === otherOnce, '--fix twice equals --fix once (the other file)');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
