import { promises as fs, realpathSync } from 'fs';
import * as path from 'path';
import { applyEdits, CONFIG_FILE_NAMES, type LanguageService, type LineIndex, type RawSettings, type Span } from '../core';
import { choice, UsageError, type CliOptions } from './args';
import { formatGithub } from './formats/github';
import { formatJson } from './formats/json';
import { formatSarif } from './formats/sarif';
import { escapeControl } from './formats/escape';
import { formatText } from './formats/text';
import { loadClusterScope } from './clusterScope';
import { display, readInputs, type Input } from './inputs';
import { type Io } from './io';
import { inputProblem, notAnalysedProblems, problemLine, problemsExitCode, type Problem } from './problems';
import { notFixableReason, SEVERITY_ORDER, type LintedFile, type RenderedReport, type Report } from './report';
import { clustersOf } from './clusters';
import { InputChartValues } from './chartValues';
import { checkHelmChart, helmRendered } from './helmSources';
import { flagsLayer } from './settingsFromFlags';
import { writeFix, type BeforeCommit } from './writeFix';
import { DEFAULT_RENDER_TIMEOUT_SECONDS, renderDirs, renderedPlace, updateRenders, type RenderedDir } from './rendered';

/** Each file analysed with its own cluster's settings (config file, cluster, then the flags). */
function analyzeAll(service: LanguageService, inputs: readonly Input[], layer: RawSettings, log: (line: string) => void): LintedFile[] {
  const failed = new Set<string>();
  return inputs.map((input) => {
    const parsed = service.parsed(input.id)!;
    const { settings, cluster } = service.settingsFor(input.id, layer);
    const analysis = service.diagnostics(input.id, settings);
    for (const failure of analysis.failures) {
      if (!failed.has(failure.ruleId)) log(`internal error: rule ${failure.ruleId} failed and was skipped: ${String(failure.error)}`);
      failed.add(failure.ruleId);
    }
    return { input, parsed, settings, cluster, findings: analysis.findings, suppressed: analysis.suppressed };
  });
}

/**
 * The settings of every cluster the files are in. A value the flags and the config files give
 * together that cannot be used (a proxy mode the config's version did not have) is a usage error.
 */
function checkClusterSettings(service: LanguageService, inputs: readonly Input[], layer: RawSettings): void {
  const said = new Set<string>();
  const problems: string[] = [];
  for (const input of inputs) {
    const { cluster, problems: all } = service.settingsFor(input.id, layer);
    // What the config file alone gives was said as its warnings already: only what the flags add counts here.
    const ofConfig = new Set(service.settingsFor(input.id).problems);
    const ignored = all.filter((problem) => !ofConfig.has(problem));
    if (ignored.length === 0 || said.has(cluster.key)) continue;
    said.add(cluster.key);
    problems.push(cluster.configId === undefined ? ignored.join(' ') : `cluster ${cluster.name} of ${display(cluster.configId)}: ${ignored.join(' ')}`);
  }
  if (problems.length > 0) throw new UsageError(problems.join(' '));
}

/**
 * How many times `--fix` re-analyses in memory: one fix may reveal another (a recased `type` makes
 * its `externalTrafficPolicy` refused), so fixes are applied, re-analysed and applied again until
 * nothing is left, as ESLint does; each file is written once, over the very file read.
 */
export const MAX_FIX_PASSES = 10;

/** Writes the safe fixes of each file atomically, only over the very file read; failures become problems. */
async function writeFixes(service: LanguageService, files: readonly LintedFile[], problems: Problem[], charts: InputChartValues, beforeCommit?: BeforeCommit): Promise<Input[]> {
  const byId = new Map(files.map((f) => [f.input.id, f]));
  const texts = new Map<string, string>();
  const refused = new Set<string>();
  for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
    let changed = false;
    // One set of edits per file over every file's fixes: the every-Service hostname fix edits several files.
    for (const { uri, edits } of service.fixAll(files.map((f) => f.input.id), (id) => byId.get(id)!.settings)) {
      const file = byId.get(uri);
      if (!file || edits.length === 0 || refused.has(uri)) continue;
      const notFixable = notFixableReason(file);
      if (notFixable !== undefined) {
        // Standard input and the like are never written, and their edits are not applied in memory either.
        refused.add(uri);
        if (uri !== '-') problems.push({ displayPath: file.input.displayPath, message: `not fixed: ${notFixable}`, isError: false, kind: 'fix' });
        continue;
      }
      const text = applyEdits(texts.get(uri) ?? file.input.text, edits);
      texts.set(uri, text);
      service.update(uri, text, charts.updateOptions(uri));
      changed = true;
    }
    if (!changed) break;
  }
  const fixed: Input[] = [];
  for (const [uri, text] of texts) {
    const file = byId.get(uri)!;
    if (text === file.input.text || file.input.target === undefined) continue;
    let reason: string | undefined;
    try {
      const outcome = await writeFix(file.input.target, text, beforeCommit);
      if (!outcome.written) reason = outcome.reason;
    } catch (error) {
      reason = (error as NodeJS.ErrnoException).code ?? String(error);
    }
    if (reason !== undefined) {
      problems.push({ displayPath: file.input.displayPath, message: `not fixed: ${reason}`, isError: true, kind: 'fix' });
      continue;
    }
    fixed.push({ ...file.input, text });
  }
  return fixed;
}

