#!/usr/bin/env node
// The user's view: the PACKAGED extension (kube-lb-reach.vsix, installed with code-server's
// --install-extension) in the real VS Code workbench (code-server 4.100.3 = VS Code 1.100.3),
// driven through its UI by playwright-core in Debian's chromium, on a workspace holding copies of
// the article's two manifests (svc-http.yaml from examples/article-reused-clb, svc-https.yaml from
// test/data/article) and a .kube-lb-reach.yaml that puts them in two clusters (blue: svc-http.yaml,
// green: svc-https.yaml), so each one's CLB listener is refused to the other's cluster.
// What it does, as a user would:
//
//   1. opens svc-http.yaml from the Explorer, waits for the warning squiggle on the CLB id;
//   2. opens the Problems panel (Ctrl+Shift+M) and reads it;
//   3. hovers the squiggle and reads the hover                      -> screenshot reused-clb-warning.png
//   4. opens svc-https.yaml, hovers `Local` of `externalTrafficPolicy: Local`, reads the hover's
//      lead (the findings' first sentences, "Explain reachability"), resizing and scrolling the hover
//      until the link shows                                        -> screenshot local-policy-hover.png
//   5. back in svc-http.yaml, clicks the CLB id (the light bulb shows), Ctrl+. and Enter on the
//      focused "Add the hostname annotation …"; waits for the annotation in the editor text (its
//      value the snippet's placeholder) and for the hostname-invalid Error on the placeholder value
//      (an invalid hostname changes nothing: the refused warning stays on the CLB id);
//   6. types a DNS name into the tab stop; waits for the Error to go (the refused warning of
//      svc-http.yaml is gone too; what is left there are the Info findings of a hostname on a layer-4 CLB);
//   7. clicks the code (the rule id) of svc-https.yaml's remaining refused warning in the Problems
//      panel and reads the page it opens: the rule page, rendered in the markdown preview.
//
//   node test/e2e/userView.mjs [--vsix kube-lb-reach.vsix]
//                              [--examples examples/article-reused-clb]   (where svc-http.yaml is)
//                              [--article-data test/data/article]         (where svc-https.yaml is)
//                              [--screenshots DIR] [--timeout 120] [--step-timeout 30]
//
// Prints one JSON object on stdout: {ok, failedStep?, error?, timings, squiggle, problems,
// squiggleHover, policyHover, quickFix, afterFix, filled, ruleDocs, screenshots}, with everything read so far.
// Exit code: 0 every step passed; 1 a step's expectation was not met (JSON says which);
// 2 harness error (no vsix, code-server or chromium would not start) or the hard timeout.
// Waits are on selectors/DOM conditions only (no fixed sleeps).
// Env: KLR_SCREENSHOTS_DIR (same as --screenshots: save the two documentation screenshots there),
//      KLR_E2E_SCREENSHOT=/path.png (workbench screenshot on failure), KLR_E2E_VERBOSE=1 (code-server
//      log and browser console on stderr), KLR_CODE_SERVER, KLR_CHROMIUM (see codeServer.mjs).
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { launchBrowser, startCodeServer } from './codeServer.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values: opt } = parseArgs({
  options: {
    vsix: { type: 'string', default: join(ROOT, 'kube-lb-reach.vsix') },
    examples: { type: 'string', default: join(ROOT, 'examples', 'article-reused-clb') },
    'article-data': { type: 'string', default: join(ROOT, 'test', 'data', 'article') },
    screenshots: { type: 'string', default: process.env.KLR_SCREENSHOTS_DIR || '' },
    timeout: { type: 'string', default: '120' },
    'step-timeout': { type: 'string', default: '30' },
  },
});
const verbose = !!process.env.KLR_E2E_VERBOSE;
const say = (m) => process.stderr.write(`[user-view] ${m}\n`);
const STEP_MS = Number(opt['step-timeout']) * 1000;
const HTTP = 'svc-http.yaml';
const HTTPS = 'svc-https.yaml';
const RULE_ID = 'reused-clb-other-listener-refused';
const HOSTNAME_KEY = 'alibaba-cloud-loadbalancer-hostname';
const CLUSTERS_CONFIG = `clusters:
  - name: blue
    paths: ["${HTTP}"]
  - name: green
    paths: ["${HTTPS}"]
`;
const DNS_NAME = 'clb1.article.example.com';
const SHOTS = opt.screenshots ? resolve(opt.screenshots) : '';

