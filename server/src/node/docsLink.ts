import { readFileSync } from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';

/**
 * Every link to a rule page is built here: the file:// URL of the bundled page for any client, or,
 * for our own VS Code client, links it turns into the rendered page. The client parses them back
 * with `ruleIdOfUriPath`, so both sides share this file.
 */
export type DocsLink = (ruleId: string) => string;

/** `publisher.name` from package.json: VS Code hands `<scheme>://<id>/…` to this extension's URI handler. */
export const EXTENSION_ID = 'kube-lb-reach.kube-lb-reach';
export const SHOW_RULE_DOCS_COMMAND = 'kubeLbReach.showRuleDocs';
const RULE_PATH = '/rule/';
const RULE_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const URI_SCHEME = /^[a-z][a-z0-9+.-]*$/i;

/** The bundles live in dist/, the pages in docs/rules/ beside it (in the vsix and the npm package). */
const PACKAGE_ROOT = path.resolve(__dirname, '..');

export function rulePagesDir(root = PACKAGE_ROOT): string {
  return path.join(root, 'docs', 'rules');
}

export function rulePagePath(ruleId: string, root = PACKAGE_ROOT): string {
  return path.join(rulePagesDir(root), `${ruleId}.md`);
}

/** The page's markdown, or undefined when the install lacks it (a bundle copied alone). */
export function rulePageMarkdown(ruleId: string, root = PACKAGE_ROOT): string | undefined {
  try {
    return readFileSync(rulePagePath(ruleId, root), 'utf8');
  } catch {
    return undefined;
  }
}

/** The file:// URL of an entry of docs/annotations.md, for every client: VS Code opens file links from hovers too. */
export function annotationDocsLink(anchor: string, root = PACKAGE_ROOT): string {
  return `${pathToFileURL(path.join(root, 'docs', 'annotations.md')).href}#${encodeURIComponent(anchor)}`;
}

/** For clients that open file:// links themselves (Neovim, a terminal). */
export function docsLink(ruleId: string): string {
  return pathToFileURL(rulePagePath(ruleId)).href;
}

/** What our VS Code client sends in initializationOptions: it renders rule pages, under this URI scheme. */
export interface RuleDocsOption {
  readonly ruleDocs: { readonly uriScheme: string };
}

export function ruleDocsOption(uriScheme: string): RuleDocsOption {
  return { ruleDocs: { uriScheme } };
}

export interface RuleDocsLinks {
  /** `codeDescription.href` of diagnostics. */
  readonly diagnostic: DocsLink;
  /** Links in hover markdown: VS Code's renderer drops links of its own URI scheme, but runs trusted commands. */
  readonly hover: DocsLink;
  /** Links from annotation hovers to their entry in docs/annotations.md. */
  readonly annotation: (anchor: string) => string;
  /** The client's command that opens a rule page (argument: the rule id); undefined when it has none. */
  readonly command?: string;
}

const FILE_LINKS: RuleDocsLinks = { diagnostic: docsLink, hover: docsLink, annotation: (anchor) => annotationDocsLink(anchor) };

export function ruleDocsLinks(initializationOptions: unknown): RuleDocsLinks {
  const scheme = uriSchemeOf(initializationOptions);
  if (scheme === undefined) return FILE_LINKS;
  return {
    diagnostic: (ruleId) => `${scheme}://${EXTENSION_ID}${RULE_PATH}${encodeURIComponent(ruleId)}`,
    hover: (ruleId) => `command:${SHOW_RULE_DOCS_COMMAND}?${encodeURIComponent(JSON.stringify([ruleId]))}`,
    annotation: FILE_LINKS.annotation,
    command: SHOW_RULE_DOCS_COMMAND,
  };
}

function uriSchemeOf(options: unknown): string | undefined {
  if (typeof options !== 'object' || options === null || !('ruleDocs' in options)) return undefined;
  const ruleDocs: unknown = options.ruleDocs;
  if (typeof ruleDocs !== 'object' || ruleDocs === null || !('uriScheme' in ruleDocs)) return undefined;
  const scheme: unknown = ruleDocs.uriScheme;
  return typeof scheme === 'string' && URI_SCHEME.test(scheme) ? scheme.toLowerCase() : undefined;
}

export function isRuleId(value: unknown): value is string {
  return typeof value === 'string' && RULE_ID.test(value);
}

/** The rule id of a `/rule/<id>` URI path; anything else (other paths, `..`) is not a rule. */
export function ruleIdOfUriPath(uriPath: string): string | undefined {
  if (!uriPath.startsWith(RULE_PATH)) return undefined;
  const id = uriPath.slice(RULE_PATH.length);
  return isRuleId(id) ? id : undefined;
}
