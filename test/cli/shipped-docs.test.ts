import { deepStrictEqual, ok } from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';

/**
 * The pages a user opens from the extension (the README, the rule pages, and every page they link
 * to) work inside the installed vsix: each relative link names a file the vsix holds, each anchor a
 * heading of its page, and each citation is public. What the vsix holds is what `vsce ls` says,
 * from .vscodeignore, the way `vsce package` decides it.
 */
const ROOT = path.resolve(__dirname, '..', '..', '..');
const VSCE = path.join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
/** `vsce ls` names them as in the repository, but the vsix holds readme.md, changelog.md, LICENSE.txt. */
const RENAMED_IN_VSIX = new Set(['README.md', 'CHANGELOG.md', 'LICENSE']);

interface Link {
  readonly page: string;
  readonly target: string;
}

function shippedFiles(): Set<string> {
  const result = spawnSync(process.execPath, [VSCE, 'ls', '--no-dependencies'], { cwd: ROOT, encoding: 'utf8', timeout: 20_000 });
  if (result.error) throw result.error;
  ok(result.status === 0, result.stderr);
  return new Set(result.stdout.split('\n').filter((line) => line !== ''));
}

/** Markdown text without fenced code blocks and inline code, where brackets are not links. */
function prose(markdown: string): string {
  return markdown.replace(/^```[^\n]*\n[\s\S]*?^```$/gm, '').replace(/`[^`\n]*`/g, '');
}

function linksOf(page: string): Link[] {
  const text = prose(readFileSync(path.join(ROOT, page), 'utf8'));
  return [...text.matchAll(/!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => ({ page, target: m[1]! }));
}

/** The anchors VS Code's preview and GitHub give headings: lower case, punctuation dropped, spaces to dashes. */
function anchorsOf(page: string): Set<string> {
  const headings = prose(readFileSync(path.join(ROOT, page), 'utf8')).match(/^#{1,6} .*$/gm) ?? [];
  return new Set(headings.map((h) => h.replace(/^#+ /, '').trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-')));
}

const isExternal = (target: string): boolean => /^[a-z][a-z0-9+.-]*:/i.test(target);

/** The README and the rule pages, then every markdown page they reach through relative links. */
function reachablePages(): string[] {
  const rules = readdirSync(path.join(ROOT, 'docs', 'rules')).filter((f) => f.endsWith('.md')).map((f) => `docs/rules/${f}`);
  const pages = ['README.md', ...rules.sort()];
  for (let i = 0; i < pages.length; i++) {
    for (const { page, target } of linksOf(pages[i]!)) {
      const file = target.split('#')[0]!;
      if (isExternal(target) || file === '' || !file.endsWith('.md')) continue;
      const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(page), file));
      if (!pages.includes(resolved) && existsSync(path.join(ROOT, resolved))) pages.push(resolved);
    }
  }
  return pages;
}

describe('shipped documentation', { timeout: 60_000 }, () => {
  let shipped: Set<string>;
  let pages: string[];
  before(() => {
    shipped = shippedFiles();
    pages = reachablePages();
  });

  it('reaches the pages the rule pages cite (the notes and the tables), not only the rule pages', () => {
    for (const page of ['docs/upstream-notes.md', 'docs/reachability.md', 'docs/cli.md']) ok(pages.includes(page), page);
  });

  it('every relative link and image names a file the vsix holds, and every anchor a heading', () => {
    const broken: string[] = [];
    for (const page of pages) {
      if (!shipped.has(page)) broken.push(`${page} itself is not in the vsix`);
      for (const { target } of linksOf(page)) {
        if (isExternal(target)) continue;
        const [file = '', anchor] = target.split('#');
        const resolved = file === '' ? page : path.posix.normalize(path.posix.join(path.posix.dirname(page), decodeURIComponent(file)));
        if (!existsSync(path.join(ROOT, resolved))) broken.push(`${page} → ${target}: no such file`);
        else if (!shipped.has(resolved)) broken.push(`${page} → ${target}: not in the vsix`);
        else if (RENAMED_IN_VSIX.has(resolved) && resolved !== page) broken.push(`${page} → ${target}: renamed in the vsix`);
        else if (anchor !== undefined && resolved.endsWith('.md') && !anchorsOf(resolved).has(anchor)) broken.push(`${page} → ${target}: no such heading`);
      }
    }
    deepStrictEqual(broken, []);
  });

  it('cites public sources only: web links are https, and nothing points at private notes', () => {
    const offending: string[] = [];
    for (const page of pages) {
      const text = readFileSync(path.join(ROOT, page), 'utf8');
      for (const word of ['shared/', 'BRIEF.md', '/work/']) if (text.includes(word)) offending.push(`${page} mentions ${word}`);
      for (const { target } of linksOf(page)) if (isExternal(target) && !target.startsWith('https://')) offending.push(`${page} → ${target}`);
    }
    deepStrictEqual(offending, []);
  });

  it('the rule pages cite the Alibaba Cloud article by its address', () => {
    const article = 'https://www.alibabacloud.com/blog/thoughts-on-a-problem-caused-by-a-network-failure_600585';
    for (const page of ['docs/rules/reused-clb-other-listener-refused.md', 'docs/rules/local-policy-in-cluster-reach.md', 'docs/upstream-notes.md', 'docs/reachability.md']) {
      ok(readFileSync(path.join(ROOT, page), 'utf8').includes(article), page);
    }
  });

  it('the vsix holds the screenshots the README shows', () => {
    const images = linksOf('README.md').filter((l) => l.target.endsWith('.png')).map((l) => l.target);
    deepStrictEqual(images, ['docs/images/reused-clb-warning.png', 'docs/images/local-policy-hover.png']);
    for (const image of images) ok(shipped.has(image), image);
  });
});
