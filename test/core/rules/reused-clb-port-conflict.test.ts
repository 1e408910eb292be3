import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { describe, it } from 'node:test';
import { service, spanOf, spanWithin, TestWorkspace } from '../../helpers/workspace';

const RULE = 'reused-clb-port-conflict';
const CLB = 'lb-conflict';

describe(RULE, () => {
  it('two Services on one CLB with the same port and protocol: an Error on each port, pointing at the other', () => {
    const ws = new TestWorkspace({
      'a.yaml': service({ name: 'a', clbId: CLB, ports: [80, 443] }),
      'b.yaml': service({ name: 'b', namespace: 'shop', clbId: CLB, ports: [443] }),
    });
    const [a] = ws.findings('a.yaml', RULE);
    strictEqual(a?.severity, 'error');
    deepStrictEqual(
      { ruleId: a.ruleId, messageId: a.messageId, data: a.data, span: a.span },
      { ruleId: RULE, messageId: 'conflict', data: { listener: '443/TCP', lb: 'CLB', lbId: CLB, services: 'shop/b' }, span: spanOf(ws.text('a.yaml'), '443') },
    );
    strictEqual(a.message, `Listener 443/TCP of CLB ${CLB} is also declared by Service shop/b: move one of them to another port. Services that reuse one CLB must not share a frontend port: one listener has one Service.`);
    deepStrictEqual(a.related.map((r) => [r.uri, r.span]), [['b.yaml', spanOf(ws.text('b.yaml'), '443')]]);
    const b = ws.findings('b.yaml', RULE);
    deepStrictEqual(b.map((f) => [f.severity, f.span, f.related[0]?.uri]), [['error', spanOf(ws.text('b.yaml'), '443'), 'a.yaml']]);
  });

  it('also within one file, in two documents', () => {
    const text = `${service({ name: 'a', clbId: CLB })}---\n${service({ name: 'b', clbId: CLB })}`;
    const ws = new TestWorkspace({ 'both.yaml': text });
    deepStrictEqual(
      ws.findings('both.yaml', RULE).map((f) => [f.resource.documentIndex, f.span]),
      [
        [0, spanWithin(text, '- port: 80', '80', 0)],
        [1, spanWithin(text, '- port: 80', '80', 1)],
      ],
    );
  });

  const silent: [string, Record<string, string>][] = [
    ['the protocols differ (TCP 53 and UDP 53 coexist on a CLB)', { 'a.yaml': service({ name: 'a', clbId: CLB, ports: [53] }), 'b.yaml': service({ name: 'b', clbId: CLB, ports: ['53/UDP'] }) }],
    ['the CLBs differ', { 'a.yaml': service({ name: 'a', clbId: CLB }), 'b.yaml': service({ name: 'b', clbId: 'lb-other' }) }],
    ['it is the same Service in two files (base and overlay)', { 'a.yaml': service({ name: 'a', clbId: CLB }), 'b.yaml': service({ name: 'a', clbId: CLB }) }],
    ['one of them is not a LoadBalancer', { 'a.yaml': service({ name: 'a', clbId: CLB }), 'b.yaml': service({ name: 'b', clbId: CLB, type: 'ClusterIP' }) }],
  ];
  for (const [why, files] of silent) {
    it(`is silent when ${why}`, () => {
      const ws = new TestWorkspace(files);
      deepStrictEqual(Object.keys(files).flatMap((name) => ws.findings(name, RULE)), []);
    });
  }

  it('applies under every proxy mode', () => {
    const files = { 'a.yaml': service({ name: 'a', clbId: CLB }), 'b.yaml': service({ name: 'b', clbId: CLB }) };
    strictEqual(new TestWorkspace(files, { kubeProxyMode: 'iptables' }).findings('a.yaml', RULE).length, 1);
  });
});
