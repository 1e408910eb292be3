import { deepStrictEqual, match } from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Diagnostic } from 'vscode-languageserver-protocol';
import { LspClient } from '../helpers/lspClient';
import { service } from '../helpers/workspace';

/**
 * Documents of a virtual workspace (here a GitHub repository opened remotely) have no file on
 * disk: they are analysed from the text the client sends, across documents, like files.
 */
const RULE = 'reused-clb-other-listener-refused';
const CLB = 'lb-virtual01';
// Hostname-only: it reports no IP, so kube-proxy serves none of its ports in-cluster, and its 80 is refused to web-https's cluster.
const httpText = service({ name: 'web-http', clbId: CLB, hostname: 'web.example.net', ports: [80] });
const httpsText = service({ name: 'web-https', clbId: CLB, ports: [443], policy: 'Local' });
const HTTP = 'vscode-vfs://github/acme/k8s/http.yaml';
const HTTPS = 'vscode-vfs://github/acme/k8s/https.yaml';

describe('open documents of a virtual workspace', { timeout: 30_000 }, () => {
  let client: LspClient;
  before(async () => {
    client = new LspClient();
    await client.initialize('vscode-vfs://github/acme/k8s');
  });
  after(async () => {
    await client.stop();
  });

  it('get the cross-document warning, with related information on the other virtual document, and the hover', async () => {
    await client.open(HTTP, httpText);
    await client.open(HTTPS, httpsText);
    const isWarning = (d: Diagnostic): boolean => d.code === RULE && d.severity === 2;
    const published = await client.diagnostics(HTTPS, (p) => p.diagnostics.some(isWarning));
    const warning = published.diagnostics.find(isWarning)!;
    deepStrictEqual(warning.range, { start: { line: 6, character: 62 }, end: { line: 6, character: 76 } });
    deepStrictEqual(warning.relatedInformation?.map((r) => [r.location.uri, r.location.range.start]), [[HTTP, { line: 13, character: 12 }]]);
    const hover = await client.hover(HTTPS, 9, 27);
    // The hover leads with this Service's findings, the Local policy's timeout among them.
    match((hover?.contents as { value: string }).value, /Host-network pods and processes on nodes without an endpoint time out on the load balancer IP/);
    deepStrictEqual(client.failures(), []);
  });
});
