import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { appendFileSync, chownSync, linkSync, promises as fsp, readFileSync, renameSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { main } from '../../server/src/cli/main';
import { type BeforeCommit } from '../../server/src/cli/writeFix';
import { AFTER_FIX, findingHeads, HTTP_TEXT, HTTPS_TEXT, listDir, makeDir, removeDir, runCli, SEED_CONFIG, SEED_FILES } from './run';

/**
 * `--fix` writes only the file it read. The races are made with the CLI's internal hook, which
 * runs after the fixed text is ready and before the last check and the rename: what these tests
 * prove is that a change made up to that last check is detected, not that the remaining window
 * between the check and rename(2) is closed (docs/security.md says it is not).
 */

const TEMPLATE = '${name}.${namespace}.example.net';
const withHostname = (text: string, hostname: string): string =>
  text.replace('  annotations:\n', `  annotations:\n    service.beta.kubernetes.io/alibaba-cloud-loadbalancer-hostname: "${hostname}"\n`);
const FIXED_HTTP = withHostname(HTTP_TEXT, 'web-http.default.example.net');
const FIXED_HTTPS = withHostname(HTTPS_TEXT, 'web-https.default.example.net');

async function fixInProcess(paths: string[], beforeFixCommit?: BeforeCommit): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(['lint', '--fix', '--hostname-template', TEMPLATE, ...paths], {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    stdin: [],
    stdoutIsTTY: false,
    beforeFixCommit,
  });
  return { code, stdout, stderr };
}

/** The hook, for one file: runs `change` once when `name`'s fix is about to be committed. */
const onceFor = (name: string, change: (file: string) => void): BeforeCommit => {
  let done = false;
  return (file) => {
    if (!done && path.basename(file) === name) {
      done = true;
      change(file);
    }
    return Promise.resolve();
  };
};

