import { type LineIndex, type Span } from '../../core';

/** 1-based line and column, as terminals, JSON consumers, SARIF and GitHub count. */
export interface HumanRange {
  readonly startLine: number;
  readonly startColumn: number;
  readonly endLine: number;
  readonly endColumn: number;
}

export function humanRange(lines: LineIndex, span: Span): HumanRange {
  const start = lines.positionAt(span.start);
  const end = lines.positionAt(span.end);
  return { startLine: start.line + 1, startColumn: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
}
