import { type NotAnalysed, parseFile, type ParsedFile } from '../parse/parseFile';
import { type HelmValues } from '../parse/chartValues';
import { providerOf, PROVIDERS, serviceFacts } from '../providers';
import { type Provider } from '../providers/types';
import { RULES } from '../rules';
import { runRules, type AnalysedService, type Analysis } from '../rules/run';
import { type Rule } from '../rules/types';
import { resolveSettingsFor, type RawSettings, type Settings } from '../settings/resolve';
import { mergeRawSettings } from '../settings/merge';
import { ClusterScopes, type ClusterRef, type FileScope, type ScopeRoots } from '../config/scopes';
import { type ParsedConfig } from '../config/parseConfig';
import { lbKey } from '../model/facts';
import { applySuppressions, SUPPRESSION_RULE_ID } from '../suppress/apply';
import { contains, span, type Span } from '../text/span';
import { serviceLabel } from '../parse/serviceView';
import { explainDocument } from './explainMarkdown';
import { type FileEdits } from '../text/edits';
import { addSafeFixes, FileEditSet } from '../fixes/fixAll';
import { indexEntries } from '../workspace/entries';
import { WorkspaceIndex, type WorkspaceIndexReader } from '../workspace/workspaceIndex';
import { codeActionsFor, type CodeActionData, type DiagnosticRef } from './codeActions';
import { completionAt, type CompletionItem } from './completion';
import { explanationsFor, subjectsOf, type Explanation } from './explain';
import { hoverAt, type AnnotationDocsLink, type DocsLink, type HoverResult } from './hover';
import { RenderedSources, type ReadSource, type RenderedLocation } from './rendered/attribute';

export interface LanguageServiceOptions {
  readonly providers?: readonly Provider[];
  readonly rules?: readonly Rule[];
}

export interface UpdateOptions {
  /**
   * Keep the parse for diagnostics, hovers and fixes (open documents, the CLI's inputs). A file
   * only indexed (the editor's background scan of the workspace) keeps its small index entries.
   */
  readonly retain?: boolean;
  /**
   * For a Helm template: its chart's values.yaml (the adapter finds it; the core reads no disk).
   * A decisive `{{ .Values.a.b }}` with a literal default there is read as that default, and its
   * findings say so in related information; nothing else of a template is ever evaluated.
   */
  readonly helmValues?: HelmValues;
}

/** The settings a file is analysed with: its cluster's, from the config file, under the adapter's own layer. */
export interface SettingsInEffect {
  readonly settings: Settings;
  readonly cluster: ClusterRef;
  /** Values that were ignored (from the adapter's layer; the config file's own are diagnostics on it). */
  readonly problems: readonly string[];
}

/** What reading a saved API answer of load balancer listeners gave. */
export interface ListenerFileResult {
  /** Load balancer ids it describes. */
  readonly lbIds: readonly string[];
  /** Entries that could not be read, or why the whole file could not; empty when all is well. */
  readonly problems: readonly string[];
}

interface FileState {
  readonly parsed: ParsedFile;
  readonly services: readonly AnalysedService[];
  /** The findings for one settings object (the adapters keep one per resource until settings change). */
  analysis?: { readonly settings: Settings; readonly result: Analysis };
}

/**
 * The kube-lb-reach language service: text in, data out, no I/O and no LSP types. The language
 * server, the CLI and any later host feed it files and ask it questions; it parses each text once,
 * keeps the workspace index, and knows which other files a change touches.
 */
