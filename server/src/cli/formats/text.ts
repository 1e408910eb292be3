import { placeOf, renderedNote, type Report } from '../report';
import { escapeControl } from './escape';
import { humanRange } from './location';

const COLORS = { error: '\x1b[31m', warning: '\x1b[33m', information: '\x1b[36m', hint: '\x1b[2m' } as const;
const RESET = '\x1b[0m';

/** `file:line:col severity code message`, one line per finding (control characters escaped); colour on a terminal only. */
export function formatText(report: Report, color: boolean): string {
  const lines: string[] = [];
  for (const file of report.files) {
    const shown = report.reportSuppressed ? [...file.findings, ...file.suppressed] : file.findings;
    for (const finding of shown) {
      const place = placeOf(file, finding.span);
      const at = humanRange(place.lines, place.span);
      const severity = color ? `${COLORS[finding.severity]}${finding.severity}${RESET}` : finding.severity;
      const marked = finding.suppression ? ` [suppressed: ${escapeControl(finding.suppression.justification || 'no reason given')}]` : '';
      const rendered = escapeControl(renderedNote(place));
      lines.push(`${escapeControl(place.displayPath)}:${at.startLine}:${at.startColumn} ${severity} ${finding.ruleId} ${escapeControl(finding.message)}${rendered}${marked}`);
    }
  }
  const count = report.files.reduce((sum, f) => sum + f.findings.length, 0);
  const suppressed = report.files.reduce((sum, f) => sum + f.suppressed.length, 0);
  const silenced = suppressed > 0 ? ` (${suppressed} suppressed${report.reportSuppressed ? '' : ', --report-suppressed lists them'})` : '';
  lines.push(`${count} finding${count === 1 ? '' : 's'} in ${report.files.length} file${report.files.length === 1 ? '' : 's'}${silenced}`);
  return `${lines.join('\n')}\n`;
}
