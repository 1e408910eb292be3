import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits } from '../../../server/src/core';
import { service, spanOf, TestWorkspace } from '../../helpers/workspace';

const RULE = 'hostname-invalid';
const CLB = 'lb-2ze8x7c0example';
const LEGACY = 'service.beta.kubernetes.io/alicloud-loadbalancer-hostname';

function only(hostname: string, settings?: Record<string, unknown>): { ws: TestWorkspace; text: string } {
  const ws = new TestWorkspace({ 'a.yaml': service({ name: 'a', clbId: CLB, hostname }) }, settings);
  return { ws, text: ws.text('a.yaml') };
}

describe(RULE, () => {
  const cells: [string, string, string, Record<string, string>][] = [
    ['empty', '', 'empty', { service: 'default/a', lb: 'CLB', controller: 'the CCM' }],
    ['spaces only', '  ', 'empty', { service: 'default/a', lb: 'CLB', controller: 'the CCM' }],
    ["the quick fix's placeholder", '<dns-name-of-this-clb>', 'placeholder', { service: 'default/a', lb: 'CLB', controller: 'the CCM', value: '<dns-name-of-this-clb>' }],
    ["the article's ${your_service_hostname}", '${your_service_hostname}', 'placeholder', { service: 'default/a', lb: 'CLB', controller: 'the CCM', value: '${your_service_hostname}' }],
    ['an IPv4 address', '47.95.0.10', 'ip', { service: 'default/a', lb: 'CLB', controller: 'the CCM', value: '47.95.0.10' }],
    ['an IPv6 address', '2408:4000::1', 'ip', { service: 'default/a', lb: 'CLB', controller: 'the CCM', value: '2408:4000::1' }],
    ['capitals', 'Shop.Example.com', 'notDns', { service: 'default/a', lb: 'CLB', controller: 'the CCM', value: 'Shop.Example.com' }],
    ['an underscore', 'my_shop.example.com', 'notDns', { service: 'default/a', lb: 'CLB', controller: 'the CCM', value: 'my_shop.example.com' }],
    ['a trailing dot', 'shop.example.com.', 'notDns', { service: 'default/a', lb: 'CLB', controller: 'the CCM', value: 'shop.example.com.' }],
    ['a wildcard', '*.example.com', 'notDns', { service: 'default/a', lb: 'CLB', controller: 'the CCM', value: '*.example.com' }],
  ];
  for (const [why, hostname, messageId, data] of cells) {
    it(`${why}: an Error on the value`, () => {
      const { ws, text } = only(hostname);
      deepStrictEqual(
        ws.findings('a.yaml', RULE).map((f) => ({ ruleId: f.ruleId, messageId: f.messageId, data: f.data, span: f.span, severity: f.severity, fixes: f.fixes })),
        [{ ruleId: RULE, messageId, data, span: spanOf(text, `"${hostname}"`), severity: 'error', fixes: [] }],
      );
    });
  }

  it('says who is affected and what to do first, under 160 characters, then why', () => {
    const first = (hostname: string): string => only(hostname).ws.findings('a.yaml', RULE)[0]!.message.split('. ')[0]!;
    strictEqual(first('<dns-name-of-this-clb>'), 'Service default/a never gets its hostname: replace the placeholder "<dns-name-of-this-clb>" with the DNS name that points at the CLB');
    strictEqual(first(''), 'The hostname annotation of Service default/a is empty: write the DNS name that points at the CLB, or remove the annotation');
    for (const [, hostname] of cells) ok(first(hostname).length < 160, hostname);
    const placeholder = only('${your_service_hostname}').ws.findings('a.yaml', RULE)[0]!.message;
    ok(placeholder.includes("rejects the CCM's status update with this value, so the status never shows the hostname"), placeholder);
    ok(only('').ws.findings('a.yaml', RULE)[0]!.message.includes('An empty value is ignored by the CCM: it reports the CLB IP'));
  });

  it('cuts a long value in the message', () => {
    const long = `${'x'.repeat(70)}.Example.com`;
    strictEqual(only(long).ws.findings('a.yaml', RULE)[0]!.data['value'], `${'x'.repeat(57)}...`);
  });

  it('with a template giving a valid name: a safe fix that replaces the value, and afterwards nothing is reported', () => {
    const { ws, text } = only('${your_service_hostname}', { hostnameTemplate: '${name}.${namespace}.example.net' });
    const [fix, ...rest] = ws.findings('a.yaml', RULE)[0]!.fixes;
    deepStrictEqual(rest, []);
    deepStrictEqual([fix?.title, fix?.isPreferred, fix?.safe], ['Replace the hostname with "a.default.example.net"', true, true]);
    const fixed = applyEdits(text, fix!.edits);
    strictEqual(fixed, service({ name: 'a', clbId: CLB, hostname: 'a.default.example.net' }));
    deepStrictEqual(new TestWorkspace({ 'a.yaml': fixed }).findings('a.yaml', RULE), []);
  });

  it('a template that gives no valid name (capitals): no fix', () => {
    deepStrictEqual(only('47.95.0.10', { hostnameTemplate: '${name}.Example.net' }).ws.findings('a.yaml', RULE)[0]!.fixes, []);
  });

  it('the legacy spelling is read too', () => {
    const ws = new TestWorkspace({ 'a.yaml': service({ name: 'a', extraAnnotations: { [LEGACY]: '10.0.0.1' } }) });
    deepStrictEqual(ws.findings('a.yaml', RULE).map((f) => f.messageId), ['ip']);
  });

  it('until fixed the Service counts as reporting the IP: the reused CLB is still refused', () => {
    const ws = new TestWorkspace({ 'a.yaml': service({ name: 'a', clbId: CLB, hostname: '<dns-name-of-this-clb>' }) }, { knownListeners: { [CLB]: ['443'] } });
    deepStrictEqual(ws.findings('a.yaml').map((f) => f.ruleId).sort(), [RULE, 'reused-clb-other-listener-refused']);
  });

  const silent: [string, string][] = [
    ['a lowercase DNS name', service({ name: 'a', clbId: CLB, hostname: 'shop.example.com' })],
    ['no hostname annotation', service({ name: 'a', clbId: CLB })],
    ['a NodePort Service', service({ name: 'a', type: 'NodePort', hostname: '<x>' })],
    ['a ClusterIP Service', service({ name: 'a', type: 'ClusterIP', hostname: '' })],
    ['an NLB Service (its controller does not read the key)', service({ name: 'a', hostname: '1.2.3.4', loadBalancerClass: 'alibabacloud.com/nlb' })],
  ];
  for (const [why, text] of silent) {
    it(`is silent for ${why}`, () => {
      deepStrictEqual(new TestWorkspace({ 'a.yaml': text }).findings('a.yaml', RULE), []);
    });
  }
});