describe('kube-lb-reach lint --fix writes only what it read', { timeout: 60_000 }, () => {
  let dir: string | undefined;
  afterEach(() => {
    removeDir(dir);
    dir = undefined;
  });

  it('an edit made while the run is in progress is kept, and the file is reported as not fixed (exit 2)', async () => {
    dir = makeDir(SEED_FILES);
    const edited = `${HTTP_TEXT}# edited by someone else meanwhile\n`;
    const result = await fixInProcess([path.join(dir, 'http.yaml'), path.join(dir, 'https.yaml')], onceFor('http.yaml', (file) => { appendFileSync(file, '# edited by someone else meanwhile\n'); }));
    strictEqual(readFileSync(path.join(dir, 'http.yaml'), 'utf8'), edited);
    strictEqual(readFileSync(path.join(dir, 'https.yaml'), 'utf8'), FIXED_HTTPS);
    strictEqual(result.stderr, `kube-lb-reach: ${path.join(dir, 'http.yaml')}: not fixed: the file changed while kube-lb-reach ran (it was not written, so that change is kept)\n`);
    strictEqual(result.code, 2);
    deepStrictEqual(listDir(dir), ['.kube-lb-reach.yaml', 'http.yaml', 'https.yaml']);
  });

  it('a walked file swapped for a symbolic link is not written through it: the link\'s target is untouched', async () => {
    dir = makeDir({ ...SEED_CONFIG, 'k8s/http.yaml': HTTP_TEXT, 'k8s/https.yaml': HTTPS_TEXT, 'outside/secret.yaml': 'precious: true\n' });
    const outside = path.join(dir, 'outside', 'secret.yaml');
    const result = await fixInProcess([path.join(dir, 'k8s')], onceFor('http.yaml', (file) => {
      renameSync(file, `${file}.moved`);
      symlinkSync(outside, file);
    }));
    strictEqual(readFileSync(outside, 'utf8'), 'precious: true\n');
    strictEqual(readFileSync(path.join(dir, 'k8s', 'http.yaml.moved'), 'utf8'), HTTP_TEXT);
    strictEqual(result.stderr, `kube-lb-reach: ${path.join(dir, 'k8s', 'http.yaml')}: not fixed: the file changed while kube-lb-reach ran (it was not written, so that change is kept): it is now a symbolic link\n`);
    strictEqual(result.code, 2);
  });

  it('a folder on the path swapped for a symbolic link (even to the very same files) is not written through', async () => {
    dir = makeDir({ ...SEED_CONFIG, 'k8s/sub/http.yaml': HTTP_TEXT, 'k8s/https.yaml': HTTPS_TEXT });
    const sub = path.join(dir, 'k8s', 'sub');
    const result = await fixInProcess([path.join(dir, 'k8s')], onceFor('http.yaml', () => {
      renameSync(sub, `${sub}.moved`);
      symlinkSync(`${sub}.moved`, sub);
    }));
    strictEqual(readFileSync(path.join(dir, 'k8s', 'sub.moved', 'http.yaml'), 'utf8'), HTTP_TEXT);
    strictEqual(result.stderr, `kube-lb-reach: ${path.join(sub, 'http.yaml')}: not fixed: the file changed while kube-lb-reach ran (it was not written, so that change is kept): a folder on its path is now a symbolic link\n`);
    strictEqual(result.code, 2);
  });

  it('a subfolder swapped for a symbolic link after the walk listed it: the file outside is neither linted nor fixed', async () => {
    dir = makeDir({ ...SEED_CONFIG, 'k8s/sub/http.yaml': HTTP_TEXT, 'k8s/https.yaml': HTTPS_TEXT, 'outside/http.yaml': HTTP_TEXT });
    const k8s = path.join(dir, 'k8s');
    const outside = path.join(dir, 'outside');
    const original = fsp.readdir;
    let swapped = false;
    // Right after the walk lists k8s (sub is a folder then), sub becomes a link to a folder outside.
    (fsp as { readdir: unknown }).readdir = async (...args: Parameters<typeof original>) => {
      const entries = await (original as (...a: unknown[]) => Promise<unknown>)(...args);
      if (!swapped && path.resolve(String(args[0])) === k8s) {
        swapped = true;
        renameSync(path.join(k8s, 'sub'), path.join(dir!, 'sub.moved'));
        symlinkSync(outside, path.join(k8s, 'sub'));
      }
      return entries;
    };
    let result;
    try {
      result = await fixInProcess([k8s]);
    } finally {
      (fsp as { readdir: unknown }).readdir = original;
    }
    strictEqual(readFileSync(path.join(outside, 'http.yaml'), 'utf8'), HTTP_TEXT);
    strictEqual(result.stderr, `kube-lb-reach: ${path.join(k8s, 'sub', 'http.yaml')}: skipped: a folder on its path is a symbolic link\n`);
  });

  it('a file replaced by another with the same bytes (a new inode) is not written either', async () => {
    dir = makeDir(SEED_FILES);
    const result = await fixInProcess([path.join(dir, 'http.yaml'), path.join(dir, 'https.yaml')], onceFor('http.yaml', (file) => {
      writeFileSync(`${file}.new`, HTTP_TEXT);
      renameSync(`${file}.new`, file);
    }));
    strictEqual(readFileSync(path.join(dir, 'http.yaml'), 'utf8'), HTTP_TEXT);
    strictEqual(result.code, 2);
  });

  it('keeps the owner and the group of a fixed file', () => {
    dir = makeDir(SEED_FILES);
    const file = path.join(dir, 'http.yaml');
    // Root can give the file any owner; another user keeps its own ids, which the fix must keep too.
    const ids = process.getuid?.() === 0 ? { uid: 4242, gid: 4343 } : { uid: statSync(file).uid, gid: statSync(file).gid };
    chownSync(file, ids.uid, ids.gid);
    const result = runCli(dir, ['lint', '--fix', '--hostname-template', TEMPLATE, 'http.yaml', 'https.yaml']);
    deepStrictEqual({ ...result, stdout: findingHeads(result.stdout) }, { code: 0, stdout: AFTER_FIX, stderr: '' });
    strictEqual(readFileSync(file, 'utf8'), FIXED_HTTP);
    deepStrictEqual({ uid: statSync(file).uid, gid: statSync(file).gid }, ids);
  });

  it('a file with two hard links is fixed in place: both names see the fix, one inode', () => {
    dir = makeDir(SEED_FILES);
    linkSync(path.join(dir, 'http.yaml'), path.join(dir, 'http-link.yml.bak'));
    const inode = statSync(path.join(dir, 'http.yaml')).ino;
    const result = runCli(dir, ['lint', '--fix', '--hostname-template', TEMPLATE, 'http.yaml', 'https.yaml']);
    deepStrictEqual({ ...result, stdout: findingHeads(result.stdout) }, { code: 0, stdout: AFTER_FIX, stderr: '' });
    strictEqual(readFileSync(path.join(dir, 'http.yaml'), 'utf8'), FIXED_HTTP);
    strictEqual(readFileSync(path.join(dir, 'http-link.yml.bak'), 'utf8'), FIXED_HTTP);
    strictEqual(statSync(path.join(dir, 'http.yaml')).ino, inode);
    strictEqual(statSync(path.join(dir, 'http.yaml')).nlink, 2);
  });

  it('a hard-linked file changed before the in-place write is not written', async () => {
    dir = makeDir(SEED_FILES);
    linkSync(path.join(dir, 'http.yaml'), path.join(dir, 'other-name'));
    const result = await fixInProcess([path.join(dir, 'http.yaml'), path.join(dir, 'https.yaml')], onceFor('http.yaml', (file) => { appendFileSync(file, '# meanwhile\n'); }));
    strictEqual(readFileSync(path.join(dir, 'other-name'), 'utf8'), `${HTTP_TEXT}# meanwhile\n`);
    strictEqual(result.code, 2);
  });
});
