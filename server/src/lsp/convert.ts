import {
  CodeActionKind,
  DiagnosticSeverity,
  type CodeAction,
  type Diagnostic,
  type DiagnosticRelatedInformation,
  type Position,
  type Range,
  type SnippetTextEdit,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import { type CodeActionData, type Finding, type LineIndex, type ResourceAddress, type Severity, type Span } from '../core';

/** The one module where the core's offsets become LSP positions (through the core's LineIndex). */

export const SOURCE = 'kube-lb-reach';
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.${SOURCE}`;

export function toRange(lines: LineIndex, span: Span): Range {
  return { start: lines.positionAt(span.start), end: lines.positionAt(span.end) };
}

export function toOffset(lines: LineIndex, position: Position): number {
  return lines.offsetAt(position);
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
  readonly messageId: string;
  readonly documentIndex: number;
  readonly itemIndex?: number;
}

/** The resource a diagnostic's data names, when the client sent the data back intact. */
export function resourceOfData(value: unknown): ResourceAddress | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const data = value as Record<string, unknown>;
  const documentIndex = data['documentIndex'];
  const itemIndex = data['itemIndex'];
  if (typeof documentIndex !== 'number') return undefined;
  return typeof itemIndex === 'number' ? { documentIndex, itemIndex } : { documentIndex };
}

export function toDiagnostic(
  finding: Finding,
  lines: LineIndex,
  linesOf: (uri: string) => LineIndex | undefined,
  docsLink: (ruleId: string) => string,
  related: { readonly enabled: boolean; readonly spelling: (key: string) => string },
): Diagnostic {
  const relatedInformation: DiagnosticRelatedInformation[] = [];
  if (related.enabled) {
    for (const location of finding.related) {
      const other = linesOf(location.uri);
      if (other) relatedInformation.push({ location: { uri: related.spelling(location.uri), range: toRange(other, location.span) }, message: location.message });
    }
  }
  const data: DiagnosticData = { ruleId: finding.ruleId, messageId: finding.messageId, ...finding.resource };
  return {
    range: toRange(lines, finding.span),
    severity: SEVERITIES[finding.severity],
    source: SOURCE,
    code: finding.ruleId,
    codeDescription: { href: docsLink(finding.ruleId) },
    message: finding.message,
    ...(relatedInformation.length > 0 ? { relatedInformation } : {}),
    data,
  };
}

export function toTextEdits(lines: LineIndex, edits: CodeActionData['edits']): TextEdit[] {
  return edits.map((edit) => ({ range: toRange(lines, edit.span), newText: edit.newText }));
}

/** One file of a workspace edit: the URI as the client spells it, the version of an open document (null: the file on disk), the line index of the text the edits were computed on. */
export interface FileEditTarget {
  readonly uri: string;
  readonly version: number | null;
  readonly lines: LineIndex;
  readonly edits: CodeActionData['edits'];
}

/** What the client takes in a workspace edit (its `workspace.workspaceEdit` capabilities). */
export interface WorkspaceEditSupport {
  /** `documentChanges`: edits name the document version they were computed for. */
  readonly versioned: boolean;
  /** `snippetEditSupport` (LSP 3.18): a snippet edit puts a tab stop where the user types a value. */
  readonly snippets: boolean;
}

/**
 * A workspace edit for one or more files. Where the client supports `documentChanges`, each open
 * document's edit names the version it was computed for, so a client drops it when the text moved
 * on instead of applying it at shifted offsets; a file not open names none (the disk copy is the one).
 * Snippet edits only there: `changes` holds plain text edits, with the placeholder.
 */
export function toMultiFileWorkspaceEdit(files: readonly FileEditTarget[], support: WorkspaceEditSupport): WorkspaceEdit {
  if (!support.versioned) return { changes: Object.fromEntries(files.map((f) => [f.uri, toTextEdits(f.lines, f.edits)])) };
  return {
    documentChanges: files.map((f) => ({
      textDocument: { uri: f.uri, version: f.version },
      edits: f.edits.map((edit): TextEdit | SnippetTextEdit =>
        support.snippets && edit.snippet !== undefined
          ? { range: toRange(f.lines, edit.span), snippet: { kind: 'snippet', value: edit.snippet } }
          : { range: toRange(f.lines, edit.span), newText: edit.newText },
      ),
    })),
  };
}

/** A workspace edit for one document (see toMultiFileWorkspaceEdit). */
export function toWorkspaceEdit(uri: string, version: number, lines: LineIndex, edits: CodeActionData['edits'], versioned: boolean, snippets = false): WorkspaceEdit {
  return toMultiFileWorkspaceEdit([{ uri, version, lines, edits }], { versioned, snippets });
}

export function toCodeAction(action: CodeActionData, edit: WorkspaceEdit, diagnostics: Diagnostic[]): CodeAction {
  return {
    title: action.title,
    kind: action.kind === 'quickfix' ? CodeActionKind.QuickFix : FIX_ALL_KIND,
    ...(action.kind === 'quickfix' ? { diagnostics, isPreferred: action.isPreferred } : {}),
    edit,
  };
}

/** "Show documentation for RULE": the client's own command, with the rule id; no edit. */
export function toCommandAction(action: CodeActionData, ruleId: string, command: string, diagnostics: Diagnostic[]): CodeAction {
  return { title: action.title, kind: CodeActionKind.QuickFix, diagnostics, command: { title: action.title, command, arguments: [ruleId] } };
}
