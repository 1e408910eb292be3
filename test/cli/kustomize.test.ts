import { deepStrictEqual, match, strictEqual } from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readSmallFileSync } from '../../server/src/node/boundedRead';
import { renderKustomize, wrapperKustomization } from '../../server/src/node/kustomize';
import { CLI, listDir, messageOf, refusedMessage, type RunResult } from './run';

/**
 * `lint --kustomize DIR` with the machine's real kubectl (kustomize inside it): the fixtures under
 * test/data/kustomize are rendered, never written to, and findings are reported where the user
 * edits them. `.ci/run` stops with a message when kubectl is missing, before the tests fail on it.
 */

const FIXTURES = path.resolve(__dirname, '..', '..', '..', 'test', 'data', 'kustomize');

function run(args: readonly string[], env: NodeJS.ProcessEnv = process.env): RunResult {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: FIXTURES, env, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], timeout: 60_000 });
  if (result.error) throw result.error;
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const lines = (...l: string[]): string => `${l.join('\n')}\n`;
const unknown = (lbId: string): string => messageOf('reused-clb-listeners-unknown', 'unknown', { lb: 'CLB', lbId, own: '80/TCP' });
const conflict = (lbId: string, other: string): string => messageOf('reused-clb-port-conflict', 'conflict', { listener: '80/TCP', lb: 'CLB', lbId, services: other });

