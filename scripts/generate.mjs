// Rewrites the files generated from the core's single sources (run after compile-tests):
// the injection grammar from the providers' annotation keys, package.json's settings from the
// settings descriptor, docs/annotations.md from the Alibaba annotation catalogue.
// test/core/generated.test.ts fails when any of them drifts.
import { readFileSync, writeFileSync } from 'fs';
import { createRequire } from 'module';

const require = createRequire(import.meta.url);
const core = require('../out/server/src/core/index.js');

writeFileSync('syntaxes/annotations.injection.tmLanguage.json', `${JSON.stringify(core.injectionGrammar(core.PROVIDERS), null, 2)}\n`);

writeFileSync('docs/annotations.md', core.annotationsMarkdown());

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
pkg.contributes.configuration = core.contributedConfiguration();
writeFileSync('package.json', `${JSON.stringify(pkg, null, 2)}\n`);
console.log('generate: wrote syntaxes/annotations.injection.tmLanguage.json, docs/annotations.md and package.json#contributes.configuration');