const t0 = Date.now();
const result = { ok: false, timings: {}, screenshots: [] };
let server, browser, page, tmp;
// Start-ups in flight, so that a timeout or signal during set-up still stops what they start.
let serverStarting, browserStarting;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** Once finish() runs, the main flow must start nothing more: it waits here until the exit. */
const unlessFinishing = () => (finishing ? new Promise(() => {}) : undefined);
let finishing = false;

async function finish(code, why) {
  if (finishing) return;
  finishing = true;
  if (why) say(why);
  if (code !== 0 && page && process.env.KLR_E2E_SCREENSHOT) {
    await page.screenshot({ path: process.env.KLR_E2E_SCREENSHOT }).catch(() => {});
    say(`failure screenshot: ${process.env.KLR_E2E_SCREENSHOT}`);
  }
  if (code === 2 && server && !verbose) process.stderr.write(`--- code-server log (tail) ---\n${server.log().slice(-4000)}\n`);
  // Chromium (playwright closes its process), then code-server's whole process group (extension
  // host, language server), then our temp dirs; codeServer.mjs also SIGKILLs the group on exit.
  browser ??= await Promise.race([browserStarting?.catch(() => undefined), sleep(15_000)]);
  server ??= await Promise.race([serverStarting?.catch(() => undefined), sleep(15_000)]);
  await browser?.close().catch(() => {});
  await server?.stop().catch(() => {});
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  result.ok = code === 0;
  result.timings.total = Date.now() - t0;
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  process.exit(code);
}

// Hard timeout: a hung workbench must fail loudly, never hang CI.
const hardTimer = setTimeout(() => finish(2, `TIMEOUT after ${opt.timeout} s (last step: ${result.failedStep ?? currentStep})`), Number(opt.timeout) * 1000);
hardTimer.unref?.();
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => finish(2, `interrupted (${sig})`));

let currentStep = 'setup';
/** Runs one UI step; a failed expectation (timeout of a wait, a missing text) ends the run with exit 1. */
async function step(name, fn) {
  await unlessFinishing();
  currentStep = name;
  const start = Date.now();
  try {
    await fn();
  } catch (e) {
    result.failedStep = name;
    result.error = String(e?.message ?? e).split('\n').slice(0, 12).join('\n');
    await finish(1, `step "${name}" failed: ${result.error}`);
  }
  result.timings[name] = Date.now() - start;
  if (verbose) say(`${name}: ${result.timings[name]} ms`);
}

const expect = (cond, what) => { if (!cond) throw new Error(`expected ${what}`); };

// ---- selectors -------------------------------------------------------------------------------
const explorerRow = (name) => page.locator(`.explorer-folders-view .monaco-list-row[aria-label="${name}"]`);
/** The editor (Monaco) showing `name` in the active editor group. */
const editorSel = (name) => `.part.editor .editor-group-container.active .monaco-editor[data-uri$="/${name}"]`;
const editor = (name) => page.locator(editorSel(name));
/** The visible editor hover (content hover), wherever the workbench puts its overflow widgets. */
const HOVER = '.monaco-resizable-hover > .monaco-hover:not(.hidden)';

