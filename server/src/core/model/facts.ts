import { type Span } from '../text/span';
import { type HostnameProblem } from './hostnames';
import { type TrafficPolicy } from './kubernetes';
import { type Listener, type ListenerLayer } from './listeners';

/** A reused cloud load balancer, named by its provider: the index keys load balancers by `provider:id`. */
export interface LoadBalancerRef {
  readonly provider: string;
  readonly id: string;
  /** `provider:id`. */
  readonly key: string;
  /** Where the id stands (the annotation's value). */
  readonly span: Span;
}

export interface HostnameAnnotation {
  readonly key: string;
  readonly value: string;
  readonly valueSpan: Span;
}

export function lbKey(provider: string, id: string): string {
  return `${provider}:${id}`;
}

/** How a provider names things in messages. */
export interface ProviderNouns {
  /** The load balancer product, e.g. `CLB`. */
  readonly lb: string;
  /** The controller that reconciles it, e.g. `the CCM`. */
  readonly controller: string;
}

/** An annotation as the provider read it (its current or legacy spelling): the key as written, its value and where the value stands. */
export interface ReadAnnotation {
  readonly key: string;
  readonly value: string;
  readonly valueSpan: Span;
}

export interface ServiceListener extends Listener {
  readonly layer: ListenerLayer;
  /** The `port:` value in `spec.ports`. */
  readonly span: Span;
}

/** What the rules, the index and the hover need to know about a Service's load balancer, derived once, whatever the cloud. */
export interface ServiceFacts {
  /** The provider module that reads this Service's annotations. */
  readonly provider: string;
  readonly nouns: ProviderNouns;
  readonly isLoadBalancer: boolean;
  readonly isNodePort: boolean;
  readonly policy: TrafficPolicy;
  /** The load balancer this Service reuses, when it names one. */
  readonly lb: LoadBalancerRef | undefined;
  /** The annotation that makes the controller report a hostname instead of the IP, when set to a hostname the API server accepts. */
  readonly hostname: HostnameAnnotation | undefined;
  /** The hostname annotation when its value can never become the status (empty, a placeholder, an IP, not a DNS name): it changes nothing. */
  readonly invalidHostname: (HostnameAnnotation & { readonly problem: HostnameProblem }) | undefined;
  /**
   * Whether the controller writes the load balancer's IP into `status.loadBalancer.ingress`. From
   * the Service's own status when it carries one (an export), else from its annotations.
   */
  readonly reportsIp: boolean;
  /**
   * The status says `ipMode: Proxy` for every IP it reports: from Kubernetes 1.30 (LoadBalancerIPMode
   * on by default) kube-proxy then binds nothing and in-cluster traffic goes to the load balancer.
   */
  readonly ipModeProxy: boolean;
  /** Set when the reachability model does not describe this load balancer (an NLB, say): what is known instead. */
  readonly unmodelled: string | undefined;
  /** One per `spec.ports` entry, with the layer its listener forwards at. */
  readonly listeners: readonly ServiceListener[];
  /**
   * What the controller registers as load balancer backends, when the Service says so: `nodes`
   * (their NodePorts, by externalTrafficPolicy) or `pods` (the endpoints themselves, whatever the
   * policy). Undefined: the cluster-wide default applies (the `backendType` setting).
   */
  readonly backends: 'nodes' | 'pods' | undefined;
  /** Where the Service makes a listener terminate TLS at the load balancer (an HTTPS listener), when it does. */
  readonly tlsAtLb: Span | undefined;
  /** Where the Service makes its listeners send the PROXY protocol header, when it does. */
  readonly proxyProtocol: Span | undefined;
  /** `spec.loadBalancerSourceRanges`, when set: kube-proxy enforces it in-cluster (the CLB controller ignores it). */
  readonly sourceRanges: Span | undefined;
  /**
   * On a reused load balancer: whether the controller creates and updates this Service's listeners
   * on it (as it reads the annotation: its default when absent). Undefined when it reuses none.
   */
  readonly overridesListeners: boolean | undefined;
  /** The annotation `overridesListeners` was read from, when the Service sets it. */
  readonly overridesListenersAnnotation: ReadAnnotation | undefined;
  /**
   * The address type (public or private) the Service asks for, when it sets one (non-empty): the
   * controller compares it with a reused load balancer's own and fails the reconcile when they
   * differ; an absent one is not compared.
   */
  readonly addressType: ReadAnnotation | undefined;
  /** Layer 7 when every listener proxies (http/https), else layer 4. */
  readonly listenerLayer: ListenerLayer;
  /**
   * What Helm template actions leave unknown that the reachability depends on (`the hostname
   * annotation`, `spec.type`), empty for a plain manifest. Then `unmodelled` says so, `reportsIp`
   * is not known (`reportsIpKnown`), and the facts hold only what is literal: a templated id is no
   * reused load balancer, a templated hostname no hostname.
   */
  readonly templateUnknowns: readonly string[];
  /** False when actions may decide whether the controller reports the IP: the index counts the Service neither as binding it nor as hostname-only. */
  readonly reportsIpKnown: boolean;
}
