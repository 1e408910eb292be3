import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { CONFIG_SCHEMA_PATH, configSchema, LanguageService, parseConfigFile } from '../../server/src/core';
import { service, spanOf, TestWorkspace, TWO_CLUSTERS } from '../helpers/workspace';

const ROOT = path.resolve(__dirname, '..', '..', '..');

/** [message, the text the problem points at, severity] of a config text. */
function problems(text: string): [string, string, string][] {
  return parseConfigFile(text).problems.map((p) => [p.message, text.slice(p.span.start, p.span.end), p.severity]);
}

describe('the config file', () => {
  it('reads every key: settings, listenerFiles, ignorePaths, clusters with their own settings', () => {
    const parsed = parseConfigFile(
      [
        'kubernetesVersion: "1.28"',
        'kubeProxyMode: ipvs',
        'hostnameTemplate: ${name}.example.net',
        'knownListeners:',
        '  lb-1: ["443/TCP", "8443"]',
        'listenerFiles: ["clb/*.json"]',
        'ignorePaths: ["vendor/**"]',
        ...TWO_CLUSTERS.trimEnd().split('\n'),
        '    kubernetesVersion: "1.33.6"',
        '    kubeProxyMode: nftables',
      ].join('\n'),
    );
    deepStrictEqual(parsed.problems, []);
    deepStrictEqual(parsed.config?.raw, { kubernetesVersion: '1.28', kubeProxyMode: 'ipvs', knownListeners: { 'lb-1': ['443/TCP', '8443'] }, hostnameTemplate: '${name}.example.net' });
    deepStrictEqual(parsed.config.listenerFiles, ['clb/*.json']);
    deepStrictEqual(parsed.config.ignorePaths, ['vendor/**']);
    deepStrictEqual(parsed.config.clusters.map((c) => [c.name, c.paths, c.raw]), [
      ['prod', ['prod/**'], {}],
      ['staging', ['staging/**'], { kubernetesVersion: '1.33.6', kubeProxyMode: 'nftables' }],
    ]);
  });

  it('an unknown key, a wrong value, a missing name: errors at their place, and no config', () => {
    deepStrictEqual(problems('kubernetesVersion: "1.28"\nkubeProxyMode: ebpf\nclusterz: []\n'), [
      ['kubeProxyMode must be one of ipvs, iptables, nftables.', 'ebpf', 'error'],
      ['Unknown key "clusterz"; the keys are listed in docs/configuration.md.', 'clusterz', 'error'],
    ]);
    deepStrictEqual(problems('clusters:\n  - paths: ["a/**"]\n'), [['clusters.0 lacks "name".', 'paths: ["a/**"]\n', 'error']]);
    deepStrictEqual(problems('clusters:\n  - name: a\n    paths: ["a/**"]\n    hostnameTemplate: x\n'), [['Unknown key in clusters.0: "hostnameTemplate"; the keys are listed in docs/configuration.md.', 'hostnameTemplate', 'error']]);
    strictEqual(parseConfigFile('kubeProxyMode: ebpf\n').config, undefined);
  });

  it('a YAML syntax error, two documents, two clusters of one name, the reserved name default', () => {
    deepStrictEqual(problems('clusters: [\n').map(([m, , s]) => [m.startsWith('YAML syntax error'), s]), [[true, 'error']]);
    deepStrictEqual(problems('a: 1\n---\nb: 2\n').map(([m]) => m), ['The config file holds more than one YAML document; write one.']);
    deepStrictEqual(problems('clusters:\n  - name: a\n    paths: [x]\n  - name: a\n    paths: [y]\n'), [['Two clusters are named "a".', 'a', 'error']]);
    deepStrictEqual(problems('clusters:\n  - name: default\n    paths: [x]\n'), [['The cluster name "default" is taken by the manifests that match no cluster; choose another.', 'default', 'error']]);
  });

  it('a combination the model has no answer for is a warning at the value; the config stays in force', () => {
    const parsed = parseConfigFile('kubernetesVersion: "1.25"\nkubeProxyMode: nftables\n');
    strictEqual(parsed.config !== undefined, true);
    deepStrictEqual(parsed.problems.map((p) => [p.severity, parsed.lineIndex.positionAt(p.span.start).line]), [['warning', 1]]);
  });

  it('an empty file or one of comments is a config with nothing set', () => {
    deepStrictEqual(parseConfigFile('# nothing yet\n').config?.raw, {});
    deepStrictEqual(parseConfigFile('').problems.length, 0);
  });

  it('aliases are bounded: a billion-laughs config is refused, not expanded', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...Array.from({ length: 8 }, (_, i) => `${'bcdefghi'[i]}: &${'bcdefghi'[i]} [*${'abcdefgh'[i]},*${'abcdefgh'[i]},*${'abcdefgh'[i]},*${'abcdefgh'[i]},*${'abcdefgh'[i]},*${'abcdefgh'[i]},*${'abcdefgh'[i]},*${'abcdefgh'[i]},*${'abcdefgh'[i]}]`)].join('\n');
    const parsed = parseConfigFile(bomb);
    strictEqual(parsed.config, undefined);
    strictEqual(parsed.problems.length, 1);
  });

  it('schemas/kube-lb-reach.schema.json is the one generated from the settings descriptor', () => {
    deepStrictEqual(JSON.parse(readFileSync(path.join(ROOT, CONFIG_SCHEMA_PATH), 'utf8')), JSON.parse(JSON.stringify(configSchema())));
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { contributes: { yamlValidation: unknown } };
    deepStrictEqual(pkg.contributes.yamlValidation, [{ fileMatch: ['.kube-lb-reach.yaml', '.kube-lb-reach.yml'], url: `./${CONFIG_SCHEMA_PATH}` }]);
  });
});

