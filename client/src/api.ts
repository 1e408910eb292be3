import type * as vscode from 'vscode';
import { type SettingsInEffect } from '../../server/src/lsp/protocol';
import { type StatusView } from './statusView';

/**
 * What `activate()` returns. It exists for the extension-host tests (test/vscode), which read what
 * the status item shows and what the server answers; it is not a stable API for other extensions.
 */
export interface KubeLbReachApi {
  /** The language status item's text and detail, as shown now. */
  statusView(): StatusView;
  /** Fires when the status item's text or detail changes. */
  readonly onDidChangeStatus: vscode.Event<StatusView>;
  /** The server's `kubeLbReach/settingsInEffect` answer for a document, through the running client. */
  settingsInEffect(uri: vscode.Uri): Promise<SettingsInEffect | null>;
}
