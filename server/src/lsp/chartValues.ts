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
/** The templates a change of values.yaml concerns: open ones to re-publish, closed ones to read from disk again. */
export interface ChartTemplates {
  readonly open: readonly string[];
  readonly disk: readonly string[];
}

export class ChartValuesSync {
  /** An open template's values.yaml key, or null when it is no chart's template. */
  private readonly valuesKeyOf = new Map<string, string | null>();
  /** values.yaml on disk: its text, or undefined when there is none (or it cannot be read). */
  private readonly disk = new Map<string, string | undefined>();
  private readonly lines = new Map<string, { readonly text: string; readonly lines: LineIndex }>();
  private readonly reads = new ReadTickets();
  /** Closed templates indexed from disk (the scan, watched files, Lint workspace), by their values.yaml key. */
  private readonly diskTemplates = new Map<string, Set<string>>();
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
    if (valuesKey) await this.diskValues(valuesKey);
  }

  /** values.yaml's disk copy read once: two templates of one chart wait for the same read. */
  private async diskValues(valuesKey: string): Promise<void> {
    if (!this.disk.has(valuesKey) && !this.pending.has(valuesKey)) void this.readDisk(valuesKey);
    // A read that a newer one made stale ends first: the wait goes on until the newest has given the text.
    while (!this.disk.has(valuesKey) && this.pending.has(valuesKey)) await this.pending.get(valuesKey);
  }

  /**
   * For a closed template read from disk: its chart's values.yaml (the open text over the disk),
   * and the template is remembered, to be read again when that values.yaml changes.
   */
  async valuesForDiskFile(key: string): Promise<HelmValues | undefined> {
    const uri = URI.parse(key);
    const dir = uri.scheme === 'file' ? await chartDirOf(uri.fsPath) : undefined;
    if (dir === undefined) return undefined;
    const valuesKey = canonicalUri(URI.file(path.join(dir, VALUES_FILE)).toString());
    let templates = this.diskTemplates.get(valuesKey);
    if (!templates) this.diskTemplates.set(valuesKey, (templates = new Set()));
    templates.add(key);
    await this.diskValues(valuesKey);
    const text = this.openText(valuesKey) ?? this.disk.get(valuesKey);
    return text === undefined ? undefined : { uri: valuesKey, text };
  }

  private isValuesKey(key: string): boolean {
    return this.diskTemplates.has(key) || [...this.valuesKeyOf.values()].includes(key);
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
    if (text === undefined || !this.isValuesKey(valuesKey)) return undefined;
    const cached = this.lines.get(valuesKey);
    if (cached?.text === text) return cached.lines;
    const lines = LineIndex.of(text);
    this.lines.set(valuesKey, { text, lines });
    return lines;
  }

  private templatesUsing(valuesKey: string): string[] {
    return [...this.valuesKeyOf].filter(([, values]) => values === valuesKey).map(([template]) => template);
  }

  /** An open values.yaml's text changed (or it was opened): the open templates that read it, and the closed ones to read again. */
  editorChanged(key: string): ChartTemplates {
    return { open: this.templatesUsing(key), disk: [...(this.diskTemplates.get(key) ?? [])] };
  }

  /**
   * A path changed on disk (a watched-file event, or a values.yaml closed in the editor): a
   * values.yaml is read again; a Chart.yaml, or a folder, that comes or goes makes the templates
   * below it look for their chart again. Returns the open templates to re-analyse.
   */
  async diskChanged(key: string): Promise<ChartTemplates> {
    const uri = URI.parse(key);
    if (uri.scheme !== 'file') return { open: [], disk: [] };
    const name = path.basename(uri.fsPath);
    if (name === VALUES_FILE && this.isValuesKey(key)) {
      await this.readDisk(key);
      return this.editorChanged(key);
    }
    const dir = name === CHART_FILE ? canonicalUri(URI.file(path.dirname(uri.fsPath)).toString()) : key;
    const below = (template: string): boolean => {
      const candidate = chartDirCandidate(URI.parse(template).fsPath);
      const chart = candidate === undefined ? undefined : canonicalUri(URI.file(candidate).toString());
      return chart !== undefined && (chart === dir || isUnder(chart, [dir]));
    };
    const open = [...this.valuesKeyOf.keys()].filter(below);
    for (const template of open) {
      const valuesKey = this.valuesKeyOf.get(template);
      if (valuesKey) this.forgetDisk(valuesKey);
      this.valuesKeyOf.delete(template);
    }
    // A closed template is read again, and finds its chart again then.
    const disk = [...this.diskTemplates.values()].flatMap((templates) => [...templates]).filter(below);
    for (const templates of this.diskTemplates.values()) for (const template of disk) templates.delete(template);
    for (const template of open) await this.resolve(template);
    return { open, disk };
  }

  private forgetDisk(valuesKey: string): void {
    this.reads.void(valuesKey);
    this.pending.delete(valuesKey);
    this.disk.delete(valuesKey);
    this.lines.delete(valuesKey);
  }

  /** A template was closed (its disk copy registers again when it is read), or deleted. */
  forget(key: string): void {
    const valuesKey = this.valuesKeyOf.get(key);
    this.valuesKeyOf.delete(key);
    for (const templates of this.diskTemplates.values()) templates.delete(key);
    if (valuesKey && this.templatesUsing(valuesKey).length === 0 && !this.diskTemplates.get(valuesKey)?.size) this.forgetDisk(valuesKey);
  }
}
