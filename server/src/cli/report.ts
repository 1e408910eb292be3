import { type ClusterRef, type Finding, type LineIndex, type ParsedFile, type RelatedLocation, type Settings, type Severity, type Span } from '../core';
import { humanRange, type HumanRange } from './formats/location';
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
  /** `--helm-chart`: findings of rendered output shown on the templates they came from. */
  readonly attributions?: ReadonlyMap<Finding, Attribution>;
  /** `--helm-chart`: related locations in the rendered text, shown on their templates too. */
  readonly relatedAttributions?: ReadonlyMap<RelatedLocation, Attribution>;
}

/** A finding of rendered output (`--helm-chart`), shown on its template: where, in that file's text. */
export interface Attribution {
  readonly displayPath: string;
  readonly lines: LineIndex;
  readonly span: Span;
}

/** Where a finding is shown, and for one of rendered output shown on its template, where it stands in the rendered text. */
export interface FindingPlace {
  readonly displayPath: string;
  readonly range: HumanRange;
  readonly offsets: Span;
  readonly rendered?: { readonly displayPath: string; readonly range: HumanRange; readonly offsets: Span };
}

export function placeOf(file: LintedFile, finding: Finding): FindingPlace {
  const own = { displayPath: file.input.displayPath, range: humanRange(file.parsed.lineIndex, finding.span), offsets: { start: finding.span.start, end: finding.span.end } };
  const attributed = file.attributions?.get(finding);
  if (!attributed) return own;
  return { displayPath: attributed.displayPath, range: humanRange(attributed.lines, attributed.span), offsets: { start: attributed.span.start, end: attributed.span.end }, rendered: own };
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
  readonly fileById: ReadonlyMap<string, { displayPath: string; lines: LineIndex }>;
}

/** One cluster of a run, as the JSON and SARIF reports show it: its settings in effect and its files. */
export interface ClusterSummary {
  readonly name: string;
  /** The config file that defines it, as shown to the user; undefined without one (the run's own cluster). */
  readonly configFile: string | undefined;
  readonly settings: Settings;
  readonly files: readonly string[];
}

/** Where a related location is shown: on its template (`--helm-chart`), else in its file; undefined for a file the run did not read. */
export function relatedPlaceOf(report: Report, file: LintedFile, related: RelatedLocation): { readonly displayPath: string; readonly range: HumanRange } | undefined {
  const attributed = file.relatedAttributions?.get(related);
  if (attributed) return { displayPath: attributed.displayPath, range: humanRange(attributed.lines, attributed.span) };
  const other = report.fileById.get(related.uri);
  return other && { displayPath: other.displayPath, range: humanRange(other.lines, related.span) };
}

/** Why `--fix` must not write this file, or undefined when it may. */
export function notFixableReason(file: LintedFile): string | undefined {
  if (file.input.id === '-') return 'standard input is never written';
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
