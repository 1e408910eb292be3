import { type Finding, type LineIndex, type ParsedFile, type Settings, type Severity } from '../core';
import { type Input, type InputProblem } from './inputs';

/** What a lint run found, as every output format reads it. */

export const SEVERITY_ORDER: readonly Severity[] = ['hint', 'information', 'warning', 'error'];

export interface LintedFile {
  readonly input: Input;
  readonly parsed: ParsedFile;
  readonly findings: readonly Finding[];
}

export interface Report {
  readonly files: readonly LintedFile[];
  readonly problems: readonly InputProblem[];
  readonly settings: Settings;
  /** Where a file id (absolute path) is shown, and its line index, for related locations. */
  readonly fileById: ReadonlyMap<string, { displayPath: string; lines: LineIndex }>;
}

/** Whether `--fix` may write this file: a real file whose every document parsed. */
export function isFixable(file: LintedFile): boolean {
  return file.input.id !== '-' && !file.parsed.documents.some((d) => d.hasErrors);
}