export class LanguageService {
  private readonly files = new Map<string, FileState>();
  /** Renders of Kustomize folders, by the id they are analysed under: what each object was made from. */
  private readonly renders = new Map<string, RenderedSources>();
  /** Files a render in force is made of (see `setShadowed`): parsed, but out of the workspace index. */
  private readonly shadowed = new Set<string>();
  private readonly scopes: ClusterScopes;
  private readonly workspace = new WorkspaceIndex({
    clusterKey: (uri) => this.scopes.scopeOf(uri).cluster.key,
    clusterName: (uri) => this.scopes.scopeOf(uri).cluster.name,
    ignored: (uri) => this.scopes.scopeOf(uri).ignoredBy !== undefined,
  });
  private readonly settingsCache = new WeakMap<ClusterRef, WeakMap<object, SettingsInEffect>>();
  private static readonly NO_LAYER = {};
  readonly providers: readonly Provider[];
  readonly rules: readonly Rule[];

  constructor(options: LanguageServiceOptions = {}) {
    this.providers = options.providers ?? PROVIDERS;
    this.rules = options.rules ?? RULES;
    this.scopes = new ClusterScopes(this.rules.map((r) => r.id));
  }

  get index(): WorkspaceIndexReader {
    return this.workspace;
  }

  /** How many files hold a Service that reuses a load balancer (for the adapters' logs). */
  get indexedFileCount(): number {
    return this.workspace.fileCount;
  }

  /**
   * Sets the text of `uri`. Returns the other files whose findings it may change (they share a
   * load balancer with what changed), so the adapter can re-check them.
   */
  update(uri: string, text: string, options: UpdateOptions = {}): Set<string> {
    const current = this.files.get(uri);
    if (current && current.parsed.text === text && current.parsed.chartValues?.values.text === options.helmValues?.text) return new Set();
    const parsed = parseFile(text, options.helmValues ? { helmValues: options.helmValues } : {});
    const services = parsed.services.map((view) => {
      const provider = providerOf(view, this.providers);
      return { view, provider, facts: serviceFacts(view, [provider]) };
    });
    if (options.retain ?? true) this.files.set(uri, { parsed, services });
    else this.files.delete(uri);
    // While a document is mid-edit with a syntax error, the file's last good entries stay: other
    // files' findings (a port conflict) must not flicker off and on with every keystroke.
    const broken = parsed.documents.some((d) => d.hasErrors);
    if (this.shadowed.has(uri) || (broken && this.workspace.has(uri))) return new Set();
    return this.affected(uri, this.workspace.update(uri, indexEntries(uri, parsed, services), parsed.lineIndex));
  }

  /**
   * Sets the output of `kustomize build` (with its origin and transformer annotations) of a folder,
   * analysed as one file under `uri`: an id inside that folder (`renderedDocumentId`), so that the
   * folder's cluster applies. `read` gives the render's source files by their path relative to
   * the render's root. Returns those files (sources, kustomizations, patches: the adapter analyses
   * them only as rendered, so a Service counts once) and the other files the update affects.
   * `buildDir` is the folder that was built, relative to that root (`.` for the root itself).
   */
  updateRendered(uri: string, text: string, read: ReadSource, buildDir: string): { sources: string[]; affected: Set<string> } {
    const affected = this.update(uri, text);
    const parsed = this.files.get(uri)?.parsed;
    const sources = parsed ? new RenderedSources(parsed, read, buildDir) : undefined;
    if (sources) this.renders.set(uri, sources);
    else this.renders.delete(uri);
    return { sources: sources?.files() ?? [], affected };
  }

  /**
   * Where the user edits what `span` of a render shows (a finding's span, a related location's):
   * the last patch that sets it, else the object's source file; undefined when only the rendered
   * text has it (a remote base, a generator) or `uri` is no render.
   */
  renderedLocation(uri: string, at: Span): RenderedLocation | undefined {
    return this.renders.get(uri)?.locate(at);
  }

  isRendered(uri: string): boolean {
    return this.renders.has(uri);
  }

