// kube-lb-reach benchmark harness (`npm run bench` builds first, then runs this).
// Reports, never asserts: prints a table and writes bench/results.json. Every figure is the median of
// repeated runs, with min–max and IQR as the noise. See docs/performance.md.
//
//   node bench/run.mjs [--quick] [--profile] [--keep-temp] [--update-docs]
//     --quick      fewer repetitions and no 10,000-file workspace (a smoke run, not figures to quote)
//     --profile    profile the in-process analysis (node --cpu-prof) even when its budget is met
//     --keep-temp  keep the generated workspaces (printed path)
//     --update-docs  also write the report between the bench markers of docs/performance.md
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { buildBenchBundles, buildMinified, BENCH, ROOT } from './lib/bundle.mjs';
import { multiDocFile, writeWorkspace } from './lib/generate.mjs';
import { cpuProfile } from './lib/profile.mjs';
import { editLatency, requestLatency, startClient } from './lib/protocol.mjs';
import { ours, yamlLanguageServer } from './lib/servers.mjs';
import { fmtMs, now, ratio, round, summarize } from './lib/stats.mjs';
import { parsesPerChange, workspaceRun } from './lib/workspace.mjs';

const args = new Set(process.argv.slice(2));
const QUICK = args.has('--quick');
const q = (full, quick) => (QUICK ? quick : full);
const SIZES = [200, 2000, 20000];
const BUDGET = { analysisOverParse: 1.5, peakRssBytes: 200e6, vsixBytes: 500e3 };
const started = now();
const report = [];
const log = (line = '') => {
  report.push(line);
  process.stdout.write(`${line}\n`);
};
const step = (what) => process.stderr.write(`bench: ${what} (${((now() - started) / 1000).toFixed(0)} s)\n`);

const results = { date: new Date().toISOString(), quick: QUICK, machine: machine(), budgets: [], notes: [] };

function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryGiB: round(os.totalmem() / 2 ** 30, 1),
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAverageAtStart: os.loadavg().map((x) => round(x, 2)),
  };
}

