import { promises as fs } from 'fs';
import * as path from 'path';
import { applyEdits, LanguageService, type Settings } from '../core';
import { choice, type CliOptions } from './args';
import { formatGithub } from './formats/github';
import { formatJson } from './formats/json';
import { formatSarif } from './formats/sarif';
import { formatText } from './formats/text';
import { readInputs, type Input } from './inputs';
import { type Io } from './io';
import { inputProblem, notAnalysedProblems, problemLine, problemsExitCode, type Problem } from './problems';
import { notFixableReason, SEVERITY_ORDER, type LintedFile, type Report } from './report';
import { settingsFromFlags } from './settingsFromFlags';

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
    return { input, parsed, findings: analysis.findings };
  });
  return { service, files };
}

/** Writes the safe fixes of each file atomically (temporary file, then rename); failures become problems. */
async function writeFixes(service: LanguageService, settings: Settings, files: readonly LintedFile[], problems: Problem[]): Promise<Input[]> {
  const fixed: Input[] = [];
  for (const file of files) {
    const edits = service.codeActions(file.input.id, settings, [], { quickFix: false, fixAll: true }).flatMap((a) => a.edits);
    if (edits.length === 0 || file.input.id === '-') continue;
    const notFixable = notFixableReason(file);
    if (notFixable !== undefined) {
      problems.push({ displayPath: file.input.displayPath, message: `not fixed: ${notFixable}`, isError: false, kind: 'fix' });
      continue;
    }
    const text = applyEdits(file.input.text, edits);
    let temporary: string | undefined;
    try {
      // Write through a symbolic link to its target, keeping the link and the target's mode.
      const target = await fs.realpath(file.input.id);
      const mode = (await fs.stat(target)).mode & 0o7777;
      temporary = path.join(path.dirname(target), `.${path.basename(target)}.kube-lb-reach-${process.pid}.tmp`);
      await fs.writeFile(temporary, text, { flag: 'wx' });
      await fs.chmod(temporary, mode);
      await fs.rename(temporary, target);
    } catch (error) {
      if (temporary) await fs.rm(temporary, { force: true });
      const message = `not fixed: ${(error as NodeJS.ErrnoException).code ?? String(error)}`;
      problems.push({ displayPath: file.input.displayPath, message, isError: true, kind: 'fix' });
      continue;
    }
    fixed.push({ ...file.input, text });
  }
  return fixed;
}

export async function runLint(options: CliOptions, io: Io): Promise<number> {
  const { values } = options;
  const settings = settingsFromFlags(values);
  const format = choice(values, 'format', ['text', 'json', 'sarif', 'github'] as const, 'text');
  const maxSeverity = choice(values, 'max-severity', SEVERITY_ORDER, 'warning');
  const log = (line: string): void => { io.stderr(`kube-lb-reach: ${line}\n`); };

  const { inputs, problems: inputProblems } = await readInputs(options.paths, io.readStdin);
  for (const problem of inputProblems) log(problemLine(inputProblem(problem)));
  const fixProblems: Problem[] = [];
  let { service, files } = analyzeAll(inputs, settings, log);
  if (values['fix']) {
    if (!settings.hostnameTemplate) log('--fix: no safe fix without --hostname-template (the placeholder value is never written)');
    const fixed = await writeFixes(service, settings, files, fixProblems);
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
  return files.some((f) => f.findings.some((x) => SEVERITY_ORDER.indexOf(x.severity) >= threshold)) ? 1 : 0;
}