  /**
   * Marks `uri` as one a render in force is made of (a Kustomize base, patch or kustomization), or
   * no longer. While shadowed, its text stays parsed (hover, completion, its own resource findings)
   * but is out of the workspace index, and the rules that read the index are not run on it: its
   * Services count once, as rendered, and their cluster-wide findings are the render's (which the
   * adapter shows on it, attributed). The mark outlives `remove`, so a file opened later is not
   * indexed either. Returns the other files whose findings may change.
   */
  setShadowed(uri: string, shadowed: boolean): Set<string> {
    if (this.shadowed.has(uri) === shadowed) return new Set();
    const state = this.files.get(uri);
    if (state) state.analysis = undefined;
    if (shadowed) {
      this.shadowed.add(uri);
      return this.affected(uri, this.workspace.remove(uri));
    }
    this.shadowed.delete(uri);
    if (!state) return new Set();
    return this.affected(uri, this.workspace.update(uri, indexEntries(uri, state.parsed, state.services), state.parsed.lineIndex));
  }

  isShadowed(uri: string): boolean {
    return this.shadowed.has(uri);
  }

  /** Forgets `uri` (closed and gone from disk, or deleted); returns the files it affected. */
  remove(uri: string): Set<string> {
    this.files.delete(uri);
    this.renders.delete(uri);
    return this.affected(uri, this.workspace.remove(uri));
  }

  /** Forgets every file below a folder URI; returns the other files they affected. */
  removeFolder(folderUri: string): Set<string> {
    const prefix = folderUri.endsWith('/') ? folderUri : `${folderUri}/`;
    for (const uri of [...this.files.keys()]) if (uri.startsWith(prefix)) this.files.delete(uri);
    const affected = this.workspace.urisReusing(this.workspace.removeFolder(folderUri));
    for (const uri of affected) if (this.files.get(uri)) this.files.get(uri)!.analysis = undefined;
    return affected;
  }

  /** Drops the parse of `uri` but keeps its index entries (an editor closed it; the disk copy is re-read by the adapter). */
  release(uri: string): void {
    this.files.delete(uri);
  }

  private affected(uri: string, changedLbs: Set<string>): Set<string> {
    const uris = this.workspace.urisReusing(changedLbs);
    uris.delete(uri);
    for (const other of uris) {
      const state = this.files.get(other);
      if (state) state.analysis = undefined;
    }
    return uris;
  }

  /** The folders config files are searched up to, and whether each is a cluster of its own without one. */
  setRoots(roots: ScopeRoots): Set<string> {
    this.scopes.setRoots(roots);
    return this.scopesChanged();
  }

  /** Reads a `.kube-lb-reach.yaml` (its id: the same kind of id as the manifests'). Every retained file may be affected. */
  setConfig(id: string, text: string): { parsed: ParsedConfig; affected: Set<string> } {
    const parsed = this.scopes.setConfig(id, text);
    return { parsed, affected: this.scopesChanged() };
  }

  removeConfig(id: string): Set<string> {
    return this.scopes.removeConfig(id) ? this.scopesChanged() : new Set();
  }

  /** What a config file said when it was last read (its problems for the adapter to show on it). */
  config(id: string): ParsedConfig | undefined {
    return this.scopes.config(id);
  }

  get configIds(): string[] {
    return this.scopes.configIds;
  }

  /** The `listenerFiles` globs of every config in force: the adapters find those files and hand them to `setListenerFile`. */
  listenerFileGlobs(): ReturnType<ClusterScopes['listenerFileGlobs']> {
    return this.scopes.listenerFileGlobs();
  }

  scopeOf(uri: string): FileScope {
    return this.scopes.scopeOf(uri);
  }

  private scopesChanged(): Set<string> {
    this.workspace.scopesChanged();
    for (const state of this.files.values()) state.analysis = undefined;
    return new Set(this.files.keys());
  }

