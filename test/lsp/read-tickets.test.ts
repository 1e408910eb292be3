import { deepStrictEqual } from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ReadTickets } from '../../server/src/lsp/readTickets';

/** Disk reads overtaken by later news about their file are void (the server drops their text). */
describe('reads in flight', () => {
  it('a read is the latest word unless the file was read again or removed (alone or with its folder) meanwhile', () => {
    const reads = new ReadTickets();
    const alone = reads.start('file:///w/alone.yaml');
    const first = reads.start('file:///w/twice.yaml');
    const second = reads.start('file:///w/twice.yaml');
    const removed = reads.start('file:///w/removed.yaml');
    reads.void('file:///w/removed.yaml');
    const inFolder = reads.start('file:///w/gone/x.yaml');
    const besideFolder = reads.start('file:///w/gone-not/x.yaml');
    reads.voidFolder('file:///w/gone');
    deepStrictEqual(
      [
        reads.finish('file:///w/alone.yaml', alone),
        reads.finish('file:///w/twice.yaml', first),
        reads.finish('file:///w/twice.yaml', second),
        reads.finish('file:///w/removed.yaml', removed),
        reads.finish('file:///w/gone/x.yaml', inFolder),
        reads.finish('file:///w/gone-not/x.yaml', besideFolder),
      ],
      [true, false, true, false, false, true],
    );
    // Finished once: a second finish of the same read is not the latest word any more.
    deepStrictEqual(reads.finish('file:///w/alone.yaml', alone), false);
  });
});
