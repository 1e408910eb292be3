/**
 * The kube-lb-reach language service: text in, data out. No I/O, no LSP, no `vscode`: the
 * language server and the CLI are thin adapters over the LanguageService facade.
 */
export { LanguageService, type LanguageServiceOptions, type ListenerFileResult, type SettingsInEffect, type UpdateOptions } from './service/languageService';
export { renderedDocumentId, type ReadSource, type RenderedLocation } from './service/rendered/attribute';
export { CONFIG_FILE_NAMES, CONFIG_SCHEMA_PATH } from './config/schema';
export { configSchema, parseConfigFile } from './service/settings';
export { MAX_CONFIG_LENGTH, type ConfigFile, type ConfigProblem, type ParsedConfig } from './config/parseConfig';
export { matchesAny, type ClusterRef, type FileScope, type ScopeRoots } from './config/scopes';
export { mergeRawSettings } from './settings/merge';
export { type CodeActionData, type DiagnosticRef } from './service/codeActions';
export { type CompletionItem } from './service/completion';
export { type Explanation, type ExplainSubject, explanationsFor } from './service/explain';
export { type AnnotationDocsLink, type DocsLink, type HoverResult } from './service/hover';
export { type Analysis, type RuleFailure, type AnalysedService } from './rules/run';
export { RULES } from './rules';
export { MAX_VALUES_LENGTH, type HelmValues } from './parse/chartValues';
export { type Rule, type RuleMeta, type RuleContext, type Report } from './rules/types';
export { PROVIDERS, serviceFacts } from './providers';
export { injectionGrammar } from './providers/grammar';
export { annotationsMarkdown } from './providers/alibaba/catalogue/markdown';
export { type Provider, type ProviderFacts } from './providers/types';
export { type Finding, type Fix, type RelatedLocation, type ResourceAddress, type Severity, type Suppression, SEVERITIES } from './model/finding';
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
export { DEFAULT_SETTINGS, clientSectionLayer, describeSettings, kustomizeDirsOf, MAX_KUSTOMIZE_DIRS, type RawSettings, type RuleLevel, type Settings } from './settings/resolve';
export { contributedConfiguration, resolveSettings, RULE_IDS } from './service/settings';
export { RENDER_SETTINGS, RULE_LEVELS, SETTINGS, SETTINGS_SECTION, type RenderSettingDescriptor, type SettingDescriptor, type SettingKey } from './settings/descriptor';
export { IGNORE_ANNOTATION, REASON_PLACEHOLDER } from './suppress/directives';
export { applyEdits, type FileEdits, type TextEdit } from './text/edits';
export { distinctFixes, fixAllEdits, fixAllFiles } from './fixes/fixAll';
export { LineIndex, type Position } from './text/lineIndex';
export { type Span } from './text/span';
export { type IndexedService, type WorkspaceIndexReader } from './workspace/workspaceIndex';
export { firstLineSpan, renderedOrigin, templateLocator, type NodePlace, type RenderedOrigin, type YamlPathStep } from './service/renderedSource';
