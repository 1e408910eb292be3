import { type WorkspaceIndexReader } from './index/workspaceIndex';
import { serviceFacts } from './model/serviceFacts';
import { type ParsedFile } from './parse/parseFile';
import { RULES } from './rules';
import { type Finding, type Rule } from './rules/types';
import { type Settings } from './settings';

export interface RuleFailure {
  readonly ruleId: string;
  readonly error: unknown;
}

export interface Analysis {
  readonly findings: Finding[];
  /** Rules that threw: the adapters log them once; they never become diagnostics. */
  readonly failures: RuleFailure[];
}

/**
 * Runs every rule on every Service of one parsed file. Each rule is isolated: one that throws
 * costs only its own findings.
 */
export function analyzeFile(uri: string, file: ParsedFile, index: WorkspaceIndexReader, settings: Settings, rules: readonly Rule[] = RULES): Analysis {
  const findings: Finding[] = [];
  const failures: RuleFailure[] = [];
  for (const service of file.services) {
    const facts = serviceFacts(service);
    const context = { uri, file, service, facts, settings, index };
    for (const rule of rules) {
      try {
        for (const finding of rule.check(context)) {
          findings.push({ ...finding, ruleId: rule.id, severity: finding.severity ?? rule.defaultSeverity });
        }
      } catch (error) {
        if (!failures.some((f) => f.ruleId === rule.id)) failures.push({ ruleId: rule.id, error });
      }
    }
  }
  return { findings, failures };
}
