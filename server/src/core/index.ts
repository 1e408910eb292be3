/**
 * The kube-lb-reach language service: text in, data out. No I/O, no LSP, no `vscode`: the
 * language server and the CLI are thin adapters over these functions.
 */
export { analyzeFile, type Analysis, type RuleFailure } from './analyze';
export { distinctFixes, fixAllEdits } from './fixes/fixAll';
export { applyEdits, type Fix, type TextEdit } from './fixes/types';
export { hoverAt, type DocsLink, type HoverResult } from './hover';
export { WorkspaceIndex, type IndexedService, type WorkspaceIndexReader } from './index/workspaceIndex';
export { serviceFacts } from './model/serviceFacts';
export { parseFile, MAX_TEXT_LENGTH, type ParsedFile } from './parse/parseFile';
export { serviceLabel, type ServiceView } from './parse/serviceView';
export { reachInputOf } from './reach/input';
export { reachTable } from './reach/model';
export { describeInput, renderReachMarkdown } from './reach/render';
export * from './reach/vocabulary';
export { RULES } from './rules';
export { type Finding, type RelatedLocation, type Rule, type Severity } from './rules/types';
export { DEFAULT_SETTINGS, parseKubernetesVersion, PROXY_MODES, resolveSettings, type RawSettings, type Settings } from './settings';
export { LineIndex, type Position } from './text/lineIndex';
export { type Span } from './text/span';
