import { distinctFixes, fixAllFiles } from '../fixes/fixAll';
import { sameAddress, type Finding, type Fix, type ResourceAddress } from '../model/finding';
import { type ParsedFile } from '../parse/parseFile';
import { directivesOf } from '../suppress/directives';
import { disableForLine, disableForResource } from '../suppress/disableFixes';
import { type FileEdits, type TextEdit } from '../text/edits';
import { type Span } from '../text/span';

/** A diagnostic the client sends back with a code-action request, as the core reads it. */
export interface DiagnosticRef {
  readonly ruleId: string;
  /** Undefined when the client dropped the data: then the rule id and the place decide. */
  readonly resource: ResourceAddress | undefined;
  readonly span: Span;
}

export interface CodeActionData {
  readonly title: string;
  readonly kind: 'quickfix' | 'fixAll';
  /** The edits of the requested file. */
  readonly edits: readonly TextEdit[];
  /** The edits of other files (the every-Service hostname fix), each computed on the text the index read. */
  readonly otherFiles: readonly FileEdits[];
  readonly isPreferred: boolean;
  /** Indexes into the request's diagnostics that this action fixes. */
  readonly diagnostics: readonly number[];
  /** An action that runs a command instead of editing: open the rule's page (the adapter knows how, or leaves it out). */
  readonly showDocsFor?: string;
}

/** What the directive actions need: the parse, and which rules a directive may silence. */
export interface SuppressionContext {
  readonly file: ParsedFile;
  readonly canSilence: (ruleId: string) => boolean;
}

/** Touching counts: a diagnostic of a zero-width range at a finding's edge is still that finding. */
const overlaps = (a: Span, b: Span): boolean => a.start <= b.end && b.start <= a.end;

/**
 * Quick fixes for the diagnostics a client sends back, and fix-all. A diagnostic is matched by
 * rule id, resource and place, never by message: one of an older version must not receive the
 * fix of whatever Service took its place since.
 */
export function codeActionsFor(
  uri: string,
  findings: readonly Finding[],
  diagnostics: readonly DiagnosticRef[],
  kinds: { quickFix: boolean; fixAll: boolean },
  suppression?: SuppressionContext,
): CodeActionData[] {
  const actions: CodeActionData[] = [];
  const directives = suppression && diagnostics.length > 0 ? directivesOf(suppression.file) : [];
  if (kinds.quickFix) {
    diagnostics.forEach((diagnostic, i) => {
      const matching = findings.filter(
        (f) => f.ruleId === diagnostic.ruleId && (diagnostic.resource === undefined || sameAddress(f.resource, diagnostic.resource)) && overlaps(f.span, diagnostic.span),
      );
      for (const fix of distinctFixes(matching)) actions.push({ title: fix.title, kind: 'quickfix', edits: fix.edits, otherFiles: fix.otherFiles ?? [], isPreferred: fix.isPreferred, diagnostics: [i] });
      const first = matching[0];
      if (!first || !suppression) return;
      // After the rule's own fixes: silencing is the last resort, and says so by its place in the menu.
      if (suppression.canSilence(first.ruleId)) {
        const silencing = [disableForLine(suppression.file, first, directives), disableForResource(suppression.file, first, directives)].filter((f): f is Fix => f !== undefined);
        for (const fix of silencing) actions.push({ title: fix.title, kind: 'quickfix', edits: fix.edits, otherFiles: [], isPreferred: false, diagnostics: [i] });
      }
      actions.push({ title: `Show documentation for ${first.ruleId}`, kind: 'quickfix', edits: [], otherFiles: [], isPreferred: false, diagnostics: [i], showDocsFor: first.ruleId });
    });
  }
  if (kinds.fixAll) {
    const [own, ...otherFiles] = fixAllFiles(uri, findings);
    if (own!.edits.length > 0 || otherFiles.length > 0) actions.push({ title: 'Fix all kube-lb-reach problems', kind: 'fixAll', edits: own!.edits, otherFiles, isPreferred: false, diagnostics: [] });
  }
  return actions;
}
