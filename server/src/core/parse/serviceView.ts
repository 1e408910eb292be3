import { isValidPort, PROTOCOLS, type Protocol } from '../model/listeners';
import { type Span } from '../text/span';
import { asMap, asScalar, asSeq, findPair, nodeSpan, stringValue } from './nodes';
import { stringField, type Field, type ResourceView } from './resource';

export interface PortView {
  readonly port: number;
  readonly protocol: Protocol;
  readonly name: string | undefined;
  /** The `port:` value. */
  readonly span: Span;
}

/** The refinement of a `v1` `Service` resource that the rules read. */
export interface ServiceView extends ResourceView {
  readonly kind: Field;
  /** `spec.type`; absent means ClusterIP. */
  readonly type: Field | undefined;
  readonly externalTrafficPolicy: Field | undefined;
  readonly loadBalancerClass: Field | undefined;
  readonly ports: readonly PortView[];
  /** The `loadBalancerSourceRanges` key, when the list has an entry. */
  readonly loadBalancerSourceRanges: Span | undefined;
  /**
   * False when `spec.ports` is missing or holds an entry that cannot be read as the API server
   * would (a port as a string, say): such a Service is partial (a patch) or invalid, so rules
   * that reason about its port set stay silent.
   */
  readonly portsComplete: boolean;
  /**
   * `status.loadBalancer.ingress`, when the manifest carries a non-empty one (an export such as
   * `kubectl get svc -o yaml`): what the controller really reported, which wins over annotations.
   */
  readonly statusIngress: readonly IngressStatus[] | undefined;
}

/** One `status.loadBalancer.ingress` entry. */
export interface IngressStatus {
  readonly ip: string | undefined;
  readonly hostname: string | undefined;
  /** `VIP` or `Proxy` (Kubernetes 1.29+); undefined when absent. */
  readonly ipMode: string | undefined;
}

function readStatusIngress(resource: ResourceView): IngressStatus[] | undefined {
  const { document } = resource;
  const status = asMap(document, findPair(resource.node, 'status')?.value);
  const lb = status && asMap(document, findPair(status, 'loadBalancer')?.value);
  const seq = lb && asSeq(document, findPair(lb, 'ingress')?.value);
  if (!seq || seq.items.length === 0) return undefined;
  return seq.items.flatMap((item) => {
    const entry = asMap(document, item);
    if (!entry) return [];
    const text = (key: string): string | undefined => stringValue(asScalar(document, findPair(entry, key)?.value)) || undefined;
    return [{ ip: text('ip'), hostname: text('hostname'), ipMode: text('ipMode') }];
  });
}

function sourceRangesKey(document: Parameters<typeof asSeq>[0], spec: ReturnType<typeof asMap>): Span | undefined {
  const pair = spec && findPair(spec, 'loadBalancerSourceRanges');
  const seq = asSeq(document, pair?.value);
  if (!pair || !seq || seq.items.length === 0 || !pair.key || typeof pair.key !== 'object' || !('range' in pair.key)) return undefined;
  return nodeSpan(pair.key as Parameters<typeof nodeSpan>[0]);
}

export function serviceLabel(resource: Pick<ResourceView, 'namespace' | 'name'>): string {
  return `${resource.namespace}/${resource.name?.value ?? '(unnamed)'}`;
}

function readPorts(resource: ResourceView, spec: ReturnType<typeof asMap>): { ports: PortView[]; complete: boolean } {
  const document = resource.document;
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

/** The Service view of a resource, or undefined when it is not a `v1` Service. */
export function readServiceView(resource: ResourceView): ServiceView | undefined {
  const { kind, document } = resource;
  if (kind?.value !== 'Service' || resource.apiVersion?.value !== 'v1') return undefined;
  const spec = asMap(document, findPair(resource.node, 'spec')?.value);
  const { ports, complete } = readPorts(resource, spec);
  return {
    ...resource,
    kind,
    type: stringField(document, spec, 'type'),
    externalTrafficPolicy: stringField(document, spec, 'externalTrafficPolicy'),
    loadBalancerClass: stringField(document, spec, 'loadBalancerClass'),
    ports,
    loadBalancerSourceRanges: sourceRangesKey(document, spec),
    portsComplete: complete && ports.length > 0 && spec !== undefined,
    statusIngress: readStatusIngress(resource),
  };
}
