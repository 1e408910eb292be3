import { ok, strictEqual } from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Composer, isAlias, isMap, isScalar, isSeq, Parser, type Document, type YAMLMap } from 'yaml';
import { applyEdits, distinctFixes, fixAllEdits, type Analysis, type Finding, type LineIndex, type ParsedFile, type Position, type TextEdit } from '../../server/src/core';
import { HOSTNAME_ANNOTATION } from '../helpers/fixes';
import { MAX_DOCUMENTS } from '../../server/src/core/parse/parseFile';

/**
 * The judge of the robustness suite: what a fix must leave behind, and what every analysis must
 * respect, stated without trusting the code under test.
 */

/** Every document of `text` (up to `limit`), read as the core reads it (lone CR as a line break, duplicate keys as errors). */
export function yamlDocuments(text: string, limit = Infinity): Document.Parsed[] {
  const source = text.replace(/\r(?!\n)/g, '\n');
  const documents: Document.Parsed[] = [];
  for (const document of new Composer({ uniqueKeys: true }).compose(new Parser().parse(source))) {
    if (documents.length >= limit) break;
    documents.push(document);
  }
  return documents;
}

/**
 * A digest of what a document means: maps as unordered key/value sets, sequences in order,
 * scalars by type and value, tags kept, aliases replaced by what they point at. Shared nodes are
 * digested once, so an alias bomb costs no more than its text; no recursion, so depth is free.
 */
export function meaningOf(document: Document): string {
  const digests = new Map<unknown, string>();
  // An alias means the last node before it with that anchor (document order: keys before values).
  const aliasTargets = new Map<unknown, unknown>();
  const anchors = new Map<string, unknown>();
  const walk: unknown[] = [document.contents];
  while (walk.length > 0) {
    const node = walk.pop();
    if (isAlias(node)) {
      aliasTargets.set(node, anchors.get(node.source));
      continue;
    }
    if (!isScalar(node) && !isMap(node) && !isSeq(node)) continue;
    if (node.anchor) anchors.set(node.anchor, node);
    const inner = isMap(node) ? node.items.flatMap((pair) => [pair.key, pair.value]) : isSeq(node) ? node.items : [];
    for (let i = inner.length - 1; i >= 0; i--) walk.push(inner[i]);
  }
  const target = (node: unknown): unknown => (isAlias(node) ? aliasTargets.get(node) : node);
  const children = (node: unknown): unknown[] => {
    if (isMap(node)) return node.items.flatMap((pair) => [target(pair.key), target(pair.value)]);
    if (isSeq(node)) return node.items.map(target);
    return [];
  };
  const hash = (text: string): string => createHash('sha256').update(text).digest('base64');
  const digestOf = (node: unknown): string => {
    if (node === undefined || node === null) return 'none';
    if (isScalar(node)) {
      const value = node.value;
      const shown = value instanceof Uint8Array ? Buffer.from(value).toString('hex') : typeof value === 'bigint' ? String(value) : JSON.stringify(value) ?? String(value);
      return `s:${node.tag ?? ''}:${typeof value}:${Number.isNaN(value) ? 'NaN' : shown}`;
    }
    const own = digests.get(node);
    if (own === undefined) return 'cycle';
    return own;
  };
  // Post-order over the node graph with an explicit stack.
  const root = target(document.contents);
  const stack: { node: unknown; expanded: boolean }[] = [{ node: root, expanded: false }];
  const inProgress = new Set<unknown>();
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const node = top.node;
    if (!isMap(node) && !isSeq(node)) {
      stack.pop();
      continue;
    }
    if (digests.has(node)) {
      stack.pop();
      continue;
    }
    if (!top.expanded) {
      top.expanded = true;
      inProgress.add(node);
      for (const child of children(node)) if ((isMap(child) || isSeq(child)) && !digests.has(child) && !inProgress.has(child)) stack.push({ node: child, expanded: false });
      continue;
    }
    stack.pop();
    inProgress.delete(node);
    if (isMap(node)) {
      const entries = node.items.map((pair) => `${digestOf(target(pair.key))}=${digestOf(target(pair.value))}`).sort();
      digests.set(node, `m:${node.tag ?? ''}:${hash(entries.join('\n'))}`);
    } else if (isSeq(node)) {
      digests.set(node, `q:${node.tag ?? ''}:${hash((node as { items: unknown[] }).items.map((i) => digestOf(target(i))).join('\n'))}`);
    }
  }
  return digestOf(root);
}

