import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { promises as fsp, truncateSync } from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { MAX_INPUT_BYTES, readPathBounded, readStreamBounded } from '../../server/src/node/boundedRead';
import { CLB, CLI, HTTP_TEXT, LONE_INFO, makeDir, removeDir, runCli, type RunResult } from './run';

/**
 * However an input is given (`-`, `/dev/stdin`, `<(…)`, a FIFO, a device), it is linted with the
 * same bound, or the run fails with 2: a path the user named never passes unread.
 */

const LONE_RULE = 'reused-clb-listeners-unknown';
const finding = (file: string): string => `${file}:7:63 information ${LONE_RULE} ${LONE_INFO(CLB, '80/TCP')}\n1 finding in 1 file\n`;
const OVER = `skipped: over the limit of ${MAX_INPUT_BYTES} bytes`;

function bash(cwd: string, script: string): RunResult {
  const result = spawnSync('bash', ['-c', script], { cwd, encoding: 'utf8', timeout: 20_000, env: { ...process.env, CLI } });
  if (result.error) throw result.error;
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The CLI reading a FIFO that this process writes `text` into, then closes. */
async function lintFifo(dir: string, text: string): Promise<RunResult> {
  const fifo = path.join(dir, 'pipe.yaml');
  execFileSync('mkfifo', [fifo]);
  const child = spawn(process.execPath, [CLI, 'lint', '--max-severity', 'information', 'pipe.yaml'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  // Opening a FIFO for writing waits for its reader: the CLI.
  await fsp.writeFile(fifo, text);
  return { code: await exited, stdout, stderr };
}

describe('kube-lb-reach lint: every way of giving an input is the same gate', { timeout: 60_000 }, () => {
  let dir: string;
  before(() => {
    dir = makeDir({ 'http.yaml': HTTP_TEXT });
  });
  after(() => { removeDir(dir); });

  it('`-`, /dev/stdin and <(…) lint the same text with the same exit code', () => {
    const args = ['lint', '--max-severity', 'information'];
    deepStrictEqual(runCli(dir, [...args, '-'], HTTP_TEXT), { code: 1, stdout: finding('-'), stderr: '' });
    deepStrictEqual(bash(dir, 'cat http.yaml | node "$CLI" lint --max-severity information /dev/stdin'), { code: 1, stdout: finding('/dev/stdin'), stderr: '' });
    const substituted = bash(dir, 'node "$CLI" lint --max-severity information <(cat http.yaml)');
    strictEqual(substituted.code, 1, substituted.stderr);
    strictEqual(substituted.stdout.replace(/^\/dev\/fd\/\d+:/, 'FD:'), finding('FD'));
  });

  it('a FIFO is read as standard input is', async () => {
    const fifoDir = makeDir();
    try {
      deepStrictEqual(await lintFifo(fifoDir, HTTP_TEXT), { code: 1, stdout: finding('pipe.yaml'), stderr: '' });
    } finally {
      removeDir(fifoDir);
    }
  });

  it('a device that never ends (/dev/zero, /dev/urandom) fails with 2 at the limit, as `-` does', () => {
    for (const device of ['/dev/zero', '/dev/urandom']) {
      deepStrictEqual(runCli(dir, ['lint', device]), { code: 2, stdout: '0 findings in 0 files\n', stderr: `kube-lb-reach: ${device}: ${OVER}\n` });
    }
    deepStrictEqual(runCli(dir, ['lint', '-'], 'a'.repeat(MAX_INPUT_BYTES + 1)), { code: 2, stdout: '0 findings in 0 files\n', stderr: `kube-lb-reach: -: ${OVER}\n` });
  });

  it('standard input gets the NUL check files get: binary content fails the run', () => {
    deepStrictEqual(runCli(dir, ['lint', '-'], `${HTTP_TEXT}# \0\n`), { code: 2, stdout: '0 findings in 0 files\n', stderr: 'kube-lb-reach: -: skipped: binary content (NUL bytes)\n' });
  });

  it('/dev/null is an empty input: linted, nothing found', () => {
    deepStrictEqual(runCli(dir, ['lint', '/dev/null']), { code: 0, stdout: '0 findings in 1 file\n', stderr: '' });
  });
});

describe('kube-lb-reach explain: the same bounded reader', { timeout: 60_000 }, () => {
  let dir: string;
  before(() => {
    dir = makeDir({ 'big.yaml': '' });
    // Sparse: 1 GB on paper, nothing on disk.
    truncateSync(path.join(dir, 'big.yaml'), 1024 ** 3);
  });
  after(() => { removeDir(dir); });

  it('a 1 GB file is refused by its size: one line, exit 2, no usage hint', () => {
    deepStrictEqual(runCli(dir, ['explain', 'big.yaml']), { code: 2, stdout: '', stderr: `kube-lb-reach: big.yaml: skipped: ${1024 ** 3} bytes is over the limit of ${MAX_INPUT_BYTES}\n` });
  });

  it('/dev/urandom is cut at the limit instead of growing without end', () => {
    deepStrictEqual(runCli(dir, ['explain', '/dev/urandom']), { code: 2, stdout: '', stderr: `kube-lb-reach: /dev/urandom: ${OVER}\n` });
  });
});

describe('the bounded reader', () => {
  it('a stream: up to the limit it is read, one byte more and it is refused', async () => {
    deepStrictEqual(await readStreamBounded(Readable.from([Buffer.from('abc'), 'de']), 5), Buffer.from('abcde'));
    strictEqual(await readStreamBounded(Readable.from([Buffer.from('abc'), 'def']), 5), undefined);
  });

  it('a device is read only up to the limit; a walked path refuses devices and links', async () => {
    deepStrictEqual(await readPathBounded('/dev/zero', { followSymlinks: true, streams: true, maxBytes: 10 }), { problem: 'skipped: over the limit of 10 bytes', missing: false, ioError: false });
    deepStrictEqual(await readPathBounded('/dev/zero', { followSymlinks: false, streams: false }), { problem: 'not a regular file', missing: false, ioError: false });
    deepStrictEqual(await readPathBounded('/dev/stdin', { followSymlinks: false, streams: false }), { problem: 'not a regular file (a symbolic link)', missing: false, ioError: false });
  });
});