/** Viewport rectangle of the first occurrence of `word` on the rendered line containing `lineText`. */
async function wordRect(name, lineText, word) {
  return page.evaluate(({ sel, lineText, word }) => {
    const nb = (s) => s.replace(/\u00a0/g, ' ');
    const root = document.querySelector(sel);
    const line = [...(root?.querySelectorAll('.view-lines .view-line') ?? [])].find((l) => nb(l.textContent).includes(lineText));
    if (!line) return null;
    // Walk the line's text nodes to the word (token spans may split it), then measure it with a Range.
    const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
    const nodes = [];
    for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n);
    const full = nodes.map((n) => nb(n.data)).join('');
    const at = full.indexOf(word, full.indexOf(lineText));
    if (at < 0) return null;
    const range = document.createRange();
    let pos = 0;
    for (const n of nodes) {
      const end = pos + n.data.length;
      if (at >= pos && at < end) range.setStart(n, at - pos);
      if (at + word.length > pos && at + word.length <= end) { range.setEnd(n, at + word.length - pos); break; }
      pos = end;
    }
    const r = range.getBoundingClientRect();
    return { x: r.x, y: r.y, width: r.width, height: r.height };
  }, { sel: editorSel(name), lineText, word });
}

/** The rendered lines of an editor, top to bottom, as plain text (all lines: the manifests are short). */
async function editorLines(name) {
  return page.evaluate((sel) => {
    const lines = [...(document.querySelector(sel)?.querySelectorAll('.view-lines .view-line') ?? [])];
    return lines.sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top)).map((l) => l.textContent.replace(/\u00a0/g, ' '));
  }, editorSel(name));
}

/** Waits until the editor hover is shown and its text contains every one of `parts`; returns the text. */
async function waitHover(parts, what) {
  try {
    await page.waitForFunction(({ sel, parts }) => {
      const h = [...document.querySelectorAll(sel)].find((e) => e.getBoundingClientRect().height > 0);
      return !!h && parts.every((p) => h.innerText.includes(p));
    }, { sel: HOVER, parts }, { timeout: STEP_MS });
  } catch (e) {
    const seen = await page.locator(HOVER).allInnerTexts().catch(() => []);
    throw new Error(`${what}; hover seen: ${JSON.stringify(seen).slice(0, 1500)} (${e.message.split('\n')[0]})`);
  }
  return (await page.locator(HOVER).first().innerText()).trim();
}

async function hideHover() {
  await page.keyboard.press('Escape');
  await page.mouse.move(5, 450); // activity bar: no editor hover there
  await page.waitForFunction((sel) => ![...document.querySelectorAll(sel)].some((e) => e.getBoundingClientRect().height > 0), HOVER, { timeout: STEP_MS });
}

async function openFromExplorer(name) {
  await explorerRow(name).click({ timeout: STEP_MS });
  await editor(name).waitFor({ state: 'visible', timeout: STEP_MS });
  await page.locator(`.part.editor .tab.active[aria-label^="${name}"]`).waitFor({ timeout: STEP_MS });
}

async function screenshot(file) {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  const path = join(SHOTS, file);
  await page.screenshot({ path, animations: 'disabled' });
  result.screenshots.push(path);
}