  /**
   * Reads a saved answer of a cloud's API about load balancer listeners (JSON). Returns what it
   * describes and its problems; a file that is not such an answer describes nothing.
   */
  setListenerFile(id: string, text: string): ListenerFileResult & { affected: Set<string> } {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      return { lbIds: [], problems: [`not JSON: ${error instanceof Error ? error.message : String(error)}`], affected: this.affectedByLbs(this.workspace.removeListenerAnswers(id)) };
    }
    for (const provider of this.providers) {
      const read = provider.listenerAnswers?.(value);
      if (!read) continue;
      const changed = this.workspace.setListenerAnswers(id, read.answers.map((a) => ({ lbKey: lbKey(provider.id, a.lbId), listeners: a.listeners, complete: a.complete })));
      return { lbIds: read.answers.map((a) => a.lbId), problems: [...read.problems], affected: this.affectedByLbs(changed) };
    }
    const changed = this.workspace.removeListenerAnswers(id);
    const shapes = this.providers.length > 0 ? 'an answer of DescribeLoadBalancerAttribute (LoadBalancerId, ListenerPortsAndProtocol) or DescribeLoadBalancerListeners (Listeners)' : 'a listener answer';
    return { lbIds: [], problems: [`not ${shapes}`], affected: this.affectedByLbs(changed) };
  }

  removeListenerFile(id: string): Set<string> {
    return this.affectedByLbs(this.workspace.removeListenerAnswers(id));
  }

  private affectedByLbs(lbKeys: Set<string>): Set<string> {
    const uris = this.workspace.urisReusing(lbKeys);
    for (const uri of uris) {
      const state = this.files.get(uri);
      if (state) state.analysis = undefined;
    }
    return uris;
  }

  /**
   * The settings `uri` is analysed with: built-in defaults < its config file (top level, then its
   * cluster) < `layer`, the adapter's own (editor settings set explicitly, or CLI flags). The same
   * object comes back until the config files or the layer change, so the diagnostics cache holds.
   */
  settingsFor(uri: string, layer?: RawSettings): SettingsInEffect {
    const { cluster } = this.scopes.scopeOf(uri);
    let byLayer = this.settingsCache.get(cluster);
    if (!byLayer) this.settingsCache.set(cluster, (byLayer = new WeakMap()));
    const key = layer ?? LanguageService.NO_LAYER;
    let result = byLayer.get(key);
    if (!result) {
      const { settings, problems } = resolveSettingsFor(mergeRawSettings([cluster.raw, layer]), this.rules.map((r) => r.id));
      byLayer.set(key, (result = { settings, cluster, problems }));
    }
    return result;
  }

  parsed(uri: string): ParsedFile | undefined {
    return this.files.get(uri)?.parsed;
  }

  /** The findings of `uri` under `settings` (cached until the file, a file it shares a load balancer with, or the settings change). */
  diagnostics(uri: string, settings: Settings): Analysis {
    const state = this.files.get(uri);
    if (!state || this.scopes.scopeOf(uri).ignoredBy) return { findings: [], suppressed: [], failures: [] };
    if (state.analysis?.settings === settings) return state.analysis.result;
    // A shadowed file's cluster-wide findings are its render's: run here they would compare it with its own rendered copy.
    const rules = this.shadowed.has(uri) ? this.rules.filter((rule) => rule.meta.scope === 'resource') : this.rules;
    const notRun = new Set(this.rules.filter((rule) => !rules.includes(rule)).map((rule) => rule.id));
    const result = applySuppressions(state.parsed, runRules(uri, state.parsed, state.services, this.workspace, settings, rules), this.rules, settings, notRun);
    state.analysis = { settings, result };
    return result;
  }

  /** Every part of `uri` that was not analysed, with the reason a user is told. */
  notAnalysed(uri: string): NotAnalysed[] {
    const parsed = this.files.get(uri)?.parsed;
    if (!parsed) return [];
    const ignoredBy = this.scopes.scopeOf(uri).ignoredBy;
    if (ignoredBy) return [{ reason: `ignored: it matches ignorePaths "${ignoredBy.pattern}" of ${ignoredBy.configId}`, span: span(0, 0), isError: false }];
    const reasons = parsed.documents.flatMap((d) => (d.notAnalysed ? [d.notAnalysed] : []));
    if (parsed.skippedReason) reasons.unshift({ reason: parsed.skippedReason, span: span(0, 0), isError: false });
    return reasons;
  }

  /**
   * `annotationLink` defaults to a link relative to the repository root, for adapters that have no
   * better one; `explainLink` opens the full table (an adapter's command), else the hover names the CLI.
   */
  hover(
    uri: string,
    offset: number,
    settings: Settings,
    docsLink: DocsLink,
    annotationLink: AnnotationDocsLink = (anchor) => `docs/annotations.md#${anchor}`,
    explainLink?: string,
  ): HoverResult | undefined {
    const state = this.files.get(uri);
    if (!state) return undefined;
    const findings = this.diagnostics(uri, settings).findings;
    const context = { uri, file: state.parsed, services: state.services, index: this.workspace, settings, rules: this.rules, providers: this.providers, docsLink, annotationLink, findings, explainLink };
    return hoverAt(context, offset);
  }

  /**
   * The full reachability table as a Markdown document: of the Service at `offset`, or of every
   * LoadBalancer and NodePort Service of `uri` when there is none there (or no offset). Undefined
   * when the file is not known or has no such Service.
   */
  explainMarkdown(uri: string, offset: number | undefined, settings: Settings, docsLink: DocsLink): { markdown: string; services: string[] } | undefined {
    const state = this.files.get(uri);
    if (!state) return undefined;
    const candidates = state.services.filter((s) => s.facts.isLoadBalancer || s.facts.isNodePort);
    const atCursor = offset === undefined ? undefined : candidates.find((s) => contains(s.view.span, offset));
    const chosen = atCursor ? [atCursor] : candidates;
    if (chosen.length === 0) return undefined;
    const context = { uri, index: this.workspace, settings, rules: this.rules, docsLink };
    return { markdown: explainDocument(chosen, context, uri.slice(uri.lastIndexOf('/') + 1)), services: chosen.map((s) => serviceLabel(s.view)) };
  }

  completion(uri: string, offset: number): CompletionItem[] {
    const parsed = this.files.get(uri)?.parsed;
    return parsed ? completionAt(parsed.text, offset, this.providers) : [];
  }

  codeActions(uri: string, settings: Settings, diagnostics: readonly DiagnosticRef[], kinds: { quickFix: boolean; fixAll: boolean }): CodeActionData[] {
    const file = this.files.get(uri)?.parsed;
    // The directive findings judge directives: a directive cannot silence them (suppression-invalid's page says so).
    const suppression = file ? { file, canSilence: (ruleId: string) => ruleId !== SUPPRESSION_RULE_ID && this.rules.some((r) => r.id === ruleId) } : undefined;
    return codeActionsFor(uri, this.diagnostics(uri, settings).findings, diagnostics, kinds, suppression);
  }

  /**
   * Fix-all over many files (`--fix`): every safe fix of each file's findings, as one set of edits
   * per file, so that a file that several fixes edit (the every-Service hostname fix) is written once.
   */
  fixAll(uris: readonly string[], settingsOf: (uri: string) => Settings): FileEdits[] {
    const set = new FileEditSet();
    for (const uri of uris) addSafeFixes(set, uri, this.diagnostics(uri, settingsOf(uri)).findings);
    return set.files();
  }

  /** The reachability of every LoadBalancer and NodePort Service of `uri` at each version, and a notice for each one the model does not describe. */
  explain(uri: string, settings: Settings, versions: readonly string[]): { explanations: Explanation[]; notices: string[] } {
    const state = this.files.get(uri);
    if (!state) return { explanations: [], notices: [] };
    const { subjects, notices } = subjectsOf(state.services, settings, uri);
    notices.push(...this.notAnalysed(uri).map((n) => n.reason));
    return { explanations: explanationsFor(subjects, versions), notices };
  }
}