describe('kube-lb-reach lint --kustomize DIR (real kubectl)', { timeout: 120_000 }, () => {
  let listing: string[];
  before(() => {
    listing = listDir(FIXTURES);
  });
  after(() => {
    // Nothing was written into the tree: no wrapper kustomization, no build metadata, no fix.
    deepStrictEqual(listDir(FIXTURES), listing);
  });

  it('a base and an overlay patch that adds the CLB id: the finding on the patch line, as rendered from the overlay', () => {
    const result = run(['lint', '--kustomize', 'overlay']);
    strictEqual(result.stdout, lines(`overlay/clb.yaml:7:63 information reused-clb-listeners-unknown ${unknown('lb-kz0001')} (as rendered from overlay, line 16)`, '1 finding in 1 file'));
    strictEqual(result.stderr, '');
    strictEqual(result.code, 0);
  });

  it('with a plain manifest on the same CLB port: two Services, one rendered (its port in the base), one plain', () => {
    const result = run(['lint', 'plain', '--kustomize', 'overlay']);
    strictEqual(
      result.stdout,
      lines(
        `plain/other.yaml:6:63 information reused-clb-listeners-unknown ${unknown('lb-kz0001')}`,
        `plain/other.yaml:12:13 error reused-clb-port-conflict ${conflict('lb-kz0001', 'default/prod-web')}`,
        `overlay/clb.yaml:7:63 information reused-clb-listeners-unknown ${unknown('lb-kz0001')} (as rendered from overlay, line 16)`,
        `base/service.yaml:13:13 error reused-clb-port-conflict ${conflict('lb-kz0001', 'default/other')} (as rendered from overlay, line 23)`,
        '4 findings in 2 files',
      ),
    );
    strictEqual(result.code, 1);
  });

  it('JSON: the attributed file and range, renderedFrom, the place in the rendered text; related locations attributed too', () => {
    const report = JSON.parse(run(['lint', 'plain', '--kustomize', 'overlay', '--format', 'json']).stdout) as {
      files: string[];
      findings: { file: string; ruleId: string; range: object; renderedFrom?: string; rendered?: object; related: { file: string; range: object }[] }[];
    };
    deepStrictEqual(report.files, ['plain/other.yaml', 'overlay/(rendered).yaml']);
    const rendered = report.findings.filter((f) => f.renderedFrom !== undefined);
    deepStrictEqual(
      rendered.map((f) => ({ file: f.file, ruleId: f.ruleId, range: f.range, renderedFrom: f.renderedFrom, rendered: f.rendered })),
      [
        { file: 'overlay/clb.yaml', ruleId: 'reused-clb-listeners-unknown', range: { startLine: 7, startColumn: 63, endLine: 7, endColumn: 74 }, renderedFrom: 'overlay', rendered: { line: 16, column: 63 } },
        { file: 'base/service.yaml', ruleId: 'reused-clb-port-conflict', range: { startLine: 13, startColumn: 13, endLine: 13, endColumn: 15 }, renderedFrom: 'overlay', rendered: { line: 23, column: 11 } },
      ],
    );
    const plainConflict = report.findings.find((f) => f.file === 'plain/other.yaml' && f.ruleId === 'reused-clb-port-conflict')!;
    deepStrictEqual(plainConflict.related.map((r) => [r.file, r.range]), [['base/service.yaml', { startLine: 13, startColumn: 13, endLine: 13, endColumn: 15 }]]);
  });

  it('SARIF: the attributed location, the render in the result properties', () => {
    const sarif = JSON.parse(run(['lint', '--kustomize', 'overlay', '--format', 'sarif']).stdout) as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string }; region: object } }[]; properties?: object }[] }[] };
    const [result] = sarif.runs[0]!.results;
    deepStrictEqual(result!.locations[0]!.physicalLocation, { artifactLocation: { uri: 'overlay/clb.yaml', uriBaseId: '%SRCROOT%' }, region: { startLine: 7, startColumn: 63, endLine: 7, endColumn: 74 } });
    deepStrictEqual(result!.properties, { renderedFrom: 'overlay', rendered: { startLine: 16, startColumn: 63, endLine: 16, endColumn: 72 } });
  });

  it('namePrefix: the base (holding the CLB id) linted as a folder too counts once, as rendered, not as a second Service', () => {
    const result = run(['lint', 'base-clb', 'prefixed', '--kustomize', 'prefixed']);
    strictEqual(result.stdout, lines(`base-clb/service.yaml:6:63 information reused-clb-listeners-unknown ${unknown('lb-kz0003')} (as rendered from prefixed, line 12)`, '1 finding in 1 file'));
    // Linted plainly as well, web and staging-web would be two Services on 80/TCP of lb-kz0003: two conflicts.
    strictEqual(result.code, 0);
  });

  it("DIR's cluster: the render is in the cluster the config file gives DIR, refused on the other cluster's listener", () => {
    const result = run(['lint', 'clusters', '--kustomize', 'clusters/blue', '--kustomize', 'clusters/blue/']);
    strictEqual(
      result.stdout,
      lines(
        `clusters/green/other.yaml:6:63 warning reused-clb-other-listener-refused ${refusedMessage('lb-kz0003', '443/TCP', '80/TCP (Service default/web of cluster blue)')}`,
        `base-clb/service.yaml:6:63 warning reused-clb-other-listener-refused ${refusedMessage('lb-kz0003', '80/TCP', '443/TCP (Service default/admin of cluster green)')} (as rendered from clusters/blue, line 7)`,
        // The render and green/other.yaml: blue's kustomization is analysed only as rendered, the folder named twice rendered once.
        '2 findings in 2 files',
      ),
    );
    strictEqual(result.code, 1);
  });

  it('a component: its inline JSON patch (~1 in the path) is where the CLB id is set, at its line and column', () => {
    const result = run(['lint', '--kustomize', 'with-component']);
    strictEqual(result.stdout, lines(`component/kustomization.yaml:10:16 information reused-clb-listeners-unknown ${unknown('lb-kz0002')} (as rendered from with-component, line 12)`, '1 finding in 1 file'));
    strictEqual(result.code, 0);
  });

  it('--fix never writes a fix computed on a render: a line says so', () => {
    const result = run(['lint', '--kustomize', 'overlay', '--known-listener', 'lb-kz0001=443', '--hostname-template', '${name}.example.net', '--fix']);
    strictEqual(
      result.stdout,
      lines(`overlay/clb.yaml:7:63 warning reused-clb-other-listener-refused ${refusedMessage('lb-kz0001', '80/TCP', '443/TCP (the knownListeners setting)')} (as rendered from overlay, line 16)`, '1 finding in 1 file'),
    );
    strictEqual(result.stderr, "kube-lb-reach: overlay/(rendered).yaml: not fixed: rendered from overlay: a fix would edit kustomize's output, edit the file the finding points at\n");
    strictEqual(result.code, 1);
  });

  it('a broken overlay: exit 2, the runner\'s message and kustomize\'s own error on standard error, no report', () => {
    const result = run(['lint', '--kustomize', 'broken']);
    strictEqual(result.code, 2);
    strictEqual(result.stdout, '');
    const [first, ...rest] = result.stderr.split('\n');
    match(first!, /^kube-lb-reach: kubectl kustomize broken failed \(exit code 1\): /);
    match(rest.join('\n'), /^ {2}.*missing\.yaml: no such file or directory/m);
  });

  it('no kubectl and no kustomize on PATH: exit 2 and what to install', () => {
    const result = run(['lint', '--kustomize', 'overlay'], { ...process.env, PATH: path.join(FIXTURES, 'no-such-folder') });
    deepStrictEqual(result, {
      code: 2,
      stdout: '',
      stderr: 'kube-lb-reach: cannot render overlay: `kubectl` or `kustomize` was not found on PATH; install kubectl (it includes kustomize) or kustomize\n',
    });
  });

  it('--render-timeout takes seconds; a value that is none is a usage error before anything runs', () => {
    const result = run(['lint', '--kustomize', 'overlay', '--render-timeout', 'soon']);
    strictEqual(result.code, 2);
    strictEqual(result.stderr, 'kube-lb-reach: --render-timeout must be a number of seconds above 0, at most 3600 (got "soon")\nRun \'kube-lb-reach --help\' for usage.\n');
    strictEqual(run(['lint', '--kustomize', 'overlay', '--render-timeout', '30']).code, 0);
  });
});

