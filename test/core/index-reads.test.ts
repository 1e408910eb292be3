import { deepStrictEqual } from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseFile, WorkspaceIndex } from '../../server/src/core';
import { service } from '../helpers/workspace';

/** Disk reads overtaken by later news about their file are void (the adapters drop their text). */
describe('workspace index: reads in flight', () => {
  const text = parseFile(service({ name: 'a', clbId: 'lb-reads', ports: [80] }));

  it('a read is the latest word unless the file was read again, updated or removed (alone or with its folder) meanwhile', () => {
    const index = new WorkspaceIndex();
    const alone = index.startRead('file:///w/alone.yaml');
    const first = index.startRead('file:///w/twice.yaml');
    const second = index.startRead('file:///w/twice.yaml');
    const updated = index.startRead('file:///w/updated.yaml');
    index.update('file:///w/updated.yaml', text);
    const removed = index.startRead('file:///w/removed.yaml');
    index.remove('file:///w/removed.yaml');
    const inFolder = index.startRead('file:///w/gone/x.yaml');
    const besideFolder = index.startRead('file:///w/gone-not/x.yaml');
    index.removeFolder('file:///w/gone');
    deepStrictEqual(
      [
        index.finishRead('file:///w/alone.yaml', alone),
        index.finishRead('file:///w/twice.yaml', first),
        index.finishRead('file:///w/twice.yaml', second),
        index.finishRead('file:///w/updated.yaml', updated),
        index.finishRead('file:///w/removed.yaml', removed),
        index.finishRead('file:///w/gone/x.yaml', inFolder),
        index.finishRead('file:///w/gone-not/x.yaml', besideFolder),
      ],
      [true, false, true, false, false, false, true],
    );
    // Finished once: a second finish of the same read is not the latest word any more.
    deepStrictEqual(index.finishRead('file:///w/alone.yaml', alone), false);
  });
});
