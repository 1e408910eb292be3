import { type ServiceFacts } from '../model/facts';
import { type ParsedFile } from '../parse/parseFile';
import { serviceLabel, type ServiceView } from '../parse/serviceView';
import { type Provider } from '../providers/types';
import { type IndexedService } from './workspaceIndex';

/** The index entries of a file: its LoadBalancer Services that reuse a load balancer and whose ports are all readable. */
export function indexEntries(uri: string, file: ParsedFile, services: readonly { readonly view: ServiceView; readonly facts: ServiceFacts; readonly provider: Provider }[]): IndexedService[] {
  const entries: IndexedService[] = [];
  for (const { view, facts, provider } of services) {
    if (!facts.isLoadBalancer || !facts.lb || !view.portsComplete) continue;
    // What a Service's status says wins over its annotations (an export): an annotation added there changes nothing.
    const insertion = view.statusIngress ? undefined : provider.hostnameInsertion?.(file, view);
    entries.push({
      uri,
      resource: view.address,
      label: serviceLabel(view),
      lb: facts.lb,
      reportsIp: facts.reportsIp,
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