/** The report must never replace a manifest: `--output` naming a file being linted is refused before anything is written. */
async function refuseInputAsOutput(output: string, inputs: readonly Input[]): Promise<void> {
  const resolved = path.resolve(output);
  let stamp: { dev: bigint; ino: bigint } | undefined;
  try {
    stamp = await fs.stat(resolved, { bigint: true });
  } catch {
    stamp = undefined;
  }
  const clash = inputs.find((input) => input.id === resolved || (stamp !== undefined && input.target !== undefined && input.target.stamp.dev === stamp.dev && input.target.stamp.ino === stamp.ino));
  if (clash) throw new UsageError(`--output ${output} names ${clash.displayPath}, a file being linted: the report would overwrite it`);
}

/** Config files are read as config, never linted as manifests (a folder walk finds them too). */
const isManifest = (input: Input): boolean => !(CONFIG_FILE_NAMES as readonly string[]).includes(input.id.slice(input.id.lastIndexOf('/') + 1));

/** `--render-timeout SECONDS`: a positive number, at most an hour. */
function renderTimeoutMs(values: CliOptions['values']): number {
  const given = values['render-timeout'];
  if (given === undefined) return DEFAULT_RENDER_TIMEOUT_SECONDS * 1000;
  const seconds = typeof given === 'string' && /^\d+(\.\d+)?$/.test(given) ? Number(given) : NaN;
  if (!(seconds > 0 && seconds <= 3600)) throw new UsageError(`--render-timeout must be a number of seconds above 0, at most 3600 (got ${JSON.stringify(given)})`);
  return seconds * 1000;
}

/** The real path of an input (a source of a render is named by its real path), or its id. */
function realPathOf(input: Input): string {
  return input.target ? path.join(input.target.dir, input.target.name) : realpathOr(input.id);
}

function realpathOr(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return file;
  }
}

/** Each render's findings reported where the user edits them (`--kustomize`). */
function withRenders(service: LanguageService, files: LintedFile[], renders: readonly RenderedDir[]): LintedFile[] {
  const byId = new Map(renders.map((r) => [r.input.id, r]));
  return files.map((file) => {
    const render = byId.get(file.input.id);
    if (!render) return file;
    const notFixable = `rendered from ${render.displayDir}: a fix would edit kustomize's output, edit the file the finding points at`;
    return { ...file, rendered: { from: render.displayDir, notFixable, place: (span: Span) => renderedPlace(service, render, file.parsed.lineIndex, span) } };
  });
}

