import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { service, spanOf } from '../helpers/workspace';
import { CLB, HTTP_TEXT, HTTPS_TEXT, LONE_INFO, makeDir, removeDir, runCli, stderrLines } from './run';
import { schemaErrors, sarifValidator } from './sarifSchema';

/**
 * What the CLI could not read is never a pass: every input not read and every file or document
 * the service did not analyse is reported, with its reason and place, in every format.
 */

const LONE_RULE = 'reused-clb-listeners-unknown';
/** The web-http Service, then a document with a YAML syntax error (an unclosed flow mapping). */
const BROKEN = `${HTTP_TEXT}---\nkind: ConfigMap\nmetadata: {name: settings\n  data: [\n`;
const SYNTAX = 'document 2 not analysed: YAML syntax error at 18:18: Implicit keys need to be on a single line';
const SYNTAX_RANGE = { startLine: 18, startColumn: 18, endLine: 19, endColumn: 7 };
/** A plain Service, then a Helm template whose actions write structure: even with them masked it is no YAML, so the second document is not analysed. */
const CLEAN = service({ name: 'plain', type: 'ClusterIP' });
const CHART = `${CLEAN}---\napiVersion: v1\nkind: Service\nmetadata:\n  name: x\n  {{ if .Values.a }}labels: {a: b}{{ end }}\nspec:\n  type: LoadBalancer\n`;
const TEMPLATE = 'document 2 not analysed: Helm template: not rendered, and with its actions masked it is not YAML (Unexpected scalar at node end at 19:35), so not analysed';
/** The template's document spans from its `---` line to the end of the file. */
const TEMPLATE_RANGE = { startLine: CLEAN.split('\n').length, startColumn: 1, endLine: CHART.split('\n').length, endColumn: 1 };
const MANY = Array.from({ length: 10_001 }, (_, i) => `x: ${i}\n`).join('---\n');
const TOO_MANY = 'only the first 10000 documents were analysed: the file has more';
/** `bins` is a folder: a binary file found by a walk is a notice (named, it would be an error). */
const ALL = ['broken.yaml', 'chart.yaml', 'bins', 'many.yaml', 'nope.yaml'];

