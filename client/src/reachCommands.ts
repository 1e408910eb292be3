import * as vscode from 'vscode';
import { type LanguageClient } from 'vscode-languageclient/node';
import {
  EXPLAIN,
  EXPLAIN_COMMAND,
  LINT_WORKSPACE,
  LINT_WORKSPACE_COMMAND,
  type ExplainParams,
  type ExplainResult,
  type LintWorkspaceResult,
} from '../../server/src/lsp/protocol';

/**
 * "Explain reachability" and "Lint workspace": both ask the server and show its answer; nothing
 * here analyses anything. The table opens as a rendered Markdown preview of a read-only virtual
 * document, one per file, refreshed when asked again.
 */
const SCHEME = 'kube-lb-reach-explain';

class ExplainDocuments implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  set(uri: vscode.Uri, text: string): void {
    this.texts.set(uri.toString(), text);
    this.changed.fire(uri);
  }
}

/** The hover's link passes `[uri, position]`; from the palette, the active editor's cursor. */
function target(uriArg: unknown, positionArg: unknown, client: LanguageClient): ExplainParams | undefined {
  if (typeof uriArg === 'string') {
    const position = typeof positionArg === 'object' && positionArg !== null ? (positionArg as { line?: unknown; character?: unknown }) : undefined;
    const valid = typeof position?.line === 'number' && typeof position.character === 'number';
    return { uri: uriArg, ...(valid ? { position: { line: position.line as number, character: position.character as number } } : {}) };
  }
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const { line, character } = editor.selection.active;
  return { uri: client.code2ProtocolConverter.asUri(editor.document.uri), position: { line, character } };
}

function fileName(uri: string): string {
  const name = uri.slice(uri.lastIndexOf('/') + 1);
  try {
    return decodeURIComponent(name) || 'reachability';
  } catch {
    // A stray `%`: the name as it is spelt.
    return name || 'reachability';
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function registerReachCommands(client: LanguageClient): vscode.Disposable[] {
  const documents = new ExplainDocuments();
  const explain = async (uriArg?: unknown, positionArg?: unknown): Promise<void> => {
    const params = target(uriArg, positionArg, client);
    if (!params) {
      void vscode.window.showInformationMessage('Kube LB Reach: open a YAML file with a LoadBalancer or NodePort Service first.');
      return;
    }
    const result = await client.sendRequest<ExplainResult | null>(EXPLAIN, params);
    if (!result) {
      void vscode.window.showInformationMessage('Kube LB Reach: no LoadBalancer or NodePort Service here to explain.');
      return;
    }
    const uri = vscode.Uri.from({ scheme: SCHEME, path: `/${fileName(params.uri)}.reachability.md`, query: params.uri });
    documents.set(uri, result.markdown);
    await vscode.commands.executeCommand('markdown.showPreview', uri);
  };
  const lintWorkspace = async (): Promise<void> => {
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: 'Kube LB Reach: linting the workspace' },
      () => client.sendRequest<LintWorkspaceResult | null>(LINT_WORKSPACE, {}),
    );
    if (!result) {
      void vscode.window.showErrorMessage('Kube LB Reach: the workspace could not be linted (see Output).');
      return;
    }
    const summary = `${plural(result.files, 'file')}: ${plural(result.errors, 'error')}, ${plural(result.warnings, 'warning')}, ${result.information} information${result.skipped > 0 ? `; ${result.skipped} skipped` : ''}${result.truncated ? ' (stopped at the scan limit)' : ''}.`;
    const choice = await vscode.window.showInformationMessage(`Kube LB Reach: ${summary}`, 'Show Problems');
    if (choice === 'Show Problems') await vscode.commands.executeCommand('workbench.actions.view.problems');
  };
  return [
    vscode.workspace.registerTextDocumentContentProvider(SCHEME, documents),
    vscode.commands.registerCommand(EXPLAIN_COMMAND, explain),
    vscode.commands.registerCommand(LINT_WORKSPACE_COMMAND, lintWorkspace),
  ];
}
