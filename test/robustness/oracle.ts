import { ok, strictEqual } from 'node:assert/strict';
import { type Document } from 'yaml';
import { applyEdits, distinctFixes, fixAllEdits, type Analysis, type Finding, type LineIndex, type ParsedFile, type Position, type TextEdit } from '../../server/src/core';
import { MAX_DOCUMENTS } from '../../server/src/core/parse/parseFile';
import { changesByDocument, intendedMeaning, mergeChanges, type DocumentChange } from './fixChanges';
import { meaningOf, yamlDocuments } from './meaning';

export { insertedHostname, type DocumentChange } from './fixChanges';
export { meaningOf, yamlDocuments } from './meaning';

/**
 * The judge of the robustness suite: what a fix must leave behind, and what every analysis must
 * respect, stated without trusting the code under test.
 */

/** Long texts shown in failures: head and tail only. */
export function clip(text: string, room = 1500): string {
  return text.length <= room * 2 ? text : `${text.slice(0, room)}\n[… ${text.length - room * 2} characters …]\n${text.slice(-room)}`;
}

const codes = (problems: readonly { code: string }[]): string[] => problems.map((p) => p.code);

/**
 * Asserts that applying `edits` to `before` makes, in each document of `targets`, its change (a
 * string: the hostname annotation set to it) and nothing else: every edit lies inside a target
 * document, the number of documents stays, a target document parsed before and parses after, and
 * means the original with the change; every other document keeps its meaning, errors and warnings.
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
      strictEqual(meaningOf(fixed), intendedMeaning(document, typeof change === 'string' ? { hostname: change } : change), `document ${index} is the original with the intended change\n${context()}`);
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
 * Every fix is a change the oracle models (a hostname set, an annotation's key renamed, its value
 * quoted or recased, its line removed, a spec key removed or recased), applied exactly, or a disable directive.
 */
export function assertFixIntended(text: string, edits: readonly TextEdit[], documentIndex: number | undefined, what: string): void {
  if (isSuppressionEdit(edits)) {
    ok(documentIndex !== undefined, `${what}: a suppression is offered for a finding of its own document`);
    assertSuppressionEdit(text, edits, documentIndex, what);
    return;
  }
  // Each edit changes the document holding it: the every-Service hostname fix edits each Service's
  // document (in this file and others); the finding's own document is among them, except for a fix
  // of the others only (`documentIndex` undefined).
  const changes = changesByDocument(text, edits, what);
  if (documentIndex !== undefined) ok(changes.has(documentIndex), `${what}: the fix edits the document of its finding`);
  else ok(changes.size > 0, `${what}: the fix edits some document`);
  assertIntendedChange(text, edits, changes, what);
}

/** Fix-all's edits (as a client gets them, without the fixes they came from) are exactly the changes each edit makes. */
export function assertFixAllIntended(text: string, edits: readonly TextEdit[], what: string): void {
  assertIntendedChange(text, edits, changesByDocument(text, edits, what), what);
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
    ok(!document.hasErrors, 'findings only come from documents that parsed');
    // A Helm template is read with its actions masked: a finding may sit on its literal lines, never on an action.
    if (document.templated) for (const action of text.matchAll(/\{\{[\s\S]*?\}\}/g)) ok(finding.span.end <= action.index || finding.span.start >= action.index + action[0].length, `a finding (${finding.ruleId}) lies outside template actions`);
    ok(finding.span.start >= document.span.start && finding.span.end <= document.span.end, 'a finding lies inside its document');
  }
  // The finding a distinct fix stands for is the first that offers it (distinctFixes keeps that one's title).
  const byFix = new Map<string, Finding>();
  for (const finding of analysis.findings) for (const fix of finding.fixes) if (!byFix.has(JSON.stringify(fix.edits))) byFix.set(JSON.stringify(fix.edits), finding);
  for (const fix of distinctFixes(analysis.findings)) {
    const finding = byFix.get(JSON.stringify(fix.edits))!;
    // "Add the hostname annotation to X too": a Service that reports a hostname, fixed by editing the others only.
    const othersOnly = finding.fixes.find((f) => JSON.stringify(f.edits) === JSON.stringify(fix.edits))?.title.includes(' too') === true;
    assertFixIntended(text, fix.edits, othersOnly ? undefined : finding.resource.documentIndex, `fix "${fix.title}"`);
  }
  const all = fixAllEdits(analysis.findings);
  if (all.length > 0) assertIntendedChange(text, all, fixAllTargets(analysis.findings, text), 'fix-all');
}

/** The documents fix-all changes, with the change each gets: every safe fix's, read from its edits, in the document of its finding. */
export function fixAllTargets(findings: readonly Finding[], text: string): Map<number, DocumentChange> {
  const edits = new Set(fixAllEdits(findings).map((e) => JSON.stringify(e)));
  const targets = new Map<number, DocumentChange>();
  const seen = new Set<string>();
  for (const finding of findings) {
    for (const fix of finding.fixes) {
      if (!fix.edits.every((e) => edits.has(JSON.stringify(e)))) continue;
      const id = JSON.stringify(fix.edits);
      if (seen.has(id)) continue;
      seen.add(id);
      for (const [index, change] of changesByDocument(text, fix.edits, `fix-all's "${fix.title}"`)) targets.set(index, mergeChanges(targets.get(index), change));
    }
  }
  return targets;
}

/** LSP text edits (line/character) as the core's offset edits, through the core's own line index. */
export function offsetEdits(lines: LineIndex, edits: readonly { range: { start: Position; end: Position }; newText: string }[]): TextEdit[] {
  return edits.map((edit) => ({ span: { start: lines.offsetAt(edit.range.start), end: lines.offsetAt(edit.range.end) }, newText: edit.newText }));
}
