import { deepStrictEqual } from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LanguageService } from '../../server/src/core';
import { service } from '../helpers/workspace';

describe('workspace index (through the language service)', () => {
  it('a change re-checks exactly the other files sharing a load balancer with what changed, and none when the indexed Services did not change', () => {
    const ls = new LanguageService();
    const text = service({ name: 'a', clbId: 'lb-1' });
    deepStrictEqual([...ls.update('a.yaml', text)], []);
    deepStrictEqual([...ls.update('b.yaml', service({ name: 'b', clbId: 'lb-1', ports: [443] }))], ['a.yaml']);
    ls.update('c.yaml', service({ name: 'c', clbId: 'lb-2', ports: [8443] }));
    // Typing below the Service (a comment) changes nothing the index holds: no one is re-analysed.
    deepStrictEqual([...ls.update('a.yaml', `${text}# note\n`)], []);
    deepStrictEqual([...ls.update('a.yaml', text.replace('port: 80', 'port: 81'))], ['b.yaml']);
    // Moving to another load balancer touches both.
    deepStrictEqual([...ls.update('a.yaml', text.replace('lb-1', 'lb-2'))].sort(), ['b.yaml', 'c.yaml']);
  });

  it('keys load balancers by provider and id', () => {
    const ls = new LanguageService();
    ls.update('a.yaml', service({ name: 'a', clbId: 'lb-1' }));
    deepStrictEqual(ls.index.servicesReusing('alibaba:lb-1').map((s) => [s.label, s.lb.key, s.lb.id]), [['default/a', 'alibaba:lb-1', 'lb-1']]);
    deepStrictEqual(ls.index.servicesReusing('lb-1'), []);
  });

  it('forgets every file below a deleted folder', () => {
    const ls = new LanguageService();
    ls.update('file:///ws/k8s/a.yaml', service({ name: 'a', clbId: 'lb-1' }));
    ls.update('file:///ws/k8s/sub/b.yaml', service({ name: 'b', clbId: 'lb-2' }));
    ls.update('file:///ws/k8s-other/c.yaml', service({ name: 'c', clbId: 'lb-1' }));
    deepStrictEqual([...ls.removeFolder('file:///ws/k8s')], ['file:///ws/k8s-other/c.yaml']);
    deepStrictEqual(ls.index.servicesReusing('alibaba:lb-1').map((s) => s.uri), ['file:///ws/k8s-other/c.yaml']);
    deepStrictEqual(ls.index.servicesReusing('alibaba:lb-2'), []);
  });

  it("lists a load balancer's listeners in port order and who reports its IP", () => {
    const ls = new LanguageService();
    ls.update('a.yaml', service({ name: 'a', clbId: 'lb-1', ports: [443, 80] }));
    ls.update('b.yaml', service({ name: 'b', clbId: 'lb-1', ports: ['53/UDP', 80], hostname: 'b.example.net' }));
    deepStrictEqual([...ls.index.listenersOf('alibaba:lb-1').keys()], ['53/UDP', '80/TCP', '443/TCP']);
    deepStrictEqual(ls.index.listenersOf('alibaba:lb-1').get('80/TCP')?.declaredBy.map((d) => d.service.label), ['default/a', 'default/b']);
    deepStrictEqual(ls.index.reportingIp('alibaba:lb-1').map((s) => s.label), ['default/a']);
  });
});
