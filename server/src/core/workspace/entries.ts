import { type ServiceFacts } from '../model/facts';
import { type ParsedFile } from '../parse/parseFile';
import { labelTemplated, serviceLabel, type ServiceView } from '../parse/serviceView';
import { type Provider } from '../providers/types';
import { type IndexedService } from './workspaceIndex';

/**
 * The index entries of a file: its LoadBalancer Services that reuse a load balancer and whose
 * ports are all readable; for a Helm template, its literal ports (those an action writes, or an
 * `if` may drop, are unknown: the others still see the listeners that are certain to be written).
 */
export function indexEntries(uri: string, file: ParsedFile, services: readonly { readonly view: ServiceView; readonly facts: ServiceFacts; readonly provider: Provider }[]): IndexedService[] {
  const entries: IndexedService[] = [];
  for (const { view, facts, provider } of services) {
    if (!facts.isLoadBalancer || !facts.lb || !(view.portsComplete || (view.templated && view.ports.length > 0))) continue;
    // What a Service's status says wins over its annotations (an export), and a template is not edited from elsewhere.
    const insertion = view.statusIngress || view.templated ? undefined : provider.hostnameInsertion?.(file, view);
    entries.push({
      uri,
      resource: view.address,
      label: serviceLabel(view),
      lb: facts.lb,
      reportsIp: facts.reportsIp,
      reportsIpKnown: facts.reportsIpKnown,
      labelTemplated: labelTemplated(view),
      templated: view.templated,
      ipModeProxy: facts.ipModeProxy,
      ports: view.ports.map((p) => ({ listener: { port: p.port, protocol: p.protocol }, span: p.span })),
      overridesListeners: facts.overridesListeners,
      overridesListenersAnnotation: facts.overridesListenersAnnotation,
      addressType: facts.addressType,
      hostnameInsertion: insertion && { ...insertion, name: view.name?.value ?? '', namespace: view.namespace },
    });
  }
  return entries;
}
