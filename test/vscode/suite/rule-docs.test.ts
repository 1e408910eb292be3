import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

/**
 * Rule pages open rendered: the diagnostic's link (the extension's URI, opened the way a click in
 * the Problems view or the hover opens it), the command, and the hover's rule links.
 */
const RULE = 'reused-clb-other-listener-refused';
const COMMAND = 'kubeLbReach.showRuleDocs';
const EXPLAIN = 'kubeLbReach.explainReachability';

function folder(): vscode.Uri {
  const first = vscode.workspace.workspaceFolders?.[0];
  assert.ok(first, 'the suite runs in a workspace folder');
  return first.uri;
}

function previewTab(page: string): vscode.Tab | undefined {
  return vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .find((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.includes('markdown.preview') && tab.label.includes(page));
}

/** Resolves with the markdown preview tab of `page` once it is open. */
function previewOpened(page: string): Promise<vscode.Tab> {
  const open = previewTab(page);
  if (open) return Promise.resolve(open);
  return new Promise((resolve) => {
    const subscription = vscode.window.tabGroups.onDidChangeTabs(() => {
      const tab = previewTab(page);
      if (!tab) return;
      subscription.dispose();
      resolve(tab);
    });
  });
}

function warningOf(uri: vscode.Uri): Promise<vscode.Diagnostic> {
  const find = (): vscode.Diagnostic | undefined =>
    vscode.languages.getDiagnostics(uri).find((d) => typeof d.code === 'object' && d.code.value === RULE && d.severity === vscode.DiagnosticSeverity.Warning);
  const now = find();
  if (now) return Promise.resolve(now);
  return new Promise((resolve) => {
    const subscription = vscode.languages.onDidChangeDiagnostics(() => {
      const warning = find();
      if (!warning) return;
      subscription.dispose();
      resolve(warning);
    });
  });
}

describe('rule pages', () => {
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('the diagnostic link opens the page rendered, in the markdown preview', async () => {
    const http = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder(), 'svc-http.yaml'));
    await vscode.window.showTextDocument(http);
    const warning = await warningOf(http.uri);
    assert.ok(typeof warning.code === 'object');
    assert.equal(previewTab(`${RULE}.md`), undefined);
    await vscode.commands.executeCommand('vscode.open', warning.code.target);
    const tab = await previewOpened(`${RULE}.md`);
    assert.equal(tab.label, `Preview ${RULE}.md`);
  });

  it('the command opens the page of the rule it is given', async () => {
    await vscode.commands.executeCommand(COMMAND, 'reused-clb-port-conflict');
    assert.equal((await previewOpened('reused-clb-port-conflict.md')).label, 'Preview reused-clb-port-conflict.md');
  });

  it("the hover links its findings' pages and the table to our commands, trusted for those two alone; the table opens rendered", async () => {
    const https = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder(), 'svc-https.yaml'));
    await warningOf(https.uri);
    const line = https.getText().split('\n').findIndex((l) => l.includes('externalTrafficPolicy: Local'));
    const position = new vscode.Position(line, https.lineAt(line).text.indexOf('Local') + 1);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', https.uri, position);
    const lead = hovers.flatMap((h) => h.contents).find((c): c is vscode.MarkdownString => c instanceof vscode.MarkdownString && c.value.includes('Explain reachability'));
    assert.ok(lead, 'the hover with the lead');
    assert.ok(lead.value.includes(`](command:${COMMAND}?%5B%22`), lead.value);
    const explain = /\[Explain reachability\]\(command:kubeLbReach\.explainReachability\?([^)]+)\)/.exec(lead.value);
    assert.ok(explain, lead.value);
    assert.deepEqual(lead.isTrusted, { enabledCommands: [COMMAND, EXPLAIN] });
    const args = JSON.parse(decodeURIComponent(explain[1]!)) as [string, { line: number; character: number }];
    await vscode.commands.executeCommand(EXPLAIN, ...args);
    assert.equal((await previewOpened('svc-https.yaml.reachability.md')).label, 'Preview svc-https.yaml.reachability.md');
  });
});
