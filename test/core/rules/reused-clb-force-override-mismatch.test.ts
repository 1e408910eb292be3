import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { describe, it } from 'node:test';
import { service, spanOf, TestWorkspace } from '../../helpers/workspace';

const RULE = 'reused-clb-force-override-mismatch';
const P = 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-';
const FORCE = `${P}force-override-listeners`;
const LEGACY_FORCE = 'service.beta.kubernetes.io/alicloud-loadbalancer-force-override-listeners';
const ADDRESS_TYPE = `${P}address-type`;

const reusing = (name: string, annotations: Record<string, string> = {}, port = 80): string =>
  service({ name, clbId: 'lb-x1', ports: [port], extraAnnotations: annotations });

type Shape = { ruleId: string; messageId: string; severity: string; data: Record<string, string | number>; span: { start: number; end: number }; related: unknown };
const shape = (ws: TestWorkspace, name: string): Shape[] =>
  ws.findings(name, RULE).map((f) => ({ ruleId: f.ruleId, messageId: f.messageId, severity: f.severity, data: { ...f.data }, span: f.span, related: f.related }));

describe(RULE, () => {
  it('force-override-listeners "true" on one Service, absent on another: each side warned, on its annotation or its id', () => {
    const ws = new TestWorkspace({ 'a.yaml': reusing('a', { [FORCE]: 'true' }), 'b.yaml': reusing('b', {}, 443) });
    const [a, b] = [ws.text('a.yaml'), ws.text('b.yaml')];
    const common = { lb: 'CLB', lbId: 'lb-x1', controller: 'the CCM', controllerCap: 'The CCM', key: FORCE };
    deepStrictEqual(shape(ws, 'a.yaml'), [
      {
        ruleId: RULE,
        messageId: 'overrideMismatch',
        severity: 'warning',
        data: { ...common, own: '"true" (on)', others: 'Service default/b: not set (off)' },
        span: spanOf(a, '"true"'),
        related: [{ uri: 'b.yaml', span: spanOf(b, '"lb-x1"'), message: 'Service default/b: not set (off)' }],
      },
    ]);
    deepStrictEqual(shape(ws, 'b.yaml'), [
      {
        ruleId: RULE,
        messageId: 'overrideMismatch',
        severity: 'warning',
        data: { ...common, own: 'not set (off)', others: 'Service default/a: "true" (on)' },
        span: spanOf(b, '"lb-x1"'),
        related: [{ uri: 'a.yaml', span: spanOf(a, '"true"'), message: 'Service default/a: "true" (on)' }],
      },
    ]);
    strictEqual(ws.findings('b.yaml', RULE)[0]!.message.split('. ')[0], 'Services reusing CLB lb-x1 disagree on whether the CCM manages their listeners: give them all the same value');
  });

  it('compares the effective value as the CCM reads it: exactly "true"; "True" and "yes" are off like absent', () => {
    const ws = new TestWorkspace({ 'a.yaml': reusing('a', { [FORCE]: 'True' }), 'b.yaml': reusing('b', { [FORCE]: 'yes' }, 443), 'c.yaml': reusing('c', {}, 8080) });
    for (const name of ['a.yaml', 'b.yaml', 'c.yaml']) deepStrictEqual(ws.findings(name, RULE), [], name);
    ws.set('c.yaml', reusing('c', { [LEGACY_FORCE]: 'true' }, 8080));
    deepStrictEqual(ws.findings('a.yaml', RULE).map((f) => [f.data['own'], f.data['others']]), [['"True" (off)', 'Service default/c: "true" (on)']]);
    // The legacy spelling is what Service c wrote: the message names the key as a's annotation spells it.
    strictEqual(ws.findings('a.yaml', RULE)[0]!.data['key'], FORCE);
    deepStrictEqual(ws.findings('c.yaml', RULE).map((f) => [f.data['key'], f.data['others']]), [[LEGACY_FORCE, 'Service default/a: "True" (off), Service default/b: "yes" (off)']]);
  });

  it('different address types: on the annotation, naming the others; an absent one is not compared', () => {
    const ws = new TestWorkspace({
      'a.yaml': reusing('a', { [ADDRESS_TYPE]: 'intranet' }),
      'b.yaml': reusing('b', { [ADDRESS_TYPE]: 'internet' }, 443),
      'c.yaml': reusing('c', {}, 8080),
    });
    const [a, b] = [ws.text('a.yaml'), ws.text('b.yaml')];
    deepStrictEqual(shape(ws, 'a.yaml'), [
      {
        ruleId: RULE,
        messageId: 'addressTypeMismatch',
        severity: 'warning',
        data: { lb: 'CLB', lbId: 'lb-x1', controller: 'the CCM', controllerCap: 'The CCM', key: ADDRESS_TYPE, own: 'intranet', others: 'Service default/b: "internet"' },
        span: spanOf(a, '"intranet"'),
        related: [{ uri: 'b.yaml', span: spanOf(b, '"internet"'), message: 'Service default/b: "internet"' }],
      },
    ]);
    strictEqual(ws.findings('a.yaml', RULE)[0]!.message.split('. ')[0], 'Services reusing CLB lb-x1 set different address types: set all of them to the type lb-x1 has, or remove the annotation');
    deepStrictEqual(ws.findings('c.yaml', RULE), []);
  });

  it('both mismatches at once: two findings on the two annotations', () => {
    const ws = new TestWorkspace({
      'a.yaml': reusing('a', { [FORCE]: 'true', [ADDRESS_TYPE]: 'intranet' }),
      'b.yaml': reusing('b', { [ADDRESS_TYPE]: 'internet' }, 443),
    });
    deepStrictEqual(ws.findings('a.yaml', RULE).map((f) => [f.messageId, ws.text('a.yaml').slice(f.span.start, f.span.end)]), [['overrideMismatch', '"true"'], ['addressTypeMismatch', '"intranet"']]);
  });

  it('an edit to the other file re-checks this one: the index carries the values', () => {
    const ws = new TestWorkspace({ 'a.yaml': reusing('a', { [FORCE]: 'true' }), 'b.yaml': reusing('b', { [FORCE]: 'true' }, 443) });
    deepStrictEqual(ws.findings('a.yaml', RULE), []);
    deepStrictEqual([...ws.set('b.yaml', reusing('b', { [FORCE]: 'false' }, 443))], ['a.yaml']);
    deepStrictEqual(ws.findings('a.yaml', RULE).map((f) => f.data['others']), ['Service default/b: "false" (off)']);
  });

  const silent: [string, Record<string, string>][] = [
    ['Services that agree (both "true", both intranet)', { 'a.yaml': reusing('a', { [FORCE]: 'true', [ADDRESS_TYPE]: 'intranet' }), 'b.yaml': reusing('b', { [FORCE]: 'true', [ADDRESS_TYPE]: 'intranet' }, 443) }],
    ['Services on different CLBs', { 'a.yaml': reusing('a', { [FORCE]: 'true' }), 'b.yaml': service({ name: 'b', clbId: 'lb-x2', ports: [443] }) }],
    ['the same Service in two files (a base and its overlay)', { 'a.yaml': reusing('a', { [FORCE]: 'true' }), 'b.yaml': reusing('a', {}) }],
    ['a Service that reuses no CLB', { 'a.yaml': service({ name: 'a', extraAnnotations: { [FORCE]: 'true' } }), 'b.yaml': service({ name: 'b' }) }],
  ];
  for (const [why, files] of silent) {
    it(`is silent for ${why}`, () => {
      const ws = new TestWorkspace(files);
      for (const name of Object.keys(files)) deepStrictEqual(ws.findings(name, RULE), [], name);
    });
  }
});
