import { deepStrictEqual, match, strictEqual } from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { HELP } from '../../server/src/cli/args';
import { service } from '../helpers/workspace';
import {
  CLB,
  HTTP_TEXT,
  HTTP_WARNING,
  HTTPS_TEXT,
  HTTPS_WARNING,
  LOCAL_INFO,
  LONE_INFO,
  makeDir,
  refusedMessage,
  removeDir,
  runCli,
  SEED_CONFIG,
  SEED_FILES,
  SEED_TEXT_LINES,
  stderrLines,
} from './run';

const RULE = 'reused-clb-other-listener-refused';
const LONE_RULE = 'reused-clb-listeners-unknown';
const USAGE_HINT = "Run 'kube-lb-reach --help' for usage.";
const lines = (...l: string[]): string => `${l.join('\n')}\n`;

describe('kube-lb-reach lint: text format', { timeout: 60_000 }, () => {
  let dir: string;
  before(() => {
    dir = makeDir(SEED_FILES);
  });
  after(() => { removeDir(dir); });

  it('prints one `file:line:col severity code message` line per finding and the summary, without colour on a pipe', () => {
    const result = runCli(dir, ['lint', 'http.yaml', 'https.yaml']);
    strictEqual(result.stdout, lines(...SEED_TEXT_LINES()));
    strictEqual(result.stdout.includes('\x1b'), false);
    strictEqual(result.stderr, '');
    strictEqual(result.code, 1);
  });

  it('lints the working folder when no PATH is given', () => {
    const result = runCli(dir, ['lint']);
    strictEqual(result.stdout, lines(...SEED_TEXT_LINES()));
    strictEqual(result.code, 1);
  });

  it('walks folders: a folder\'s own files before its subfolders, paths relative to the working folder', () => {
    const nested = makeDir({ ...SEED_CONFIG, 'manifests/b/http.yaml': HTTP_TEXT, 'manifests/https.yml': HTTPS_TEXT, 'manifests/b/notes.txt': 'not yaml' });
    try {
      const result = runCli(nested, ['lint', 'manifests']);
      strictEqual(
        result.stdout,
        lines(
          `manifests/https.yml:7:63 warning ${RULE} ${HTTPS_WARNING()}`,
          `manifests/https.yml:10:26 information local-policy-in-cluster-reach ${LOCAL_INFO()}`,
          `manifests/b/http.yaml:7:63 warning ${RULE} ${HTTP_WARNING()}`,
          '3 findings in 2 files',
        ),
      );
      strictEqual(result.stderr, '');
      strictEqual(result.code, 1);
    } finally {
      removeDir(nested);
    }
  });

  it('--color forces ANSI colour on the severity only; --no-color wins over --color', () => {
    const coloured = runCli(dir, ['lint', '--color', 'http.yaml', 'https.yaml']);
    strictEqual(
      coloured.stdout,
      lines(
        `http.yaml:7:63 \x1b[33mwarning\x1b[0m ${RULE} ${HTTP_WARNING()}`,
        `https.yaml:7:63 \x1b[33mwarning\x1b[0m ${RULE} ${HTTPS_WARNING()}`,
        `https.yaml:10:26 \x1b[36minformation\x1b[0m local-policy-in-cluster-reach ${LOCAL_INFO()}`,
        '3 findings in 2 files',
      ),
    );
    strictEqual(coloured.code, 1);
    const plain = runCli(dir, ['lint', '--color', '--no-color', 'http.yaml', 'https.yaml']);
    strictEqual(plain.stdout, lines(...SEED_TEXT_LINES()));
  });

  it('the settings flags reach the rules: --kubernetes-version 1.25 adds the pre-1.26 sentence', () => {
    const result = runCli(dir, ['lint', '--kubernetes-version', '1.25', 'http.yaml', 'https.yaml']);
    strictEqual(result.stdout, lines(...SEED_TEXT_LINES(25)));
    strictEqual(result.code, 1);
  });

  it('--proxy-mode iptables: nothing is bound, no warning; the other listeners loop back through the real CLB, Local NodePorts fail from inside', () => {
    const result = runCli(dir, ['lint', '--proxy-mode', 'iptables', 'http.yaml', 'https.yaml']);
    deepStrictEqual(
      result.stdout.split('\n').map((line) => line.split(' ').slice(0, 3).join(' ')),
      ['http.yaml:7:63 information lb-layer4-loopback', 'https.yaml:7:63 information lb-layer4-loopback', 'https.yaml:10:26 information local-policy-in-cluster-reach', '3 findings in', ''],
    );
    strictEqual(result.stderr, '');
    strictEqual(result.code, 0);
  });

  it('- reads standard input, shown as `-`, linted together with the files named beside it', () => {
    const result = runCli(dir, ['lint', '-', 'https.yaml'], HTTP_TEXT);
    // Standard input has no place, so no config file: it is in the run's own cluster, not in blue.
    strictEqual(
      result.stdout,
      lines(
        `-:7:63 warning ${RULE} ${HTTP_WARNING()}`,
        `https.yaml:7:63 warning ${RULE} ${refusedMessage(CLB, '443/TCP', '80/TCP (Service default/web-http of cluster default)')}`,
        `https.yaml:10:26 information local-policy-in-cluster-reach ${LOCAL_INFO()}`,
        '3 findings in 2 files',
      ),
    );
    strictEqual(result.code, 1);
    const alone = runCli(dir, ['lint', '-'], HTTP_TEXT);
    strictEqual(alone.stdout, lines(`-:7:63 information ${LONE_RULE} ${LONE_INFO(CLB, '80/TCP')}`, '1 finding in 1 file'));
    strictEqual(alone.stderr, '');
    strictEqual(alone.code, 0);
  });

  it('--known-listener lb-x=443/TCP turns the information on a single Service into the warning', () => {
    const single = makeDir({ 'x.yaml': service({ name: 'web', clbId: 'lb-x', ports: [80] }) });
    try {
      const withoutFlag = runCli(single, ['lint', 'x.yaml']);
      strictEqual(withoutFlag.stdout, lines(`x.yaml:7:63 information ${LONE_RULE} ${LONE_INFO('lb-x', '80/TCP')}`, '1 finding in 1 file'));
      strictEqual(withoutFlag.code, 0);

      const withFlag = runCli(single, ['lint', '--known-listener', 'lb-x=443/TCP', 'x.yaml']);
      strictEqual(withFlag.stdout, lines(`x.yaml:7:63 warning ${RULE} ${refusedMessage('lb-x', '80/TCP', '443/TCP (the knownListeners setting)')}`, '1 finding in 1 file'));
      strictEqual(withFlag.stderr, '');
      strictEqual(withFlag.code, 1);

      // Repeatable, comma lists, default protocol TCP, lower-case protocol; sorted by port.
      const several = runCli(single, ['lint', '--known-listener', 'lb-x=443/TCP,8443', '--known-listener', 'lb-x=53/udp', 'x.yaml']);
      const known = '53/UDP (the knownListeners setting), 443/TCP (the knownListeners setting), 8443/TCP (the knownListeners setting)';
      strictEqual(several.stdout, lines(`x.yaml:7:63 warning ${RULE} ${refusedMessage('lb-x', '80/TCP', known)}`, '1 finding in 1 file'));

      // A listener of another CLB changes nothing; the Service's own port alone is not "other", and
      // once the CLB's listeners are known, none is left unknown: nothing to say.
      strictEqual(runCli(single, ['lint', '--known-listener', 'lb-y=443/TCP', 'x.yaml']).stdout, withoutFlag.stdout);
      deepStrictEqual(runCli(single, ['lint', '--known-listener', 'lb-x=80/TCP', 'x.yaml']), { code: 0, stdout: '0 findings in 1 file\n', stderr: '' });
    } finally {
      removeDir(single);
    }
  });
});

