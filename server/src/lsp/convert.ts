import {
  CodeActionKind,
  DiagnosticSeverity,
  type CodeAction,
  type Diagnostic,
  type DiagnosticRelatedInformation,
  type Position,
  type Range,
  type TextEdit,
} from 'vscode-languageserver';
import { type Finding, type Fix, type LineIndex, type Severity, type Span } from '../core';

/** The one module where the core's offsets become LSP positions (through the core's LineIndex). */

export const SOURCE = 'kube-lb-reach';

export function toRange(lines: LineIndex, span: Span): Range {
  return { start: lines.positionAt(span.start), end: lines.positionAt(span.end) };
}

export function toOffset(lines: LineIndex, position: Position): number {
  return lines.offsetAt(position);
}

/** Whether two ranges share at least one position (touching counts). */
export function overlaps(a: Range, b: Range): boolean {
  const before = (x: Position, y: Position): boolean => x.line < y.line || (x.line === y.line && x.character < y.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}

const SEVERITIES: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** What a diagnostic carries back to the server in code-action requests. */
export interface DiagnosticData {
  readonly ruleId: string;
  readonly documentIndex: number;
}

export function isDiagnosticData(value: unknown): value is DiagnosticData {
  if (typeof value !== 'object' || value === null) return false;
  const data = value as Record<string, unknown>;
  return typeof data['ruleId'] === 'string' && typeof data['documentIndex'] === 'number';
}

export function toDiagnostic(
  finding: Finding,
  lines: LineIndex,
  linesOf: (uri: string) => LineIndex | undefined,
  docsLink: (ruleId: string) => string,
  withRelated: boolean,
): Diagnostic {
  const related: DiagnosticRelatedInformation[] = [];
  if (withRelated) {
    for (const location of finding.related) {
      const other = linesOf(location.uri);
      if (other) related.push({ location: { uri: location.uri, range: toRange(other, location.span) }, message: location.message });
    }
  }
  const data: DiagnosticData = { ruleId: finding.ruleId, documentIndex: finding.data.documentIndex };
  return {
    range: toRange(lines, finding.span),
    severity: SEVERITIES[finding.severity],
    source: SOURCE,
    code: finding.ruleId,
    codeDescription: { href: docsLink(finding.ruleId) },
    message: finding.message,
    ...(related.length > 0 ? { relatedInformation: related } : {}),
    data,
  };
}

export function toTextEdits(lines: LineIndex, fix: Pick<Fix, 'edits'>): TextEdit[] {
  return fix.edits.map((edit) => ({ range: toRange(lines, edit.span), newText: edit.newText }));
}

export function toQuickFix(uri: string, lines: LineIndex, fix: Fix, diagnostics: Diagnostic[]): CodeAction {
  return {
    title: fix.title,
    kind: CodeActionKind.QuickFix,
    diagnostics,
    isPreferred: fix.isPreferred,
    edit: { changes: { [uri]: toTextEdits(lines, fix) } },
  };
}
