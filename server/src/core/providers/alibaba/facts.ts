import { lbKey } from '../../model/facts';
import { hostnameProblem } from '../../model/hostnames';
import { type ServiceView } from '../../parse/serviceView';
import { type ProviderFacts } from '../types';
import { BACKEND_TYPE_ANNOTATION, findClbAnnotation, isClbAnnotation, NLB_CLASS } from './annotations';
import { parseProtocolPort } from './protocolPort';

export const PROVIDER_ID = 'alibaba';

/** What is known of NLB Services (docs/upstream-notes.md): the reachability model describes CLBs only. */
const NLB_NOTE =
  '**NLB** (`loadBalancerClass: alibabacloud.com/nlb`): the CCM reports a hostname only, so kube-proxy binds nothing and in-cluster clients go to the NLB itself. The reachability table models CLBs and is not shown.';

export function claims(service: ServiceView): boolean {
  return service.loadBalancerClass?.value === NLB_CLASS || service.annotations.some((a) => isClbAnnotation(a.key));
}

const nonBlank = <T extends { value: string }>(annotation: T | undefined): T | undefined => (annotation && annotation.value.trim() !== '' ? annotation : undefined);

/** Non-empty as the CCM tests it (`!= ""`): a value of spaces counts, unlike nonBlank's. */
const nonBlankExact = <T extends { value: string }>(annotation: T | undefined): T | undefined => (annotation && annotation.value !== '' ? annotation : undefined);

function proxyProtocolOn(service: ServiceView): ProviderFacts['proxyProtocol'] {
  const annotation = findClbAnnotation(service.annotations, 'proxy-protocol');
  return annotation?.value === 'on' ? annotation.valueSpan : undefined;
}

function backendsOf(service: ServiceView): ProviderFacts['backends'] {
  const value = service.annotations.find((a) => a.key === BACKEND_TYPE_ANNOTATION)?.value ?? '';
  if (value === '') return undefined;
  return value === 'eni' ? 'pods' : 'nodes';
}

export function facts(service: ServiceView): ProviderFacts {
  const isNlb = service.loadBalancerClass?.value === NLB_CLASS;
  const id = nonBlank(findClbAnnotation(service.annotations, 'id'));
  const hostnameAnnotation = findClbAnnotation(service.annotations, 'hostname');
  // The API server rejects the CCM's status update with such a value: the annotation changes nothing (rule hostname-invalid).
  const problem = hostnameAnnotation && hostnameProblem(hostnameAnnotation.value);
  const hostname = hostnameAnnotation && !problem ? hostnameAnnotation : undefined;
  const protocolPort = findClbAnnotation(service.annotations, 'protocol-port');
  const forceOverride = findClbAnnotation(service.annotations, 'force-override-listeners');
  const reused = id !== undefined && !isNlb;
  const byPort = (protocolPort && parseProtocolPort(protocolPort.value)) || new Map<number, string>();
  return {
    // An NLB is not a reused CLB: its id annotation (if any) names another product.
    lb: id && !isNlb ? { provider: PROVIDER_ID, id: id.value.trim(), key: lbKey(PROVIDER_ID, id.value.trim()), span: id.valueSpan } : undefined,
    hostname,
    invalidHostname: hostnameAnnotation && problem ? { key: hostnameAnnotation.key, value: hostnameAnnotation.value, valueSpan: hostnameAnnotation.valueSpan, problem } : undefined,
    // The CCM writes the hostname instead of the IP (v2.3.0 and later); an NLB gets a hostname-only status.
    reportsIp: hostname === undefined && !isNlb,
    unmodelled: isNlb ? NLB_NOTE : undefined,
    backends: backendsOf(service),
    // An https item in protocol-port makes that listener terminate TLS (with the cert-id certificate).
    tlsAtLb: protocolPort && [...byPort.values()].includes('https') ? protocolPort.valueSpan : undefined,
    // clbv1/listeners.go: proxy-protocol "on" enables PROXY protocol v2 on the Service's listeners.
    proxyProtocol: proxyProtocolOn(service),
    // IsForceOverride: exactly "true", no trimming, no other casing; absent: off (catalogue, force-override-listeners).
    overridesListeners: reused ? forceOverride?.value === 'true' : undefined,
    overridesListenersAnnotation: reused ? forceOverride : undefined,
    // clbv1 BuildLocalModel takes the text as written; Update compares it with the CLB's own only when non-empty.
    addressType: reused ? nonBlankExact(findClbAnnotation(service.annotations, 'address-type')) : undefined,
    layerOf: (port) => {
      const protocol = byPort.get(port);
      return protocol === 'http' || protocol === 'https' ? 'l7' : 'l4';
    },
  };
}
