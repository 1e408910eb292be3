// The every-Service hostname fix in the real workbench (code-server, chromium), without a
// hostnameTemplate: the packaged extension offers it on the CLB id of a.yaml; Enter applies it;
// in a.yaml the value is a snippet tab stop over the placeholder (typing replaces it), and b.yaml,
// edited by the same fix, gets the placeholder as text. Prints a JSON result; exit 0 ok, 1 a step
// failed, 2 harness error or timeout.
//
//   node test/e2e/snippetFix.mjs --vsix kube-lb-reach.vsix [--timeout 90]
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { launchBrowser, startCodeServer } from './codeServer.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values: opt } = parseArgs({ options: { vsix: { type: 'string', default: join(ROOT, 'kube-lb-reach.vsix') }, timeout: { type: 'string', default: '90' } } });
const STEP_MS = 30_000;
const CLB = 'lb-snippet01';
const KEY = 'alibaba-cloud-loadbalancer-hostname';
const say = (m) => process.stderr.write(`[snippet-fix] ${m}\n`);
const manifest = (name, port) =>
  `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  annotations:\n    service.beta.kubernetes.io/alibaba-cloud-loadbalancer-id: "${CLB}"\nspec:\n  type: LoadBalancer\n  ports:\n    - port: ${port}\n`;

const result = { ok: false };
let server, browser, page, tmp, finishing = false, current = 'setup';

async function finish(code, why) {
  if (finishing) return;
  finishing = true;
  if (why) say(why);
  await browser?.close().catch(() => {});
  await server?.stop().catch(() => {});
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  result.ok = code === 0;
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  process.exit(code);
}
setTimeout(() => finish(2, `TIMEOUT after ${opt.timeout} s (step ${current})`), Number(opt.timeout) * 1000).unref?.();

async function step(name, fn) {
  if (finishing) return new Promise(() => {});
  current = name;
  try {
    await fn();
  } catch (e) {
    result.failedStep = name;
    result.error = String(e?.message ?? e).split('\n').slice(0, 6).join('\n');
    await finish(1, `step "${name}" failed: ${result.error}`);
  }
}

const editorSel = (name) => `.part.editor .editor-group-container.active .monaco-editor[data-uri$="/${name}"]`;
async function open(name) {
  await page.locator(`.explorer-folders-view .monaco-list-row[aria-label="${name}"]`).click({ timeout: STEP_MS });
  await page.locator(editorSel(name)).waitFor({ state: 'visible', timeout: STEP_MS });
}
async function lineWith(name, text) {
  return page.evaluate(({ sel, text }) => {
    const lines = [...(document.querySelector(sel)?.querySelectorAll('.view-lines .view-line') ?? [])].map((l) => l.textContent.replace(/\u00a0/g, ' '));
    return lines.find((l) => l.includes(text)) ?? null;
  }, { sel: editorSel(name), text });
}

try {
  if (!existsSync(opt.vsix)) await finish(2, `no ${opt.vsix}: run \`npm run package\` first`);
  tmp = mkdtempSync(join(tmpdir(), 'klr-snippet-'));
  const folder = join(tmp, 'two-services');
  mkdirSync(folder);
  writeFileSync(join(folder, 'a.yaml'), manifest('a', 80));
  writeFileSync(join(folder, 'b.yaml'), manifest('b', 443));
  server = await startCodeServer({
    folder,
    installExtensions: [resolve(opt.vsix)],
    // 8443: a listener of the CLB neither Service serves, so the warning (and its fix) shows.
    userSettings: { 'kubeLbReach.knownListeners': { [CLB]: ['8443'] }, 'workbench.editor.enablePreview': false, 'editor.minimap.enabled': false },
  });
  browser = await launchBrowser({ viewport: { width: 1400, height: 900 } });
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
  await page.goto(`${server.url}/?folder=${encodeURIComponent(folder)}`);
} catch (e) {
  await finish(2, `harness error: ${e.stack || e}`);
}

await step('warning', async () => {
  await open('a.yaml');
  await page.locator(`${editorSel('a.yaml')} .squiggly-warning`).first().waitFor({ state: 'visible', timeout: STEP_MS });
});

await step('applyPreferredFix', async () => {
  const id = page.locator(`${editorSel('a.yaml')} .view-line`, { hasText: CLB }).first();
  const box = await id.boundingBox();
  // The cursor inside the CLB id (right of the key), where the warning stands.
  await page.mouse.click(box.x + box.width - 30, box.y + box.height / 2);
  await page.keyboard.press('Control+.');
  const focused = page.locator('.action-widget .monaco-list-row.action.focused');
  await focused.first().waitFor({ state: 'visible', timeout: STEP_MS });
  result.menu = (await page.locator('.action-widget .monaco-list-row').allInnerTexts()).map((s) => s.trim());
  result.chosen = (await focused.first().innerText()).trim();
  await page.keyboard.press('Enter');
  await page.waitForFunction(({ sel, key }) => [...document.querySelectorAll(`${sel} .view-lines .view-line`)].some((l) => l.textContent.includes(key)), { sel: editorSel('a.yaml'), key: KEY }, { timeout: STEP_MS });
  result.insertedInA = await lineWith('a.yaml', KEY);
});

await step('typeOverPlaceholder', async () => {
  // In snippet mode the placeholder is selected: what the user types replaces it.
  await page.keyboard.type('shop.example.net');
  await page.waitForFunction(({ sel, key }) => [...document.querySelectorAll(`${sel} .view-lines .view-line`)].some((l) => l.textContent.includes(key) && l.textContent.includes('shop.example.net')), { sel: editorSel('a.yaml'), key: KEY }, { timeout: 5_000 }).catch(() => {});
  result.typedInA = await lineWith('a.yaml', KEY);
});

await step('otherFile', async () => {
  await page.keyboard.press('Escape');
  await open('b.yaml');
  await page.waitForFunction(({ sel, key }) => [...document.querySelectorAll(`${sel} .view-lines .view-line`)].some((l) => l.textContent.includes(key)), { sel: editorSel('b.yaml'), key: KEY }, { timeout: STEP_MS });
  result.insertedInB = await lineWith('b.yaml', KEY);
});

await finish(0);
