import { deepStrictEqual } from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

/** The layers of ../shared/notes/architecture.md: the core is a pure library in ordered layers; adapters import it, never the reverse. */
const SRC = path.resolve(__dirname, '..', '..', '..', 'server', 'src');
const CORE = path.join(SRC, 'core');

/** Inside the core, lowest first: a module may import its own layer and the ones before it. */
const CORE_LAYERS = ['text', 'model', 'settings', 'config', 'parse', 'fixes', 'providers', 'workspace', 'reach', 'rules', 'suppress', 'service'] as const;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? sources(full) : full.endsWith('.ts') ? [full] : [];
  });
}

function importsOf(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(/(?:from|import|require\()\s*['"]([^'"]+)['"]/g)].map((m) => m[1]!);
}

/** The files a module imports from inside server/src, resolved (`./x` → x.ts or x/index.ts). */
function localImports(file: string): string[] {
  return importsOf(file)
    .filter((spec) => spec.startsWith('.'))
    .map((spec) => {
      const base = path.resolve(path.dirname(file), spec);
      return [`${base}.ts`, path.join(base, 'index.ts')].find((candidate) => statSync(candidate, { throwIfNoEntry: false })?.isFile()) ?? base;
    });
}

/** The core layer of a file (`core/index.ts`, the public barrel, stands above them all). */
function layerOf(file: string): number {
  const [first] = path.relative(CORE, file).split(path.sep);
  const at = CORE_LAYERS.indexOf(first as (typeof CORE_LAYERS)[number]);
  return at >= 0 ? at : CORE_LAYERS.length;
}

const rel = (file: string): string => path.relative(SRC, file);

describe('architecture', () => {
  it('the core imports only itself and pure libraries (yaml, ajv for the config schema, minimatch for its globs): no vscode, no LSP, no I/O', () => {
    const pure = new Set(['yaml', 'ajv', 'minimatch']);
    const offending = sources(CORE).flatMap((file) =>
      importsOf(file)
        .filter((spec) => !spec.startsWith('.') && !pure.has(spec))
        .map((spec) => `${rel(file)} imports ${spec}`),
    );
    deepStrictEqual(offending, []);
  });

  it(`inside the core, each layer imports only those below it: ${CORE_LAYERS.join(' → ')}`, () => {
    const upward = sources(CORE).flatMap((file) =>
      localImports(file)
        .filter((target) => target.startsWith(CORE) && layerOf(target) > layerOf(file))
        .map((target) => `${rel(file)} → ${rel(target)}`),
    );
    deepStrictEqual(upward, []);
  });

  it('no module of server/src takes part in an import cycle', () => {
    const graph = new Map(sources(SRC).map((file) => [file, localImports(file)]));
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (file: string, trail: string[]): void => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        cycles.push([...trail.slice(trail.indexOf(file)), file].map(rel).join(' → '));
        return;
      }
      state.set(file, 'open');
      for (const next of graph.get(file) ?? []) visit(next, [...trail, file]);
      state.set(file, 'done');
    };
    for (const file of graph.keys()) visit(file, []);
    deepStrictEqual(cycles, []);
  });

  it('a provider module imports no other provider, and nothing outside it names its annotation keys', () => {
    const providersDir = path.join(CORE, 'providers');
    const providerIds = readdirSync(providersDir).filter((name) => statSync(path.join(providersDir, name)).isDirectory());
    const crossing = providerIds.flatMap((id) =>
      sources(path.join(providersDir, id)).flatMap((file) =>
        localImports(file)
          .filter((target) => target.startsWith(providersDir + path.sep) && providerIds.some((other) => other !== id && target.startsWith(path.join(providersDir, other) + path.sep)))
          .map((target) => `${rel(file)} → ${rel(target)}`),
      ),
    );
    deepStrictEqual(crossing, []);
    const naming = sources(SRC)
      .filter((file) => !file.startsWith(path.join(providersDir, 'alibaba') + path.sep))
      // The CCM's keys: the load balancer family and the backend type (ENI vs ECS).
      .filter((file) => /(alibaba-cloud|alicloud)-loadbalancer-|service\.beta\.kubernetes\.io\/backend-type/.test(readFileSync(file, 'utf8')))
      .map(rel);
    deepStrictEqual(naming, []);
  });

  it('adapters: the CLI and the server do not import each other; node/ imports neither; only adapters do I/O', () => {
    const crossing = [
      ...sources(path.join(SRC, 'cli')).flatMap((f) => importsOf(f).filter((s) => s.includes('/lsp') || s.startsWith('vscode-languageserver')).map((s) => `${rel(f)} → ${s}`)),
      ...sources(path.join(SRC, 'lsp')).flatMap((f) => importsOf(f).filter((s) => s.includes('/cli')).map((s) => `${rel(f)} → ${s}`)),
      ...sources(path.join(SRC, 'node')).flatMap((f) => importsOf(f).filter((s) => /\/(cli|lsp)(\/|$)/.test(s) || s.startsWith('vscode')).map((s) => `${rel(f)} → ${s}`)),
    ];
    deepStrictEqual(crossing, []);
  });

  it('the adapters wire no analysis themselves: they call the LanguageService, never parse, index or rules directly', () => {
    const wiring = [...sources(path.join(SRC, 'lsp')), ...sources(path.join(SRC, 'cli'))].flatMap((f) =>
      importsOf(f)
        .filter((s) => /\/core\/(parse|rules|workspace|providers)\//.test(s))
        .map((s) => `${rel(f)} → ${s}`),
    );
    deepStrictEqual(wiring, []);
    const calls = [...sources(path.join(SRC, 'lsp')), ...sources(path.join(SRC, 'cli'))].filter((f) => /\b(parseFile|runRules|new WorkspaceIndex)\(/.test(readFileSync(f, 'utf8'))).map(rel);
    deepStrictEqual(calls, []);
  });
});
