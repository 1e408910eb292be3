import { strictEqual } from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';

/**
 * The extension-host suite (test/vscode, the shape @vscode/test-electron runs) inside a real
 * VS Code workbench: code-server 4.100.3 driven by Debian's chromium. Its mocha report is echoed.
 */
const ROOT = path.resolve(__dirname, '..', '..', '..');

describe('extension-host suite in code-server', { timeout: 240_000 }, () => {
  it('passes', () => {
    const workspace = mkdtempSync(path.join(tmpdir(), 'klr-vscode-ws-'));
    cpSync(path.join(ROOT, 'test', 'vscode', 'workspace'), workspace, { recursive: true });
    try {
      const run = spawnSync(
        process.execPath,
        [
          path.join(ROOT, 'test', 'e2e', 'runExtensionTests.mjs'),
          '--extension-development-path', ROOT,
          '--extension-tests-path', path.join(ROOT, 'out', 'test', 'vscode', 'index.js'),
          '--folder', workspace,
          '--timeout', '180',
        ],
        { encoding: 'utf8' },
      );
      process.stdout.write(run.stdout);
      strictEqual(run.status, 0, `the extension-host suite failed (exit ${run.status}):\n${run.stderr}`);
    } finally {
      rmSync(workspace, { recursive: true, force: true });
    }
  });
});
