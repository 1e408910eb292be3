import { deepStrictEqual, match, ok, strictEqual } from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';

/**
 * Headless Neovim (Debian's 0.7.2), a client nobody on this project wrote, runs
 * `node dist/server.js --stdio` on the article's manifests: proof the server works for any LSP client.
 */
const ROOT = path.resolve(__dirname, '..', '..', '..');

interface NvimResult {
  languageId: string;
  diagnostics: { code: string; severity: number; source: string; message: string; range: { start: { line: number; character: number } } }[];
  hover: { contents: { kind: string; value: string } } | null;
  codeActions: string[];
}

describe('Neovim as the LSP client', { timeout: 60_000 }, () => {
  let workspace: string;
  let result: NvimResult;

  before(() => {
    workspace = mkdtempSync(path.join(tmpdir(), 'klr-nvim-ws-'));
    cpSync(path.join(ROOT, 'examples', 'article-reused-clb'), workspace, { recursive: true });
    const run = spawnSync(
      process.execPath,
      [
        path.join(ROOT, 'test', 'e2e', 'nvim', 'run.mjs'),
        '--server', path.join(ROOT, 'dist', 'server.js'),
        '--file', path.join(workspace, 'svc-http.yaml'),
        '--root', workspace,
        '--expect-code', 'reused-clb-other-listener-refused',
        '--expect-severity', '2',
        '--hover', '13:10',
        '--code-actions', '10:1-10:80',
        '--timeout', '15000',
      ],
      { encoding: 'utf8' },
    );
    strictEqual(run.status, 0, `nvim run failed (is neovim installed? scripts/e2e/install-neovim.sh):\n${run.stderr}`);
    result = JSON.parse(run.stdout) as NvimResult;
  });

  after(() => { rmSync(workspace, { recursive: true, force: true }); });

  it('opens the manifest as YAML and receives the warning with its code and range', () => {
    strictEqual(result.languageId, 'yaml');
    const warning = result.diagnostics.find((d) => d.code === 'reused-clb-other-listener-refused');
    ok(warning);
    strictEqual(warning.severity, 2);
    strictEqual(warning.source, 'kube-lb-reach');
    deepStrictEqual(warning.range.start, { line: 9, character: 62 });
    // The workspace's .kube-lb-reach.yaml names the CLB's saved listener list: 443 is refused, definitely.
    match(warning.message, /443\/TCP \(the CLB's listener list in lb-article-clb1\.json\)/);
  });

  it('hovers type: LoadBalancer: what fails from where, first', () => {
    strictEqual(result.hover?.contents.kind, 'markdown');
    match(result.hover.contents.value, /^- Pods and nodes of this cluster are refused on CLB ports 443\/TCP/);
  });

  it('offers the hostname quick fix', () => {
    ok(result.codeActions.some((title) => title.startsWith('Add the hostname annotation')), JSON.stringify(result.codeActions));
  });
});
