import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Hover, type Position } from 'vscode-languageserver-protocol';
import { hoverAt, parseFile, resolveSettings, WorkspaceIndex, type ParsedFile, type RawSettings } from '../../server/src/core';
import { offsetAt, positionAt } from './textSync';

/** The repository root (this file runs from out/test/helpers). */
const ROOT = path.resolve(__dirname, '..', '..', '..');

/** Where the server (dist/server.js) links rule pages: docs/rules beside dist. */
export const serverDocsLink = (ruleId: string): string => pathToFileURL(path.join(ROOT, 'docs', 'rules', `${ruleId}.md`)).href;

/** A workspace index of `files` (uri → text), as the server's holds them once scanned or opened. */
export function indexOf(files: Record<string, string>): WorkspaceIndex {
  const index = new WorkspaceIndex();
  for (const [uri, text] of Object.entries(files)) index.update(uri, parseFile(text));
  return index;
}

/**
 * The hover the server must answer at `position` of `text`: the core's, in LSP terms. Positions
 * go through the tests' own conversion (textSync), not the core's LineIndex, so a conversion bug
 * in the server shows up as a difference.
 */
export function expectedHover(text: string | ParsedFile, position: Position, index: WorkspaceIndex, settings: RawSettings = {}): Hover | null {
  const file = typeof text === 'string' ? parseFile(text) : text;
  const result = hoverAt(file, offsetAt(file.text, position), index, resolveSettings(settings).settings, serverDocsLink);
  if (!result) return null;
  return { contents: { kind: 'markdown', value: result.markdown }, range: { start: positionAt(file.text, result.span.start), end: positionAt(file.text, result.span.end) } };
}
