import { type Span } from './span';

/** A replacement of `span` with `newText` in a file's text. Edits of one fix never overlap. */
export interface TextEdit {
  readonly span: Span;
  readonly newText: string;
}

/** Applies non-overlapping edits to `text`. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.span.start - a.span.start);
  let result = text;
  for (const edit of sorted) result = result.slice(0, edit.span.start) + edit.newText + result.slice(edit.span.end);
  return result;
}
