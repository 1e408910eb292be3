import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

/**
 * The extension as users meet it, inside a real extension host: diagnostics, hover, the quick
 * fix and a settings change. The workspace is a copy of test/vscode/workspace (the article's two
 * manifests, one CLB); its .kube-lb-reach.yaml puts them in two clusters, blue (svc-http.yaml) and
 * green (svc-https.yaml), so each is refused on the other's listener.
 */
const RULE = 'reused-clb-other-listener-refused';

function folder(): vscode.Uri {
  const first = vscode.workspace.workspaceFolders?.[0];
  assert.ok(first, 'the suite runs in a workspace folder');
  return first.uri;
}

/** Resolves when the diagnostics of `uri` satisfy `accept`, checking the current ones first. */
function diagnosticsOf(uri: vscode.Uri, accept: (diagnostics: vscode.Diagnostic[]) => boolean): Promise<vscode.Diagnostic[]> {
  const current = vscode.languages.getDiagnostics(uri);
  if (accept(current)) return Promise.resolve(current);
  return new Promise((resolve) => {
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (!event.uris.some((u) => u.toString() === uri.toString())) return;
      const diagnostics = vscode.languages.getDiagnostics(uri);
      if (!accept(diagnostics)) return;
      subscription.dispose();
      resolve(diagnostics);
    });
  });
}

const codeOf = (d: vscode.Diagnostic): string => (typeof d.code === 'object' ? String(d.code.value) : String(d.code));
const warnings = (diagnostics: vscode.Diagnostic[]): vscode.Diagnostic[] => diagnostics.filter((d) => d.source === 'kube-lb-reach' && codeOf(d) === RULE && d.severity === vscode.DiagnosticSeverity.Warning);

