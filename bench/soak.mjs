// Soak: one language server through a long seeded protocol sequence (the fuzzer's commands:
// opens, ranged edits, closes, slow settings, hovers, fix-all), its RSS sampled every 25 steps.
// Run by `npm run bench` after the benchmarks; `node bench/soak.mjs [STEPS=2000] [--seed N]`.
import { createRequire } from 'module';
import { resolve } from 'path';

const require = createRequire(import.meta.url);
const { fuzzProtocol } = require(resolve('out/test/robustness/protocolFuzz.js'));
const args = process.argv.slice(2);
const seedAt = args.indexOf('--seed');
const seed = seedAt >= 0 ? Number(args.splice(seedAt, 2)[1]) : 443;
const steps = Number(args[0] ?? 2000);
const started = Date.now();
const result = await fuzzProtocol(seed, 1, steps);
const rss = result.rss.map((mb) => mb.toFixed(0));
console.log(`soak: ${result.steps} steps in ${((Date.now() - started) / 1000).toFixed(0)} s, seed ${seed}`);
console.log(`soak: server RSS (MB) every 25 steps: ${rss.join(' ')}`);