describe('kube-lb-reach lint: exit codes', { timeout: 60_000 }, () => {
  let dir: string;
  before(() => {
    dir = makeDir({
      ...SEED_FILES,
      'clean.yaml': service({ name: 'plain', type: 'ClusterIP' }),
      'lone.yaml': service({ name: 'lone', clbId: 'lb-lone', ports: [80] }),
      'bin.yaml': Buffer.from([0x6b, 0x69, 0x6e, 0x64, 0x3a, 0x00, 0x01, 0x02, 0x0a]),
      'notes/readme.txt': 'no manifests here\n',
    });
    mkdirSync(path.join(dir, 'empty'));
  });
  after(() => { removeDir(dir); });

  it('0 for a file without findings', () => {
    const result = runCli(dir, ['lint', 'clean.yaml']);
    deepStrictEqual(result, { code: 0, stdout: '0 findings in 1 file\n', stderr: '' });
  });

  it('--max-severity: an information-only file exits 0 at warning (the default), 1 at information or hint', () => {
    const report = lines(`lone.yaml:7:63 information ${LONE_RULE} ${LONE_INFO('lb-lone', '80/TCP')}`, '1 finding in 1 file');
    deepStrictEqual(runCli(dir, ['lint', 'lone.yaml']), { code: 0, stdout: report, stderr: '' });
    deepStrictEqual(runCli(dir, ['lint', '--max-severity', 'warning', 'lone.yaml']), { code: 0, stdout: report, stderr: '' });
    deepStrictEqual(runCli(dir, ['lint', '--max-severity', 'information', 'lone.yaml']), { code: 1, stdout: report, stderr: '' });
    deepStrictEqual(runCli(dir, ['lint', '--max-severity', 'hint', 'lone.yaml']), { code: 1, stdout: report, stderr: '' });
  });

  it('--max-severity error: warnings alone exit 0', () => {
    const result = runCli(dir, ['lint', '--max-severity', 'error', 'http.yaml', 'https.yaml']);
    strictEqual(result.stdout, lines(...SEED_TEXT_LINES()));
    strictEqual(result.code, 0);
  });

  const usageErrors: [string, string[], string | RegExp][] = [
    ['an unknown option', ['lint', '--bogus', 'http.yaml'], /^kube-lb-reach: Unknown option '--bogus'/],
    ['an unknown command', ['frob', 'http.yaml'], 'kube-lb-reach: unknown command "frob" (expected lint or explain)'],
    ['a bad --proxy-mode', ['lint', '--proxy-mode', 'userspace', 'http.yaml'], /^kube-lb-reach: .*"userspace"/],
    ['a bad --kubernetes-version', ['lint', '--kubernetes-version', '2.0', 'http.yaml'], /^kube-lb-reach: .*"2\.0"/],
    ['a bad --ccm-version', ['lint', '--ccm-version', '2.3', 'http.yaml'], 'kube-lb-reach: --ccm-version expects MAJOR.MINOR.PATCH or vMAJOR.MINOR.PATCH, e.g. v2.14.0 (got "2.3")'],
    ['a --known-listener without =', ['lint', '--known-listener', 'lb-x', 'http.yaml'], 'kube-lb-reach: --known-listener expects lb-ID=PORT[/PROTOCOL][,PORT...] (got "lb-x")'],
    ['a --known-listener with a bad port', ['lint', '--known-listener', 'lb-x=https', 'http.yaml'], 'kube-lb-reach: --known-listener expects lb-ID=PORT[/PROTOCOL][,PORT...] (got "lb-x=https")'],
    ['a bad --format', ['lint', '--format', 'xml', 'http.yaml'], 'kube-lb-reach: --format must be one of text, json, sarif, github (got "xml")'],
    ['a bad --max-severity', ['lint', '--max-severity', 'fatal', 'http.yaml'], 'kube-lb-reach: --max-severity must be one of hint, information, warning, error (got "fatal")'],
  ];
  for (const [what, args, message] of usageErrors) {
    it(`2 for ${what}: one line on stderr and the usage hint, nothing linted`, () => {
      const result = runCli(dir, args);
      strictEqual(result.code, 2);
      strictEqual(result.stdout, '');
      const [first, ...rest] = stderrLines(result);
      if (typeof message === 'string') strictEqual(first, message);
      else match(first ?? '', message);
      deepStrictEqual(rest, [USAGE_HINT]);
    });
  }

  it('2 for a path that does not exist, and the other files are still linted', () => {
    const result = runCli(dir, ['lint', 'nope.yaml', 'http.yaml', 'https.yaml']);
    strictEqual(result.stdout, lines(...SEED_TEXT_LINES()));
    deepStrictEqual(stderrLines(result), ['kube-lb-reach: nope.yaml: no such file or folder']);
    strictEqual(result.code, 2);
    // Even when nothing else has findings.
    deepStrictEqual(runCli(dir, ['lint', 'clean.yaml', 'missing']), {
      code: 2,
      stdout: '0 findings in 1 file\n',
      stderr: 'kube-lb-reach: missing: no such file or folder\n',
    });
  });

  it('a binary .yaml named on the command line is an error (2); found in a folder, and folders without YAML, a notice', () => {
    const result = runCli(dir, ['lint', 'bin.yaml', 'empty', 'notes', 'http.yaml', 'https.yaml']);
    strictEqual(result.stdout, lines(...SEED_TEXT_LINES()));
    deepStrictEqual(stderrLines(result), [
      'kube-lb-reach: bin.yaml: skipped: binary content (NUL bytes)',
      'kube-lb-reach: empty: no *.yaml or *.yml files in this folder',
      'kube-lb-reach: notes: no *.yaml or *.yml files in this folder',
    ]);
    strictEqual(result.code, 2);
    const walked = makeDir({ 'k8s/bin.yaml': Buffer.from('kind: Service\n\0\0'), 'k8s/clean.yaml': service({ name: 'plain', type: 'ClusterIP' }) });
    try {
      mkdirSync(path.join(walked, 'empty'));
      deepStrictEqual(runCli(walked, ['lint', 'k8s', 'empty']), {
        code: 0,
        stdout: '0 findings in 1 file\n',
        stderr: 'kube-lb-reach: k8s/bin.yaml: skipped: binary content (NUL bytes)\nkube-lb-reach: empty: no *.yaml or *.yml files in this folder\n',
      });
    } finally {
      removeDir(walked);
    }
  });
});

describe('kube-lb-reach --help and --version', { timeout: 30_000 }, () => {
  let dir: string;
  before(() => {
    dir = makeDir();
  });
  after(() => { removeDir(dir); });

  it('--help, -h, `help` and no arguments print the usage and exit 0', () => {
    for (const args of [['--help'], ['-h'], ['help'], [], ['lint', '--help']]) {
      deepStrictEqual(runCli(dir, args), { code: 0, stdout: HELP, stderr: '' }, args.join(' '));
    }
    match(HELP, /^Usage:\n {2}kube-lb-reach lint \[PATH\.\.\.\]/m);
    match(HELP, /^Exit codes: 0 clean, 1 findings at or above --max-severity or a YAML syntax error, 2 usage or I\/O error\.$/m);
  });

  it('--version and -v print package.json\'s version', () => {
    const version = (JSON.parse(readFileSync(path.resolve(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { version: string }).version;
    match(version, /^\d+\.\d+\.\d+/);
    deepStrictEqual(runCli(dir, ['--version']), { code: 0, stdout: `${version}\n`, stderr: '' });
    deepStrictEqual(runCli(dir, ['-v']), { code: 0, stdout: `${version}\n`, stderr: '' });
  });
});
