// The long fuzz run: the robustness suite's properties (test/robustness/fuzzing.ts), N cases each.
// Not part of npm test. Usage, after `npm run build && npx tsc -p tsconfig.test.json`:
//   node scripts/fuzz.mjs [CASES=20000] [--seed N]
// Each property gets CASES runs (the CLI --fix property, which writes files, a tenth of them).
// A failure prints the shrunk counterexample and the seed and path that replay it.
import { existsSync } from 'fs';
import { createRequire } from 'module';
import { resolve } from 'path';

const require = createRequire(import.meta.url);
const compiled = resolve('out/test/robustness/fuzzing.js');
if (!existsSync(compiled)) {
  console.error('fuzz: out/test/robustness/fuzzing.js is missing; run `npx tsc -p tsconfig.test.json` first.');
  process.exit(2);
}
const fc = require('fast-check');
const fuzzing = require(compiled);
const configFuzzing = require(resolve('out/test/robustness/configFuzzing.js'));

const args = process.argv.slice(2);
const seedAt = args.indexOf('--seed');
const seed = seedAt >= 0 ? Number(args.splice(seedAt, 2)[1]) : Date.now() % 2_147_483_647;
const cases = args[0] === undefined ? 20_000 : Number(args[0]);
if (!Number.isInteger(cases) || cases <= 0) {
  console.error('fuzz: the case count must be a positive integer, e.g. `node scripts/fuzz.mjs 20000`');
  process.exit(2);
}

const properties = [
  ['generated manifests: analysis is sound', fuzzing.manifest, fuzzing.analysisIsSound, cases],
  ["mutations of the article's manifests: analysis is sound", fuzzing.mutatedArticle, fuzzing.analysisIsSound, cases],
  ['the hostname fix is exact', fc.oneof(fuzzing.manifest, fuzzing.mutatedArticle), fuzzing.hostnameFixIsExact, cases],
  ['config files: never a throw, problems inside the text', configFuzzing.configText, configFuzzing.configIsSound, cases],
  ['listener files: never a throw, removal restores the findings', configFuzzing.listenerFileText, configFuzzing.listenerFileIsSound, cases],
  ['CLI --fix twice equals --fix once', fc.oneof(fuzzing.manifest, fuzzing.mutatedArticle), fuzzing.cliFixIsIdempotent, Math.max(1, Math.round(cases / 10))],
];

console.log(`fuzz: ${cases} cases per property, seed ${seed}`);
let failed = 0;
for (const [name, arbitrary, check, numRuns] of properties) {
  const stats = fuzzing.newStats();
  const started = Date.now();
  const isAsync = check === fuzzing.cliFixIsIdempotent;
  const property = isAsync ? fc.asyncProperty(arbitrary, (input) => check(input, stats)) : fc.property(arbitrary, (input) => check(input, stats));
  const details = isAsync ? await fc.check(property, { numRuns, seed }) : fc.check(property, { numRuns, seed });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const counts = `${stats.runs} runs, ${stats.withFindings} with findings, ${stats.withFixes} with fixes, slowest analysis ${stats.slowestMs} ms`;
  if (!details.failed) {
    console.log(`ok   ${name}: ${counts} (${seconds} s)`);
    continue;
  }
  failed++;
  console.log(`FAIL ${name} after ${details.numRuns} runs (${seconds} s): replay with { seed: ${details.seed}, path: ${JSON.stringify(details.counterexamplePath)} }`);
  console.log('counterexample:', JSON.stringify(details.counterexample?.[0], null, 2));
  console.log(String(details.errorInstance?.stack ?? details.error).split('\n').slice(0, 40).join('\n'));
}
// Protocol sequences against the real server (test/robustness/protocolFuzz.ts): a hundredth of the cases, 40 steps each.
const protocol = require(resolve('out/test/robustness/protocolFuzz.js'));
const runs = Math.max(1, Math.round(cases / 100));
const started = Date.now();
try {
  const { steps } = await protocol.fuzzProtocol(seed, runs, 40);
  console.log(`ok   protocol sequences: ${runs} sequences, ${steps} steps (${((Date.now() - started) / 1000).toFixed(1)} s)`);
} catch (error) {
  failed++;
  console.log(`FAIL protocol sequences (seed ${seed}):`, String(error?.message ?? error).split('\n').slice(0, 6).join('\n'));
  console.log(String(error?.cause?.message ?? error?.cause ?? '').slice(0, 4000));
}
process.exit(failed === 0 ? 0 : 1);
