import { type LineIndex, type NotAnalysed, type Span } from '../core';
import { escapeControl } from './formats/escape';
import { humanRange, type HumanRange } from './formats/location';
import { type InputProblem } from './inputs';

/**
 * What a run could not do, which every format reports beside the findings: an input it could
 * not read (`input`), a file or document the service did not analyse (`not-analysed`), a fix it
 * did not write (`fix`). A run must never look clean because part of it was not looked at.
 */
export type ProblemKind = 'input' | 'not-analysed' | 'fix';

export interface Problem extends InputProblem {
  readonly kind: ProblemKind;
  /** The YAML document, 1-based, when only one document of the file was not analysed. */
  readonly document?: number;
  /** Where in the file, when there is a place: 1-based lines and columns, 0-based UTF-16 offsets. */
  readonly at?: { readonly range: HumanRange; readonly offsets: Span };
}

export const inputProblem = (problem: InputProblem): Problem => ({ ...problem, kind: 'input' });

/** The service's reasons for one file, in its words; a document's own reason also says which document. */
export function notAnalysedProblems(displayPath: string, reasons: readonly NotAnalysed[], lines: LineIndex): Problem[] {
  return reasons.map((n): Problem => {
    if (n.documentIndex === undefined) return { displayPath, message: n.reason, isError: n.isError, kind: 'not-analysed' };
    return {
      displayPath,
      message: `document ${n.documentIndex + 1} not analysed: ${n.reason}`,
      isError: n.isError,
      kind: 'not-analysed',
      document: n.documentIndex + 1,
      at: { range: humanRange(lines, n.span), offsets: { start: n.span.start, end: n.span.end } },
    };
  });
}

/** `FILE:LINE:COL: MESSAGE`, or `FILE: MESSAGE` where there is no place: the one line standard error gets. */
export function problemLine(problem: Problem): string {
  const place = problem.at ? `:${problem.at.range.startLine}:${problem.at.range.startColumn}` : '';
  return `${escapeControl(problem.displayPath)}${place}: ${escapeControl(problem.message)}`;
}

/**
 * The exit code the problems alone call for: 2 for an I/O error (an input or a fix), else 1 for a
 * document that could not be read as YAML (whatever --max-severity), else none: the findings decide.
 */
export function problemsExitCode(problems: readonly Problem[]): 1 | 2 | undefined {
  if (problems.some((p) => p.isError && p.kind !== 'not-analysed')) return 2;
  return problems.some((p) => p.isError) ? 1 : undefined;
}
