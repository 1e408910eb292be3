import { type Fix } from '../model/finding';
import { type ProviderNouns, type ServiceFacts } from '../model/facts';
import { type ListenerLayer } from '../model/listeners';
import { type ParsedFile } from '../parse/parseFile';
import { type ServiceView } from '../parse/serviceView';

/** What a provider knows of one Service: its load balancer, and whether its controller reports an IP. */
export interface ProviderFacts extends Pick<ServiceFacts, 'lb' | 'hostname' | 'reportsIp' | 'unmodelled' | 'backends' | 'tlsAtLb' | 'proxyProtocol'> {
  /** How the listener on `port` forwards (a protocol annotation may make it a layer-7 proxy). */
  readonly layerOf: (port: number) => ListenerLayer;
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
  /** The keys it documents (completion), with a one-line meaning. */
  readonly annotationKeys: readonly { readonly key: string; readonly summary: string }[];
  /** Whether its controller handles the Service: one of its annotations, or its load balancer class. */
  claims(service: ServiceView): boolean;
  facts(service: ServiceView): ProviderFacts;
  /** The annotation that makes the controller report a hostname, inserted with `template` filled in; undefined where no insertion is certain. */
  hostnameFix(file: ParsedFile, service: ServiceView, facts: ServiceFacts, template: string): Fix | undefined;
}
