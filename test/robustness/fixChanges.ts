import { ok, strictEqual } from 'node:assert/strict';
import { isMap, isScalar, isSeq, parse, type Document, type Pair, type YAMLMap } from 'yaml';
import { type TextEdit } from '../../server/src/core';
import { MAX_DOCUMENTS } from '../../server/src/core/parse/parseFile';
import { HOSTNAME_ANNOTATION } from '../helpers/fixes';
import { meaningOf, yamlDocuments } from './meaning';

/**
 * The kinds of change a fix may make to a document, read from its edits and the text alone (never
 * from the rule that offered it), and the document each leaves behind. The oracle then compares
 * that with what the edited text really means: the intended change, and nothing else.
 */
export interface DocumentChange {
  /** The hostname annotation set to this value (inserted, or its value replaced). */
  readonly hostname?: string;
  /** Keys of a `spec` map to remove, each with the span of text the fix deletes. */
  readonly removeSpecKeys?: readonly { readonly key: string; readonly start: number; readonly end: number }[];
  /** Keys of a `spec` map to give a new string value, each with where the old value starts. */
  readonly setSpecValues?: readonly { readonly key: string; readonly value: string; readonly at: number }[];
  /** Annotation keys renamed, the value kept, each by where the old key starts. */
  readonly renameAnnotations?: readonly { readonly from: string; readonly to: string; readonly at: number }[];
  /** Annotations whose value becomes this string, each by where the old value starts (or stands, when empty). */
  readonly setAnnotationValues?: readonly { readonly key: string; readonly value: string; readonly at: number }[];
  /** Annotations removed, key and value, each by where its key starts. */
  readonly removeAnnotations?: readonly { readonly key: string; readonly at: number }[];
}

/** The maps of a resource and of a List's items that hold `key` (`spec`, `metadata`). */
function resourceMaps(root: YAMLMap, key: string): YAMLMap[] {
  const items = root.get('items', true);
  const resources = [root, ...(isSeq(items) ? items.items : [])];
  const maps: YAMLMap[] = [];
  for (const resource of resources) {
    const candidate: unknown = isMap(resource) ? resource.get(key, true) : undefined;
    if (isMap(candidate)) maps.push(candidate);
  }
  return maps;
}

interface AnnotationPair {
  readonly map: YAMLMap;
  readonly pair: Pair;
  readonly key: string;
  readonly keyRange: readonly [number, number];
  /** The value's range, when it is a scalar (an empty value too: a null scalar where it would stand). */
  readonly valueRange: readonly [number, number] | undefined;
}

/** Every annotation with a plain string key, of the resource and of a List's items. */
function annotationPairs(root: YAMLMap): AnnotationPair[] {
  const pairs: AnnotationPair[] = [];
  for (const metadata of resourceMaps(root, 'metadata')) {
    const map: unknown = metadata.get('annotations', true);
    if (!isMap(map)) continue;
    for (const pair of map.items) {
      if (!isScalar(pair.key) || typeof pair.key.value !== 'string' || !pair.key.range) continue;
      const value = pair.value;
      const valueRange = isScalar(value) && value.range ? ([value.range[0], value.range[1]] as const) : undefined;
      pairs.push({ map, pair, key: pair.key.value, keyRange: [pair.key.range[0], pair.key.range[1]], valueRange });
    }
  }
  return pairs;
}

/** The spec map holding `key` at a place `where` accepts (the key's or the value's offset). */
function specHolding(root: YAMLMap, key: string, where: (keyStart: number, valueStart: number) => boolean): YAMLMap | undefined {
  return resourceMaps(root, 'spec').find((map) =>
    map.items.some((pair) => isScalar(pair.key) && pair.key.value === key && where(pair.key.range?.[0] ?? -1, isScalar(pair.value) ? (pair.value.range?.[0] ?? -1) : -1)),
  );
}