describe('cluster scope', () => {
  const repo = (files: Record<string, string>, layer: Record<string, unknown> = {}): TestWorkspace => new TestWorkspace(files, layer, { roots: ['repo'] });

  it('a manifest belongs to the first cluster whose paths match, else the config root\'s default cluster', () => {
    const ws = repo({ 'repo/.kube-lb-reach.yaml': 'clusters:\n  - name: prod\n    paths: ["prod", "shared/prod-*.yaml"]\n  - name: all\n    paths: ["**"]\n' });
    const clusterOf = (file: string): string => ws.service.scopeOf(file).cluster.name;
    deepStrictEqual(['repo/prod/a/web.yaml', 'repo/shared/prod-db.yaml', 'repo/shared/web.yaml'].map(clusterOf), ['prod', 'prod', 'all']);
    const none = repo({ 'repo/.kube-lb-reach.yaml': TWO_CLUSTERS });
    strictEqual(none.service.scopeOf('repo/tools/x.yaml').cluster.key, 'repo/.kube-lb-reach.yaml#default');
  });

  it('the nearest config upward wins, and the search stops at the root', () => {
    const ws = repo({ 'repo/.kube-lb-reach.yaml': 'kubernetesVersion: "1.28"\n', 'repo/team/.kube-lb-reach.yml': 'kubernetesVersion: "1.30"\n', '.kube-lb-reach.yaml': 'kubernetesVersion: "1.20"\n' });
    strictEqual(ws.settingsOf('repo/team/svc/a.yaml').kubernetesVersion.text, '1.30');
    strictEqual(ws.settingsOf('repo/a.yaml').kubernetesVersion.text, '1.28');
    // Outside every root no config file applies: the built-in default.
    strictEqual(ws.settingsOf('elsewhere/a.yaml').kubernetesVersion.text, '1.34');
  });

  it('without a config file each root is one cluster', () => {
    const service = new LanguageService();
    service.setRoots({ roots: ['file:///w/a', 'file:///w/b'], rootsAreClusters: true });
    deepStrictEqual([service.scopeOf('file:///w/a/x.yaml').cluster.key, service.scopeOf('file:///w/b/x.yaml').cluster.key], ['file:///w/a', 'file:///w/b']);
    service.setRoots({ roots: ['/w'], rootsAreClusters: false });
    strictEqual(service.scopeOf('/w/a/x.yaml').cluster.key, 'run');
  });

  it('precedence: built-in defaults < config file < its cluster < the adapter\'s layer; object settings merge per entry', () => {
    const config = 'kubernetesVersion: "1.28"\nknownListeners:\n  lb-1: ["443"]\n  lb-2: ["53/UDP"]\nclusters:\n  - name: prod\n    paths: [prod]\n    kubernetesVersion: "1.30"\n    knownListeners:\n      lb-2: ["8443"]\n';
    const settings = (file: string, layer: Record<string, unknown>): [string, string, string[][]] => {
      const s = repo({ 'repo/.kube-lb-reach.yaml': config }, layer).settingsOf(file);
      return [s.kubernetesVersion.text, s.proxyMode, [...s.knownListeners].map(([id, l]) => [id, ...l.map((x) => `${x.port}/${x.protocol}`)])];
    };
    deepStrictEqual(settings('repo/a.yaml', {}), ['1.28', 'ipvs', [['lb-1', '443/TCP'], ['lb-2', '53/UDP']]]);
    deepStrictEqual(settings('repo/prod/a.yaml', {}), ['1.30', 'ipvs', [['lb-1', '443/TCP'], ['lb-2', '8443/TCP']]]);
    deepStrictEqual(settings('repo/prod/a.yaml', { kubernetesVersion: '1.32', kubeProxyMode: 'iptables' }), ['1.32', 'iptables', [['lb-1', '443/TCP'], ['lb-2', '8443/TCP']]]);
  });

  it("rules: in the config file sets a rule's severity or turns it off for its manifests; an unknown id is an error at its place", () => {
    const manifest = service({ name: 'a', clbId: 'lb-1', policy: 'Local' });
    const ws = repo({ 'repo/.kube-lb-reach.yaml': 'rules:\n  reused-clb-listeners-unknown: "off"\n  local-policy-in-cluster-reach: error\n', 'repo/a.yaml': manifest });
    deepStrictEqual(ws.findings('repo/a.yaml').map((f) => [f.ruleId, f.severity]), [['local-policy-in-cluster-reach', 'error']]);
    deepStrictEqual(problems('rules:\n  no-such-rule: error\n'), [['Unknown key in rules: "no-such-rule"; the keys are listed in docs/configuration.md.', 'no-such-rule', 'error']]);
  });

  it('a broken config keeps the last good one in force; a removed one is forgotten', () => {
    const ws = repo({ 'repo/.kube-lb-reach.yaml': 'kubernetesVersion: "1.28"\n' });
    const result = ws.service.setConfig('repo/.kube-lb-reach.yaml', 'kubernetesVersion: [\n');
    strictEqual(result.parsed.config, undefined);
    strictEqual(ws.settingsOf('repo/a.yaml').kubernetesVersion.text, '1.28');
    ws.service.removeConfig('repo/.kube-lb-reach.yaml');
    strictEqual(ws.settingsOf('repo/a.yaml').kubernetesVersion.text, '1.34');
  });

  it('a config change re-analyses every file: the new cluster settings apply at once', () => {
    const ws = repo({ 'repo/a.yaml': service({ name: 'a', clbId: 'lb-1' }) });
    strictEqual(ws.findings('repo/a.yaml', 'reused-clb-listeners-unknown').length, 1);
    const affected = ws.service.setConfig('repo/.kube-lb-reach.yaml', 'kubeProxyMode: iptables\n').affected;
    deepStrictEqual([...affected], ['repo/a.yaml']);
    strictEqual(ws.findings('repo/a.yaml', 'reused-clb-listeners-unknown').length, 0);
  });

  it('ignorePaths: the file is not analysed, says why, and its Services are not in the index for others', () => {
    const ws = repo({
      'repo/.kube-lb-reach.yaml': 'ignorePaths: ["vendor/**"]\n',
      'repo/vendor/x.yaml': service({ name: 'x', clbId: 'lb-1', ports: [80] }),
      'repo/a.yaml': service({ name: 'a', clbId: 'lb-1', ports: [80] }),
    });
    deepStrictEqual(ws.findings('repo/vendor/x.yaml'), []);
    deepStrictEqual(ws.service.notAnalysed('repo/vendor/x.yaml').map((n) => n.reason), ['ignored: it matches ignorePaths "vendor/**" of repo/.kube-lb-reach.yaml']);
    deepStrictEqual(ws.findings('repo/a.yaml', 'reused-clb-port-conflict'), []);
    deepStrictEqual(ws.service.index.servicesReusing('alibaba:lb-1').map((s) => s.label), ['default/a']);
    strictEqual(spanOf(ws.text('repo/a.yaml'), 'lb-1').start > 0, true);
  });

  it('a listener file that is not an answer, or not JSON, says so and describes nothing', () => {
    const service = new LanguageService();
    deepStrictEqual(service.setListenerFile('a.json', '{"Foo": 1}').problems, ['not an answer of DescribeLoadBalancerAttribute (LoadBalancerId, ListenerPortsAndProtocol) or DescribeLoadBalancerListeners (Listeners)']);
    strictEqual(service.setListenerFile('b.json', '{').problems[0]!.startsWith('not JSON: '), true);
    deepStrictEqual(service.setListenerFile('c.json', JSON.stringify({ LoadBalancerId: 'lb-1', ListenerPortsAndProtocal: { ListenerPortAndProtocal: [{ ListenerPort: 80, ListenerProtocal: 'udp' }, { ListenerPort: 0, ListenerProtocal: 'tcp' }] } })), {
      lbIds: ['lb-1'],
      problems: ['ListenerPort 0 is not a port'],
      affected: new Set(),
    });
    deepStrictEqual(service.index.answeredListeners('alibaba:lb-1'), [{ source: 'c.json', listeners: [{ port: 80, protocol: 'UDP' }], complete: true }]);
    deepStrictEqual(service.setListenerFile('d.json', JSON.stringify({ LoadBalancerId: 'lb-2', ListenerPorts: { ListenerPort: ['443'] } })).lbIds, ['lb-2']);
    deepStrictEqual(service.index.answeredListeners('alibaba:lb-2')[0]!.listeners, [{ port: 443, protocol: 'TCP' }]);
  });
});
