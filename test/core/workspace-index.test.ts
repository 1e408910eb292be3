import { deepStrictEqual } from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseFile, WorkspaceIndex } from '../../server/src/core';
import { service } from '../helpers/workspace';

describe('workspace index', () => {
  it('reports the CLB ids a change touches, and none when the indexed Services did not change', () => {
    const index = new WorkspaceIndex();
    const text = service({ name: 'a', clbId: 'lb-1' });
    deepStrictEqual([...index.update('a.yaml', parseFile(text))], ['lb-1']);
    // Typing below the Service (a comment) changes nothing the index holds: no one is re-analysed.
    deepStrictEqual([...index.update('a.yaml', parseFile(`${text}# note\n`))], []);
    deepStrictEqual([...index.update('a.yaml', parseFile(text.replace('port: 80', 'port: 81')))], ['lb-1']);
    // Moving to another CLB touches both.
    deepStrictEqual([...index.update('a.yaml', parseFile(text.replace('lb-1', 'lb-2')))].sort(), ['lb-1', 'lb-2']);
  });

  it('forgets every file below a deleted folder', () => {
    const index = new WorkspaceIndex();
    index.update('file:///ws/k8s/a.yaml', parseFile(service({ name: 'a', clbId: 'lb-1' })));
    index.update('file:///ws/k8s/sub/b.yaml', parseFile(service({ name: 'b', clbId: 'lb-2' })));
    index.update('file:///ws/k8s-other/c.yaml', parseFile(service({ name: 'c', clbId: 'lb-1' })));
    deepStrictEqual([...index.removeFolder('file:///ws/k8s')].sort(), ['lb-1', 'lb-2']);
    deepStrictEqual(index.servicesReusing('lb-1').map((s) => s.uri), ['file:///ws/k8s-other/c.yaml']);
    deepStrictEqual(index.servicesReusing('lb-2'), []);
  });

  it('lists a CLB\'s listeners in port order and who reports its IP', () => {
    const index = new WorkspaceIndex();
    index.update('a.yaml', parseFile(service({ name: 'a', clbId: 'lb-1', ports: [443, 80] })));
    index.update('b.yaml', parseFile(service({ name: 'b', clbId: 'lb-1', ports: ['53/UDP', 80], hostname: 'b.example.net' })));
    deepStrictEqual([...index.listenersOf('lb-1').keys()], ['53/UDP', '80/TCP', '443/TCP']);
    deepStrictEqual(index.listenersOf('lb-1').get('80/TCP')?.declaredBy.map((d) => d.service.label), ['default/a', 'default/b']);
    deepStrictEqual(index.reportingIp('lb-1').map((s) => s.label), ['default/a']);
  });
});
