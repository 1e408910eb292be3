import { isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { type Span } from '../../text/span';

/**
 * Where a span stands in a YAML object, as a path of keys and list indices, and the same place in
 * another document (the file the user edits). Nodes are taken as parsed: an alias is not followed
 * (kustomize writes none, and a source's alias has no single place to point at).
 */

export type PathSegment = string | number;

/** One step down the rendered object, with the node stepped into (a list item's fields identify it). */
export interface PathStep {
  readonly segment: PathSegment;
  readonly node: Node | undefined;
  /** For a list index: how many items the list has (a JSON patch's `-` appends the last one). */
  readonly listLength?: number;
}

/**
 * `key`: the span is on a map key; `value`: on a node (`inner` when strictly inside a scalar, as
 * offsets from its start); `pair`: from a key through its value.
 */
export interface YamlPlace {
  readonly steps: readonly PathStep[];
  readonly part: 'key' | 'value' | 'pair';
  readonly inner?: { readonly start: number; readonly end: number; readonly text: string };
}

type Ranged = Node & { range: [number, number, number] };

const hasRange = (node: unknown): node is Ranged => typeof node === 'object' && node !== null && 'range' in node && Array.isArray((node).range);
const within = (node: unknown, span: Span): node is Ranged => hasRange(node) && node.range[0] <= span.start && span.end <= Math.max(node.range[1], node.range[0]);

export function keyOf(pair: Pair): string | undefined {
  if (!isScalar(pair.key)) return undefined;
  const value = pair.key.value;
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
}

export function pairOf(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((pair) => keyOf(pair) === key);
}

/** The place of `span` below `root` (a resource's mapping); the text gives a scalar's source for `inner`. */
export function placeOf(root: Node, span: Span, text: string): YamlPlace {
  const steps: PathStep[] = [];
  let node: Node = root;
  for (;;) {
    if (isMap(node)) {
      const hit = node.items.find((pair) => within(pair.key, span) || within(pair.value, span) || spansPair(pair, span));
      const key = hit && keyOf(hit);
      if (!hit || key === undefined) break;
      if (within(hit.key, span)) return { steps: [...steps, { segment: key, node: hit.value as Node | undefined }], part: 'key' };
      if (!within(hit.value, span)) return { steps: [...steps, { segment: key, node: hit.value as Node | undefined }], part: 'pair' };
      steps.push({ segment: key, node: hit.value });
      node = hit.value;
    } else if (isSeq(node)) {
      const index = node.items.findIndex((item) => within(item, span));
      if (index < 0) break;
      const item = node.items[index] as Node;
      steps.push({ segment: index, node: item, listLength: node.items.length });
      node = item;
    } else break;
  }
  if (isScalar(node) && hasRange(node) && (span.start > node.range[0] || span.end < node.range[1])) {
    return { steps, part: 'value', inner: { start: span.start - node.range[0], end: span.end - node.range[0], text: text.slice(node.range[0], node.range[1]) } };
  }
  return { steps, part: 'value' };
}

function spansPair(pair: Pair, span: Span): boolean {
  if (!hasRange(pair.key) || !hasRange(pair.value)) return false;
  return pair.key.range[0] <= span.start && span.end <= pair.value.range[1];
}

/** Fields that name a list item in a strategic merge (a port by `port` and `protocol`, a container by `name`). */
const IDENTITY_KEYS = ['name', 'port', 'containerPort', 'mountPath', 'devicePath', 'ip', 'key', 'topologyKey'];
const QUALIFIER_KEYS = ['protocol'];

function scalarField(map: YAMLMap, key: string): string | undefined {
  const value = pairOf(map, key)?.value;
  return isScalar(value) && (typeof value.value === 'string' || typeof value.value === 'number' || typeof value.value === 'boolean') ? String(value.value) : undefined;
}

/**
 * The item of `seq` that is the rendered `item`: the one whose identifying fields it has are all
 * equal to the rendered item's (at least one of them), else, when `byIndex`, the same index.
 */
export function sameItem(seq: YAMLSeq, step: PathStep, byIndex: boolean): Node | undefined {
  const rendered = step.node;
  if (isMap(rendered)) {
    const found = seq.items.find((item) => {
      if (!isMap(item)) return false;
      const identity = IDENTITY_KEYS.filter((key) => scalarField(item, key) !== undefined);
      if (identity.length === 0) return false;
      return [...identity, ...QUALIFIER_KEYS.filter((key) => scalarField(item, key) !== undefined)].every((key) => scalarField(item, key) === scalarField(rendered, key));
    });
    if (found) return found as Node;
  } else if (isScalar(rendered)) {
    const found = seq.items.find((item) => isScalar(item) && item.value === rendered.value);
    if (found) return found as Node;
  }
  return byIndex && typeof step.segment === 'number' ? (seq.items[step.segment] as Node | undefined) : undefined;
}

/** Where the place is in `root`: `found` when every step exists there; else the nearest existing ancestor's key. */
export interface Located {
  readonly span: Span;
  readonly found: boolean;
}

/**
 * The same place below `root` (a source's mapping). A missing step (added by `namePrefix`,
 * `commonAnnotations`…) gives the key of the nearest ancestor that exists, or `fallback`.
 */
export function locate(root: Node, place: YamlPlace, options: { readonly byIndex: boolean; readonly fallback: Span; readonly text: string }): Located {
  let node: Node | undefined = root;
  let ancestorKey: Span | undefined;
  for (const [i, step] of place.steps.entries()) {
    const last = i === place.steps.length - 1;
    if (isMap(node) && typeof step.segment === 'string') {
      const pair = pairOf(node, step.segment);
      if (!pair) break;
      if (last && place.part === 'key' && hasRange(pair.key)) return { span: rangeSpan(pair.key), found: true };
      if (last && place.part === 'pair' && hasRange(pair.key) && hasRange(pair.value)) return { span: { start: pair.key.range[0], end: pair.value.range[1] }, found: true };
      if (hasRange(pair.key)) ancestorKey = rangeSpan(pair.key);
      node = (pair.value ?? undefined) as Node | undefined;
    } else if (isSeq(node)) {
      node = sameItem(node, step, options.byIndex);
    } else {
      node = undefined;
    }
    if (node === undefined) break;
    if (last) return { span: innerSpan(node, place, options.text) ?? ancestorKey ?? options.fallback, found: hasRange(node) };
  }
  if (place.steps.length === 0 && hasRange(root)) return { span: innerSpan(root, place, options.text) ?? options.fallback, found: true };
  return { span: ancestorKey ?? options.fallback, found: false };
}

const rangeSpan = (node: Ranged): Span => ({ start: node.range[0], end: node.range[1] });

/** The node's span; inside a scalar whose text is the rendered one's, the same characters of it. */
function innerSpan(node: Node, place: YamlPlace, text: string): Span | undefined {
  if (!hasRange(node)) return undefined;
  const whole = rangeSpan(node);
  if (!place.inner || !isScalar(node)) return whole;
  return text.slice(whole.start, whole.end) === place.inner.text ? { start: whole.start + place.inner.start, end: whole.start + place.inner.end } : whole;
}
