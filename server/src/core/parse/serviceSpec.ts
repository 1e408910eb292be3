import { type Scalar } from 'yaml';
import { lineEndOf, lineStartOf } from '../text/layout';
import { span, type Span } from '../text/span';
import { asMap, asScalar, asSeq, findPair, nodeSpan } from './nodes';
import { type ResourceView } from './resource';

/**
 * One key of a Service's `spec` as written, whatever its value's type (`allocateLoadBalancerNodePorts`
 * is a boolean, `healthCheckNodePort` a number): what rules about fields the API server refuses read.
 */
export interface SpecEntry {
  readonly key: string;
  readonly keySpan: Span;
  /** The scalar's value (`null` for `key:` or `key: null`); undefined when the value is a map or a list. */
  readonly value: unknown;
  readonly valueSpan: Span | undefined;
  /** The scalar node, for edits that keep its quoting. */
  readonly scalar: Scalar | undefined;
  /** Whether other keys share the mapping: removing the only one would leave `spec:` null. */
  readonly hasSiblings: boolean;
}

function specOf(resource: ResourceView): ReturnType<typeof asMap> {
  return asMap(resource.document, findPair(resource.node, 'spec')?.value);
}

export function specEntry(resource: ResourceView, key: string): SpecEntry | undefined {
  const spec = specOf(resource);
  const pair = spec && findPair(spec, key);
  const keyNode = pair && asScalar(resource.document, pair.key);
  const keySpan = keyNode && nodeSpan(keyNode);
  if (!pair || !keySpan) return undefined;
  const scalar = pair.value === null ? undefined : asScalar(resource.document, pair.value);
  // `key:` with nothing after it is a null, as the API server reads it.
  const value: unknown = pair.value === null ? null : scalar ? scalar.value : undefined;
  return { key, keySpan, value, valueSpan: scalar && nodeSpan(scalar), scalar, hasSiblings: spec.items.length > 1 };
}

function listLength(resource: ResourceView, key: string): number {
  const spec = specOf(resource);
  const seq = spec && asSeq(resource.document, findPair(spec, key)?.value);
  return seq?.items.length ?? 0;
}

/** Whether `spec.externalIPs` lists at least one entry. */
export function hasExternalIps(resource: ResourceView): boolean {
  return listLength(resource, 'externalIPs') > 0;
}

/**
 * Whether `spec.ports` lists at least one entry. A Service without is a strategic-merge patch
 * (Kustomize) or one being typed: its type and policy may come from the base it patches.
 */
export function hasPorts(resource: ResourceView): boolean {
  return listLength(resource, 'ports') > 0;
}

/**
 * The span that removing the entry deletes: its whole line with the line break, when the key opens
 * the line (after indentation) and only a comment follows the value; undefined otherwise (flow
 * style, say), where a removal could not be made without rewriting the mapping, and when it is
 * the mapping's only key (`spec:` would be left null).
 */
export function entryLines(text: string, entry: SpecEntry): Span | undefined {
  if (!entry.hasSiblings) return undefined;
  const start = lineStartOf(text, entry.keySpan.start);
  if (text.slice(start, entry.keySpan.start).trim() !== '') return undefined;
  const valueEnd = entry.valueSpan?.end ?? entry.keySpan.end;
  const end = lineEndOf(text, valueEnd);
  if (!/^\s*:?\s*(#.*)?$/.test(text.slice(valueEnd, end))) return undefined;
  const breakLength = text.startsWith('\r\n', end) ? 2 : end < text.length ? 1 : 0;
  return span(start, end + breakLength);
}
