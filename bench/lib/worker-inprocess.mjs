// In-process edit latency, run in its own process (node --expose-gc) so it has a clean heap.
// argv[2]: JSON { sizes: [{ size, runs, warmup }], isolation: { runs, warmup, otherFiles } }.
// Variants are measured round-robin (one run of each in turn), so a noisy neighbour on the machine
// slows them alike; the ratio is also taken per round (paired), which cancels most of that noise.
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { multiDocFile, serviceManifest, serviceSpecs } from './generate.mjs';
import { summarize, now } from './stats.mjs';
import { OUT } from './bundle.mjs';
import { OUR_SETTINGS } from './servers.mjs';

const require = createRequire(import.meta.url);
const { parseFile, WorkspaceIndex, analyzeFile, resolveSettings, yamlParseAllDocuments } = require(path.join(OUT, 'inprocess.cjs'));
/** The same core with `yaml` counted: used only to count, in untimed calls. */
const counted = require(path.join(OUT, 'inprocess-counted.cjs'));
const opts = JSON.parse(process.argv[2]);
const gc = globalThis.gc ?? (() => {});
const settings = resolveSettings(OUR_SETTINGS).settings;

/** Wall time of each call, and its CPU time (user + system: robust to other processes taking the CPU). */
const cpuTimes = {};
function roundRobin(variants, runs, warmup) {
  const samples = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
  for (const k of Object.keys(variants)) cpuTimes[k] = [];
  for (let i = 0; i < warmup + runs; i++) {
    for (const [name, fn] of Object.entries(variants)) {
      gc();
      const c0 = process.cpuUsage();
      const t0 = now();
      fn(i);
      const dt = now() - t0;
      const c = process.cpuUsage(c0);
      if (i >= warmup) {
        samples[name].push(dt);
        cpuTimes[name].push((c.user + c.system) / 1000);
      }
    }
  }
  return samples;
}

const PARSE_OPTIONS = { keepSourceTokens: true, uniqueKeys: true, prettyErrors: false };
const results = { sizes: [], isolation: undefined };
for (const { size, runs, warmup } of opts.sizes) {
  const file = multiDocFile(size);
  const texts = [file.text, file.edit.apply(file.text, file.edit.other)];
  const uri = 'file:///bench/edited.yaml';
  const index = new WorkspaceIndex();
  index.update(uri, texts[0]);
  let findings = 0;
  const samples = roundRobin(
    {
      // The edit: a keystroke changed the text; findings for the new text.
      // One parse (inside update), the index, the rules.
      analysis: (i) => {
        index.update(uri, texts[(i + 1) % 2]);
        findings = analyzeFile(uri, index, settings).findings.length;
      },
      floor: (i) => yamlParseAllDocuments(texts[i % 2]),
      floorSameOptions: (i) => yamlParseAllDocuments(texts[i % 2], PARSE_OPTIONS),
      parseFile: (i) => parseFile(texts[i % 2]),
      // The rules alone, on a parse the service already holds (a settings object it has not seen, so nothing is cached).
      analyzeFile: () => analyzeFile(uri, index, { ...settings }),
    },
    runs,
    warmup,
  );
  const paired = samples.analysis.map((a, k) => a / samples.floor[k]);
  const cpuAnalysis = summarize(cpuTimes.analysis);
  const cpuFloor = summarize(cpuTimes.floor);
  results.sizes.push({
    size,
    lines: file.lines,
    services: file.services,
    chars: file.text.length,
    findings,
    ...Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, summarize(v)])),
    pairedRatio: summarize(paired),
    cpu: { analysis: cpuAnalysis, floor: cpuFloor, ratio: cpuAnalysis.median / cpuFloor.median },
  });
}

// Isolation: a 2,000-line file changed in a workspace of 1 vs N other files (some share its CLBs).
// Timed with the plain core; the parses are counted in separate, untimed calls of the counted core.
{
  const { runs, warmup, otherFiles } = opts.isolation;
  const file = multiDocFile(2000);
  const texts = [file.text, file.edit.apply(file.text, file.edit.other)];
  const others = serviceSpecs(otherFiles).map((spec) => serviceManifest(spec.i, spec));
  const uri = 'file:///bench/edited.yaml';
  const workspaces = [1, otherFiles].map((count) => {
    const make = (core) => {
      const index = new core.WorkspaceIndex();
      for (let k = 0; k < count; k++) index.update(`file:///bench/other-${k}.yaml`, others[k]);
      index.update(uri, texts[0]);
      return index;
    };
    return { count, index: make({ WorkspaceIndex }), countedIndex: make(counted) };
  });
  const samples = roundRobin(
    Object.fromEntries(
      workspaces.map((w) => [
        `others${w.count}`,
        (i) => {
          w.index.update(uri, texts[(i + 1) % 2]);
          analyzeFile(uri, w.index, settings);
        },
      ]),
    ),
    runs,
    warmup,
  );
  const countedSettings = counted.resolveSettings(OUR_SETTINGS).settings;
  results.isolation = workspaces.map((w) => {
    const changes = 4;
    const before = { ...counted.yamlCounts };
    let sharing = 0;
    for (let i = 0; i < changes; i++) {
      const changed = w.countedIndex.update(uri, texts[(i + 1) % 2]);
      counted.analyzeFile(uri, w.countedIndex, countedSettings);
      sharing = [...w.countedIndex.urisReusing(changed)].filter((u) => u !== uri).length;
    }
    const after = counted.yamlCounts;
    return {
      otherFiles: w.count,
      filesInIndex: w.index.fileCount,
      otherFilesSharingAClbWithTheEdit: sharing,
      time: summarize(samples[`others${w.count}`]),
      fileParsesPerChange: (after.fileParses - before.fileParses) / changes,
      charsParsedPerChange: (after.fileParseChars - before.fileParseChars) / changes,
      editedFileChars: texts[0].length,
      valueParsesPerChange: (after.valueParses - before.valueParses) / changes,
    };
  });
}
process.stdout.write(JSON.stringify(results) + '\n');
