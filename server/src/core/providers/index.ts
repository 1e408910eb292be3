import { type ServiceFacts } from '../model/facts';
import { type ServiceView } from '../parse/serviceView';
import { alibaba } from './alibaba';
import { templateFacts } from './templateFacts';
import { type AnnotationDoc, type Provider } from './types';

/** Every cloud, one line each. The first also answers for a Service no provider claims (the product models it). */
export const PROVIDERS: readonly Provider[] = [alibaba];

export function providerOf(service: ServiceView, providers: readonly Provider[]): Provider {
  return providers.find((p) => p.claims(service)) ?? providers[0]!;
}

/** The provider-neutral facts of a Service, from the provider whose controller handles it. */
export function serviceFacts(service: ServiceView, providers: readonly Provider[] = PROVIDERS): ServiceFacts {
  const provider = providerOf(service, providers);
  const { layerOf, ...known } = provider.facts(service);
  const type = service.type?.value ?? 'ClusterIP';
  // What the controller really reported wins over what its annotations would make it report.
  const status = service.statusIngress;
  const ips = status?.filter((entry) => entry.ip !== undefined) ?? [];
  const listeners = service.ports.map((p) => ({ port: p.port, protocol: p.protocol, layer: layerOf(p.port), span: p.span }));
  const facts: Omit<ServiceFacts, 'templateUnknowns' | 'reportsIpKnown'> = {
    ...known,
    reportsIp: status ? ips.length > 0 : known.reportsIp,
    ipModeProxy: ips.length > 0 && ips.every((entry) => entry.ipMode === 'Proxy'),
    provider: provider.id,
    nouns: provider.nouns,
    // A templated type is the action's text: neither, so no rule takes it for one.
    isLoadBalancer: type === 'LoadBalancer',
    isNodePort: type === 'NodePort',
    policy: service.externalTrafficPolicy?.value === 'Local' ? 'Local' : 'Cluster',
    sourceRanges: service.loadBalancerSourceRanges,
    listeners,
    listenerLayer: listeners.length > 0 && listeners.every((l) => l.layer === 'l7') ? 'l7' : 'l4',
  };
  return { ...facts, ...templateFacts(service, provider, facts) };
}

/** The documented annotation a key names (its current spelling or a legacy alias), and the provider that reads it. */
export function annotationDocOf(key: string, providers: readonly Provider[]): { provider: Provider; doc: AnnotationDoc } | undefined {
  for (const provider of providers) {
    const doc = provider.annotationKeys.find((k) => k.key === key || k.aliases?.includes(key));
    if (doc) return { provider, doc };
  }
  return undefined;
}
