import { fixAllEdits, distinctFixes } from '../fixes/fixAll';
import { sameAddress, type Finding, type ResourceAddress } from '../model/finding';
import { type TextEdit } from '../text/edits';
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
  readonly edits: readonly TextEdit[];
  readonly isPreferred: boolean;
  /** Indexes into the request's diagnostics that this action fixes. */
  readonly diagnostics: readonly number[];
}

/** Touching counts: a diagnostic of a zero-width range at a finding's edge is still that finding. */
const overlaps = (a: Span, b: Span): boolean => a.start <= b.end && b.start <= a.end;

/**
 * Quick fixes for the diagnostics a client sends back, and fix-all. A diagnostic is matched by
 * rule id, resource and place, never by message: one of an older version must not receive the
 * fix of whatever Service took its place since.
 */
export function codeActionsFor(findings: readonly Finding[], diagnostics: readonly DiagnosticRef[], kinds: { quickFix: boolean; fixAll: boolean }): CodeActionData[] {
  const actions: CodeActionData[] = [];
  if (kinds.quickFix) {
    diagnostics.forEach((diagnostic, i) => {
      const matching = findings.filter(
        (f) => f.ruleId === diagnostic.ruleId && (diagnostic.resource === undefined || sameAddress(f.resource, diagnostic.resource)) && overlaps(f.span, diagnostic.span),
      );
      for (const fix of distinctFixes(matching)) actions.push({ title: fix.title, kind: 'quickfix', edits: fix.edits, isPreferred: fix.isPreferred, diagnostics: [i] });
    });
  }
  if (kinds.fixAll) {
    const edits = fixAllEdits(findings);
    if (edits.length > 0) actions.push({ title: 'Fix all kube-lb-reach problems', kind: 'fixAll', edits, isPreferred: false, diagnostics: [] });
  }
  return actions;
}
