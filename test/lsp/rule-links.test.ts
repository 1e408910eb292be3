import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { type CodeAction, type Diagnostic } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
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

interface Seen {
  readonly href: string | undefined;
  /** The targets of the hover's markdown links, in order. */
  readonly hoverLinks: string[];
  readonly hoverMarkdown: string;
  readonly hoverUri: string;
  readonly hoverPosition: { line: number; character: number };
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
    const hoverPosition = { line, character: hostnameText.split('\n')[line]!.indexOf('LoadBalancer') + 1 };
    const hover = await client.hover(httpsUri, hoverPosition.line, hoverPosition.character);
    const markdown = (hover?.contents as { value: string } | undefined)?.value ?? '';
    const hoverLinks = [...markdown.matchAll(/\]\(([^)]+)\)/g)].map((m) => m[1]!);
    return { href: published.diagnostics.find(isWarning)?.codeDescription?.href, hoverLinks, hoverMarkdown: markdown, hoverUri: httpsUri, hoverPosition };
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
    // The lead links the page of each finding it names (the hostname rule's first); no command: the CLI is named instead.
    deepStrictEqual(seen.hoverLinks, ['reused-clb-hostname-incomplete'].map(pageUrl));
    strictEqual(seen.hoverMarkdown.endsWith('The full table, every source and why: `kube-lb-reach explain https.yaml`'), true, seen.hoverMarkdown);
  });

  it('our VS Code client: the extension URI for the diagnostic, the contributed command in the hover', async () => {
    const seen = await linksFor({ ruleDocs: { uriScheme: 'vscode-insiders' } });
    strictEqual(seen.href, `vscode-insiders://${packageJson.publisher}.${packageJson.name}/rule/${RULE}`);
    const command = (id: string): string => `command:kubeLbReach.showRuleDocs?%5B%22${id}%22%5D`;
    const explain = `command:kubeLbReach.explainReachability?${encodeURIComponent(JSON.stringify([seen.hoverUri, seen.hoverPosition]))}`;
    deepStrictEqual(seen.hoverLinks, [...['reused-clb-hostname-incomplete'].map(command), explain]);
    for (const id of ['kubeLbReach.showRuleDocs', 'kubeLbReach.explainReachability', 'kubeLbReach.lintWorkspace']) strictEqual(packageJson.contributes.commands.some((c) => c.command === id), true, id);
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

  it('code actions through the protocol: disable for this line and this Service, and "Show documentation" as our client\'s command', async () => {
    const text = service({ name: 'shop', extraAnnotations: { 'service.beta.kubernetes.io/alibaba-cloud-private-zone-name': 'x' } });
    for (const options of [undefined, { ruleDocs: { uriScheme: 'vscode' } }]) {
      const dir = mkdtempSync(path.join(tmpdir(), 'klr-links-'));
      const uri = pathToFileURL(path.join(dir, 'a.yaml')).href;
      const client = new LspClient();
      try {
        await client.initialize(pathToFileURL(dir).href, options);
        await client.open(uri, text);
        const published = await client.diagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'clb-annotation-unknown'));
        const diagnostic = published.diagnostics.find((d) => d.code === 'clb-annotation-unknown')!;
        const actions = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
        const docs = options ? [{ title: 'Show documentation for clb-annotation-unknown', command: { title: 'Show documentation for clb-annotation-unknown', command: 'kubeLbReach.showRuleDocs', arguments: ['clb-annotation-unknown'] } }] : [];
        deepStrictEqual(
          actions.map((a) => (a.command ? { title: a.title, command: a.command } : a.title)),
          ['Disable clb-annotation-unknown for this line', 'Disable clb-annotation-unknown for this Service', ...docs],
          JSON.stringify(options),
        );
        const edits = actions[0]!.edit!.changes![uri]!;
        const fixed = TextDocument.applyEdits(TextDocument.create(uri, 'yaml', 1, text), edits);
        strictEqual(fixed, text.replace('    service.beta.kubernetes.io/alibaba-cloud-private-zone-name', '    # kube-lb-reach-disable-next-line clb-annotation-unknown -- <reason>\n    service.beta.kubernetes.io/alibaba-cloud-private-zone-name'));
        // The editor applies it: the finding is silenced, and the placeholder reason is reported.
        await client.change(uri, 2, fixed);
        const after = await client.diagnostics(uri, (p) => p.version === 2);
        deepStrictEqual(after.diagnostics.map((d) => [d.code, (d.data as { messageId: string }).messageId]), [['suppression-invalid', 'noReason']]);
      } finally {
        await client.stop();
        rmSync(dir, { recursive: true, force: true });
      }
    }
  });
});
