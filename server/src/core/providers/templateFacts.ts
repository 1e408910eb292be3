import { type ServiceFacts } from '../model/facts';
import { type Annotation } from '../parse/resource';
import { type ServiceView } from '../parse/serviceView';
import { type Span } from '../text/span';
import { type AnnotationDoc, type Provider } from './types';

type TemplatedFacts = Pick<ServiceFacts, 'lb' | 'hostname' | 'invalidHostname' | 'overridesListeners' | 'overridesListenersAnnotation' | 'addressType' | 'tlsAtLb' | 'proxyProtocol' | 'unmodelled' | 'templateUnknowns' | 'reportsIpKnown'>;

const sameSpan = (a: Span | undefined, b: Span): boolean => a !== undefined && a.start === b.start && a.end === b.end;

function readBy(provider: Provider, annotation: Annotation): AnnotationDoc | undefined {
  return provider.annotationKeys.find((k) => k.key === annotation.key || k.aliases?.includes(annotation.key));
}

/**
 * A Helm template's facts, honest: whatever its provider read from a value an action writes is
 * dropped (unknown, never guessed), and when any such value, an action among the annotations, or a
 * templated `spec.type`, policy or class may change the reachability, the Service is unmodelled.
 * The facts of a plain manifest come back unchanged.
 */
export function templateFacts(service: ServiceView, provider: Provider, facts: Omit<ServiceFacts, 'templateUnknowns' | 'reportsIpKnown'>): TemplatedFacts {
  const unchanged = { ...facts, templateUnknowns: [], reportsIpKnown: true };
  if (!service.templated) return unchanged;
  const templatedValues = service.annotations.filter((a) => a.templated || a.keyTemplated);
  const templatedAt = (at: Span | undefined): boolean => templatedValues.some((a) => sameSpan(at, a.valueSpan));
  const unknowns: string[] = [];
  if (service.annotationsTemplated) unknowns.push('metadata.annotations');
  if (service.specTemplated) unknowns.push('spec');
  // A templated key makes the whole set unknown (metadata.annotations, above); a templated value of a key the controller reads is that key.
  for (const annotation of templatedValues) if (!annotation.keyTemplated && readBy(provider, annotation)) unknowns.push(annotation.key);
  for (const field of [service.type, service.externalTrafficPolicy, service.loadBalancerClass]) {
    if (field?.templated) unknowns.push(field === service.type ? 'spec.type' : field === service.loadBalancerClass ? 'spec.loadBalancerClass' : 'spec.externalTrafficPolicy');
  }
  if (unknowns.length === 0) return unchanged;
  const lbTemplated = templatedAt(facts.lb?.span);
  const hostnameTemplated = templatedAt(facts.hostname?.valueSpan) || templatedAt(facts.invalidHostname?.valueSpan);
  // Absent from the literal text but among what the actions may write: not known to be off.
  const overrideTemplated = templatedAt(facts.overridesListenersAnnotation?.valueSpan) || (service.annotationsTemplated && !facts.overridesListenersAnnotation);
  return {
    lb: lbTemplated ? undefined : facts.lb,
    hostname: hostnameTemplated ? undefined : facts.hostname,
    invalidHostname: hostnameTemplated ? undefined : facts.invalidHostname,
    overridesListeners: overrideTemplated || lbTemplated ? undefined : facts.overridesListeners,
    overridesListenersAnnotation: overrideTemplated || lbTemplated ? undefined : facts.overridesListenersAnnotation,
    addressType: templatedAt(facts.addressType?.valueSpan) || lbTemplated ? undefined : facts.addressType,
    tlsAtLb: templatedAt(facts.tlsAtLb) ? undefined : facts.tlsAtLb,
    proxyProtocol: templatedAt(facts.proxyProtocol) ? undefined : facts.proxyProtocol,
    unmodelled: `**Helm template:** ${unknowns.map((u) => `\`${u}\``).join(', ')} ${unknowns.length === 1 ? 'is' : 'are'} written by template actions, so the reachability is not known without rendering it; nothing is assumed.`,
    templateUnknowns: unknowns,
    // A hostname may be among what the actions write: whether the IP is reported is not known.
    reportsIpKnown: false,
  };
}