// ---- run -------------------------------------------------------------------------------------
try {
  if (!existsSync(opt.vsix)) await finish(2, `no ${opt.vsix}: run \`npm run package\` first`);
  const sources = { [HTTP]: join(opt.examples, HTTP), [HTTPS]: join(opt['article-data'], HTTPS) };
  for (const f of Object.values(sources)) if (!existsSync(f)) await finish(2, `no ${f}`);
  // A stable folder name (it shows in the Explorer and the screenshots), inside a temp dir.
  tmp = mkdtempSync(join(tmpdir(), 'klr-user-view-'));
  const folder = join(tmp, 'article-reused-clb');
  mkdirSync(folder);
  for (const [f, from] of Object.entries(sources)) copyFileSync(from, join(folder, f));
  // Two clusters, one Service each: each Service's listener is refused to the other's cluster.
  writeFileSync(join(folder, '.kube-lb-reach.yaml'), CLUSTERS_CONFIG);

  let t = Date.now();
  server = await (serverStarting = startCodeServer({
    folder,
    installExtensions: [resolve(opt.vsix)],
    userSettings: {
      'workbench.colorTheme': 'Default Light Modern',
      'editor.minimap.enabled': false,
      'editor.hover.delay': 300,
      'editor.hover.above': false, // below the line: room for the reachability table
      'workbench.reduceMotion': 'on', // no fade-in: screenshots of settled widgets
      'workbench.editor.enablePreview': false,
      'chat.commandCenter.enabled': false,
      'workbench.layoutControl.enabled': false,
    },
  }));
  await unlessFinishing();
  result.timings.codeServerUp = Date.now() - t;
  t = Date.now();
  browser = await (browserStarting = launchBrowser({ viewport: { width: 1600, height: 1000 } }));
  await unlessFinishing();
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
  result.timings.browserUp = Date.now() - t;
  if (verbose) page.on('console', (msg) => process.stderr.write(`[browser ${msg.type()}] ${msg.text()}\n`));
  page.on('pageerror', (err) => say(`page error: ${err.message}`));
  await page.goto(`${server.url}/?folder=${encodeURIComponent(folder)}`);
} catch (e) {
  await finish(2, `harness error: ${e.stack || e}`);
}

await step('explorerShown', async () => {
  await explorerRow(HTTP).waitFor({ timeout: STEP_MS });
});

await step('squiggle', async () => {
  await openFromExplorer(HTTP);
  const sq = page.locator(`${editorSel(HTTP)} .squiggly-warning`);
  await sq.first().waitFor({ state: 'visible', timeout: STEP_MS });
  // Which text it underlines: the line at the squiggle's height.
  const box = await sq.first().boundingBox();
  const underlined = await page.evaluate(({ sel, y }) => {
    const line = [...document.querySelectorAll(`${sel} .view-lines .view-line`)].find((l) => {
      const r = l.getBoundingClientRect();
      return y >= r.top && y < r.bottom;
    });
    return line?.textContent.replace(/\u00a0/g, ' ') ?? null;
  }, { sel: editorSel(HTTP), y: box.y + box.height / 2 });
  result.squiggle = { file: HTTP, count: await sq.count(), line: underlined };
});

await step('problemsPanel', async () => {
  await page.keyboard.press('Control+Shift+M');
  const row = page.locator('.markers-panel .monaco-list-row', { hasText: RULE_ID });
  await row.first().waitFor({ state: 'visible', timeout: STEP_MS });
  // And the closed svc-https.yaml's, from the workspace pull (its Local finding is its alone).
  await page.locator('.markers-panel .monaco-list-row', { hasText: 'local-policy-in-cluster-reach' }).first().waitFor({ state: 'visible', timeout: STEP_MS });
  const text = (await page.locator('.markers-panel .monaco-list-rows').innerText()).trim();
  result.problems = {
    text,
    rows: await page.locator('.markers-panel .monaco-list-row').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label'))),
    // What the panel shows as each problem's source and code (the code is a link to the rule's page).
    sources: (await page.locator('.markers-panel .marker-source').allInnerTexts()).map((t) => t.trim()),
    codes: (await page.locator('.markers-panel .marker-code').allInnerTexts()).map((t) => t.trim()),
  };
  expect(text.includes('are refused on CLB ports'), `"are refused on CLB ports" in the Problems panel, got: ${text}`);
});

await step('squiggleHover', async () => {
  const box = await page.locator(`${editorSel(HTTP)} .squiggly-warning`).first().boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  // Complete: the diagnostic part (its rule id), the extension's own hover part for the CLB id,
  // and the hover's status bar once the quick fixes are known.
  const text = await waitHover([RULE_ID, 'is reused by', 'Quick Fix'], 'a hover with the warning, the CLB hover and "Quick Fix..."');
  result.squiggleHover = { text };
  await screenshot('reused-clb-warning.png');
  await hideHover();
});