function runWorker(script, input, { expose = true } = {}) {
  const run = spawnSync(process.execPath, [...(expose ? ['--expose-gc'] : []), path.join(BENCH, 'lib', script), JSON.stringify(input)], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`${script} failed (${run.status}): ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').at(-1));
}

const fileOf = Object.fromEntries(SIZES.map((size) => [size, multiDocFile(size)]));
const editUri = (size) => `file:///tmp/kube-lb-reach-bench/edit-${size}.yaml`;

// ---------------------------------------------------------------------------------------------
step('building the bench bundles (bench/.out/)');
await buildBenchBundles();
if (!existsSync(path.join(ROOT, 'dist', 'server.js'))) throw new Error('dist/server.js is missing: run `npm run build` (or `npm run bench`)');
/** dist/ is measured as it is; if something rebuilds it during the run, the report says so. */
const distFingerprint = () => ['server.js', 'cli.js'].map((f) => { const st = statSync(path.join(ROOT, 'dist', f)); return `${f}:${st.size}:${st.mtimeMs}`; }).join(' ');
const distAtStart = distFingerprint();

// 1. In-process edit latency ------------------------------------------------------------------
step('1. in-process edit latency');
const inprocess = runWorker('worker-inprocess.mjs', {
  sizes: [
    { size: 200, runs: q(25, 7), warmup: q(10, 3) },
    { size: 2000, runs: q(15, 5), warmup: q(5, 2) },
    { size: 20000, runs: q(9, 3), warmup: q(3, 1) },
  ],
  isolation: { runs: q(11, 3), warmup: q(3, 1), otherFiles: 1000 },
});
results.inprocess = inprocess;

// 3b. @monokle/validation in-process ------------------------------------------------------------
step('3. @monokle/validation in-process (offline)');
try {
  results.monokle = runWorker('worker-monokle.mjs', {
    sizes: [
      { size: 200, runs: q(11, 3), warmup: q(3, 1) },
      { size: 2000, runs: q(11, 3), warmup: q(2, 1) },
      { size: 20000, runs: q(7, 3), warmup: 1 },
    ],
  });
} catch (error) {
  results.monokle = { error: String(error).slice(0, 2000) };
}

// 2 + 3a. Through the protocol ------------------------------------------------------------------
const protocol = { ours: {}, yls: {}, hover: {}, codeAction: {}, ylsHover: {} };
results.protocol = protocol;
for (const size of SIZES) {
  step(`2. protocol, kube-lb-reach, ${size} lines`);
  const file = fileOf[size];
  const mine = await editLatency(ours(), file, { runs: q(11, 3), warmup: q(3, 1), uri: editUri(size), openRuns: q(size === 20000 ? 5 : 7, 2) });
  protocol.ours[size] = { latency: mine.latency, open: mine.open, diagnostics: mine.diagnostics };
  try {
    // Hover on the CLB id of the edited Service (who else reuses it) and on externalTrafficPolicy (the table).
    const text = file.text;
    const idAt = text.lastIndexOf('loadbalancer-id: "', file.edit.offset) + 'loadbalancer-id: "'.length + 2;
    const policyAt = text.indexOf('externalTrafficPolicy: ', text.lastIndexOf('kind: Service', file.edit.offset)) + 'externalTrafficPolicy: '.length + 1;
    const pos = (offset) => positionOf(text, offset);
    const opts = { runs: q(15, 3), warmup: q(3, 1) };
    const hoverId = await requestLatency(mine.client, 'textDocument/hover', { textDocument: { uri: editUri(size) }, position: pos(idAt) }, opts);
    const hoverPolicy = await requestLatency(mine.client, 'textDocument/hover', { textDocument: { uri: editUri(size) }, position: pos(policyAt) }, opts);
    protocol.hover[size] = { clbId: hoverId.latency, policy: hoverPolicy.latency, answered: Boolean(hoverId.result && hoverPolicy.result) };
    // Quick fix for the warning nearest the edit, then fix-all of the whole file.
    const diagnostics = mine.lastPublication.diagnostics;
    const target = diagnostics.find((d) => d.code === 'reused-clb-other-listener-refused' && d.range.start.line >= file.edit.range.start.line - 40) ?? diagnostics[0];
    const quick = await requestLatency(mine.client, 'textDocument/codeAction', { textDocument: { uri: editUri(size) }, range: target.range, context: { diagnostics: [target] } }, opts);
    const fixAll = await requestLatency(mine.client, 'textDocument/codeAction', { textDocument: { uri: editUri(size) }, range: target.range, context: { diagnostics: [], only: ['source.fixAll'] } }, opts);
    const fixAllEdits = fixAll.result.reduce((n, a) => n + Object.values(a.edit?.changes ?? {}).reduce((m, e) => m + e.length, 0), 0);
    protocol.codeAction[size] = { quickFix: quick.latency, quickFixActions: quick.result.length, fixAll: fixAll.latency, fixAllActions: fixAll.result.length, fixAllEdits };
  } finally {
    await mine.client.stop();
  }

  step(`3. protocol, yaml-language-server, ${size} lines`);
  const theirs = await editLatency(yamlLanguageServer(), file, { runs: q(size === 20000 ? 7 : 11, 3), warmup: q(2, 1), uri: editUri(size), openRuns: q(size === 20000 ? 5 : 7, 2) });
  try {
    const text = file.text;
    const policyAt = text.indexOf('externalTrafficPolicy: ', text.lastIndexOf('kind: Service', file.edit.offset)) + 'externalTrafficPolicy: '.length + 1;
    const hover = await requestLatency(theirs.client, 'textDocument/hover', { textDocument: { uri: editUri(size) }, position: positionOf(text, policyAt) }, { runs: q(15, 3), warmup: q(3, 1) });
    protocol.ylsHover[size] = { policy: hover.latency, answered: Boolean(hover.result) };
    protocol.yls[size] = { latency: theirs.latency, open: theirs.open, diagnostics: theirs.diagnostics, contentRequests: theirs.client.contentRequests };
  } finally {
    await theirs.client.stop();
  }
}

// yaml-language-server really validates against the schema (offline)?
{
  const client = await startClient(yamlLanguageServer());
  const uri = 'file:///tmp/kube-lb-reach-bench/invalid.yaml';
  await client.open(uri, 'apiVersion: v1\nkind: Service\nmetadata:\n  name: a\nspec:\n  type: Balancer\n  ports:\n  - port: http\n');
  const p = await client.diagnostics(uri);
  results.ylsSanity = { invalidServiceDiagnostics: p.diagnostics.map((d) => d.message), contentRequests: client.contentRequests };
  await client.stop();
}

// 5. Start-up -------------------------------------------------------------------------------
async function startup(spec, runs) {
  const toInitialized = [];
  const toFirst = [];
  for (let i = 0; i < runs; i++) {
    const t0 = now();
    const client = await startClient(spec);
    toInitialized.push(now() - t0);
    await client.open(editUri(200), fileOf[200].text, 1);
    const p = await client.diagnostics(editUri(200));
    toFirst.push(p.at - client.spawnedAt);
    await client.stop();
  }
  return { initializeAnswered: summarize(toInitialized), firstPublish: summarize(toFirst) };
}
step('5. start-up');
results.startup = { ours: await startup(ours(), q(9, 3)), yls: await startup(yamlLanguageServer(), q(7, 2)) };
results.sizes = await sizes();

// 4. Workspace scale + 6. CLI ------------------------------------------------------------------
const temp = mkdtempSync(path.join(os.tmpdir(), 'kube-lb-reach-bench-'));
results.workspace = {};
results.cli = {};
try {
  for (const count of QUICK ? [1000] : [1000, 10000]) {
    step(`4. workspace of ${count} files: generating`);
    const ws = writeWorkspace(path.join(temp, `ws-${count}`), count, { shared: 300 });
    const repeats = count >= 10000 ? q(5, 1) : q(7, 2);
    const runs = [];
    for (let r = 0; r < repeats; r++) {
      step(`4. workspace of ${count} files: server run ${r + 1}/${repeats}`);
      runs.push(await workspaceRun(ours(), ws, { changeRuns: r === 0 ? q(9, 3) : 0 }));
    }
    step(`4. workspace of ${count} files: parses per change (instrumented server)`);
    const parses = await parsesPerChange(ours({ counted: true }), ws);
    results.workspace[count] = {
      files: runs[0].files,
      filesWithReusedClbs: runs[0].filesWithReusedClbs,
      sharedFiles: ws.sharedFiles,
      indexReported: summarize(runs.map((r) => r.indexReportedMs)),
      indexWall: summarize(runs.map((r) => r.indexWallMs)),
      peakRssMiB: summarize(runs.map((r) => r.memory.peakRssMiB)),
      change: runs[0].change,
      parses,
    };

    step(`6. CLI on ${count} files`);
    const cliRuns = count >= 10000 ? q(5, 1) : q(7, 2);
    const times = [];
    let exitCode;
    for (let r = 0; r < cliRuns; r++) {
      const t0 = now();
      const run = spawnSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), 'lint', ws.root, '--format', 'json', '--output', '/dev/null'], { encoding: 'utf8' });
      times.push(now() - t0);
      exitCode = run.status;
    }
    // Peak RSS in one more run: /usr/bin/time -f %M (KiB), when there is one.
    let peakRssMiB = NaN;
    if (existsSync('/usr/bin/time')) {
      const run = spawnSync('/usr/bin/time', ['-f', 'maxrss %M', process.execPath, path.join(ROOT, 'dist', 'cli.js'), 'lint', ws.root, '--format', 'json', '--output', '/dev/null'], { encoding: 'utf8' });
      peakRssMiB = Number(/maxrss (\d+)/.exec(run.stderr)?.[1]) / 1024;
    }
    const wall = summarize(times);
    results.cli[count] = { wall, filesPerSecond: count / (wall.median / 1000), filesPerSecondRange: [count / (wall.max / 1000), count / (wall.min / 1000)], exitCode, peakRssMiB };
  }
} finally {
  if (args.has('--keep-temp')) log(`(workspaces kept in ${temp})`);
  else rmSync(temp, { recursive: true, force: true });
}

