import { type Diagnostic } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import { type Finding } from '../core';
import { readManifest, walkYamlFiles } from '../node/files';
import { type ServerContext } from './context';
import { toDiagnostic } from './convert';
import { notAmong, withExtra } from './diagnostics';
import { canonicalUri } from './uris';
import { MAX_SCANNED_FILES, yieldToEventLoop } from './workspaceSync';

/** A closed file read from disk and analysed, or why it was not. */
export type ClosedFileAnalysis =
  | {
      readonly kind: 'analysed';
      /** The file's own findings (none for a file analysed only as rendered). */
      readonly findings: readonly Finding[];
      /** Findings of rendered Services shown on the file, beyond its own: Lint workspace counts both. */
      readonly rendered: readonly Diagnostic[];
      readonly diagnostics: Diagnostic[];
    }
  /** Unreadable, too large, gone, or matched by ignorePaths. */
  | { readonly kind: 'skipped' }
  /** Opened while it was read: its editor text counts, not the disk's. */
  | { readonly kind: 'opened' };

/**
 * Reads one closed file and analyses it with its own settings, as "Lint workspace" and the
 * workspace pull both do. The index keeps the file's entries (as after the background scan); the
 * parse is not kept. `logPrefix` names who asked, for the Output channel.
 */
export async function analyseClosedFile(ctx: ServerContext, key: string, file: string, logPrefix: string): Promise<ClosedFileAnalysis> {
  const read = await readManifest(file);
  if ('problem' in read) {
    if (read.problem !== 'file not found') ctx.log(`${logPrefix}: ${key}: ${read.problem}`);
    return { kind: 'skipped' };
  }
  const helmValues = await ctx.charts.valuesForDiskFile(key);
  const { settings } = await ctx.settings.inEffect(ctx.service, key, key);
  if (ctx.document(key)) return { kind: 'opened' };
  if (ctx.service.scopeOf(key).ignoredBy) return { kind: 'skipped' };
  const extra = ctx.extraDiagnostics(key);
  // A file an overlay's render is made of counts only as rendered (its findings are the render's):
  // indexed as itself too, its base Service and the rendered one would be two Services on one CLB.
  if (ctx.renderedOnly(key)) return { kind: 'analysed', findings: [], rendered: ctx.renderedFindings(key), diagnostics: [...extra] };
  ctx.republish(ctx.service.update(key, read.text, helmValues ? { helmValues } : {}));
  const parsed = ctx.service.parsed(key);
  let analysis: ClosedFileAnalysis = { kind: 'analysed', findings: [], rendered: ctx.renderedFindings(key), diagnostics: [...extra] };
  if (parsed) {
    const findings = ctx.service.diagnostics(key, settings).findings;
    const lines = parsed.lineIndex;
    const related = { enabled: ctx.client.relatedInformation, spelling: (other: string) => ctx.spellings.of(other) };
    const linesOf = (other: string): typeof lines | undefined => (other === key ? lines : (ctx.service.index.lineIndexOf(other) ?? ctx.charts.linesOf(other)));
    const own = findings.map((f) => toDiagnostic(f, lines, linesOf, ctx.docsLinks.diagnostic, related));
    analysis = { kind: 'analysed', findings, rendered: notAmong(own, ctx.renderedFindings(key)), diagnostics: withExtra(own, extra) };
  }
  ctx.service.release(key);
  return analysis;
}

/** One YAML file of the workspace walk: its canonical URI and its path. */
export interface WalkedFile {
  readonly key: string;
  readonly file: string;
}

/**
 * Every YAML file of the workspace folders once, bounded as the background scan is (`truncated()`
 * says whether the bound was hit), yielding to the event loop every 20 files so requests are
 * answered meanwhile; stops early when `cancelled()` holds.
 */
export class WorkspaceWalk {
  private count = 0;
  private stopped = false;

  constructor(
    private readonly ctx: ServerContext,
    private readonly logPrefix: string,
    private readonly cancelled: () => boolean = () => false,
  ) {}

  get truncated(): boolean {
    return this.stopped;
  }

  async *files(folders: readonly string[]): AsyncGenerator<WalkedFile> {
    const seen = new Set<string>();
    for (const folder of folders) {
      const root = URI.parse(folder);
      if (root.scheme !== 'file') continue;
      for await (const file of walkYamlFiles(root.fsPath, (where, message) => { this.ctx.log(`${this.logPrefix}: ${where}: ${message}`); })) {
        if (this.cancelled()) return;
        if (this.count >= MAX_SCANNED_FILES) {
          this.stopped = true;
          this.ctx.log(`${this.logPrefix}: stopped after ${MAX_SCANNED_FILES} files`);
          return;
        }
        const key = canonicalUri(URI.file(file).toString());
        if (seen.has(key)) continue;
        seen.add(key);
        this.count++;
        yield { key, file };
        if (this.count % 20 === 0) await yieldToEventLoop();
      }
    }
  }
}
