import { type ServiceFacts } from '../model/facts';
import { type Settings } from '../settings/resolve';
import { isLbIpBound } from './model';
import { reportsBoundIp } from '../model/binding';
import { type ReachInput } from './vocabulary';

/** The reachability question for a Service (one the model describes: callers check `facts.unmodelled`) under the settings in effect. */
export function reachInputOf(facts: ServiceFacts, settings: Settings): ReachInput {
  return {
    proxyMode: settings.proxyMode,
    kubernetesMinor: settings.kubernetesVersion.minor,
    kubernetesPatch: settings.kubernetesVersion.patchGiven ? settings.kubernetesVersion.patch : undefined,
    serviceType: facts.isLoadBalancer ? 'LoadBalancer' : 'NodePort',
    policy: facts.policy,
    hostname: !reportsBoundIp(facts, settings),
    reused: facts.lb !== undefined,
    listenerLayer: facts.listenerLayer,
    // The Service's own backend-type wins over the cluster-wide default, as in the CCM.
    sourceRanges: facts.sourceRanges !== undefined,
    lbTerminatesTls: facts.tlsAtLb !== undefined,
    lbProxyProtocol: facts.proxyProtocol !== undefined,
    lbBackends: facts.backends ?? (settings.backendType === 'eni' ? 'pods' : 'nodes'),
  };
}

/** Whether kube-proxy binds this Service's load balancer IP on every node (the controller must report the IP). */
export function lbIpBoundOnNodes(facts: ServiceFacts, settings: Pick<Settings, 'proxyMode' | 'kubernetesVersion'>): boolean {
  return reportsBoundIp(facts, settings) && isLbIpBound({ proxyMode: settings.proxyMode, serviceType: facts.isLoadBalancer ? 'LoadBalancer' : 'NodePort', hostname: false });
}
