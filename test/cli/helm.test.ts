import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { listDir, LONE_INFO, makeDir, messageOf, removeDir, runCli, stderrLines } from './run';
import { service } from '../helpers/workspace';
import { CHART_FILES, CHART_PLAIN, CHART_TEMPLATE, CHART_VALUES } from '../helpers/chartFixture';

/** The chart and its `helm template` output, as test/data/helm/README.md says they were written. */
const DATA = path.resolve(__dirname, '..', '..', '..', 'test', 'data', 'helm');
const RENDERED = readFileSync(path.join(DATA, 'rendered.yaml'), 'utf8');
const CLB = 'lb-2zeshared';
const UNKNOWN_KEY = 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-healthcheck-flagg';

const conflict = (other: string): string => messageOf('reused-clb-port-conflict', 'conflict', { listener: '9100/TCP', lb: 'CLB', lbId: CLB, services: other });
const lone = LONE_INFO(CLB, '9100/TCP');

describe('lint - --helm-chart DIR: helm template output shown on its templates', { timeout: 60_000 }, () => {
  let dir: string;
  before(() => {
    dir = makeDir();
    cpSync(path.join(DATA, 'web'), path.join(dir, 'web'), { recursive: true });
  });
  after(() => { removeDir(dir); });

  it('each finding on the template its "# Source:" names (a subchart under charts/), at the same field, with the chart and the rendered line', () => {
    const result = runCli(dir, ['lint', '-', '--helm-chart', 'web', '--max-severity', 'information'], RENDERED);
    const cache = path.join('web', 'charts', 'cache', 'templates', 'service.yaml');
    const web = path.join('web', 'templates', 'service.yaml');
    deepStrictEqual(result.stdout.split('\n'), [
      // The CLB id: rendered line 8, the subchart template's line 6 (`{{ .Values.clb }}`).
      `${cache}:6:63 information reused-clb-listeners-unknown ${lone} (as rendered from web, line 8)`,
      `${cache}:11:13 error reused-clb-port-conflict ${conflict('default/my-release-web')} (as rendered from web, line 13)`,
      `${web}:8:63 information reused-clb-listeners-unknown ${lone} (as rendered from web, line 29)`,
      // Rendered line 35 is the template's line 19: the `if` block and the includes moved the lines, not the path.
      `${web}:19:13 error reused-clb-port-conflict ${conflict('default/my-release-cache')} (as rendered from web, line 35)`,
      // Written by `toYaml` from values.yaml: the template's literal text has no such key, so its first line.
      `${web}:1:1 warning clb-annotation-unknown ${messageOf('clb-annotation-unknown', 'didYouMean', { controller: 'The CCM', key: UNKNOWN_KEY, nearest: 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-health-check-flag' })} (as rendered from web, line 30)`,
      '5 findings in 1 file',
      '',
    ]);
    strictEqual(result.code, 1);
    deepStrictEqual(stderrLines(result), []);
  });

  it('JSON: file, range and offsets of the template, `renderedFrom` the chart and `rendered` the place in standard input', () => {
    const result = runCli(dir, ['lint', '-', '--helm-chart', 'web', '--format', 'json'], RENDERED);
    const report = JSON.parse(result.stdout) as { findings: { file: string; ruleId: string; range: unknown; offsets: unknown; renderedFrom?: string; rendered?: unknown; related: unknown }[] };
    const conflicts = report.findings.filter((f) => f.ruleId === 'reused-clb-port-conflict');
    const template = readFileSync(path.join(dir, 'web', 'templates', 'service.yaml'), 'utf8');
    const action = template.indexOf('{{ .Values.service.port }}');
    deepStrictEqual(conflicts[1], {
      ...conflicts[1],
      // The other Service's port, in the rendered text too, is shown on its template (the subchart's).
      related: [{ file: path.join('web', 'charts', 'cache', 'templates', 'service.yaml'), range: { startLine: 11, startColumn: 13, endLine: 11, endColumn: 31 }, message: '9100/TCP declared again by Service default/my-release-cache' }],
      file: path.join('web', 'templates', 'service.yaml'),
      range: { startLine: 19, startColumn: 13, endLine: 19, endColumn: 13 + '{{ .Values.service.port }}'.length },
      offsets: { start: action, end: action + '{{ .Values.service.port }}'.length },
      renderedFrom: 'web',
      rendered: { line: 35, column: 13 },
    });
  });

  it('SARIF and GitHub: the location is the template, the rendered line goes along', () => {
    const sarif = JSON.parse(runCli(dir, ['lint', '-', '--helm-chart', 'web', '--format', 'sarif'], RENDERED).stdout) as {
      runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[]; properties?: unknown }[] }[];
    };
    const conflict = sarif.runs[0]!.results.filter((r) => r.ruleId === 'reused-clb-port-conflict')[1]!;
    deepStrictEqual(
      { location: conflict.locations[0]?.physicalLocation.artifactLocation.uri, line: conflict.locations[0]?.physicalLocation.region.startLine, properties: conflict.properties },
      { location: 'web/templates/service.yaml', line: 19, properties: { renderedFrom: 'web', rendered: { startLine: 35, startColumn: 13, endLine: 35, endColumn: 17 } } },
    );
    const github = runCli(dir, ['lint', '-', '--helm-chart', 'web', '--format', 'github'], RENDERED).stdout.split('\n');
    deepStrictEqual(
      github.filter((l) => l.includes('reused-clb-port-conflict')).map((l) => l.slice(0, l.indexOf(',title='))),
      [`::error file=${path.join('web', 'charts', 'cache', 'templates', 'service.yaml')},line=11,col=13,endLine=11,endColumn=31`, `::error file=${path.join('web', 'templates', 'service.yaml')},line=19,col=13,endLine=19,endColumn=39`],
    );
    strictEqual(github.filter((l) => l.endsWith('(as rendered from web, line 35)')).length, 1);
  });

  it('a related location on standard input from a plain file is shown on its template too', () => {
    const plain = makeDir({ 'plain.yaml': service({ name: 'exporter', clbId: CLB, ports: [9100] }) });
    try {
      cpSync(path.join(DATA, 'web'), path.join(plain, 'web'), { recursive: true });
      const result = runCli(plain, ['lint', '-', 'plain.yaml', '--helm-chart', 'web', '--format', 'json'], RENDERED);
      const report = JSON.parse(result.stdout) as { findings: { file: string; ruleId: string; renderedFrom?: string; related: { file: string; range: { startLine: number } }[] }[] };
      const own = report.findings.find((f) => f.file === 'plain.yaml' && f.ruleId === 'reused-clb-port-conflict');
      strictEqual(own?.renderedFrom, undefined);
      deepStrictEqual(
        own?.related.map((r) => [r.file, r.range.startLine]),
        [[path.join('web', 'charts', 'cache', 'templates', 'service.yaml'), 11], [path.join('web', 'templates', 'service.yaml'), 19]],
      );
    } finally {
      removeDir(plain);
    }
  });

  it("SARIF: a directive comment Helm copied is located where it stands in the template, not on the template's first line", () => {
    const directive = '# kube-lb-reach-disable-next-line reused-clb-port-conflict -- moves to 9200 in the next release';
    const withDirective = makeDir();
    try {
      cpSync(path.join(DATA, 'web'), path.join(withDirective, 'web'), { recursive: true });
      const templateFile = path.join(withDirective, 'web', 'templates', 'service.yaml');
      writeFileSync(templateFile, readFileSync(templateFile, 'utf8').replace('      port: {{ .Values.service.port }}', `      ${directive}\n      port: {{ .Values.service.port }}`));
      const rendered = RENDERED.replace('    - name: http\n      port: 9100', `    - name: http\n      ${directive}\n      port: 9100`);
      const sarif = JSON.parse(runCli(withDirective, ['lint', '-', '--helm-chart', 'web', '--format', 'sarif'], rendered).stdout) as {
        runs: { results: { ruleId: string; locations: { physicalLocation: { region: { startLine: number } } }[]; suppressions?: { location: { physicalLocation: { artifactLocation: { uri: string }; region: unknown } } }[] }[] }[];
      };
      const silenced = sarif.runs[0]!.results.filter((r) => r.suppressions !== undefined);
      deepStrictEqual(
        silenced.map((r) => [r.ruleId, r.locations[0]?.physicalLocation.region.startLine, r.suppressions?.[0]?.location.physicalLocation]),
        [['reused-clb-port-conflict', 20, { artifactLocation: { uri: 'web/templates/service.yaml', uriBaseId: '%SRCROOT%' }, region: { startLine: 19, startColumn: 7, endLine: 19, endColumn: 7 + directive.length } }]],
      );
    } finally {
      removeDir(withDirective);
    }
  });

  it('without --helm-chart the same input is reported on standard input, as before', () => {
    const result = runCli(dir, ['lint', '-'], RENDERED);
    deepStrictEqual(result.stdout.split('\n').filter((l) => l.includes('reused-clb-port-conflict')).map((l) => l.slice(0, l.indexOf(' '))), ['-:13:13', '-:35:13']);
  });

  it('a Source that names no file of DIR, or climbs out of it, leaves its findings on standard input (said once per missing template)', () => {
    const renamed = RENDERED.replace('# Source: web/templates/service.yaml', '# Source: web/templates/gone.yaml').replace('# Source: web/charts/cache/templates/service.yaml', '# Source: web/../../etc/service.yaml');
    const result = runCli(dir, ['lint', '-', '--helm-chart', 'web'], renamed);
    deepStrictEqual(result.stdout.split('\n').map((l) => l.slice(0, l.indexOf(' '))), ['-:8:63', '-:13:13', '-:29:63', '-:35:13', '-:30:5', '5', '']);
    deepStrictEqual(stderrLines(result), [`kube-lb-reach: ${path.join('web', 'templates', 'gone.yaml')}: # Source: web/templates/gone.yaml not read (file not found): its findings stay on standard input`]);
  });

  it('--fix writes nothing for standard input, and no template either', () => {
    const before = listDir(dir).map((f) => [f, f.endsWith('.yaml') ? readFileSync(path.join(dir, f), 'utf8') : '']);
    const result = runCli(dir, ['lint', '-', '--helm-chart', 'web', '--fix', '--hostname-template', '{name}.example.com'], RENDERED);
    strictEqual(result.code, 1);
    deepStrictEqual(listDir(dir).map((f) => [f, f.endsWith('.yaml') ? readFileSync(path.join(dir, f), 'utf8') : '']), before);
    strictEqual(result.stdout.endsWith('5 findings in 1 file\n'), true);
  });

  it('--helm-chart without - among the paths, or naming no chart folder, is a usage error (exit 2)', () => {
    const noStdin = runCli(dir, ['lint', path.join('web', 'templates'), '--helm-chart', 'web']);
    strictEqual(noStdin.code, 2);
    deepStrictEqual(stderrLines(noStdin), [
      'kube-lb-reach: --helm-chart web reads the "# Source:" comments of helm template output on standard input: give - as a path (helm template my-release web | kube-lb-reach lint - --helm-chart web)',
      "Run 'kube-lb-reach --help' for usage.",
    ]);
    strictEqual(noStdin.stdout, '');
    const noChart = runCli(dir, ['lint', '-', '--helm-chart', path.join('web', 'templates')], RENDERED);
    strictEqual(noChart.code, 2);
    deepStrictEqual(stderrLines(noChart)[0], `kube-lb-reach: --helm-chart ${path.join('web', 'templates')}: no Chart.yaml there, so it is not a chart folder`);
  });
});

