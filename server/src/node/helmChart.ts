import { promises as fs } from 'fs';
import * as path from 'path';
import { MAX_VALUES_LENGTH } from '../core';
import { decodeManifest, readPathBounded } from './boundedRead';

/**
 * Finding a Helm chart on disk for a template, and reading its default values. Both adapters use
 * it: the core reads no disk, it is handed values.yaml's text (`update(uri, text, { helmValues })`).
 */

/** Helm reads a chart's defaults from this one name (not `values.yml`). */
export const VALUES_FILE = 'values.yaml';
/** What makes a folder a chart. */
export const CHART_FILE = 'Chart.yaml';

/**
 * The folder a template's chart would be: the one above the last `templates` folder on its path
 * (`…/web/templates/sub/svc.yaml` → `…/web`). Undefined for a path that is no template's.
 */
export function chartDirCandidate(file: string): string | undefined {
  const parts = path.resolve(file).split(path.sep);
  const at = parts.lastIndexOf('templates');
  if (at <= 0 || at >= parts.length - 1) return undefined;
  return parts.slice(0, at).join(path.sep) || path.sep;
}

/** The chart folder of a template: its candidate folder when it holds a Chart.yaml file. */
export async function chartDirOf(file: string): Promise<string | undefined> {
  const dir = chartDirCandidate(file);
  if (dir === undefined) return undefined;
  try {
    return (await fs.stat(path.join(dir, CHART_FILE))).isFile() ? dir : undefined;
  } catch {
    return undefined;
  }
}

export type ValuesRead = { readonly text: string } | { readonly problem: string; readonly missing: boolean };

/** A chart's values.yaml, bounded as the core bounds it (a larger one is read as no defaults). */
export async function readChartValues(chartDir: string): Promise<ValuesRead> {
  const read = await readPathBounded(path.join(chartDir, VALUES_FILE), { followSymlinks: true, streams: false, maxBytes: MAX_VALUES_LENGTH });
  if (!('bytes' in read)) return { problem: read.problem, missing: read.missing };
  const decoded = decodeManifest(read.bytes);
  return 'problem' in decoded ? { problem: decoded.problem, missing: false } : { text: decoded.text };
}
