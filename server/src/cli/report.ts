import { type ClusterRef, type Finding, type LineIndex, type ParsedFile, type RelatedLocation, type Settings, type Severity, type Span } from '../core';
import { type Input } from './inputs';
import { type Problem } from './problems';

/** What a lint run found, as every output format reads it. */

export const SEVERITY_ORDER: readonly Severity[] = ['hint', 'information', 'warning', 'error'];

export interface LintedFile {
  readonly input: Input;
  readonly parsed: ParsedFile;
  /** Its cluster's settings in effect (config file, cluster, then the flags). */
  readonly settings: Settings;
  readonly cluster: ClusterRef;
  /** What the run reports: the findings no directive silences. */
  readonly findings: readonly Finding[];
  /** Silenced in the file, each with its `suppression`: in SARIF always, in text and JSON with --report-suppressed. */
  readonly suppressed: readonly Finding[];
  /**
   * A render (`--kustomize DIR`, or helm template output on standard input with `--helm-chart DIR`):
   * where each span of it is reported (the file the user edits).
   */
  readonly rendered?: RenderedReport;
}

export interface RenderedReport {
  /** DIR as shown. */
  readonly from: string;
  /** Why `--fix` must not write the render: it is a tool's output, not a file. */
  readonly notFixable: string;
  readonly place: (span: Span) => Place;
}

/** Where a span is reported: its file, lines and span; for a render also the rendered place. */
export interface Place {
  readonly displayPath: string;
  readonly lines: LineIndex;
  readonly span: Span;
  readonly rendered?: { readonly from: string; readonly lines: LineIndex; readonly span: Span };
}

/** The place of a span of a linted file: itself, or for a render the file it was attributed to. */
export function placeOf(file: LintedFile, span: Span): Place {
  return file.rendered ? file.rendered.place(span) : { displayPath: file.input.displayPath, lines: file.parsed.lineIndex, span };
}

/** The place of related information, in any file of the run; undefined for a file the run did not report. */
export function relatedPlace(report: Report, related: RelatedLocation): Place | undefined {
  const other = report.fileById.get(related.uri);
  if (!other) return undefined;
  return other.rendered ? other.rendered.place(related.span) : { displayPath: other.displayPath, lines: other.lines, span: related.span };
}

export interface Report {
  readonly files: readonly LintedFile[];
  /** Inputs not read, files and documents not analysed, fixes not written: in that order. */
  readonly problems: readonly Problem[];
  /** The clusters of the files, each with its settings in effect. */
  readonly clusters: readonly ClusterSummary[];
  /** --report-suppressed: text and JSON list the suppressed findings too, marked. */
  readonly reportSuppressed: boolean;
  /** Where a file id (absolute path) is shown, and its line index, for related locations. */
  readonly fileById: ReadonlyMap<string, { displayPath: string; lines: LineIndex; rendered?: RenderedReport }>;
}

/** One cluster of a run, as the JSON and SARIF reports show it: its settings in effect and its files. */
export interface ClusterSummary {
  readonly name: string;
  /** The config file that defines it, as shown to the user; undefined without one (the run's own cluster). */
  readonly configFile: string | undefined;
  readonly settings: Settings;
  readonly files: readonly string[];
}

/** Why `--fix` must not write this file, or undefined when it may. */
export function notFixableReason(file: LintedFile): string | undefined {
  if (file.input.id === '-') return 'standard input is never written';
  // A fix computed on a render edits the tool's output, not a file: the finding says which file to edit.
  if (file.rendered) return file.rendered.notFixable;
  if (file.input.target === undefined) return 'only a regular file is written (not a pipe or a device)';
  if (file.parsed.documents.some((d) => d.hasErrors)) return 'the file has YAML errors';
  // The edits apply to the decoded text: writing it back would also replace every byte that is not UTF-8.
  if (!file.input.lossless) return 'the file is not valid UTF-8: writing it back would change bytes the fix does not touch';
  return undefined;
}

/** Whether `--fix` may write this file: a real file, valid UTF-8, whose every document parsed. */
export function isFixable(file: LintedFile): boolean {
  return notFixableReason(file) === undefined;
}

/** The note the text and GitHub formats add to a finding of a render: which render, and the line in its text. */
export function renderedNote(place: Place): string {
  if (!place.rendered) return '';
  return ` (as rendered from ${place.rendered.from}, line ${place.rendered.lines.positionAt(place.rendered.span.start).line + 1})`;
}
