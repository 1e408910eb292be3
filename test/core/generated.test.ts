import { deepStrictEqual } from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { annotationsMarkdown, contributedConfiguration, injectionGrammar, PROVIDERS } from '../../server/src/core';

/** Files generated from one source each: a drift fails here; `npm run generate` rewrites them. */
const ROOT = path.resolve(__dirname, '..', '..', '..');
const json = (file: string): unknown => JSON.parse(readFileSync(path.join(ROOT, file), 'utf8'));

describe('generated files', () => {
  it('the injection grammar is the one generated from the providers', () => {
    deepStrictEqual(json('syntaxes/annotations.injection.tmLanguage.json'), JSON.parse(JSON.stringify(injectionGrammar(PROVIDERS))));
  });

  it('docs/annotations.md is the one generated from the annotation catalogue', () => {
    deepStrictEqual(readFileSync(path.join(ROOT, 'docs', 'annotations.md'), 'utf8'), annotationsMarkdown());
  });

  it('package.json#contributes.configuration is the one generated from the settings descriptor', () => {
    const pkg = json('package.json') as { contributes: { configuration: unknown } };
    deepStrictEqual(pkg.contributes.configuration, JSON.parse(JSON.stringify(contributedConfiguration())));
  });
});
