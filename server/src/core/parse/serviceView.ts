import { isValidPort, PROTOCOLS, type Protocol } from '../model/listeners';
import { type Span } from '../text/span';
import { asMap, asScalar, asSeq, findPair, keyText, nodeSpan, stringValue } from './nodes';
import { stringField, type Field, type ResourceView } from './resource';
import { actionsIn, NO_TEMPLATE, structuralActions, type TemplateText } from './templateFields';

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
   * that reason about its port set stay silent. False too when a Helm template action stands in
   * `spec.ports` (a templated port, a `range`, an `if` around an entry): `ports` then holds only
   * the literal entries, which other Services still see in the workspace index.
   */
  readonly portsComplete: boolean;
  /**
   * `status.loadBalancer.ingress`, when the manifest carries a non-empty one (an export such as
   * `kubectl get svc -o yaml`): what the controller really reported, which wins over annotations.
   */
  readonly statusIngress: readonly IngressStatus[] | undefined;
  /**
   * Whether Helm template actions may write keys of `spec` (an `{{- if }}` around a key, a
   * `toYaml` at its level): then no key of it is known to be absent (a type, a policy).
   */
  readonly specTemplated: boolean;
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

/** `namespace/name`; a templated part is shown as written (`{{ .Release.Namespace }}`). */
export function serviceLabel(resource: Pick<ResourceView, 'namespace' | 'name'>): string {
  return `${resource.namespace}/${resource.name?.value ?? '(unnamed)'}`;
}

/** Whether the Service's namespace or name is written by an action: its label names no Service for sure, so it is never matched with another by label. */
export function labelTemplated(resource: Pick<ResourceView, 'name' | 'namespaceTemplated'>): boolean {
  return resource.name?.templated === true || resource.namespaceTemplated;
}

function readPorts(resource: ResourceView, spec: ReturnType<typeof asMap>, template: TemplateText): { ports: PortView[]; complete: boolean } {
  const document = resource.document;
  const pair = spec && findPair(spec, 'ports');
  const seq = asSeq(document, pair?.value);
  if (!seq) return { ports: [], complete: false };
  const ports: PortView[] = [];
  const keyStart = pair && pair.key && typeof pair.key === 'object' && 'range' in pair.key ? nodeSpan(pair.key as Parameters<typeof nodeSpan>[0])?.start : undefined;
  const seqSpan = nodeSpan(seq);
  // An action in an entry's other values (`targetPort: {{ … }}`) leaves the listener set as written; any other (a `range`, an `if`, a templated port) does not.
  const otherValues = seq.items.flatMap((item) => {
    const entry = asMap(document, item);
    return (entry?.items ?? []).flatMap((pair) => {
      const key = keyText(pair);
      const value = key === 'port' || key === 'protocol' ? undefined : asScalar(document, pair.value);
      const at = value && nodeSpan(value);
      return at ? [at] : [];
    });
  });
  const keyColumn = keyStart === undefined ? 0 : keyStart - (template.masked.lastIndexOf('\n', keyStart - 1) + 1);
  // After the list, an action left of `ports:` closes an outer block (an `{{- end }}` around the whole document).
  const outer = (a: Span): boolean => seqSpan !== undefined && a.start >= seqSpan.end && a.start - (template.masked.lastIndexOf('\n', a.start - 1) + 1) < keyColumn;
  const listenerActions = keyStart === undefined || !seqSpan ? [] : actionsIn(template, { start: keyStart, end: seqSpan.end }).filter((a) => !outer(a) && !otherValues.some((v) => v.start <= a.start && a.end <= v.end));
  let complete = listenerActions.length === 0;
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

/** Whether actions may write keys of spec: at its level, as its whole value (`spec:` then `{{ toYaml … }}`), or at the resource's level when it has no spec. */
function specTemplated(resource: ResourceView, spec: ReturnType<typeof asMap>, template: TemplateText): boolean {
  if (template.actions.length === 0) return false;
  if (spec) return structuralActions(template, spec).length > 0;
  const pair = findPair(resource.node, 'spec');
  const key = pair && typeof pair.key === 'object' && pair.key !== null && 'range' in pair.key ? nodeSpan(pair.key as Parameters<typeof nodeSpan>[0]) : undefined;
  if (!key) return structuralActions(template, resource.node).length > 0;
  const value = pair && typeof pair.value === 'object' && pair.value !== null && 'range' in pair.value ? nodeSpan(pair.value as Parameters<typeof nodeSpan>[0]) : undefined;
  return actionsIn(template, { start: key.start, end: value?.end ?? key.end }).length > 0;
}

/** The Service view of a resource, or undefined when it is not a `v1` Service. */
export function readServiceView(resource: ResourceView, template: TemplateText = NO_TEMPLATE): ServiceView | undefined {
  const { kind, document } = resource;
  if (kind?.value !== 'Service' || resource.apiVersion?.value !== 'v1') return undefined;
  const spec = asMap(document, findPair(resource.node, 'spec')?.value);
  const { ports, complete } = readPorts(resource, spec, template);
  return {
    ...resource,
    kind,
    type: stringField(document, spec, 'type', template),
    externalTrafficPolicy: stringField(document, spec, 'externalTrafficPolicy', template),
    loadBalancerClass: stringField(document, spec, 'loadBalancerClass', template),
    ports,
    loadBalancerSourceRanges: sourceRangesKey(document, spec),
    portsComplete: complete && ports.length > 0 && spec !== undefined,
    statusIngress: readStatusIngress(resource),
    specTemplated: specTemplated(resource, spec, template),
  };
}
