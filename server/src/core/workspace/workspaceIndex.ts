import { type AnnotationInsertion } from '../fixes/insertAnnotation';
import { type LoadBalancerRef, type ReadAnnotation } from '../model/facts';
import { sameAddress, type ResourceAddress } from '../model/finding';
import { compareListeners, listenerKey, type Listener } from '../model/listeners';
import { type LineIndex } from '../text/lineIndex';
import { type Span } from '../text/span';
import { type Settings } from '../settings/resolve';
import { reportsBoundIp } from '../model/binding';

/** A Service that reuses a load balancer, as the index remembers it: small, no AST. */
export interface IndexedService {
  readonly uri: string;
  readonly resource: ResourceAddress;
  /** `namespace/name`. */
  readonly label: string;
  readonly lb: LoadBalancerRef;
  /** False when the controller reports a hostname: kube-proxy binds nothing for this Service. */
  readonly reportsIp: boolean;
  /** False for a Helm template whose actions may set a hostname: counted neither as binding the IP nor as hostname-only. */
  readonly reportsIpKnown: boolean;
  /** A Helm template's Service (actions stand in it): its ports are its literal ones. */
  readonly templated: boolean;
  /** A template's name or namespace written by an action: its label matches no other Service's. */
  readonly labelTemplated: boolean;
  /** Its status says `ipMode: Proxy`: from 1.30 kube-proxy binds nothing for it either. */
  readonly ipModeProxy: boolean;
  readonly ports: readonly { readonly listener: Listener; readonly span: Span }[];
  /** Whether the controller manages this Service's listeners on the load balancer (undefined: its provider does not say), and the annotation that says so, when set. */
  readonly overridesListeners: boolean | undefined;
  readonly overridesListenersAnnotation: ReadAnnotation | undefined;
  /** The address type the Service sets (non-empty), which the controller compares with the load balancer's own. */
  readonly addressType: ReadAnnotation | undefined;
  /**
   * Where its provider's hostname annotation would go (computed from the parse when the file was
   * read), with the template's variables: a fix fills in the value for files the service does not
   * retain. Undefined when it needs none, its status decides, or no insertion is certain.
   */
  readonly hostnameInsertion: (AnnotationInsertion & { readonly name: string; readonly namespace: string }) | undefined;
}

/** Who declares one listener of a load balancer, and where. */
export interface ListenerUse {
  readonly listener: Listener;
  readonly declaredBy: readonly { readonly service: IndexedService; readonly span: Span }[];
}

/** What a cloud's API said a load balancer listens on, from one saved answer (a listener file). */
export interface AnsweredListeners {
  /** The file (or other source) the answer was read from. */
  readonly source: string;
  readonly listeners: readonly Listener[];
  readonly complete: boolean;
}

/** Which cluster a file's Services run in, and whether the file is analysed at all (the config files decide). */
export interface ScopeResolver {
  clusterKey(uri: string): string;
  /** The name a user knows the cluster by (`prod`, the folder's name, `default`). */
  clusterName(uri: string): string;
  ignored(uri: string): boolean;
}

const ONE_CLUSTER: ScopeResolver = { clusterKey: () => 'run', clusterName: () => 'default', ignored: () => false };

/** Load balancers are named by their `provider:id` key everywhere in the index. */
export interface WorkspaceIndexReader {
  /** The cluster the Services of `uri` run in. */
  clusterOf(uri: string): string;
  /** The name of that cluster, as messages and hovers say it. */
  clusterNameOf(uri: string): string;
  /** What saved API answers say the load balancer listens on (empty when none describes it). */
  answeredListeners(lbKey: string): readonly AnsweredListeners[];
  servicesReusing(lbKey: string): readonly IndexedService[];
  /** The load balancer's listeners (`port/PROTOCOL` → declarations) in port order, built once per change of it. */
  listenersOf(lbKey: string): ReadonlyMap<string, ListenerUse>;
  /** The Services reusing it known to report its IP: each keeps the IP bound under IPVS. */
  reportingIp(lbKey: string): readonly IndexedService[];
  lineIndexOf(uri: string): LineIndex | undefined;
}

/** A Service as the rules name it when they ask the index about the others. */
export interface ServiceRef {
  readonly uri: string;
  readonly resource: ResourceAddress;
  readonly label: string;
  readonly labelTemplated?: boolean;
}

/**
 * The same Service: the same resource of the same file, or the same `namespace/name` elsewhere in
 * the same cluster (a base and its overlay, a manifest and its export). In another cluster it is another Service.
 */
export function isSameService(index: Pick<WorkspaceIndexReader, 'clusterOf'>, entry: IndexedService, self: ServiceRef): boolean {
  if (entry.uri === self.uri && sameAddress(entry.resource, self.resource)) return true;
  if (entry.labelTemplated || self.labelTemplated === true) return false;
  return entry.label === self.label && index.clusterOf(entry.uri) === index.clusterOf(self.uri);
}

