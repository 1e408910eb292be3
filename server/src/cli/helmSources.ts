import * as path from 'path';
import { promises as fs } from 'fs';
import { firstLineSpan, LineIndex, renderedOrigin, templateLocator, type Finding, type RelatedLocation, type RenderedOrigin, type Span } from '../core';
import { decodeManifest, readPathBounded } from '../node/boundedRead';
import { CHART_FILE } from '../node/helmChart';
import { UsageError } from './args';
import { display } from './inputs';
import { type Problem } from './problems';
import { type Attribution, type LintedFile } from './report';

/**
 * `helm template … | kube-lb-reach lint - --helm-chart DIR`: each finding on standard input is
 * shown on the template Helm rendered it from (the document's `# Source: <chart>/templates/<file>`,
 * subcharts `<chart>/charts/<sub>/templates/<file>`), read from DIR, at the same YAML path where the
 * template's literal text has it, else on the template's first line. The rendered line goes along.
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
 * Every finding of standard input (and every related location there) whose document names a
 * template of DIR, on that template. Keyed by the very finding and related-location objects.
 */
export async function attributeToTemplates(file: LintedFile, chartDir: string): Promise<{ byFinding: Map<Finding, Attribution>; byRelated: Map<RelatedLocation, Attribution>; problems: Problem[] }> {
  const templates = new Map<string, Template>();
  const problems: Problem[] = [];
  const attribute = async (target: Span): Promise<Attribution | undefined> => {
    const origin = renderedOrigin(file.parsed, target);
    const templateFile = origin && fileOfSource(chartDir, origin.source);
    if (!origin || templateFile === undefined) return undefined;
    let template = templates.get(templateFile);
    if (!template) {
      const read = await readPathBounded(templateFile, { followSymlinks: true, streams: false });
      const decoded = 'bytes' in read ? decodeManifest(read.bytes) : { problem: read.problem };
      template = 'text' in decoded ? { displayPath: display(templateFile), lines: LineIndex.of(decoded.text), text: decoded.text, locate: templateLocator(decoded.text) } : decoded;
      templates.set(templateFile, template);
      // Said once per template: its findings stay on the rendered text, where they are still true.
      if ('problem' in template) problems.push({ displayPath: display(templateFile), message: `# Source: ${origin.source} not read (${template.problem}): its findings stay on standard input`, isError: false, kind: 'input' });
    }
    if ('problem' in template) return undefined;
    return { displayPath: template.displayPath, lines: template.lines, span: template.locate(origin) ?? firstLineSpan(template.text) };
  };
  const byFinding = new Map<Finding, Attribution>();
  const byRelated = new Map<RelatedLocation, Attribution>();
  for (const finding of [...file.findings, ...file.suppressed]) {
    const attributed = await attribute(finding.span);
    if (attributed) byFinding.set(finding, attributed);
    for (const related of finding.related) {
      const other = related.uri === file.input.id ? await attribute(related.span) : undefined;
      if (other) byRelated.set(related, other);
    }
  }
  return { byFinding, byRelated, problems };
}
