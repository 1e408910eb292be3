import { type ServiceFacts } from '../model/facts';
import { labelTemplated, serviceLabel, type ServiceView } from '../parse/serviceView';
import { type IndexedService } from './workspaceIndex';

/**
 * The index entries of a file: its LoadBalancer Services that reuse a load balancer and whose
 * ports are all readable; for a Helm template, its literal ports (those an action writes, or an
 * `if` may drop, are unknown: the others still see the listeners that are certain to be written).
 */
export function indexEntries(uri: string, services: readonly { readonly view: ServiceView; readonly facts: ServiceFacts }[]): IndexedService[] {
  const entries: IndexedService[] = [];
  for (const { view, facts } of services) {
    if (!facts.isLoadBalancer || !facts.lb || !(view.portsComplete || (view.templated && view.ports.length > 0))) continue;
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
    });
  }
  return entries;
}