/** The hostname value an insertion adds: the one string its edit writes after the annotation key. */
export function insertedHostname(edits: readonly Pick<TextEdit, 'newText'>[]): string {
  strictEqual(edits.length, 1, 'a hostname fix is one edit');
  const text = edits[0]!.newText;
  const at = text.indexOf(HOSTNAME_ANNOTATION);
  ok(at >= 0, `the edit names the annotation: ${text}`);
  // The value is the YAML scalar after `key: ` (optionally quoted), up to `}`, `,` or the line end.
  const rest = text.slice(at + HOSTNAME_ANNOTATION.length).replace(/^["']?: /, '');
  const match = /^"((?:[^"\\]|\\.)*)"|^'((?:[^']|'')*)'|^([^\s,}'"]+)/.exec(rest);
  ok(match, `a value follows the key: ${text}`);
  if (match[1] !== undefined) return JSON.parse(`"${match[1]}"`) as string;
  if (match[2] !== undefined) return match[2].replace(/''/g, "'");
  return match[3]!;
}

const quoteOf = (written: string): string => /^["']/.exec(written)?.[0] ?? '';
/** How YAML writes null (an empty value too): kubectl and the API server store it as "". */
const NULL_FORMS = new Set(['', '~', 'null', 'Null', 'NULL']);
/** Words a switch annotation's author writes meaning "on" (the switch takes one spelling of it). */
const ON_WORDS = new Set(['on', 'true', 'yes', 'y', '1', 'enable', 'enabled']);

/** The string a quoted scalar's text means, or undefined when it is not one. */
function quotedString(written: string): string | undefined {
  if (!/^(".*"|'.*')$/s.test(written)) return undefined;
  try {
    const value: unknown = parse(written);
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Whether YAML 1.1 (what kubectl reads) reads a plain scalar's text as a string. */
function isYaml11String(plain: string): boolean {
  try {
    return typeof parse(plain, { version: '1.1' }) === 'string';
  } catch {
    return false;
  }
}

/**
 * The string an annotation's value becomes when its text `old` is replaced with `newText`, where that
 * is a change a fix may make: a null written as `""`; the value quoted, its text kept (kubectl reads
 * YAML 1.1, so unquoted `on` is a boolean: quoted it is the string "on"); a recasing, or a word
 * meaning "on" in the switch's spelling, quotes kept (plain becomes double-quoted); any hostname.
 */
function annotationValueAfter(key: string, old: string, oldValue: unknown, newText: string): string | undefined {
  if (/^ ?"" ?$/.test(newText) && NULL_FORMS.has(old)) return '';
  if (newText === `"${old}"` && !/["\\]/.test(old) && old !== '') return old;
  const written = quotedString(newText);
  if (written === undefined) return undefined;
  if (key === HOSTNAME_ANNOTATION) return written;
  if (quoteOf(newText) !== (quoteOf(old) === "'" ? "'" : '"')) return undefined;
  // A plain value YAML 1.1 reads as no string never reached the controller: the fix for it is quoting, its text kept.
  if (quoteOf(old) === '' && !isYaml11String(old)) return undefined;
  const was = (typeof oldValue === 'string' ? oldValue : old).trim();
  if (written === was) return undefined;
  if (written.toLowerCase() === was.toLowerCase()) return written;
  if (ON_WORDS.has(was.toLowerCase()) && ON_WORDS.has(written.toLowerCase())) return written;
  return undefined;
}

/** An annotation's key renamed; 'none' when the edit is not over a key. */
function renameOf(text: string, edit: TextEdit, pairs: readonly AnnotationPair[]): DocumentChange | undefined | 'none' {
  const { start, end } = edit.span;
  for (const { key, keyRange } of pairs) {
    const whole = start === keyRange[0] && end === keyRange[1];
    const quote = quoteOf(text.slice(keyRange[0], keyRange[1]));
    const inner = quote !== '' && start === keyRange[0] + 1 && end === keyRange[1] - 1;
    if (!whole && !inner) continue;
    const renamed = /^(["']?)([\w./-]+)\1$/.exec(edit.newText);
    // A rename keeps the key's quotes, and touches nothing but the key.
    if (!renamed || renamed[1] !== (whole ? quote : '') || renamed[2] === key) return undefined;
    return { renameAnnotations: [{ from: key, to: renamed[2]!, at: keyRange[0] }] };
  }
  return 'none';
}

/** An annotation's value replaced, or the pair's whole lines removed; 'none' when the edit is neither. */
function valueOrRemovalOf(text: string, edit: TextEdit, pairs: readonly AnnotationPair[]): DocumentChange | undefined | 'none' {
  const { start, end } = edit.span;
  const old = text.slice(start, end);
  for (const { key, pair, valueRange } of pairs) {
    if (!valueRange || start !== valueRange[0] || end !== valueRange[1]) continue;
    const value = annotationValueAfter(key, old, isScalar(pair.value) ? pair.value.value : undefined, edit.newText);
    if (value === undefined) return undefined;
    return key === HOSTNAME_ANNOTATION ? { hostname: value } : { setAnnotationValues: [{ key, value, at: valueRange[0] }] };
  }
  if (edit.newText === '') {
    const removed = pairs.filter((p) => p.keyRange[0] >= start && p.keyRange[0] < end);
    const atLineStart = start === 0 || /[\r\n]/.test(text[start - 1]!);
    if (removed.length === 1 && atLineStart) return { removeAnnotations: [{ key: removed[0]!.key, at: removed[0]!.keyRange[0] }] };
    if (removed.length > 0) return undefined;
  }
  return 'none';
}

/**
 * The change a `spec` fix makes, read from its edit alone: a removal of whole lines starting with one
 * key, or a new value for one key that differs from the old only in case (quotes kept).
 */
function specChangeOf(text: string, edit: TextEdit): DocumentChange | undefined {
  const old = text.slice(edit.span.start, edit.span.end);
  if (edit.newText === '') {
    const removed = /^[ \t]*([A-Za-z]+)[ \t]*:[\s\S]*?(\r\n|\n|\r)?$/.exec(old);
    const atLineStart = edit.span.start === 0 || /[\r\n]/.test(text[edit.span.start - 1]!);
    const wholeLine = removed?.[2] !== undefined || edit.span.end === text.length;
    return removed && atLineStart && wholeLine ? { removeSpecKeys: [{ key: removed[1]!, start: edit.span.start, end: edit.span.end }] } : undefined;
  }
  const key = /([A-Za-z]+)[ \t]*:[ \t]*$/.exec(text.slice(Math.max(0, edit.span.start - 80), edit.span.start))?.[1];
  const unquoted = (value: string): string => value.replace(/^(["'])(.*)\1$/, '$2');
  if (!key || quoteOf(old) !== quoteOf(edit.newText) || unquoted(old).toLowerCase() !== unquoted(edit.newText).toLowerCase() || old === edit.newText) return undefined;
  return { setSpecValues: [{ key, value: unquoted(edit.newText), at: edit.span.start }] };
}

/** What one edit of a fix does to `document`, or undefined when it is no change a fix may make. */
function editChangeOf(text: string, edit: TextEdit, document: Document.Parsed): DocumentChange | undefined {
  const root = document.contents;
  const pairs = isMap(root) ? annotationPairs(root) : [];
  // A key renamed to the hostname key names it too: renames first.
  const rename = renameOf(text, edit, pairs);
  if (rename !== 'none') return rename;
  if (edit.newText.includes(HOSTNAME_ANNOTATION)) return { hostname: insertedHostname([edit]) };
  const annotation = valueOrRemovalOf(text, edit, pairs);
  if (annotation !== 'none') return annotation;
  return specChangeOf(text, edit);
}

export function mergeChanges(a: DocumentChange | undefined, b: DocumentChange): DocumentChange {
  return {
    hostname: b.hostname ?? a?.hostname,
    removeSpecKeys: [...(a?.removeSpecKeys ?? []), ...(b.removeSpecKeys ?? [])],
    setSpecValues: [...(a?.setSpecValues ?? []), ...(b.setSpecValues ?? [])],
    renameAnnotations: [...(a?.renameAnnotations ?? []), ...(b.renameAnnotations ?? [])],
    setAnnotationValues: [...(a?.setAnnotationValues ?? []), ...(b.setAnnotationValues ?? [])],
    removeAnnotations: [...(a?.removeAnnotations ?? []), ...(b.removeAnnotations ?? [])],
  };
}

const describeEdit = (text: string, edit: TextEdit): string => `${JSON.stringify(edit.newText)} over ${JSON.stringify(text.slice(edit.span.start, edit.span.end))} at ${edit.span.start}`;

/** What `edits` (one fix's) do to `document`; fails when an edit is no change a fix may make. */
export function changeOf(text: string, edits: readonly TextEdit[], document: Document.Parsed | undefined, what: string): DocumentChange {
  ok(document, `${what}: the fix's document exists`);
  let change: DocumentChange | undefined;
  for (const edit of edits) {
    const one = editChangeOf(text, edit, document);
    ok(one, `${what}: the edit ${describeEdit(text, edit)} is a change a fix may make (a hostname, an annotation's key renamed, its value quoted or recased, its line removed, a spec key removed or recased)`);
    change = mergeChanges(change, one);
  }
  return change ?? {};
}

/** What a set of edits (fix-all's, say) does to each document, each edit to the document holding it. */
export function changesByDocument(text: string, edits: readonly TextEdit[], what: string): Map<number, DocumentChange> {
  const documents = yamlDocuments(text, MAX_DOCUMENTS + 1);
  const changes = new Map<number, DocumentChange>();
  for (const edit of edits) {
    const index = documents.findIndex((d) => d.range[0] <= edit.span.start && edit.span.end <= d.range[2]);
    ok(index >= 0, `${what}: the edit ${describeEdit(text, edit)} lies inside a document`);
    changes.set(index, mergeChanges(changes.get(index), changeOf(text, [edit], documents[index], what)));
  }
  return changes;
}

/** The document as the fix should leave it: the same objects, with the change applied. */
export function intendedMeaning(document: Document.Parsed, change: DocumentChange): string {
  const copy = document.clone();
  const root = copy.contents;
  ok(isMap(root), 'a fixed document has a map at its root');
  // Find every target before editing any: edits to one map do not move the others' ranges.
  const removals = (change.removeSpecKeys ?? []).map((r) => ({ key: r.key, map: specHolding(root, r.key, (k) => k >= r.start && k < r.end) }));
  const recasings = (change.setSpecValues ?? []).map((r) => ({ ...r, map: specHolding(root, r.key, (_, v) => v === r.at) }));
  const pairs = annotationPairs(root);
  const renames = (change.renameAnnotations ?? []).map((r) => ({ ...r, found: pairs.find((p) => p.keyRange[0] === r.at && p.key === r.from) }));
  const values = (change.setAnnotationValues ?? []).map((r) => ({ ...r, found: pairs.find((p) => p.valueRange?.[0] === r.at && p.key === r.key) }));
  const dropped = (change.removeAnnotations ?? []).map((r) => ({ ...r, found: pairs.find((p) => p.keyRange[0] === r.at && p.key === r.key) }));
  if (change.hostname !== undefined) {
    const metadata = root.get('metadata', true);
    ok(isMap(metadata), 'a fixed document has a metadata map');
    const existing: unknown = metadata.get('annotations', true);
    let annotations: YAMLMap;
    if (isMap(existing)) annotations = existing;
    else {
      annotations = copy.createNode({});
      metadata.add(copy.createPair('annotations', annotations), true);
    }
    annotations.add(copy.createPair(HOSTNAME_ANNOTATION, change.hostname), true);
  }
  for (const { key, map } of removals) {
    ok(map, `the removed key ${key} is a key of a spec map`);
    map.delete(key);
  }
  for (const { key, value, map } of recasings) {
    ok(map, `the recased key ${key} is a key of a spec map`);
    map.set(key, value);
  }
  for (const { from, to, found } of renames) {
    ok(found && isScalar(found.pair.key), `the renamed key ${from} is an annotation`);
    found.pair.key.value = to;
  }
  for (const { key, value, found } of values) {
    ok(found && isScalar(found.pair.value), `the annotation ${key} whose value changes has a scalar value`);
    found.pair.value.value = value;
  }
  for (const { key, found } of dropped) {
    ok(found, `the removed annotation ${key} is an annotation`);
    found.map.items.splice(found.map.items.indexOf(found.pair), 1);
  }
  return meaningOf(copy);
}
