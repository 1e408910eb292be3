import { deepStrictEqual, doesNotMatch, match, ok, strictEqual } from 'node:assert/strict';
import { promises as fsp, renameSync, rmSync, symlinkSync, unlinkSync } from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { LanguageService } from '../../server/src/core';
import { main } from '../../server/src/cli/main';
import { WorkspaceSync } from '../../server/src/lsp/workspaceSync';
import { expectedHover, indexOf } from '../helpers/expectedHover';
import { HTTP_TEXT, HTTPS_TEXT, makeDir, messageOf, LspClient, removeDir, runCli } from './support';

const CLB = 'lb-article-clb1';
/**
 * The article's two Services share one cluster here, so neither refuses the other's port: a
 * listener made in the console (given as known) is what every linted Service is warned about.
 */
const CONSOLE_LISTENER = `${CLB}=8443`;

/** The CLI in this process (so the file system can be changed at an exact moment of its walk). */
async function lintInProcess(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(['lint', ...args], {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    stdin: [],
    stdoutIsTTY: false,
  });
  return { code, stdout, stderr };
}

/** Runs `body` while `fs.promises.readdir` of `dir` also runs `sideEffect` right after listing it (once). */
async function withListingHook<T>(dir: string, sideEffect: () => void, body: () => Promise<T>): Promise<T> {
  const original = fsp.readdir;
  let done = false;
  (fsp as { readdir: unknown }).readdir = async (...args: Parameters<typeof original>) => {
    const entries = await (original as (...a: unknown[]) => Promise<unknown>)(...args);
    if (!done && path.resolve(String(args[0])) === path.resolve(dir)) {
      done = true;
      sideEffect();
    }
    return entries;
  };
  try {
    return await body();
  } finally {
    (fsp as { readdir: unknown }).readdir = original;
  }
}

describe('files that change while being read', () => {
  let dir: string | undefined;
  afterEach(() => {
    removeDir(dir);
    dir = undefined;
  });
  const layout = (): string => makeDir({ 'a.yaml': HTTP_TEXT, 'b.yaml': HTTP_TEXT.replace('svc1', 'svc-b'), 'c.yaml': HTTP_TEXT.replace('svc1', 'svc-c'), 'sub/d.yaml': HTTPS_TEXT, 'zz/e.yaml': HTTPS_TEXT });

  it('server workspace scan: a file deleted, one renamed and a folder removed mid-scan are skipped; the scan completes', async () => {
    dir = layout();
    const root = dir;
    const service = new LanguageService();
    const logs: string[] = [];
    let pulled = false;
    const sync = new WorkspaceSync(service, {
      // Called for each file before it is read (and again after): the moment to pull the rug, once.
      isOpen: (uri) => {
        if (uri.endsWith('/a.yaml') && !pulled) {
          pulled = true;
          unlinkSync(path.join(root, 'b.yaml'));
          renameSync(path.join(root, 'c.yaml'), path.join(root, 'c-renamed.yaml'));
          rmSync(path.join(root, 'zz'), { recursive: true });
        }
        return false;
      },
      log: (line) => logs.push(line),
      cancelled: () => false,
      republish: () => undefined,
    });
    const count = await sync.scan([pathToFileURL(root).href]);
    strictEqual(count, 4, 'a, b, c (gone when read) and sub/d');
    deepStrictEqual(service.index.servicesReusing(`alibaba:${CLB}`).map((s) => s.label).sort(), ['default/svc1', 'default/svc2']);
    ok(logs.some((line) => /zz: folder vanished while it was read/.test(line)), logs.join('\n'));
  });

  it('CLI: files deleted or renamed after the folder was listed get a clear line, the others are linted', async () => {
    dir = layout();
    const root = dir;
    rmSync(path.join(root, 'zz'), { recursive: true });
    const result = await withListingHook(
      root,
      () => {
        unlinkSync(path.join(root, 'b.yaml'));
        renameSync(path.join(root, 'c.yaml'), path.join(root, 'c-renamed.yaml'));
      },
      () => lintInProcess(['--known-listener', CONSOLE_LISTENER, root]),
    );
    ok(result.code === 0 || result.code === 1, `exit code ${result.code}\n${result.stderr}`);
    const stderr = result.stderr.split('\n');
    ok(stderr.some((line) => /b\.yaml: file not found/.test(line)), result.stderr);
    ok(stderr.some((line) => /c\.yaml: file not found/.test(line)), result.stderr);
    match(result.stdout, /a\.yaml:\d+:\d+ warning reused-clb-other-listener-refused/);
    match(result.stdout, /d\.yaml:\d+:\d+ warning reused-clb-other-listener-refused/);
    match(result.stdout, /in 2 files\n$/);
  });

  it('CLI: a folder removed after its parent was listed gets a clear line, the others are linted', async () => {
    dir = layout();
    const root = dir;
    const result = await withListingHook(
      root,
      () => {
        rmSync(path.join(root, 'zz'), { recursive: true });
      },
      () => lintInProcess([root]),
    );
    ok(result.stderr.split('\n').some((line) => /zz: folder vanished while it was read/.test(line)), result.stderr);
    match(result.stdout, /in 4 files\n$/);
    strictEqual(result.code, 1, 'a vanished folder is a notice: the exit code is the findings\' (the seed warns)');
  });
});

