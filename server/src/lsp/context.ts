import { type Connection, type Diagnostic } from 'vscode-languageserver';
import { type TextDocument } from 'vscode-languageserver-textdocument';
import { type LanguageService } from '../core';
import { type RuleDocsLinks } from '../node/docsLink';
import { type ChartValuesSync } from './chartValues';
import { type Lifecycle } from './lifecycle';
import { type SettingsStore } from './settingsStore';
import { type UriSpellings } from './uris';

/** What the client said it can do, read once from `initialize`. */
export interface ClientFeatures {
  relatedInformation: boolean;
  configurationRegistration: boolean;
  workspaceFolderEvents: boolean;
  watchedFilesRegistration: boolean;
  versionedEdits: boolean;
  snippetEdits: boolean;
  /**
   * LSP 3.17 pull diagnostics: the client declares `textDocument.diagnostic` and lets the server ask
   * it to pull again (`workspace.diagnostics.refreshSupport`), which findings that depend on other
   * files need. Such a client is never published to; any other one is, as before.
   */
  pullDiagnostics: boolean;
}

/** The server's parts, shared by the feature handlers (one per concern, none holding state of its own). */
export interface ServerContext {
  readonly connection: Connection;
  readonly lifecycle: Lifecycle;
  readonly service: LanguageService;
  readonly settings: SettingsStore;
  readonly spellings: UriSpellings;
  /** The chart defaults (values.yaml) of the open Helm templates. */
  readonly charts: ChartValuesSync;
  readonly client: ClientFeatures;
  readonly log: (message: string) => void;
  /** The canonical URIs of the open documents. */
  openKeys(): Iterable<string>;
  /** The open document of a canonical URI. */
  document(key: string): TextDocument | undefined;
  /** Re-analyses and publishes open documents (after their text, a file they share a load balancer with, or the settings changed). */
  republish(keys: Iterable<string>): void;
  /** Links to rule pages, in the form this client opens. */
  docsLinks: RuleDocsLinks;
  /** Diagnostics of a file that come from elsewhere (findings in rendered overlays), published with its own. */
  extraDiagnostics(key: string): readonly Diagnostic[];
  /** A file an overlay's render is made of: analysed only as rendered, never indexed from disk. */
  renderedOnly(key: string): boolean;
  /** Among `extraDiagnostics`, the findings of rendered Services (not a failed render's warning). */
  renderedFindings(key: string): readonly Diagnostic[];
}
