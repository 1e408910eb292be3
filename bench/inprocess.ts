// Entry of the in-process bench bundles: the pure core, the `yaml` package itself (the floor) and
// the parse counters. bench/.out/inprocess.cjs (timing) is built as is; in
// bench/.out/inprocess-counted.cjs (counting only) the core's `yaml` is bench/yamlCounted.ts.
import { LanguageService, type Analysis, type Settings } from '../server/src/core';

export { parseFile, resolveSettings } from '../server/src/core';
export { parseAllDocuments as yamlParseAllDocuments } from 'yaml';
export { counts as yamlCounts } from './yamlCounted';

/**
 * The workers' view of a workspace: the language service the adapters use. `update` takes the
 * text (the service parses it once) and returns the other files the change affects.
 */
export class WorkspaceIndex {
  readonly service = new LanguageService();

  update(uri: string, text: string): Set<string> {
    return this.service.update(uri, text);
  }

  /** The files a change affects (what `update` returned already is that set). */
  urisReusing(affected: Set<string>): Set<string> {
    return affected;
  }

  get fileCount(): number {
    return this.service.indexedFileCount;
  }
}

/** The findings of `uri` as the editor gets them after a keystroke. */
export function analyzeFile(uri: string, index: WorkspaceIndex, settings: Settings): Analysis {
  return index.service.diagnostics(uri, settings);
}
