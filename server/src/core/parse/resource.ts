import { type Document, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { type ResourceAddress } from '../model/finding';
import { type Span } from '../text/span';
import { asMap, asScalar, asSeq, findPair, keyText, nodeSpan, stringValue } from './nodes';
import { actionsIn, NO_TEMPLATE, templatedText, touchesTemplate, type TemplateText } from './templateFields';

/** A string field and where its key and value stand in the text. */
export interface Field {
  readonly value: string;
  readonly keySpan: Span;
  readonly valueSpan: Span;
  /**
   * Set when a Helm template action writes (part of) the value: `value` is then the action text as
   * written (`{{ .Values.id }}`), never what it renders to, and a rule that needs it stays silent.
   */
  readonly templated?: true;
}

/** An annotation: its key text and where key and value stand. */
export interface Annotation extends Field {
  readonly key: string;
  /** Set when an action writes the key: the annotation may be any one. */
  readonly keyTemplated?: true;
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
  /** Whether an action writes the namespace (`namespace` is then the action text). */
  readonly namespaceTemplated: boolean;
  readonly annotations: readonly Annotation[];
  /** Whether a Helm template action stands anywhere in the resource (parse/template.ts). */
  readonly templated: boolean;
  /**
   * Whether actions may write annotations the literal text does not show: an action in the
   * `annotations` value or between its key and the next key of `metadata` (a `range`, a `toYaml`,
   * an `if` block), or a templated annotation key. Then no annotation is known to be absent.
   */
  readonly annotationsTemplated: boolean;
}

export function fieldOf(pair: Pair | undefined, scalar: Scalar | undefined, template: TemplateText = NO_TEMPLATE): Field | undefined {
  const value = stringValue(scalar);
  if (value === undefined || !pair || !scalar) return undefined;
  const keySpan = pair.key && typeof pair.key === 'object' && 'range' in pair.key ? nodeSpan(pair.key as Scalar) : undefined;
  const valueSpan = nodeSpan(scalar);
  if (!keySpan || !valueSpan) return undefined;
  if (!touchesTemplate(template, valueSpan)) return { value, keySpan, valueSpan };
  return { value: templatedText(template, scalar, valueSpan), keySpan, valueSpan, templated: true };
}

export function stringField(document: Document.Parsed, map: YAMLMap | undefined, key: string, template: TemplateText = NO_TEMPLATE): Field | undefined {
  if (!map) return undefined;
  const pair = findPair(map, key);
  return fieldOf(pair, asScalar(document, pair?.value), template);
}

function readAnnotations(document: Document.Parsed, metadata: YAMLMap | undefined, template: TemplateText): { annotations: Annotation[]; templated: boolean } {
  const pairIndex = metadata ? metadata.items.findIndex((p) => keyText(p) === 'annotations') : -1;
  const annotationsPair = metadata?.items[pairIndex];
  // What follows `annotations:` up to the next key of metadata: actions there may write annotations.
  const pairStart = annotationsPair && isRanged(annotationsPair.key) ? annotationsPair.key.range[0] : undefined;
  const next = metadata?.items[pairIndex + 1];
  const regionEnd = next && isRanged(next.key) ? next.key.range[0] : metadata?.range?.[1];
  const region = pairStart !== undefined && regionEnd !== undefined ? actionsIn(template, { start: pairStart, end: regionEnd }) : [];
  const annotations = asMap(document, annotationsPair?.value);
  if (!annotations) return { annotations: [], templated: region.length > 0 };
  const fields: Annotation[] = [];
  const literal: Span[] = [];
  for (const pair of annotations.items) {
    const key = keyText(pair);
    const field = key === undefined ? undefined : fieldOf(pair, asScalar(document, pair.value), template);
    if (key === undefined || !field) continue;
    const keyTemplated = touchesTemplate(template, field.keySpan);
    fields.push(keyTemplated ? { key: template.text.slice(field.keySpan.start, field.keySpan.end), ...field, keyTemplated } : { key, ...field });
    literal.push(field.valueSpan);
  }
  // An action inside one annotation's value is that annotation's; any other may write annotations.
  const templated = region.some((action) => !literal.some((value) => value.start <= action.start && action.end <= value.end));
  return { annotations: fields, templated };
}

function isRanged(node: unknown): node is { range: [number, number, number] } {
  return typeof node === 'object' && node !== null && 'range' in node && Array.isArray((node).range);
}

function readResource(document: Document.Parsed, node: YAMLMap, address: ResourceAddress, documentSpan: Span, template: TemplateText): ResourceView | undefined {
  const span = nodeSpan(node);
  if (!span) return undefined;
  const metadata = asMap(document, findPair(node, 'metadata')?.value);
  const { annotations, templated } = readAnnotations(document, metadata, template);
  const namespace = stringField(document, metadata, 'namespace', template);
  return {
    address,
    documentSpan,
    span,
    node,
    document,
    apiVersion: stringField(document, node, 'apiVersion', template),
    kind: stringField(document, node, 'kind', template),
    name: stringField(document, metadata, 'name', template),
    namespace: namespace?.value || 'default',
    namespaceTemplated: namespace?.templated === true,
    annotations,
    templated: touchesTemplate(template, span),
    annotationsTemplated: templated,
  };
}

/** `kind: List` (and the API's typed lists such as `ServiceList`) carry their objects under `items`. */
function isList(resource: ResourceView): boolean {
  const kind = resource.kind?.value;
  return kind !== undefined && kind.endsWith('List') && resource.apiVersion?.value === 'v1';
}

/** The resources of one YAML document: itself, or the items of a List (one level: a List of Lists is not a thing). */
export function readResources(document: Document.Parsed, documentIndex: number, documentSpan: Span, template: TemplateText = NO_TEMPLATE): ResourceView[] {
  const root = asMap(document, document.contents);
  if (!root) return [];
  const resource = readResource(document, root, { documentIndex }, documentSpan, template);
  if (!resource) return [];
  if (!isList(resource)) return [resource];
  const items = asSeq(document, findPair(root, 'items')?.value);
  const resources: ResourceView[] = [];
  items?.items.forEach((item, itemIndex) => {
    const map = asMap(document, item);
    const view = map && readResource(document, map, { documentIndex, itemIndex }, documentSpan, template);
    if (view) resources.push(view);
  });
  return resources;
}