/**
 * What a fix (or fix-all) should do to one document: set the hostname annotation, and/or remove
 * `spec` keys or set `spec` keys to new string values (the API-validation rules' removals and recasings).
 */
export interface DocumentChange {
  readonly hostname?: string;
  /** Keys of a `spec` map to remove, each with the span of text the fix deletes. */
  readonly removeSpecKeys?: readonly { readonly key: string; readonly start: number; readonly end: number }[];
  /** Keys of a `spec` map to give a new string value, each with where the old value starts. */
  readonly setSpecValues?: readonly { readonly key: string; readonly value: string; readonly at: number }[];
}

/** The `spec` maps of a document: its own, or those of a List's items. */
function specMaps(root: YAMLMap): YAMLMap[] {
  const own = root.get('spec', true);
  const items = root.get('items', true);
  const ofItems = isSeq(items) ? items.items.map((item) => (isMap(item) ? item.get('spec', true) : undefined)) : [];
  const maps: YAMLMap[] = [];
  for (const candidate of [own, ...ofItems] as unknown[]) if (isMap(candidate)) maps.push(candidate);
  return maps;
}

/** The spec map holding `key` at a place `where` accepts (the key's or the value's offset). */
function specHolding(root: YAMLMap, key: string, where: (keyStart: number, valueStart: number) => boolean): YAMLMap | undefined {
  return specMaps(root).find((map) =>
    map.items.some((pair) => isScalar(pair.key) && pair.key.value === key && where(pair.key.range?.[0] ?? -1, isScalar(pair.value) ? (pair.value.range?.[0] ?? -1) : -1)),
  );
}

const asChange = (change: string | DocumentChange): DocumentChange => (typeof change === 'string' ? { hostname: change } : change);

function mergeChanges(a: DocumentChange | undefined, b: DocumentChange): DocumentChange {
  return {
    hostname: b.hostname ?? a?.hostname,
    removeSpecKeys: [...(a?.removeSpecKeys ?? []), ...(b.removeSpecKeys ?? [])],
    setSpecValues: [...(a?.setSpecValues ?? []), ...(b.setSpecValues ?? [])],
  };
}

/** The document as the fix should leave it: the same objects, with the change applied. */
function intendedMeaning(document: Document.Parsed, change: DocumentChange): string {
  const copy = document.clone();
  const root = copy.contents;
  ok(isMap(root), 'a fixed document has a map at its root');
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
  // Find every target map before editing any: edits to one map do not move the others' ranges.
  const removals = (change.removeSpecKeys ?? []).map((r) => ({ key: r.key, map: specHolding(root, r.key, (k) => k >= r.start && k < r.end) }));
  const recasings = (change.setSpecValues ?? []).map((r) => ({ ...r, map: specHolding(root, r.key, (_, v) => v === r.at) }));
  for (const { key, map } of removals) {
    ok(map, `the removed key ${key} is a key of a spec map`);
    map.delete(key);
  }
  for (const { key, value, map } of recasings) {
    ok(map, `the recased key ${key} is a key of a spec map`);
    map.set(key, value);
  }
  return meaningOf(copy);
}

/** Long texts shown in failures: head and tail only. */
export function clip(text: string, room = 1500): string {
  return text.length <= room * 2 ? text : `${text.slice(0, room)}\n[… ${text.length - room * 2} characters …]\n${text.slice(-room)}`;
}

const codes = (problems: readonly { code: string }[]): string[] => problems.map((p) => p.code);

/**
 * Asserts that applying `edits` to `before` sets, in each document of `targets`, the hostname
 * annotation to its value and changes nothing else: every edit lies inside a target document,
 * the number of documents stays, a target document parsed before and parses after, and means
 * the original plus the annotation; every other document keeps its meaning, errors and warnings.
 * Only the first MAX_DOCUMENTS (+1) documents are compared, as only those are analysed.
 */
