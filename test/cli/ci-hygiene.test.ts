import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { closeSync, openSync, readFileSync, symlinkSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { resolveSettings } from '../../server/src/core';
import { service } from '../helpers/workspace';
import { CLB, CLI, HTTP_TEXT, LONE_INFO, makeDir, refusedMessage, removeDir, runCli } from './run';

/** What a CI user meets: a report that cannot be written, --output over an input, odd ids and file names. */

const LONE_RULE = 'reused-clb-listeners-unknown';
const USAGE_HINT = "Run 'kube-lb-reach --help' for usage.\n";

describe('kube-lb-reach in CI: small things', { timeout: 60_000 }, () => {
  let dir: string;
  before(() => {
    dir = makeDir({ 'http.yaml': HTTP_TEXT, 'proto.yaml': service({ name: 'odd', clbId: '__proto__', ports: [80] }), 'we\nird.yaml': HTTP_TEXT });
    symlinkSync('http.yaml', path.join(dir, 'link.yaml'));
  });
  after(() => { removeDir(dir); });

  it('a report that cannot be written (> /dev/full) exits 2 with one line, no stack trace', () => {
    const full = openSync('/dev/full', 'w');
    try {
      const result = spawnSync(process.execPath, [CLI, 'lint', 'http.yaml'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', full, 'pipe'], timeout: 20_000 });
      deepStrictEqual({ code: result.status, stderr: result.stderr }, { code: 2, stderr: 'kube-lb-reach: cannot write to standard output: ENOSPC\n' });
    } finally {
      closeSync(full);
    }
  });

  it('a reader that closed the pipe: exit 2 with one line', async () => {
    const child = spawn(process.execPath, [CLI, 'lint', 'http.yaml'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    // Closed before the CLI has even started: its first write gets EPIPE.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    deepStrictEqual({ code, stderr }, { code: 2, stderr: 'kube-lb-reach: cannot write to standard output: EPIPE\n' });
  });

  it('--output naming an input (directly, through a folder, through a link) is refused before anything is written', () => {
    const before = readFileSync(path.join(dir, 'http.yaml'));
    for (const [args, named] of [[['http.yaml', '-o', 'http.yaml'], 'http.yaml'], [['.', '--output', './http.yaml'], './http.yaml'], [['http.yaml', '--output', 'link.yaml'], 'link.yaml']] as const) {
      deepStrictEqual(runCli(dir, ['lint', ...args]), { code: 2, stdout: '', stderr: `kube-lb-reach: --output ${named} names http.yaml, a file being linted: the report would overwrite it\n${USAGE_HINT}` }, args.join(' '));
      deepStrictEqual(readFileSync(path.join(dir, 'http.yaml')), before);
    }
  });

  it('--known-listener __proto__=443 and constructor=80 are load balancer ids like any other', () => {
    const result = runCli(dir, ['lint', '--known-listener', '__proto__=443', '--known-listener', 'constructor=80', 'proto.yaml']);
    deepStrictEqual(result, {
      code: 1,
      stdout: `proto.yaml:7:63 warning reused-clb-other-listener-refused ${refusedMessage('__proto__', '80/TCP', '443/TCP (the knownListeners setting)')}\n1 finding in 1 file\n`,
      stderr: '',
    });
  });

  it('resolveSettings, which the server shares, keeps its ids in a Map: __proto__ from JSON settings is an id too', () => {
    const { settings, problems } = resolveSettings({ knownListeners: JSON.parse('{"__proto__": ["443"], "constructor": ["80/UDP"]}') as unknown });
    deepStrictEqual(problems, []);
    deepStrictEqual([...settings.knownListeners.keys()], ['__proto__', 'constructor']);
  });

  it('a newline in a file name is escaped: one finding, one line, in the text format and on stderr', () => {
    deepStrictEqual(runCli(dir, ['lint', 'we\nird.yaml']), { code: 0, stdout: `we\\nird.yaml:7:63 information ${LONE_RULE} ${LONE_INFO(CLB, '80/TCP')}\n1 finding in 1 file\n`, stderr: '' });
    deepStrictEqual(runCli(dir, ['lint', 'gone\n\x1b[31m.yaml']), { code: 2, stdout: '0 findings in 0 files\n', stderr: 'kube-lb-reach: gone\\n\\u001b[31m.yaml: no such file or folder\n' });
  });

  it('and in the github format, as a workflow command property (%0A)', () => {
    const result = runCli(dir, ['lint', '--format', 'github', 'we\nird.yaml']);
    strictEqual(result.stdout, `::notice file=we%0Aird.yaml,line=7,col=63,endLine=7,endColumn=76,title=kube-lb-reach(${LONE_RULE})::${LONE_INFO(CLB, '80/TCP')}\n`);
  });
});
