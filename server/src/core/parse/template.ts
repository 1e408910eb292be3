import { span, type Span } from '../text/span';
import { type ChartDefault, type ValuesLookup } from './chartValues';

/**
 * Helm templates read without rendering them: every `{{ … }}` action is masked so the YAML parser
 * sees a document, every offset and every line break staying where it was (so spans, positions
 * and fixes are those of the real text). What an action writes is unknown; the fields that hold
 * one are marked `templated` by the readers (parse/resource.ts), and no finding may stand on one
 * (rules/run.ts).
 *
 * - An action that shares its line(s) with nothing but other actions and blanks (`{{- if … }}`,
 *   `{{- end }}`, `{{- include "x" . | nindent 4 }}`) becomes blanks: the line disappears.
 * - Any other action (`id: {{ .Values.id }}`, `"{{ .Values.id }}"`, `{{ $key }}: v`) becomes as
 *   many `_` as it has characters: a plain scalar of the same length that is a string, never a
 *   number, a boolean or null, so a templated port is not read as a port.
 */
export interface MaskedTemplate {
  /** The text with every action masked: same length, same line breaks. */
  readonly text: string;
  /** Where each action whose text is unknown stands (from `{{` to `}}` inclusive), in text order. */
  readonly actions: readonly Span[];
  /** The `{{ .Values.a.b }}` actions replaced with the chart's literal default (only with values.yaml given). */
  readonly defaults: readonly ChartDefault[];
}

/** The end (exclusive) of the action opening at `start` (`{{`): after its `}}`, skipping Go strings and comments; the text's end when it never closes. */
function actionEnd(text: string, start: number): number {
  let at = start + 2;
  if (text[at] === '-' && /\s/.test(text[at + 1] ?? '')) at += 2;
  while (at < text.length && /[ \t]/.test(text[at]!)) at++;
  if (text.startsWith('/*', at)) {
    // A comment ends at `*/`, then its `}}` (with an optional ` -` trim marker between).
    const close = text.indexOf('*/', at + 2);
    if (close < 0) return text.length;
    const end = text.indexOf('}}', close + 2);
    return end < 0 ? text.length : end + 2;
  }
  while (at < text.length) {
    const c = text[at]!;
    if (c === '"' || c === "'" || c === '`') {
      at = stringEnd(text, at, c);
      continue;
    }
    if (c === '}' && text[at + 1] === '}') return at + 2;
    at++;
  }
  return text.length;
}

/** After the Go string, raw string or rune literal opening at `start`; a `"` string stops at its line's end when unclosed. */
function stringEnd(text: string, start: number, quote: string): number {
  let at = start + 1;
  while (at < text.length) {
    const c = text[at]!;
    if (quote !== '`' && c === '\\') at += 2;
    else if (c === quote) return at + 1;
    else if (quote !== '`' && c === '\n') return at;
    else at++;
  }
  return text.length;
}

/** Every action of `text`, in order; none when it holds no `{{`. */
export function findActions(text: string): Span[] {
  const actions: Span[] = [];
  let at = text.indexOf('{{');
  while (at >= 0) {
    const end = actionEnd(text, at);
    actions.push(span(at, end));
    at = text.indexOf('{{', end);
  }
  return actions;
}

/**
 * For each action, whether the lines it shares with other actions (those on a line with it, and
 * through them their lines) hold nothing but actions and blanks. One pass over runs of actions that
 * share lines, so a hostile line of a million actions costs no more than its length.
 */
function aloneFlags(text: string, actions: readonly Span[]): boolean[] {
  const flags: boolean[] = new Array<boolean>(actions.length);
  let first = 0;
  while (first < actions.length) {
    const lineStart = text.lastIndexOf('\n', actions[first]!.start - 1) + 1;
    let last = first;
    let lineEnd = endOfLine(text, actions[first]!.end);
    while (last + 1 < actions.length && actions[last + 1]!.start < lineEnd) {
      const end = actions[++last]!.end;
      // Only an action that runs past the line's end (over a line break) moves it: no rescan per action.
      if (end > lineEnd) lineEnd = endOfLine(text, end);
    }
    let alone = true;
    let at = lineStart;
    for (let i = first; i <= last && alone; i++) {
      if (!isBlank(text, at, actions[i]!.start)) alone = false;
      at = actions[i]!.end;
    }
    if (alone && !isBlank(text, at, lineEnd)) alone = false;
    for (let i = first; i <= last; i++) flags[i] = alone;
    first = last + 1;
  }
  return flags;
}

