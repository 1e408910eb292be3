import { type Position, type Range } from 'vscode-languageserver-protocol';

/**
 * The client side of incremental text sync, written independently of the core's LineIndex and of
 * vscode-languageserver-textdocument so that tests can check either against it. Offsets and
 * characters are UTF-16 code units; line breaks are \n, \r\n and \r, as LSP defines them.
 */

/** One `contentChanges` entry of a ranged didChange, as VS Code sends it. */
export interface RangedChange {
  readonly range: Range;
  /** Deprecated in LSP but still sent by VS Code: servers must not rely on it, nor choke on it. */
  readonly rangeLength: number;
  readonly text: string;
}

export interface RangedEdit {
  readonly range: Range;
  readonly text: string;
}

const CR = 13;
const LF = 10;

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === CR && text.charCodeAt(i + 1) === LF) i++;
    if (code === CR || code === LF) starts.push(i + 1);
  }
  return starts;
}

/** The offset just past line `line`'s text, before its line break. */
function lineEnd(text: string, starts: readonly number[], line: number): number {
  let end = starts[line + 1] ?? text.length;
  if (end > starts[line]! && text.charCodeAt(end - 1) === LF) end--;
  if (end > starts[line]! && text.charCodeAt(end - 1) === CR) end--;
  return end;
}

export function positionAt(text: string, offset: number): Position {
  const starts = lineStarts(text);
  let line = 0;
  while (line + 1 < starts.length && starts[line + 1]! <= offset) line++;
  return { line, character: offset - starts[line]! };
}

/** As the spec says: a line past the end is the end; a character past the line's text is its end. */
export function offsetAt(text: string, position: Position): number {
  const starts = lineStarts(text);
  if (position.line >= starts.length) return text.length;
  if (position.line < 0) return 0;
  const start = starts[position.line]!;
  return Math.min(start + Math.max(0, position.character), lineEnd(text, starts, position.line));
}

/** Applies edits in order, each to the text the previous one left (LSP's contentChanges order). */
export function applyEdits(text: string, edits: readonly RangedEdit[]): string {
  let result = text;
  for (const edit of edits) {
    const start = offsetAt(result, edit.range.start);
    const end = offsetAt(result, edit.range.end);
    result = result.slice(0, Math.min(start, end)) + edit.text + result.slice(Math.max(start, end));
  }
  return result;
}

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number): boolean => code >= 0xdc00 && code <= 0xdfff;

/**
 * The smallest single range of `before` whose replacement gives `after` (common prefix and
 * suffix), widened so that it splits neither a surrogate pair nor a \r\n: no LSP position can
 * point between \r and \n, and an editor never splits a character. Undefined when nothing changed.
 */
export function minimalChange(before: string, after: string): RangedChange | undefined {
  if (before === after) return undefined;
  const shorter = Math.min(before.length, after.length);
  let start = 0;
  while (start < shorter && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  while (start > 0 && (isHighSurrogate(before.charCodeAt(start - 1)) || (before.charCodeAt(start - 1) === CR && before.charCodeAt(start) === LF))) start--;
  let suffix = 0;
  while (suffix < shorter - start && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  const endIn = (text: string): number => text.length - suffix;
  while (suffix > 0 && (isLowSurrogate(before.charCodeAt(endIn(before))) || (before.charCodeAt(endIn(before) - 1) === CR && before.charCodeAt(endIn(before)) === LF))) suffix--;
  const end = endIn(before);
  return { range: { start: positionAt(before, start), end: positionAt(before, end) }, rangeLength: end - start, text: after.slice(start, endIn(after)) };
}
