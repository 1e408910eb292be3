import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { describeAnswer, exportList, service, TWO_CLUSTERS } from '../helpers/workspace';
import { LONE_INFO, makeDir, refusedMessage, removeDir, runCli, stderrLines } from './run';

/**
 * The CLI's cluster scope: `.kube-lb-reach.yaml` found upward from each file (up to the git root),
 * its settings under the flags, its clusters, `ignorePaths` and `listenerFiles`, and
 * `--listeners-from`. Two Services of one cluster never warn on each other: what is refused is a
 * listener no Service of the cluster serves (a saved API answer, another cluster's Service).
 */

const RULE = 'reused-clb-other-listener-refused';
const LONE_RULE = 'reused-clb-listeners-unknown';
const lines = (...l: string[]): string => `${l.join('\n')}\n`;
const WEB = service({ name: 'web', clbId: 'lb-a', ports: [80] });
const FROM_FILE = (file: string): string => `443/TCP (the CLB's listener list in ${file})`;
const BEFORE_126 = (text: string): boolean => text.includes('Before Kubernetes 1.26');

interface JsonReport {
  clusters: { name: string; configFile: string | null; settings: Record<string, string>; files: string[] }[];
  problems: { file: string; message: string; kind: string; error: boolean }[];
  findings: { file: string; ruleId: string; message: string }[];
}
const json = (stdout: string): JsonReport => JSON.parse(stdout) as JsonReport;

