import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CLI, makeDir, refusedMessage, removeDir } from './run';
import { RULES } from '../../server/src/core';

/**
 * What the README tells a user outside this repository: `npm pack`, then `npm install -g` of the
 * tarball, then `kube-lb-reach`. Installed into a temporary prefix, offline (the bundle needs no
 * dependency), from the dist/ the test command has just built (so `--ignore-scripts`).
 */
const ROOT = path.resolve(__dirname, '..', '..', '..');
const EXAMPLE = path.join(ROOT, 'examples', 'article-reused-clb');
const VERSION = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
/** Every registered rule, in the registry's order: the outputs list them so. */
const RULE_IDS = RULES.map((rule) => rule.id);

/** The npm that runs this suite when there is one (npm test), else the one on PATH. */
function npm(args: string[], cwd: string, env: NodeJS.ProcessEnv): SpawnSyncReturns<string> {
  const npmCli = process.env['npm_execpath'];
  const [command, prefix] = npmCli?.endsWith('.js') ? [process.execPath, [npmCli]] : ['npm', []];
  const result = spawnSync(command, [...prefix, ...args], { cwd, env, encoding: 'utf8', timeout: 60_000 });
  if (result.error) throw result.error;
  strictEqual(result.status, 0, `npm ${args.join(' ')}:\n${result.stderr}`);
  return result;
}

describe('the CLI installed from `npm pack`', { timeout: 120_000 }, () => {
  let dir: string;
  let bin: string;
  let packed: string[];
  let env: NodeJS.ProcessEnv;

  before(() => {
    ok(existsSync(CLI), 'dist/cli.js is built (npm run build) before the tests');
    dir = makeDir();
    // A cache of its own: nothing read from or written to the user's; the bin's `env node` finds this node.
    env = { ...process.env, npm_config_cache: path.join(dir, 'cache'), npm_config_update_notifier: 'false', npm_config_loglevel: 'error', PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env['PATH'] ?? ''}` };
    mkdirSync(path.join(dir, 'pack'));
    const pack = npm(['pack', '--ignore-scripts', '--json', '--pack-destination', path.join(dir, 'pack'), ROOT], dir, env);
    const [info] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
    ok(info);
    packed = info.files.map((f) => f.path).sort();
    const tarball = path.join(dir, 'pack', info.filename);
    npm(['install', '--global', '--prefix', path.join(dir, 'prefix'), '--offline', '--no-audit', '--no-fund', tarball], dir, env);
    bin = path.join(dir, 'prefix', 'bin', 'kube-lb-reach');
  });
  after(() => { removeDir(dir); });

  const run = (args: string[]): SpawnSyncReturns<string> => spawnSync(bin, args, { cwd: EXAMPLE, env, encoding: 'utf8', timeout: 20_000 });

  it('the tarball holds the bundles and the docs, nothing else', () => {
    deepStrictEqual(packed, [
      'CHANGELOG.md',
      'LICENSE',
      'README.md',
      'dist/cli.js',
      'dist/server.js',
      'docs/annotations.md',
      'docs/architecture.md',
      'docs/cli.md',
      'docs/configuration.md',
      'docs/performance.md',
      'docs/reachability.md',
      'docs/rendering.md',
      ...RULE_IDS.map((id) => `docs/rules/${id}.md`).sort(),
      'docs/security.md',
      'docs/upstream-notes.md',
      'package.json',
    ]);
  });

  it('installs without dependencies and answers --version', () => {
    strictEqual(existsSync(path.join(dir, 'prefix', 'lib', 'node_modules', 'kube-lb-reach', 'node_modules')), false);
    const result = run(['--version']);
    deepStrictEqual([result.status, result.stdout, result.stderr], [0, `${VERSION}\n`, '']);
  });

  it('`kube-lb-reach lint` on the article example: its config file found, the listener file read, 443 refused; exit code 1', () => {
    const result = run(['lint', 'svc-http.yaml']);
    strictEqual(
      result.stdout,
      [
        `svc-http.yaml:10:63 warning reused-clb-other-listener-refused ${refusedMessage('lb-article-clb1', '80/TCP', "443/TCP (the CLB's listener list in lb-article-clb1.json)")}`,
        '1 finding in 1 file',
        '',
      ].join('\n'),
    );
    strictEqual(result.stderr, '');
    strictEqual(result.status, 1);
  });

  it('`--format sarif` carries every rule page, read from the installed package', () => {
    const result = run(['lint', '--format', 'sarif', 'svc-http.yaml']);
    strictEqual(result.status, 1);
    const sarif = JSON.parse(result.stdout) as { runs: { tool: { driver: { rules: { id: string; help: { markdown?: string } }[] } } }[] };
    const rules = sarif.runs[0]!.tool.driver.rules;
    deepStrictEqual(rules.map((r) => r.id), RULE_IDS);
    for (const rule of rules) strictEqual(rule.help.markdown, readFileSync(path.join(ROOT, 'docs', 'rules', `${rule.id}.md`), 'utf8'), rule.id);
  });
});