describe('kube-lb-reach in the extension host', () => {
  let http: vscode.TextDocument;
  let https: vscode.TextDocument;

  before(async () => {
    http = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder(), 'svc-http.yaml'));
    https = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder(), 'svc-https.yaml'));
    await vscode.window.showTextDocument(http);
    assert.equal(http.languageId, 'yaml');
  });

  after(async () => {
    await vscode.workspace.getConfiguration('kubeLbReach').update('kubeProxyMode', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('flags the reused CLB on the id value, naming the other listener', async () => {
    const [warning] = warnings(await diagnosticsOf(http.uri, (d) => warnings(d).length === 1));
    assert.ok(warning);
    const idLine = http.lineAt(7);
    assert.match(idLine.text, /alibaba-cloud-loadbalancer-id: "lb-article-clb1"/);
    assert.deepEqual([warning.range.start.line, warning.range.start.character, warning.range.end.character], [7, 62, 79]);
    assert.ok(warning.message.startsWith("Pods and nodes of this cluster are refused on CLB ports 443/TCP: give this cluster's Services on it the hostname annotation. "), warning.message);
    assert.match(warning.message, /Not served here: 443\/TCP \(Service default\/svc2 of cluster green\)\./);
    // The link our client opens rendered (test/vscode/suite/rule-docs.test.ts follows it).
    assert.equal(typeof warning.code === 'object' && warning.code.target.toString(), `${vscode.env.uriScheme}://kube-lb-reach.kube-lb-reach/rule/${RULE}`);
    assert.equal(warning.relatedInformation?.[0]?.location.uri.toString(), https.uri.toString());
    // And the other way round: svc2 (cluster green) is refused on svc1's 80.
    const [other, ...more] = warnings(await diagnosticsOf(https.uri, (d) => warnings(d).length > 0));
    assert.ok(other);
    assert.deepEqual(more, []);
    assert.ok(other.message.startsWith("Pods and nodes of this cluster are refused on CLB ports 80/TCP: give this cluster's Services on it the hostname annotation. "), other.message);
    assert.match(other.message, /Not served here: 80\/TCP \(Service default\/svc1 of cluster blue\)\./);
    assert.equal(other.relatedInformation?.[0]?.location.uri.toString(), http.uri.toString());
  });

  it('explains externalTrafficPolicy: Local: a short hover, and the table one command away', async () => {
    const line = https.getText().split('\n').findIndex((l) => l.includes('externalTrafficPolicy: Local'));
    const position = new vscode.Position(line, https.lineAt(line).text.indexOf('Local') + 1);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', https.uri, position);
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c instanceof vscode.MarkdownString ? c.value : ''))).join('\n');
    // The lead: each finding's first sentence with its rule page, then the way to the table (not the table itself).
    const lines = text.split('\n').filter((l) => l !== '');
    assert.ok(lines.length <= 4, text);
    assert.ok(lines.includes(`- Pods and nodes of this cluster are refused on CLB ports 80/TCP: give this cluster's Services on it the hostname annotation. ([${RULE}](command:kubeLbReach.showRuleDocs?${encodeURIComponent(JSON.stringify([RULE]))}))`), text);
    assert.match(lines.at(-1)!, /^\[Explain reachability\]\(command:kubeLbReach\.explainReachability\?[^)]+\): the full table, every source and why\.$/);
    assert.doesNotMatch(text, /\| a node without an endpoint/);
    await vscode.window.showTextDocument(https, { selection: new vscode.Range(position, position) });
    await vscode.commands.executeCommand('kubeLbReach.explainReachability');
    const table = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: 'kube-lb-reach-explain', path: '/svc-https.yaml.reachability.md', query: https.uri.toString() }));
    assert.match(table.getText(), /\| a node without an endpoint \(host network\) \| LB IP, a port of this Service \| \*\*times-out\*\* \|/);
    assert.match(table.getText(), /Before 1\.24/);
  });

  it('applies the hostname quick fix: the placeholder is an error until the DNS name is filled in, then the warning goes', async () => {
    await vscode.window.showTextDocument(http);
    const original = http.getText();
    const [warning] = warnings(vscode.languages.getDiagnostics(http.uri));
    assert.ok(warning);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', http.uri, warning.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((a) => a.title === 'Add the hostname annotation (fill in the DNS name of the CLB)');
    assert.ok(fix?.edit, `the quick fix is offered: ${JSON.stringify(actions.map((a) => a.title))}`);
    assert.equal(fix.isPreferred, true);
    try {
      assert.equal(await vscode.workspace.applyEdit(fix.edit), true);
      assert.equal(http.lineAt(7).text, '    service.beta.kubernetes.io/alibaba-cloud-loadbalancer-hostname: "<dns-name-of-this-clb>"');
      // The API server rejects the placeholder: the Service still reports the IP, so the warning stays (on the id, now line 8).
      const placeholder = await diagnosticsOf(http.uri, (d) => d.some((x) => codeOf(x) === 'hostname-invalid'));
      const [invalid, ...more] = placeholder.filter((d) => codeOf(d) === 'hostname-invalid');
      assert.ok(invalid);
      assert.deepEqual(more, []);
      assert.equal(invalid.severity, vscode.DiagnosticSeverity.Error);
      assert.equal(http.getText(invalid.range), '"<dns-name-of-this-clb>"');
      assert.ok(invalid.message.startsWith('Service default/svc1 never gets its hostname: replace the placeholder "<dns-name-of-this-clb>" with the DNS name that points at the CLB. '), invalid.message);
      assert.deepEqual(warnings(placeholder).map((w) => w.range.start.line), [8]);
      // Filled in (what the user types over the snippet's tab stop): both go.
      const filled = new vscode.WorkspaceEdit();
      filled.replace(http.uri, invalid.range, '"clb1.example.com"');
      assert.equal(await vscode.workspace.applyEdit(filled), true);
      const after = await diagnosticsOf(http.uri, (d) => warnings(d).length === 0 && !d.some((x) => codeOf(x) === 'hostname-invalid'));
      assert.deepEqual(warnings(after), []);
    } finally {
      const restore = new vscode.WorkspaceEdit();
      restore.replace(http.uri, new vscode.Range(http.positionAt(0), http.positionAt(http.getText().length)), original);
      await vscode.workspace.applyEdit(restore);
      await http.save();
    }
    await diagnosticsOf(http.uri, (d) => warnings(d).length === 1 && !d.some((x) => codeOf(x) === 'hostname-invalid'));
  });

  it('drops the warning when kube-proxy runs iptables', async () => {
    await vscode.workspace.getConfiguration('kubeLbReach').update('kubeProxyMode', 'iptables', vscode.ConfigurationTarget.Workspace);
    const diagnostics = await diagnosticsOf(http.uri, (d) => warnings(d).length === 0);
    assert.deepEqual(warnings(diagnostics), []);
  });
});
