import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, realpathSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { service, spanOf, spanWithin } from '../helpers/workspace';
import {
  CLB,
  CLI,
  DOCS_RULES,
  HTTP_TEXT,
  HTTP_WARNING,
  HTTPS_TEXT,
  HTTPS_WARNING,
  listDir,
  LOCAL_INFO,
  LONE_INFO,
  makeDir,
  removeDir,
  runCli,
  SEED_FILES,
  SEED_TEXT_LINES,
} from './run';
import { RULES } from '../../server/src/core';

const RULE = 'reused-clb-other-listener-refused';
const LONE_RULE = 'reused-clb-listeners-unknown';
/** Every registered rule, in the registry's order: the outputs list them so. */
const RULE_IDS = RULES.map((rule) => rule.id);
const VERSION = (JSON.parse(readFileSync(path.resolve(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { version: string }).version;

/** The OASIS SARIF 2.1.0 schema (draft-07 copy from oasis-tcs/sarif-spec), shipped as test data. */
function sarifValidator(): ValidateFunction {
  const schema = JSON.parse(readFileSync(path.resolve(__dirname, '..', '..', '..', 'test', 'data', 'sarif-schema-2.1.0.json'), 'utf8')) as object;
  // unicodeRegExp: false because the schema's language pattern `^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$`
  // is not a valid regular expression with the `u` flag Ajv uses by default.
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

function schemaErrors(validate: ValidateFunction, data: unknown): string[] {
  return validate(data) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}

describe('kube-lb-reach lint: machine formats', { timeout: 60_000 }, () => {
  let dir: string;
  before(() => {
    dir = makeDir(SEED_FILES);
  });
  after(() => { removeDir(dir); });

  it('--format json: the stable report, field by field', () => {
    const result = runCli(dir, ['lint', '--format', 'json', '--kubernetes-version', 'v1.25.3', 'http.yaml', 'https.yaml']);
    strictEqual(result.stderr, '');
    strictEqual(result.code, 1);
    strictEqual(result.stdout.endsWith('}\n'), true);
    const report = JSON.parse(result.stdout) as Record<string, unknown>;
    deepStrictEqual(Object.keys(report), ['schemaVersion', 'tool', 'settings', 'clusters', 'files', 'problems', 'findings', 'summary']);
    strictEqual(report['schemaVersion'], 1);
    deepStrictEqual(report['tool'], { name: 'kube-lb-reach', version: VERSION });
    deepStrictEqual(report['settings'], { kubernetesVersion: '1.25.3', proxyMode: 'ipvs' });
    // Each cluster with its settings in effect: the flag stands over the config file for both.
    deepStrictEqual(report['clusters'], [
      { name: 'blue', configFile: '.kube-lb-reach.yaml', settings: { kubernetesVersion: '1.25.3', proxyMode: 'ipvs' }, files: ['http.yaml'] },
      { name: 'green', configFile: '.kube-lb-reach.yaml', settings: { kubernetesVersion: '1.25.3', proxyMode: 'ipvs' }, files: ['https.yaml'] },
    ]);
    deepStrictEqual(report['files'], ['http.yaml', 'https.yaml']);
    deepStrictEqual(report['problems'], []);
    deepStrictEqual(report['summary'], { error: 0, warning: 2, information: 1, hint: 0 });

    const findings = report['findings'] as Record<string, unknown>[];
    strictEqual(findings.length, 3);
    deepStrictEqual(findings[0], {
      file: 'http.yaml',
      ruleId: RULE,
      severity: 'warning',
      message: HTTP_WARNING(25),
      range: { startLine: 7, startColumn: 63, endLine: 7, endColumn: 76 },
      offsets: spanOf(HTTP_TEXT, `"${CLB}"`),
      related: [
        {
          file: 'https.yaml',
          range: { startLine: 14, startColumn: 13, endLine: 14, endColumn: 16 },
          message: `443/TCP on CLB ${CLB}, declared by Service default/web-https of cluster green`,
        },
      ],
      fixable: false,
    });
    deepStrictEqual(findings[1], {
      file: 'https.yaml',
      ruleId: RULE,
      severity: 'warning',
      message: HTTPS_WARNING(25),
      range: { startLine: 7, startColumn: 63, endLine: 7, endColumn: 76 },
      offsets: spanOf(HTTPS_TEXT, `"${CLB}"`),
      related: [
        {
          file: 'http.yaml',
          range: { startLine: 13, startColumn: 13, endLine: 13, endColumn: 15 },
          message: `80/TCP on CLB ${CLB}, declared by Service default/web-http of cluster blue`,
        },
      ],
      fixable: false,
    });
    deepStrictEqual(findings[2], {
      file: 'https.yaml',
      ruleId: 'local-policy-in-cluster-reach',
      severity: 'information',
      message: LOCAL_INFO('1.25.3'),
      range: { startLine: 10, startColumn: 26, endLine: 10, endColumn: 31 },
      offsets: spanWithin(HTTPS_TEXT, 'externalTrafficPolicy: Local', 'Local'),
      related: [],
      fixable: false,
    });
    // The offsets are 0-based and end-exclusive over the same text the 1-based range describes.
    strictEqual(HTTP_TEXT.split('\n')[6]!.slice(62, 75), `"${CLB}"`);
  });

  it('--format json: unreadable inputs are listed as problems, errors flagged', () => {
    const bin = makeDir({ 'http.yaml': HTTP_TEXT, 'bin.yaml': Buffer.from('kind: Service\n\0\0') });
    try {
      const result = runCli(bin, ['lint', '--format', 'json', 'nope.yaml', 'bin.yaml', 'http.yaml']);
      strictEqual(result.code, 2);
      const report = JSON.parse(result.stdout) as Record<string, unknown>;
      deepStrictEqual(report['problems'], [
        { file: 'nope.yaml', message: 'no such file or folder', error: true, kind: 'input', level: 'error' },
        { file: 'bin.yaml', message: 'skipped: binary content (NUL bytes)', error: true, kind: 'input', level: 'error' },
      ]);
      deepStrictEqual(report['files'], ['http.yaml']);
      deepStrictEqual(
        (report['findings'] as { severity: string; message: string }[]).map((f) => [f.severity, f.message]),
        [['information', LONE_INFO(CLB, '80/TCP')]],
      );
      deepStrictEqual(report['summary'], { error: 0, warning: 0, information: 1, hint: 0 });
    } finally {
      removeDir(bin);
    }
  });

  it('--format sarif: valid against the SARIF 2.1.0 schema, with regions, rule ids and indexes, levels, rules and related locations', () => {
    const result = runCli(dir, ['lint', '--format', 'sarif', 'http.yaml', 'https.yaml']);
    strictEqual(result.stderr, '');
    strictEqual(result.code, 1);
    const sarif = JSON.parse(result.stdout) as SarifLog;
    const validate = sarifValidator();
    deepStrictEqual(schemaErrors(validate, sarif), []);

    strictEqual(sarif.version, '2.1.0');
    strictEqual(sarif.runs.length, 1);
    const run = sarif.runs[0]!;
    strictEqual(run.tool.driver.name, 'kube-lb-reach');
    strictEqual(run.tool.driver.version, VERSION);
    deepStrictEqual(run.originalUriBaseIds, { '%SRCROOT%': { uri: `${pathToFileURL(realpathSync(dir)).href}/` } });
    // SARIF has no field for the analysis settings: the run's property bag has each cluster's.
    deepStrictEqual(run.properties, {
      clusters: [
        { name: 'blue', configFile: '.kube-lb-reach.yaml', settings: { kubernetesVersion: '1.34', proxyMode: 'ipvs' }, files: ['http.yaml'] },
        { name: 'green', configFile: '.kube-lb-reach.yaml', settings: { kubernetesVersion: '1.34', proxyMode: 'ipvs' }, files: ['https.yaml'] },
      ],
    });

    const rules = run.tool.driver.rules;
    deepStrictEqual(rules.map((r) => r.id), RULE_IDS);
    const sarifLevel = { error: 'error', warning: 'warning', information: 'note', hint: 'note' } as const;
    deepStrictEqual(rules.map((r) => r.defaultConfiguration.level), RULES.map((rule) => sarifLevel[rule.meta.defaultSeverity]));
    for (const rule of rules) {
      strictEqual(rule.name, rule.id);
      strictEqual(rule.shortDescription.text.length > 20, true, rule.id);
      // The page itself travels in the log; no link to a path on the machine that ran the lint.
      deepStrictEqual(rule.help, {
        text: `${rule.shortDescription.text} Documentation: docs/rules/${rule.id}.md in the kube-lb-reach package.`,
        markdown: readFileSync(path.join(DOCS_RULES, `${rule.id}.md`), 'utf8'),
      });
      strictEqual('helpUri' in rule, false, rule.id);
    }
    // The only file:// URI left is %SRCROOT%, the folder the paths are relative to.
    strictEqual(result.stdout.split('file://').length - 1, 1);

    const at = (uri: string, startLine: number, startColumn: number, endLine: number, endColumn: number) => ({
      artifactLocation: { uri, uriBaseId: '%SRCROOT%' },
      region: { startLine, startColumn, endLine, endColumn },
    });
    deepStrictEqual(run.results, [
      {
        ruleId: RULE,
        ruleIndex: 0,
        level: 'warning',
        message: { text: HTTP_WARNING() },
        locations: [{ physicalLocation: at('http.yaml', 7, 63, 7, 76) }],
        relatedLocations: [{ id: 0, message: { text: `443/TCP on CLB ${CLB}, declared by Service default/web-https of cluster green` }, physicalLocation: at('https.yaml', 14, 13, 14, 16) }],
      },
      {
        ruleId: RULE,
        ruleIndex: 0,
        level: 'warning',
        message: { text: HTTPS_WARNING() },
        locations: [{ physicalLocation: at('https.yaml', 7, 63, 7, 76) }],
        relatedLocations: [{ id: 0, message: { text: `80/TCP on CLB ${CLB}, declared by Service default/web-http of cluster blue` }, physicalLocation: at('http.yaml', 13, 13, 13, 15) }],
      },
      {
        ruleId: 'local-policy-in-cluster-reach',
        ruleIndex: RULE_IDS.indexOf('local-policy-in-cluster-reach'),
        level: 'note',
        message: { text: LOCAL_INFO() },
        locations: [{ physicalLocation: at('https.yaml', 10, 26, 10, 31) }],
        relatedLocations: [],
      },
    ]);
    for (const r of run.results) strictEqual(rules[r.ruleIndex]!.id, r.ruleId);
  });

  it('--format sarif from a bundle copied without the docs: help has the text alone, the run still succeeds', () => {
    const alone = makeDir({ ...SEED_FILES, 'dist/cli.js': readFileSync(CLI) });
    try {
      const result = spawnSync(process.execPath, [path.join(alone, 'dist', 'cli.js'), 'lint', '--format', 'sarif', 'http.yaml', 'https.yaml'], { cwd: alone, encoding: 'utf8', timeout: 20_000 });
      strictEqual(result.stderr, '');
      strictEqual(result.status, 1);
      const sarif = JSON.parse(result.stdout) as SarifLog;
      deepStrictEqual(schemaErrors(sarifValidator(), sarif), []);
      deepStrictEqual(
        sarif.runs[0]!.tool.driver.rules.map((r) => r.help),
        sarif.runs[0]!.tool.driver.rules.map((r) => ({ text: `${r.shortDescription.text} Documentation: docs/rules/${r.id}.md in the kube-lb-reach package.` })),
      );
    } finally {
      removeDir(alone);
    }
  });

  it('the SARIF validator is not vacuous: it rejects a level, a region and a missing field SARIF forbids', () => {
    const sarif = JSON.parse(runCli(dir, ['lint', '--format', 'sarif', 'http.yaml', 'https.yaml']).stdout) as SarifLog;
    const validate = sarifValidator();
    const broken = structuredClone(sarif);
    broken.runs[0]!.results[0]!.level = 'warn';
    broken.runs[0]!.results[0]!.locations[0]!.physicalLocation.region.startLine = 0;
    delete (broken.runs[0]!.tool.driver as { name?: string }).name;
    deepStrictEqual(schemaErrors(validate, broken).sort(), [
      '/runs/0/results/0/level must be equal to one of the allowed values',
      '/runs/0/results/0/locations/0/physicalLocation/region/startLine must be >= 1',
      "/runs/0/tool/driver must have required property 'name'",
    ]);
  });

  it('--format sarif: artifact URIs are percent-encoded relative references, folders joined with /; error level for conflicts', () => {
    const odd = makeDir({
      'a,b:50% x.yaml': service({ name: 'a', clbId: 'lb-c', ports: [80] }),
      'sub dir/b.yaml': service({ name: 'b', clbId: 'lb-c', ports: [80] }),
    });
    try {
      const result = runCli(odd, ['lint', '--format', 'sarif', 'a,b:50% x.yaml', 'sub dir']);
      const sarif = JSON.parse(result.stdout) as SarifLog;
      deepStrictEqual(schemaErrors(sarifValidator(), sarif), []);
      deepStrictEqual(
        sarif.runs[0]!.results.map((r) => [r.ruleId, r.ruleIndex, r.level, r.locations[0]!.physicalLocation.artifactLocation.uri, r.relatedLocations.map((l) => l.physicalLocation.artifactLocation.uri)]),
        [
          [LONE_RULE, 1, 'note', 'a%2Cb%3A50%25%20x.yaml', []],
          ['reused-clb-port-conflict', 3, 'error', 'a%2Cb%3A50%25%20x.yaml', ['sub%20dir/b.yaml']],
          [LONE_RULE, 1, 'note', 'sub%20dir/b.yaml', []],
          ['reused-clb-port-conflict', 3, 'error', 'sub%20dir/b.yaml', ['a%2Cb%3A50%25%20x.yaml']],
        ],
      );
      strictEqual(result.code, 1);
    } finally {
      removeDir(odd);
    }
  });

  it('--format github: one workflow command per finding, exact', () => {
    const result = runCli(dir, ['lint', '--format', 'github', 'http.yaml', 'https.yaml']);
    strictEqual(
      result.stdout,
      [
        `::warning file=http.yaml,line=7,col=63,endLine=7,endColumn=76,title=kube-lb-reach(${RULE})::${HTTP_WARNING()}`,
        `::warning file=https.yaml,line=7,col=63,endLine=7,endColumn=76,title=kube-lb-reach(${RULE})::${HTTPS_WARNING()}`,
        `::notice file=https.yaml,line=10,col=26,endLine=10,endColumn=31,title=kube-lb-reach(local-policy-in-cluster-reach)::${LOCAL_INFO()}`,
        '',
      ].join('\n'),
    );
    strictEqual(result.stderr, '');
    strictEqual(result.code, 1);
    // Under iptables nothing is bound: no warning, only the loopback of the other listeners through the real CLB.
    const iptables = runCli(dir, ['lint', '--format', 'github', '--proxy-mode', 'iptables', 'http.yaml']).stdout.split('\n');
    deepStrictEqual(iptables.map((line) => line.split('::')[1] ?? line), ['notice file=http.yaml,line=7,col=63,endLine=7,endColumn=76,title=kube-lb-reach(lb-layer4-loopback)', '']);
  });

  it('--format github: escapes % CR LF in the message, and also , : in the file property; ::error for errors', () => {
    // In YAML double quotes \r and \n are escapes: the CLB id (and so the message) holds a real CR LF.
    const odd = makeDir({
      'a,b:50%.yaml': service({ name: 'w', clbId: 'lb-5%\\r\\nx', ports: [80] }),
      'c1.yaml': service({ name: 'c1', clbId: 'lb-c', ports: [80] }),
      'c2.yaml': service({ name: 'c2', clbId: 'lb-c', ports: [80] }),
    });
    try {
      const result = runCli(odd, ['lint', '--format', 'github', 'a,b:50%.yaml', 'c1.yaml', 'c2.yaml']);
      const conflict = (other: string) => `Listener 80/TCP of CLB lb-c is also declared by Service default/${other}: Services that reuse one CLB must not share a frontend port.`;
      strictEqual(
        result.stdout,
        [
          `::notice file=a%2Cb%3A50%25.yaml,line=7,col=63,endLine=7,endColumn=75,title=kube-lb-reach(${LONE_RULE})::${LONE_INFO('lb-5%25\\r\\nx', '80/TCP')}`,
          `::notice file=c1.yaml,line=7,col=63,endLine=7,endColumn=69,title=kube-lb-reach(${LONE_RULE})::${LONE_INFO('lb-c', '80/TCP')}`,
          `::error file=c1.yaml,line=13,col=13,endLine=13,endColumn=15,title=kube-lb-reach(reused-clb-port-conflict)::${conflict('c2')}`,
          `::notice file=c2.yaml,line=7,col=63,endLine=7,endColumn=69,title=kube-lb-reach(${LONE_RULE})::${LONE_INFO('lb-c', '80/TCP')}`,
          `::error file=c2.yaml,line=13,col=13,endLine=13,endColumn=15,title=kube-lb-reach(reused-clb-port-conflict)::${conflict('c1')}`,
          '',
        ].join('\n'),
      );
      strictEqual(result.code, 1);
    } finally {
      removeDir(odd);
    }
  });

  it('--output FILE writes the report there and nothing to standard output; the exit code is unchanged', () => {
    const out = makeDir(SEED_FILES);
    try {
      const json = runCli(out, ['lint', '--format', 'json', '--output', 'report.json', 'http.yaml', 'https.yaml']);
      deepStrictEqual(json, { code: 1, stdout: '', stderr: '' });
      strictEqual(readFileSync(path.join(out, 'report.json'), 'utf8'), runCli(out, ['lint', '--format', 'json', 'http.yaml', 'https.yaml']).stdout);

      const text = runCli(out, ['lint', '-o', 'report.txt', 'http.yaml', 'https.yaml']);
      deepStrictEqual(text, { code: 1, stdout: '', stderr: '' });
      strictEqual(readFileSync(path.join(out, 'report.txt'), 'utf8'), `${SEED_TEXT_LINES().join('\n')}\n`);
      deepStrictEqual(listDir(out), ['.kube-lb-reach.yaml', 'http.yaml', 'https.yaml', 'report.json', 'report.txt']);

      const unwritable = runCli(out, ['lint', '--output', path.join('no-such-folder', 'r.txt'), 'http.yaml']);
      strictEqual(unwritable.code, 2);
      strictEqual(unwritable.stdout, '');
      strictEqual(unwritable.stderr.startsWith('kube-lb-reach: ENOENT'), true, unwritable.stderr);
    } finally {
      removeDir(out);
    }
  });
});

interface SarifLocation {
  physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: { startLine: number; startColumn: number; endLine: number; endColumn: number } };
}
interface SarifLog {
  version: string;
  runs: {
    tool: {
      driver: {
        name: string;
        version: string;
        rules: { id: string; name: string; shortDescription: { text: string }; help: { text: string; markdown?: string }; helpUri?: string; defaultConfiguration: { level: string } }[];
      };
    };
    originalUriBaseIds: Record<string, { uri: string }>;
    properties?: Record<string, unknown>;
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: SarifLocation[];
      relatedLocations: (SarifLocation & { id: number; message: { text: string } })[];
    }[];
  }[];
}
