// Runs a script under `node --cpu-prof` and summarises the profile per loop function (e.g. editLoop
// vs floorLoop): self time by original source file (through the bundle's source map) and by function.
// GC samples are charged to the loop that ran just before them.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { SourceMap } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { OUT, ROOT } from './bundle.mjs';

export function cpuProfile(script, args, { name, roots }) {
  const dir = path.join(OUT, 'prof', name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const run = spawnSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--cpu-prof-interval=250', script, ...args], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`profiled run failed: ${run.stderr}`);
  const file = path.join(dir, readdirSync(dir).find((f) => f.endsWith('.cpuprofile')));
  return { file: path.relative(ROOT, file), ...summarizeProfile(JSON.parse(readFileSync(file, 'utf8')), roots) };
}

const maps = new Map();
function sourceMapOf(url) {
  if (!maps.has(url)) {
    let map;
    try {
      const file = url.startsWith('file:') ? fileURLToPath(url) : url;
      if (existsSync(`${file}.map`)) map = new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8')));
    } catch {
      map = undefined;
    }
    maps.set(url, map);
  }
  return maps.get(url);
}

/** Where a frame's code comes from: original file (relative to the repo) and line, via the source map. */
function origin(cf) {
  const map = cf.url ? sourceMapOf(cf.url) : undefined;
  const entry = map?.findEntry(cf.lineNumber, cf.columnNumber);
  if (entry && entry.originalSource) {
    const source = entry.originalSource.replace(/^file:\/\//, '');
    const rel = path.relative(ROOT, path.resolve(path.dirname(cf.url.replace(/^file:\/\//, '')), source));
    return { file: rel, line: entry.originalLine + 1 };
  }
  if (!cf.url) return { file: '(native)', line: 0 };
  return { file: cf.url.replace(/^file:\/\//, '').replace(ROOT + '/', ''), line: cf.lineNumber + 1 };
}

/** Buckets of original files, most specific first. */
const BUCKETS = [
  ['yaml: lexer', /node_modules\/yaml\/dist\/parse\/lexer/],
  ['yaml: CST parser', /node_modules\/yaml\/dist\/parse\//],
  ['yaml: composer (AST)', /node_modules\/yaml\/dist\/compose\//],
  ['yaml: nodes, schema, document', /node_modules\/yaml\/dist\//],
  ['core: parse/parseFile.ts', /server\/src\/core\/parse\/parseFile/],
  ['core: parse/serviceView.ts + nodes.ts', /server\/src\/core\/parse\//],
  ['core: text/lineIndex.ts', /server\/src\/core\/text\//],
  ['core: fixes/ (hostname quick fix)', /server\/src\/core\/fixes\//],
  ['core: rules/', /server\/src\/core\/rules\//],
  ['core: model/, reach/', /server\/src\/core\/(model|reach)\//],
  ['core: index/workspaceIndex.ts', /server\/src\/core\/index\//],
  ['core: analyze.ts, other', /server\/src\/core\//],
  ['bench harness', /bench\//],
];

export function summarizeProfile(profile, roots) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const rootOfNode = new Map();
  const rootOf = (id) => {
    if (rootOfNode.has(id)) return rootOfNode.get(id);
    let found;
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const fn = byId.get(at).callFrame.functionName;
      if (roots.includes(fn)) found = fn; // outermost wins
    }
    rootOfNode.set(id, found);
    return found;
  };
  const per = Object.fromEntries(roots.map((r) => [r, { totalMs: 0, gcMs: 0, buckets: new Map(), functions: new Map() }]));
  let current;
  profile.samples.forEach((id, k) => {
    const ms = (profile.timeDeltas[k + 1] ?? 0) / 1000; // a sample lasts until the next one
    const cf = byId.get(id).callFrame;
    if (cf.functionName === '(garbage collector)') {
      if (current) {
        per[current].gcMs += ms;
        per[current].totalMs += ms;
      }
      return;
    }
    const root = rootOf(id);
    current = root;
    if (!root) return;
    const p = per[root];
    p.totalMs += ms;
    const o = origin(cf);
    const bucket = BUCKETS.find(([, re]) => re.test(o.file))?.[0] ?? 'other (node, V8)';
    p.buckets.set(bucket, (p.buckets.get(bucket) ?? 0) + ms);
    const fn = `${cf.functionName || '(anonymous)'} (${o.file}:${o.line})`;
    p.functions.set(fn, (p.functions.get(fn) ?? 0) + ms);
  });
  const out = {};
  for (const [root, p] of Object.entries(per)) {
    const sorted = (m) => [...m.entries()].sort((a, b) => b[1] - a[1]);
    out[root] = {
      totalMs: p.totalMs,
      gc: { ms: p.gcMs, share: p.gcMs / p.totalMs },
      buckets: sorted(p.buckets).map(([bucket, ms]) => ({ bucket, ms, share: ms / p.totalMs })),
      top: sorted(p.functions).slice(0, 15).map(([fn, ms]) => ({ fn, selfMs: ms, share: ms / p.totalMs })),
    };
  }
  return { loops: out };
}
