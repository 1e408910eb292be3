import { isMap, isScalar, parse, Scalar, type Pair, type YAMLMap } from 'yaml';
import { HOSTNAME_ANNOTATION } from '../model/annotations';
import { asMap, findPair, nodeSpan } from '../parse/nodes';
import { type ParsedFile } from '../parse/parseFile';
import { span } from '../text/span';
import { indentationBefore, lineBreakOf, lineEndOf, lineStartOf } from './textLayout';
import { type Fix, type TextEdit } from './types';

/**
 * Inserts `service.beta.kubernetes.io/alibaba-cloud-loadbalancer-hostname` under
 * `metadata.annotations`, in the document's own indentation, style, quoting and line breaks.
 * Nothing outside the insertion changes. Returns undefined where no such insertion is certain.
 */

/** The API server rejects this as a hostname (not a DNS-1123 subdomain), so it can never go live unnoticed. */
export const HOSTNAME_PLACEHOLDER = '<dns-name-of-this-clb>';

const DNS_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export interface HostnameValue {
  readonly value: string;
  /** True when the value is a real DNS name from the user's template, not the placeholder. */
  readonly fromTemplate: boolean;
}

export function hostnameValue(template: string, vars: { name: string; namespace: string; clbId: string }): HostnameValue {
  if (template === '') return { value: HOSTNAME_PLACEHOLDER, fromTemplate: false };
  const value = template.replace(/\$\{(name|namespace|clbId)\}/g, (_, key: 'name' | 'namespace' | 'clbId') => vars[key]);
  return DNS_SUBDOMAIN.test(value) ? { value, fromTemplate: true } : { value: HOSTNAME_PLACEHOLDER, fromTemplate: false };
}

type Quoting = 'plain' | 'single' | 'double';

function quotingOf(annotations: YAMLMap | undefined, part: 'key' | 'value'): Quoting {
  const scalars = (annotations?.items ?? []).map((pair) => pair[part]).filter((node): node is Scalar => isScalar(node));
  if (scalars.length === 0) return part === 'key' ? 'plain' : 'double';
  if (scalars.every((s) => s.type === Scalar.QUOTE_SINGLE)) return 'single';
  if (scalars.every((s) => s.type === Scalar.PLAIN)) return 'plain';
  return 'double';
}

/** Results of the read-back check: the same few values (the annotation key, template results) recur on every keystroke. */
const readBack = new Map<string, boolean>();

/** Whether YAML 1.2 and 1.1 (Kubernetes' reader) both read `text` unquoted as this very string. */
function readsBackAsItself(text: string): boolean {
  if (!/^[a-z0-9][a-z0-9./-]*$/i.test(text)) return false;
  let plain = readBack.get(text);
  if (plain === undefined) {
    plain = parse(text) === text && parse(text, { version: '1.1' }) === text;
    if (readBack.size > 1000) readBack.clear();
    readBack.set(text, plain);
  }
  return plain;
}

function quote(text: string, quoting: Quoting): string {
  if (quoting === 'single') return `'${text.replace(/'/g, "''")}'`;
  // Plain only for text that YAML reads back as the very same string (not `null`, `123`, `a: b`),
  // in YAML 1.1 as well (`yes`, `on`, `y` are booleans there, and in Kubernetes' own YAML reader).
  if (quoting === 'plain' && readsBackAsItself(text)) return text;
  return JSON.stringify(text);
}

interface Layout {
  readonly text: string;
  readonly eol: string;
  readonly entry: string;
}

/** The indentation step of block maps in this document: metadata's keys relative to the root's. */
function indentUnit(text: string, root: YAMLMap, metadata: YAMLMap): string {
  const rootKey = root.items[0]?.key;
  const metadataKey = metadata.items[0]?.key;
  const rootIndent = isScalar(rootKey) && rootKey.range ? indentationBefore(text, rootKey.range[0]) : undefined;
  const childIndent = isScalar(metadataKey) && metadataKey.range ? indentationBefore(text, metadataKey.range[0]) : undefined;
  const step = (childIndent?.length ?? 0) - (rootIndent?.length ?? 0);
  return ' '.repeat(step > 0 ? step : 2);
}

function insertAt(offset: number, newText: string): TextEdit {
  return { span: span(offset, offset), newText };
}

