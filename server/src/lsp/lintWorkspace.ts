import { type Diagnostic } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import { type Finding } from '../core';
import { isYamlPath, pathKind, readManifest, walkYamlFiles } from '../node/files';
import { type ServerContext } from './context';
import { toDiagnostic } from './convert';
import { guard } from './guard';
import { LINT_WORKSPACE, type LintWorkspaceResult } from './protocol';
import { canonicalUri } from './uris';
import { MAX_SCANNED_FILES, yieldToEventLoop } from './workspaceSync';


type Counts = { -readonly [K in keyof LintWorkspaceResult]: LintWorkspaceResult[K] };

function count(counts: Counts, findings: readonly Finding[]): void {
  if (findings.length > 0) counts.filesWithFindings++;
  for (const finding of findings) {
    if (finding.severity === 'error') counts.errors++;
    else if (finding.severity === 'warning') counts.warnings++;
    else if (finding.severity === 'information') counts.information++;
    else counts.hints++;
  }
}

/**
 * "Lint workspace": every YAML file of the workspace folders, bounded as the background scan is,
 * analysed with its own settings. Open documents are already published (and their text, not the
 * disk's, counts); for the others the diagnostics are published here, so that an Error in a file
 * nobody opened is in the Problems panel. A file that had findings at the last run and has none now
 * gets an empty publication. The parse of a closed file is dropped again after it is analysed.
 */
export class WorkspaceLinter {
  /** Closed files this linter published findings for. */
  private readonly published = new Set<string>();

  constructor(private readonly ctx: ServerContext) {}

  /** Whether "Lint workspace" ran: from then on, closed files' diagnostics are kept current. */
  private ran = false;

  /** A document was opened: the normal publication owns it from now on. */
  forget(key: string): void {
    this.published.delete(key);
  }

  /**
   * Once the workspace was linted, files that changed on disk, and documents just closed, are
   * linted again, so the Problems panel does not keep a fixed Error or lose one when its editor closes.
   */
  async refresh(keys: Iterable<string>, isInWorkspace: (key: string) => boolean): Promise<void> {
    if (!this.ran) return;
    const counts: Counts = { files: 0, filesWithFindings: 0, errors: 0, warnings: 0, information: 0, hints: 0, skipped: 0, truncated: false };
    for (const key of keys) {
      const uri = URI.parse(key);
      if (uri.scheme !== 'file' || !isYamlPath(uri.fsPath) || this.ctx.document(key)) continue;
      if (!isInWorkspace(key) || (await pathKind(uri.fsPath)) !== 'file') {
        if (this.published.delete(key)) await this.ctx.connection.sendDiagnostics({ uri: key, diagnostics: [] });
        continue;
      }
      await this.lintOne(key, uri.fsPath, counts);
    }
  }

  async lint(folders: readonly string[]): Promise<LintWorkspaceResult> {
    this.ran = true;
    const counts: Counts = { files: 0, filesWithFindings: 0, errors: 0, warnings: 0, information: 0, hints: 0, skipped: 0, truncated: false };
    const seen = new Set<string>();
    for (const folder of folders) {
      const root = URI.parse(folder);
      if (root.scheme !== 'file') continue;
      for await (const file of walkYamlFiles(root.fsPath, (where, message) => { this.ctx.log(`lint workspace: ${where}: ${message}`); })) {
        if (counts.files + counts.skipped >= MAX_SCANNED_FILES) {
          counts.truncated = true;
          this.ctx.log(`lint workspace: stopped after ${MAX_SCANNED_FILES} files`);
          break;
        }
        const key = canonicalUri(URI.file(file).toString());
        if (seen.has(key)) continue;
        seen.add(key);
        await this.lintOne(key, file, counts);
        if ((counts.files + counts.skipped) % 20 === 0) await yieldToEventLoop();
      }
    }
    // Files published at an earlier run that are gone now (deleted, or out of the workspace).
    for (const key of [...this.published]) {
      if (seen.has(key)) continue;
      this.published.delete(key);
      await this.ctx.connection.sendDiagnostics({ uri: key, diagnostics: [] });
    }
    this.ctx.log(`lint workspace: ${counts.files} files, ${counts.errors} errors, ${counts.warnings} warnings, ${counts.information} information, ${counts.hints} hints; ${counts.skipped} skipped`);
    return counts;
  }

  private async lintOne(key: string, file: string, counts: Counts): Promise<void> {
    const { ctx } = this;
    if (ctx.document(key)) {
      // Open: its current text is what counts, and the normal publication shows it.
      const { settings } = await ctx.settings.inEffect(ctx.service, key, ctx.spellings.of(key));
      counts.files++;
      count(counts, ctx.service.diagnostics(key, settings).findings);
      return;
    }
    const read = await readManifest(file);
    if ('problem' in read) {
      counts.skipped++;
      if (read.problem !== 'file not found') ctx.log(`lint workspace: ${key}: ${read.problem}`);
      if (this.published.delete(key)) await ctx.connection.sendDiagnostics({ uri: key, diagnostics: [] });
      return;
    }
    const helmValues = await ctx.charts.valuesForDiskFile(key);
    const { settings } = await ctx.settings.inEffect(ctx.service, key, key);
    // Opened while it was read or while settings were asked for: its editor text wins.
    if (ctx.document(key)) return this.lintOne(key, file, counts);
    if (ctx.service.scopeOf(key).ignoredBy) {
      counts.skipped++;
      if (this.published.delete(key)) await ctx.connection.sendDiagnostics({ uri: key, diagnostics: [] });
      return;
    }
    ctx.republish(ctx.service.update(key, read.text, helmValues ? { helmValues } : {}));
    const parsed = ctx.service.parsed(key);
    const findings = parsed ? ctx.service.diagnostics(key, settings).findings : [];
    counts.files++;
    count(counts, findings);
    let diagnostics: Diagnostic[] = [];
    if (parsed) {
      const lines = parsed.lineIndex;
      const related = { enabled: ctx.client.relatedInformation, spelling: (other: string) => ctx.spellings.of(other) };
      const linesOf = (other: string): typeof lines | undefined => (other === key ? lines : (ctx.service.index.lineIndexOf(other) ?? ctx.charts.linesOf(other)));
      diagnostics = findings.map((f) => toDiagnostic(f, lines, linesOf, ctx.docsLinks.diagnostic, related));
    }
    // The index keeps the file's entries, as after the background scan; the parse is not kept.
    ctx.service.release(key);
    if (diagnostics.length > 0 || this.published.has(key)) await ctx.connection.sendDiagnostics({ uri: key, diagnostics });
    if (diagnostics.length > 0) this.published.add(key);
    else this.published.delete(key);
  }
}

/** The `kubeLbReach/lintWorkspace` request, guarded like the others; runs one at a time (a second waits for the first). */
export function registerWorkspaceLint(ctx: ServerContext, folders: () => readonly string[]): WorkspaceLinter {
  const linter = new WorkspaceLinter(ctx);
  let running: Promise<unknown> = Promise.resolve();
  ctx.connection.onRequest(
    LINT_WORKSPACE,
    ctx.lifecycle.request(guard(ctx.log, LINT_WORKSPACE, null, async (): Promise<LintWorkspaceResult | null> => {
      const run = running.then(() => linter.lint(folders()));
      running = run.catch(() => undefined);
      return run;
    })),
  );
  return linter;
}
