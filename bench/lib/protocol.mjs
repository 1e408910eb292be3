// Through the protocol: didChange → publishDiagnostics, hover and code action latencies.
import { LspClient, sleep } from './lsp.mjs';
import { summarize, now } from './stats.mjs';

export async function startClient(spec, rootUri = null) {
  const client = new LspClient(spec);
  await client.initialize(rootUri, { beforeInitialized: () => spec.beforeInitialized?.(client) });
  return client;
}

/** Opens `file` and times `runs` one-keystroke edits, each awaited to its publishDiagnostics. */
export async function editLatency(spec, file, { runs, warmup, uri, openRuns = 0 }) {
  const client = await startClient(spec);
  try {
    await client.open(uri, file.text, 1);
    const first = await client.diagnostics(uri);
    await client.quiet(400);
    const samples = [];
    let version = 1;
    let last = first;
    for (let i = 0; i < warmup + runs; i++) {
      version++;
      const digit = i % 2 === 0 ? file.edit.other : file.edit.original;
      const t0 = now();
      await client.changeRange(uri, version, file.edit.range, digit);
      const v = version;
      last = await client.diagnostics(uri, (p) => !spec.versioned || p.version === v, { since: t0 });
      if (i >= warmup) samples.push(last.at - t0);
      await sleep(spec.debounceMs + 20); // nothing of this change still pending
    }
    // didOpen → first publishDiagnostics, each time under a new name (then closed again).
    const opens = [];
    for (let i = 0; i < openRuns; i++) {
      const other = uri.replace(/\.yaml$/, `-open${i}.yaml`);
      const t0 = now();
      await client.open(other, file.text, 1);
      const p = await client.diagnostics(other, () => true, { since: t0 });
      opens.push(p.at - t0);
      await client.notify('textDocument/didClose', { textDocument: { uri: other } });
      await client.quiet(spec.debounceMs + 50);
    }
    return { client, latency: summarize(samples), open: summarize(opens), diagnostics: last.diagnostics.length, lastPublication: last };
  } catch (error) {
    await client.stop();
    throw error;
  }
}

export async function requestLatency(client, method, params, { runs, warmup }) {
  const samples = [];
  let result;
  for (let i = 0; i < warmup + runs; i++) {
    const t0 = now();
    result = await client.request(method, params);
    if (i >= warmup) samples.push(now() - t0);
  }
  return { latency: summarize(samples), result };
}