interface FileEntry {
  readonly services: readonly IndexedService[];
  readonly lineIndex: LineIndex;
}

/**
 * Load balancer (`provider:id`) → the Services that reuse it, across every file the service is
 * fed (files on disk, overridden by open documents). It answers "who else reuses this load
 * balancer" and "which files share one with this one".
 */
export class WorkspaceIndex implements WorkspaceIndexReader {
  private readonly files = new Map<string, FileEntry>();
  private readonly urisByLb = new Map<string, Set<string>>();
  private readonly listenerCache = new Map<string, Map<string, ListenerUse>>();
  private readonly reportingIpCache = new Map<string, IndexedService[]>();
  private readonly answers = new Map<string, Map<string, AnsweredListeners>>();
  private readonly answerSources = new Map<string, Set<string>>();

  constructor(private readonly scope: ScopeResolver = ONE_CLUSTER) {}

  clusterOf(uri: string): string {
    return this.scope.clusterKey(uri);
  }

  clusterNameOf(uri: string): string {
    return this.scope.clusterName(uri);
  }

  /** The config files changed: which file belongs to which cluster, and which is ignored, may have too. */
  scopesChanged(): void {
    this.listenerCache.clear();
    this.reportingIpCache.clear();
  }

  /** Replaces what one saved API answer says; returns the load balancer keys whose answered listeners changed. */
  setListenerAnswers(source: string, answers: readonly { readonly lbKey: string; readonly listeners: readonly Listener[]; readonly complete: boolean }[]): Set<string> {
    const changed = this.removeListenerAnswers(source);
    const keys = new Set<string>();
    for (const answer of answers) {
      let bySource = this.answers.get(answer.lbKey);
      if (!bySource) this.answers.set(answer.lbKey, (bySource = new Map<string, AnsweredListeners>()));
      const before = bySource.get(source);
      bySource.set(source, { source, listeners: [...(before?.listeners ?? []), ...answer.listeners], complete: answer.complete && (before?.complete ?? true) });
      keys.add(answer.lbKey);
      changed.add(answer.lbKey);
    }
    if (keys.size > 0) this.answerSources.set(source, keys);
    return changed;
  }

  removeListenerAnswers(source: string): Set<string> {
    const keys = this.answerSources.get(source) ?? new Set<string>();
    for (const key of keys) {
      const bySource = this.answers.get(key);
      bySource?.delete(source);
      if (bySource?.size === 0) this.answers.delete(key);
    }
    this.answerSources.delete(source);
    return new Set(keys);
  }

  answeredListeners(lbKey: string): readonly AnsweredListeners[] {
    return [...(this.answers.get(lbKey)?.values() ?? [])].sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
  }

  /**
   * Replaces what the index knows of `uri`; returns the load balancer keys whose Services changed
   * (none when an edit left every indexed Service as it was, e.g. typing in a comment below them).
   */
  update(uri: string, services: readonly IndexedService[], lineIndex: LineIndex): Set<string> {
    const previous = this.files.get(uri);
    if (previous && sameServices(previous.services, services)) {
      this.files.set(uri, { services: previous.services, lineIndex });
      return new Set();
    }
    const changed = this.remove(uri);
    if (services.length === 0) return changed;
    this.files.set(uri, { services, lineIndex });
    for (const service of services) {
      changed.add(service.lb.key);
      this.forgetDerived(service.lb.key);
      let uris = this.urisByLb.get(service.lb.key);
      if (!uris) this.urisByLb.set(service.lb.key, (uris = new Set()));
      uris.add(uri);
    }
    return changed;
  }

  has(uri: string): boolean {
    return this.files.has(uri);
  }

  /** Forgets every file below a folder (deleted or renamed as a whole); returns their load balancer keys. */
  removeFolder(folderUri: string): Set<string> {
    const prefix = folderUri.endsWith('/') ? folderUri : `${folderUri}/`;
    const changed = new Set<string>();
    for (const uri of [...this.files.keys()]) if (uri.startsWith(prefix)) for (const id of this.remove(uri)) changed.add(id);
    return changed;
  }

  /** Forgets `uri`; returns the load balancer keys it had. */
  remove(uri: string): Set<string> {
    const changed = new Set<string>();
    const entry = this.files.get(uri);
    if (!entry) return changed;
    this.files.delete(uri);
    for (const service of entry.services) {
      changed.add(service.lb.key);
      this.forgetDerived(service.lb.key);
      const uris = this.urisByLb.get(service.lb.key);
      uris?.delete(uri);
      if (uris?.size === 0) this.urisByLb.delete(service.lb.key);
    }
    return changed;
  }

