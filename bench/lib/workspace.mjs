// Workspace scale through the protocol: index time, cross-file re-analysis after one change, peak RSS.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { editAt } from './generate.mjs';
import { sleep } from './lsp.mjs';
import { startClient } from './protocol.mjs';
import { summarize, now } from './stats.mjs';

const INDEXED = /indexed (\d+) YAML files \((\d+) with reused load balancers\) in (\d+) ms/;

/** The files to open: three that reuse one CLB (A is edited), two that reuse none of theirs. */
function pickFiles(ws) {
  const group = [...ws.groups.values()].find((g) => g.length === 3);
  const [a, b, c] = group;
  const [d, e] = [ws.plain[0], ws.plain[Math.floor(ws.plain.length / 2)]];
  return { edited: a, sharing: [b, c], unrelated: [d, e] };
}

async function openAll(client, files) {
  const docs = new Map();
  for (const file of files) {
    const uri = pathToFileURL(file).href;
    const text = readFileSync(file, 'utf8');
    docs.set(file, { uri, text });
    await client.open(uri, text, 1);
  }
  for (const { uri } of docs.values()) await client.diagnostics(uri);
  await client.quiet(300);
  return docs;
}

/** One server start on the workspace: index time; then (if `changeRuns`) cross-file re-analysis. */
export async function workspaceRun(spec, ws, { changeRuns = 0, warmup = 1 } = {}) {
  const client = await startClient(spec, pathToFileURL(ws.root).href);
  try {
    const log = await client.log(INDEXED);
    const [, files, reused, ms] = INDEXED.exec(log.message).map(Number);
    const out = { files, filesWithReusedClbs: reused, indexReportedMs: ms, indexWallMs: log.at - client.spawnedAt };
    if (changeRuns > 0) {
      const pick = pickFiles(ws);
      const docs = await openAll(client, [pick.edited, ...pick.sharing, ...pick.unrelated]);
      const a = docs.get(pick.edited);
      const edit = editAt(a.text, a.text.indexOf('    port: ') + '    port: '.length);
      const own = [];
      const sharing = [];
      let unrelatedPublications = 0;
      let sharingPublications = 0;
      for (let i = 0; i < warmup + changeRuns; i++) {
        const version = i + 2;
        const t0 = now();
        await client.changeRange(a.uri, version, edit.range, i % 2 === 0 ? edit.other : edit.original);
        const mine = await client.diagnostics(a.uri, (p) => p.version === version, { since: t0 });
        const others = await Promise.all(pick.sharing.map((f) => client.diagnostics(docs.get(f).uri, () => true, { since: t0 })));
        await sleep(150); // would anything else be published?
        const after = client.publications.filter((p) => p.at >= t0);
        unrelatedPublications += after.filter((p) => pick.unrelated.some((f) => docs.get(f).uri === p.uri)).length;
        sharingPublications += after.filter((p) => pick.sharing.some((f) => docs.get(f).uri === p.uri)).length;
        if (i >= warmup) {
          own.push(mine.at - t0);
          sharing.push(Math.max(...others.map((p) => p.at)) - t0);
        }
      }
      out.change = {
        openFiles: docs.size,
        ownPublish: summarize(own),
        sharingRepublished: summarize(sharing),
        sharingPublicationsPerChange: sharingPublications / (warmup + changeRuns),
        unrelatedPublicationsPerChange: unrelatedPublications / (warmup + changeRuns),
      };
    }
    out.memory = client.memory();
    return out;
  } finally {
    await client.stop();
  }
}

/**
 * With the instrumented server: how many files does one change re-parse? `kill -USR2` makes it
 * print its parse counters; one change of an open file that shares a CLB with two other open files.
 */
export async function parsesPerChange(spec, ws) {
  const client = await startClient(spec, pathToFileURL(ws.root).href);
  const counts = async () => {
    const before = client.stderr.length;
    client.process.kill('SIGUSR2');
    for (let i = 0; i < 200; i++) {
      const line = client.stderr.slice(before).join('').match(/yaml-counts (\{.*\})/);
      if (line) return JSON.parse(line[1]);
      await sleep(10);
    }
    throw new Error('the instrumented server did not report its counts');
  };
  try {
    await client.log(INDEXED);
    const pick = pickFiles(ws);
    const docs = await openAll(client, [pick.edited, ...pick.sharing, ...pick.unrelated]);
    const a = docs.get(pick.edited);
    const edit = editAt(a.text, a.text.indexOf('    port: ') + '    port: '.length);
    const before = await counts();
    const t0 = now();
    await client.changeRange(a.uri, 2, edit.range, edit.other);
    await client.diagnostics(a.uri, (p) => p.version === 2, { since: t0 });
    await Promise.all(pick.sharing.map((f) => client.diagnostics(docs.get(f).uri, () => true, { since: t0 })));
    await client.quiet(300);
    const after = await counts();
    return {
      workspaceFiles: ws.count,
      openFiles: docs.size,
      fileParses: after.fileParses - before.fileParses,
      charsParsed: after.fileParseChars - before.fileParseChars,
      editedFileChars: a.text.length,
      valueParses: after.valueParses - before.valueParses,
      republished: [...new Set(client.publications.filter((p) => p.at >= t0).map((p) => p.uri))].length,
    };
  } finally {
    await client.stop();
  }
}
