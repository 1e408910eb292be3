import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import * as fc from 'fast-check';
import { LanguageService, parseConfigFile, RULES, type RawSettings } from '../../server/src/core';
import { describeAnswer } from '../helpers/workspace';
import { mutate, mutation, newStats, type Stats } from './fuzzing';
import { GOOD } from './inputs';
import { assertSoundAnalysis } from './oracle';
import { HTTP_TEXT } from './support';

/**
 * Generators and properties for the files beside the manifests: `.kube-lb-reach.yaml` config
 * files and saved listener answers (JSON). Whatever they hold, nothing throws, every problem of a
 * config points inside its text, and the manifests go on being analysed soundly.
 */

const ROOT = '/repo';
const CONFIG = `${ROOT}/.kube-lb-reach.yaml`;
const LISTENER_FILE = `${ROOT}/clb/lb.json`;
const MANIFESTS = [`${ROOT}/prod/good.yaml`, `${ROOT}/svc-http.yaml`, `${ROOT}/vendor/x/good.yaml`] as const;
const TEXTS: Readonly<Record<(typeof MANIFESTS)[number], string>> = { [MANIFESTS[0]]: GOOD, [MANIFESTS[1]]: HTTP_TEXT, [MANIFESTS[2]]: GOOD.replace('name: good', 'name: vendored') };
/** The editor's own settings, one object for the whole run (settingsFor caches by identity). */
const LAYER: RawSettings = {};
/** The config in force before the generated one: it must stay in force when the generated one has an error. */
const GOOD_CONFIG = 'kubernetesVersion: "1.27"\n';

const version = fc.constantFrom('"1.28"', '1.28', '"1.33.6"', '1.30', '"1.x"', '2', '~', '""', '[1]', '"1.19"');
const proxyMode = fc.constantFrom('ipvs', 'iptables', 'nftables', 'ebpf', 'IPVS', '~');
const listenerSpec = fc.constantFrom('"443/TCP"', '"8443"', '443', '"80/UDP"', '"x"', '"70000"', '""', '{}', '"443/SCTP"');
const lbId = fc.constantFrom('lb-article-clb1', 'lb-robust-good', '__proto__', 'constructor', '"lb 2"', '""');
const glob = fc.constantFrom('"prod/**"', '"**/*.json"', '"clb/*.json"', '"["', '"a/{b,c}/*"', '""', '"/abs/**"', '"../up/**"', '42', '"**"', '"vendor/**"', '"!(x)"');
const clusterName = fc.constantFrom('prod', 'staging', 'default', '""', '"a b"', '~', '1');
const ruleLevel = fc.constantFrom('off', 'error', 'warning', 'information', 'hint', 'loud', '0', '~');
const ruleId = fc.constantFrom(...RULES.map((r) => r.id), 'no-such-rule', '__proto__');
const list = <T extends string>(item: fc.Arbitrary<T>): fc.Arbitrary<string> => fc.array(item, { maxLength: 3 }).map((items) => `[${items.join(', ')}]`);

const knownListeners = fc.array(fc.tuple(lbId, list(listenerSpec)), { maxLength: 2 }).map((entries) => `knownListeners:${entries.length === 0 ? ' {}' : entries.map(([id, specs]) => `\n  ${id}: ${specs}`).join('')}`);

const cluster = fc
  .record({
    name: fc.option(clusterName, { nil: undefined, freq: 6 }),
    paths: fc.option(list(glob), { nil: undefined, freq: 6 }),
    version: fc.option(version, { nil: undefined }),
    mode: fc.option(proxyMode, { nil: undefined }),
    extra: fc.option(fc.constantFrom('hostnameTemplate: x', 'knownListeners: {lb-1: ["8443"]}', 'clusters: []'), { nil: undefined, freq: 4 }),
  })
  .map(({ name, paths, version: v, mode, extra }) => {
    const lines = [name !== undefined ? `name: ${name}` : undefined, paths !== undefined ? `paths: ${paths}` : undefined, v && `kubernetesVersion: ${v}`, mode && `kubeProxyMode: ${mode}`, extra].filter((l): l is string => l !== undefined);
    return lines.length === 0 ? '  - {}' : lines.map((l, i) => `${i === 0 ? '  - ' : '    '}${l}`).join('\n');
  });

