/**
 * The kube-lb-reach language service: text in, data out. No I/O, no LSP, no `vscode`: the
 * language server and the CLI are thin adapters over the LanguageService facade.
 */
export { LanguageService, type LanguageServiceOptions, type UpdateOptions } from './service/languageService';
export { type CodeActionData, type DiagnosticRef } from './service/codeActions';
export { type CompletionItem } from './service/completion';
export { type Explanation, type ExplainSubject, explanationsFor } from './service/explain';
export { type AnnotationDocsLink, type DocsLink, type HoverResult } from './service/hover';
export { type Analysis, type RuleFailure, type AnalysedService } from './rules/run';
export { RULES } from './rules';
export { type Rule, type RuleMeta, type RuleContext, type Report } from './rules/types';
export { PROVIDERS, serviceFacts } from './providers';
export { injectionGrammar } from './providers/grammar';
export { annotationsMarkdown } from './providers/alibaba/catalogue/markdown';
export { type Provider, type ProviderFacts } from './providers/types';
export { type Finding, type Fix, type RelatedLocation, type ResourceAddress, type Severity, SEVERITIES } from './model/finding';
export { type LoadBalancerRef, type ServiceFacts, lbKey } from './model/facts';
export { assumedRelease, parseKubernetesVersion, proxyModeAvailability, PROXY_MODES, type KubernetesVersion, type ModeAvailability, type ProxyMode } from './model/kubernetes';
export { BOUNDARIES, type NamedBoundary } from './reach/boundaries';
export { parseListenerSpec, type Listener } from './model/listeners';
export { parseControllerVersion, type ControllerVersion } from './model/controllerVersion';
export { parseFile, MAX_TEXT_LENGTH, type NotAnalysed, type ParsedFile } from './parse/parseFile';
export { serviceLabel, type ServiceView } from './parse/serviceView';
export { type ResourceView } from './parse/resource';
export { reachInputOf } from './reach/input';
export { reachTable } from './reach/model';
export { describeInput, renderReachMarkdown } from './reach/render';
export * from './reach/vocabulary';
export { DEFAULT_SETTINGS, describeSettings, resolveSettings, type RawSettings, type Settings } from './settings/resolve';
export { contributedConfiguration, SETTINGS, SETTINGS_SECTION, type SettingDescriptor, type SettingKey } from './settings/descriptor';
export { applyEdits, type TextEdit } from './text/edits';
export { distinctFixes, fixAllEdits } from './fixes/fixAll';
export { LineIndex, type Position } from './text/lineIndex';
export { type Span } from './text/span';
export { type IndexedService, type WorkspaceIndexReader } from './workspace/workspaceIndex';