  servicesReusing(lbKey: string): IndexedService[] {
    const result: IndexedService[] = [];
    for (const uri of this.urisByLb.get(lbKey) ?? []) {
      // A file the config's ignorePaths exclude is not part of the analysis, for itself or for others.
      if (this.scope.ignored(uri)) continue;
      for (const service of this.files.get(uri)?.services ?? []) if (service.lb.key === lbKey) result.push(service);
    }
    // A stable order (not the order files happened to be read in) for messages and hovers.
    return result.sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : a.resource.documentIndex - b.resource.documentIndex || (a.resource.itemIndex ?? -1) - (b.resource.itemIndex ?? -1)));
  }

  listenersOf(lbKey: string): ReadonlyMap<string, ListenerUse> {
    const cached = this.listenerCache.get(lbKey);
    if (cached) return cached;
    const built = new Map<string, { listener: Listener; declaredBy: { service: IndexedService; span: Span }[] }>();
    for (const service of this.servicesReusing(lbKey)) {
      for (const port of service.ports) {
        const key = listenerKey(port.listener);
        let use = built.get(key);
        if (!use) built.set(key, (use = { listener: port.listener, declaredBy: [] }));
        use.declaredBy.push({ service, span: port.span });
      }
    }
    // Sorted once here by port and protocol, so rules list them in order without sorting per Service.
    const sorted = new Map([...built].sort(([, a], [, b]) => compareListeners(a.listener, b.listener)));
    this.listenerCache.set(lbKey, sorted);
    return sorted;
  }

  reportingIp(lbKey: string): readonly IndexedService[] {
    let services = this.reportingIpCache.get(lbKey);
    if (!services) this.reportingIpCache.set(lbKey, (services = this.servicesReusing(lbKey).filter((s) => s.reportsIp && s.reportsIpKnown)));
    return services;
  }

  private forgetDerived(lbKey: string): void {
    this.listenerCache.delete(lbKey);
    this.reportingIpCache.delete(lbKey);
  }

  /** The files holding a Service that reuses one of `lbKeys`. */
  urisReusing(lbKeys: Iterable<string>): Set<string> {
    const uris = new Set<string>();
    for (const id of lbKeys) for (const uri of this.urisByLb.get(id) ?? []) uris.add(uri);
    return uris;
  }

  lineIndexOf(uri: string): LineIndex | undefined {
    return this.files.get(uri)?.lineIndex;
  }

  get fileCount(): number {
    return this.files.size;
  }
}

/** Whether two lists of a file's indexed Services say the same (ids, labels, ports and where they stand). */
function sameServices(a: readonly IndexedService[], b: readonly IndexedService[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((x, i) => {
    const y = b[i]!;
    return (
      sameAddress(x.resource, y.resource) &&
      x.label === y.label &&
      x.lb.key === y.lb.key &&
      x.reportsIp === y.reportsIp &&
      x.reportsIpKnown === y.reportsIpKnown &&
      x.labelTemplated === y.labelTemplated &&
      x.templated === y.templated &&
      x.ipModeProxy === y.ipModeProxy &&
      x.lb.span.start === y.lb.span.start &&
      x.lb.span.end === y.lb.span.end &&
      x.overridesListeners === y.overridesListeners &&
      sameAnnotation(x.overridesListenersAnnotation, y.overridesListenersAnnotation) &&
      sameAnnotation(x.addressType, y.addressType) &&
      sameInsertion(x.hostnameInsertion, y.hostnameInsertion) &&
      x.ports.length === y.ports.length &&
      x.ports.every((p, j) => {
        const q = y.ports[j]!;
        return p.listener.port === q.listener.port && p.listener.protocol === q.listener.protocol && p.span.start === q.span.start && p.span.end === q.span.end;
      })
    );
  });
}

function sameInsertion(a: IndexedService['hostnameInsertion'], b: IndexedService['hostnameInsertion']): boolean {
  if (!a || !b) return a === b;
  return a.span.start === b.span.start && a.span.end === b.span.end && a.before === b.before && a.after === b.after && a.quoting === b.quoting && a.name === b.name && a.namespace === b.namespace;
}

function sameAnnotation(a: ReadAnnotation | undefined, b: ReadAnnotation | undefined): boolean {
  if (!a || !b) return a === b;
  return a.key === b.key && a.value === b.value && a.valueSpan.start === b.valueSpan.start && a.valueSpan.end === b.valueSpan.end;
}

/**
 * The other Services of this Service's cluster that make kube-proxy bind the load balancer's IP
 * (they report it, and not as `ipMode: Proxy` where that is honoured), one per `namespace/name`
 * (a base and its overlay are one Service): the rules and the hover ask this one question the same way.
 * Services of other clusters bind nothing here: each cluster's kube-proxy reads only its own Services.
 */
export function othersBindingIp(index: WorkspaceIndexReader, lbKey: string, self: ServiceRef, settings: Pick<Settings, 'kubernetesVersion'>): IndexedService[] {
  const seen = new Set<string>();
  const cluster = index.clusterOf(self.uri);
  return index.reportingIp(lbKey).filter((other) => {
    if (index.clusterOf(other.uri) !== cluster || !reportsBoundIp(other, settings) || isSameService(index, other, self) || seen.has(other.label)) return false;
    seen.add(other.label);
    return true;
  });
}
