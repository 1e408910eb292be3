import { SEVERITIES, type Finding } from '../model/finding';
import { reachInputOf } from '../reach/input';
import { reachTable } from '../reach/model';
import { type ReachRow, type To } from '../reach/vocabulary';
import { plainOutcome, plainSources } from '../rules/inClusterRows';
import { type AnalysedService } from '../rules/run';
import { type Settings } from '../settings/resolve';
import { markdownText } from '../text/display';
import { type DocsLink, noTableReason } from './explainMarkdown';

/** The hover on the fields reachability depends on leads with at most this many lines; the table is one command away. */
export const MAX_LEAD_LINES = 4;

export interface LeadContext {
  readonly settings: Settings;
  /** This Service's findings (not silenced), under the same settings. */
  readonly findings: readonly Finding[];
  readonly docsLink: DocsLink;
  /** A link that opens the full table (our VS Code client's command); without one, the CLI is named. */
  readonly explainLink?: string | undefined;
  /** The file's name, for the CLI command line. */
  readonly fileName: string;
}

/** The first sentence of a message: what the Problems panel shows first (rules write who and what to do there). */
export function firstSentence(message: string): string {
  const end = message.indexOf('. ');
  return end === -1 ? message : message.slice(0, end + 1);
}

const NODE_PORT_TARGETS: Partial<Record<To, string>> = {
  'nodeport-own-node': 'the NodePort on their own node',
  'nodeport-node-with-endpoint': 'NodePorts of nodes with an endpoint',
  'nodeport-node-without-endpoint': 'NodePorts of nodes without an endpoint',
};

const TARGETS: readonly { readonly matches: (to: To) => boolean; readonly target: (lb: string, rows: readonly ReachRow[]) => string }[] = [
  { matches: (to) => to === 'lb-port', target: (lb) => `the ${lb} IP on this Service's ports` },
  {
    matches: (to) => to.startsWith('nodeport-'),
    target: (_lb, rows) => {
      const tos = [...new Set(rows.map((r) => r.to))];
      return (tos.length === 1 ? NODE_PORT_TARGETS[tos[0]!] : undefined) ?? "some of this Service's NodePorts";
    },
  },
];

/**
 * What the model says fails from inside the cluster, one line per target, when no finding says it
 * (a rule switched off, say). Other listeners are left to the findings: only they know which
 * listeners this cluster really leaves unserved.
 */
function rowLines(rows: readonly ReachRow[], lb: string): string[] {
  const failing = rows.filter((r) => r.from !== 'outside' && r.outcome !== 'works');
  return TARGETS.flatMap(({ matches, target }) => {
    const mine = failing.filter((r) => matches(r.to));
    return mine.length === 0 ? [] : [`- ${plainSources(mine)} ${plainOutcome(mine)} ${target(lb, mine)}: call the Service by its ClusterIP.`];
  });
}

function explainLine(context: LeadContext): string {
  if (context.explainLink !== undefined) return `[Explain reachability](${context.explainLink}): the full table, every source and why.`;
  return `The full table, every source and why: \`kube-lb-reach explain ${markdownText(context.fileName).replace(/`/g, '')}\``;
}

/**
 * At most four lines: what fails from where in this cluster and what to do (the findings' first
 * sentences, most severe first, each with its rule page; else the model's failing rows), then the
 * way to the full table.
 */
export function leadMarkdown(service: AnalysedService, context: LeadContext): string {
  const lines: string[] = [];
  const unavailable = service.facts.unmodelled ?? noTableReason(context.settings);
  if (unavailable) lines.push(unavailable);
  const bySeverity = [...context.findings].sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity));
  const said = new Set<string>();
  for (const finding of bySeverity) {
    const sentence = firstSentence(finding.message);
    if (said.has(sentence)) continue;
    said.add(sentence);
    lines.push(`- ${markdownText(sentence)} ([${finding.ruleId}](${context.docsLink(finding.ruleId)}))`);
  }
  if (!unavailable && lines.length === 0) {
    const fromModel = rowLines(reachTable(reachInputOf(service.facts, context.settings)), service.facts.nouns.lb);
    lines.push(...(fromModel.length > 0 ? fromModel : ['Nothing fails from inside this cluster that the model knows of.']));
  }
  const shown = lines.slice(0, MAX_LEAD_LINES - 1);
  const hidden = lines.length - shown.length;
  if (hidden > 0) shown[shown.length - 1] = `${shown[shown.length - 1]!} (and ${hidden} more in Problems)`;
  return [...shown, '', explainLine(context)].join('\n');
}