export function assertIntendedChange(before: string, edits: readonly TextEdit[], targets: ReadonlyMap<number, string | DocumentChange>, what = 'fix'): string {
  const after = applyEdits(before, edits);
  const limit = MAX_DOCUMENTS + 1;
  const was = yamlDocuments(before, limit);
  const now = yamlDocuments(after, limit);
  const context = (): string => `${what}\n--- edits ---\n${JSON.stringify(edits)}\n--- before ---\n${clip(before)}\n--- after ---\n${clip(after)}`;
  strictEqual(now.length, was.length, `the ${what} keeps the number of documents\n${context()}`);
  for (const edit of edits) {
    const inside = [...targets.keys()].some((index) => {
      const range = was[index]?.range;
      return range !== undefined && edit.span.start >= range[0] && edit.span.end <= range[2];
    });
    ok(inside, `every edit lies inside a document it fixes\n${context()}`);
  }
  for (const [index, document] of was.entries()) {
    const fixed = now[index]!;
    const change = targets.get(index);
    if (change !== undefined) {
      strictEqual(document.errors.length, 0, `a ${what} is offered only on a document that parsed\n${context()}`);
      strictEqual(fixed.errors.length, 0, `the fixed document parses: ${fixed.errors.map((e) => e.message).join('; ')}\n${context()}`);
      strictEqual(meaningOf(fixed), intendedMeaning(document, asChange(change)), `document ${index} is the original with the intended change\n${context()}`);
    } else if (document.errors.length === 0) {
      strictEqual(fixed.errors.length, 0, `document ${index} still parses\n${context()}`);
      strictEqual(meaningOf(fixed), meaningOf(document), `document ${index} is unchanged\n${context()}`);
    } else {
      // A broken document has no meaning to compare: one too deep to compose even breaks off, with
      // other errors, at whatever depth the stack allows. No edit is inside it; it stays broken.
      ok(fixed.errors.length > 0, `document ${index} is still broken\n${context()}`);
      continue;
    }
    strictEqual(codes(fixed.warnings).join(), codes(document.warnings).join(), `document ${index} keeps its warnings\n${context()}`);
  }
  return after;
}

/** The hostname value a fix inserts: the one string its single edit adds after the annotation key. */
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

/**
 * The documents a hostname fix inserts into, each with its value: one edit per Service, in the
 * document holding it (the every-Service fix edits each Service of the cluster on the load balancer).
 */
export function hostnameTargets(text: string, edits: readonly TextEdit[], documentIndex: number): Map<number, string> {
  if (edits.length === 1) return new Map([[documentIndex, insertedHostname(edits)]]);
  const documents = yamlDocuments(text, MAX_DOCUMENTS + 1);
  const targets = new Map<number, string>();
  for (const edit of edits) {
    const index = documents.findIndex((d) => edit.span.start >= d.range[0] && edit.span.end <= d.range[2]);
    ok(index >= 0 && !targets.has(index), `each edit of a hostname fix inserts into a document of its own: ${JSON.stringify(edits)}`);
    targets.set(index, insertedHostname([edit]));
  }
  return targets;
}

