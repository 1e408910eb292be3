import { type Span } from './span';

/** A replacement of `span` with `newText` in a file's text. Edits of one fix never overlap. */
export interface TextEdit {
  readonly span: Span;
  readonly newText: string;
  /**
   * The same edit as an LSP snippet (a tab stop where the user types a value), for clients that
   * take snippet edits; `newText` is what the others insert.
   */
  readonly snippet?: string;
}

/** The edits of one file, for a fix that changes several. */
export interface FileEdits {
  readonly uri: string;
  readonly edits: readonly TextEdit[];
}

/** Applies non-overlapping edits to `text`. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.span.start - a.span.start);
  let result = text;
  for (const edit of sorted) result = result.slice(0, edit.span.start) + edit.newText + result.slice(edit.span.end);
  return result;
}