/** One top-level entry of a config file, right or wrong. */
const configEntry = fc.oneof(
  version.map((v) => `kubernetesVersion: ${v}`),
  proxyMode.map((m) => `kubeProxyMode: ${m}`),
  fc.constantFrom('v2.14.0', '2.3.0', '"x"', '~').map((v) => `ccmVersion: ${v}`),
  fc.constantFrom('"${name}.example.net"', '"${nope}"', '""', 'x', '"${name}.${namespace}.example.net"').map((t) => `hostnameTemplate: ${t}`),
  knownListeners,
  list(glob).map((g) => `listenerFiles: ${g}`),
  list(glob).map((g) => `ignorePaths: ${g}`),
  fc.array(fc.tuple(ruleId, ruleLevel), { maxLength: 3 }).map((rules) => `rules:${rules.length === 0 ? ' {}' : rules.map(([id, level]) => `\n  ${id}: ${level}`).join('')}`),
  fc.array(cluster, { maxLength: 3 }).map((clusters) => `clusters:${clusters.length === 0 ? ' []' : `\n${clusters.join('\n')}`}`),
  fc.constantFrom('clusterz: []', 'backendType: eni', '? [a]\n: b', '<<: {kubeProxyMode: ipvs}', 'kubernetesVersion: &v "1.28"\nccmVersion: *v'),
);

/** Config texts: mostly well-formed (so the settings and clusters are reached), then mutated, or plain odd text. */
export const configText: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.array(configEntry, { maxLength: 6 }).map((entries) => `${entries.join('\n')}\n`) },
  { weight: 3, arbitrary: fc.tuple(fc.array(configEntry, { minLength: 1, maxLength: 5 }), fc.array(mutation, { minLength: 1, maxLength: 4 })).map(([entries, mutations]) => mutations.reduce(mutate, `${entries.join('\n')}\n`)) },
  {
    weight: 1,
    arbitrary: fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.constantFrom('', '~', '[1, 2]', 'just text', 'a: 1\n---\nb: 2\n', '\uFEFFkubeProxyMode: ipvs\n', 'kubeProxyMode: ipvs\r\nclusters: [\r\n', `a: ${'['.repeat(3000)}`, `rules: {${'x: {'.repeat(500)}`),
    ),
  },
);

const port = fc.oneof({ weight: 5, arbitrary: fc.constantFrom<unknown>(80, 443, 8443, 53) }, { weight: 1, arbitrary: fc.constantFrom<unknown>(0, 70000, -1, 1.5, '443', 'x', null, [443], 2 ** 53) });
const protocol = fc.oneof({ weight: 5, arbitrary: fc.constantFrom<unknown>('http', 'https', 'tcp', 'udp') }, { weight: 1, arbitrary: fc.constantFrom<unknown>('TCP', 'quic', null, 1, undefined, '') });
const answerLbId = fc.oneof({ weight: 4, arbitrary: fc.constantFrom<unknown>('lb-article-clb1', 'lb-robust-good') }, { weight: 1, arbitrary: fc.constantFrom<unknown>('__proto__', '', 7, null) });
const listenerEntries = fc.array(fc.record({ ListenerPort: port, ListenerProtocol: protocol }), { maxLength: 4 });

/** Listener answers: the API's shapes with right and wrong values, other JSON, and text that is not JSON at all. */
export const listenerFileText: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.tuple(fc.constantFrom('lb-article-clb1', 'lb-robust-good'), fc.array(fc.tuple(fc.constantFrom(80, 443, 8443, 9443), fc.constantFrom('http', 'https', 'tcp', 'udp')), { maxLength: 4 })).map(([id, listeners]) => describeAnswer(id, listeners)),
  },
  { weight: 2, arbitrary: fc.tuple(answerLbId, listenerEntries).map(([id, entries]) => JSON.stringify({ LoadBalancerId: id, ListenerPortsAndProtocol: { ListenerPortAndProtocol: entries } })) },
  { weight: 1, arbitrary: fc.tuple(answerLbId, listenerEntries).map(([id, entries]) => JSON.stringify({ LoadBalancerId: id, ListenerPortsAndProtocal: { ListenerPortAndProtocal: entries.map((e) => ({ ListenerPort: e.ListenerPort, ListenerProtocal: e.ListenerProtocol })) } })) },
  { weight: 1, arbitrary: fc.tuple(answerLbId, fc.array(port, { maxLength: 4 })).map(([id, ports]) => JSON.stringify({ LoadBalancerId: id, ListenerPorts: { ListenerPort: ports } })) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.array(fc.record({ LoadBalancerId: answerLbId, ListenerPort: port, ListenerProtocol: protocol }), { maxLength: 4 }), fc.constantFrom<unknown>(undefined, '', 'page-2', 3))
      .map(([listeners, next]) => JSON.stringify({ Listeners: listeners, ...(next !== undefined ? { NextToken: next } : {}) })),
  },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value)) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(describeAnswer('lb-article-clb1', [[443, 'https']])), fc.nat()).map(([text, cut]) => text.slice(0, cut % text.length)) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('', 'not json', '\uFEFF{}', 'null', '[]', '{"LoadBalancerId": {"toString": 1}}', `${'['.repeat(5000)}${']'.repeat(5000)}`, JSON.stringify({ LoadBalancerId: 'lb-article-clb1', ListenerPorts: { ListenerPort: Array.from({ length: 20_000 }, (_, i) => i + 1) } })),
  },
);