describe('documents without a file', () => {
  it('an untitled document, once closed, is forgotten: no file of the same name in the working directory stands in', async () => {
    const dir = makeDir({ 'Untitled-1': HTTPS_TEXT });
    const client = new LspClient({ cwd: dir });
    try {
      await client.initialize(null);
      const untitled = 'untitled:Untitled-1';
      await client.open(untitled, 'a: 1\n');
      await client.diagnostics(untitled, (p) => p.version === 1);
      await client.close(untitled);
      await client.diagnostics(untitled, (p) => p.version === undefined);
      const uri = 'file:///elsewhere/svc-http.yaml';
      await client.open(uri, HTTP_TEXT);
      const published = await client.diagnostics(uri, (p) => p.version === 1);
      deepStrictEqual(
        published.diagnostics.flatMap((d) => d.relatedInformation ?? []).map((r) => r.location.uri),
        [],
        'no Service of the closed untitled document (nor of ./Untitled-1) remains',
      );
      // The reused-CLB note names only svc1's own 80: svc2 of the closed document (443) is not in the index.
      strictEqual(published.diagnostics[0]!.code, 'reused-clb-listeners-unknown');
      match(messageOf(published.diagnostics[0]!), /80\/TCP/);
      doesNotMatch(messageOf(published.diagnostics[0]!), /443/);
      ok((await client.hover(untitled, 0, 0)) === null, 'a hover on the closed document is answered');
    } finally {
      await client.stop();
      removeDir(dir);
    }
  });
});

describe('a symbolic link loop in the workspace', { timeout: 60_000 }, () => {
  let dir: string | undefined;
  afterEach(() => {
    removeDir(dir);
    dir = undefined;
  });
  const loopy = (): string => {
    const root = makeDir({ 'svc-http.yaml': HTTP_TEXT, 'a/b/svc-https.yaml': HTTPS_TEXT });
    symlinkSync('.', path.join(root, 'loop'));
    symlinkSync('..', path.join(root, 'a', 'up'));
    symlinkSync('../..', path.join(root, 'a', 'b', 'top'));
    symlinkSync('nowhere.yaml', path.join(root, 'dangling.yaml'));
    symlinkSync('svc-http.yaml', path.join(root, 'alias.yaml'));
    return root;
  };

  it('the server scan terminates, indexes the real files once, and answers', async () => {
    dir = loopy();
    const client = new LspClient();
    try {
      await client.initialize(pathToFileURL(dir).href);
      await client.until(() => client.logs.some((line) => /^indexed \d+ YAML files/.test(line)));
      match(client.logs.find((line) => line.startsWith('indexed'))!, /^indexed 2 YAML files \(2 with reused load balancers\)/);
      const uri = pathToFileURL(path.join(dir, 'svc-http.yaml')).href;
      await client.open(uri, HTTP_TEXT);
      const published = await client.diagnostics(uri, (p) => p.version === 1 && p.diagnostics.length > 0);
      // svc2 of a/b/svc-https.yaml was indexed by the scan: the note on svc1 counts its 443 as served in this cluster.
      const note = published.diagnostics.find((d) => d.code === 'reused-clb-listeners-unknown');
      ok(note, JSON.stringify(published.diagnostics));
      match(messageOf(note), /80\/TCP, 443\/TCP/);
      // On `LoadBalancer` (line 10): the table.
      const expected = expectedHover(HTTP_TEXT, { line: 10, character: 9 }, indexOf({ 'svc-http.yaml': HTTP_TEXT, 'a/b/svc-https.yaml': HTTPS_TEXT }));
      ok(expected, 'a hover is expected on the type');
      deepStrictEqual(expected.range, { start: { line: 10, character: 8 }, end: { line: 10, character: 20 } });
      deepStrictEqual(await client.hover(uri, 10, 9), expected);
      deepStrictEqual(client.failures(), []);
    } finally {
      await client.stop();
    }
  });

  it('the CLI folder walk terminates and lints the real files', () => {
    dir = loopy();
    const result = runCli(dir, ['lint', '--known-listener', CONSOLE_LISTENER, '.', 'loop']);
    ok(result.code === 0 || result.code === 1, `exit code ${result.code}\n${result.stderr}`);
    ok(result.ms < 15_000);
    match(result.stdout, /^svc-http\.yaml:\d+:\d+ warning reused-clb-other-listener-refused/m);
    match(result.stdout, /^a\/b\/svc-https\.yaml:\d+:\d+ warning reused-clb-other-listener-refused/m);
  });
});
