import { type ServiceFacts } from '../model/facts';
import { type Finding, type MessageData, type ResourceAddress, type Severity } from '../model/finding';
import { type ParsedFile } from '../parse/parseFile';
import { touchesAction } from '../parse/template';
import { type ServiceView } from '../parse/serviceView';
import { type Provider } from '../providers/types';
import { type RuleLevel, type Settings } from '../settings/resolve';
import { plainText } from '../text/display';
import { type WorkspaceIndexReader } from '../workspace/workspaceIndex';
import { type Report, type Rule } from './types';

export interface RuleFailure {
  readonly ruleId: string;
  readonly error: unknown;
}

export interface Analysis {
  /** What the adapters show: the findings no directive or ignore annotation silences. */
  readonly findings: Finding[];
  /** Findings silenced in the source, each with its `suppression` (the CLI reports them on request, SARIF always). */
  readonly suppressed: Finding[];
  /** Rules that threw: the adapters log them once; they never become diagnostics. */
  readonly failures: RuleFailure[];
}

/** A Service of the file with what its provider says of it. */
export interface AnalysedService {
  readonly view: ServiceView;
  readonly facts: ServiceFacts;
  readonly provider: Provider;
}

/** `{{key}}` replaced with `data.key`; a key the data lacks is a bug in the rule, so it throws (and the rule is isolated). */
export function formatMessage(template: string, data: MessageData): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
    const value = data[key];
    if (value === undefined) throw new Error(`message data lacks "${key}"`);
    // Data holds values from files (ids, names): one line of plain text, whatever they contain.
    return plainText(String(value));
  });
}

/** The severity of a rule's findings: the user's setting, else the rule's default; `off`: the rule is not run. */
export function levelOf(rule: Rule, settings: Settings): RuleLevel {
  return settings.rules.get(rule.id) ?? rule.meta.defaultSeverity;
}

/** A report made a finding: the runner, never the rule, decides the severity and the text. `configured`: the user's severity for the rule, if set. */
export function findingOf(rule: Rule, resource: ResourceAddress, report: Report, configured: Severity | undefined): Finding {
  const template = rule.meta.messages[report.messageId];
  if (template === undefined) throw new Error(`rule ${rule.id} has no message "${report.messageId}"`);
  const data = report.data ?? {};
  return {
    ruleId: rule.id,
    messageId: report.messageId,
    data,
    // The user's setting for the rule wins; else the message's own severity, else the rule's.
    severity: configured ?? rule.meta.severities?.[report.messageId] ?? rule.meta.defaultSeverity,
    message: formatMessage(template, data),
    span: report.span,
    related: (report.related ?? []).map((r) => ({ ...r, message: plainText(r.message) })),
    resource,
    fixes: report.fixes ?? [],
  };
}

/** A finding standing on a Helm template action would judge text that is not what gets deployed: it is never made. */
function onTemplateText(file: ParsedFile, report: Report): boolean {
  return file.actions.length > 0 && touchesAction(file.actions, report.span);
}

/**
 * A finding on a `{{ .Values.a.b }}` the chart's values.yaml gave a literal default holds only with
 * those defaults: related information says so, and points at the value (messages stay as they are).
 */
function chartDefaultsUsed(file: ParsedFile, report: Report): Partial<Pick<Report, 'related' | 'span'>> {
  const used = file.chartValues?.defaults.filter((d) => d.span.start < report.span.end && report.span.start < d.span.end) ?? [];
  if (used.length === 0 || !file.chartValues) return {};
  const { uri } = file.chartValues.values;
  const name = uri.slice(uri.lastIndexOf('/') + 1);
  // The finding covers the whole action, not only the default's characters that stand in for it.
  const start = Math.min(report.span.start, ...used.map((d) => d.span.start));
  const end = Math.max(report.span.end, ...used.map((d) => d.span.end));
  return { span: { start, end }, related: [...(report.related ?? []), ...used.map((d) => ({ uri, span: d.valueSpan, message: `with the chart's default values: ${d.path} is ${d.rendered} in ${name}` }))] };
}

/** Only the fixes that leave every action as written. */
function literalFixes(file: ParsedFile, report: Report): Pick<Report, 'fixes'> {
  const defaults = file.chartValues?.defaults.map((d) => d.span) ?? [];
  if ((file.actions.length === 0 && defaults.length === 0) || !report.fixes) return {};
  // A fix never rewrites an action, not even one a default stood in for.
  return { fixes: report.fixes.filter((fix) => !fix.edits.some((edit) => touchesAction(file.actions, edit.span) || touchesAction(defaults, edit.span))) };
}

/**
 * Runs every rule on every Service of one parsed file. Each rule is isolated: one that throws
 * costs only its own findings (for that Service).
 */
export function runRules(uri: string, file: ParsedFile, services: readonly AnalysedService[], index: WorkspaceIndexReader, settings: Settings, rules: readonly Rule[]): Analysis {
  const findings: Finding[] = [];
  const failures: RuleFailure[] = [];
  const running = rules.flatMap((rule) => {
    const configured = settings.rules.get(rule.id);
    return configured === 'off' ? [] : [{ rule, severity: configured }];
  });
  for (const { view, facts, provider } of services) {
    const context = { uri, file, service: view, facts, provider, settings, index };
    for (const { rule, severity } of running) {
      const reported: Finding[] = [];
      try {
        rule.check(context, (report) => {
          if (!onTemplateText(file, report)) reported.push(findingOf(rule, view.address, { ...report, ...literalFixes(file, report), ...chartDefaultsUsed(file, report) }, severity));
        });
        findings.push(...reported);
      } catch (error) {
        if (!failures.some((f) => f.ruleId === rule.id)) failures.push({ ruleId: rule.id, error });
      }
    }
  }
  return { findings, suppressed: [], failures };
}
