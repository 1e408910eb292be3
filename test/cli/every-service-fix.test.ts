import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { service } from '../helpers/workspace';
import { listDir, makeDir, removeDir, runCli } from './run';

const CLB = 'lb-every0001';
const KEY = 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-hostname';
const A = service({ name: 'a', clbId: CLB, ports: [80] });
const B = service({ name: 'b', clbId: CLB, ports: [443] });
/** A listener of the CLB that neither Service serves: refused in-cluster for both. */
const KNOWN = ['--known-listener', `${CLB}=8443`, '--proxy-mode', 'ipvs'];
const withHostname = (text: string, hostname: string): string => text.replace('  annotations:\n', `  annotations:\n    ${KEY}: "${hostname}"\n`);

describe('kube-lb-reach lint --fix: the every-Service hostname fix', { timeout: 60_000 }, () => {
  let dir: string | undefined;
  afterEach(() => {
    removeDir(dir);
    dir = undefined;
  });
  const read = (name: string): string => readFileSync(path.join(dir!, name), 'utf8');

  it('with --hostname-template: both files written, each once, and the second run finds nothing refused', () => {
    dir = makeDir({ 'a.yaml': A, 'b.yaml': B });
    const before = runCli(dir, ['lint', ...KNOWN, 'a.yaml', 'b.yaml']);
    ok(before.stdout.includes('reused-clb-other-listener-refused'), before.stdout);
    strictEqual(before.code, 1);
    const fixed = runCli(dir, ['lint', '--fix', '--hostname-template', '${name}.${namespace}.example.net', ...KNOWN, 'a.yaml', 'b.yaml']);
    deepStrictEqual([read('a.yaml'), read('b.yaml')], [withHostname(A, 'a.default.example.net'), withHostname(B, 'b.default.example.net')]);
    strictEqual(/reused-clb-|hostname-invalid/.test(fixed.stdout), false, fixed.stdout);
    deepStrictEqual(listDir(dir), ['a.yaml', 'b.yaml']);
    const again = runCli(dir, ['lint', ...KNOWN, 'a.yaml', 'b.yaml']);
    strictEqual(/reused-clb-|hostname-invalid/.test(again.stdout), false, again.stdout);
  });

  it('without a template: nothing is written (never the placeholder)', () => {
    dir = makeDir({ 'a.yaml': A, 'b.yaml': B });
    const result = runCli(dir, ['lint', '--fix', ...KNOWN, 'a.yaml', 'b.yaml']);
    deepStrictEqual([read('a.yaml'), read('b.yaml')], [A, B]);
    ok(result.stderr.includes('--fix: no safe fix without --hostname-template'), result.stderr);
    strictEqual(result.code, 1);
  });

  it('a template that gives no valid DNS name (capitals): nothing is written', () => {
    dir = makeDir({ 'a.yaml': A, 'b.yaml': B });
    runCli(dir, ['lint', '--fix', '--hostname-template', '${name}.Example.net', ...KNOWN, 'a.yaml', 'b.yaml']);
    deepStrictEqual([read('a.yaml'), read('b.yaml')], [A, B]);
  });

  it('hostname-invalid is an Error: lint exits 1 on it alone', () => {
    dir = makeDir({ 'a.yaml': service({ name: 'a', hostname: '${your_service_hostname}' }) });
    const result = runCli(dir, ['lint', '--proxy-mode', 'iptables', 'a.yaml']);
    ok(/a\.yaml:\d+:\d+ error hostname-invalid /.test(result.stdout), result.stdout);
    strictEqual(result.code, 1);
  });
});