function endOfLine(text: string, from: number): number {
  const next = text.indexOf('\n', from);
  return next < 0 ? text.length : next;
}

function isBlank(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (!/\s/.test(text[i]!)) return false;
  return true;
}

/**
 * The default's text written where the action stands, padded with blanks to the action's length:
 * inside quotes that hug the action, the quotes move in (`"{{ .Values.id }}"` → `"lb-1"` and
 * blanks); unquoted, only a plain word YAML reads as Helm's output would be read. Undefined when
 * it does not fit or could change the YAML around it.
 */
function defaultText(text: string, action: Span, rendered: string): { start: number; end: number; replacement: string } | undefined {
  const before = text[action.start - 1];
  const quote = (before === '"' || before === "'") && text[action.end] === before ? before : undefined;
  if (quote) {
    const length = action.end - action.start + 2;
    if (/["'\\\r\n]/.test(rendered) || rendered.length + 2 > length) return undefined;
    return { start: action.start - 1, end: action.end + 1, replacement: `${quote}${rendered}${quote}`.padEnd(length, ' ') };
  }
  if (!/^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(rendered) || rendered.length > action.end - action.start) return undefined;
  return { start: action.start, end: action.end, replacement: rendered.padEnd(action.end - action.start, ' ') };
}

export function maskTemplate(text: string, lookup?: ValuesLookup): MaskedTemplate {
  const found = findActions(text);
  if (found.length === 0) return { text, actions: found, defaults: [] };
  const actions: Span[] = [];
  const defaults: ChartDefault[] = [];
  const alone = aloneFlags(text, found);
  let masked = '';
  let at = 0;
  for (const [index, action] of found.entries()) {
    const standsAlone = alone[index]!;
    const value = standsAlone ? undefined : lookup?.(text.slice(action.start, action.end));
    const placed = value && defaultText(text, action, value.rendered);
    if (value && placed && placed.start >= at) {
      masked += text.slice(at, placed.start) + placed.replacement;
      at = placed.end;
      defaults.push({ span: action, path: value.path, rendered: value.rendered, valueSpan: value.valueSpan });
      continue;
    }
    masked += text.slice(at, action.start);
    masked += text.slice(action.start, action.end).replace(/[^\r\n]/g, standsAlone ? ' ' : '_');
    at = action.end;
    actions.push(action);
  }
  masked += text.slice(at);
  return { text: masked, actions, defaults };
}

/** Whether `target` touches an action (the actions are in text order: a binary search). */
export function touchesAction(actions: readonly Span[], target: Span): boolean {
  let low = 0;
  let high = actions.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const action = actions[middle]!;
    // Half-open spans; an empty target touches the action it stands in.
    const overlapping = target.start === target.end ? action.start <= target.start && target.start < action.end : action.start < target.end && target.start < action.end;
    if (overlapping) return true;
    if (action.end <= target.start) low = middle + 1;
    else high = middle - 1;
  }
  return false;
}

/**
 * The chart and template a file is, from its URI alone (the core reads no disk): a chart is the
 * folder holding `templates/`, so `…/web/templates/service-metrics.yaml` is template
 * `service-metrics.yaml` of chart `web`. Undefined for any other path.
 */
export function chartTemplateOf(uri: string): { readonly chart: string; readonly template: string } | undefined {
  const path = uri.replace(/[?#].*$/, '');
  const at = path.lastIndexOf('/templates/');
  if (at <= 0) return undefined;
  const chart = decodeURIComponent(path.slice(path.lastIndexOf('/', at - 1) + 1, at));
  const template = decodeURIComponent(path.slice(at + '/templates/'.length));
  if (chart === '' || template === '' || !/\.(ya?ml|tpl)$/.test(template)) return undefined;
  return { chart, template };
}

/** `in chart web, template service-metrics.yaml`, for lists that name Services by label. */
export function chartTemplatePhrase(uri: string): string | undefined {
  const where = chartTemplateOf(uri);
  return where && `in chart ${where.chart}, template ${where.template}`;
}
