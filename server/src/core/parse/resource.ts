import { type Document, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { type ResourceAddress } from '../model/finding';
import { type Span } from '../text/span';
import { asMap, asScalar, asSeq, findPair, keyText, nodeSpan, stringValue } from './nodes';

/** A string field and where its key and value stand in the text. */
export interface Field {
  readonly value: string;
  readonly keySpan: Span;
  readonly valueSpan: Span;
}

/** An annotation: its key text and where key and value stand. */
export interface Annotation extends Field {
  readonly key: string;
}

/**
 * One Kubernetes object of any kind, as every rule and provider may read it: a YAML document, or
 * one item of a `kind: List` (what `kubectl get -o yaml` writes). Every field remembers its place.
 */
export interface ResourceView {
  readonly address: ResourceAddress;
  /** The YAML document holding the resource. */
  readonly documentSpan: Span;
  /** The resource's own mapping (the document's content, or the List item). */
  readonly span: Span;
  /** The resource's mapping node, for fixes that edit it in place. */
  readonly node: YAMLMap;
  readonly document: Document.Parsed;
  readonly apiVersion: Field | undefined;
  readonly kind: Field | undefined;
  readonly name: Field | undefined;
  /** `metadata.namespace`, `default` when absent. */
  readonly namespace: string;
  readonly annotations: readonly Annotation[];
}

export function fieldOf(pair: Pair | undefined, scalar: Scalar | undefined): Field | undefined {
  const value = stringValue(scalar);
  if (value === undefined || !pair || !scalar) return undefined;
  const keySpan = pair.key && typeof pair.key === 'object' && 'range' in pair.key ? nodeSpan(pair.key as Scalar) : undefined;
  const valueSpan = nodeSpan(scalar);
  return keySpan && valueSpan ? { value, keySpan, valueSpan } : undefined;
}

export function stringField(document: Document.Parsed, map: YAMLMap | undefined, key: string): Field | undefined {
  if (!map) return undefined;
  const pair = findPair(map, key);
  return fieldOf(pair, asScalar(document, pair?.value));
}

function readAnnotations(document: Document.Parsed, metadata: YAMLMap | undefined): Annotation[] {
  const annotations = asMap(document, metadata && findPair(metadata, 'annotations')?.value);
  if (!annotations) return [];
  const fields: Annotation[] = [];
  for (const pair of annotations.items) {
    const key = keyText(pair);
    const field = key === undefined ? undefined : fieldOf(pair, asScalar(document, pair.value));
    if (key !== undefined && field) fields.push({ key, ...field });
  }
  return fields;
}

function readResource(document: Document.Parsed, node: YAMLMap, address: ResourceAddress, documentSpan: Span): ResourceView | undefined {
  const span = nodeSpan(node);
  if (!span) return undefined;
  const metadata = asMap(document, findPair(node, 'metadata')?.value);
  return {
    address,
    documentSpan,
    span,
    node,
    document,
    apiVersion: stringField(document, node, 'apiVersion'),
    kind: stringField(document, node, 'kind'),
    name: stringField(document, metadata, 'name'),
    namespace: stringField(document, metadata, 'namespace')?.value || 'default',
    annotations: readAnnotations(document, metadata),
  };
}

/** `kind: List` (and the API's typed lists such as `ServiceList`) carry their objects under `items`. */
function isList(resource: ResourceView): boolean {
  const kind = resource.kind?.value;
  return kind !== undefined && kind.endsWith('List') && resource.apiVersion?.value === 'v1';
}

/** The resources of one YAML document: itself, or the items of a List (one level: a List of Lists is not a thing). */
export function readResources(document: Document.Parsed, documentIndex: number, documentSpan: Span): ResourceView[] {
  const root = asMap(document, document.contents);
  if (!root) return [];
  const resource = readResource(document, root, { documentIndex }, documentSpan);
  if (!resource) return [];
  if (!isList(resource)) return [resource];
  const items = asSeq(document, findPair(root, 'items')?.value);
  const resources: ResourceView[] = [];
  items?.items.forEach((item, itemIndex) => {
    const map = asMap(document, item);
    const view = map && readResource(document, map, { documentIndex, itemIndex }, documentSpan);
    if (view) resources.push(view);
  });
  return resources;
}
