import { type Span } from '../text/span';
import { lineStartOf } from '../text/layout';
import { annotationDocOf } from '../providers';
import { type AnnotationDoc, type Provider } from '../providers/types';

export interface CompletionItem {
  readonly label: string;
  readonly detail: string;
  /** Markdown: the accepted values, the default, the first version. */
  readonly documentation?: string;
  /** What replaces `span`, when it is not the label (a value inserted with its quotes). */
  readonly insertText?: string;
  /** The text replaced: the part of the key or value typed so far. */
  readonly span: Span;
}

/** The key being typed on the line of `offset`, when the line holds nothing else yet. */
function typedKey(text: string, offset: number): { indent: number; start: number } | undefined {
  const lineStart = lineStartOf(text, offset);
  const match = /^( *)(?:- )?([\w./-]*)$/.exec(text.slice(lineStart, offset));
  if (!match) return undefined;
  return { indent: (match[1] ?? '').length, start: offset - (match[2] ?? '').length };
}

/** The value being typed after `key: ` on the line of `offset`, with the quote it opened, if any. */
function typedValue(text: string, offset: number): { indent: number; key: string; quote: string; start: number } | undefined {
  const lineStart = lineStartOf(text, offset);
  const match = /^( *)([\w./-]+):[ \t]+(["']?)([\w.-]*)$/.exec(text.slice(lineStart, offset));
  if (!match?.[2]) return undefined;
  return { indent: (match[1] ?? '').length, key: match[2], quote: match[3] ?? '', start: offset - (match[4] ?? '').length };
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

function underAnnotations(text: string, offset: number, indent: number): boolean {
  const annotations = parentKey(text, lineStartOf(text, offset), indent);
  if (annotations?.key !== 'annotations') return false;
  return parentKey(text, annotations.lineStart, annotations.indent)?.key === 'metadata';
}

/** `spec.loadBalancerClass` of the YAML document around `offset`, read from the text (it may not parse yet). */
function loadBalancerClassAt(text: string, offset: number): string | undefined {
  const before = text.lastIndexOf('\n---', offset);
  const after = text.indexOf('\n---', offset);
  const document = text.slice(before < 0 ? 0 : before + 4, after < 0 ? text.length : after);
  return /^[ \t]+loadBalancerClass:[ \t]*["']?([^"'\s#]+)/m.exec(document)?.[1];
}

/** The keys of `provider` a Service of this class can use: its product's, or all when no product serves the class. */
function keysFor(provider: Provider, loadBalancerClass: string | undefined): readonly AnnotationDoc[] {
  const product = provider.productOf?.(loadBalancerClass);
  return product === undefined ? provider.annotationKeys : provider.annotationKeys.filter((k) => !k.products || k.products.includes(product));
}

function documentation(doc: AnnotationDoc): string | undefined {
  const lines = [
    doc.values ? `**Values:** ${doc.values}` : '',
    doc.default ? `**Default:** ${doc.default}` : '',
    doc.products || doc.since ? `**Applies to:** ${[doc.products?.join(', '), doc.since ? `since ${doc.since}` : ''].filter(Boolean).join(', ')}` : '',
  ].filter((line) => line !== '');
  return lines.length > 0 ? lines.join('\n\n') : undefined;
}

/**
 * Annotation keys a provider reads, offered where a key is being typed directly under
 * `metadata.annotations`, and the values of keys with a closed set after `key: `. Works on lines
 * that do not parse yet: it reads the text, not the tree.
 */
export function completionAt(text: string, offset: number, providers: readonly Provider[]): CompletionItem[] {
  const loadBalancerClass = loadBalancerClassAt(text, offset);
  const typed = typedKey(text, offset);
  if (typed) {
    if (!underAnnotations(text, offset, typed.indent)) return [];
    // Every key, with the span typed so far: the client filters as the user types on.
    const span = { start: typed.start, end: offset };
    return providers.flatMap((provider) =>
      keysFor(provider, loadBalancerClass).map((key) => {
        const docs = documentation(key);
        return { label: key.key, detail: `${provider.displayName}: ${key.summary}`, ...(docs ? { documentation: docs } : {}), span };
      }),
    );
  }
  const value = typedValue(text, offset);
  if (!value || !underAnnotations(text, offset, value.indent)) return [];
  const found = annotationDocOf(value.key, providers);
  if (!found) return [];
  const { provider, doc } = found;
  const options = doc.options;
  if (!options) return [];
  const span = { start: value.start, end: offset };
  // Annotation values must be strings: an unquoted `on` or `true` is a YAML 1.1 boolean to kubectl.
  return options.map((option) => ({ label: option, detail: `${provider.displayName}: ${doc.key}`, insertText: value.quote === '' ? `"${option}"` : option, span }));
}
