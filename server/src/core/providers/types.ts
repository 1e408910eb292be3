import { type Fix } from '../model/finding';
import { type ProviderNouns, type ServiceFacts } from '../model/facts';
import { type ListenerLayer } from '../model/listeners';
import { type ParsedFile } from '../parse/parseFile';
import { type ServiceView } from '../parse/serviceView';

/** What a provider knows of one Service: its load balancer, and whether its controller reports an IP. */
export interface ProviderFacts extends Pick<ServiceFacts, 'lb' | 'hostname' | 'reportsIp' | 'unmodelled' | 'backends' | 'tlsAtLb' | 'proxyProtocol' | 'overridesListeners' | 'overridesListenersAnnotation' | 'addressType'> {
  /** How the listener on `port` forwards (a protocol annotation may make it a layer-7 proxy). */
  readonly layerOf: (port: number) => ListenerLayer;
}

/** What completion, hover and the injection grammar know of one annotation key. */
export interface AnnotationDoc {
  readonly key: string;
  readonly summary: string;
  /** Other spellings the controller reads as this key (a legacy prefix), and which one wins. */
  readonly aliases?: readonly string[];
  /** The accepted values and how they are compared, for people. */
  readonly values?: string;
  /** A closed set of values, offered as completions. */
  readonly options?: readonly string[];
  readonly default?: string;
  /** The first controller version that reads it. */
  readonly since?: string;
  /** The products whose controllers read it; absent: all of them. */
  readonly products?: readonly string[];
  /** Its entry in docs/annotations.md (`#anchor`). */
  readonly anchor?: string;
}

/**
 * One cloud's load balancer controller, as a module: its annotation keys, how a Service reuses an
 * existing load balancer, whether the controller reports an IP or a hostname, its listeners'
 * protocols, its hostname fix and its nouns. Nothing outside `providers/<id>/` names its keys.
 */
export interface Provider {
  /** Stable id, the first half of the index's `provider:id` keys. */
  readonly id: string;
  readonly displayName: string;
  readonly nouns: ProviderNouns;
  /** Prefixes of every annotation key its controller reads (the injection grammar is generated from them). */
  readonly annotationPrefixes: readonly string[];
  /** Every key its controller reads (completion, hover, the grammar), with a one-line meaning. */
  readonly annotationKeys: readonly AnnotationDoc[];
  /** The product (e.g. CLB or NLB) that serves a Service of this `spec.loadBalancerClass`; undefined when none of its products does. */
  productOf?(loadBalancerClass: string | undefined): string | undefined;
  /**
   * For a key its controller does not read but that looks meant for it (its prefix family, a near
   * miss): the nearest key it reads, when one is close. Undefined for keys it reads and unrelated keys.
   */
  unknownAnnotation?(key: string): { readonly nearest: string | undefined } | undefined;
  /** Whether its controller handles the Service: one of its annotations, or its load balancer class. */
  claims(service: ServiceView): boolean;
  facts(service: ServiceView): ProviderFacts;
  /** The annotation that makes the controller report a hostname, inserted with `template` filled in; undefined where no insertion is certain. */
  hostnameFix(file: ParsedFile, service: ServiceView, facts: ServiceFacts, template: string): Fix | undefined;
}
