import { type ServiceFacts } from '../model/serviceFacts';
import { type Settings } from '../settings';
import { type ReachInput } from './vocabulary';

/** The reachability question for a Service under the settings in effect. */
export function reachInputOf(facts: ServiceFacts, settings: Settings): ReachInput {
  return {
    proxyMode: settings.proxyMode,
    kubernetesMinor: settings.kubernetesVersion.minor,
    serviceType: facts.isLoadBalancer ? 'LoadBalancer' : 'NodePort',
    policy: facts.policy,
    // An NLB gets a hostname-only status from the CCM: bound nowhere, like the hostname annotation.
    hostname: facts.hostname !== undefined || facts.isNlb,
    reused: facts.clbId !== undefined,
    listenerLayer: facts.listenerLayer,
  };
}
