// Bundles the extension, the language server and the CLI with esbuild (one file each, no node_modules shipped).
import { build } from 'esbuild';

const version = JSON.parse(await (await import('fs/promises')).readFile('package.json', 'utf8')).version;
const common = { define: { KUBE_LB_REACH_VERSION: JSON.stringify(version) }, bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: !process.argv.includes('--no-sourcemap'), logLevel: 'warning', minify: process.argv.includes('--minify') };

await Promise.all([
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] }),
  build({ ...common, entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.js' }),
  build({ ...common, entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } }),
]);

// The CLI is a `bin`: executable, like an installed package's.
(await import('fs')).chmodSync('dist/cli.js', 0o755);
