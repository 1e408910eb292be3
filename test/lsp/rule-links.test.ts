import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { type Diagnostic } from 'vscode-languageserver-protocol';
import { LspClient } from '../helpers/lspClient';
import { service } from '../helpers/workspace';

/**
 * The link form of rule pages follows the client: our VS Code client says it renders them (its URI
 * scheme in initializationOptions), every other client gets the file:// URL of the bundled page.
 */
const ROOT = path.resolve(__dirname, '..', '..', '..');
const RULE = 'reused-clb-other-listener-refused';
const CLB = 'lb-links0001';
const httpText = service({ name: 'web-http', clbId: CLB, ports: [80] });
const hostnameText = service({ name: 'web-https', clbId: CLB, ports: [443], hostname: 'web.example.net' });
const pageUrl = (id: string): string => pathToFileURL(path.join(ROOT, 'docs', 'rules', `${id}.md`)).href;
const ALL_RULES = ['reused-clb-other-listener-refused', 'reused-clb-listeners-unknown', 'reused-clb-hostname-incomplete', 'reused-clb-port-conflict', 'lb-bypass-skips-tls', 'lb-bypass-skips-proxy-protocol', 'lb-source-ranges-in-cluster', 'lb-layer4-loopback', 'local-policy-in-cluster-reach', 'clb-annotation-unknown', 'service-type-invalid', 'traffic-policy-not-allowed'];

interface Seen {
  readonly href: string | undefined;
  /** The targets of the hover's markdown links, in order. */
  readonly hoverLinks: string[];
}

/** Opens the two manifests, waits for the warning, hovers the hostname Service's `LoadBalancer`. */
async function linksFor(initializationOptions: unknown): Promise<Seen> {
  const dir = mkdtempSync(path.join(tmpdir(), 'klr-links-'));
  writeFileSync(path.join(dir, 'http.yaml'), httpText);
  writeFileSync(path.join(dir, 'https.yaml'), hostnameText);
  const client = new LspClient();
  try {
    await client.initialize(pathToFileURL(dir).href, initializationOptions);
    const httpUri = pathToFileURL(path.join(dir, 'http.yaml')).href;
    const httpsUri = pathToFileURL(path.join(dir, 'https.yaml')).href;
    await client.open(httpUri, httpText);
    await client.open(httpsUri, hostnameText);
    const isWarning = (d: Diagnostic): boolean => d.code === RULE && d.severity === 2;
    const published = await client.diagnostics(httpUri, (p) => p.diagnostics.some(isWarning));
    const line = hostnameText.split('\n').findIndex((l) => l.includes('type: LoadBalancer'));
    const hover = await client.hover(httpsUri, line, hostnameText.split('\n')[line]!.indexOf('LoadBalancer') + 1);
    const markdown = (hover?.contents as { value: string } | undefined)?.value ?? '';
    return { href: published.diagnostics.find(isWarning)?.codeDescription?.href, hoverLinks: [...markdown.matchAll(/\]\(([^)]+)\)/g)].map((m) => m[1]!) };
  } finally {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('rule page links', { timeout: 30_000 }, () => {
  let packageJson: { publisher: string; name: string; contributes: { commands: { command: string }[] } };
  before(() => {
    packageJson = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as typeof packageJson;
  });

  it('a client that says nothing (Neovim, any LSP client): file:// URLs of the bundled pages', async () => {
    const seen = await linksFor(undefined);
    strictEqual(seen.href, pageUrl(RULE));
    // The "not yet" note links the hostname rule, then the list of every rule.
    deepStrictEqual(seen.hoverLinks, ['reused-clb-hostname-incomplete', ...ALL_RULES].map(pageUrl));
  });

  it('our VS Code client: the extension URI for the diagnostic, the contributed command in the hover', async () => {
    const seen = await linksFor({ ruleDocs: { uriScheme: 'vscode-insiders' } });
    strictEqual(seen.href, `vscode-insiders://${packageJson.publisher}.${packageJson.name}/rule/${RULE}`);
    const command = (id: string): string => `command:kubeLbReach.showRuleDocs?%5B%22${id}%22%5D`;
    deepStrictEqual(seen.hoverLinks, ['reused-clb-hostname-incomplete', ...ALL_RULES].map(command));
    strictEqual(packageJson.contributes.commands.some((c) => c.command === 'kubeLbReach.showRuleDocs'), true);
  });

  it('an annotation key hover links its entry in the bundled docs/annotations.md, for every client', async () => {
    const annotationPage = `${pathToFileURL(path.join(ROOT, 'docs', 'annotations.md')).href}#loadbalancer-hostname`;
    for (const options of [undefined, { ruleDocs: { uriScheme: 'vscode' } }]) {
      const dir = mkdtempSync(path.join(tmpdir(), 'klr-links-'));
      const uri = pathToFileURL(path.join(dir, 'https.yaml')).href;
      const client = new LspClient();
      try {
        await client.initialize(pathToFileURL(dir).href, options);
        await client.open(uri, hostnameText);
        const line = hostnameText.split('\n').findIndex((l) => l.includes('-loadbalancer-hostname:'));
        const hover = await client.hover(uri, line, 10);
        const markdown = (hover?.contents as { value: string } | undefined)?.value ?? '';
        deepStrictEqual([...markdown.matchAll(/\]\(([^)]+)\)/g)].map((m) => m[1]), [annotationPage], JSON.stringify(options));
      } finally {
        await client.stop();
        rmSync(dir, { recursive: true, force: true });
      }
    }
  });

  it('a scheme that is not one (or a malformed option) falls back to file:// URLs', async () => {
    for (const options of [{ ruleDocs: { uriScheme: 'java script' } }, { ruleDocs: 'vscode' }, { ruleDocs: { uriScheme: 7 } }]) {
      strictEqual((await linksFor(options)).href, pageUrl(RULE), JSON.stringify(options));
    }
  });
});