/** Insert as the first entry of a flow map `{…}`. */
function intoFlowMap(text: string, map: YAMLMap, entry: string): TextEdit | undefined {
  const start = map.range?.[0];
  if (start === undefined || text[start] !== '{') return undefined;
  return insertAt(start + 1, map.items.length === 0 ? entry : `${entry}, `);
}

/** Insert as the first line of a block map, at its indentation. */
function intoBlockMap(layout: Layout, map: YAMLMap, lines: (indent: string) => string): TextEdit | undefined {
  const firstKey = map.items[0]?.key;
  const keyStart = isScalar(firstKey) ? firstKey.range?.[0] : undefined;
  if (keyStart === undefined) return undefined;
  const indent = indentationBefore(layout.text, keyStart);
  if (indent === undefined) return undefined;
  return insertAt(lineStartOf(layout.text, keyStart), lines(indent));
}

function editForAnnotations(layout: Layout, pair: Pair, unit: string, inFlow: boolean): TextEdit | undefined {
  const { text, eol, entry } = layout;
  const value = pair.value;
  if (isMap(value)) {
    // The key already there (with a blank or non-string value): a second one would be a duplicate key.
    if (findPair(value, HOSTNAME_ANNOTATION)) return undefined;
    if (value.flow) return intoFlowMap(text, value, entry);
    return intoBlockMap(layout, value, (indent) => `${indent}${entry}${eol}`);
  }
  // An anchored null (`&a`) would carry the new map to its aliases; a tagged one (`!!null`) would tag the map.
  if (isScalar(value) && value.value === null && !value.anchor && !value.tag) {
    const valueSpan = nodeSpan(value);
    const keyStart = isScalar(pair.key) ? pair.key.range?.[0] : undefined;
    if (!valueSpan || keyStart === undefined) return undefined;
    // `annotations: null` or `~`: replace the null with a one-entry flow map.
    if (valueSpan.end > valueSpan.start) return { span: valueSpan, newText: `{${entry}}` };
    // An empty value inside a flow map: the end of the line may be past the map's `}`.
    if (inFlow) return undefined;
    const indent = indentationBefore(text, keyStart);
    if (indent === undefined) return undefined;
    return insertAt(lineEndOf(text, keyStart), `${eol}${indent}${unit}${entry}`);
  }
  return undefined;
}

export function hostnameFix(file: ParsedFile, documentIndex: number, hostname: HostnameValue): Fix | undefined {
  const parsed = file.documents[documentIndex];
  if (!parsed || parsed.hasErrors || parsed.templated) return undefined;
  const document = parsed.yaml;
  const root = asMap(document, document.contents);
  const metadataPair = root && findPair(root, 'metadata');
  // An alias or anchor-shared metadata would change other nodes too: no certain insertion.
  if (!root || !metadataPair || !isMap(metadataPair.value) || metadataPair.value.anchor) return undefined;
  const metadata = metadataPair.value;
  const text = file.text;
  const annotationsPair = findPair(metadata, 'annotations');
  const annotations = annotationsPair && isMap(annotationsPair.value) ? annotationsPair.value : undefined;
  if (annotations?.anchor) return undefined;
  const entry = `${quote(HOSTNAME_ANNOTATION, quotingOf(annotations, 'key'))}: ${quote(hostname.value, quotingOf(annotations, 'value'))}`;
  const layout: Layout = { text, eol: lineBreakOf(text), entry };
  const unit = indentUnit(text, root, metadata);

  let edit: TextEdit | undefined;
  if (annotationsPair) {
    edit = editForAnnotations(layout, annotationsPair, unit, metadata.flow === true);
  } else if (metadata.flow) {
    edit = intoFlowMap(text, metadata, `annotations: {${entry}}`);
  } else {
    edit = intoBlockMap(layout, metadata, (indent) => `${indent}annotations:${layout.eol}${indent}${unit}${entry}${layout.eol}`);
  }
  if (!edit) return undefined;
  return {
    // The IP stays bound while any Service reusing the CLB reports it: the title says so.
    title: hostname.fromTemplate
      ? `Add the hostname annotation (${hostname.value}); every Service on this CLB needs it`
      : 'Add the hostname annotation (fill in the DNS name of the CLB); every Service on this CLB needs it',
    edits: [edit],
    isPreferred: true,
    safe: hostname.fromTemplate,
  };
}
