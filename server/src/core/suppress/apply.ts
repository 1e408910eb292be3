import { sameAddress, type Finding, type Suppression } from '../model/finding';
import { type ParsedFile } from '../parse/parseFile';
import { findingOf, levelOf, type Analysis } from '../rules/run';
import { rule as suppressionInvalid } from '../rules/suppression-invalid';
import { type Report, type Rule } from '../rules/types';
import { type Settings } from '../settings/resolve';
import { DIRECTIVE_PREFIX, directivesOf, IGNORE_ANNOTATION, type Directive, type DirectiveKind } from './directives';

/**
 * Applied once, after the rules ran, for every rule, editor and CLI alike: the findings that a
 * directive silences move to `suppressed` (with the directive's reason), and each directive that
 * names an unknown rule, silences nothing, or gives no reason is reported as suppression-invalid.
 */

export const SUPPRESSION_RULE_ID = suppressionInvalid.id;

const NAMES: Record<DirectiveKind, string> = {
  'disable-next-line': `${DIRECTIVE_PREFIX}disable-next-line comment`,
  disable: `${DIRECTIVE_PREFIX}disable comment`,
  enable: `${DIRECTIVE_PREFIX}enable comment`,
  'ignore-annotation': `${IGNORE_ANNOTATION} annotation`,
};

const EXAMPLES: Record<DirectiveKind, string> = {
  'disable-next-line': `# ${DIRECTIVE_PREFIX}disable-next-line <rule-id> -- <reason>`,
  disable: `# ${DIRECTIVE_PREFIX}disable <rule-id> -- <reason>`,
  enable: `# ${DIRECTIVE_PREFIX}enable <rule-id>`,
  'ignore-annotation': `${IGNORE_ANNOTATION}: "<rule-id> -- <reason>"`,
};

interface Region {
  readonly directive: Directive;
  readonly ruleId: string;
  /** Where a finding must start; a disable region ends at its enable, else at the end of its document. */
  readonly start: number;
  end: number;
  /** The annotation silences its resource's findings, wherever they are. */
  readonly byResource: boolean;
  used: boolean;
}

/** Every (directive, rule) that silences, and the enables that closed nothing. */
function regionsOf(directives: readonly Directive[]): { regions: Region[]; unmatched: { directive: Directive; index: number }[] } {
  const regions: Region[] = [];
  const unmatched: { directive: Directive; index: number }[] = [];
  const open = new Map<string, Region[]>();
  for (const directive of directives) {
    directive.rules.forEach(({ id }, index) => {
      if (directive.kind === 'enable') {
        const closing = (open.get(id) ?? []).filter((r) => r.end > directive.span.start);
        for (const region of closing) region.end = directive.span.start;
        if (closing.length === 0) unmatched.push({ directive, index });
        open.delete(id);
        return;
      }
      const region: Region = { directive, ruleId: id, start: directive.covers.start, end: directive.covers.end, byResource: directive.kind === 'ignore-annotation', used: false };
      regions.push(region);
      if (directive.kind === 'disable') open.set(id, [...(open.get(id) ?? []), region]);
    });
  }
  return { regions, unmatched };
}

/** The narrowest suppression first: the line, then the region, then the resource's annotation. */
const PREFERENCE: Record<DirectiveKind, number> = { 'disable-next-line': 0, disable: 1, 'ignore-annotation': 2, enable: 3 };

function silencing(regions: readonly Region[], finding: Finding): Region | undefined {
  return regions.find((r) =>
    r.ruleId === finding.ruleId && (r.byResource ? sameAddress(r.directive.resource, finding.resource) : r.start <= finding.span.start && finding.span.start < r.end),
  );
}

/** `notRun`: rules not run on this file (besides those off): their directives are not judged unused. */
export function applySuppressions(file: ParsedFile, analysis: Analysis, rules: readonly Rule[], settings: Settings, notRun: ReadonlySet<string> = new Set()): Analysis {
  const directives = directivesOf(file);
  if (directives.length === 0) return analysis;
  const { regions, unmatched } = regionsOf(directives);
  const ordered = [...regions].sort((a, b) => PREFERENCE[a.directive.kind] - PREFERENCE[b.directive.kind]);
  const findings: Finding[] = [];
  const suppressed: Finding[] = [];
  for (const finding of analysis.findings) {
    const region = silencing(ordered, finding);
    if (!region) {
      findings.push(finding);
      continue;
    }
    region.used = true;
    const suppression: Suppression = { kind: 'inSource', by: region.directive.kind as Suppression['by'], justification: region.directive.reason ?? '', span: region.directive.span };
    suppressed.push({ ...finding, suppression });
  }

  const judge = rules.find((r) => r.id === suppressionInvalid.id);
  const level = judge ? levelOf(judge, settings) : 'off';
  const configured = judge ? settings.rules.get(judge.id) : undefined;
  if (!judge || level === 'off') return { findings, suppressed, failures: analysis.failures };
  const known = new Map(rules.map((r) => [r.id, r]));
  // A rule that is off or failed reported nothing: its directives may well be needed where it runs.
  const silent = new Set([...rules.filter((r) => levelOf(r, settings) === 'off').map((r) => r.id), ...analysis.failures.map((f) => f.ruleId), ...notRun]);
  const reports: { directive: Directive; report: Report }[] = [];
  const add = (directive: Directive, messageId: string, data: Record<string, string>, at = directive.span): void => {
    reports.push({ directive, report: { messageId, data: { directive: NAMES[directive.kind], ...data }, span: at } });
  };
  for (const directive of directives) {
    if (directive.rules.length === 0) add(directive, 'noRuleIds', { example: EXAMPLES[directive.kind] });
    else if (directive.kind !== 'enable' && directive.reason === undefined) add(directive, 'noReason', {});
    for (const named of directive.rules) {
      if (!known.has(named.id)) add(directive, 'unknownRule', { ruleId: named.id }, named.span);
    }
  }
  for (const region of regions) {
    if (region.used || !known.has(region.ruleId) || silent.has(region.ruleId)) continue;
    const named = region.directive.rules.find((r) => r.id === region.ruleId)!;
    add(region.directive, 'unused', { ruleId: region.ruleId }, named.span);
  }
  for (const { directive, index } of unmatched) {
    const named = directive.rules[index]!;
    if (known.has(named.id)) add(directive, 'unmatchedEnable', { ruleId: named.id }, named.span);
  }
  reports.sort((a, b) => a.report.span.start - b.report.span.start);
  const judged = reports.map(({ directive, report }) => findingOf(judge, directive.resource, report, configured === 'off' ? undefined : configured));
  return { findings: [...findings, ...judged], suppressed, failures: analysis.failures };
}
