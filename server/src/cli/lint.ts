import { promises as fs } from 'fs';
import * as path from 'path';
import { applyEdits, LanguageService, type Settings } from '../core';
import { choice, UsageError, type CliOptions } from './args';
import { formatGithub } from './formats/github';
import { formatJson } from './formats/json';
import { formatSarif } from './formats/sarif';
import { formatText } from './formats/text';
import { readInputs, type Input } from './inputs';
import { type Io } from './io';
import { inputProblem, notAnalysedProblems, problemLine, problemsExitCode, type Problem } from './problems';
import { notFixableReason, SEVERITY_ORDER, type LintedFile, type Report } from './report';
import { settingsFromFlags } from './settingsFromFlags';
import { writeFix, type BeforeCommit } from './writeFix';

function analyzeAll(inputs: readonly Input[], settings: Settings, log: (line: string) => void): { service: LanguageService; files: LintedFile[] } {
  const service = new LanguageService();
  for (const input of inputs) service.update(input.id, input.text);
  const failed = new Set<string>();
  const files = inputs.map((input) => {
    const parsed = service.parsed(input.id)!;
    const analysis = service.diagnostics(input.id, settings);
    for (const failure of analysis.failures) {
      if (!failed.has(failure.ruleId)) log(`internal error: rule ${failure.ruleId} failed and was skipped: ${String(failure.error)}`);
      failed.add(failure.ruleId);
    }
    return { input, parsed, findings: analysis.findings, suppressed: analysis.suppressed };
  });
  return { service, files };
}

/** Writes the safe fixes of each file atomically, only over the very file read; failures become problems. */
async function writeFixes(service: LanguageService, settings: Settings, files: readonly LintedFile[], problems: Problem[], beforeCommit?: BeforeCommit): Promise<Input[]> {
  const fixed: Input[] = [];
  const byId = new Map(files.map((f) => [f.input.id, f]));
  // One set of edits per file over every file's fixes: the every-Service hostname fix edits several files, each written once.
  for (const { uri, edits } of service.fixAll(files.map((f) => f.input.id), () => settings)) {
    const file = byId.get(uri);
    if (!file || edits.length === 0 || file.input.id === '-') continue;
    const notFixable = notFixableReason(file);
    if (notFixable !== undefined || file.input.target === undefined) {
      problems.push({ displayPath: file.input.displayPath, message: `not fixed: ${notFixable ?? 'not a regular file'}`, isError: false, kind: 'fix' });
      continue;
    }
    const text = applyEdits(file.input.text, edits);
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

export async function runLint(options: CliOptions, io: Io): Promise<number> {
  const { values } = options;
  const settings = settingsFromFlags(values);
  const format = choice(values, 'format', ['text', 'json', 'sarif', 'github'] as const, 'text');
  const maxSeverity = choice(values, 'max-severity', SEVERITY_ORDER, 'warning');
  const log = (line: string): void => { io.stderr(`kube-lb-reach: ${line}\n`); };

  const { inputs, problems: inputProblems } = await readInputs(options.paths, io.stdin);
  if (typeof values['output'] === 'string') await refuseInputAsOutput(values['output'], inputs);
  for (const problem of inputProblems) log(problemLine(inputProblem(problem)));
  const fixProblems: Problem[] = [];
  let { service, files } = analyzeAll(inputs, settings, log);
  if (values['fix']) {
    if (!settings.hostnameTemplate) log('--fix: no safe fix without --hostname-template (the placeholder value is never written)');
    const fixed = await writeFixes(service, settings, files, fixProblems, io.beforeFixCommit);
    if (fixed.length > 0) {
      const byId = new Map(fixed.map((input) => [input.id, input]));
      ({ service, files } = analyzeAll(inputs.map((input) => byId.get(input.id) ?? input), settings, log));
    }
  }
  // From the files as they are now: a fix earlier in a file moves the places of what follows it.
  const notAnalysed = files.flatMap((f) => notAnalysedProblems(f.input.displayPath, service.notAnalysed(f.input.id), f.parsed.lineIndex));
  for (const problem of [...notAnalysed, ...fixProblems]) log(problemLine(problem));

  const report: Report = {
    files,
    problems: [...inputProblems.map(inputProblem), ...notAnalysed, ...fixProblems],
    settings,
    reportSuppressed: values['report-suppressed'] === true,
    fileById: new Map(files.map((f) => [f.input.id, { displayPath: f.input.displayPath, lines: f.parsed.lineIndex }])),
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
