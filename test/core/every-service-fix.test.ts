import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits, type Finding, type Fix } from '../../server/src/core';
import { describeAnswer, exportList, service, TestWorkspace, TWO_CLUSTERS } from '../helpers/workspace';

const CLB = 'lb-2ze8x7c0example';
const KEY = 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-hostname';
const REFUSED = 'reused-clb-other-listener-refused';
const TEMPLATE = { hostnameTemplate: '${name}.${namespace}.example.net' };

/** The article's CLB shared by two Services of one cluster, with a listener (8443) neither serves. */
const files = (): Record<string, string> => ({
  'a.yaml': service({ name: 'a', clbId: CLB, ports: [80] }),
  'b.yaml': service({ name: 'b', clbId: CLB, ports: [443] }),
  'lb.json': describeAnswer(CLB, [[80, 'tcp'], [443, 'tcp'], [8443, 'tcp']]),
});

const withHostname = (text: string, hostname: string): string => text.replace('  annotations:\n', `  annotations:\n    ${KEY}: "${hostname}"\n`);

function fixesOf(ws: TestWorkspace, name: string): readonly Fix[] {
  const [finding] = ws.findings(name, REFUSED);
  ok(finding, `${name}: ${REFUSED}`);
  return finding.fixes;
}

/** Applies a fix's edits to the real texts of every file it edits; returns the new texts by name. */
function applyFix(ws: TestWorkspace, name: string, fix: Fix): Record<string, string> {
  const result: Record<string, string> = { [name]: applyEdits(ws.text(name), fix.edits) };
  for (const other of fix.otherFiles ?? []) result[other.uri] = applyEdits(ws.service.parsed(other.uri)?.text ?? files()[other.uri]!, other.edits);
  return result;
}

const refusals = (ws: TestWorkspace, names: readonly string[]): Finding[] => names.flatMap((n) => ws.findings(n).filter((f) => f.ruleId.startsWith('reused-clb-') || f.ruleId === 'hostname-invalid'));

