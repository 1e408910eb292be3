import * as path from 'path';
import { promises as fs } from 'fs';
import { firstLineSpan, LineIndex, renderedOrigin, templateLocator, type RenderedOrigin, type Span } from '../core';
import { decodeManifest, readPathBounded } from '../node/boundedRead';
import { CHART_FILE } from '../node/helmChart';
import { UsageError } from './args';
import { display } from './inputs';
import { type Problem } from './problems';
import { type LintedFile, type Place, type RenderedReport } from './report';

/**
 * `helm template … | kube-lb-reach lint - --helm-chart DIR`: each finding on standard input is
 * shown on the template Helm rendered it from (the document's `# Source: <chart>/templates/<file>`,
 * subcharts `<chart>/charts/<sub>/templates/<file>`), read from DIR, at the same YAML path where the
 * template's literal text has it, else on the template's first line. The rendered place goes along.
 */

/** `--helm-chart` needs `-` among the paths and a chart folder (with Chart.yaml): else a usage error. */
export async function checkHelmChart(dir: string, paths: readonly string[]): Promise<string> {
  if (!paths.includes('-')) throw new UsageError(`--helm-chart ${dir} reads the "# Source:" comments of helm template output on standard input: give - as a path (helm template my-release ${dir} | kube-lb-reach lint - --helm-chart ${dir})`);
  try {
    if ((await fs.stat(path.join(dir, CHART_FILE))).isFile()) return path.resolve(dir);
  } catch {
    // said below
  }
  throw new UsageError(`--helm-chart ${dir}: no ${CHART_FILE} there, so it is not a chart folder`);
}

/**
 * The file of a Source path below the chart folder: the chart's own name (Chart.yaml's `name`,
 * which need not be the folder's) is dropped, the rest is the path in the chart. Undefined for a
 * path that would leave the folder (standard input is not trusted to name files).
 */
function fileOfSource(chartDir: string, source: string): string | undefined {
  const parts = source.split('/');
  if (parts.length < 3 || parts.some((p) => p === '' || p === '.' || p === '..')) return undefined;
  const file = path.join(chartDir, ...parts.slice(1));
  const relative = path.relative(chartDir, file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? undefined : file;
}

type Template = { readonly displayPath: string; readonly lines: LineIndex; readonly text: string; readonly locate: (origin: RenderedOrigin) => Span | undefined } | { readonly problem: string };

/**
 * Standard input's render report: a span whose document names a template of DIR is reported on
 * that template, else on standard input. The templates are read here, once each, for the spans
 * the run reports (its findings, their directives, related locations pointing at standard input
 * from any file), so that `place` itself needs no read.
 */
export async function helmRendered(file: LintedFile, chartDir: string, files: readonly LintedFile[]): Promise<{ rendered: RenderedReport; problems: Problem[] }> {
  const templates = new Map<string, Template>();
  const problems: Problem[] = [];
  const templateOf = (target: Span): { origin: RenderedOrigin; file: string } | undefined => {
    const origin = renderedOrigin(file.parsed, target);
    const templateFile = origin && fileOfSource(chartDir, origin.source);
    return origin && templateFile !== undefined ? { origin, file: templateFile } : undefined;
  };
  const read = async (target: Span): Promise<void> => {
    const named = templateOf(target);
    if (!named || templates.has(named.file)) return;
    const bounded = await readPathBounded(named.file, { followSymlinks: true, streams: false });
    const decoded = 'bytes' in bounded ? decodeManifest(bounded.bytes) : { problem: bounded.problem };
    const template: Template = 'text' in decoded ? { displayPath: display(named.file), lines: LineIndex.of(decoded.text), text: decoded.text, locate: templateLocator(decoded.text) } : decoded;
    templates.set(named.file, template);
    // Said once per template: its findings stay on the rendered text, where they are still true.
    if ('problem' in template) problems.push({ displayPath: display(named.file), message: `# Source: ${named.origin.source} not read (${template.problem}): its findings stay on standard input`, isError: false, kind: 'input' });
  };
  for (const finding of [...file.findings, ...file.suppressed]) {
    await read(finding.span);
    if (finding.suppression) await read(finding.suppression.span);
  }
  for (const related of files.flatMap((f) => [...f.findings, ...f.suppressed]).flatMap((f) => f.related)) if (related.uri === file.input.id) await read(related.span);

  const from = display(chartDir);
  const place = (target: Span): Place => {
    const own: Place = { displayPath: file.input.displayPath, lines: file.parsed.lineIndex, span: target };
    const named = templateOf(target);
    const template = named && templates.get(named.file);
    if (!named || !template || 'problem' in template) return own;
    const text = file.input.text.slice(target.start, target.end);
    // A comment (a directive) is no field: Helm copies it as written, so it is found by its text.
    const at = (text.startsWith('#') ? sameTextIn(template.text, text) : template.locate(named.origin)) ?? firstLineSpan(template.text);
    return { displayPath: template.displayPath, lines: template.lines, span: at, rendered: { from, lines: file.parsed.lineIndex, span: target } };
  };
  return { rendered: { from, notFixable: `rendered from ${from}: a fix would edit helm template's output, edit the template the finding points at`, place }, problems };
}

/** The one occurrence of a rendered comment in the template; undefined when it is not there once. */
function sameTextIn(template: string, rendered: string): Span | undefined {
  const at = template.indexOf(rendered);
  return at >= 0 && template.indexOf(rendered, at + 1) < 0 ? { start: at, end: at + rendered.length } : undefined;
}