describe('kube-lb-reach: what was not analysed is reported', { timeout: 60_000 }, () => {
  let dir: string;
  before(() => {
    dir = makeDir({ 'broken.yaml': BROKEN, 'chart.yaml': CHART, 'clean.yaml': CLEAN, 'many.yaml': MANY, 'bins/bin.yaml': Buffer.from('kind: Service\n\0\0') });
  });
  after(() => { removeDir(dir); });

  it('text: a YAML syntax error is a line with file:line:col on stderr and fails the run, even at --max-severity error', () => {
    const expected = {
      code: 1,
      stdout: `broken.yaml:7:63 information ${LONE_RULE} ${LONE_INFO(CLB, '80/TCP')}\n1 finding in 1 file\n`,
      stderr: `kube-lb-reach: broken.yaml:18:18: ${SYNTAX}\n`,
    };
    deepStrictEqual(runCli(dir, ['lint', 'broken.yaml']), expected);
    deepStrictEqual(runCli(dir, ['lint', '--max-severity', 'error', 'broken.yaml']), expected);
  });

  it('text: a Helm template and the document-count limit are notices (the place where there is one); the exit code is the findings\'', () => {
    deepStrictEqual(runCli(dir, ['lint', 'chart.yaml', 'many.yaml', 'clean.yaml']), {
      code: 0,
      stdout: '0 findings in 3 files\n',
      stderr: `kube-lb-reach: chart.yaml:${TEMPLATE_RANGE.startLine}:1: ${TEMPLATE}\nkube-lb-reach: many.yaml: ${TOO_MANY}\n`,
    });
  });

  it('an I/O error still exits 2 beside a YAML syntax error', () => {
    const result = runCli(dir, ['lint', 'broken.yaml', 'nope.yaml']);
    deepStrictEqual(stderrLines(result), ['kube-lb-reach: nope.yaml: no such file or folder', `kube-lb-reach: broken.yaml:18:18: ${SYNTAX}`]);
    strictEqual(result.code, 2);
  });

  it('--format json: problems[] has inputs not read, then what was not analysed, with kind, level and place', () => {
    const result = runCli(dir, ['lint', '--format', 'json', ...ALL]);
    strictEqual(result.code, 2);
    const report = JSON.parse(result.stdout) as { problems: unknown[]; files: string[] };
    deepStrictEqual(report.files, ['broken.yaml', 'chart.yaml', 'many.yaml']);
    deepStrictEqual(report.problems, [
      { file: 'bins/bin.yaml', message: 'skipped: binary content (NUL bytes)', error: false, kind: 'input', level: 'notice' },
      { file: 'nope.yaml', message: 'no such file or folder', error: true, kind: 'input', level: 'error' },
      { file: 'broken.yaml', message: SYNTAX, error: true, kind: 'not-analysed', level: 'error', document: 2, range: SYNTAX_RANGE, offsets: spanOf(BROKEN, 'settings\n  data') },
      { file: 'chart.yaml', message: TEMPLATE, error: false, kind: 'not-analysed', level: 'notice', document: 2, range: TEMPLATE_RANGE, offsets: { start: CLEAN.length, end: CHART.length } },
      { file: 'many.yaml', message: TOO_MANY, error: false, kind: 'not-analysed', level: 'notice' },
    ]);
  });

  it('--format json with --fix: a file not fixed is a `fix` notice after the rest', () => {
    const fixDir = makeDir({ 'broken.yaml': BROKEN, 'https.yaml': HTTPS_TEXT });
    try {
      const result = runCli(fixDir, ['lint', '--fix', '--hostname-template', '${name}.example.net', '--format', 'json', 'broken.yaml', 'https.yaml']);
      strictEqual(result.code, 1);
      deepStrictEqual((JSON.parse(result.stdout) as { problems: unknown[] }).problems, [
        { file: 'broken.yaml', message: SYNTAX, error: true, kind: 'not-analysed', level: 'error', document: 2, range: SYNTAX_RANGE, offsets: spanOf(BROKEN, 'settings\n  data') },
        { file: 'broken.yaml', message: 'not fixed: the file has YAML errors', error: false, kind: 'fix', level: 'notice' },
      ]);
    } finally {
      removeDir(fixDir);
    }
  });

  it('--format sarif: one toolExecutionNotification per problem, valid SARIF 2.1.0; executionSuccessful false on an error', () => {
    const sarif = JSON.parse(runCli(dir, ['lint', '--format', 'sarif', ...ALL]).stdout) as { runs: { invocations: unknown }[] };
    deepStrictEqual(schemaErrors(sarifValidator(), sarif), []);
    const at = (uri: string, region?: typeof SYNTAX_RANGE) => [{ physicalLocation: { artifactLocation: { uri, uriBaseId: '%SRCROOT%' }, ...(region ? { region } : {}) } }];
    deepStrictEqual(sarif.runs[0]!.invocations, [
      {
        executionSuccessful: false,
        toolExecutionNotifications: [
          { level: 'note', message: { text: 'skipped: binary content (NUL bytes)' }, locations: at('bins/bin.yaml') },
          { level: 'error', message: { text: 'no such file or folder' }, locations: at('nope.yaml') },
          { level: 'error', message: { text: SYNTAX }, locations: at('broken.yaml', SYNTAX_RANGE) },
          { level: 'note', message: { text: TEMPLATE }, locations: at('chart.yaml', TEMPLATE_RANGE) },
          { level: 'note', message: { text: TOO_MANY }, locations: at('many.yaml') },
        ],
      },
    ]);
    const notices = JSON.parse(runCli(dir, ['lint', '--format', 'sarif', 'chart.yaml']).stdout) as { runs: { invocations: unknown }[] };
    deepStrictEqual(notices.runs[0]!.invocations, [{ executionSuccessful: true, toolExecutionNotifications: [{ level: 'note', message: { text: TEMPLATE }, locations: at('chart.yaml', TEMPLATE_RANGE) }] }]);
    const clean = JSON.parse(runCli(dir, ['lint', '--format', 'sarif', 'clean.yaml']).stdout) as { runs: { invocations: unknown }[] };
    deepStrictEqual(clean.runs[0]!.invocations, [{ executionSuccessful: true, toolExecutionNotifications: [] }]);
  });

  it('--format github: ::error and ::notice commands with file and, where there is one, the place; before the findings', () => {
    const result = runCli(dir, ['lint', '--format', 'github', ...ALL]);
    const place = (r: typeof SYNTAX_RANGE): string => `line=${r.startLine},col=${r.startColumn},endLine=${r.endLine},endColumn=${r.endColumn}`;
    strictEqual(
      result.stdout,
      [
        '::notice file=bins/bin.yaml,title=kube-lb-reach(input)::skipped: binary content (NUL bytes)',
        '::error file=nope.yaml,title=kube-lb-reach(input)::no such file or folder',
        `::error file=broken.yaml,${place(SYNTAX_RANGE)},title=kube-lb-reach(not-analysed)::${SYNTAX}`,
        `::notice file=chart.yaml,${place(TEMPLATE_RANGE)},title=kube-lb-reach(not-analysed)::${TEMPLATE}`,
        `::notice file=many.yaml,title=kube-lb-reach(not-analysed)::${TOO_MANY}`,
        `::notice file=broken.yaml,line=7,col=63,endLine=7,endColumn=76,title=kube-lb-reach(${LONE_RULE})::${LONE_INFO(CLB, '80/TCP')}`,
        '',
      ].join('\n'),
    );
    strictEqual(result.code, 2);
  });

  it('explain FILE: a syntax error and a template are named on stderr with their place and reason', () => {
    const broken = runCli(dir, ['explain', 'broken.yaml']);
    deepStrictEqual(stderrLines(broken), [`kube-lb-reach: broken.yaml:18:18: ${SYNTAX}`]);
    strictEqual(broken.stdout.split('\n')[0], 'default/web-http: kube-proxy ipvs, externalTrafficPolicy Cluster');
    strictEqual(broken.code, 0);
    deepStrictEqual(runCli(dir, ['explain', 'chart.yaml']), {
      code: 0,
      stdout: '',
      stderr: `kube-lb-reach: chart.yaml:${TEMPLATE_RANGE.startLine}:1: ${TEMPLATE}\nkube-lb-reach: chart.yaml: no LoadBalancer or NodePort Service to explain\n`,
    });
  });
});
