import { deepStrictEqual, match, strictEqual } from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits } from '../../../server/src/core';
import { service, spanOf, TestWorkspace } from '../../helpers/workspace';

const RULE = 'reused-clb-listeners-unknown';
const CLB = 'lb-2ze8x7c0unknown';

describe(RULE, () => {
  it('a reused CLB with no other listener known: an Information note on the id, with the fix', () => {
    const ws = new TestWorkspace({ 'a.yaml': service({ name: 'a', clbId: CLB, ports: [80, '53/UDP'] }) });
    const findings = ws.findings('a.yaml', RULE);
    deepStrictEqual(
      findings.map((f) => ({ ruleId: f.ruleId, messageId: f.messageId, data: f.data, span: f.span, severity: f.severity })),
      [{ ruleId: RULE, messageId: 'unknown', data: { lb: 'CLB', lbId: CLB, own: '80/TCP, 53/UDP' }, span: spanOf(ws.text('a.yaml'), `"${CLB}"`), severity: 'information' }],
    );
    match(findings[0]!.message, /any listener of it other than 80\/TCP, 53\/UDP is refused/);
    match(findings[0]!.message, /No other listener is known/);
    deepStrictEqual(findings[0]!.fixes.map((f) => [f.isPreferred, f.safe]), [[true, false]]);
  });

  it('is silent once another listener is known, from the workspace or the setting', () => {
    const alone = { 'a.yaml': service({ name: 'a', clbId: CLB }) };
    deepStrictEqual(new TestWorkspace({ ...alone, 'b.yaml': service({ name: 'b', clbId: CLB, ports: [443] }) }).findings('a.yaml', RULE), []);
    deepStrictEqual(new TestWorkspace(alone, { knownListeners: { [CLB]: ['443'] } }).findings('a.yaml', RULE), []);
  });

  it('is silent where the IP is not bound (hostname, iptables) or nothing is reused', () => {
    strictEqual(new TestWorkspace({ 'a.yaml': service({ name: 'a', clbId: CLB, hostname: 'a.example.net' }) }).findings('a.yaml', RULE).length, 0);
    strictEqual(new TestWorkspace({ 'a.yaml': service({ name: 'a', clbId: CLB }) }, { kubeProxyMode: 'iptables' }).findings('a.yaml', RULE).length, 0);
    strictEqual(new TestWorkspace({ 'a.yaml': service({ name: 'a' }) }).findings('a.yaml', RULE).length, 0);
  });

  it('the fix: the hostname annotation with a placeholder when no template is set (not applied by fix-all), inserted first', () => {
    const ws = new TestWorkspace({ 'a.yaml': service({ name: 'a', clbId: CLB }) });
    const [fix] = ws.findings('a.yaml', RULE)[0]!.fixes;
    strictEqual(applyEdits(ws.text('a.yaml'), fix!.edits), service({ name: 'a', clbId: CLB, hostname: '<dns-name-of-this-clb>' }).replace(/(.*loadbalancer-id.*\n)(.*hostname.*\n)/, '$2$1'));
  });
});
