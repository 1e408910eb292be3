import { type Fix } from '../model/finding';
import { writtenAnnotations, type WrittenAnnotation } from '../parse/annotationValues';
import { type Span } from '../text/span';
import { type Rule } from './types';

/** The key in its current spelling, keeping its quotes. */
function migrateFix(text: string, annotation: WrittenAnnotation, current: string): Fix {
  const written = text.slice(annotation.keySpan.start, annotation.keySpan.end);
  const quote = written.startsWith('"') || written.startsWith("'") ? written[0]! : '';
  return {
    title: `Rename to ${current}`,
    edits: [{ span: annotation.keySpan, newText: `${quote}${current}${quote}` }],
    isPreferred: true,
    // The controller reads both spellings as one key: the same value under the current name changes nothing.
    safe: true,
  };
}

/** The whole lines of a block-style pair (key to end of value, with its comment and line break); undefined when the pair shares a line. */
function pairLines(text: string, annotation: WrittenAnnotation): Span | undefined {
  const lineStart = text.lastIndexOf('\n', annotation.keySpan.start - 1) + 1;
  if (text.slice(lineStart, annotation.keySpan.start).trim() !== '') return undefined;
  const valueEnd = Math.max(annotation.valueSpan.end, annotation.keySpan.end);
  if (text[valueEnd - 1] === '\n') return { start: lineStart, end: valueEnd };
  const newline = text.indexOf('\n', valueEnd);
  const lineEnd = newline < 0 ? text.length : newline + 1;
  return /^\s*(#.*)?$/.test(text.slice(valueEnd, newline < 0 ? text.length : newline)) ? { start: lineStart, end: lineEnd } : undefined;
}

/**
 * An annotation key written with a legacy prefix its controller still reads (the provider says
 * which). When the current spelling is also set, the controller reads only that one: the legacy
 * value is ignored, even when the current one is empty.
 */
export const rule: Rule = {
  id: 'legacy-annotation-prefix',
  meta: {
    description: 'An annotation key under a legacy prefix the controller still reads; when the current spelling is set too, the legacy value is ignored.',
    defaultSeverity: 'hint',
    severities: { ignored: 'warning' },
    messages: {
      legacy: 'Rename this legacy key to {{currentName}}: {{controller}} reads both spellings as one key. The current spelling is the one its docs list today.',
      ignored: '{{controller}} ignores this legacy key, since {{currentName}} is set too: remove this line, or move its value there. The current key wins, even when empty.',
      duplicate: '{{controller}} ignores this legacy key, since {{currentName}} is set too, with the same value: remove this line.',
    },
    fixable: true,
    scope: 'resource',
  },
  check(context, report) {
    const { provider, facts } = context;
    if (!provider.legacyAnnotation) return;
    const text = context.file.text;
    const written = writtenAnnotations(context.service);
    const controller = facts.nouns.controller;
    // The value as the API server stores it: the string the `yaml` package read, else the text written.
    const valueOf = (a: WrittenAnnotation): string => context.service.annotations.find((s) => s.key === a.key)?.value ?? a.source;
    for (const annotation of written) {
      const legacy = provider.legacyAnnotation(annotation.key);
      if (!legacy) continue;
      const data = { key: annotation.key, current: legacy.current, currentName: legacy.current.replace(/^[^/]*\//, '') };
      const current = written.find((a) => a.key === legacy.current);
      if (!current) {
        report({ messageId: 'legacy', data: { ...data, controller }, span: annotation.keySpan, fixes: [migrateFix(text, annotation, legacy.current)] });
        continue;
      }
      const lines = pairLines(text, annotation);
      // Removing it changes nothing the controller does today, but the line would take effect again once the current key goes.
      const remove: Fix | undefined = lines && { title: `Remove the ignored ${annotation.key}`, edits: [{ span: lines, newText: '' }], isPreferred: true, safe: false };
      const messageId = valueOf(current) === valueOf(annotation) ? 'duplicate' : 'ignored';
      report({ messageId, data: { ...data, controller: controller.replace(/^./, (c) => c.toUpperCase()) }, span: annotation.keySpan, fixes: remove ? [remove] : [] });
    }
  },
};
