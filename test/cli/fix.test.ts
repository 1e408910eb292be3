import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { chmodSync, lstatSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { AFTER_FIX, CLB, findingHeads, HTTP_TEXT, HTTPS_TEXT, listDir, LONE_INFO, makeDir, messageOf, refusedMessage, removeDir, runCli, SEED_CONFIG, SEED_FILES, SEED_TEXT_LINES, stderrLines } from './run';

const TEMPLATE = '${name}.${namespace}.example.net';
const RULE = 'reused-clb-other-listener-refused';
const LONE_RULE = 'reused-clb-listeners-unknown';
const withHostname = (text: string, hostname: string): string =>
  text.replace('  annotations:\n', `  annotations:\n    service.beta.kubernetes.io/alibaba-cloud-loadbalancer-hostname: "${hostname}"\n`);
/** A file whose first document is the web-http Service and whose second is broken YAML (an unclosed flow mapping). */
/** Each report line cut to `file:line:col severity rule`, the summary kept whole. */
const BROKEN_TEXT = `${HTTP_TEXT}---\nkind: ConfigMap\nmetadata: {name: settings\n  data: [\n`;

describe('kube-lb-reach lint --fix', { timeout: 60_000 }, () => {
  let dir: string | undefined;
  afterEach(() => {
    removeDir(dir);
    dir = undefined;
  });
  const read = (name: string): Buffer => readFileSync(path.join(dir!, name));
  const mtime = (name: string): number => statSync(path.join(dir!, name)).mtimeMs;

  it('with --hostname-template: writes the annotation, the findings are gone, no temporary file is left', () => {
    dir = makeDir(SEED_FILES);
    const result = runCli(dir, ['lint', '--fix', '--hostname-template', TEMPLATE, 'http.yaml', 'https.yaml']);
    // No warning is left; what remains is the hostname's trade-off (layer-4 loopback) and the Local NodePorts.
    deepStrictEqual({ ...result, stdout: findingHeads(result.stdout) }, { code: 0, stdout: AFTER_FIX, stderr: '' });
    strictEqual(read('http.yaml').toString('utf8'), withHostname(HTTP_TEXT, 'web-http.default.example.net'));
    strictEqual(read('https.yaml').toString('utf8'), withHostname(HTTPS_TEXT, 'web-https.default.example.net'));
    strictEqual(
      read('http.yaml').toString('utf8').split('\n').slice(5, 8).join('\n'),
      [
        '  annotations:',
        '    service.beta.kubernetes.io/alibaba-cloud-loadbalancer-hostname: "web-http.default.example.net"',
        `    service.beta.kubernetes.io/alibaba-cloud-loadbalancer-id: "${CLB}"`,
      ].join('\n'),
    );
    deepStrictEqual(listDir(dir), ['.kube-lb-reach.yaml', 'http.yaml', 'https.yaml']);
  });

  it('a second --fix changes nothing: byte-identical files, not even rewritten', () => {
    dir = makeDir(SEED_FILES);
    const args = ['lint', '--fix', '--hostname-template', TEMPLATE, 'http.yaml', 'https.yaml'];
    runCli(dir, args);
    const first = { http: read('http.yaml'), https: read('https.yaml'), httpTime: mtime('http.yaml'), httpsTime: mtime('https.yaml') };
    const again = runCli(dir, args);
    deepStrictEqual({ ...again, stdout: findingHeads(again.stdout) }, { code: 0, stdout: AFTER_FIX, stderr: '' });
    deepStrictEqual(read('http.yaml'), first.http);
    deepStrictEqual(read('https.yaml'), first.https);
    strictEqual(mtime('http.yaml'), first.httpTime);
    strictEqual(mtime('https.yaml'), first.httpsTime);
    deepStrictEqual(listDir(dir), ['.kube-lb-reach.yaml', 'http.yaml', 'https.yaml']);
  });

  it('never touches a file with a YAML syntax error in one document; the other files are fixed', () => {
    dir = makeDir({ ...SEED_CONFIG, 'broken.yaml': BROKEN_TEXT, 'https.yaml': HTTPS_TEXT });
    const before = read('broken.yaml');
    const result = runCli(dir, ['lint', '--fix', '--hostname-template', TEMPLATE, 'broken.yaml', 'https.yaml']);
    // The valid first document is still analysed and still reports the IP, so the fixed web-https
    // (hostname only now, in the same cluster) is told it lost its in-cluster access, and 443 is refused for certain.
    const lines = result.stdout.split('\n');
    strictEqual(lines[0], `broken.yaml:7:63 warning ${RULE} ${refusedMessage(CLB, '80/TCP', '443/TCP (Service default/web-https, which reports only a hostname)')}`);
    strictEqual(
      lines[1],
      `https.yaml:7:69 warning reused-clb-hostname-incomplete ${messageOf('reused-clb-hostname-incomplete', 'stillBound', { own: '443/TCP', services: 'Service default/web-http', verb: 'reports', lb: 'CLB', lbId: CLB })}`,
    );
    // The IP is still bound by web-http: nothing goes out to the CLB, so no loopback is reported; the Local NodePorts are.
    deepStrictEqual(findingHeads(lines.slice(2).join('\n')), 'https.yaml:11:26 information local-policy-in-cluster-reach\n3 findings in 2 files\n');
    deepStrictEqual(stderrLines(result), [
      'kube-lb-reach: broken.yaml:18:18: document 2 not analysed: YAML syntax error at 18:18: Implicit keys need to be on a single line',
      'kube-lb-reach: broken.yaml: not fixed: the file has YAML errors',
    ]);
    strictEqual(result.code, 1);
    deepStrictEqual(read('broken.yaml'), before);
    strictEqual(read('https.yaml').toString('utf8'), withHostname(HTTPS_TEXT, 'web-https.default.example.net'));
    deepStrictEqual(listDir(dir), ['.kube-lb-reach.yaml', 'broken.yaml', 'https.yaml']);
  });

  it('never rewrites a file that is not valid UTF-8 (a Latin-1 comment): byte-identical, and says why; not fixable in JSON', () => {
    const latin1 = Buffer.concat([Buffer.from(HTTP_TEXT, 'utf8'), Buffer.from('# caf\xe9 cr\xe8me\n', 'latin1')]);
    dir = makeDir({ ...SEED_CONFIG, 'http.yaml': latin1, 'https.yaml': HTTPS_TEXT });
    const json = JSON.parse(runCli(dir, ['lint', '--format', 'json', '--hostname-template', TEMPLATE, 'http.yaml', 'https.yaml']).stdout) as { findings: { file: string; fixable: boolean }[] };
    deepStrictEqual(json.findings.map((f) => [f.file, f.fixable]), [['http.yaml', false], ['https.yaml', true], ['https.yaml', true]]);

    const result = runCli(dir, ['lint', '--fix', '--hostname-template', TEMPLATE, 'http.yaml', 'https.yaml']);
    deepStrictEqual(stderrLines(result), ['kube-lb-reach: http.yaml: not fixed: the file is not valid UTF-8: writing it back would change bytes the fix does not touch']);
    deepStrictEqual(read('http.yaml'), latin1);
    strictEqual(read('https.yaml').toString('utf8'), withHostname(HTTPS_TEXT, 'web-https.default.example.net'));
    strictEqual(result.stdout.startsWith(`http.yaml:7:63 warning ${RULE} ${refusedMessage(CLB, '80/TCP', '443/TCP (Service default/web-https of cluster green)')}\n`), true, result.stdout);
    strictEqual(result.code, 1);
    deepStrictEqual(listDir(dir), ['.kube-lb-reach.yaml', 'http.yaml', 'https.yaml']);
  });

  it('keeps a byte order mark and CRLF line ends: the exact bytes written', () => {
    const crlf = (text: string): string => text.replace(/\n/g, '\r\n');
    dir = makeDir({ ...SEED_CONFIG, 'http.yaml': Buffer.from(`\uFEFF${crlf(HTTP_TEXT)}`, 'utf8'), 'https.yaml': HTTPS_TEXT });
    const result = runCli(dir, ['lint', '--fix', '--hostname-template', TEMPLATE, 'http.yaml', 'https.yaml']);
    deepStrictEqual({ ...result, stdout: findingHeads(result.stdout) }, { code: 0, stdout: AFTER_FIX, stderr: '' });
    const expected = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(crlf(withHostname(HTTP_TEXT, 'web-http.default.example.net')), 'utf8')]);
    deepStrictEqual(read('http.yaml'), expected);
  });

  it('each document keeps its own line ends: LF then CRLF, and CRLF then LF, in one file', () => {
    const crlf = (text: string): string => text.replace(/\n/g, '\r\n');
    const fixedHttp = withHostname(HTTP_TEXT, 'web-http.default.example.net');
    const fixedHttps = withHostname(HTTPS_TEXT, 'web-https.default.example.net');
    dir = makeDir({ 'lf-crlf.yaml': `${HTTP_TEXT}${crlf(`---\n${HTTPS_TEXT}`)}`, 'crlf-lf.yaml': `${crlf(HTTPS_TEXT)}---\n${HTTP_TEXT}` });
    const result = runCli(dir, ['lint', '--fix', '--hostname-template', TEMPLATE, 'lf-crlf.yaml']);
    // Only information is left (the hostname's loopback trade-off on own ports and other listeners, the Local NodePorts): what matters here are the bytes.
    deepStrictEqual({ code: result.code, stderr: result.stderr, last: result.stdout.trimEnd().split('\n').pop() }, { code: 0, stderr: '', last: '5 findings in 1 file' });
    deepStrictEqual(read('lf-crlf.yaml'), Buffer.from(`${fixedHttp}${crlf(`---\n${fixedHttps}`)}`, 'utf8'));
    const second = runCli(dir, ['lint', '--fix', '--hostname-template', TEMPLATE, 'crlf-lf.yaml']);
    deepStrictEqual({ code: second.code, stderr: second.stderr, last: second.stdout.trimEnd().split('\n').pop() }, { code: 0, stderr: '', last: '5 findings in 1 file' });
    deepStrictEqual(read('crlf-lf.yaml'), Buffer.from(`${crlf(fixedHttps)}---\n${fixedHttp}`, 'utf8'));
  });

  it('without --hostname-template: changes nothing and says why on stderr', () => {
    dir = makeDir(SEED_FILES);
    const times = [mtime('http.yaml'), mtime('https.yaml')];
    const result = runCli(dir, ['lint', '--fix', 'http.yaml', 'https.yaml']);
    strictEqual(result.stdout, `${SEED_TEXT_LINES().join('\n')}\n`);
    deepStrictEqual(stderrLines(result), ['kube-lb-reach: --fix: no safe fix without --hostname-template or hostnameTemplate in .kube-lb-reach.yaml (the placeholder value is never written)']);
    strictEqual(result.code, 1);
    strictEqual(read('http.yaml').toString('utf8'), HTTP_TEXT);
    strictEqual(read('https.yaml').toString('utf8'), HTTPS_TEXT);
    deepStrictEqual([mtime('http.yaml'), mtime('https.yaml')], times);
    deepStrictEqual(listDir(dir), ['.kube-lb-reach.yaml', 'http.yaml', 'https.yaml']);
  });

  it('the template alone only marks the findings fixable in the JSON report; files are written with --fix only', () => {
    dir = makeDir(SEED_FILES);
    const result = runCli(dir, ['lint', '--format', 'json', '--hostname-template', TEMPLATE, 'http.yaml', 'https.yaml']);
    const report = JSON.parse(result.stdout) as { findings: { ruleId: string; fixable: boolean }[] };
    deepStrictEqual(report.findings.map((f) => [f.ruleId, f.fixable]), [
      [RULE, true],
      [RULE, true],
      ['local-policy-in-cluster-reach', true],
    ]);
    strictEqual(read('http.yaml').toString('utf8'), HTTP_TEXT);
    strictEqual(read('https.yaml').toString('utf8'), HTTPS_TEXT);
  });

  it('standard input is never "fixed": the report still shows its finding', () => {
    dir = makeDir();
    const result = runCli(dir, ['lint', '--fix', '--hostname-template', TEMPLATE, '-'], HTTP_TEXT);
    deepStrictEqual(result, { code: 0, stdout: `-:7:63 information ${LONE_RULE} ${LONE_INFO(CLB, '80/TCP')}\n1 finding in 1 file\n`, stderr: '' });
    deepStrictEqual(listDir(dir), []);
  });

  it('keeps the file mode of a fixed file', () => {
    dir = makeDir(SEED_FILES);
    chmodSync(path.join(dir, 'http.yaml'), 0o664);
    runCli(dir, ['lint', '--fix', '--hostname-template', TEMPLATE, 'http.yaml', 'https.yaml']);
    strictEqual(read('http.yaml').toString('utf8'), withHostname(HTTP_TEXT, 'web-http.default.example.net'));
    strictEqual((statSync(path.join(dir, 'http.yaml')).mode & 0o777).toString(8), '664');
  });

  it('fixes the target of a symbolic link and keeps the link', () => {
    dir = makeDir({ ...SEED_CONFIG, 'real/http.yaml': HTTP_TEXT, 'https.yaml': HTTPS_TEXT });
    symlinkSync(path.join('real', 'http.yaml'), path.join(dir, 'link.yaml'));
    runCli(dir, ['lint', '--fix', '--hostname-template', TEMPLATE, 'link.yaml', 'https.yaml']);
    strictEqual(lstatSync(path.join(dir, 'link.yaml')).isSymbolicLink(), true);
    strictEqual(read('real/http.yaml').toString('utf8'), withHostname(HTTP_TEXT, 'web-http.default.example.net'));
  });
});