describe('the hostname fix on a reused CLB: every Service of this cluster on it', () => {
  it('is preferred, edits both files (the template filled in per Service), and afterwards nothing is refused', () => {
    const ws = new TestWorkspace(files(), TEMPLATE);
    const [every, , ...rest] = fixesOf(ws, 'a.yaml');
    deepStrictEqual(rest, []);
    deepStrictEqual([every!.title, every!.isPreferred, every!.safe], [`Add the hostname annotation to every Service of this cluster on CLB ${CLB} (default/a, default/b)`, true, true]);
    deepStrictEqual(every!.otherFiles?.map((f) => f.uri), ['b.yaml']);
    const fixed = applyFix(ws, 'a.yaml', every!);
    deepStrictEqual(fixed, {
      'a.yaml': withHostname(files()['a.yaml']!, 'a.default.example.net'),
      'b.yaml': withHostname(files()['b.yaml']!, 'b.default.example.net'),
    });
    const after = new TestWorkspace({ ...files(), ...fixed }, TEMPLATE);
    deepStrictEqual(refusals(after, ['a.yaml', 'b.yaml']), []);
  });

  it('the one-Service fix stays, not preferred, its title saying what stays refused', () => {
    const ws = new TestWorkspace(files(), TEMPLATE);
    const thisOnly = fixesOf(ws, 'a.yaml')[1]!;
    deepStrictEqual([thisOnly.title, thisOnly.isPreferred, thisOnly.safe, thisOnly.otherFiles], [
      'Add the hostname annotation to this Service only (default/b still reports the IP: 80/TCP, 8443/TCP stay refused)',
      false,
      true,
      undefined,
    ]);
    // What the title says: applied alone, b keeps the IP bound, a's own 80 loses its IPVS rule.
    const after = new TestWorkspace({ ...files(), 'a.yaml': applyEdits(ws.text('a.yaml'), thisOnly.edits) }, TEMPLATE);
    deepStrictEqual(after.findings('b.yaml', REFUSED).map((f) => f.data['ports']), ['80/TCP, 8443/TCP']);
    deepStrictEqual(after.findings('a.yaml', 'reused-clb-hostname-incomplete').map((f) => f.data['own']), ['80/TCP']);
  });

  it('edits a Service of a file the service does not retain (the background scan), from what the index kept', () => {
    const ws = new TestWorkspace({ 'a.yaml': files()['a.yaml']!, 'lb.json': files()['lb.json']! }, TEMPLATE);
    ws.service.update('b.yaml', files()['b.yaml']!, { retain: false });
    strictEqual(ws.service.parsed('b.yaml'), undefined);
    const every = fixesOf(ws, 'a.yaml')[0]!;
    deepStrictEqual(every.otherFiles?.map((f) => [f.uri, applyEdits(files()['b.yaml']!, f.edits)]), [['b.yaml', withHostname(files()['b.yaml']!, 'b.default.example.net')]]);
  });

  it('without a template: a tab stop over the placeholder in every file, not safe, so fix-all leaves it', () => {
    const ws = new TestWorkspace(files());
    const every = fixesOf(ws, 'a.yaml')[0]!;
    deepStrictEqual([every.title, every.isPreferred, every.safe], [`Add the hostname annotation to every Service of this cluster on CLB ${CLB} (default/a, default/b): fill in the DNS name of the CLB`, true, false]);
    const edits = [...every.edits, ...(every.otherFiles ?? []).flatMap((f) => f.edits)];
    deepStrictEqual(edits.map((e) => [e.newText, e.snippet]), [
      [`    ${KEY}: "<dns-name-of-this-clb>"\n`, `    ${KEY}: "\${1:<dns-name-of-this-clb>}"\n`],
      [`    ${KEY}: "<dns-name-of-this-clb>"\n`, `    ${KEY}: "\${1:<dns-name-of-this-clb>}"\n`],
    ]);
    deepStrictEqual(ws.service.codeActions('a.yaml', ws.settingsOf('a.yaml'), [], { quickFix: false, fixAll: true }), []);
    // What a client without snippets inserts is flagged, and silences nothing.
    const after = new TestWorkspace({ ...files(), ...applyFix(ws, 'a.yaml', every) });
    deepStrictEqual(after.findings('a.yaml', 'hostname-invalid').map((f) => f.messageId), ['placeholder']);
    deepStrictEqual(after.findings('a.yaml', REFUSED).map((f) => f.data['ports']), ['8443/TCP']);
  });

  it('fix-all applies it: the edits of both files, each once, from either file', () => {
    const ws = new TestWorkspace(files(), TEMPLATE);
    const [action] = ws.service.codeActions('a.yaml', ws.settingsOf('a.yaml'), [], { quickFix: false, fixAll: true });
    deepStrictEqual(action?.otherFiles.map((f) => f.uri), ['b.yaml']);
    const all = ws.service.fixAll(['a.yaml', 'b.yaml'], (uri) => ws.settingsOf(uri));
    deepStrictEqual(all.map((f) => [f.uri, f.edits.length]), [['a.yaml', 1], ['b.yaml', 1]]);
    const fixed = Object.fromEntries(all.map((f) => [f.uri, applyEdits(ws.text(f.uri), f.edits)]));
    deepStrictEqual(refusals(new TestWorkspace({ ...files(), ...fixed }, TEMPLATE), ['a.yaml', 'b.yaml']), []);
  });

  it('two Services in one file: one edit each, both in the file\'s own edits', () => {
    const text = `${service({ name: 'a', clbId: CLB, ports: [80] })}---\n${service({ name: 'b', clbId: CLB, ports: [443] })}`;
    const ws = new TestWorkspace({ 'ab.yaml': text, 'lb.json': files()['lb.json']! }, TEMPLATE);
    const every = fixesOf(ws, 'ab.yaml')[0]!;
    deepStrictEqual([every.edits.length, every.otherFiles], [2, []]);
    const fixed = applyEdits(text, every.edits);
    deepStrictEqual(refusals(new TestWorkspace({ 'ab.yaml': fixed, 'lb.json': files()['lb.json']! }, TEMPLATE), ['ab.yaml']), []);
  });

  it('only Services of this cluster: another cluster\'s Service on the CLB is not edited', () => {
    const ws = new TestWorkspace(
      { 'repo/.kube-lb-reach.yaml': TWO_CLUSTERS, 'repo/prod/a.yaml': service({ name: 'a', clbId: CLB, ports: [80] }), 'repo/staging/b.yaml': service({ name: 'b', clbId: CLB, ports: [443] }) },
      TEMPLATE,
      { roots: ['repo'] },
    );
    // b's 443 is refused for a (another cluster's listener); no other Service of prod binds the IP: the one-Service fix is the whole fix.
    deepStrictEqual(fixesOf(ws, 'repo/prod/a.yaml').map((f) => [f.title, f.isPreferred, f.otherFiles]), [['Add the hostname annotation (a.default.example.net)', true, undefined]]);
  });

  it('a Service known only from an export (its status decides) cannot be edited: no fix claims to cover every one', () => {
    const ws = new TestWorkspace({ ...files(), 'b.yaml': exportList([{ name: 'b', clbId: CLB, ports: [443], ingress: [{ ip: '47.95.0.10' }] }]) }, TEMPLATE);
    deepStrictEqual(fixesOf(ws, 'a.yaml').map((f) => [f.isPreferred, f.title]), [[false, 'Add the hostname annotation to this Service only (default/b still reports the IP: 80/TCP, 8443/TCP stay refused)']]);
  });

  it('a Service of this cluster with an invalid hostname still binds the IP: its value is replaced', () => {
    const ws = new TestWorkspace({ ...files(), 'b.yaml': service({ name: 'b', clbId: CLB, ports: [443], hostname: '${your_service_hostname}' }) }, TEMPLATE);
    const every = fixesOf(ws, 'a.yaml')[0]!;
    const fixed = applyFix(ws, 'a.yaml', every);
    strictEqual(fixed['b.yaml'], service({ name: 'b', clbId: CLB, ports: [443], hostname: 'b.default.example.net' }));
    deepStrictEqual(refusals(new TestWorkspace({ ...files(), ...fixed }, TEMPLATE), ['a.yaml', 'b.yaml']), []);
  });

  it('under iptables no IP is bound: the one-Service fix is the whole fix (lb-bypass-skips-tls)', () => {
    const tls = { 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-protocol-port': 'https:443' };
    const ws = new TestWorkspace({ 'a.yaml': service({ name: 'a', clbId: CLB, ports: [443], extraAnnotations: tls }), 'b.yaml': service({ name: 'b', clbId: CLB, ports: [80] }) }, { ...TEMPLATE, kubeProxyMode: 'iptables' });
    deepStrictEqual(ws.findings('a.yaml', 'lb-bypass-skips-tls').flatMap((f) => f.fixes.map((x) => [x.title, x.isPreferred])), [['Add the hostname annotation (a.default.example.net)', true]]);
  });
});
