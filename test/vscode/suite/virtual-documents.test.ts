import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

/**
 * YAML documents of any scheme are analysed (virtual workspaces: package.json says `limited`):
 * here two documents of a content provider: the workspace's manifests under another scheme, with
 * their own CLB and names so the copies on disk (indexed by the scan) play no part. No config file
 * applies to them: both are of one cluster, so the second reports only a hostname (it does not bind
 * the IP) and its 443 listener is refused to the first.
 */
const HOSTNAME = '    service.beta.kubernetes.io/alibaba-cloud-loadbalancer-hostname: "virtual-clb1.example.com"';
const SCHEME = 'klr-virtual';
const RULE = 'reused-clb-other-listener-refused';

describe('documents that are not files', () => {
  let registration: vscode.Disposable;
  before(() => {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    assert.ok(folder);
    registration = vscode.workspace.registerTextDocumentContentProvider(SCHEME, {
      provideTextDocumentContent: async (uri) => {
        const text = new TextDecoder()
          .decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, uri.path)))
          .replaceAll('lb-article-clb1', 'lb-virtual-clb1')
          .replace(/name: svc(\d)/g, 'name: virtual-svc$1');
        return uri.path === '/svc-https.yaml' ? text.replace(/^( +service\.beta\.kubernetes\.io\/alibaba-cloud-loadbalancer-id: .*)$/m, `$1\n${HOSTNAME}`) : text;
      },
    });
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    registration.dispose();
  });

  it("get the cross-document warning, on the other virtual document's hostname-only Service", async () => {
    const http = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: SCHEME, path: '/svc-http.yaml' }));
    const https = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: SCHEME, path: '/svc-https.yaml' }));
    assert.equal(http.languageId, 'yaml');
    await vscode.window.showTextDocument(http);
    const warning = await new Promise<vscode.Diagnostic>((resolve) => {
      const find = (): vscode.Diagnostic | undefined => vscode.languages.getDiagnostics(http.uri).find((d) => typeof d.code === 'object' && d.code.value === RULE);
      const now = find();
      if (now) {
        resolve(now);
        return;
      }
      const subscription = vscode.languages.onDidChangeDiagnostics(() => {
        const found = find();
        if (!found) return;
        subscription.dispose();
        resolve(found);
      });
    });
    assert.equal(warning.severity, vscode.DiagnosticSeverity.Warning);
    assert.deepEqual([warning.range.start.line, warning.range.start.character, warning.range.end.character], [7, 62, 79]);
    assert.match(https.getText(), /alibaba-cloud-loadbalancer-hostname: "virtual-clb1\.example\.com"/);
    assert.match(warning.message, /Not served here: 443\/TCP \(Service default\/virtual-svc2, which reports only a hostname\)\./);
    assert.equal(warning.relatedInformation?.[0]?.location.uri.toString(), https.uri.toString());
  });
});
