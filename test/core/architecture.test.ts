import { deepStrictEqual } from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

/** The layers of docs/architecture: the core is a pure library; adapters import it, never the reverse. */
const SRC = path.resolve(__dirname, '..', '..', '..', 'server', 'src');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? sources(full) : full.endsWith('.ts') ? [full] : [];
  });
}

function importsOf(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(/(?:from|import|require\()\s*['"]([^'"]+)['"]/g)].map((m) => m[1]!);
}

describe('architecture', () => {
  it('the core imports only itself and the yaml package: no vscode, no LSP, no I/O', () => {
    const offending = sources(path.join(SRC, 'core')).flatMap((file) =>
      importsOf(file)
        .filter((spec) => !spec.startsWith('.') && spec !== 'yaml')
        .map((spec) => `${path.relative(SRC, file)} imports ${spec}`),
    );
    deepStrictEqual(offending, []);
  });

  it('the CLI does not import the language server, nor the server the CLI', () => {
    const crossing = [
      ...sources(path.join(SRC, 'cli')).flatMap((f) => importsOf(f).filter((s) => s.includes('/lsp') || s.startsWith('vscode-languageserver')).map((s) => `${path.relative(SRC, f)} → ${s}`)),
      ...sources(path.join(SRC, 'lsp')).flatMap((f) => importsOf(f).filter((s) => s.includes('/cli')).map((s) => `${path.relative(SRC, f)} → ${s}`)),
    ];
    deepStrictEqual(crossing, []);
  });
});
