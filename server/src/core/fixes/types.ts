import { type Span } from '../text/span';

/** A replacement of `span` with `newText` in the file's text. Edits of one fix never overlap. */
export interface TextEdit {
  readonly span: Span;
  readonly newText: string;
}

/** A fix as data: rules return it; adapters turn it into code actions or write it (CLI --fix). */
export interface Fix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
  readonly isPreferred: boolean;
  /** Safe fixes are applied by fix-all and `--fix`; unsafe ones (a placeholder value) only on request. */
  readonly safe: boolean;
}

/** Applies non-overlapping edits to `text`. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.span.start - a.span.start);
  let result = text;
  for (const edit of sorted) result = result.slice(0, edit.span.start) + edit.newText + result.slice(edit.span.end);
  return result;
}
