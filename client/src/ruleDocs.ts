import { existsSync, readdirSync } from 'fs';
import * as vscode from 'vscode';
import { isRuleId, ruleIdOfUriPath, rulePagePath, rulePagesDir, SHOW_RULE_DOCS_COMMAND } from '../../server/src/node/docsLink';

/**
 * Rule pages, rendered: the command and the URI handler that the server's rule links point at
 * (docsLink.ts). Both open only the pages bundled with the extension.
 */
const PREVIEW = 'markdown.showPreview';

function bundledRuleIds(): string[] {
  try {
    return readdirSync(rulePagesDir())
      .filter((name) => name.endsWith('.md'))
      .map((name) => name.slice(0, -'.md'.length))
      .filter(isRuleId)
      .sort();
  } catch {
    return [];
  }
}

async function showRuleDocs(ruleId: unknown): Promise<void> {
  // From the command palette there is no argument: let the user pick.
  const id = ruleId === undefined ? await vscode.window.showQuickPick(bundledRuleIds(), { placeHolder: 'Rule' }) : ruleId;
  if (id === undefined) return;
  if (!isRuleId(id) || !existsSync(rulePagePath(id))) {
    void vscode.window.showErrorMessage(`Kube LB Reach: there is no page for rule ${JSON.stringify(id)}.`);
    return;
  }
  await vscode.commands.executeCommand(PREVIEW, vscode.Uri.file(rulePagePath(id)));
}

export function registerRuleDocs(): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(SHOW_RULE_DOCS_COMMAND, showRuleDocs),
    vscode.window.registerUriHandler({
      handleUri: (uri) => showRuleDocs(ruleIdOfUriPath(uri.path) ?? uri.path),
    }),
  ];
}
