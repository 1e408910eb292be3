import { Scalar } from 'yaml';
import { type Span } from '../text/span';
import { touchesAction } from './template';

/** The real text and its actions, for readers that mark what a template writes (parse/template.ts). */
export interface TemplateText {
  /** The text as written (the parser read its masked copy, with the same offsets). */
  readonly text: string;
  /** The masked copy: actions on lines of their own are blanks there. */
  readonly masked: string;
  readonly actions: readonly Span[];
}

export const NO_TEMPLATE: TemplateText = { text: '', masked: '', actions: [] };

export function touchesTemplate(template: TemplateText, target: Span): boolean {
  return template.actions.length > 0 && touchesAction(template.actions, target);
}

/**
 * The actions in `region`, which is first stretched over the blanks that follow it in the masked
 * text: an `{{- end }}` or `{{- include … }}` line right after a value belongs to it.
 */
export function actionsIn(template: TemplateText, region: Span): Span[] {
  if (template.actions.length === 0) return [];
  let end = region.end;
  while (end < template.masked.length && /\s/.test(template.masked[end]!)) end++;
  // The actions are in text order: find the first that ends after the region starts, then walk.
  let low = 0;
  let high = template.actions.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (template.actions[middle]!.end <= region.start) low = middle + 1;
    else high = middle;
  }
  const found: Span[] = [];
  for (let i = low; i < template.actions.length && template.actions[i]!.start < end; i++) found.push(template.actions[i]!);
  return found;
}

/** A templated scalar's text as written, without its quotes: what a message or a label may show. */
export function templatedText(template: TemplateText, scalar: Scalar, valueSpan: Span): string {
  const quoted = scalar.type === Scalar.QUOTE_DOUBLE || scalar.type === Scalar.QUOTE_SINGLE;
  const start = quoted ? valueSpan.start + 1 : valueSpan.start;
  const end = quoted ? valueSpan.end - 1 : valueSpan.end;
  return template.text.slice(start, Math.max(start, end)).trim();
}

/**
 * Actions that may write keys of `map` (an `if` around a key, a `toYaml` at its level): those in
 * its region that stand neither inside one of its values nor deeper than its keys (an
 * `{{- include … | nindent 4 }}` under `selector:` is the selector's). None for a plain manifest.
 */
export function structuralActions(template: TemplateText, map: { readonly items: readonly { readonly key: unknown; readonly value: unknown }[]; readonly range?: readonly number[] | null }): Span[] {
  const first = map.items[0]?.key;
  if (template.actions.length === 0 || !map.range || !hasRange(first)) return [];
  const keyColumn = first.range[0] - (template.masked.lastIndexOf('\n', first.range[0] - 1) + 1);
  const values = map.items.flatMap((pair) => (hasRange(pair.value) ? [{ start: pair.value.range[0], end: pair.value.range[1] }] : []));
  const lastEnd = Math.max(...map.items.map((pair) => (hasRange(pair.value) ? pair.value.range[1] : hasRange(pair.key) ? pair.key.range[1] : 0)));
  return actionsIn(template, { start: first.range[0], end: map.range[1]! }).filter((action) => {
    const column = action.start - (template.masked.lastIndexOf('\n', action.start - 1) + 1);
    // After its last value, an action left of its keys closes an outer block (an `{{- end }}` around the whole document).
    const outer = column < keyColumn && action.start >= lastEnd;
    return column <= keyColumn && !outer && !values.some((v) => v.start <= action.start && action.end <= v.end);
  });
}

function hasRange(node: unknown): node is { range: readonly [number, number, number] } {
  return typeof node === 'object' && node !== null && 'range' in node && Array.isArray((node).range);
}
