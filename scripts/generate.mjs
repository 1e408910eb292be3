// Rewrites the files generated from the core's single sources (run after compile-tests):
// the injection grammar from the providers' annotation keys, package.json's settings from the
// settings descriptor (and the config file's JSON schema), docs/annotations.md from the Alibaba
// annotation catalogue.
// test/core/generated.test.ts fails when any of them drifts.
import { mkdirSync, readFileSync, writeFileSync } from 'fs';
import { createRequire } from 'module';

const require = createRequire(import.meta.url);
const core = require('../out/server/src/core/index.js');

writeFileSync('syntaxes/annotations.injection.tmLanguage.json', `${JSON.stringify(core.injectionGrammar(core.PROVIDERS), null, 2)}\n`);

writeFileSync('docs/annotations.md', core.annotationsMarkdown());

mkdirSync('schemas', { recursive: true });
writeFileSync(core.CONFIG_SCHEMA_PATH, `${JSON.stringify(core.configSchema(), null, 2)}\n`);

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
pkg.contributes.configuration = core.contributedConfiguration();
pkg.contributes.yamlValidation = [{ fileMatch: [...core.CONFIG_FILE_NAMES], url: `./${core.CONFIG_SCHEMA_PATH}` }];
writeFileSync('package.json', `${JSON.stringify(pkg, null, 2)}\n`);
console.log(`generate: wrote syntaxes/annotations.injection.tmLanguage.json, docs/annotations.md, ${core.CONFIG_SCHEMA_PATH} and package.json#contributes`);
