import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits } from '../../../server/src/core';
import { service, spanOf, TestWorkspace } from '../../helpers/workspace';

const RULE = 'clb-annotation-unknown';
const P = 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-';

/** The findings of one Service carrying `annotations`, as [messageId, data, span text]. */
function findingsFor(annotations: Record<string, string>): { ws: TestWorkspace; found: [string, Record<string, string | number>, string][] } {
  const ws = new TestWorkspace({ 'a.yaml': service({ name: 'a', extraAnnotations: annotations }) });
  const text = ws.text('a.yaml');
  return { ws, found: ws.findings('a.yaml', RULE).map((f) => [f.messageId, { ...f.data }, text.slice(f.span.start, f.span.end)]) };
}

describe(RULE, () => {
  it('a misspelt key: a Warning on the key, "did you mean" the key the CCM reads, and a rename fix that is not applied unasked', () => {
    const ws = new TestWorkspace({ 'a.yaml': service({ name: 'a', extraAnnotations: { [`${P}hostnmae`]: 'a.example.net' } }) });
    const [finding, ...rest] = ws.findings('a.yaml', RULE);
    deepStrictEqual(rest, []);
    deepStrictEqual(
      { ruleId: finding?.ruleId, messageId: finding?.messageId, data: finding?.data, span: finding?.span, severity: finding?.severity },
      {
        ruleId: RULE,
        messageId: 'didYouMean',
        data: { controller: 'The CCM', key: `${P}hostnmae`, nearest: `${P}hostname` },
        span: spanOf(ws.text('a.yaml'), `${P}hostnmae`),
        severity: 'warning',
      },
    );
    strictEqual(finding?.message, `The CCM ignores this annotation, without a word: rename it to ${P}hostname. It does not read ${P}hostnmae.`);
    deepStrictEqual(finding?.fixes.map((f) => [f.title, f.isPreferred, f.safe]), [[`Rename to ${P}hostname`, true, false]]);
    strictEqual(applyEdits(ws.text('a.yaml'), finding.fixes[0]!.edits), service({ name: 'a', hostname: 'a.example.net' }));
  });

  it('near misses of the whole key: load-balancer, kuberentes.io, CamelCase (CCM v1), underscores', () => {
    const nearest = (key: string): unknown => findingsFor({ [key]: 'x' }).found.map(([, data]) => data['nearest']);
    deepStrictEqual(nearest('service.beta.kubernetes.io/alibaba-cloud-load-balancer-id'), [`${P}id`]);
    deepStrictEqual(nearest(`service.beta.kuberentes.io/alibaba-cloud-loadbalancer-force-override-listeners`), [`${P}force-override-listeners`]);
    deepStrictEqual(nearest(`${P}ProtocolPort`), [`${P}protocol-port`]);
    deepStrictEqual(nearest(`${P}address_type`), [`${P}address-type`]);
    deepStrictEqual(nearest('service.beta.kubernetes.io/alicloud-loadbalancer-hostnme'), ['service.beta.kubernetes.io/alicloud-loadbalancer-hostname']);
  });

  it('keys read under one exact name, and retired keys: their successor', () => {
    const nearest = (key: string): unknown => findingsFor({ [key]: 'x' }).found.map(([, data]) => data['nearest']);
    deepStrictEqual(nearest('service.beta.kubernetes.io/alicloud-loadbalancer-type'), [`${P}type`]);
    deepStrictEqual(nearest(`${P}slb-network-type`), [`${P}network-type`]);
  });

  it('a key of the family with nothing close: reported without a suggestion or fix', () => {
    const ws = new TestWorkspace({ 'a.yaml': service({ name: 'a', extraAnnotations: { 'service.beta.kubernetes.io/alibaba-cloud-private-zone-name': 'x' } }) });
    deepStrictEqual(
      ws.findings('a.yaml', RULE).map((f) => [f.messageId, f.data, f.fixes]),
      [['unknown', { controller: 'The CCM', key: 'service.beta.kubernetes.io/alibaba-cloud-private-zone-name' }, []]],
    );
  });

  it('no fix when the nearest key is already set; a quoted key keeps its quotes', () => {
    const both = new TestWorkspace({ 'a.yaml': service({ name: 'a', hostname: 'a.example.net', extraAnnotations: { [`${P}hostnmae`]: 'b.example.net' } }) });
    deepStrictEqual(both.findings('a.yaml', RULE).map((f) => [f.messageId, f.fixes.length]), [['didYouMean', 0]]);
    const text = service({ name: 'a' }).replace('  namespace: default\n', `  namespace: default\n  annotations:\n    "${P}scheduller": "wrr"\n`);
    const quoted = new TestWorkspace({ 'a.yaml': text });
    const [finding] = quoted.findings('a.yaml', RULE);
    strictEqual(applyEdits(text, finding!.fixes[0]!.edits).includes(`    "${P}scheduler": "wrr"\n`), true);
  });

  it('is silent on keys the CCM reads, in either spelling, and on other annotations', () => {
    const { found } = findingsFor({
      [`${P}protocol-port`]: 'https:443',
      'service.beta.kubernetes.io/alicloud-loadbalancer-id': 'lb-1',
      'service.beta.kubernetes.io/backend-type': 'eni',
      [`${P}tunnel-type`]: '',
      'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb',
      'example.com/alibaba-cloud-note': 'x',
      'kubectl.kubernetes.io/last-applied-configuration': '{}',
    });
    deepStrictEqual(found, []);
  });
});
