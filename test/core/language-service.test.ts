import { deepStrictEqual, match, ok, strictEqual } from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits, LanguageService, resolveSettings } from '../../server/src/core';
import { service, spanOf, TestWorkspace } from '../helpers/workspace';

const CLB = 'lb-facade';
const settings = resolveSettings({}).settings;

describe('language service: one file mid-edit', () => {
  it("a transient syntax error in A keeps A's last good Services in the index: B's port conflict does not flicker", () => {
    const a = service({ name: 'a', clbId: CLB, ports: [443] });
    const ws = new TestWorkspace({ 'a.yaml': a, 'b.yaml': service({ name: 'b', clbId: CLB, ports: [443] }) });
    const conflict = (): string[] => ws.findings('b.yaml', 'reused-clb-port-conflict').map((f) => f.messageId);
    deepStrictEqual(conflict(), ['conflict']);
    // Typing an unclosed flow sequence into A: a syntax error until the `]` is typed.
    deepStrictEqual([...ws.set('a.yaml', a.replace('  selector:', '  extra: [\n  selector:'))], []);
    deepStrictEqual(conflict(), ['conflict']);
    // A parses again, without the port: the conflict goes, at once.
    deepStrictEqual([...ws.set('a.yaml', a.replace('port: 443', 'port: 8443'))], ['b.yaml']);
    deepStrictEqual(conflict(), []);
  });

  it('a file that never parsed has no entries to keep', () => {
    const ws = new TestWorkspace({ 'b.yaml': service({ name: 'b', clbId: CLB, ports: [443] }) });
    ws.set('a.yaml', `${service({ name: 'a', clbId: CLB, ports: [443] })}  bad: [\n`);
    deepStrictEqual(ws.findings('b.yaml', 'reused-clb-port-conflict'), []);
  });
});

