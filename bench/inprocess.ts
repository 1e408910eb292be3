// Entry of the in-process bench bundles: the pure core, the `yaml` package itself (the floor) and
// the parse counters. bench/.out/inprocess.cjs (timing) is built as is; in
// bench/.out/inprocess-counted.cjs (counting only) the core's `yaml` is bench/yamlCounted.ts.
export { analyzeFile, parseFile, resolveSettings, WorkspaceIndex, hoverAt } from '../server/src/core';
export { parseAllDocuments as yamlParseAllDocuments } from 'yaml';
export { counts as yamlCounts } from './yamlCounted';
