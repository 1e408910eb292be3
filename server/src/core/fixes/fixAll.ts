import { type Finding, type Fix } from '../model/finding';
import { type TextEdit } from '../text/edits';

/** The fixes offered for findings, once each (two rules may offer the same insertion). */
export function distinctFixes(findings: readonly Finding[]): Fix[] {
  const seen = new Set<string>();
  const fixes: Fix[] = [];
  for (const finding of findings) {
    for (const fix of finding.fixes) {
      const key = JSON.stringify(fix.edits);
      if (seen.has(key)) continue;
      seen.add(key);
      fixes.push(fix);
    }
  }
  return fixes;
}

/** Every safe fix of a file as one set of non-overlapping edits (fix-all, `--fix`). */
export function fixAllEdits(findings: readonly Finding[]): TextEdit[] {
  const edits: TextEdit[] = [];
  for (const fix of distinctFixes(findings)) {
    if (!fix.safe) continue;
    const overlaps = fix.edits.some((e) => edits.some((o) => e.span.start <= o.span.end && o.span.start <= e.span.end));
    if (!overlaps) edits.push(...fix.edits);
  }
  return edits;
}