/** The service of a repository with the manifests, one good config in force. */
function workspace(): LanguageService {
  const ls = new LanguageService();
  ls.setRoots({ roots: [ROOT], rootsAreClusters: true });
  for (const uri of MANIFESTS) ls.update(uri, TEXTS[uri]);
  ls.setConfig(CONFIG, GOOD_CONFIG);
  return ls;
}

/** Every manifest is analysed soundly with the settings of its cluster, whatever the scopes say. */
function assertManifestsSound(ls: LanguageService): void {
  for (const uri of MANIFESTS) {
    ls.scopeOf(uri);
    ls.notAnalysed(uri);
    const { settings } = ls.settingsFor(uri, LAYER);
    assertSoundAnalysis(ls.parsed(uri)!, ls.diagnostics(uri, settings));
    ls.hover(uri, 0, settings, (id) => id);
  }
}

/**
 * Property: a config text never makes anything throw; its problems lie inside it and say something;
 * a config with an error takes no effect (the good one before it stays in force); the manifests are
 * analysed soundly under it, and once it is removed.
 */
export function configIsSound(text: string, stats: Stats = newStats()): void {
  stats.runs++;
  const parsed = parseConfigFile(text);
  for (const problem of parsed.problems) {
    ok(problem.span.start >= 0 && problem.span.start <= problem.span.end && problem.span.end <= text.length, `a problem lies inside the text: ${JSON.stringify(problem)}`);
    ok(problem.message.trim() !== '', 'a problem says what is wrong');
    ok(problem.severity === 'error' || problem.severity === 'warning', `severity ${problem.severity}`);
  }
  if (parsed.problems.length > 0) stats.withFindings++;
  if (parsed.config === undefined) ok(parsed.problems.some((p) => p.severity === 'error'), 'a config that takes no effect says why, as an error');
  else stats.withFixes++;

  const ls = workspace();
  const { parsed: read } = ls.setConfig(CONFIG, text);
  // As parseConfigFile does; only where a too deep text overflows the stack depends on the caller's depth.
  const said = (problems: typeof parsed.problems): string[] => problems.map((p) => `${p.severity}: ${p.message}`);
  deepStrictEqual(said(read.problems), said(parsed.problems), 'the service reads the config as parseConfigFile does');
  for (const problem of read.problems) ok(problem.span.start >= 0 && problem.span.start <= problem.span.end && problem.span.end <= text.length, `a problem lies inside the text: ${JSON.stringify(problem)}`);
  ls.listenerFileGlobs();
  if (read.config === undefined) {
    for (const uri of MANIFESTS) strictEqual(ls.settingsFor(uri, LAYER).settings.kubernetesVersion.text, '1.27', `the last good config stays in force for ${uri}`);
  }
  assertManifestsSound(ls);
  ls.removeConfig(CONFIG);
  assertManifestsSound(ls);
}

/**
 * Property: a listener file never makes anything throw; its problems are sentences; the manifests
 * are analysed soundly with it; removing it gives back the findings they had without it.
 */
export function listenerFileIsSound(text: string, stats: Stats = newStats()): void {
  stats.runs++;
  const ls = workspace();
  const findings = (): string[] => MANIFESTS.flatMap((uri) => ls.diagnostics(uri, ls.settingsFor(uri, LAYER).settings).findings.map((f) => `${uri} ${f.ruleId} ${f.message}`));
  const before = findings();
  const result = ls.setListenerFile(LISTENER_FILE, text);
  ok(result.lbIds.every((id) => typeof id === 'string'), 'load balancer ids are strings');
  ok(result.problems.every((p) => typeof p === 'string' && p.trim() !== ''), `problems are sentences: ${JSON.stringify(result.problems)}`);
  if (result.lbIds.length > 0) stats.withFindings++;
  assertManifestsSound(ls);
  if (findings().join('\n') !== before.join('\n')) stats.withFixes++;
  ls.removeListenerFile(LISTENER_FILE);
  deepStrictEqual(findings(), before, 'removing the listener file gives back the findings without it');
}
