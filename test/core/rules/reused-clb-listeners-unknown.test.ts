import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits } from '../../../server/src/core';
import { describeAnswer, service, spanOf, TestWorkspace } from '../../helpers/workspace';

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
    strictEqual(
      findings[0]!.message,
      `Pods and nodes of this cluster are refused on any other listener of CLB ${CLB}: list its listeners in listenerFiles or knownListeners. ` +
        "Known here: 80/TCP, 53/UDP, from this cluster's Services. Under kube-proxy IPVS the CLB IP is bound on every node, and only ports of this cluster's Services that report the IP are served. " +
        'listenerFiles takes a saved DescribeLoadBalancerAttribute answer; both go in .kube-lb-reach.yaml.',
    );
    deepStrictEqual(findings[0]!.fixes.map((f) => [f.isPreferred, f.safe]), [[true, false]]);
  });

  it("counts the ports other Services of this cluster serve as known, and still asks about the rest", () => {
    const ws = new TestWorkspace({ 'a.yaml': service({ name: 'a', clbId: CLB }), 'b.yaml': service({ name: 'b', clbId: CLB, ports: [443] }) });
    deepStrictEqual(ws.findings('a.yaml', RULE).map((f) => f.data['own']), ['80/TCP, 443/TCP']);
  });

  it("is silent once the CLB's listeners are known: from a saved API answer, from the setting, or refused ones are named", () => {
    const alone = { 'a.yaml': service({ name: 'a', clbId: CLB }) };
    deepStrictEqual(new TestWorkspace({ ...alone, 'lb.json': describeAnswer(CLB, [[80, 'tcp']]) }).findings('a.yaml', RULE), []);
    deepStrictEqual(new TestWorkspace(alone, { knownListeners: { [CLB]: [] } }).findings('a.yaml', RULE), []);
    deepStrictEqual(new TestWorkspace(alone, { knownListeners: { [CLB]: ['443'] } }).findings('a.yaml', RULE), []);
    // An answer for another CLB says nothing about this one.
    strictEqual(new TestWorkspace({ ...alone, 'lb.json': describeAnswer('lb-other', [[80, 'tcp']]) }).findings('a.yaml', RULE).length, 1);
  });

  it('one page of a paged DescribeLoadBalancerListeners answer does not make the listeners known', () => {
    const page = JSON.stringify({ Listeners: [{ LoadBalancerId: CLB, ListenerPort: 80, ListenerProtocol: 'tcp' }], NextToken: 'abc' });
    strictEqual(new TestWorkspace({ 'a.yaml': service({ name: 'a', clbId: CLB }), 'l.json': page }).findings('a.yaml', RULE).length, 1);
    const whole = JSON.stringify({ Listeners: [{ LoadBalancerId: CLB, ListenerPort: 80, ListenerProtocol: 'tcp' }], NextToken: '' });
    strictEqual(new TestWorkspace({ 'a.yaml': service({ name: 'a', clbId: CLB }), 'l.json': whole }).findings('a.yaml', RULE).length, 0);
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
