import { type Span } from '../text/span';
import { lineStartOf } from '../text/layout';
import { type Provider } from '../providers/types';

export interface CompletionItem {
  readonly label: string;
  readonly detail: string;
  /** The text replaced: the part of the key typed so far. */
  readonly span: Span;
}

/** The key being typed on the line of `offset`, when the line holds nothing else yet. */
function typedKey(text: string, offset: number): { indent: number; start: number } | undefined {
  const lineStart = lineStartOf(text, offset);
  const match = /^( *)(?:- )?([\w./-]*)$/.exec(text.slice(lineStart, offset));
  if (!match) return undefined;
  return { indent: (match[1] ?? '').length, start: offset - (match[2] ?? '').length };
}

/** The nearest line above `lineStart` indented less than `indent`, as `key:` (half-typed text parses poorly, so lines are read). */
function parentKey(text: string, lineStart: number, indent: number): { key: string; indent: number; lineStart: number } | undefined {
  let end = lineStart - 1;
  while (end > 0) {
    const start = lineStartOf(text, end);
    const line = text.slice(start, end).replace(/\r$/, '');
    if (line.trim() !== '' && !line.trim().startsWith('#')) {
      const match = /^ *(?:- )?([\w./-]+):\s*(?:#.*)?$/.exec(line);
      const lineIndent = line.length - line.trimStart().length;
      if (lineIndent < indent) return match?.[1] ? { key: match[1], indent: lineIndent, lineStart: start } : undefined;
    }
    end = start - 1;
  }
  return undefined;
}

/**
 * Annotation keys a provider reads, offered where a key is being typed directly under
 * `metadata.annotations`. Works on lines that do not parse yet: it reads the text, not the tree.
 */
export function completionAt(text: string, offset: number, providers: readonly Provider[]): CompletionItem[] {
  const typed = typedKey(text, offset);
  if (!typed) return [];
  const annotations = parentKey(text, lineStartOf(text, offset), typed.indent);
  if (annotations?.key !== 'annotations') return [];
  const metadata = parentKey(text, annotations.lineStart, annotations.indent);
  if (metadata?.key !== 'metadata') return [];
  // Every key, with the span typed so far: the client filters as the user types on.
  const span = { start: typed.start, end: offset };
  return providers.flatMap((provider) => provider.annotationKeys.map((key) => ({ label: key.key, detail: `${provider.displayName}: ${key.summary}`, span })));
}
