// Rewrites the files generated from the core's single sources (run after compile-tests):
// the injection grammar from the providers' annotation prefixes, package.json's settings from the
// settings descriptor. test/core/generated.test.ts fails when either drifts.
import { readFileSync, writeFileSync } from 'fs';
import { createRequire } from 'module';

const require = createRequire(import.meta.url);
const core = require('../out/server/src/core/index.js');

writeFileSync('syntaxes/annotations.injection.tmLanguage.json', `${JSON.stringify(core.injectionGrammar(core.PROVIDERS), null, 2)}\n`);

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
pkg.contributes.configuration = core.contributedConfiguration();
writeFileSync('package.json', `${JSON.stringify(pkg, null, 2)}\n`);
console.log('generate: wrote syntaxes/annotations.injection.tmLanguage.json and package.json#contributes.configuration');
