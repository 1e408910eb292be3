import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Hover, type Position } from 'vscode-languageserver-protocol';
import { LanguageService, resolveSettings, type HelmValues, type ParsedFile, type RawSettings } from '../../server/src/core';
import { offsetAt, positionAt } from './textSync';

/** The repository root (this file runs from out/test/helpers). */
const ROOT = path.resolve(__dirname, '..', '..', '..');

/** Where the server (dist/server.js) links rule pages: docs/rules beside dist. */
export const serverDocsLink = (ruleId: string): string => pathToFileURL(path.join(ROOT, 'docs', 'rules', `${ruleId}.md`)).href;
/** Where it links an annotation's entry: docs/annotations.md beside dist. */
export const serverAnnotationLink = (anchor: string): string => `${pathToFileURL(path.join(ROOT, 'docs', 'annotations.md')).href}#${encodeURIComponent(anchor)}`;

/** A language service fed files, as the server's holds them once scanned or opened. */
export interface TestIndex {
  readonly service: LanguageService;
  readonly uris: readonly string[];
}

/** `helmValuesOf`: a template's chart values.yaml, as the server passes it (none by default). */
export function indexOf(files: Record<string, string>, helmValuesOf: (uri: string) => HelmValues | undefined = () => undefined): TestIndex {
  const service = new LanguageService();
  for (const [uri, text] of Object.entries(files)) {
    const helmValues = helmValuesOf(uri);
    service.update(uri, text, helmValues ? { helmValues } : {});
  }
  return { service, uris: Object.keys(files) };
}

/** The uri under which the index holds `text` (fed to it under a spare uri when it holds none). */
function uriOf(index: TestIndex, text: string): string {
  const known = index.uris.find((uri) => index.service.parsed(uri)?.text === text);
  if (known !== undefined) return known;
  index.service.update('expected:hover', text);
  return 'expected:hover';
}

/**
 * The hover the server must answer at `position` of `text`: the core's, in LSP terms. Positions
 * go through the tests' own conversion (textSync), not the core's LineIndex, so a conversion bug
 * in the server shows up as a difference.
 */
export function expectedHover(text: string | ParsedFile, position: Position, index: TestIndex, settings: RawSettings = {}): Hover | null {
  const content = typeof text === 'string' ? text : text.text;
  const uri = uriOf(index, content);
  const result = index.service.hover(uri, offsetAt(content, position), resolveSettings(settings).settings, serverDocsLink, serverAnnotationLink);
  if (!result) return null;
  return { contents: { kind: 'markdown', value: result.markdown }, range: { start: positionAt(content, result.span.start), end: positionAt(content, result.span.end) } };
}