// Budgets ----------------------------------------------------------------------------------
const budgets = results.budgets;
for (const s of inprocess.sizes) {
  const r = ratio(s.analysis, s.floor);
  budgets.push({ budget: `analysis ≤ ${BUDGET.analysisOverParse}x yaml parseAllDocuments (${s.size} lines)`, value: `${r.toFixed(2)}x (paired ${s.pairedRatio.median.toFixed(2)}x, IQR ${s.pairedRatio.q1.toFixed(2)}–${s.pairedRatio.q3.toFixed(2)}; CPU time ${s.cpu.ratio.toFixed(2)}x)`, met: r <= BUDGET.analysisOverParse });
}
for (const size of SIZES) {
  const a = protocol.ours[size]?.latency;
  const b = protocol.yls[size]?.latency;
  budgets.push({ budget: `faster than yaml-language-server, didChange → publishDiagnostics (${size} lines)`, value: `${a.median.toFixed(0)} vs ${b.median.toFixed(0)} ms (${ratio(a, b).toFixed(2)}x); net of debounce (40 / 200 ms): ${(a.median - 40).toFixed(0)} vs ${(b.median - 200).toFixed(0)} ms`, met: a.median < b.median });
}
{
  const big = results.workspace[10000] ?? results.workspace[1000];
  const iso = inprocess.isolation;
  const onlySharing = big.change.unrelatedPublicationsPerChange === 0 && big.change.sharingPublicationsPerChange >= 2 && big.parses.fileParses === 1;
  budgets.push({
    budget: `one-file change in a ${big.files}-file workspace re-analyses only files sharing a CLB id`,
    value: `${big.change.sharingPublicationsPerChange} republications of the 2 open sharing files, ${big.change.unrelatedPublicationsPerChange} of the 2 open unrelated ones per change; ${big.parses.fileParses} file parse(s) (${big.parses.charsParsed} chars, the edited file is ${big.parses.editedFileChars}); in-process ${fmtMs(iso[0].time)} with 1 other file vs ${fmtMs(iso[1].time)} with ${iso[1].otherFiles}`,
    met: onlySharing,
  });
  const rss = results.workspace[10000]?.peakRssMiB;
  if (rss) budgets.push({ budget: 'server < 200 MB RSS on 10,000 files', value: `${(rss.max * 2 ** 20 / 1e6).toFixed(0)} MB peak (VmHWM; max of ${rss.n} runs; median ${(rss.median * 2 ** 20 / 1e6).toFixed(0)} MB)`, met: rss.max * 2 ** 20 < BUDGET.peakRssBytes });
  const vsix = results.sizes.vsix;
  budgets.push({
    budget: '.vsix < 500 KB',
    value: vsix.bytes !== undefined ? `${(vsix.bytes / 1000).toFixed(0)} KB (kube-lb-reach.vsix, built ${vsix.mtime}); estimate from today's sources ${(results.sizes.vsixEstimateBytes / 1000).toFixed(0)} KB` : `no .vsix (run npm run package); estimate from today's sources ${(results.sizes.vsixEstimateBytes / 1000).toFixed(0)} KB`,
    met: (vsix.bytes ?? results.sizes.vsixEstimateBytes) < BUDGET.vsixBytes,
  });
}

