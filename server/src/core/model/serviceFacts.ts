import { type Annotation, type ServiceView } from '../parse/serviceView';
import { findClbAnnotation, NLB_CLASS } from './annotations';
import { isLbIpBound } from '../reach/model';
import { type ProxyMode } from '../settings';
import { parseProtocolPort, type Listener, type ListenerLayer } from './listeners';

/** What the rules and the hover need to know about a Service's load balancer, derived once. */
export interface ServiceFacts {
  readonly isLoadBalancer: boolean;
  readonly isNodePort: boolean;
  readonly isNlb: boolean;
  /** The reused CLB's id annotation (either prefix), when its value is not blank. */
  readonly clbId: Annotation | undefined;
  /** The hostname annotation (either prefix), when its value is not blank. */
  readonly hostname: Annotation | undefined;
  readonly policy: 'Local' | 'Cluster';
  /** The CLB listeners this Service declares: one per `spec.ports` entry. */
  readonly listeners: readonly Listener[];
  /** Layer 7 when every listener is http/https by `...-protocol-port`, else layer 4. */
  readonly listenerLayer: ListenerLayer;
}

function nonBlank(annotation: Annotation | undefined): Annotation | undefined {
  return annotation && annotation.value.trim() !== '' ? annotation : undefined;
}

export function serviceFacts(service: ServiceView): ServiceFacts {
  const type = service.type?.value ?? 'ClusterIP';
  const protocolPort = findClbAnnotation(service.annotations, 'protocol-port');
  const byPort = (protocolPort && parseProtocolPort(protocolPort.value)) || new Map<number, string>();
  const layers = service.ports.map((p) => {
    const proto = byPort.get(p.port);
    return proto === 'http' || proto === 'https' ? 'l7' : 'l4';
  });
  return {
    isLoadBalancer: type === 'LoadBalancer',
    isNodePort: type === 'NodePort',
    isNlb: service.loadBalancerClass?.value === NLB_CLASS,
    clbId: nonBlank(findClbAnnotation(service.annotations, 'id')),
    hostname: nonBlank(findClbAnnotation(service.annotations, 'hostname')),
    policy: service.externalTrafficPolicy?.value === 'Local' ? 'Local' : 'Cluster',
    listeners: service.ports.map((p) => ({ port: p.port, protocol: p.protocol })),
    listenerLayer: layers.length > 0 && layers.every((l) => l === 'l7') ? 'l7' : 'l4',
  };
}

/**
 * Whether kube-proxy binds this Service's load balancer IP on every node (brief §1, §2). An NLB
 * gets a hostname-only status from the CCM, so it is never bound.
 */
export function lbIpBoundOnNodes(facts: ServiceFacts, proxyMode: ProxyMode): boolean {
  return !facts.isNlb && isLbIpBound({ proxyMode, serviceType: facts.isLoadBalancer ? 'LoadBalancer' : 'NodePort', hostname: facts.hostname !== undefined });
}