await step('policyHover', async () => {
  // Room for the hover: close the panel (Ctrl+J), as one does to read a long hover.
  await page.keyboard.press('Control+J');
  await page.locator('.markers-panel').waitFor({ state: 'hidden', timeout: STEP_MS });
  await openFromExplorer(HTTPS);
  // The information diagnostic on `Local` proves the server has analysed the file before we hover.
  await page.locator(`${editorSel(HTTPS)} .squiggly-info`).first().waitFor({ state: 'visible', timeout: STEP_MS });
  const r = await wordRect(HTTPS, 'externalTrafficPolicy: Local', 'Local');
  expect(r, '`externalTrafficPolicy: Local` rendered in svc-https.yaml');
  await page.mouse.move(r.x + r.width / 2, r.y + r.height / 2);
  // The hover leads with the findings' first sentences and the "Explain reachability" link.
  const text = await waitHover(['local-policy-in-cluster-reach', 'Explain reachability'], 'a hover with the Local finding and "Explain reachability"');
  result.policyHover = { hovered: 'Local', line: 'externalTrafficPolicy: Local', text };
  // The diagnostic's long message comes first and the hover is capped in height: as a user would,
  // drag the hover's bottom edge down to the bottom of the editor, then scroll it with the mouse
  // wheel until the "Explain reachability" link shows.
  const hoverBox = () => page.locator(HOVER).first().boundingBox();
  const before = await hoverBox();
  const sash = await page.locator('.monaco-resizable-hover > .monaco-sash.orthogonal-edge-south:not(.disabled)').first().boundingBox();
  const editorBox = await editor(HTTPS).boundingBox();
  if (sash && editorBox) {
    await page.mouse.move(sash.x + sash.width / 2, sash.y + sash.height / 2);
    await page.mouse.down();
    await page.mouse.move(sash.x + sash.width / 2, editorBox.y + editorBox.height - 12, { steps: 4 });
    await page.mouse.up();
    await page.waitForFunction(({ sel, h }) => {
      const e = [...document.querySelectorAll(sel)].find((x) => x.getBoundingClientRect().height > 0);
      return !!e && e.getBoundingClientRect().height > h + 50;
    }, { sel: HOVER, h: before.height }, { timeout: STEP_MS });
  }
  const linkInView = () => page.evaluate((sel) => {
    const hover = [...document.querySelectorAll(sel)].find((e) => e.getBoundingClientRect().height > 0);
    const link = hover && [...hover.querySelectorAll('a')].find((a) => a.textContent.trim() === 'Explain reachability');
    if (!link) return null;
    const h = hover.getBoundingClientRect();
    const c = link.getBoundingClientRect();
    return c.top >= h.top && c.bottom <= h.bottom;
  }, HOVER);
  expect((await linkInView()) !== null, 'a link "Explain reachability" in the hover');
  const after = await hoverBox();
  result.policyHover.hoverHeight = { before: Math.round(before.height), after: Math.round(after.height) };
  result.policyHover.wheelTicks = 0;
  await page.mouse.move(after.x + after.width / 2, after.y + after.height / 2);
  const deadline = Date.now() + STEP_MS;
  while (!(await linkInView())) {
    expect(Date.now() < deadline && result.policyHover.wheelTicks < 60, 'the "Explain reachability" link scrolled into view');
    await page.mouse.wheel(0, 40);
    result.policyHover.wheelTicks++;
  }
  await screenshot('local-policy-hover.png');
  await hideHover();
  // The Problems panel again, before the fix: the steps after it read the panel without taking the
  // focus from the editor (the snippet's tab stop).
  await page.keyboard.press('Control+Shift+M');
  await page.locator('.markers-panel').waitFor({ state: 'visible', timeout: STEP_MS });
});

