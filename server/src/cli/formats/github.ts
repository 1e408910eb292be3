import { type Severity } from '../../core';
import { type Problem } from '../problems';
import { placeOf, renderedNote, type Report } from '../report';
import { humanRange } from './location';

/** GitHub Actions workflow commands: one `::warning file=…::message` line per problem, then per finding. */
const COMMANDS: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'notice', hint: 'notice' };

const escapeData = (text: string): string => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (text: string): string => escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** A problem (an input not read, a document not analysed, a fix not written): `::error` or `::notice`, with its place when it has one. */
function problemCommand(problem: Problem): string {
  const range = problem.at?.range;
  const properties = [
    `file=${escapeProperty(problem.displayPath)}`,
    ...(range ? [`line=${range.startLine}`, `col=${range.startColumn}`, `endLine=${range.endLine}`, `endColumn=${range.endColumn}`] : []),
    `title=${escapeProperty(`kube-lb-reach(${problem.kind})`)}`,
  ].join(',');
  return `::${problem.isError ? 'error' : 'notice'} ${properties}::${escapeData(problem.message)}`;
}

export function formatGithub(report: Report): string {
  const lines: string[] = report.problems.map(problemCommand);
  for (const file of report.files) {
    for (const finding of file.findings) {
      const place = placeOf(file, finding.span);
      const at = humanRange(place.lines, place.span);
      const properties = [
        `file=${escapeProperty(place.displayPath)}`,
        `line=${at.startLine}`,
        `col=${at.startColumn}`,
        `endLine=${at.endLine}`,
        `endColumn=${at.endColumn}`,
        `title=${escapeProperty(`kube-lb-reach(${finding.ruleId})`)}`,
      ].join(',');
      lines.push(`::${COMMANDS[finding.severity]} ${properties}::${escapeData(finding.message + renderedNote(place))}`);
    }
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
