import { annotationInsertion } from '../fixes/insertAnnotation';
import { sameAddress, type Finding, type Fix, type ResourceAddress } from '../model/finding';
import { parseFile, type ParsedFile } from '../parse/parseFile';
import { applyEdits, type TextEdit } from '../text/edits';
import { lineBreakAt, lineStartOf } from '../text/layout';
import { span } from '../text/span';
import { DIRECTIVE_PREFIX, directivesOf, IGNORE_ANNOTATION, REASON_PLACEHOLDER, type Directive } from './directives';

/**
 * The editor's "Disable RULE for this line / for this Service": a directive with a `<reason>`
 * placeholder (which suppression-invalid reports until it is replaced), or the rule added to the
 * directive already there. Offered on request only: never part of fix-all or `--fix`.
 */

/** `,rule` after the last id of a directive whose ids have their own places. */
function extend(directive: Directive, ruleId: string): TextEdit | undefined {
  const last = directive.rules[directive.rules.length - 1];
  if (!last || last.span.start === directive.span.start) return undefined;
  return { span: span(last.span.end, last.span.end), newText: `,${ruleId}` };
}

/**
 * The edit must leave every document as analysable as it was, with the finding's resource still
 * there. Only the finding's document is read again, from the previous document's end to the next
 * one's start (a quick-fix request on a 20,000-line file must not parse it twice per diagnostic);
 * an edit outside that window, or a window that does not read as that one document, gets the whole file.
 */
function keepsTheFile(file: ParsedFile, finding: Finding, edits: readonly TextEdit[]): boolean {
  const at = finding.resource.documentIndex;
  const document = file.documents[at];
  const from = at === 0 ? 0 : (file.documents[at - 1]?.span.end ?? 0);
  const to = file.documents[at + 1]?.span.start ?? file.text.length;
  if (document && edits.every((e) => e.span.start >= from && e.span.end <= to)) {
    const window = file.text.slice(from, to);
    const before = parseFile(window);
    if (before.documents.length === 1 && (before.documents[0]!.notAnalysed === undefined) === (document.notAnalysed === undefined)) {
      const shifted = edits.map((e) => ({ span: span(e.span.start - from, e.span.end - from), newText: e.newText }));
      return keeps(before, parseFile(applyEdits(window, shifted)), { ...finding.resource, documentIndex: 0 });
    }
  }
  return keeps(file, parseFile(applyEdits(file.text, edits)), finding.resource);
}

function keeps(before: ParsedFile, after: ParsedFile, resource: ResourceAddress): boolean {
  if (after.documents.length !== before.documents.length) return false;
  if (after.documents.some((d, i) => d.notAnalysed !== undefined && before.documents[i]?.notAnalysed === undefined)) return false;
  return after.resources.some((r) => sameAddress(r.address, resource));
}

function fixOf(title: string, file: ParsedFile, finding: Finding, edit: TextEdit | undefined): Fix | undefined {
  if (!edit || !keepsTheFile(file, finding, [edit])) return undefined;
  return { title, edits: [edit], isPreferred: false, safe: false };
}

export function disableForLine(file: ParsedFile, finding: Finding, directives: readonly Directive[] = directivesOf(file)): Fix | undefined {
  const text = file.text;
  const lineStart = lineStartOf(text, finding.span.start);
  const title = `Disable ${finding.ruleId} for this line`;
  const above = directives.find((d) => d.kind === 'disable-next-line' && d.covers.start === lineStart && d.rules.length > 0);
  if (above) return fixOf(title, file, finding, extend(above, finding.ruleId));
  const indent = /^[ ]*/.exec(text.slice(lineStart))?.[0] ?? '';
  const comment = `${indent}# ${DIRECTIVE_PREFIX}disable-next-line ${finding.ruleId} -- ${REASON_PLACEHOLDER}${lineBreakAt(text, lineStart)}`;
  return fixOf(title, file, finding, { span: span(lineStart, lineStart), newText: comment });
}

export function disableForResource(file: ParsedFile, finding: Finding, directives: readonly Directive[] = directivesOf(file)): Fix | undefined {
  const resource = file.resources.find((r) => sameAddress(r.address, finding.resource));
  if (!resource) return undefined;
  const title = `Disable ${finding.ruleId} for this ${resource.kind?.value ?? 'object'}`;
  const existing = directives.find((d) => d.kind === 'ignore-annotation' && sameAddress(d.resource, finding.resource));
  if (existing) return fixOf(title, file, finding, extend(existing, finding.ruleId));
  return fixOf(title, file, finding, annotationInsertion(file, resource, IGNORE_ANNOTATION, `${finding.ruleId} -- ${REASON_PLACEHOLDER}`));
}
