import { ok } from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fuzzProtocol } from './protocolFuzz';

/** A short slice of the protocol sequence fuzzer; `npm run fuzz` runs the long one, with its seed printed. */
describe('protocol sequences', { timeout: 180_000 }, () => {
  it('opens, ranged edits, closes, slow and fast settings, hovers and fix-all: diagnostics always match the text the client holds, and the CLI', async () => {
    const seed = 20261201;
    const { steps } = await fuzzProtocol(seed, 5, 40);
    ok(steps >= 40, `ran ${steps} steps (seed ${seed})`);
  });
});