export async function runLint(options: CliOptions, io: Io): Promise<number> {
  const { values } = options;
  const layer = flagsLayer(values);
  const format = choice(values, 'format', ['text', 'json', 'sarif', 'github'] as const, 'text');
  const maxSeverity = choice(values, 'max-severity', SEVERITY_ORDER, 'warning');
  const log = (line: string): void => { io.stderr(`kube-lb-reach: ${line}\n`); };

  const kustomizeDirs = Array.isArray(values['kustomize']) ? values['kustomize'] : [];
  let renders: RenderedDir[] = [];
  if (kustomizeDirs.length > 0) {
    const rendered = await renderDirs(kustomizeDirs, renderTimeoutMs(values));
    if (!Array.isArray(rendered)) {
      log(escapeControl(rendered.message));
      // The tool's own words, line by line (its error names the file and field at fault).
      const toolLines = rendered.stderr.trim() === '' ? [] : rendered.stderr.replace(/\n$/, '').split('\n');
      for (const line of toolLines) io.stderr(`  ${escapeControl(line)}\n`);
      return 2;
    }
    renders = rendered;
  }
  const helmChartFlag = values['helm-chart'];
  const helmChart = typeof helmChartFlag === 'string' ? await checkHelmChart(helmChartFlag, options.paths) : undefined;
  // With --kustomize alone only the renders are linted, not the working folder.
  const read = kustomizeDirs.length > 0 && options.paths.length === 0 ? { inputs: [], problems: [] } : await readInputs(options.paths, io.stdin);
  const named = read.inputs.filter(isManifest);
  const inputProblems = read.problems;
  if (typeof values['output'] === 'string') await refuseInputAsOutput(values['output'], named);
  const listenersFrom = values['listeners-from'];
  // Named config files are searched for from their folder, like the manifests' folders.
  const scope = await loadClusterScope([...read.inputs, ...renders.map((r) => r.input)], Array.isArray(listenersFrom) ? listenersFrom : []);
  for (const problem of scope.configProblems) log(escapeControl(problem.line));
  // A broken config file would analyse its manifests with the wrong cluster's settings: nothing is reported then.
  if (scope.configProblems.some((p) => p.isError)) return 2;
  const { service } = scope;
  updateRenders(service, renders, realpathOr);
  // A file a render is made of is analysed only as rendered: its Service must count once.
  const renderSources = new Set(renders.flatMap((r) => [...r.sources]));
  const inputs = [...named.filter((input) => !renderSources.has(realPathOf(input))), ...renders.map((r) => r.input)];
  const charts = await InputChartValues.load(inputs.filter((input) => !service.isRendered(input.id)));
  for (const input of inputs) if (!service.isRendered(input.id)) service.update(input.id, input.text, charts.updateOptions(input.id));
  checkClusterSettings(service, inputs, layer);
  for (const problem of inputProblems) log(problemLine(inputProblem(problem)));
  for (const problem of charts.problems) log(problemLine(problem));
  for (const problem of scope.problems) log(problemLine(problem));
  const fixProblems: Problem[] = [];
  let files = withRenders(service, analyzeAll(service, inputs, layer, log), renders);
  if (values['fix']) {
    if (!files.some((f) => f.settings.hostnameTemplate)) log('--fix: no safe fix without --hostname-template or hostnameTemplate in .kube-lb-reach.yaml (the placeholder value is never written)');
    const fixed = await writeFixes(service, files, fixProblems, charts, io.beforeFixCommit);
    if (fixed.length > 0) {
      for (const input of fixed) service.update(input.id, input.text, charts.updateOptions(input.id));
      const byId = new Map(fixed.map((input) => [input.id, input]));
      files = withRenders(service, analyzeAll(service, inputs.map((input) => byId.get(input.id) ?? input), layer, log), renders);
    }
  }
  const helmProblems: Problem[] = [];
  if (helmChart !== undefined) {
    // After the fixes: standard input is never written, its report is of the text as read.
    const withHelm: LintedFile[] = [];
    for (const file of files) {
      if (file.input.id !== '-') withHelm.push(file);
      else {
        const { rendered, problems } = await helmRendered(file, helmChart, files);
        helmProblems.push(...problems);
        withHelm.push({ ...file, rendered });
      }
    }
    files = withHelm;
    for (const problem of helmProblems) log(problemLine(problem));
  }
  // From the files as they are now: a fix earlier in a file moves the places of what follows it.
  const notAnalysed = files.flatMap((f) => notAnalysedProblems(f.input.displayPath, service.notAnalysed(f.input.id), f.parsed.lineIndex));
  for (const problem of [...notAnalysed, ...fixProblems]) log(problemLine(problem));

  const report: Report = {
    files,
    problems: [...inputProblems.map(inputProblem), ...charts.problems, ...scope.problems, ...notAnalysed, ...fixProblems, ...helmProblems],
    clusters: clustersOf(files),
    reportSuppressed: values['report-suppressed'] === true,
    // values.yaml first: when it is linted too, its own entry (the same text) is the one kept.
    fileById: new Map([
      ...charts.files(),
      ...files.map((f): [string, { displayPath: string; lines: LineIndex; rendered?: RenderedReport }] => [f.input.id, { displayPath: f.input.displayPath, lines: f.parsed.lineIndex, ...(f.rendered ? { rendered: f.rendered } : {}) }]),
    ]),
  };
  const color = values['no-color'] ? false : values['color'] ? true : io.stdoutIsTTY && values['output'] === undefined;
  const output =
    format === 'json' ? formatJson(report) : format === 'sarif' ? formatSarif(report) : format === 'github' ? formatGithub(report) : formatText(report, color);
  if (typeof values['output'] === 'string') await fs.writeFile(values['output'], output);
  else io.stdout(output);

  const failed = problemsExitCode(report.problems);
  if (failed !== undefined) return failed;
  const threshold = SEVERITY_ORDER.indexOf(maxSeverity);
  // Only what is shown counts: a finding the file silences (with its reason) never fails the run.
  return files.some((f) => f.findings.some((x) => SEVERITY_ORDER.indexOf(x.severity) >= threshold)) ? 1 : 0;
}
