import * as path from 'path';
import { pathToFileURL } from 'url';
import { RULES, type Severity } from '../../core';
import { docsLink } from '../../node/docsLink';
import { type Report } from '../report';
import { VERSION } from '../version';
import { humanRange } from './location';

/** SARIF 2.1.0, as GitHub code scanning accepts it: relative artifact URIs against %SRCROOT%. */
const LEVELS: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

function artifactUri(displayPath: string): string {
  return displayPath.split(path.sep).map(encodeURIComponent).join('/');
}

export function formatSarif(report: Report): string {
  const ruleIndex = new Map(RULES.map((rule, i) => [rule.id, i]));
  const results = report.files.flatMap((file) =>
    file.findings.map((finding) => ({
      ruleId: finding.ruleId,
      ruleIndex: ruleIndex.get(finding.ruleId) ?? -1,
      level: LEVELS[finding.severity],
      message: { text: finding.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: artifactUri(file.input.displayPath), uriBaseId: '%SRCROOT%' },
            region: humanRange(file.parsed.lineIndex, finding.span),
          },
        },
      ],
      relatedLocations: finding.related.flatMap((related, id) => {
        const other = report.fileById.get(related.uri);
        if (!other) return [];
        return [
          {
            id,
            message: { text: related.message },
            physicalLocation: { artifactLocation: { uri: artifactUri(other.displayPath), uriBaseId: '%SRCROOT%' }, region: humanRange(other.lines, related.span) },
          },
        ];
      }),
    })),
  );
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'kube-lb-reach',
            version: VERSION,
            rules: RULES.map((rule) => ({
              id: rule.id,
              name: rule.id,
              shortDescription: { text: rule.meta.description },
              helpUri: docsLink(rule.id),
              defaultConfiguration: { level: LEVELS[rule.meta.defaultSeverity] },
            })),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: `${pathToFileURL(process.cwd()).href}/` } },
        results,
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
