// Runs the compiled tests (out/test/**/*.test.js) with Node's own test runner: the in-process and
// protocol suites first, then the real clients (code-server, Neovim: slower, one at a time).
import { spawnSync } from 'child_process';
import { existsSync, readdirSync, statSync } from 'fs';
import { join } from 'path';

function testFiles(roots) {
  const files = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.test.js')) files.push(full);
    }
  };
  for (const root of roots) {
    if (!existsSync(root)) continue;
    if (statSync(root).isDirectory()) walk(root);
    else files.push(root);
  }
  return files;
}

function run(roots, extraArgs) {
  const files = testFiles(roots);
  if (files.length === 0) {
    console.error('run-tests: no test files found under', roots.join(', '));
    return 1;
  }
  const result = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...extraArgs, ...files], { stdio: 'inherit' });
  return result.status ?? 1;
}

const groups =
  process.argv.length > 2
    ? [[process.argv.slice(2), []]]
    : [
        [['out/test/core', 'out/test/client', 'out/test/lsp', 'out/test/cli', 'out/test/robustness'], []],
        [['out/test/e2e'], ['--test-concurrency=1']],
      ];
let status = 0;
for (const [roots, extraArgs] of groups) status = run(roots, extraArgs) || status;
process.exit(status);
