import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import { describe, it } from 'node:test';
import { service, TestWorkspace } from '../helpers/workspace';

const CLB = 'lb-shadow';
const UNKNOWN = 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-no-such-key';
const reuse = (name: string, extra: Record<string, string> = {}): string => service({ name, clbId: CLB, ports: [443], extraAnnotations: extra });

describe('language service: a shadowed file (a source of a render in force)', () => {
  it('leaves the index: the other file loses its port conflict, and gets it back when the mark is lifted', () => {
    const ws = new TestWorkspace({ 'a.yaml': reuse('a'), 'base/b.yaml': reuse('b') });
    const conflictOnA = (): string[] => ws.findings('a.yaml', 'reused-clb-port-conflict').map((f) => f.messageId);
    deepStrictEqual(conflictOnA(), ['conflict']);
    deepStrictEqual([...ws.service.setShadowed('base/b.yaml', true)], ['a.yaml']);
    strictEqual(ws.service.isShadowed('base/b.yaml'), true);
    deepStrictEqual(conflictOnA(), []);
    // Marking it again changes nothing.
    deepStrictEqual([...ws.service.setShadowed('base/b.yaml', true)], []);
    deepStrictEqual([...ws.service.setShadowed('base/b.yaml', false)], ['a.yaml']);
    deepStrictEqual(conflictOnA(), ['conflict']);
  });

  it('keeps its parse and its own resource findings, but the rules that read the index are not run on it', () => {
    const ws = new TestWorkspace({ 'a.yaml': reuse('a'), 'base/b.yaml': reuse('b', { [UNKNOWN]: 'x' }) });
    ok(ws.findings('base/b.yaml').some((f) => f.ruleId === 'reused-clb-port-conflict'));
    ws.service.setShadowed('base/b.yaml', true);
    ok(ws.service.parsed('base/b.yaml'));
    deepStrictEqual(ws.findings('base/b.yaml').map((f) => f.ruleId), ['clb-annotation-unknown']);
  });

  it('an edit while shadowed stays out of the index (as the editor types in an open base)', () => {
    const ws = new TestWorkspace({ 'a.yaml': reuse('a'), 'base/b.yaml': service({ name: 'b', clbId: 'lb-other', ports: [443] }) });
    ws.service.setShadowed('base/b.yaml', true);
    deepStrictEqual([...ws.set('base/b.yaml', reuse('b'))], []);
    deepStrictEqual(ws.findings('a.yaml', 'reused-clb-port-conflict'), []);
    // The mark outlives remove: the file read again (opened) is still out of the index.
    ws.service.remove('base/b.yaml');
    ws.set('base/b.yaml', reuse('b'));
    deepStrictEqual(ws.findings('a.yaml', 'reused-clb-port-conflict'), []);
    // Lifted, its latest text enters the index.
    deepStrictEqual([...ws.service.setShadowed('base/b.yaml', false)], ['a.yaml']);
    deepStrictEqual(ws.findings('a.yaml', 'reused-clb-port-conflict').map((f) => f.messageId), ['conflict']);
  });

  it('a directive for a rule not run on it is not reported unused', () => {
    const directive = '# kube-lb-reach-disable reused-clb-port-conflict -- the render says it';
    const b = reuse('b').replace('apiVersion: v1', `${directive}\napiVersion: v1`);
    const ws = new TestWorkspace({ 'a.yaml': reuse('a'), 'base/b.yaml': b });
    deepStrictEqual(ws.findings('base/b.yaml').map((f) => f.ruleId), ['reused-clb-listeners-unknown']);
    ws.service.setShadowed('base/b.yaml', true);
    deepStrictEqual(ws.findings('base/b.yaml').map((f) => f.ruleId), []);
  });
});
