// The 20,000-line edit and the bare `yaml` parse of the same text, repeated, for `node --cpu-prof`.
// Each runs in its own named function (editLoop, floorLoop, sameOptionsLoop) so the profile can be split between them.
// argv[2]: JSON { size, runs }.
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { multiDocFile } from './generate.mjs';
import { OUT } from './bundle.mjs';
import { OUR_SETTINGS } from './servers.mjs';

const require = createRequire(import.meta.url);
const { WorkspaceIndex, analyzeFile, resolveSettings, yamlParseAllDocuments } = require(path.join(OUT, 'inprocess.cjs'));
const { size, runs } = JSON.parse(process.argv[2]);
const file = multiDocFile(size);
const texts = [file.text, file.edit.apply(file.text, file.edit.other)];
const settings = resolveSettings(OUR_SETTINGS).settings;
const index = new WorkspaceIndex();
const uri = 'file:///bench/edited.yaml';

function editLoop(n) {
  for (let i = 0; i < n; i++) {
    index.update(uri, texts[i % 2]);
    analyzeFile(uri, index, settings);
  }
}

function floorLoop(n) {
  for (let i = 0; i < n; i++) yamlParseAllDocuments(texts[i % 2]);
}

/** The parse parseFile asks `yaml` for (its options, no line counter). */
function sameOptionsLoop(n) {
  for (let i = 0; i < n; i++) yamlParseAllDocuments(texts[i % 2], { keepSourceTokens: true, uniqueKeys: true, prettyErrors: false });
}

// Warm-up (JIT) first; then the measured loops, interleaved in rounds so a noisy neighbour hits all.
editLoop(2);
floorLoop(2);
sameOptionsLoop(2);
for (let round = 0; round < runs; round++) {
  editLoop(1);
  floorLoop(1);
  sameOptionsLoop(1);
}
