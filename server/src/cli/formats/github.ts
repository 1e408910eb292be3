import { type Severity } from '../../core';
import { type Report } from '../report';
import { humanRange } from './location';

/** GitHub Actions workflow commands: one `::warning file=…::message` line per finding. */
const COMMANDS: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'notice', hint: 'notice' };

const escapeData = (text: string): string => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (text: string): string => escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');

export function formatGithub(report: Report): string {
  const lines: string[] = [];
  for (const file of report.files) {
    for (const finding of file.findings) {
      const at = humanRange(file.parsed.lineIndex, finding.span);
      const properties = [
        `file=${escapeProperty(file.input.displayPath)}`,
        `line=${at.startLine}`,
        `col=${at.startColumn}`,
        `endLine=${at.endLine}`,
        `endColumn=${at.endColumn}`,
        `title=${escapeProperty(`kube-lb-reach(${finding.ruleId})`)}`,
      ].join(',');
      lines.push(`::${COMMANDS[finding.severity]} ${properties}::${escapeData(finding.message)}`);
    }
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
