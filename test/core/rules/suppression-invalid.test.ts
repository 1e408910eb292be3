import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Finding } from '../../../server/src/core';
import { spanOf, TestWorkspace } from '../../helpers/workspace';

const RULE = 'suppression-invalid';
const UNKNOWN_KEY = 'service.beta.kubernetes.io/alibaba-cloud-private-zone-name';

/** A LoadBalancer Service whose one finding (clb-annotation-unknown) is on the line after `before`. */
function manifest(before: string, extraAnnotation = ''): string {
  return [
    'apiVersion: v1',
    'kind: Service',
    'metadata:',
    '  name: shop',
    '  annotations:',
    ...(extraAnnotation ? [`    ${extraAnnotation}`] : []),
    ...(before ? [`    ${before}`] : []),
    `    ${UNKNOWN_KEY}: "x"`,
    '    other: "y"',
    'spec:',
    '  type: LoadBalancer',
    '  ports:',
    '  - port: 80',
    '',
  ].join('\n');
}

const shape = (f: Finding): unknown => ({ ruleId: f.ruleId, messageId: f.messageId, data: f.data, span: f.span });

describe(RULE, () => {
  it('unknownRule: an id no rule has, on the id, and the finding it meant stays shown', () => {
    const text = manifest('# kube-lb-reach-disable-next-line clb-annotation-unknwn -- read by our webhook');
    const ws = new TestWorkspace({ 'a.yaml': text });
    deepStrictEqual(ws.findings('a.yaml', RULE).map(shape), [
      { ruleId: RULE, messageId: 'unknownRule', data: { directive: 'kube-lb-reach-disable-next-line comment', ruleId: 'clb-annotation-unknwn' }, span: spanOf(text, 'clb-annotation-unknwn') },
    ]);
    strictEqual(ws.findings('a.yaml', RULE)[0]?.severity, 'warning');
    strictEqual(
      ws.findings('a.yaml', RULE)[0]?.message,
      'clb-annotation-unknwn is not a kube-lb-reach rule: correct the id or remove it. The kube-lb-reach-disable-next-line comment silences nothing for it.',
    );
    deepStrictEqual(ws.findings('a.yaml', 'clb-annotation-unknown').length, 1);
  });

  it('unused: a directive on a line where its rule reports nothing', () => {
    const text = manifest('', '# kube-lb-reach-disable-next-line lb-layer4-loopback -- checked by hand');
    const ws = new TestWorkspace({ 'a.yaml': text });
    deepStrictEqual(ws.findings('a.yaml', RULE).map(shape), [
      { ruleId: RULE, messageId: 'unused', data: { directive: 'kube-lb-reach-disable-next-line comment', ruleId: 'lb-layer4-loopback' }, span: spanOf(text, 'lb-layer4-loopback') },
    ]);
  });

  it('noReason: no text after --, or the placeholder the code actions write; the finding is silenced all the same', () => {
    for (const comment of ['# kube-lb-reach-disable-next-line clb-annotation-unknown', '# kube-lb-reach-disable-next-line clb-annotation-unknown -- <reason>']) {
      const text = manifest(comment);
      const ws = new TestWorkspace({ 'a.yaml': text });
      deepStrictEqual(ws.findings('a.yaml', RULE).map(shape), [
        { ruleId: RULE, messageId: 'noReason', data: { directive: 'kube-lb-reach-disable-next-line comment' }, span: spanOf(text, comment) },
      ]);
      deepStrictEqual(ws.findings('a.yaml', 'clb-annotation-unknown'), []);
    }
  });

  it('noRuleIds: a directive that names no rule (there is no blanket disable)', () => {
    const text = manifest('# kube-lb-reach-disable-next-line -- everything');
    const ws = new TestWorkspace({ 'a.yaml': text });
    deepStrictEqual(ws.findings('a.yaml', RULE).map(shape), [
      {
        ruleId: RULE,
        messageId: 'noRuleIds',
        data: { directive: 'kube-lb-reach-disable-next-line comment', example: '# kube-lb-reach-disable-next-line <rule-id> -- <reason>' },
        span: spanOf(text, '# kube-lb-reach-disable-next-line -- everything'),
      },
    ]);
    deepStrictEqual(ws.findings('a.yaml', 'clb-annotation-unknown').length, 1);
  });

  it('unmatchedEnable: an enable with no disable of that rule open', () => {
    const text = manifest('# kube-lb-reach-enable clb-annotation-unknown');
    const ws = new TestWorkspace({ 'a.yaml': text });
    deepStrictEqual(ws.findings('a.yaml', RULE).map(shape), [
      { ruleId: RULE, messageId: 'unmatchedEnable', data: { directive: 'kube-lb-reach-enable comment', ruleId: 'clb-annotation-unknown' }, span: spanOf(text, 'clb-annotation-unknown') },
    ]);
  });

  it('the ignore annotation: unknown id and no reason, on the id and on the value', () => {
    const text = manifest('', 'kube-lb-reach.io/ignore: "lb-layer4-lopback"');
    const ws = new TestWorkspace({ 'a.yaml': text });
    deepStrictEqual(ws.findings('a.yaml', RULE).map(shape), [
      { ruleId: RULE, messageId: 'noReason', data: { directive: 'kube-lb-reach.io/ignore annotation' }, span: spanOf(text, '"lb-layer4-lopback"') },
      { ruleId: RULE, messageId: 'unknownRule', data: { directive: 'kube-lb-reach.io/ignore annotation', ruleId: 'lb-layer4-lopback' }, span: spanOf(text, 'lb-layer4-lopback') },
    ]);
  });

  it('not reported: a directive that silences what it names, with a reason', () => {
    const ws = new TestWorkspace({ 'a.yaml': manifest('# kube-lb-reach-disable-next-line clb-annotation-unknown -- read by our webhook') });
    deepStrictEqual(ws.findings('a.yaml', RULE), []);
    deepStrictEqual(ws.findings('a.yaml', 'clb-annotation-unknown'), []);
  });

  it('not reported when set to off; a directive for a rule that is off is not called unused', () => {
    const unused = manifest('', '# kube-lb-reach-disable-next-line lb-layer4-loopback');
    deepStrictEqual(new TestWorkspace({ 'a.yaml': unused }, { rules: { [RULE]: 'off' } }).findings('a.yaml', RULE), []);
    const forOff = manifest('# kube-lb-reach-disable-next-line clb-annotation-unknown -- read by our webhook');
    deepStrictEqual(new TestWorkspace({ 'a.yaml': forOff }, { rules: { 'clb-annotation-unknown': 'off' } }).findings('a.yaml'), []);
    deepStrictEqual(new TestWorkspace({ 'a.yaml': unused }, { rules: { [RULE]: 'error' } }).findings('a.yaml', RULE).map((f) => f.severity), ['error', 'error']);
  });

  it('a directive cannot silence suppression-invalid itself: naming it is unused', () => {
    const text = manifest('# kube-lb-reach-disable-next-line suppression-invalid -- quiet please', '# kube-lb-reach-disable-next-line lb-layer4-lopback -- typo');
    const ws = new TestWorkspace({ 'a.yaml': text });
    deepStrictEqual(ws.findings('a.yaml', RULE).map((f) => [f.messageId, f.data['ruleId']]), [
      ['unknownRule', 'lb-layer4-lopback'],
      ['unused', 'suppression-invalid'],
    ]);
  });
});
