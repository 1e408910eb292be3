import { isMap, isScalar, parseDocument, type Node } from 'yaml';
import { span, type Span } from '../text/span';

/** A chart's `values.yaml` is read only up to this size: it is a few kilobytes in practice. */
export const MAX_VALUES_LENGTH = 1024 * 1024;

/** The chart's default values, as the adapter passes them (the core reads no disk). */
export interface HelmValues {
  /** Where values.yaml is (related information points there). */
  readonly uri: string;
  readonly text: string;
}

/** One default a template action was replaced with. */
export interface ChartDefault {
  /** The action (`{{ .Values.service.port }}`), as it stands in the template. */
  readonly span: Span;
  /** `.Values.service.port`. */
  readonly path: string;
  /** What Helm prints for it: `443`. */
  readonly rendered: string;
  /** Where the value stands in values.yaml. */
  readonly valueSpan: Span;
}

/** `{{ .Values.a.b }}` exactly (spaces optional, trim markers allowed); nothing else is ever evaluated. */
const VALUES_ACTION = /^\{\{(?:- |\s*)\.Values((?:\.[A-Za-z_][A-Za-z0-9_]*)+)\s*(?: -)?\}\}$/;

export type ValuesLookup = (action: string) => { readonly path: string; readonly rendered: string; readonly valueSpan: Span } | undefined;

/**
 * The literal defaults of a chart's values.yaml, as Helm prints them into a template: strings as
 * they are, booleans, and integers below a million (Helm holds numbers as float64 and prints
 * 1000000 as `1e+06`). Anything else (a map, a list, null, a float) is no default here.
 */
export function valuesLookup(values: HelmValues | undefined): ValuesLookup | undefined {
  if (!values || values.text.length > MAX_VALUES_LENGTH) return undefined;
  const document = parseDocument(values.text, { uniqueKeys: true });
  if (document.errors.length > 0) return undefined;
  return (action) => {
    const match = VALUES_ACTION.exec(action);
    if (!match?.[1]) return undefined;
    let node: Node | null | undefined = document.contents;
    for (const key of match[1].slice(1).split('.')) {
      if (!isMap(node)) return undefined;
      const pair = node.items.find((p) => isScalar(p.key) && p.key.value === key);
      node = pair?.value as Node | null | undefined;
    }
    if (!isScalar(node) || !node.range) return undefined;
    const value: unknown = node.value;
    const rendered = typeof value === 'string' ? value : typeof value === 'boolean' ? String(value) : typeof value === 'number' && Number.isInteger(value) && Math.abs(value) < 1e6 ? String(value) : undefined;
    return rendered === undefined ? undefined : { path: `.Values${match[1]}`, rendered, valueSpan: span(node.range[0], node.range[1]) };
  };
}