describe('language service: the hover and the rule ask one question', () => {
  it('a base and its overlay of another Service are one Service still reporting the IP, for both', () => {
    const ws = new TestWorkspace({
      'a.yaml': service({ name: 'a', clbId: CLB, hostname: 'a.example.net', ports: [443] }),
      'base/b.yaml': service({ name: 'b', clbId: CLB, ports: [80] }),
      'overlay/b.yaml': service({ name: 'b', clbId: CLB, ports: [80] }),
    });
    const [finding] = ws.findings('a.yaml', 'reused-clb-hostname-incomplete');
    strictEqual(finding?.data['services'], 'Service default/b');
    strictEqual(finding.data['verb'], 'reports');
    const table = ws.explain('a.yaml', spanOf(ws.text('a.yaml'), 'LoadBalancer').start, () => '') ?? '';
    match(table, /\n\*\*Not yet:\*\* `default\/b` still reports this CLB's IP/);
    ok(!/and 1 more/.test(table), 'the overlay is not counted as another Service');
  });
});

describe('language service: every resource kind, List items included', () => {
  const list = [
    'apiVersion: v1',
    'kind: List',
    'items:',
    '- apiVersion: v1',
    '  kind: ConfigMap',
    '  metadata:',
    '    name: settings',
    '- apiVersion: v1',
    '  kind: Service',
    '  metadata:',
    '    name: web',
    '    annotations:',
    `      service.beta.kubernetes.io/alibaba-cloud-loadbalancer-id: ${CLB}`,
    '  spec:',
    '    type: LoadBalancer',
    '    ports:',
    '    - port: 80',
    '',
  ].join('\n');

  it('every document and every List item is a resource with exact ranges; Services are found inside Lists', () => {
    const ls = new LanguageService();
    ls.update('list.yaml', `${list}---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\n`);
    const parsed = ls.parsed('list.yaml')!;
    deepStrictEqual(
      parsed.resources.map((r) => [r.kind?.value, r.name?.value, r.address]),
      [
        ['ConfigMap', 'settings', { documentIndex: 0, itemIndex: 0 }],
        ['Service', 'web', { documentIndex: 0, itemIndex: 1 }],
        ['Deployment', 'd', { documentIndex: 1 }],
      ],
    );
    const item = parsed.resources[1]!;
    strictEqual(parsed.text.slice(item.span.start, item.span.start + 12), 'apiVersion: ');
    strictEqual(item.span.start, spanOf(list, 'apiVersion: v1\n  kind: Service').start);
    strictEqual(parsed.text.slice(item.kind!.valueSpan.start, item.kind!.valueSpan.end), 'Service');
    deepStrictEqual(parsed.services.map((s) => s.name?.value), ['web']);
  });

  it('rules run on List items, and the hostname fix inserts into the item in its own indentation', () => {
    const ws = new TestWorkspace({ 'list.yaml': list }, { hostnameTemplate: '${name}.example.net' });
    const [finding] = ws.findings('list.yaml', 'reused-clb-listeners-unknown');
    ok(finding);
    deepStrictEqual(finding.resource, { documentIndex: 0, itemIndex: 1 });
    deepStrictEqual(finding.span, spanOf(list, CLB));
    const fixed = applyEdits(list, finding.fixes[0]!.edits);
    strictEqual(fixed, list.replace('    annotations:\n', '    annotations:\n      service.beta.kubernetes.io/alibaba-cloud-loadbalancer-hostname: web.example.net\n'));
    ws.set('list.yaml', fixed);
    // The refusal is gone; what is left is the hostname's trade-off, layer-4 loopback (its own ports, the CLB's other listeners).
    deepStrictEqual(ws.findings('list.yaml').map((f) => f.ruleId), ['hostname-loopback', 'lb-layer4-loopback']);
  });

  it('a List item without annotations gets them under its metadata, two spaces in', () => {
    const bare = list.replace(`    annotations:\n      service.beta.kubernetes.io/alibaba-cloud-loadbalancer-id: ${CLB}\n`, '');
    const ls = new LanguageService();
    ls.update('x.yaml', bare);
    const parsed = ls.parsed('x.yaml')!;
    strictEqual(parsed.services.length, 1);
  });
});

describe('language service: completion', () => {
  it('offers annotation keys where a key is typed under metadata.annotations, on a line that does not parse yet', () => {
    const text = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n  annotations:\n    service.beta.kub\nspec:\n  type: LoadBalancer\n';
    const ls = new LanguageService();
    ls.update('a.yaml', text);
    const offset = text.indexOf('service.beta.kub') + 'service.beta.kub'.length;
    const items = ls.completion('a.yaml', offset);
    ok(items.some((i) => i.label === 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-hostname'));
    deepStrictEqual(items[0]!.span, spanOf(text, 'service.beta.kub'));
    match(items.find((i) => i.label.endsWith('-id'))!.detail, /^Alibaba Cloud: Reuse this existing load balancer instead of creating one/);
  });

  const keysAt = (text: string, needle: string): string[] => {
    const ls = new LanguageService();
    ls.update('a.yaml', text);
    return ls.completion('a.yaml', text.indexOf(needle) + needle.length).map((i) => i.label);
  };
  const half = (spec: string): string => `apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n  annotations:\n    service.beta.kub\nspec:\n  type: LoadBalancer\n${spec}`;

  it('offers the keys of the product that serves the Service: CLB without a class, NLB with its class, all for another class', () => {
    const hostname = 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-hostname';
    const zoneMaps = 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-zone-maps';
    const clb = keysAt(half(''), 'service.beta.kub');
    deepStrictEqual([clb.length, clb.includes(hostname), clb.includes(zoneMaps)], [69, true, false]);
    const nlb = keysAt(half('  loadBalancerClass: "alibabacloud.com/nlb"\n'), 'service.beta.kub');
    deepStrictEqual([nlb.length, nlb.includes(hostname), nlb.includes(zoneMaps)], [53, false, true]);
    strictEqual(keysAt(half('  loadBalancerClass: example.com/other\n'), 'service.beta.kub').length, 86);
    // Only current spellings are offered, never the legacy prefix.
    ok(!clb.some((k) => k.includes('/alicloud-')));
  });

  it('documents each key: its values, default, products and first version', () => {
    const text = half('');
    const ls = new LanguageService();
    ls.update('a.yaml', text);
    const item = ls.completion('a.yaml', text.indexOf('service.beta.kub') + 16).find((i) => i.label.endsWith('-address-type'));
    match(item?.documentation ?? '', /^\*\*Values:\*\* "internet", "intranet" \(exactly, case-sensitive\)\. The CLB path passes the text on as written/);
    match(item?.documentation ?? '', /\n\n\*\*Default:\*\* internet\n\n\*\*Applies to:\*\* CLB, NLB, since v2\.1\.0$/);
  });

  it('offers the values of a key with a closed set, quoted unless a quote is open', () => {
    const text = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n  annotations:\n    service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type: \n';
    const ls = new LanguageService();
    ls.update('a.yaml', text);
    const offset = text.indexOf('address-type: ') + 'address-type: '.length;
    deepStrictEqual(
      ls.completion('a.yaml', offset).map((i) => [i.label, i.insertText, i.span]),
      [
        ['internet', '"internet"', { start: offset, end: offset }],
        ['intranet', '"intranet"', { start: offset, end: offset }],
      ],
    );
    const quoted = text.replace('address-type: ', 'address-type: "in');
    ls.update('a.yaml', quoted);
    const end = quoted.indexOf('"in') + 3;
    deepStrictEqual(ls.completion('a.yaml', end).map((i) => [i.label, i.insertText, i.span]), [
      ['internet', 'internet', { start: end - 2, end }],
      ['intranet', 'intranet', { start: end - 2, end }],
    ]);
    // The legacy spelling has the same values; an open set has none.
    ls.update('a.yaml', text.replace('alibaba-cloud-loadbalancer-address-type', 'alicloud-loadbalancer-address-type'));
    strictEqual(ls.completion('a.yaml', offset - 5).length, 2);
    ls.update('a.yaml', text.replace('address-type', 'name'));
    deepStrictEqual(ls.completion('a.yaml', text.indexOf('address-type: ') + 'name: '.length), []);
  });

  it('offers nothing elsewhere: under labels, in a value, under spec', () => {
    const text = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n  labels:\n    ap\nspec:\n  type: Load\n';
    const ls = new LanguageService();
    ls.update('a.yaml', text);
    deepStrictEqual(ls.completion('a.yaml', text.indexOf('    ap') + 6), []);
    deepStrictEqual(ls.completion('a.yaml', text.indexOf('Load') + 4), []);
    deepStrictEqual(ls.completion('a.yaml', text.indexOf('name: a') + 7), []);
  });
});

describe('language service: notAnalysed says why', () => {
  it('a syntax error with its position, a template unreadable even with its actions masked as a notice; a readable template is analysed', () => {
    const ls = new LanguageService();
    ls.update('a.yaml', `kind: ConfigMap\n---\nmetadata:\n  bad: [\n---\nkind: {{ .Values.kind }}\n---\nmetadata:\n  {{ if .Values.a }}labels: {a: b}{{ end }}\n`);
    deepStrictEqual(
      ls.notAnalysed('a.yaml').map((n) => [n.documentIndex, n.isError, n.reason.slice(0, n.reason.indexOf(':'))]),
      [
        [1, true, 'YAML syntax error at 5'],
        [3, false, 'Helm template'],
      ],
    );
    strictEqual(ls.notAnalysed('a.yaml')[1]?.reason, 'Helm template: not rendered, and with its actions masked it is not YAML (Unexpected scalar at node end at 9:35), so not analysed');
    strictEqual(ls.diagnostics('a.yaml', settings).findings.length, 0);
  });
});
