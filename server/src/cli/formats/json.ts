import { VERSION } from '../version';
import { isFixable, type Report } from '../report';
import { humanRange } from './location';

/**
 * The stable JSON report (docs/cli.md documents it): schemaVersion 1. Lines and columns are
 * 1-based; `offsets` are 0-based UTF-16 offsets, end exclusive.
 */
export function formatJson(report: Report): string {
  const findings = report.files.flatMap((file) =>
    file.findings.map((finding) => ({
      file: file.input.displayPath,
      ruleId: finding.ruleId,
      severity: finding.severity,
      message: finding.message,
      range: humanRange(file.parsed.lineIndex, finding.span),
      offsets: { start: finding.span.start, end: finding.span.end },
      related: finding.related.flatMap((related) => {
        const other = report.fileById.get(related.uri);
        return other ? [{ file: other.displayPath, range: humanRange(other.lines, related.span), message: related.message }] : [];
      }),
      fixable: isFixable(file) && finding.fixes.some((fix) => fix.safe),
    })),
  );
  const summary = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const finding of findings) summary[finding.severity]++;
  return `${JSON.stringify(
    {
      schemaVersion: 1,
      tool: { name: 'kube-lb-reach', version: VERSION },
      settings: {
        kubernetesVersion: report.settings.kubernetesVersion.text,
        proxyMode: report.settings.proxyMode,
      },
      files: report.files.map((f) => f.input.displayPath),
      problems: report.problems.map((p) => ({ file: p.displayPath, message: p.message, error: p.isError })),
      findings,
      summary,
    },
    null,
    2,
  )}\n`;
}
