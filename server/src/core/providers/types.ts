import { type AnnotationInsertion } from '../fixes/insertAnnotation';
import { type Fix } from '../model/finding';
import { type ProviderNouns, type ServiceFacts } from '../model/facts';
import { type Listener, type ListenerLayer } from '../model/listeners';
import { type ParsedFile } from '../parse/parseFile';
import { type ServiceView } from '../parse/serviceView';

/** What a provider knows of one Service: its load balancer, and whether its controller reports an IP. */
export interface ProviderFacts extends Pick<ServiceFacts, 'lb' | 'hostname' | 'invalidHostname' | 'reportsIp' | 'unmodelled' | 'backends' | 'tlsAtLb' | 'proxyProtocol' | 'overridesListeners' | 'overridesListenersAnnotation' | 'addressType'> {
  /** How the listener on `port` forwards (a protocol annotation may make it a layer-7 proxy). */
  readonly layerOf: (port: number) => ListenerLayer;
}

/** What the cloud's API says one load balancer listens on (a saved API answer). */
export interface ListenerAnswer {
  readonly lbId: string;
  readonly listeners: readonly Listener[];
  /** False when the answer says it is one page of several: listeners may be missing. */
  readonly complete: boolean;
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

/** A value the controller does not take as written, and what follows from it. */
export interface AnnotationValueProblem {
  /** `rejected`: the change fails (an error event, or the cloud API refuses it); `misread`: it silently does something else; `ignored`: it has no effect. */
  readonly effect: 'rejected' | 'misread' | 'ignored';
  /** The key's short name, for messages. */
  readonly name: string;
  /** The accepted form, in words: `"on" or "off" (exactly, case-sensitive)`. */
  readonly accepted: string;
  /** What the controller does with this value, one sentence. */
  readonly consequence: string;
  /** The accepted value the author most likely meant (another casing), when one is. */
  readonly suggestion?: string;
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
  /**
   * Reads a saved answer of the cloud's API about load balancer listeners (parsed JSON). Undefined
   * when the value is not of this cloud's shape; `problems` name entries that could not be read.
   */
  listenerAnswers?(value: unknown): { readonly answers: readonly ListenerAnswer[]; readonly problems: readonly string[] } | undefined;
  /** For a key written with a legacy prefix its controller still reads: the current spelling of the same key. */
  legacyAnnotation?(key: string): { readonly current: string } | undefined;
  /**
   * A value of a key its controller reads that it rejects, misreads or ignores, for this Service
   * (its product decides the accepted form); undefined for an accepted value or a key it does not read.
   */
  checkAnnotationValue?(service: ServiceView, key: string, value: string): AnnotationValueProblem | undefined;
  /** Whether its controller handles the Service: one of its annotations, or its load balancer class. */
  claims(service: ServiceView): boolean;
  facts(service: ServiceView): ProviderFacts;
  /** The annotation that makes the controller report a hostname, inserted with `template` filled in; undefined where no insertion is certain. */
  hostnameFix(file: ParsedFile, service: ServiceView, facts: ServiceFacts, template: string): Fix | undefined;
  /**
   * Where the annotation that makes the controller report a hostname would go in this Service (a
   * new entry, or the value of an invalid one), its value still to fill in: the index keeps it, so
   * a fix can edit Services of files it does not retain. Undefined where none is needed or certain.
   */
  hostnameInsertion?(file: ParsedFile, service: ServiceView): AnnotationInsertion | undefined;
}