describe('kube-lb-reach: config files, clusters and listener files', { timeout: 60_000 }, () => {
  let dir: string | undefined;
  afterEach(() => {
    removeDir(dir);
    dir = undefined;
  });

  it('--listeners-from FILE: the saved DescribeLoadBalancerAttribute answer makes 443 refused, definitely', () => {
    dir = makeDir({ 'web.yaml': WEB, 'lb-a.json': describeAnswer('lb-a', [[80, 'tcp'], [443, 'https']]) });
    const without = runCli(dir, ['lint', 'web.yaml']);
    deepStrictEqual(without, { code: 0, stdout: lines(`web.yaml:7:63 information ${LONE_RULE} ${LONE_INFO('lb-a', '80/TCP')}`, '1 finding in 1 file'), stderr: '' });
    const result = runCli(dir, ['lint', '--listeners-from', 'lb-a.json', 'web.yaml']);
    deepStrictEqual(result, { code: 1, stdout: lines(`web.yaml:7:63 warning ${RULE} ${refusedMessage('lb-a', '80/TCP', FROM_FILE('lb-a.json'))}`, '1 finding in 1 file'), stderr: '' });
  });

  it('--listeners-from: a missing file is exit 2 naming it; a file that is not an answer is a notice naming it, and the run goes on', () => {
    dir = makeDir({ 'web.yaml': WEB, 'bad.json': '{"LoadBalancerId": ', 'other.json': '{"Hello": 1}' });
    deepStrictEqual(runCli(dir, ['lint', '--listeners-from', 'nope.json', 'web.yaml']), { code: 2, stdout: '', stderr: 'kube-lb-reach: --listeners-from nope.json: file not found\n' });
    const result = runCli(dir, ['lint', '--listeners-from', 'bad.json', '--listeners-from', 'other.json', 'web.yaml']);
    strictEqual(result.code, 0);
    strictEqual(result.stdout, lines(`web.yaml:7:63 information ${LONE_RULE} ${LONE_INFO('lb-a', '80/TCP')}`, '1 finding in 1 file'));
    const stderr = stderrLines(result);
    strictEqual(stderr.length, 2, result.stderr);
    strictEqual(stderr[0]!.startsWith('kube-lb-reach: bad.json: listener file: not JSON: '), true, stderr[0]);
    strictEqual(stderr[1]!.startsWith('kube-lb-reach: other.json: listener file: not an answer of DescribeLoadBalancerAttribute'), true, stderr[1]);
    // In the machine formats too: an input problem, a notice.
    const report = json(runCli(dir, ['lint', '--format', 'json', '--listeners-from', 'other.json', 'web.yaml']).stdout);
    deepStrictEqual(report.problems.map((p) => [p.file, p.kind, p.error]), [['other.json', 'input', false]]);
  });

  it('the nearest config file upward from each file, up to the git root: a config above the repository is not read', () => {
    dir = makeDir({
      // Above the repository: never read from inside it.
      '.kube-lb-reach.yaml': 'kubernetesVersion: "1.25"\nknownListeners:\n  lb-a: ["8080"]\n',
      'repo/.git/HEAD': 'ref: refs/heads/main\n',
      'repo/.kube-lb-reach.yaml': 'knownListeners:\n  lb-a: ["443/TCP"]\n',
      'repo/k8s/apps/web.yaml': WEB,
      // Nearer to this one: its own config file, which knows no other listener.
      'repo/k8s/tools/.kube-lb-reach.yml': 'kubeProxyMode: iptables\n',
      'repo/k8s/tools/web.yaml': service({ name: 'tools', clbId: 'lb-t', ports: [80] }),
      'loose/web.yaml': WEB,
    });
    const result = runCli(`${dir}/repo/k8s/apps`, ['lint', '--format', 'json', 'web.yaml', '../tools/web.yaml']);
    const report = json(result.stdout);
    const tools = `${dir}/repo/k8s/tools/web.yaml`;
    // Under iptables (the nearer config) nothing is bound: no reused-CLB finding for tools.
    deepStrictEqual(report.findings.map((f) => [f.file, f.ruleId]), [['web.yaml', RULE], [tools, 'lb-layer4-loopback']]);
    strictEqual(report.findings[0]!.message, refusedMessage('lb-a', '80/TCP', '443/TCP (the knownListeners setting)'));
    deepStrictEqual(report.clusters.map((c) => [c.configFile, c.settings['kubernetesVersion'], c.settings['proxyMode'], c.files]), [
      [`${dir}/repo/.kube-lb-reach.yaml`, '1.34', 'ipvs', ['web.yaml']],
      [`${dir}/repo/k8s/tools/.kube-lb-reach.yml`, '1.34', 'iptables', [tools]],
    ]);
    // Outside a git repository the search goes up to the filesystem root: the config above is read.
    const loose = runCli(`${dir}/loose`, ['lint', 'web.yaml']);
    strictEqual(loose.stdout, lines(`web.yaml:7:63 warning ${RULE} ${refusedMessage('lb-a', '80/TCP', '8080/TCP (the knownListeners setting)', 25)}`, '1 finding in 1 file'));
    strictEqual(BEFORE_126(loose.stdout), true);
  });

  it('precedence: built-in defaults < config file < its cluster < flags', () => {
    dir = makeDir({
      '.kube-lb-reach.yaml': 'kubernetesVersion: "1.25"\nknownListeners:\n  lb-a: ["443"]\nclusters:\n  - name: old\n    paths: ["old/**"]\n    kubernetesVersion: "1.22"\n',
      'web.yaml': WEB,
      'old/web.yaml': WEB,
    });
    const versions = (args: string[]): [string, string][] => json(runCli(dir!, ['lint', '--format', 'json', ...args, 'web.yaml', 'old/web.yaml']).stdout).clusters.map((c) => [c.name, c.settings['kubernetesVersion']!]);
    deepStrictEqual(versions([]), [['default', '1.25'], ['old', '1.22']]);
    deepStrictEqual(versions(['--kubernetes-version', '1.34']), [['default', '1.34'], ['old', '1.34']]);
    // The config's value reaches the rules (the pre-1.26 sentence); the flag's replaces it.
    strictEqual(BEFORE_126(runCli(dir, ['lint', 'web.yaml']).stdout), true);
    strictEqual(BEFORE_126(runCli(dir, ['lint', '--kubernetes-version', '1.30', 'web.yaml']).stdout), false);
    // knownListeners merge per load balancer: the flag's list for lb-a replaces the config's.
    const flagged = runCli(dir, ['lint', '--kubernetes-version', '1.30', '--known-listener', 'lb-a=8443', 'web.yaml']);
    strictEqual(flagged.stdout, lines(`web.yaml:7:63 warning ${RULE} ${refusedMessage('lb-a', '80/TCP', '8443/TCP (the knownListeners setting)')}`, '1 finding in 1 file'));
  });

  it('a broken config file: each problem a `file:line:col error config-invalid message` line, exit 2, nothing analysed', () => {
    dir = makeDir({ '.kube-lb-reach.yaml': 'kubernetesVersion: 1.25\nclusterz: []\n', 'web.yaml': WEB });
    deepStrictEqual(runCli(dir, ['lint', 'web.yaml']), {
      code: 2,
      stdout: '',
      stderr: lines(
        'kube-lb-reach: .kube-lb-reach.yaml:1:20 error config-invalid kubernetesVersion must be string.',
        'kube-lb-reach: .kube-lb-reach.yaml:2:1 error config-invalid Unknown key "clusterz"; the keys are listed in docs/configuration.md.',
      ),
    });
    // explain reads the same config file, and refuses the same way.
    const explained = runCli(dir, ['explain', 'web.yaml']);
    deepStrictEqual([explained.code, explained.stdout, stderrLines(explained).length], [2, '', 3]);
    // Not YAML at all: still a line with its place, never a crash.
    dir = (removeDir(dir), makeDir({ '.kube-lb-reach.yaml': 'clusters: [\n', 'web.yaml': WEB }));
    const broken = runCli(dir, ['lint', 'web.yaml']);
    strictEqual(broken.code, 2);
    strictEqual(/^kube-lb-reach: \.kube-lb-reach\.yaml:\d+:\d+ error config-invalid /.test(broken.stderr), true, broken.stderr);
  });

  it('ignorePaths: the file is not analysed, with the reason, in every format', () => {
    dir = makeDir({ '.kube-lb-reach.yaml': 'ignorePaths: ["vendor/**"]\n', 'vendor/web.yaml': WEB, 'web.yaml': WEB.replace('name: web', 'name: mine') });
    const reason = 'ignored: it matches ignorePaths "vendor/**" of';
    const text = runCli(dir, ['lint', '.']);
    strictEqual(text.code, 0);
    strictEqual(text.stdout.endsWith('1 finding in 2 files\n'), true, text.stdout);
    deepStrictEqual(stderrLines(text).map((l) => l.slice(0, `kube-lb-reach: vendor/web.yaml: ${reason}`.length)), [`kube-lb-reach: vendor/web.yaml: ${reason}`]);
    const report = json(runCli(dir, ['lint', '--format', 'json', '.']).stdout);
    deepStrictEqual(report.problems.map((p) => [p.file, p.kind, p.error, p.message.startsWith(reason)]), [['vendor/web.yaml', 'not-analysed', false, true]]);
    deepStrictEqual(report.findings.map((f) => f.file), ['web.yaml']);
    const github = runCli(dir, ['lint', '--format', 'github', '.']).stdout;
    strictEqual(github.includes(`::notice file=vendor/web.yaml,title=kube-lb-reach(not-analysed)::${reason}`), true, github);
    const sarif = JSON.parse(runCli(dir, ['lint', '--format', 'sarif', '.']).stdout) as { runs: { invocations: { toolExecutionNotifications: { message: { text: string } }[] }[] }[] };
    strictEqual(sarif.runs[0]!.invocations[0]!.toolExecutionNotifications.some((n) => n.message.text.startsWith(reason)), true);
  });

  it('two clusters in one repository: each is refused on the listener only the other serves', () => {
    dir = makeDir({
      '.kube-lb-reach.yaml': `${TWO_CLUSTERS}    kubernetesVersion: "1.30"\n`,
      'prod/web.yaml': service({ name: 'web', clbId: 'lb-s', ports: [443] }),
      'staging/web.yaml': service({ name: 'web', clbId: 'lb-s', ports: [8443] }),
      // A second Service of prod on the same CLB: served in prod, so never refused there.
      'prod/api.yaml': service({ name: 'api', clbId: 'lb-s', ports: [9000] }),
    });
    const result = runCli(dir, ['lint', '--format', 'json', '.']);
    strictEqual(result.code, 1);
    const report = json(result.stdout);
    deepStrictEqual(report.findings.map((f) => [f.file, f.ruleId]), [['prod/api.yaml', RULE], ['prod/web.yaml', RULE], ['staging/web.yaml', RULE]]);
    const prodOwn = (own: string): string => refusedMessage('lb-s', own, '8443/TCP (Service default/web of cluster staging)');
    strictEqual(report.findings[0]!.message, prodOwn('9000/TCP and those of default/web'));
    strictEqual(report.findings[1]!.message, prodOwn('443/TCP and those of default/api'));
    strictEqual(
      report.findings[2]!.message,
      refusedMessage('lb-s', '8443/TCP', '443/TCP (Service default/web of cluster prod), 9000/TCP (Service default/api of cluster prod)', 30, '443/TCP, 9000/TCP'),
    );
    deepStrictEqual(report.clusters.map((c) => [c.name, c.settings['kubernetesVersion'], c.files]), [
      ['prod', '1.34', ['prod/api.yaml', 'prod/web.yaml']],
      ['staging', '1.30', ['staging/web.yaml']],
    ]);
  });

  it('an export (`kubectl get svc -A -o yaml`) under a cluster\'s paths is that cluster\'s Services: what it serves by IP is not refused', () => {
    const exported = (ingress: { ip?: string; hostname?: string }): string => exportList([{ name: 'api', clbId: 'lb-a', ports: [443], ingress: [ingress] }]);
    const files = (ingress: { ip?: string; hostname?: string }): Record<string, string> => ({
      '.kube-lb-reach.yaml': `${TWO_CLUSTERS}listenerFiles: ["clb/*.json"]\n`,
      'clb/lb-a.json': describeAnswer('lb-a', [[80, 'tcp'], [443, 'tcp']]),
      'prod/web.yaml': WEB,
      'prod/cluster-export.yaml': exported(ingress),
    });
    dir = makeDir(files({ ip: '47.95.0.10' }));
    // The exported api Service reports the IP and serves 443 in prod: nothing is refused, the listeners are all known.
    deepStrictEqual(runCli(dir, ['lint', 'prod']), { code: 0, stdout: '0 findings in 2 files\n', stderr: '' });
    removeDir(dir);
    // Reporting only a hostname, it has no IPVS rule: 443 is refused in prod.
    dir = makeDir(files({ hostname: 'api.example.net' }));
    const refused = runCli(dir, ['lint', 'prod']);
    strictEqual(refused.code, 1);
    strictEqual(refused.stdout.startsWith(`prod/web.yaml:7:63 warning ${RULE} `), true, refused.stdout);
    strictEqual(refused.stdout.includes('443/TCP (Service default/api, which reports only a hostname'), true, refused.stdout);
  });

  it('explain FILE reads the config file above it too: the version of its cluster, under the flags', () => {
    dir = makeDir({ '.kube-lb-reach.yaml': 'clusters:\n  - name: old\n    paths: ["old/**"]\n    kubernetesVersion: "1.23"\n', 'old/web.yaml': WEB });
    const versionOf = (args: string[]): string | undefined => (JSON.parse(runCli(dir!, ['explain', '--format', 'json', ...args, 'old/web.yaml']).stdout) as { kubernetesVersion: string }[])[0]?.kubernetesVersion;
    strictEqual(versionOf([]), '1.23');
    strictEqual(versionOf(['--kubernetes-version', '1.30']), '1.30');
  });

  it('a config warning (a value the settings cannot use) is a line and the run goes on; the same value from a flag is a usage error', () => {
    dir = makeDir({ '.kube-lb-reach.yaml': 'kubernetesVersion: "1.10"\n', 'web.yaml': WEB });
    const withConfig = runCli(dir, ['lint', '--proxy-mode', 'iptables', 'web.yaml']);
    deepStrictEqual([withConfig.code, withConfig.stderr], [0, '']);
    const warned = runCli(dir, ['lint', '--proxy-mode', 'nftables', 'web.yaml']);
    strictEqual(warned.code, 2);
    strictEqual(warned.stdout, '');
    strictEqual(/^kube-lb-reach: cluster default of \.kube-lb-reach\.yaml: kubeProxyMode nftables at kubernetesVersion 1\.10: /.test(warned.stderr), true, warned.stderr);
    removeDir(dir);
    dir = makeDir({ '.kube-lb-reach.yaml': 'kubernetesVersion: "1.10"\nkubeProxyMode: nftables\n', 'web.yaml': WEB });
    const fromConfig = runCli(dir, ['lint', 'web.yaml']);
    strictEqual(fromConfig.code, 0);
    strictEqual(fromConfig.stdout, '0 findings in 1 file\n');
    // One line, the config file's warning with its place; the analysis has no answer for that mode, so no finding.
    strictEqual(/^kube-lb-reach: \.kube-lb-reach\.yaml:2:16 warning config-invalid kubeProxyMode nftables at kubernetesVersion 1\.10: [^\n]*\n$/.test(fromConfig.stderr), true, fromConfig.stderr);
  });
});
