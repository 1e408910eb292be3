import { type Finding, type Fix } from '../model/finding';
import { type FileEdits, type TextEdit } from '../text/edits';

/** The fixes offered for findings, once each (two rules may offer the same insertion). */
export function distinctFixes(findings: readonly Finding[]): Fix[] {
  const seen = new Set<string>();
  const fixes: Fix[] = [];
  for (const finding of findings) {
    for (const fix of finding.fixes) {
      const key = JSON.stringify([fix.edits, fix.otherFiles ?? []]);
      if (seen.has(key)) continue;
      seen.add(key);
      fixes.push(fix);
    }
  }
  return fixes;
}

/** Every file a fix edits, its own (`uri`) first. */
export function filesOf(uri: string, fix: Fix): FileEdits[] {
  return [{ uri, edits: fix.edits }, ...(fix.otherFiles ?? []).filter((f) => f.uri !== uri)];
}

const touches = (a: TextEdit, b: TextEdit): boolean => a.span.start <= b.span.end && b.span.start <= a.span.end;
const sameEdit = (a: TextEdit, b: TextEdit): boolean => a.span.start === b.span.start && a.span.end === b.span.end && a.newText === b.newText;

/**
 * The edits of several fixes, per file, none overlapping another. A fix is taken whole or not at
 * all; an edit already taken (the every-Service fix of two Services on one load balancer makes the
 * same insertions) is taken once.
 */
export class FileEditSet {
  private readonly byUri = new Map<string, TextEdit[]>();

  /** Takes a fix's edits unless one of them overlaps an edit already taken; returns whether it did. */
  add(files: readonly FileEdits[]): boolean {
    const fresh = files.map((f) => {
      const taken = this.byUri.get(f.uri) ?? [];
      return { uri: f.uri, taken, edits: f.edits.filter((e) => !taken.some((o) => sameEdit(e, o))) };
    });
    if (fresh.some((f) => f.edits.some((e) => f.taken.some((o) => touches(e, o))))) return false;
    for (const f of fresh) if (f.edits.length > 0) this.byUri.set(f.uri, [...f.taken, ...f.edits]);
    return true;
  }

  edits(uri: string): TextEdit[] {
    return this.byUri.get(uri) ?? [];
  }

  /** Every file with edits, in the order they were first edited. */
  files(): FileEdits[] {
    return [...this.byUri].map(([uri, edits]) => ({ uri, edits }));
  }
}

/** Every safe fix of a file's findings, into `set` (fix-all; `--fix` over many files). */
export function addSafeFixes(set: FileEditSet, uri: string, findings: readonly Finding[]): void {
  for (const fix of distinctFixes(findings)) if (fix.safe) set.add(filesOf(uri, fix));
}

/** Every safe fix of a file as one set of non-overlapping edits per file (fix-all), its own file first. */
export function fixAllFiles(uri: string, findings: readonly Finding[]): FileEdits[] {
  const set = new FileEditSet();
  addSafeFixes(set, uri, findings);
  return [{ uri, edits: set.edits(uri) }, ...set.files().filter((f) => f.uri !== uri)];
}

/** The edits of fix-all in the findings' own file (`--fix` and the tests of one file). */
export function fixAllEdits(findings: readonly Finding[]): TextEdit[] {
  return [...fixAllFiles('', findings)[0]!.edits];
}
