import * as path from 'path';
import { URI } from 'vscode-uri';
import { LineIndex, type HelmValues } from '../core';
import { CHART_FILE, chartDirCandidate, chartDirOf, readChartValues, VALUES_FILE } from '../node/helmChart';
import { ReadTickets } from './readTickets';
import { canonicalUri, isUnder } from './uris';

/**
 * The chart defaults of the open Helm templates. A document under `<chart>/templates/` (a folder
 * with Chart.yaml) is analysed with `<chart>/values.yaml`: the open document's text when it is
 * open, else its disk copy (bounded read). When values.yaml changes in the editor or on disk, or a
 * Chart.yaml comes or goes, the open templates it concerns are named for re-analysis.
 * All keys are canonical URIs.
 */
export class ChartValuesSync {
  /** An open template's values.yaml key, or null when it is no chart's template. */
  private readonly valuesKeyOf = new Map<string, string | null>();
  /** values.yaml on disk: its text, or undefined when there is none (or it cannot be read). */
  private readonly disk = new Map<string, string | undefined>();
  private readonly lines = new Map<string, { readonly text: string; readonly lines: LineIndex }>();
  private readonly reads = new ReadTickets();
  /** The read of each values.yaml in flight (the newest). */
  private readonly pending = new Map<string, Promise<void>>();

  constructor(
    private readonly openText: (key: string) => string | undefined,
    private readonly log: (message: string) => void,
  ) {}

  /** Finds the chart of a document and reads its values.yaml once; later calls cost nothing. */
  async resolve(key: string): Promise<void> {
    if (!this.valuesKeyOf.has(key)) {
      const uri = URI.parse(key);
      const dir = uri.scheme === 'file' ? await chartDirOf(uri.fsPath) : undefined;
      this.valuesKeyOf.set(key, dir === undefined ? null : canonicalUri(URI.file(path.join(dir, VALUES_FILE)).toString()));
    }
    const valuesKey = this.valuesKeyOf.get(key);
    if (!valuesKey) return;
    if (!this.disk.has(valuesKey) && !this.pending.has(valuesKey)) void this.readDisk(valuesKey);
    // Two templates of one chart opened together wait for the same read; a read that a newer one
    // made stale ends first, so the wait goes on until the newest has given the text.
    while (!this.disk.has(valuesKey) && this.pending.has(valuesKey)) await this.pending.get(valuesKey);
  }

  private readDisk(valuesKey: string): Promise<void> {
    const ticket = this.reads.start(valuesKey);
    const reading = (async (): Promise<void> => {
      const read = await readChartValues(path.dirname(URI.parse(valuesKey).fsPath));
      // A later read (the file changed again meanwhile) has the last word.
      if (!this.reads.finish(valuesKey, ticket)) return;
      this.pending.delete(valuesKey);
      if ('problem' in read && !read.missing) this.log(`chart defaults not used: ${URI.parse(valuesKey).fsPath}: ${read.problem}`);
      this.disk.set(valuesKey, 'text' in read ? read.text : undefined);
    })();
    this.pending.set(valuesKey, reading);
    return reading;
  }

  /** The values.yaml a document is analysed with (undefined: no chart, no values.yaml, or not resolved yet). */
  valuesFor(key: string): HelmValues | undefined {
    const valuesKey = this.valuesKeyOf.get(key);
    if (!valuesKey) return undefined;
    const text = this.openText(valuesKey) ?? this.disk.get(valuesKey);
    return text === undefined ? undefined : { uri: valuesKey, text };
  }

  /** The line index of a values.yaml the open templates use, for related information pointing at a value. */
  linesOf(valuesKey: string): LineIndex | undefined {
    const text = this.openText(valuesKey) ?? this.disk.get(valuesKey);
    if (text === undefined || ![...this.valuesKeyOf.values()].includes(valuesKey)) return undefined;
    const cached = this.lines.get(valuesKey);
    if (cached?.text === text) return cached.lines;
    const lines = LineIndex.of(text);
    this.lines.set(valuesKey, { text, lines });
    return lines;
  }

  private templatesUsing(valuesKey: string): string[] {
    return [...this.valuesKeyOf].filter(([, values]) => values === valuesKey).map(([template]) => template);
  }

  /** An open values.yaml's text changed (or it was opened or closed): the open templates that read it. */
  editorChanged(key: string): string[] {
    return this.templatesUsing(key);
  }

  /**
   * A path changed on disk (a watched-file event, or a values.yaml closed in the editor): a
   * values.yaml is read again; a Chart.yaml, or a folder, that comes or goes makes the templates
   * below it look for their chart again. Returns the open templates to re-analyse.
   */
  async diskChanged(key: string): Promise<string[]> {
    const uri = URI.parse(key);
    if (uri.scheme !== 'file') return [];
    const name = path.basename(uri.fsPath);
    if (name === VALUES_FILE && [...this.valuesKeyOf.values()].includes(key)) {
      await this.readDisk(key);
      return this.templatesUsing(key);
    }
    const dir = name === CHART_FILE ? canonicalUri(URI.file(path.dirname(uri.fsPath)).toString()) : key;
    const affected = [...this.valuesKeyOf.keys()].filter((template) => {
      const candidate = chartDirCandidate(URI.parse(template).fsPath);
      const chart = candidate === undefined ? undefined : canonicalUri(URI.file(candidate).toString());
      return chart !== undefined && (chart === dir || isUnder(chart, [dir]));
    });
    for (const template of affected) {
      const valuesKey = this.valuesKeyOf.get(template);
      if (valuesKey) this.forgetDisk(valuesKey);
      this.valuesKeyOf.delete(template);
    }
    for (const template of affected) await this.resolve(template);
    return affected;
  }

  private forgetDisk(valuesKey: string): void {
    this.reads.void(valuesKey);
    this.pending.delete(valuesKey);
    this.disk.delete(valuesKey);
    this.lines.delete(valuesKey);
  }

  /** A template was closed: it is no longer followed. */
  forget(key: string): void {
    const valuesKey = this.valuesKeyOf.get(key);
    this.valuesKeyOf.delete(key);
    if (valuesKey && this.templatesUsing(valuesKey).length === 0) this.forgetDisk(valuesKey);
  }
}