/** A rename of one annotation key (clb-annotation-unknown's fix): one edit over a key, quotes kept, no value touched. */
function isKeyRename(edits: readonly Pick<TextEdit, 'newText'>[]): boolean {
  return edits.length === 1 && /^(["']?)[\w./-]+\1$/.test(edits[0]!.newText);
}

function assertKeyRename(text: string, edits: readonly TextEdit[], what: string): void {
  const [edit] = edits;
  const old = text.slice(edit!.span.start, edit!.span.end);
  const quote = /^["']/.exec(old)?.[0] ?? '';
  ok(edit!.newText.startsWith(quote) && edit!.newText.endsWith(quote), `${what}: the rename keeps the key's quotes`);
  ok(/^["']?\s*:/.test(text.slice(edit!.span.end)), `${what}: the rename replaces a whole key (or its text inside the quotes)`);
  ok(old !== edit!.newText, `${what}: the rename changes the key`);
}

/** annotation-not-string's fix: one value quoted, its text kept (a null written as `""`). */
function isValueQuoting(text: string, edits: readonly TextEdit[]): boolean {
  if (edits.length !== 1) return false;
  const [edit] = edits as [TextEdit];
  const old = text.slice(edit.span.start, edit.span.end);
  const after = /:[ \t]*$/.test(text.slice(Math.max(0, edit.span.start - 200), edit.span.start).split(/[\r\n]/).pop() ?? '');
  return after && (edit.newText === JSON.stringify(old) || (old === '' && /^ ?""$/.test(edit.newText)));
}

function assertValueQuoting(text: string, edits: readonly TextEdit[], documentIndex: number, what: string): void {
  const after = applyEdits(text, edits);
  const was = yamlDocuments(text, MAX_DOCUMENTS + 1);
  const now = yamlDocuments(after, MAX_DOCUMENTS + 1);
  strictEqual(now.length, was.length, `${what}: keeps the number of documents`);
  strictEqual(now[documentIndex]?.errors.length, was[documentIndex]?.errors.length, `${what}: keeps the document valid`);
}

/** The editor's "Disable RULE for this line / this Service": one insertion of a directive, an ignore annotation, or `,rule-id`. */
function isSuppressionEdit(edits: readonly Pick<TextEdit, 'newText'>[]): boolean {
  return edits.length === 1 && /kube-lb-reach-disable-next-line |kube-lb-reach\.io\/ignore|^,[a-z0-9-]+$/.test(edits[0]!.newText);
}

function assertSuppressionEdit(text: string, edits: readonly TextEdit[], documentIndex: number, what: string): void {
  const [edit] = edits;
  strictEqual(edit!.span.start, edit!.span.end, `${what}: a suppression only inserts`);
  const after = applyEdits(text, edits);
  const was = yamlDocuments(text, MAX_DOCUMENTS + 1);
  const now = yamlDocuments(after, MAX_DOCUMENTS + 1);
  strictEqual(now.length, was.length, `${what}: keeps the number of documents`);
  strictEqual(now[documentIndex]?.errors.length, was[documentIndex]?.errors.length, `${what}: keeps the document valid`);
  // Whatever it inserts, the document reads the same apart from comments and that one annotation.
  const withoutIgnore = (key: string, value: unknown): unknown => {
    if (key === 'kube-lb-reach.io/ignore') return undefined;
    // `annotations:` made for the ignore annotation (or a null one it replaced) reads as no annotations.
    if (key === 'annotations' && (value === null || (typeof value === 'object' && Object.keys(value).every((k) => k === 'kube-lb-reach.io/ignore')))) return undefined;
    return value;
  };
  const plain = (d: Document.Parsed | undefined): string | undefined => {
    try {
      return JSON.stringify(d?.toJS(), withoutIgnore);
    } catch {
      return undefined; // an alias bomb: the parse checks above are what can be said
    }
  };
  const before = plain(was[documentIndex]);
  if (before !== undefined) strictEqual(plain(now[documentIndex]), before, `${what}: changes nothing but the suppression`);
}

/**
 * The change a `spec` fix makes, read from its edit alone: a removal of whole lines starting with one
 * key, or a new value for one key that differs from the old only in case (quotes kept).
 */
function specChangeOf(text: string, edits: readonly TextEdit[]): DocumentChange | undefined {
  if (edits.length !== 1) return undefined;
  const [edit] = edits as [TextEdit];
  const old = text.slice(edit.span.start, edit.span.end);
  if (edit.newText === '') {
    const removed = /^[ \t]*([A-Za-z]+)[ \t]*:[\s\S]*?(\r\n|\n|\r)?$/.exec(old);
    const atLineStart = edit.span.start === 0 || /[\r\n]/.test(text[edit.span.start - 1]!);
    const wholeLine = removed?.[2] !== undefined || edit.span.end === text.length;
    return removed && atLineStart && wholeLine ? { removeSpecKeys: [{ key: removed[1]!, start: edit.span.start, end: edit.span.end }] } : undefined;
  }
  const key = /([A-Za-z]+)[ \t]*:[ \t]*$/.exec(text.slice(Math.max(0, edit.span.start - 80), edit.span.start))?.[1];
  const unquoted = (value: string): string => value.replace(/^(["'])(.*)\1$/, '$2');
  const quoteOf = (value: string): string => /^["']/.exec(value)?.[0] ?? '';
  if (!key || quoteOf(old) !== quoteOf(edit.newText) || unquoted(old).toLowerCase() !== unquoted(edit.newText).toLowerCase() || old === edit.newText) return undefined;
  return { setSpecValues: [{ key, value: unquoted(edit.newText), at: edit.span.start }] };
}

/**
 * Every fix is a hostname insertion (exactly the intended change), a rename of one annotation key,
 * a `spec` removal or recasing (exactly the intended change), or a disable directive.
 */
export function assertFixIntended(text: string, edits: readonly TextEdit[], documentIndex: number, what: string): void {
  if (isSuppressionEdit(edits)) {
    assertSuppressionEdit(text, edits, documentIndex, what);
    return;
  }
  if (isValueQuoting(text, edits)) {
    assertValueQuoting(text, edits, documentIndex, what);
    return;
  }
  const first = edits[0];
  // A key renamed inside its quotes stands before the closing quote, then the colon.
  const beforeColon = first !== undefined && /^["']?\s*:/.test(text.slice(first.span.end));
  if (isKeyRename(edits) && beforeColon) {
    assertKeyRename(text, edits, what);
    return;
  }
  const specChange = specChangeOf(text, edits);
  if (specChange) assertIntendedChange(text, edits, new Map([[documentIndex, specChange]]), what);
  else assertIntendedChange(text, edits, hostnameTargets(text, edits, documentIndex), what);
}

/**
 * What must hold of any analysis of any text: no rule failed; every finding lies inside the text,
 * in a document that parsed and is not a template; every fix (alone, and all safe ones together)
 * leaves exactly the intended change.
 */
export function assertSoundAnalysis(file: ParsedFile, analysis: Analysis): void {
  const text = file.text;
  strictEqual(analysis.failures.map((f) => `${f.ruleId}: ${String(f.error)}`).join('\n'), '', 'no rule throws');
  for (const finding of analysis.findings) {
    ok(finding.span.start >= 0 && finding.span.start <= finding.span.end && finding.span.end <= text.length, `finding span inside the text: ${JSON.stringify(finding.span)}`);
    const document = file.documents[finding.resource.documentIndex];
    ok(document, 'a finding names its document');
    ok(!document.hasErrors && !document.templated, 'findings only come from parsed, non-template documents');
    ok(finding.span.start >= document.span.start && finding.span.end <= document.span.end, 'a finding lies inside its document');
  }
  const byFix = new Map<string, number>();
  for (const finding of analysis.findings) for (const fix of finding.fixes) byFix.set(JSON.stringify(fix.edits), finding.resource.documentIndex);
  for (const fix of distinctFixes(analysis.findings)) {
    const documentIndex = byFix.get(JSON.stringify(fix.edits))!;
    assertFixIntended(text, fix.edits, documentIndex, `fix "${fix.title}"`);
  }
  const all = fixAllEdits(analysis.findings);
  if (all.length > 0) assertIntendedChange(text, all, fixAllTargets(analysis.findings, text), 'fix-all');
}

/** The documents fix-all changes, with the change each gets (its hostname, its spec removals and recasings). */
export function fixAllTargets(findings: readonly Finding[], text?: string): Map<number, DocumentChange> {
  const edits = new Set(fixAllEdits(findings).map((e) => JSON.stringify(e)));
  const targets = new Map<number, DocumentChange>();
  const seen = new Set<string>();
  for (const finding of findings) {
    for (const fix of finding.fixes) {
      if (!fix.edits.every((e) => edits.has(JSON.stringify(e)))) continue;
      const id = JSON.stringify(fix.edits);
      if (seen.has(id)) continue;
      seen.add(id);
      const index = finding.resource.documentIndex;
      const specChange = text === undefined ? undefined : specChangeOf(text, fix.edits);
      if (specChange || text === undefined || fix.edits.length === 1) targets.set(index, mergeChanges(targets.get(index), specChange ?? { hostname: insertedHostname(fix.edits) }));
      else for (const [at, hostname] of hostnameTargets(text, fix.edits, index)) targets.set(at, mergeChanges(targets.get(at), { hostname }));
    }
  }
  return targets;
}

/** LSP text edits (line/character) as the core's offset edits, through the core's own line index. */
export function offsetEdits(lines: LineIndex, edits: readonly { range: { start: Position; end: Position }; newText: string }[]): TextEdit[] {
  return edits.map((edit) => ({ span: { start: lines.offsetAt(edit.range.start), end: lines.offsetAt(edit.range.end) }, newText: edit.newText }));
}
