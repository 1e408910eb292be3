// Runs the compiled test files (out/test/**/*.test.js) with Node's own test runner.
// The real-client suites (code-server, Neovim) are run by scripts/e2e, after these.
import { spawnSync } from 'child_process';
import { readdirSync, statSync } from 'fs';
import { join } from 'path';

const roots = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['out/test/core', 'out/test/lsp', 'out/test/cli'];
const files = [];
const walk = (dir) => {
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) walk(full);
    else if (name.endsWith('.test.js')) files.push(full);
  }
};
for (const root of roots) walk(root);
if (files.length === 0) {
  console.error('run-tests: no test files found under', roots.join(', '));
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