describe('renderKustomize (node/kustomize.ts): the runner the CLI and the server share', { timeout: 60_000 }, () => {
  let bin: string;
  before(() => {
    // A stand-in `kustomize` alone on PATH: it prints the wrapper kustomization it was given, and its arguments.
    bin = mkdtempSync(path.join(tmpdir(), 'klr-kz-bin-'));
    writeFileSync(path.join(bin, 'kustomize'), '#!/bin/sh\necho "args: $1 $2" >&2\n/bin/cat "$2/kustomization.yaml"\n', { mode: 0o755 });
  });
  after(() => {
    rmSync(bin, { recursive: true, force: true });
  });

  it('renders with kubectl: the origin annotations are there, the wrapper folder is gone afterwards', async () => {
    const result = await renderKustomize(path.join(FIXTURES, 'overlay'), { timeoutMs: 30_000 });
    if (!result.ok) throw new Error(result.message);
    strictEqual(result.tool, 'kubectl kustomize');
    match(result.text, /config\.kubernetes\.io\/origin: \|\n {6}path: .*\/test\/data\/kustomize\/base\/service\.yaml\n/);
    strictEqual(existsSync(result.root), false);
    strictEqual(path.resolve(result.root, /path: (.*)\n/.exec(result.text)![1]!), path.join(realpathSync(FIXTURES), 'base', 'service.yaml'));
  });

  it('falls back to `kustomize build` where only it is installed; DIR is named relative to the wrapper folder', async () => {
    const result = await renderKustomize(path.join(FIXTURES, 'overlay'), { timeoutMs: 30_000, env: { PATH: bin } });
    if (!result.ok) throw new Error(result.message);
    strictEqual(result.tool, 'kustomize build');
    strictEqual(result.text, wrapperKustomization(path.relative(result.root, realpathSync(path.join(FIXTURES, 'overlay')))));
    match(result.text, /^resources:\n- "(\.\.\/)+.*test\/data\/kustomize\/overlay"\nbuildMetadata:\n- originAnnotations\n- transformerAnnotations\n$/m);
  });

  it('tool: kubectl only, not on PATH: no-tool, naming it', async () => {
    deepStrictEqual(await renderKustomize(path.join(FIXTURES, 'overlay'), { timeoutMs: 30_000, tool: 'kubectl', env: { PATH: bin } }), {
      ok: false,
      reason: 'no-tool',
      message: `cannot render ${path.join(FIXTURES, 'overlay')}: \`kubectl\` was not found on PATH; install kubectl (it includes kustomize) or kustomize`,
      stderr: '',
    });
  });

  it('a time limit kills the tool (timeout); an abort signal too (aborted), before the start or during the run', async () => {
    const timedOut = await renderKustomize(path.join(FIXTURES, 'overlay'), { timeoutMs: 1 });
    deepStrictEqual([timedOut.ok, !timedOut.ok && timedOut.reason], [false, 'timeout']);
    const controller = new AbortController();
    const pending = renderKustomize(path.join(FIXTURES, 'overlay'), { timeoutMs: 30_000, signal: controller.signal });
    setTimeout(() => { controller.abort(); }, 20);
    const aborted = await pending;
    deepStrictEqual([aborted.ok, !aborted.ok && aborted.reason], [false, 'aborted']);
    const before = await renderKustomize(path.join(FIXTURES, 'overlay'), { timeoutMs: 30_000, signal: AbortSignal.abort() });
    deepStrictEqual([before.ok, !before.ok && before.reason], [false, 'aborted']);
  });

  it('a time limit stops what the tool started too: a child holding its output does not keep the run waiting', async () => {
    // A stand-in kubectl that starts a long sleep holding stdout, and writes the sleep's pid down.
    const slow = mkdtempSync(path.join(tmpdir(), 'klr-kz-slow-'));
    const pidFile = path.join(slow, 'grandchild.pid');
    writeFileSync(path.join(slow, 'kubectl'), `#!/bin/sh\n/bin/sleep 60 &\necho $! > ${pidFile}\nwait\n`, { mode: 0o755 });
    try {
      const result = await renderKustomize(path.join(FIXTURES, 'overlay'), { timeoutMs: 500, tool: 'kubectl', env: { PATH: slow } });
      deepStrictEqual([result.ok, !result.ok && result.reason], [false, 'timeout']);
      const grandchild = Number(readFileSync(pidFile, 'utf8'));
      // The whole process group got SIGKILL: the sleep is gone, or dead and not yet reaped (a zombie).
      const state = existsSync(`/proc/${grandchild}/stat`) ? readFileSync(`/proc/${grandchild}/stat`, 'utf8').replace(/^.*\) /s, '')[0] : 'gone';
      match(state ?? '', /^(gone|Z|X)$/);
    } finally {
      rmSync(slow, { recursive: true, force: true });
    }
  });

  it("a render's source that is a FIFO or a symlink is not read (the synchronous reader must never block)", () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'klr-kz-fifo-'));
    try {
      const fifo = path.join(dir, 'service.yaml');
      strictEqual(spawnSync('mkfifo', [fifo]).status, 0);
      strictEqual(readSmallFileSync(fifo), undefined);
      writeFileSync(path.join(dir, 'real.yaml'), 'kind: Service\n');
      symlinkSync(path.join(dir, 'real.yaml'), path.join(dir, 'link.yaml'));
      deepStrictEqual([readSmallFileSync(path.join(dir, 'real.yaml')), readSmallFileSync(path.join(dir, 'link.yaml'))], ['kind: Service\n', undefined]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a folder that is not there, or a file: failed, without running anything', async () => {
    deepStrictEqual(await renderKustomize(path.join(FIXTURES, 'nowhere'), { timeoutMs: 30_000, env: { PATH: bin } }), { ok: false, reason: 'failed', message: `cannot render ${path.join(FIXTURES, 'nowhere')}: no such folder`, stderr: '' });
    deepStrictEqual(await renderKustomize(path.join(FIXTURES, 'base', 'service.yaml'), { timeoutMs: 30_000, env: { PATH: bin } }), { ok: false, reason: 'failed', message: `cannot render ${path.join(FIXTURES, 'base', 'service.yaml')}: not a folder`, stderr: '' });
  });
});
