import * as path from 'path';
import { pathToFileURL } from 'url';
import { RULES, type Severity } from '../../core';
import { rulePageMarkdown } from '../../node/docsLink';
import { clustersJson } from '../clusters';
import { placeOf, relatedPlaceOf, type Report } from '../report';
import { VERSION } from '../version';
import { humanRange } from './location';
import { sarifInvocations } from './sarifInvocations';

/** SARIF 2.1.0, as GitHub code scanning accepts it: relative artifact URIs against %SRCROOT%. */
const LEVELS: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

/**
 * A rule's metadata. `help` carries the rule page itself: a file:// helpUri would name a path on the
 * machine that ran the lint, not on the one that reads the log. The text is for viewers without markdown.
 */
function sarifRule(id: string, description: string, severity: Severity): object {
  const markdown = rulePageMarkdown(id);
  const text = `${description} Documentation: docs/rules/${id}.md in the kube-lb-reach package.`;
  return {
    id,
    name: id,
    shortDescription: { text: description },
    help: markdown === undefined ? { text } : { text, markdown },
    defaultConfiguration: { level: LEVELS[severity] },
  };
}

function artifactUri(displayPath: string): string {
  return displayPath.split(path.sep).map(encodeURIComponent).join('/');
}

export function formatSarif(report: Report): string {
  const ruleIndex = new Map(RULES.map((rule, i) => [rule.id, i]));
  // Suppressed findings are always results, with their suppression and reason: the log keeps what the files silence, for review.
  const results = report.files.flatMap((file) =>
    [...file.findings, ...file.suppressed].map((finding) => {
      const place = placeOf(file, finding);
      return {
        ruleId: finding.ruleId,
        ruleIndex: ruleIndex.get(finding.ruleId) ?? -1,
        level: LEVELS[finding.severity],
        message: { text: finding.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: artifactUri(place.displayPath), uriBaseId: '%SRCROOT%' },
              region: place.range,
            },
          },
        ],
        relatedLocations: finding.related.flatMap((related, id) => {
          const other = relatedPlaceOf(report, file, related);
          if (!other) return [];
          return [
            {
              id,
              message: { text: related.message },
              physicalLocation: { artifactLocation: { uri: artifactUri(other.displayPath), uriBaseId: '%SRCROOT%' }, region: other.range },
            },
          ];
        }),
        ...(finding.suppression
          ? {
              suppressions: [
                {
                  kind: finding.suppression.kind,
                  ...(finding.suppression.justification ? { justification: finding.suppression.justification } : {}),
                  // Where the directive is written: the reviewer reads the reason there.
                  location: { physicalLocation: { artifactLocation: { uri: artifactUri(file.input.displayPath), uriBaseId: '%SRCROOT%' }, region: humanRange(file.parsed.lineIndex, finding.suppression.span) } },
                },
              ],
            }
          : {}),
        // --helm-chart: where the finding stands in the rendered text (standard input).
        ...(place.rendered ? { properties: { rendered: { file: place.rendered.displayPath, region: place.rendered.range } } } : {}),
      };
    }),
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
            rules: RULES.map((rule) => sarifRule(rule.id, rule.meta.description, rule.meta.defaultSeverity)),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: `${pathToFileURL(process.cwd()).href}/` } },
        results,
        invocations: sarifInvocations(report.problems, artifactUri),
        // SARIF has no place for the analysis settings: a property bag, one entry per cluster.
        properties: { clusters: clustersJson(report.clusters) },
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
