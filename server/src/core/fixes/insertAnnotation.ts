import { isMap, isScalar, parse, Scalar, type Pair, type YAMLMap } from 'yaml';
import { findPair, nodeSpan } from '../parse/nodes';
import { type ParsedFile } from '../parse/parseFile';
import { type ResourceView } from '../parse/resource';
import { type TextEdit } from '../text/edits';
import { indentationBefore, lineBreakAt, lineEndOf, lineStartOf } from '../text/layout';
import { span } from '../text/span';

/**
 * Inserts one annotation under a resource's `metadata.annotations`, in the document's own
 * indentation, style, quoting and line breaks. Nothing outside the insertion changes. Returns
 * undefined where no such insertion is certain.
 */

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
  readonly key: string;
}

/** The column of `offset` on its line (a List item's first key stands after `- `). */
function columnOf(text: string, offset: number): number {
  return offset - lineStartOf(text, offset);
}

/** The indentation step of block maps in this document: metadata's keys relative to the resource's. */
function indentUnit(text: string, root: YAMLMap, metadata: YAMLMap): string {
  const rootKey = root.items[0]?.key;
  const metadataKey = metadata.items[0]?.key;
  const rootColumn = isScalar(rootKey) && rootKey.range ? columnOf(text, rootKey.range[0]) : 0;
  const childIndent = isScalar(metadataKey) && metadataKey.range ? indentationBefore(text, metadataKey.range[0]) : undefined;
  const step = (childIndent?.length ?? 0) - rootColumn;
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
    if (findPair(value, layout.key)) return undefined;
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

export function annotationInsertion(file: ParsedFile, resource: ResourceView, key: string, value: string): TextEdit | undefined {
  const parsed = file.documents[resource.address.documentIndex];
  if (!parsed || parsed.notAnalysed) return undefined;
  const root = resource.node;
  const metadataPair = findPair(root, 'metadata');
  // An alias or anchor-shared metadata would change other nodes too: no certain insertion.
  if (!metadataPair || !isMap(metadataPair.value) || metadataPair.value.anchor || root.anchor) return undefined;
  const metadata = metadataPair.value;
  const text = file.text;
  const annotationsPair = findPair(metadata, 'annotations');
  const annotations = annotationsPair && isMap(annotationsPair.value) ? annotationsPair.value : undefined;
  if (annotations?.anchor) return undefined;
  const entry = `${quote(key, quotingOf(annotations, 'key'))}: ${quote(value, quotingOf(annotations, 'value'))}`;
  const layout: Layout = { text, eol: lineBreakAt(text, parsed.span.start), entry, key };
  const unit = indentUnit(text, root, metadata);
  if (annotationsPair) return editForAnnotations(layout, annotationsPair, unit, metadata.flow === true);
  if (metadata.flow) return intoFlowMap(text, metadata, `annotations: {${entry}}`);
  return intoBlockMap(layout, metadata, (indent) => `${indent}annotations:${layout.eol}${indent}${unit}${entry}${layout.eol}`);
}
