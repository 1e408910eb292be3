import { deepStrictEqual, match, ok, strictEqual } from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits, injectionGrammar, PROVIDERS } from '../../server/src/core';
import { exampleProvider } from '../helpers/exampleProvider';
import { service, spanOf, TestWorkspace } from '../helpers/workspace';

const example = (name: string, id: string, ports: number[], extra: Record<string, string> = {}): string =>
  service({ name, ports, extraAnnotations: { 'lb.example.com/id': id, ...extra } });

describe('cloud providers as modules', () => {
  const providers = [...PROVIDERS, exampleProvider];

  it('a second provider works through the whole pipeline: facts, the index by provider:id, rules with its nouns, its fix', () => {
    const ws = new TestWorkspace(
      { 'a.yaml': example('a', 'elb-1', [80]), 'b.yaml': example('b', 'elb-1', [80, 443]) },
      { hostnameTemplate: '${name}.example.net', knownListeners: { 'elb-1': ['8443'] } },
      { providers },
    );
    const conflict = ws.findings('a.yaml', 'reused-clb-port-conflict');
    deepStrictEqual(
      conflict.map((f) => [f.messageId, f.data['lb'], f.data['lbId'], f.span]),
      [['conflict', 'ELB', 'elb-1', spanOf(ws.text('a.yaml'), '80')]],
    );
    const [refused] = ws.findings('a.yaml', 'reused-clb-other-listener-refused');
    ok(refused);
    match(refused.message, /^Pods and nodes of this cluster are refused on ELB ports 8443\/TCP: .* Clients outside the cluster reach them on elb-1;/);
    const fix = refused.fixes[0]!;
    strictEqual(fix.safe, true);
    match(applyEdits(ws.text('a.yaml'), fix.edits), /\n {4}lb\.example\.com\/hostname: "a\.example\.net"\n {4}lb\.example\.com\/id: "elb-1"\n/);
    deepStrictEqual(ws.service.index.servicesReusing('example:elb-1').map((s) => s.label), ['default/a', 'default/b']);
  });

  it('the same id on two clouds is two load balancers, not a port conflict', () => {
    const ws = new TestWorkspace({ 'a.yaml': example('a', 'lb-1', [80]), 'b.yaml': service({ name: 'b', clbId: 'lb-1', ports: [80] }) }, {}, { providers });
    deepStrictEqual(ws.findings('a.yaml', 'reused-clb-port-conflict'), []);
    deepStrictEqual(ws.findings('b.yaml', 'reused-clb-port-conflict'), []);
    deepStrictEqual(ws.service.index.servicesReusing('alibaba:lb-1').map((s) => s.label), ['default/b']);
  });

  it('the hover and completion speak for the provider; the grammar gains its pattern', () => {
    const ws = new TestWorkspace({ 'a.yaml': example('a', 'elb-1', [80]) }, {}, { providers });
    const text = ws.text('a.yaml');
    match(ws.hover('a.yaml', spanOf(text, 'elb-1').start, () => '')?.markdown ?? '', /^\*\*ELB `elb-1`\*\* is reused by 1 Service/);
    strictEqual(ws.hover('a.yaml', spanOf(text, 'lb.example.com/id').start, () => '')?.span.start, spanOf(text, 'lb.example.com/id').start);
    deepStrictEqual(Object.keys(injectionGrammar(providers).repository), ['alibaba-annotation-key', 'example-annotation-key']);
  });
});
