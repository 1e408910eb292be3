import { type ServiceFacts } from '../model/facts';
import { type Finding, type MessageData } from '../model/finding';
import { type ParsedFile } from '../parse/parseFile';
import { type ServiceView } from '../parse/serviceView';
import { type Provider } from '../providers/types';
import { type Settings } from '../settings/resolve';
import { plainText } from '../text/display';
import { type WorkspaceIndexReader } from '../workspace/workspaceIndex';
import { type Report, type Rule } from './types';

export interface RuleFailure {
  readonly ruleId: string;
  readonly error: unknown;
}

export interface Analysis {
  readonly findings: Finding[];
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

function findingOf(rule: Rule, service: ServiceView, report: Report): Finding {
  const template = rule.meta.messages[report.messageId];
  if (template === undefined) throw new Error(`rule ${rule.id} has no message "${report.messageId}"`);
  const data = report.data ?? {};
  return {
    ruleId: rule.id,
    messageId: report.messageId,
    data,
    severity: rule.meta.severities?.[report.messageId] ?? rule.meta.defaultSeverity,
    message: formatMessage(template, data),
    span: report.span,
    related: (report.related ?? []).map((r) => ({ ...r, message: plainText(r.message) })),
    resource: service.address,
    fixes: report.fixes ?? [],
  };
}

/**
 * Runs every rule on every Service of one parsed file. Each rule is isolated: one that throws
 * costs only its own findings (for that Service).
 */
export function runRules(uri: string, file: ParsedFile, services: readonly AnalysedService[], index: WorkspaceIndexReader, settings: Settings, rules: readonly Rule[]): Analysis {
  const findings: Finding[] = [];
  const failures: RuleFailure[] = [];
  for (const { view, facts, provider } of services) {
    const context = { uri, file, service: view, facts, provider, settings, index };
    for (const rule of rules) {
      const reported: Finding[] = [];
      try {
        rule.check(context, (report) => reported.push(findingOf(rule, view, report)));
        findings.push(...reported);
      } catch (error) {
        if (!failures.some((f) => f.ruleId === rule.id)) failures.push({ ruleId: rule.id, error });
      }
    }
  }
  return { findings, failures };
}
