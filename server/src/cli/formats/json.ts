import { DEFAULT_SETTINGS, type LineIndex, type Span } from '../../core';
import { clustersJson, settingsJson } from '../clusters';
import { VERSION } from '../version';
import { isFixable, placeOf, relatedPlace, type Report } from '../report';
import { type Problem } from '../problems';
import { humanRange } from './location';

/** `file`, `message`, `error` as ever; `kind`, `level` and, where there is a place, `document`, `range`, `offsets`. */
function problemJson(problem: Problem): Record<string, unknown> {
  return {
    file: problem.displayPath,
    message: problem.message,
    error: problem.isError,
    kind: problem.kind,
    level: problem.isError ? 'error' : 'notice',
    ...(problem.document !== undefined ? { document: problem.document } : {}),
    ...(problem.at ? { range: problem.at.range, offsets: problem.at.offsets } : {}),
  };
}

/** A finding's place in the rendered text (`--kustomize DIR`, `--helm-chart DIR`; 1-based), beside the file it is reported at. */
function renderedPosition(lines: LineIndex, span: Span): { line: number; column: number } {
  const at = humanRange(lines, span);
  return { line: at.startLine, column: at.startColumn };
}

/**
 * The stable JSON report (docs/cli.md documents it): schemaVersion 1. Lines and columns are
 * 1-based; `offsets` are 0-based UTF-16 offsets, end exclusive.
 */
export function formatJson(report: Report): string {
  const findings = report.files.flatMap((file) =>
    (report.reportSuppressed ? [...file.findings, ...file.suppressed] : file.findings).map((finding) => {
      const place = placeOf(file, finding.span);
      return {
      file: place.displayPath,
      ruleId: finding.ruleId,
      severity: finding.severity,
      message: finding.message,
      range: humanRange(place.lines, place.span),
      offsets: { start: place.span.start, end: place.span.end },
      ...(place.rendered ? { renderedFrom: place.rendered.from, rendered: renderedPosition(place.rendered.lines, place.rendered.span) } : {}),
      related: finding.related.flatMap((related) => {
        const other = relatedPlace(report, related);
        return other ? [{ file: other.displayPath, range: humanRange(other.lines, other.span), message: related.message }] : [];
      }),
      fixable: !finding.suppression && isFixable(file) && finding.fixes.some((fix) => fix.safe),
      ...(finding.suppression ? { suppressed: { kind: finding.suppression.kind, justification: finding.suppression.justification } } : {}),
      };
    }),
  );
  // The summary counts what the run reports; suppressed findings are listed (marked), not counted.
  const summary = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const finding of findings) if (!('suppressed' in finding)) summary[finding.severity]++;
  return `${JSON.stringify(
    {
      schemaVersion: 1,
      tool: { name: 'kube-lb-reach', version: VERSION },
      // The first cluster's, as schemaVersion 1 always had one; `clusters` has each cluster's.
      settings: settingsJson(report.clusters[0]?.settings ?? DEFAULT_SETTINGS),
      clusters: clustersJson(report.clusters),
      files: report.files.map((f) => f.input.displayPath),
      problems: report.problems.map(problemJson),
      findings,
      summary,
    },
    null,
    2,
  )}\n`;
}
