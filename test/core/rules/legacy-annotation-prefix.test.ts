import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits } from '../../../server/src/core';
import { service, spanOf, TestWorkspace } from '../../helpers/workspace';

const RULE = 'legacy-annotation-prefix';
const GROUP = 'service.beta.kubernetes.io/';
const CURRENT = `${GROUP}alibaba-cloud-loadbalancer-`;
const LEGACY = `${GROUP}alicloud-loadbalancer-`;

/** A Service whose annotations are the given lines, written as they are. */
function manifest(lines: readonly string[]): string {
  return ['apiVersion: v1', 'kind: Service', 'metadata:', '  name: a', '  annotations:', ...lines.map((l) => `    ${l}`), 'spec:', '  type: LoadBalancer', '  ports:', '    - port: 80', ''].join('\n');
}

describe(RULE, () => {
  it('a legacy key alone: a Hint on the key, and a safe fix that migrates it to the current spelling', () => {
    const ws = new TestWorkspace({ 'a.yaml': service({ name: 'a', clbId: 'lb-1', legacyClbId: true }) });
    const text = ws.text('a.yaml');
    const [finding, ...rest] = ws.findings('a.yaml', RULE);
    deepStrictEqual(rest, []);
    deepStrictEqual(
      { ruleId: finding?.ruleId, messageId: finding?.messageId, data: finding?.data, span: finding?.span, severity: finding?.severity },
      {
        ruleId: RULE,
        messageId: 'legacy',
        data: { key: `${LEGACY}id`, current: `${CURRENT}id`, currentName: 'alibaba-cloud-loadbalancer-id', controller: 'the CCM' },
        span: spanOf(text, `${LEGACY}id`),
        severity: 'hint',
      },
    );
    strictEqual(finding?.message, 'Rename this legacy key to alibaba-cloud-loadbalancer-id: the CCM reads both spellings as one key. The current spelling is the one its docs list today.');
    deepStrictEqual(finding?.fixes.map((f) => [f.title, f.isPreferred, f.safe]), [[`Rename to ${CURRENT}id`, true, true]]);
    strictEqual(applyEdits(text, finding.fixes[0]!.edits), service({ name: 'a', clbId: 'lb-1' }));
  });

  it('a quoted legacy key keeps its quotes when migrated', () => {
    const text = manifest([`'${LEGACY}hostname': "a.example.com"`]);
    const [finding] = new TestWorkspace({ 'a.yaml': text }).findings('a.yaml', RULE);
    strictEqual(applyEdits(text, finding!.fixes[0]!.edits), manifest([`'${CURRENT}hostname': "a.example.com"`]));
  });

  it('both spellings with different values: a Warning on the legacy key that its value is ignored, no migrate fix, a removal that is not applied unasked', () => {
    const text = manifest([`${LEGACY}address-type: "internet"   # old`, `${CURRENT}address-type: "intranet"`]);
    const ws = new TestWorkspace({ 'a.yaml': text });
    const [finding, ...rest] = ws.findings('a.yaml', RULE);
    deepStrictEqual(rest, []);
    deepStrictEqual(
      { messageId: finding?.messageId, data: finding?.data, span: finding?.span, severity: finding?.severity },
      {
        messageId: 'ignored',
        data: { key: `${LEGACY}address-type`, current: `${CURRENT}address-type`, currentName: 'alibaba-cloud-loadbalancer-address-type', controller: 'The CCM' },
        span: spanOf(text, `${LEGACY}address-type`),
        severity: 'warning',
      },
    );
    deepStrictEqual(finding?.fixes.map((f) => [f.title, f.isPreferred, f.safe]), [[`Remove the ignored ${LEGACY}address-type`, true, false]]);
    strictEqual(applyEdits(text, finding.fixes[0]!.edits), manifest([`${CURRENT}address-type: "intranet"`]));
  });

  it('the current key wins even when empty; the same value in both is a Hint that the legacy line is redundant', () => {
    const empty = manifest([`${CURRENT}id:`, `${LEGACY}id: "lb-1"`]);
    deepStrictEqual(new TestWorkspace({ 'a.yaml': empty }).findings('a.yaml', RULE).map((f) => [f.messageId, f.severity]), [['ignored', 'warning']]);
    const same = manifest([`${CURRENT}id: lb-1`, `${LEGACY}id: "lb-1"`]);
    const [finding] = new TestWorkspace({ 'a.yaml': same }).findings('a.yaml', RULE);
    deepStrictEqual([finding?.messageId, finding?.severity], ['duplicate', 'hint']);
    strictEqual(applyEdits(same, finding!.fixes[0]!.edits), manifest([`${CURRENT}id: lb-1`]));
  });

  it('no removal fix when the legacy pair shares its line with other text (a flow mapping)', () => {
    const text = manifest([]).replace('  annotations:\n', `  annotations: {${LEGACY}id: "lb-1", ${CURRENT}id: "lb-2"}\n`);
    deepStrictEqual(new TestWorkspace({ 'a.yaml': text }).findings('a.yaml', RULE).map((f) => [f.messageId, f.fixes.length]), [['ignored', 0]]);
  });

  it('is silent on current keys, on legacy spellings of exact-name keys (not read at all), and on other annotations', () => {
    const text = manifest([`${CURRENT}id: "lb-1"`, `${LEGACY}type: "nlb"`, `${GROUP}backend-type: "eni"`, 'example.com/alicloud-loadbalancer-id: "x"']);
    deepStrictEqual(new TestWorkspace({ 'a.yaml': text }).findings('a.yaml', RULE), []);
  });
});
