// Builds the bench's own bundles into bench/.out/ with esbuild (the project's build is untouched).
import { build } from 'esbuild';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCH = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
export const ROOT = path.dirname(BENCH);
export const OUT = path.join(BENCH, '.out');

const SHIM = path.join(BENCH, 'yamlCounted.ts');

/** Inside server/src, `yaml` means the counting shim; the shim itself imports the real package. */
const countYaml = {
  name: 'count-yaml',
  setup(b) {
    b.onResolve({ filter: /^yaml$/ }, (args) => (args.importer.startsWith(path.join(ROOT, 'server', 'src')) ? { path: SHIM } : undefined));
  },
};

const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning', define: { KUBE_LB_REACH_VERSION: '"bench"' }, absWorkingDir: ROOT };

export async function buildBenchBundles() {
  await Promise.all([
    // For timing: the core and `yaml` untouched (a counting subclass of yaml's Parser would make the
    // parser's property accesses polymorphic and slow it down). With a source map for the profile summary.
    build({ ...common, entryPoints: [path.join(BENCH, 'inprocess.ts')], outfile: path.join(OUT, 'inprocess.cjs'), sourcemap: 'external' }),
    // For counting parses only, never for timing.
    build({ ...common, entryPoints: [path.join(BENCH, 'inprocess.ts')], outfile: path.join(OUT, 'inprocess-counted.cjs'), plugins: [countYaml] }),
    build({ ...common, entryPoints: [path.join(BENCH, 'serverCounted.ts')], outfile: path.join(OUT, 'server-counted.cjs'), plugins: [countYaml] }),
  ]);
}

/** The shipped (minified, no source map) sizes, built the way `npm run package` builds them, into bench/.out/. */
export async function buildMinified() {
  const min = { ...common, minify: true, sourcemap: false, define: { KUBE_LB_REACH_VERSION: '"0"' } };
  const out = (name) => path.join(OUT, 'min', name);
  await Promise.all([
    build({ ...min, entryPoints: [path.join(ROOT, 'client/src/extension.ts')], outfile: out('extension.js'), external: ['vscode'] }),
    build({ ...min, entryPoints: [path.join(ROOT, 'server/src/lsp/main.ts')], outfile: out('server.js') }),
    build({ ...min, entryPoints: [path.join(ROOT, 'server/src/cli/main.ts')], outfile: out('cli.js') }),
  ]);
  return { extension: out('extension.js'), server: out('server.js'), cli: out('cli.js') };
}