// Profiling when the analysis budget is missed (or asked for) ------------------------------------
if (args.has('--profile') || budgets.some((b) => !b.met && b.budget.startsWith('analysis'))) {
  step('profiling the in-process analysis (node --cpu-prof)');
  const rounds = q(12, 3);
  const profile = cpuProfile(path.join(BENCH, 'lib', 'worker-profile.mjs'), [JSON.stringify({ size: 20000, runs: rounds })], {
    name: 'inprocess-20000',
    roots: ['editLoop', 'floorLoop', 'sameOptionsLoop'],
  });
  results.profile = { ...profile, rounds };
}
results.machine.loadAverageAtEnd = os.loadavg().map((x) => round(x, 2));
if (distFingerprint() !== distAtStart) results.notes.push('dist/ was rebuilt by something else during this run: the server/CLI figures may mix two builds.');
const others = otherLoad();
if (others) results.notes.push(others);
results.durationSeconds = round((now() - started) / 1000, 1);
writeFileSync(path.join(BENCH, 'results.json'), JSON.stringify(results, null, 2) + '\n');
printReport(results);
writeFileSync(path.join(BENCH, '.out', 'report.md'), report.join('\n') + '\n');
if (args.has('--update-docs')) updateDocs(report.join('\n'));

// ---------------------------------------------------------------------------------------------
function positionOf(text, offset) {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

async function sizes() {
  const dist = Object.fromEntries(
    ['server.js', 'cli.js', 'extension.js'].map((f) => {
      const p = path.join(ROOT, 'dist', f);
      return [f, existsSync(p) ? statSync(p).size : undefined];
    }),
  );
  const min = await buildMinified();
  const minified = Object.fromEntries(Object.entries(min).map(([k, p]) => [`${k}.js`, { bytes: statSync(p).size, deflated: deflateRawSync(readFileSync(p), { level: 9 }).length }]));
  const vsixPath = path.join(ROOT, 'kube-lb-reach.vsix');
  const vsix = existsSync(vsixPath) ? { bytes: statSync(vsixPath).size, mtime: statSync(vsixPath).mtime.toISOString() } : {};
  // What .vscodeignore keeps, deflated as a .vsix (zip) stores it, plus ~3 KB of manifest and headers.
  const kept = ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', ...listFiles('syntaxes'), ...listFiles(path.join('docs', 'rules'))];
  const estimate = minified['server.js'].deflated + minified['extension.js'].deflated + kept.reduce((n, f) => n + deflateRawSync(readFileSync(path.join(ROOT, f)), { level: 9 }).length + 120, 0) + 3000;
  return { dist, minified, vsix, vsixEstimateBytes: estimate };
}

function updateDocs(text) {
  const doc = path.join(ROOT, 'docs', 'performance.md');
  const begin = '<!-- bench:begin (written by `node bench/run.mjs --update-docs`) -->';
  const end = '<!-- bench:end -->';
  const current = readFileSync(doc, 'utf8');
  const from = current.indexOf(begin);
  const to = current.indexOf(end);
  if (from < 0 || to < from) throw new Error(`docs/performance.md has no ${begin} … ${end} section`);
  writeFileSync(doc, `${current.slice(0, from + begin.length)}\n\n\`\`\`text\n${text}\n\`\`\`\n\n${current.slice(to)}`);
}

function listFiles(dir) {
  const abs = path.join(ROOT, dir);
  return existsSync(abs) ? readdirSync(abs).filter((f) => statSync(path.join(abs, f)).isFile()).map((f) => path.join(dir, f)) : [];
}

function printReport(r) {
  const m = r.machine;
  log(`kube-lb-reach benchmark — ${r.date}${r.quick ? ' (QUICK: not figures to quote)' : ''}`);
  log(`Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, node ${m.node}, ${m.os}; load average ${m.loadAverageAtStart.join(' ')} at start, ${m.loadAverageAtEnd.join(' ')} at end`);
  log('Figures: median (min–max, IQR, n runs).');
  log('');
  log('1. Edit latency in-process: parseFile + index.update + analyzeFile, vs yaml parseAllDocuments alone');
  table(
    ['lines', 'Services', 'findings', 'analysis', 'parseAllDocuments (floor)', 'ratio', 'paired ratio (IQR)', 'CPU-time ratio'],
    r.inprocess.sizes.map((s) => [s.lines, s.services, s.findings, fmtMs(s.analysis), fmtMs(s.floor), `${ratio(s.analysis, s.floor).toFixed(2)}x`, `${s.pairedRatio.median.toFixed(2)}x (${s.pairedRatio.q1.toFixed(2)}–${s.pairedRatio.q3.toFixed(2)})`, `${s.cpu.ratio.toFixed(2)}x`]),
  );
  log('   Breakdown (same rounds):');
  table(
    ['lines', 'parseFile', 'analyzeFile', 'parseAllDocuments with parseFile\'s options'],
    r.inprocess.sizes.map((s) => [s.lines, fmtMs(s.parseFile), fmtMs(s.analyzeFile), fmtMs(s.floorSameOptions)]),
  );
  log('   Isolation: the 2,000-line file changed, with 1 vs 1,000 other files indexed:');
  table(
    ['other files', 'in index', 'sharing a CLB with it', 'change → findings', 'file parses / change', 'chars parsed / change', 'value parses / change'],
    r.inprocess.isolation.map((i) => [i.otherFiles, i.filesInIndex, i.otherFilesSharingAClbWithTheEdit, fmtMs(i.time), i.fileParsesPerChange, `${i.charsParsedPerChange} (file: ${i.editedFileChars})`, i.valueParsesPerChange]),
  );
  log('');
  log('2-3. didChange → publishDiagnostics (one keystroke, ranged edit), and peers');
  table(
    ['lines', 'kube-lb-reach (LSP)', 'yaml-language-server (LSP)', 'ours / yls', 'net of debounce 40 / 200 ms', '@monokle/validation (in-process)', 'ours / monokle'],
    SIZES.map((size) => {
      const a = r.protocol.ours[size].latency;
      const b = r.protocol.yls[size].latency;
      const mk = r.monokle?.sizes?.find((x) => x.size === size)?.latency;
      return [fileOf[size].lines, fmtMs(a), fmtMs(b), `${ratio(a, b).toFixed(2)}x`, `${(a.median - 40).toFixed(0)} / ${(b.median - 200).toFixed(0)} ms`, mk ? fmtMs(mk) : 'not measurable', mk ? `${ratio(a, mk).toFixed(2)}x` : '–'];
    }),
  );
  log('   didOpen → first publishDiagnostics:');
  table(
    ['lines', 'kube-lb-reach', 'yaml-language-server', 'ours / yls'],
    SIZES.map((size) => [fileOf[size].lines, fmtMs(r.protocol.ours[size].open), fmtMs(r.protocol.yls[size].open), `${ratio(r.protocol.ours[size].open, r.protocol.yls[size].open).toFixed(2)}x`]),
  );
  log('   Hover and code action (kube-lb-reach; yaml-language-server hover for scale):');
  table(
    ['lines', 'hover CLB id', 'hover policy', 'yls hover policy', 'quick fix', 'fix all (edits)'],
    SIZES.map((size) => [fileOf[size].lines, fmtMs(r.protocol.hover[size].clbId), fmtMs(r.protocol.hover[size].policy), fmtMs(r.protocol.ylsHover[size].policy), fmtMs(r.protocol.codeAction[size].quickFix), `${fmtMs(r.protocol.codeAction[size].fixAll)} (${r.protocol.codeAction[size].fixAllEdits})`]),
  );
  if (r.monokle?.error) log(`   @monokle/validation: not measurable here: ${r.monokle.error.split('\n')[0]}`);
  else log(`   @monokle/validation plugins: ${r.monokle.plugins.join(', ')}; network calls attempted: ${r.monokle.fetchCalls.length}; invalid Service → ${r.monokle.sanity.length} schema results.`);
  log(`   yaml-language-server: schema requests ${JSON.stringify([...new Set(r.ylsSanity.contentRequests)])} answered from bench/data/service.schema.json; invalid Service → ${r.ylsSanity.invalidServiceDiagnostics.length} diagnostics.`);
  log('');
  log('4. Workspace scale (kube-lb-reach server, workspace root = generated folder)');
  table(
    ['files', 'index (server log)', 'index (spawn → log)', 'change → sharing files republished', 'own file published', 'publishes: sharing / unrelated per change', 'file parses per change', 'peak RSS (VmHWM)'],
    Object.entries(r.workspace).map(([count, w]) => [
      count,
      fmtMs(w.indexReported),
      fmtMs(w.indexWall),
      fmtMs(w.change.sharingRepublished),
      fmtMs(w.change.ownPublish),
      `${w.change.sharingPublicationsPerChange} / ${w.change.unrelatedPublicationsPerChange}`,
      `${w.parses.fileParses} (${w.parses.charsParsed} chars)`,
      `${w.peakRssMiB.median.toFixed(0)} MiB (${w.peakRssMiB.min.toFixed(0)}–${w.peakRssMiB.max.toFixed(0)})`,
    ]),
  );
  log('');
  log('5. Start-up (spawn → first publishDiagnostics of a 230-line file opened right after initialize)');
  table(
    ['server', 'initialize answered', 'first publishDiagnostics'],
    [
      ['kube-lb-reach', fmtMs(r.startup.ours.initializeAnswered), fmtMs(r.startup.ours.firstPublish)],
      ['yaml-language-server', fmtMs(r.startup.yls.initializeAnswered), fmtMs(r.startup.yls.firstPublish)],
    ],
  );
  const kb = (b) => (b === undefined ? '–' : `${(b / 1000).toFixed(0)} KB`);
  log(
    `   Bundles (npm run build): ${Object.entries(r.sizes.dist).map(([f, b]) => `${f} ${kb(b)}`).join(', ')}; minified as packaged: ${Object.entries(r.sizes.minified).map(([f, b]) => `${f} ${kb(b.bytes)} (${kb(b.deflated)} deflated)`).join(', ')}`,
  );
  log(`   .vsix: ${r.sizes.vsix.bytes !== undefined ? `${kb(r.sizes.vsix.bytes)} (kube-lb-reach.vsix, built ${r.sizes.vsix.mtime})` : 'not built'}; estimate from today's sources ${kb(r.sizes.vsixEstimateBytes)}`);
  log('');
  log('6. CLI: node dist/cli.js lint <dir> --format json --output /dev/null');
  table(
    ['files', 'wall', 'files / s', 'peak RSS', 'exit code'],
    Object.entries(r.cli).map(([count, c]) => [count, fmtMs(c.wall), `${c.filesPerSecond.toFixed(0)} (${c.filesPerSecondRange[0].toFixed(0)}–${c.filesPerSecondRange[1].toFixed(0)})`, `${c.peakRssMiB.toFixed(0)} MiB`, c.exitCode]),
  );
  log('');
  log('Budgets');
  table(['budget', 'measured', ''], r.budgets.map((b) => [b.budget, b.value, b.met ? 'met' : 'MISSED']));
  if (r.profile) {
    const loops = r.profile.loops;
    const per = (ms) => (ms / r.profile.rounds).toFixed(1);
    log('');
    log(`Profile (node --cpu-prof, ${r.profile.file}): the 20,000-line edit vs the bare parse, ${r.profile.rounds} interleaved rounds; ms per edit, self time by source file (via the source map), GC charged to the loop it interrupted`);
    const names = { editLoop: 'edit (parseFile+update+analyzeFile)', sameOptionsLoop: "parseAllDocuments, parseFile's options", floorLoop: 'parseAllDocuments (floor)' };
    const order = ['editLoop', 'sameOptionsLoop', 'floorLoop'];
    const buckets = [...new Set(order.flatMap((k) => loops[k].buckets.map((b) => b.bucket)))];
    const cell = (k, bucket) => {
      const b = loops[k].buckets.find((x) => x.bucket === bucket);
      return b ? per(b.ms) : '–';
    };
    table(
      ['', ...order.map((k) => names[k])],
      [
        ['total', ...order.map((k) => per(loops[k].totalMs))],
        ['garbage collector', ...order.map((k) => `${per(loops[k].gc.ms)} (${(loops[k].gc.share * 100).toFixed(0)}%)`)],
        ...buckets.map((bucket) => [bucket, ...order.map((k) => cell(k, bucket))]),
      ],
    );
    log('   Hottest functions of the edit (self time):');
    table(['function (original file:line)', 'ms per edit', 'share'], loops.editLoop.top.slice(0, 12).map((t) => [t.fn, per(t.selfMs), `${(t.share * 100).toFixed(1)}%`]));
  }
  for (const note of r.notes) log(`Note: ${note}`);
  log('');
  log(`Done in ${r.durationSeconds} s; bench/results.json written.`);
}

/** The busiest other processes at the end of the run: the figures are only as quiet as the machine. */
function otherLoad() {
  try {
    const out = execFileSync('ps', ['-eo', 'pcpu=,comm=', '--sort=-pcpu'], { encoding: 'utf8' });
    const busy = out.split('\n').map((l) => l.trim().split(/\s+/)).filter(([cpu]) => Number(cpu) >= 10).slice(0, 5).map(([cpu, comm]) => `${comm} ${cpu}%`);
    return busy.length ? `other busy processes at the end of the run (ps %CPU, lifetime average): ${busy.join(', ')}` : undefined;
  } catch {
    return undefined;
  }
}

function table(header, rows) {
  const all = [header, ...rows].map((row) => row.map((c) => String(c)));
  const widths = header.map((_, k) => Math.max(...all.map((row) => row[k].length)));
  const line = (row) => `| ${row.map((c, k) => c.padEnd(widths[k])).join(' | ')} |`;
  log(line(all[0]));
  log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of all.slice(1)) log(line(row));
}