await step('quickFix', async () => {
  await openFromExplorer(HTTP);
  await page.locator(`${editorSel(HTTP)} .squiggly-warning`).first().waitFor({ state: 'visible', timeout: STEP_MS });
  const r = await wordRect(HTTP, 'alibaba-cloud-loadbalancer-id:', 'lb-article-clb1');
  expect(r, 'the CLB id rendered in svc-http.yaml');
  await page.mouse.click(r.x + r.width / 2, r.y + r.height / 2); // the cursor on the CLB id
  await page.locator(`${editorSel(HTTP)} .lightBulbWidget`).waitFor({ state: 'visible', timeout: STEP_MS }).catch(() => {});
  result.quickFix = { lightBulb: await page.locator(`${editorSel(HTTP)} .lightBulbWidget`).isVisible() };
  await page.keyboard.press('Control+.');
  const item = page.locator('.action-widget .monaco-list-row.action', { hasText: 'Add the hostname annotation' });
  await item.first().waitFor({ state: 'visible', timeout: STEP_MS });
  result.quickFix.menu = (await page.locator('.action-widget .monaco-list-row').allInnerTexts()).map((s) => s.trim());
  // The fix is the preferred one, so the menu opens with it focused: Enter applies it, as a user would.
  await page.locator('.action-widget .monaco-list-row.action.focused', { hasText: 'Add the hostname annotation' }).waitFor({ timeout: STEP_MS });
  result.quickFix.chosen = (await item.first().innerText()).trim();
  await page.keyboard.press('Enter');
  await page.waitForFunction(({ sel, key }) => [...document.querySelectorAll(`${sel} .view-lines .view-line`)].some((l) => l.textContent.includes(key)),
    { sel: editorSel(HTTP), key: HOSTNAME_KEY }, { timeout: STEP_MS });
  const lines = await editorLines(HTTP);
  result.quickFix.insertedLine = lines.find((l) => l.includes(HOSTNAME_KEY)) ?? null;
  result.quickFix.editorText = lines.join('\n');
});

const panelText = () => page.locator('.markers-panel .monaco-list-rows').innerText().then((t) => t.trim());
const panelRows = () => page.locator('.markers-panel .monaco-list-row').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
/** What svc-http.yaml's editor and the Problems panel show, for a failed wait's message. */
const shown = async () => JSON.stringify({
  problems: await panelText().catch(() => null),
  squiggles: await page.locator(`${editorSel(HTTP)} [class*="squiggly-"]`).evaluateAll((els) => els.map((e) => e.className)),
}).slice(0, 2500);
async function waitShown(fn, arg, what) {
  try {
    await page.waitForFunction(fn, arg, { timeout: STEP_MS });
  } catch (e) {
    throw new Error(`${what}; seen: ${await shown()} (${e.message.split('\n')[0]})`);
  }
}
/** Which of the two lines (the hostname value, the CLB id) the squiggle's vertical middle lies on. */
async function squiggleLines(cls) {
  const hostnameValue = await wordRect(HTTP, HOSTNAME_KEY, '"');
  const idValue = await wordRect(HTTP, 'alibaba-cloud-loadbalancer-id:', 'lb-article-clb1');
  const sameLine = (a, b) => a !== null && b !== null && a.y + a.height / 2 >= b.y && a.y + a.height / 2 <= b.y + b.height;
  const boxes = await page.locator(`${editorSel(HTTP)} .${cls}`).evaluateAll((els) => els.map((e) => {
    const r = e.getBoundingClientRect();
    return { x: r.x, y: r.y, width: r.width, height: r.height };
  }));
  return boxes.map((b) => (sameLine(b, hostnameValue) ? 'hostname' : sameLine(b, idValue) ? 'id' : 'other'));
}