describe("lint of a chart's templates from disk: the chart's values.yaml gives the defaults", { timeout: 60_000 }, () => {
  const [template, values, plain] = [CHART_TEMPLATE, CHART_VALUES, CHART_PLAIN];
  let dir: string;
  before(() => {
    dir = makeDir({ ...CHART_FILES });
  });
  after(() => { removeDir(dir); });

  it('a template with `{{ .Values.service.port }}` conflicts with a plain Service, the related location pointing at the value in values.yaml', () => {
    const result = runCli(dir, ['lint', 'web/templates/service.yaml', 'plain.yaml', '--format', 'json']);
    const report = JSON.parse(result.stdout) as { findings: { file: string; ruleId: string; range: unknown; related: unknown[] }[] };
    const own = report.findings.find((f) => f.file === path.join('web', 'templates', 'service.yaml') && f.ruleId === 'reused-clb-port-conflict');
    deepStrictEqual(own?.range, { startLine: 11, startColumn: 13, endLine: 11, endColumn: 39 });
    deepStrictEqual(own.related.slice(1), [{ file: path.join('web', 'values.yaml'), range: { startLine: 3, startColumn: 9, endLine: 3, endColumn: 13 }, message: "with the chart's default values: .Values.service.port is 9100 in values.yaml" }]);
    strictEqual(report.findings.filter((f) => f.file === 'plain.yaml' && f.ruleId === 'reused-clb-port-conflict').length, 1);
  });

  it("explain reads the template with the chart's defaults too: the Service is modelled, not \"not known without rendering it\"", () => {
    const result = runCli(dir, ['explain', 'web/templates/service.yaml']);
    strictEqual(result.stdout.split('\n')[0], 'ops/{{ include "web.fullname" . }} (in chart web, template service.yaml): kube-proxy ipvs, externalTrafficPolicy Cluster');
    deepStrictEqual(stderrLines(result), []);
    strictEqual(result.code, 0);
  });

  it('without Chart.yaml the folder is no chart: the template is read without defaults, and the port stays unknown', () => {
    const bare = makeDir({ 'web/values.yaml': values, 'web/templates/service.yaml': template, 'plain.yaml': plain });
    try {
      const result = runCli(bare, ['lint', 'web/templates/service.yaml', 'plain.yaml', '--format', 'json']);
      const report = JSON.parse(result.stdout) as { findings: { ruleId: string }[] };
      deepStrictEqual(report.findings.filter((f) => f.ruleId === 'reused-clb-port-conflict'), []);
      const explained = runCli(bare, ['explain', 'web/templates/service.yaml']);
      strictEqual(stderrLines(explained).some((l) => l.endsWith('written by template actions, so its reachability is not known without rendering it')), true, explained.stderr);
    } finally {
      removeDir(bare);
    }
  });
});
