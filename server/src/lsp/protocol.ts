/**
 * The server's own requests, shared with our VS Code client (which bundles this file alone: it
 * imports nothing).
 */

/** The settings in effect for one document, as the status item shows them. */
export const SETTINGS_IN_EFFECT = 'kubeLbReach/settingsInEffect';

export interface SettingsInEffectParams {
  readonly uri: string;
}

export interface SettingsInEffect {
  /** What the status item shows, e.g. `cluster prod · k8s 1.34 · kube-proxy ipvs`. */
  readonly text: string;
  readonly kubernetesVersion: string;
  readonly kubeProxyMode: string;
  /** The document's cluster: a `clusters[]` name, `default` of a config file, or the workspace folder's name. */
  readonly cluster: string;
  /** The path of the config file that applies (the nearest `.kube-lb-reach.yaml` upward); null: none. */
  readonly configFile: string | null;
}

/** The full reachability table of the Service at a position (or of every Service of the file), as Markdown. */
export const EXPLAIN = 'kubeLbReach/explain';

export interface ExplainParams {
  readonly uri: string;
  /** Zero-based, as in LSP; without it, every LoadBalancer and NodePort Service of the file. */
  readonly position?: { readonly line: number; readonly character: number };
}

export interface ExplainResult {
  readonly markdown: string;
  /** `namespace/name` of the Services explained. */
  readonly services: readonly string[];
}

/** Our VS Code client's command that opens the table; the hover's "Explain reachability" link runs it with `[uri, position]`. */
export const EXPLAIN_COMMAND = 'kubeLbReach.explainReachability';

/** Reads every YAML file of the workspace folders and publishes the diagnostics of those not open. */
export const LINT_WORKSPACE = 'kubeLbReach/lintWorkspace';

export interface LintWorkspaceResult {
  /** YAML files analysed (open ones included). */
  readonly files: number;
  readonly filesWithFindings: number;
  readonly errors: number;
  readonly warnings: number;
  readonly information: number;
  readonly hints: number;
  /** Files not analysed: unreadable, too large, or matched by ignorePaths. */
  readonly skipped: number;
  /** True when the walk stopped at the scan's bound before reading every file. */
  readonly truncated: boolean;
}

export const LINT_WORKSPACE_COMMAND = 'kubeLbReach.lintWorkspace';

/**
 * The client tells the server the workspace became trusted (VS Code: onDidGrantWorkspaceTrust).
 * At initialize, `initializationOptions.workspaceTrusted: true` says it is trusted already;
 * anything else (absent, as other clients send) is untrusted: the server then runs no program.
 */
export const WORKSPACE_TRUSTED = 'kubeLbReach/workspaceTrusted';
export const WORKSPACE_TRUSTED_OPTION = 'workspaceTrusted';
