import * as path from 'path';
import { LineIndex, type HelmValues } from '../core';
import { chartDirOf, readChartValues, VALUES_FILE } from '../node/helmChart';
import { display, type Input } from './inputs';
import { type Problem } from './problems';

/**
 * The chart defaults of the templates linted from disk: a file under `<chart>/templates/` (a
 * folder with Chart.yaml) is analysed with `<chart>/values.yaml`, read once per chart. Its id is
 * the absolute path, like the inputs', so a finding's related information can point at a value.
 */
export class InputChartValues {
  private readonly byInput = new Map<string, HelmValues>();
  private readonly valuesFiles = new Map<string, { readonly displayPath: string; readonly lines: LineIndex }>();

  private constructor(readonly problems: readonly Problem[]) {}

  static async load(inputs: readonly Input[]): Promise<InputChartValues> {
    const byChart = new Map<string, HelmValues | undefined>();
    const problems: Problem[] = [];
    const found: [string, HelmValues][] = [];
    for (const input of inputs) {
      if (input.id === '-') continue;
      const chart = await chartDirOf(input.id);
      if (chart === undefined) continue;
      if (!byChart.has(chart)) {
        const file = path.join(chart, VALUES_FILE);
        const read = await readChartValues(chart);
        // A chart without values.yaml has no defaults: nothing to say. Any other failure is a notice.
        if ('problem' in read && !read.missing) problems.push({ displayPath: display(file), message: `chart defaults not used: ${read.problem}`, isError: false, kind: 'input' });
        byChart.set(chart, 'text' in read ? { uri: file, text: read.text } : undefined);
      }
      const values = byChart.get(chart);
      if (values) found.push([input.id, values]);
    }
    const result = new InputChartValues(problems);
    for (const [id, values] of found) {
      result.byInput.set(id, values);
      if (!result.valuesFiles.has(values.uri)) result.valuesFiles.set(values.uri, { displayPath: display(values.uri), lines: LineIndex.of(values.text) });
    }
    return result;
  }

  /** The `update` options of an input: its chart's values.yaml, when it is a chart's template. */
  updateOptions(id: string): { helmValues?: HelmValues } {
    const helmValues = this.byInput.get(id);
    return helmValues ? { helmValues } : {};
  }

  /** values.yaml files that related information may point at, for the report's file table. */
  files(): [string, { readonly displayPath: string; readonly lines: LineIndex }][] {
    return [...this.valuesFiles];
  }
}
