import { type Diagnostic } from 'vscode-languageserver';
import { isConfigId } from './clusterSync';
import { type ServerContext } from './context';
import { toDiagnostic } from './convert';
import { reportFailure } from './guard';

/**
 * Computing (and, for clients without pull diagnostics, publishing) an open document's diagnostics.
 * The service is brought up to the document's text first; the version is captured before settings
 * are awaited (they may be pulled from the client), and a result whose document moved on meanwhile
 * is dropped: the newer version's own run publishes (or the client pulls again).
 */
export class DiagnosticsPublisher {
  private readonly failedRules = new Set<string>();
  /** What was said about a document not analysed, so it is logged once, not on every keystroke. */
  private readonly toldNotAnalysed = new Map<string, string>();

  constructor(private readonly ctx: ServerContext) {}

  /**
   * Feeds every open document's current text to the service (parsing only those that changed since;
   * the texts compare by reference when unchanged), so that an answer never misses a keystroke in
   * another document that is still waiting out its pause. The files they affect are re-published.
   */
  sync(): void {
    for (const key of this.ctx.openKeys()) {
      // An open config file is the config (see ClusterSync), not a manifest.
      if (isConfigId(key)) continue;
      const text = this.ctx.document(key)?.getText();
      const helmValues = this.ctx.charts.valuesFor(key);
      const parsed = this.ctx.service.parsed(key);
      if (text === undefined || (parsed?.text === text && parsed.chartValues?.values.text === helmValues?.text)) continue;
      this.ctx.republish(this.ctx.service.update(key, text, helmValues ? { helmValues } : {}));
    }
  }

  async publish(key: string): Promise<void> {
    const computed = await this.compute(key);
    if (computed) await this.ctx.connection.sendDiagnostics(computed);
  }

  /**
   * The diagnostics of an open document at its current version, for a publication or a pull;
   * undefined when it is not open, not parsed, or moved on while the settings were awaited.
   */
  async compute(key: string): Promise<{ uri: string; version: number; diagnostics: Diagnostic[] } | undefined> {
    const document = this.ctx.document(key);
    if (!document) return undefined;
    // A template's chart and values.yaml are found (once) before its text is analysed with them.
    await this.ctx.charts.resolve(key);
    if (this.ctx.document(key) !== document) return undefined;
    this.sync();
    const version = document.version;
    const uri = this.ctx.spellings.of(key);
    const { settings } = await this.ctx.settings.inEffect(this.ctx.service, key, uri);
    const current = this.ctx.document(key);
    if (current?.version !== version) return undefined;
    // A request between the await and here may have synced the same text again: same text, same parse.
    const parsed = this.ctx.service.parsed(key);
    if (!parsed) return undefined;
    this.tellNotAnalysed(key);
    const analysis = this.ctx.service.diagnostics(key, settings);
    for (const failure of analysis.failures) {
      if (this.failedRules.has(failure.ruleId)) continue;
      this.failedRules.add(failure.ruleId);
      reportFailure(this.ctx.log, 'rule', failure.ruleId, failure.error);
    }
    const lines = parsed.lineIndex;
    const related = { enabled: this.ctx.client.relatedInformation, spelling: (other: string) => this.ctx.spellings.of(other) };
    const linesOf = (other: string): typeof lines | undefined => (other === key ? lines : (this.ctx.service.index.lineIndexOf(other) ?? this.ctx.charts.linesOf(other)));
    const diagnostics: Diagnostic[] = analysis.findings.map((f) => toDiagnostic(f, lines, linesOf, this.ctx.docsLinks.diagnostic, related));
    return { uri, version, diagnostics: withExtra(diagnostics, this.ctx.extraDiagnostics(key)) };
  }

  private tellNotAnalysed(key: string): void {
    const reasons = this.ctx.service
      .notAnalysed(key)
      .map((n) => (n.documentIndex === undefined ? n.reason : `document ${n.documentIndex + 1} not analysed: ${n.reason}`))
      .join('; ');
    if (reasons === '') this.toldNotAnalysed.delete(key);
    else if (this.toldNotAnalysed.get(key) !== reasons) {
      this.toldNotAnalysed.set(key, reasons);
      this.ctx.log(`${this.ctx.spellings.of(key)}: ${reasons}`);
    }
  }

  forget(key: string): void {
    this.toldNotAnalysed.delete(key);
  }
}

/** A file's own diagnostics and those from elsewhere: the same finding from both (the file and an overlay that renders it) is shown once. */
export function withExtra(own: Diagnostic[], extra: readonly Diagnostic[]): Diagnostic[] {
  return [...own, ...notAmong(own, extra)];
}

/** The diagnostics of `extra` that `own` does not hold already (by range, code and message). */
export function notAmong(own: readonly Diagnostic[], extra: readonly Diagnostic[]): Diagnostic[] {
  const id = (diagnostic: Diagnostic): string => JSON.stringify([diagnostic.range, diagnostic.code, diagnostic.message]);
  const seen = new Set(own.map(id));
  return extra.filter((diagnostic) => !seen.has(id(diagnostic)));
}