await step('afterFix', async () => {
  // The Problems panel is still open (the focus stays in the editor, in the snippet's tab stop).
  // The placeholder is no DNS name: the annotation changes nothing yet (the API server would reject
  // the CCM's status update), so hostname-invalid is an Error on it and the refused warning stays.
  await waitShown((sel) => document.querySelectorAll(`${sel} .squiggly-error`).length === 1
    && document.querySelectorAll(`${sel} .squiggly-warning`).length === 1
    && (document.querySelector('.markers-panel .monaco-list-rows')?.textContent ?? '').includes('hostname-invalid'),
  editorSel(HTTP), 'one error squiggle (hostname-invalid), one warning squiggle in svc-http.yaml');
  result.afterFix = {
    errorSquiggles: await squiggleLines('squiggly-error'),
    warningSquiggles: await squiggleLines('squiggly-warning'),
    problems: await panelText(),
    rows: await panelRows(),
  };
});

await step('fillHostname', async () => {
  // The value is the snippet's tab stop, selected: typing replaces the placeholder.
  await page.keyboard.type(DNS_NAME);
  await waitShown(({ sel, key, dns }) => [...document.querySelectorAll(`${sel} .view-lines .view-line`)]
    .some((l) => l.textContent.replace(/\u00a0/g, ' ').includes(`${key}: "${dns}"`)),
  { sel: editorSel(HTTP), key: HOSTNAME_KEY, dns: DNS_NAME }, `the typed name as the hostname value`);
  // A real hostname: svc1 reports no IP, no Service of cluster blue does, nothing is refused to it;
  // in-cluster clients now go through the CLB itself (its layer-4 listener loops back: hostname-loopback).
  await waitShown((sel) => document.querySelectorAll(`${sel} .squiggly-error`).length === 0
    && (document.querySelector('.markers-panel .monaco-list-rows')?.textContent ?? '').includes('hostname-loopback'),
  editorSel(HTTP), 'no error squiggle left in svc-http.yaml, hostname-loopback in the Problems panel');
  const lines = await editorLines(HTTP);
  result.filled = {
    hostnameLine: lines.find((l) => l.includes(HOSTNAME_KEY)) ?? null,
    // How many squiggles of each severity (where they are: the Problems panel's rows say).
    squiggles: Object.fromEntries(await Promise.all(['error', 'warning', 'info'].map(async (c) => [c, await page.locator(`${editorSel(HTTP)} .squiggly-${c}`).count()]))),
    problems: await panelText(),
    rows: await panelRows(),
  };
});

await step('ruleDocs', async () => {
  // svc2's warning (80/TCP of cluster blue is refused to cluster green) is still in the panel.
  const rule = RULE_ID;
  // The code is the problem's link to its rule page (the product's URI, which our extension handles).
  await page.locator('.markers-panel .marker-code', { hasText: rule }).first().click();
  const tab = page.locator('.tabs-container .tab', { hasText: `Preview ${rule}.md` });
  await tab.first().waitFor({ state: 'visible', timeout: STEP_MS });
  // The preview is a webview: the rendered page lives in its inner frame.
  const rendered = page.frameLocator('iframe.webview.ready').last().frameLocator('#active-frame');
  const heading = rendered.locator('h1');
  await heading.first().waitFor({ state: 'visible', timeout: STEP_MS });
  result.ruleDocs = {
    tab: (await tab.first().innerText()).trim(),
    heading: (await heading.first().innerText()).trim(),
    sections: (await rendered.locator('h2').allInnerTexts()).map((t) => t.trim()),
    links: await rendered.locator('a').evaluateAll((as) => as.map((a) => a.textContent.trim())),
  };
  // A relative link of the page (../upstream-notes.md) opens the shipped page in the preview.
  await rendered.locator('a', { hasText: 'upstream notes' }).first().click();
  const notes = rendered.locator('h1', { hasText: 'Upstream notes' });
  await notes.first().waitFor({ state: 'visible', timeout: STEP_MS });
  result.ruleDocs.followed = (await notes.first().innerText()).trim();
});

clearTimeout(hardTimer);
await finish(0);
