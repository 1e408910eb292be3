import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import { type Finding, type Severity } from '../core';
import { isYamlPath, pathKind } from '../node/files';
import { analyseClosedFile, WorkspaceWalk } from './closedFiles';
import { type ServerContext } from './context';
import { toDiagnostic } from './convert';
import { notAmong } from './diagnostics';
import { guard } from './guard';
import { LINT_WORKSPACE, type LintWorkspaceResult } from './protocol';

type Counts = { -readonly [K in keyof LintWorkspaceResult]: LintWorkspaceResult[K] };

type SeverityCount = 'errors' | 'warnings' | 'information' | 'hints';
const COUNT_OF: Readonly<Record<Severity, SeverityCount>> = { error: 'errors', warning: 'warnings', information: 'information', hint: 'hints' };
const DIAGNOSTIC_COUNT_OF: Readonly<Record<DiagnosticSeverity, SeverityCount>> = {
  [DiagnosticSeverity.Error]: 'errors',
  [DiagnosticSeverity.Warning]: 'warnings',
  [DiagnosticSeverity.Information]: 'information',
  [DiagnosticSeverity.Hint]: 'hints',
};

/** A file's own findings and the rendered Services' findings shown on it (diagnostics, each with the severity it was given). */
function count(counts: Counts, findings: readonly Finding[], rendered: readonly Diagnostic[]): void {
  const counted = [...findings.map((f) => COUNT_OF[f.severity]), ...rendered.flatMap((d) => (d.severity === undefined ? [] : [DIAGNOSTIC_COUNT_OF[d.severity]]))];
  if (counted.length > 0) counts.filesWithFindings++;
  for (const which of counted) counts[which]++;
}

/**
 * "Lint workspace": every YAML file of the workspace folders, bounded as the background scan is,
 * analysed with its own settings. Open documents are already published (and their text, not the
 * disk's, counts); for the others the diagnostics are published here, so that an Error in a file
 * nobody opened is in the Problems panel. A file that had findings at the last run and has none now
 * gets an empty publication. The parse of a closed file is dropped again after it is analysed.
 *
 * A client that pulls diagnostics gets closed files' findings from `workspace/diagnostic`
 * (pullDiagnostics.ts): then this only counts, publishes nothing, and asks the client to pull again.
 */
export class WorkspaceLinter {
  /** Closed files this linter published findings for. */
  private readonly published = new Set<string>();

  constructor(
    private readonly ctx: ServerContext,
    /** For a pulling client: called after a run, which published nothing. */
    private readonly askToPull: () => void = () => undefined,
  ) {}

  private get pulled(): boolean {
    return this.ctx.client.pullDiagnostics;
  }

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
    // A pulling client asks for closed files itself.
    if (!this.ran || this.pulled) return;
    const counts = newCounts();
    for (const key of keys) {
      const uri = URI.parse(key);
      if (uri.scheme !== 'file' || !isYamlPath(uri.fsPath) || this.ctx.document(key)) continue;
      if (!isInWorkspace(key) || (await pathKind(uri.fsPath)) !== 'file') {
        await this.unpublish(key);
        continue;
      }
      await this.lintOne(key, uri.fsPath, counts);
    }
  }

  async lint(folders: readonly string[]): Promise<LintWorkspaceResult> {
    this.ran = true;
    const counts = newCounts();
    const seen = new Set<string>();
    const walk = new WorkspaceWalk(this.ctx, 'lint workspace');
    for await (const { key, file } of walk.files(folders)) {
      seen.add(key);
      await this.lintOne(key, file, counts);
    }
    counts.truncated = walk.truncated;
    // Files published at an earlier run that are gone now (deleted, or out of the workspace).
    for (const key of [...this.published]) if (!seen.has(key)) await this.unpublish(key);
    this.ctx.log(`lint workspace: ${counts.files} files, ${counts.errors} errors, ${counts.warnings} warnings, ${counts.information} information, ${counts.hints} hints; ${counts.skipped} skipped`);
    if (this.pulled) this.askToPull();
    return counts;
  }

  private async unpublish(key: string): Promise<void> {
    if (this.published.delete(key)) await this.ctx.connection.sendDiagnostics({ uri: key, diagnostics: [] });
  }

  private async lintOne(key: string, file: string, counts: Counts): Promise<void> {
    const { ctx } = this;
    if (ctx.document(key)) {
      // Open: its current text is what counts, and the normal publication (or pull) shows it.
      const { settings } = await ctx.settings.inEffect(ctx.service, key, ctx.spellings.of(key));
      counts.files++;
      const { findings } = ctx.service.diagnostics(key, settings);
      // A rendered finding is shown on the open file too (DiagnosticsPublisher), once when it is also one of its own.
      const lines = ctx.service.parsed(key)?.lineIndex;
      const own = lines ? findings.map((f) => toDiagnostic(f, lines, () => undefined, ctx.docsLinks.diagnostic, { enabled: false, spelling: (other) => other })) : [];
      count(counts, findings, notAmong(own, ctx.renderedFindings(key)));
      return;
    }
    const analysis = await analyseClosedFile(ctx, key, file, 'lint workspace');
    // Opened while it was read or while settings were asked for: its editor text wins.
    if (analysis.kind === 'opened') return this.lintOne(key, file, counts);
    if (analysis.kind === 'skipped') {
      counts.skipped++;
      await this.unpublish(key);
      return;
    }
    counts.files++;
    count(counts, analysis.findings, analysis.rendered);
    if (this.pulled) return;
    const { diagnostics } = analysis;
    if (diagnostics.length > 0 || this.published.has(key)) await ctx.connection.sendDiagnostics({ uri: key, diagnostics });
    if (diagnostics.length > 0) this.published.add(key);
    else this.published.delete(key);
  }
}

function newCounts(): Counts {
  return { files: 0, filesWithFindings: 0, errors: 0, warnings: 0, information: 0, hints: 0, skipped: 0, truncated: false };
}

/** The `kubeLbReach/lintWorkspace` request, guarded like the others; runs one at a time (a second waits for the first). */
export function registerWorkspaceLint(ctx: ServerContext, folders: () => readonly string[], askToPull?: () => void): WorkspaceLinter {
  const linter = new WorkspaceLinter(ctx, askToPull);
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
