import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits } from '../../../server/src/core';
import { anchorOf, ANNOTATION_CATALOGUE } from '../../../server/src/core/providers/alibaba/catalogue';
import { valueFormFor } from '../../../server/src/core/providers/alibaba/catalogue/check';
import { service, spanWithin, TestWorkspace } from '../../helpers/workspace';

const RULE = 'clb-annotation-invalid-value';
const P = 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-';
const NLB = 'alibabacloud.com/nlb';

/** The findings on one Service (CLB unless `loadBalancerClass` says NLB) carrying `annotations`, as [messageId, name, value, severity]. */
function verdicts(annotations: Record<string, string>, loadBalancerClass?: string): [string, unknown, unknown, string][] {
  const ws = new TestWorkspace({ 'a.yaml': service({ name: 'a', extraAnnotations: annotations, ...(loadBalancerClass ? { loadBalancerClass } : {}) }) });
  return ws.findings('a.yaml', RULE).map((f) => [f.messageId, f.data['name'], f.data['value'], f.severity]);
}

describe(RULE, () => {
  it('a case-sensitive value in the wrong case: an Error on the value with the accepted form and what follows, and a fix to the right casing not applied unasked', () => {
    const ws = new TestWorkspace({ 'a.yaml': service({ name: 'a', extraAnnotations: { [`${P}address-type`]: 'Intranet' } }) });
    const text = ws.text('a.yaml');
    const [finding, ...rest] = ws.findings('a.yaml', RULE);
    deepStrictEqual(rest, []);
    deepStrictEqual(
      { ruleId: finding?.ruleId, messageId: finding?.messageId, data: finding?.data, span: finding?.span, severity: finding?.severity },
      {
        ruleId: RULE,
        messageId: 'rejected',
        data: {
          controller: 'The CCM',
          key: `${P}address-type`,
          name: 'loadbalancer-address-type',
          value: 'Intranet',
          accepted: 'one of "internet", "intranet" (exactly, case-sensitive)',
          consequence: 'The CCM passes it on and the cloud API rejects it, so the reconcile fails',
        },
        span: spanWithin(text, `${P}address-type: "Intranet"`, '"Intranet"'),
        severity: 'error',
      },
    );
    strictEqual(
      finding?.message,
      'The CCM cannot apply "Intranet" for loadbalancer-address-type: write one of "internet", "intranet" (exactly, case-sensitive). The CCM passes it on and the cloud API rejects it, so the reconcile fails.',
    );
    deepStrictEqual(finding?.fixes.map((f) => [f.title, f.isPreferred, f.safe]), [['Change to "intranet"', true, false]]);
    strictEqual(applyEdits(text, finding.fixes[0]!.edits), service({ name: 'a', extraAnnotations: { [`${P}address-type`]: 'intranet' } }));
  });

  it('closed sets: by the product serving the Service (NLB ignores case where CLB does not), misread or ignored by the catalogue', () => {
    deepStrictEqual(verdicts({ [`${P}address-type`]: 'Intranet' }, NLB), []);
    deepStrictEqual(verdicts({ [`${P}ip-version`]: 'DualStack' }), [['rejected', 'loadbalancer-ip-version', 'DualStack', 'error']]);
    deepStrictEqual(verdicts({ [`${P}ip-version`]: 'dualstack' }, NLB), []);
    deepStrictEqual(verdicts({ 'service.beta.kubernetes.io/backend-type': 'ENI' }), [['misread', 'backend-type', 'ENI', 'error']]);
    deepStrictEqual(verdicts({ [`${P}external-ip-type`]: 'EIP' }), [['ignored', 'loadbalancer-external-ip-type', 'EIP', 'warning']]);
    deepStrictEqual(verdicts({ [`${P}http2-enabled`]: 'true' }), [['rejected', 'loadbalancer-http2-enabled', 'true', 'error']]);
  });

  it('switches: only the exact "on" acts; a value meant as on is misread (Error), nonsense has no effect (Warning), a value meant as off is fine', () => {
    deepStrictEqual(verdicts({ [`${P}force-override-listeners`]: 'True' }), [['misread', 'loadbalancer-force-override-listeners', 'True', 'error']]);
    deepStrictEqual(verdicts({ [`${P}force-override-listeners`]: 'false' }), []);
    deepStrictEqual(verdicts({ [`${P}force-override-listeners`]: 'maybe' }), [['ignored', 'loadbalancer-force-override-listeners', 'maybe', 'warning']]);
    deepStrictEqual(verdicts({ [`${P}proxy-protocol`]: 'On' }), [['misread', 'loadbalancer-proxy-protocol', 'On', 'error']]);
    deepStrictEqual(verdicts({ [`${P}proxy-protocol`]: 'On' }, NLB), []);
    deepStrictEqual(verdicts({ [`${P}cacert`]: 'true' }, NLB), [['misread', 'loadbalancer-cacert', 'true', 'error']]);
    const ws = new TestWorkspace({ 'a.yaml': service({ name: 'a', extraAnnotations: { [`${P}force-override-listeners`]: 'True' } }) });
    const [finding] = ws.findings('a.yaml', RULE);
    strictEqual(finding?.message, 'The CCM misreads "True" for loadbalancer-force-override-listeners: write exactly "true" to switch it on. The CCM reads "True" as off, without a word.');
    deepStrictEqual(finding.fixes.map((f) => [f.title, f.safe]), [['Change to "true"', false]]);
  });

  it('switches that any value (or the key alone) turns on: a value meant as off is misread', () => {
    deepStrictEqual(verdicts({ [`${P}preserve-lb-on-delete`]: 'false' }), [['misread', 'loadbalancer-preserve-lb-on-delete', 'false', 'error']]);
    deepStrictEqual(verdicts({ [`${P}preserve-lb-on-delete`]: 'true' }), []);
    deepStrictEqual(verdicts({ [`${P}tunnel-type`]: 'off' }), [['misread', 'loadbalancer-tunnel-type', 'off', 'error']]);
  });

  it('integers: Go Atoi, and the bounds the CCM checks', () => {
    deepStrictEqual(verdicts({ [`${P}idle-timeout`]: '30s' }), [['rejected', 'loadbalancer-idle-timeout', '30s', 'error']]);
    deepStrictEqual(verdicts({ [`${P}idle-timeout`]: ' 30' }), [['rejected', 'loadbalancer-idle-timeout', ' 30', 'error']]);
    deepStrictEqual(verdicts({ [`${P}weight`]: '101' }), [['rejected', 'loadbalancer-weight', '101', 'error']]);
    deepStrictEqual(verdicts({ [`${P}weight`]: '100', [`${P}idle-timeout`]: '-1', [`${P}bandwidth`]: '+50' }), []);
  });

  it('lists: each item by the CCM parse of the product, the bad item named', () => {
    deepStrictEqual(verdicts({ [`${P}protocol-port`]: 'https:443,http:80' }), []);
    deepStrictEqual(verdicts({ [`${P}protocol-port`]: 'HTTPS:443' }), [['rejected', 'loadbalancer-protocol-port', 'HTTPS:443', 'error']]);
    deepStrictEqual(verdicts({ [`${P}protocol-port`]: 'https:443, http:80' }), [['rejected', 'loadbalancer-protocol-port', 'https:443, http:80', 'error']]);
    deepStrictEqual(verdicts({ [`${P}protocol-port`]: 'https' }), [['rejected', 'loadbalancer-protocol-port', 'https', 'error']]);
    deepStrictEqual(verdicts({ [`${P}protocol-port`]: 'TCPSSL:443,tcp:80' }, NLB), []);
    deepStrictEqual(verdicts({ [`${P}protocol-port`]: 'https:443' }, NLB), [['rejected', 'loadbalancer-protocol-port', 'https:443', 'error']]);
    const ws = new TestWorkspace({ 'a.yaml': service({ name: 'a', extraAnnotations: { [`${P}health-check-httpcode`]: 'http_2xx,http_200' } }) });
    strictEqual(ws.findings('a.yaml', RULE)[0]?.data['consequence'], 'The CCM passes it on and the cloud API rejects it, so the reconcile fails ("http_200" is not a `http_2xx|http_3xx|http_4xx|http_5xx` item)');
    deepStrictEqual(verdicts({ [`${P}domain-extensions`]: ' a.example.com:cert-1 , b.example.com:cert-2' }), []);
    deepStrictEqual(verdicts({ [`${P}backend-label`]: 'pool=edge,zone' }), [['rejected', 'loadbalancer-backend-label', 'pool=edge,zone', 'error']]);
  });

  it('is silent on empty values, open text, keys the product does not read, the legacy key hidden by the current one, and Services neither controller serves', () => {
    deepStrictEqual(verdicts({ [`${P}address-type`]: '', [`${P}name`]: 'Whatever You Like', [`${P}zone-maps`]: 'nonsense' }), []);
    deepStrictEqual(verdicts({ [`${P}zone-maps`]: 'cn-hangzhou-k' }, NLB), [['rejected', 'loadbalancer-zone-maps', 'cn-hangzhou-k', 'error']]);
    deepStrictEqual(verdicts({ [`${P}address-type`]: 'intranet', 'service.beta.kubernetes.io/alicloud-loadbalancer-address-type': 'Bogus' }), []);
    deepStrictEqual(verdicts({ 'service.beta.kubernetes.io/alicloud-loadbalancer-address-type': 'Bogus' }), [['rejected', 'loadbalancer-address-type', 'Bogus', 'error']]);
    deepStrictEqual(verdicts({ [`${P}address-type`]: 'Bogus' }, 'example.com/other-lb'), []);
  });

  it('leaves unquoted values kubectl does not read as text to annotation-not-string (one finding, not two)', () => {
    const text = service({ name: 'a' }).replace('  namespace: default\n', `  namespace: default\n  annotations:\n    ${P}proxy-protocol: On\n    ${P}idle-timeout: 1_000\n`);
    const ws = new TestWorkspace({ 'a.yaml': text });
    deepStrictEqual(ws.findings('a.yaml', RULE), []);
    deepStrictEqual(ws.findings('a.yaml', 'annotation-not-string').map((f) => f.data['value']), ['On', '1_000']);
  });

  it('every list pattern of the catalogue accepts its own example, and per-product forms name products that read the key', () => {
    for (const entry of ANNOTATION_CATALOGUE) {
      for (const product of entry.products) {
        const form = valueFormFor(entry, product);
        if (form.kind === 'list' && form.pattern !== undefined) deepStrictEqual(verdicts({ [entry.key]: form.example }, product === 'NLB' ? NLB : undefined), [], `${entry.key} (${product}): ${form.example}`);
      }
      for (const product of Object.keys(entry.byProduct ?? {})) ok(entry.products.includes(product as 'CLB' | 'NLB'), `${entry.key}: ${product}`);
    }
  });

  it('every key with a closed set, for each product that reads it, reports a value outside the set', () => {
    let walked = 0;
    for (const entry of ANNOTATION_CATALOGUE) {
      for (const product of entry.products) {
        const form = valueFormFor(entry, product);
        const closed = form.kind === 'enum' || (form.kind === 'switch' && (form.compare === 'exact' || form.compare === 'case-insensitive'));
        if (!closed) continue;
        walked++;
        const found = verdicts({ [entry.key]: 'not-a-value' }, product === 'NLB' ? NLB : undefined);
        deepStrictEqual(found.map(([, name, value]) => [name, value]), [[anchorOf(entry), 'not-a-value']], `${entry.key} (${product})`);
      }
    }
    ok(walked > 40, `walked ${walked}`);
  });
});
