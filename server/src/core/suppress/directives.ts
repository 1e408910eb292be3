import { CST, Lexer } from 'yaml';
import { type ResourceAddress } from '../model/finding';
import { type ParsedFile } from '../parse/parseFile';
import { span, type Span } from '../text/span';

/**
 * The suppressions a file writes: directive comments and the per-object ignore annotation, read
 * from the file's own text. Comments come from the YAML lexer, so a `#` inside a block scalar or a
 * quoted string is never taken for one.
 */

export const DIRECTIVE_PREFIX = 'kube-lb-reach-';
export const IGNORE_ANNOTATION = 'kube-lb-reach.io/ignore';
/** What the code actions write where the reason goes; left as it is, it counts as no reason. */
export const REASON_PLACEHOLDER = '<reason>';

export type DirectiveKind = 'disable-next-line' | 'disable' | 'enable' | 'ignore-annotation';

export interface NamedRule {
  readonly id: string;
  /** Where the id is written (for an annotation whose value is escaped: the whole value). */
  readonly span: Span;
}

export interface Directive {
  readonly kind: DirectiveKind;
  readonly rules: readonly NamedRule[];
  /** The text after `--`, trimmed; undefined when there is none (or only the placeholder). */
  readonly reason: string | undefined;
  /** The comment, or the annotation's value. */
  readonly span: Span;
  /** The resource of an ignore annotation; the document (and List item) a comment stands in. */
  readonly resource: ResourceAddress;
  /** Offsets where a finding must start to be silenced (an annotation silences by resource instead). */
  readonly covers: Span;
}

const DIRECTIVE = /^#[ \t]*kube-lb-reach-(disable-next-line|disable|enable)(?=[ \t]|$)/;

/** The comments of `text` with their offsets, in order. Lexer tokens concatenate to the source, except for its zero-width markers. */
function comments(text: string): { offset: number; text: string }[] {
  const source = text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
  const found: { offset: number; text: string }[] = [];
  let offset = 0;
  for (const token of new Lexer().lex(source)) {
    if (token === CST.DOCUMENT || token === CST.FLOW_END || token === CST.SCALAR) continue;
    if (CST.tokenType(token) === 'comment') found.push({ offset, text: token });
    offset += token.length;
  }
  return found;
}

/** `a, b -- why`: the ids (each with its offset in `body`) and the reason. */
export function parseBody(body: string): { ids: { id: string; at: number }[]; reason: string | undefined } {
  const separator = /(^|\s)--(\s|$)/.exec(body);
  const idsPart = separator ? body.slice(0, separator.index) : body;
  const reasonText = separator ? body.slice(separator.index + separator[0].length).trim() : '';
  const ids: { id: string; at: number }[] = [];
  for (const match of idsPart.matchAll(/[^,\s]+/g)) ids.push({ id: match[0], at: match.index });
  const reason = reasonText === '' || reasonText === REASON_PLACEHOLDER ? undefined : reasonText;
  return { ids, reason };
}

/** The document of each offset: documents are separated by their `---` lines; what precedes the first belongs to it. */
function documentBounds(file: ParsedFile): { index: number; start: number; end: number }[] {
  return file.documents.map((d, i) => ({ index: d.index, start: i === 0 ? 0 : d.span.start, end: file.documents[i + 1]?.span.start ?? file.text.length }));
}

function addressAt(file: ParsedFile, documentIndex: number, offset: number): ResourceAddress {
  const item = file.resources.find((r) => r.address.documentIndex === documentIndex && r.address.itemIndex !== undefined && r.span.start <= offset && offset <= r.span.end);
  return item ? item.address : { documentIndex };
}

function commentDirectives(file: ParsedFile): Directive[] {
  // Most files name no directive: they are not lexed a second time.
  if (!file.text.includes(DIRECTIVE_PREFIX) || file.documents.length === 0) return [];
  const bounds = documentBounds(file);
  const lines = file.lineIndex;
  const directives: Directive[] = [];
  for (const comment of comments(file.text)) {
    const match = DIRECTIVE.exec(comment.text);
    if (!match) continue;
    const document = bounds.find((b) => b.start <= comment.offset && comment.offset < b.end) ?? bounds[bounds.length - 1]!;
    // A document not analysed has no findings to silence: its directives are not judged either.
    if (file.documents[document.index]?.notAnalysed) continue;
    const kind = match[1] as 'disable-next-line' | 'disable' | 'enable';
    const bodyStart = match[0].length;
    const { ids, reason } = parseBody(comment.text.slice(bodyStart));
    const commentSpan = span(comment.offset, comment.offset + comment.text.length);
    let covers: Span;
    if (kind === 'disable-next-line') {
      const next = lines.positionAt(commentSpan.end).line + 1;
      covers = span(lines.offsetAt({ line: next, character: 0 }), lines.offsetAt({ line: next + 1, character: 0 }));
    } else {
      // Until the matching enable (set when the regions are paired), else the end of the document.
      covers = span(commentSpan.end, document.end);
    }
    directives.push({
      kind,
      rules: ids.map(({ id, at }) => ({ id, span: span(comment.offset + bodyStart + at, comment.offset + bodyStart + at + id.length) })),
      reason,
      span: commentSpan,
      resource: addressAt(file, document.index, comment.offset),
      covers,
    });
  }
  return directives;
}

function annotationDirectives(file: ParsedFile): Directive[] {
  const directives: Directive[] = [];
  for (const resource of file.resources) {
    const annotation = resource.annotations.find((a) => a.key === IGNORE_ANNOTATION);
    if (!annotation) continue;
    const { ids, reason } = parseBody(annotation.value);
    // Where the value is written as it reads (plain, or quoted without escapes), each id has its own place.
    const written = file.text.slice(annotation.valueSpan.start, annotation.valueSpan.end);
    const at = written.indexOf(annotation.value);
    const exact = annotation.value !== '' && at >= 0 && written.length - annotation.value.length <= 2;
    const base = annotation.valueSpan.start + at;
    directives.push({
      kind: 'ignore-annotation',
      rules: ids.map(({ id, at: offset }) => ({ id, span: exact ? span(base + offset, base + offset + id.length) : annotation.valueSpan })),
      reason,
      span: annotation.valueSpan,
      resource: resource.address,
      covers: resource.span,
    });
  }
  return directives;
}

/** Every directive of the file, comments first (in text order), then the ignore annotations. */
export function directivesOf(file: ParsedFile): Directive[] {
  return [...commentDirectives(file), ...annotationDirectives(file)];
}
