import { type Document, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { isValidPort, PROTOCOLS, type Protocol } from '../model/listeners';
import { type Span } from '../text/span';
import { asMap, asScalar, asSeq, findPair, keyText, nodeSpan, stringValue } from './nodes';
import { type ParsedDocument } from './parseFile';

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

export interface PortView {
  readonly port: number;
  readonly protocol: Protocol;
  readonly name: string | undefined;
  /** The `port:` value. */
  readonly span: Span;
}

/**
 * The typed view of one `apiVersion: v1`, `kind: Service` document that the rules read.
 * Every field remembers its place in the text.
 */
export interface ServiceView {
  readonly documentIndex: number;
  readonly documentSpan: Span;
  readonly kindSpan: Span;
  readonly name: Field | undefined;
  readonly namespace: string;
  /** `spec.type`; absent means ClusterIP. */
  readonly type: Field | undefined;
  readonly externalTrafficPolicy: Field | undefined;
  readonly loadBalancerClass: Field | undefined;
  readonly annotations: readonly Annotation[];
  readonly ports: readonly PortView[];
  /**
   * False when `spec.ports` is missing or holds an entry that cannot be read as the API server
   * would (a port as a string, say): such a Service is partial (a patch) or invalid, so rules
   * that reason about its port set stay silent.
   */
  readonly portsComplete: boolean;
}

export function serviceLabel(service: ServiceView): string {
  return `${service.namespace}/${service.name?.value ?? '(unnamed)'}`;
}

export function fieldOf(pair: Pair | undefined, scalar: Scalar | undefined): Field | undefined {
  const value = stringValue(scalar);
  if (value === undefined || !pair || !scalar) return undefined;
  const keySpan = pair.key && typeof pair.key === 'object' && 'range' in pair.key ? nodeSpan(pair.key as Scalar) : undefined;
  const valueSpan = nodeSpan(scalar);
  return keySpan && valueSpan ? { value, keySpan, valueSpan } : undefined;
}

function stringField(document: Document.Parsed, map: YAMLMap | undefined, key: string): Field | undefined {
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

function readPorts(document: Document.Parsed, spec: YAMLMap | undefined): { ports: PortView[]; complete: boolean } {
  const seq = asSeq(document, spec && findPair(spec, 'ports')?.value);
  if (!seq) return { ports: [], complete: false };
  const ports: PortView[] = [];
  let complete = true;
  for (const item of seq.items) {
    const entry = asMap(document, item);
    const portScalar = entry && asScalar(document, findPair(entry, 'port')?.value);
    const protocolPair = entry && findPair(entry, 'protocol');
    const protocolText = protocolPair ? stringValue(asScalar(document, protocolPair.value)) : 'TCP';
    const portSpan = portScalar && nodeSpan(portScalar);
    const port = portScalar?.value;
    if (!entry || typeof port !== 'number' || !isValidPort(port) || !portSpan || !(PROTOCOLS as readonly (string | undefined)[]).includes(protocolText)) {
      complete = false;
      continue;
    }
    ports.push({ port, protocol: protocolText as Protocol, name: stringValue(asScalar(document, findPair(entry, 'name')?.value)), span: portSpan });
  }
  return { ports, complete };
}

/** The Service view of a document, or undefined when it is not a `v1` Service. */
export function readServiceView(parsed: ParsedDocument): ServiceView | undefined {
  const document = parsed.yaml;
  const root = asMap(document, document.contents);
  if (!root) return undefined;
  const kind = stringField(document, root, 'kind');
  const apiVersion = stringField(document, root, 'apiVersion');
  if (kind?.value !== 'Service' || apiVersion?.value !== 'v1') return undefined;
  const metadata = asMap(document, findPair(root, 'metadata')?.value);
  const spec = asMap(document, findPair(root, 'spec')?.value);
  const { ports, complete } = readPorts(document, spec);
  return {
    documentIndex: parsed.index,
    documentSpan: parsed.span,
    kindSpan: kind.valueSpan,
    name: stringField(document, metadata, 'name'),
    namespace: stringField(document, metadata, 'namespace')?.value || 'default',
    type: stringField(document, spec, 'type'),
    externalTrafficPolicy: stringField(document, spec, 'externalTrafficPolicy'),
    loadBalancerClass: stringField(document, spec, 'loadBalancerClass'),
    annotations: readAnnotations(document, metadata),
    ports,
    portsComplete: complete && ports.length > 0 && spec !== undefined,
  };
}
