import { isScalar, Scalar } from 'yaml';
import { type Span } from '../text/span';
import { asMap, findPair, keyText, nodeSpan } from './nodes';
import { type ResourceView } from './resource';
import { yaml11TypeOfPlain, type Yaml11Type } from './yaml11';

/** How an annotation value is written, as far as kubectl's reading of it depends on it. */
export type ValueStyle = 'plain' | 'quoted' | 'block' | 'tagged' | 'other';

/**
 * Every annotation of a resource as written, whatever its value: `ResourceView.annotations` keeps
 * only values the `yaml` package reads as strings, which drops `443` and `true` but keeps `on`.
 */
export interface WrittenAnnotation {
  readonly key: string;
  readonly keySpan: Span;
  readonly style: ValueStyle;
  /** The value's text as written (for a missing value: empty). */
  readonly source: string;
  /** Where the value stands; empty for an empty value (after the colon), or the key's end when there is no value node at all. */
  readonly valueSpan: Span;
  /** False for a key with no value node (`{a}`, `? a`): nothing follows it to edit. */
  readonly hasValueNode: boolean;
}

function styleOf(scalar: Scalar): ValueStyle {
  if (scalar.tag !== undefined) return 'tagged';
  if (scalar.type === Scalar.PLAIN) return 'plain';
  if (scalar.type === Scalar.QUOTE_DOUBLE || scalar.type === Scalar.QUOTE_SINGLE) return 'quoted';
  return 'block';
}

/** The annotations of `resource` with the style and text of each value; pairs with a complex key, or a collection or alias value, are `other` or skipped. */
export function writtenAnnotations(resource: ResourceView): WrittenAnnotation[] {
  const metadata = asMap(resource.document, findPair(resource.node, 'metadata')?.value);
  const annotations = asMap(resource.document, metadata && findPair(metadata, 'annotations')?.value);
  if (!annotations) return [];
  const written: WrittenAnnotation[] = [];
  for (const pair of annotations.items) {
    const key = keyText(pair);
    const keySpan = isScalar(pair.key) ? nodeSpan(pair.key) : undefined;
    if (key === undefined || !keySpan) continue;
    const value = pair.value;
    if (isScalar(value)) {
      const valueSpan = nodeSpan(value);
      if (valueSpan) written.push({ key, keySpan, style: styleOf(value), source: value.source ?? '', valueSpan, hasValueNode: true });
      continue;
    }
    // A key without a colon in a flow mapping (`{a}`) or an explicit key (`? a`) has no value node: null all the same.
    if (value === null || value === undefined) written.push({ key, keySpan, style: 'plain', source: '', valueSpan: { start: keySpan.end, end: keySpan.end }, hasValueNode: false });
    else written.push({ key, keySpan, style: 'other', source: '', valueSpan: keySpan, hasValueNode: true });
  }
  return written;
}

/** How kubectl reads the value: only an untagged one-line plain scalar can be anything but a string. */
export function kubectlTypeOf(annotation: WrittenAnnotation): Yaml11Type {
  if (annotation.style !== 'plain' || annotation.source.includes('\n')) return 'string';
  return yaml11TypeOfPlain(annotation.source);
}
