import { type ServiceFacts } from '../model/serviceFacts';
import { type Settings } from '../settings';
import { type ReachInput } from './vocabulary';

/** The reachability question for a (CLB, not NLB: callers check `facts.isNlb`) Service under the settings in effect. */
export function reachInputOf(facts: ServiceFacts, settings: Settings): ReachInput {
  return {
    proxyMode: settings.proxyMode,
    kubernetesMinor: settings.kubernetesVersion.minor,
    serviceType: facts.isLoadBalancer ? 'LoadBalancer' : 'NodePort',
    policy: facts.policy,
    hostname: facts.hostname !== undefined,
    reused: facts.clbId !== undefined,
    listenerLayer: facts.listenerLayer,
  };
}
