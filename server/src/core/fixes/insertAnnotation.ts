import { isMap, isScalar, parse, Scalar, type Pair, type YAMLMap } from 'yaml';
import { findPair, nodeSpan } from '../parse/nodes';
import { type ParsedFile } from '../parse/parseFile';
import { type ResourceView } from '../parse/resource';
import { type TextEdit } from '../text/edits';
import { indentationBefore, lineBreakAt, lineEndOf, lineStartOf } from '../text/layout';
import { span, type Span } from '../text/span';

/**
 * Inserts one annotation under a resource's `metadata.annotations`, in the document's own
 * indentation, style, quoting and line breaks. Nothing outside the insertion changes. Returns
 * undefined where no such insertion is certain.
 */

export type Quoting = 'plain' | 'single' | 'double';

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

/**
 * Where and how one annotation would be inserted, with its value still to be filled in: the edit
 * replaces `span` with `before`, the value quoted as `quoting` says, and `after`. Kept small and
 * without the AST, so the workspace index can keep it for files it does not retain.
 */
export interface AnnotationInsertion {
  readonly span: Span;
  readonly before: string;
  readonly after: string;
  readonly quoting: Quoting;
}

/** Marks the value in an insertion computed once for all values (no YAML text holds a NUL character unescaped). */
const VALUE_MARK = '\u0000';

export function annotationInsertionPoint(file: ParsedFile, resource: ResourceView, key: string): AnnotationInsertion | undefined {
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
  const entry = `${quote(key, quotingOf(annotations, 'key'))}: ${VALUE_MARK}`;
  const layout: Layout = { text, eol: lineBreakAt(text, parsed.span.start), entry, key };
  const unit = indentUnit(text, root, metadata);
  const edit = annotationsPair
    ? editForAnnotations(layout, annotationsPair, unit, metadata.flow === true)
    : metadata.flow
      ? intoFlowMap(text, metadata, `annotations: {${entry}}`)
      : intoBlockMap(layout, metadata, (indent) => `${indent}annotations:${layout.eol}${indent}${unit}${entry}${layout.eol}`);
  if (!edit) return undefined;
  const mark = edit.newText.indexOf(VALUE_MARK);
  return { span: edit.span, before: edit.newText.slice(0, mark), after: edit.newText.slice(mark + VALUE_MARK.length), quoting: quotingOf(annotations, 'value') };
}

/** Replaces the value of an annotation already written (its scalar as it stands, quotes included). */
export function annotationValueReplacement(valueSpan: Span): AnnotationInsertion {
  return { span: valueSpan, before: '', after: '', quoting: 'double' };
}

/** The insertion with its value, quoted so that YAML reads it back as that very string. */
export function fillInsertion(insertion: AnnotationInsertion, value: string): TextEdit {
  return { span: insertion.span, newText: `${insertion.before}${quote(value, insertion.quoting)}${insertion.after}` };
}

/** LSP snippet syntax: `$`, `}` and `\` stand for themselves only escaped. */
function snippetEscaped(text: string): string {
  return text.replace(/[$}\\]/g, (c) => `\\${c}`);
}

/**
 * The insertion with a placeholder value: `newText` holds the placeholder itself (what a client
 * without snippets inserts, and what rule hostname-invalid flags), `snippet` a tab stop the user
 * types over, its default text the placeholder.
 */
export function fillInsertionWithPlaceholder(insertion: AnnotationInsertion, placeholder: string): TextEdit {
  const edit = fillInsertion(insertion, placeholder);
  const open = insertion.quoting === 'single' ? "'" : '"';
  const inner = insertion.quoting === 'single' ? placeholder.replace(/'/g, "''") : JSON.stringify(placeholder).slice(1, -1);
  return { ...edit, snippet: `${snippetEscaped(insertion.before)}${open}\${1:${snippetEscaped(inner)}}${open}${snippetEscaped(insertion.after)}` };
}

export function annotationInsertion(file: ParsedFile, resource: ResourceView, key: string, value: string): TextEdit | undefined {
  const insertion = annotationInsertionPoint(file, resource, key);
  return insertion && fillInsertion(insertion, value);
}
