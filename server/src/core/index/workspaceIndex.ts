import { compareListeners, listenerKey, type Listener } from '../model/listeners';
import { serviceFacts } from '../model/serviceFacts';
import { type ParsedFile } from '../parse/parseFile';
import { serviceLabel } from '../parse/serviceView';
import { type LineIndex } from '../text/lineIndex';
import { type Span } from '../text/span';

/** A Service that reuses a CLB, as the index remembers it: small, no AST. */
export interface IndexedService {
  readonly uri: string;
  readonly documentIndex: number;
  /** `namespace/name`. */
  readonly label: string;
  readonly clbId: string;
  readonly clbIdSpan: Span;
  /** False when the Service carries the hostname annotation: its status has no IP, so kube-proxy binds nothing for it. */
  readonly reportsIp: boolean;
  readonly ports: readonly { readonly listener: Listener; readonly span: Span }[];
}

/** Who declares one listener of a CLB, and where. */
export interface ListenerUse {
  readonly listener: Listener;
  readonly declaredBy: readonly { readonly service: IndexedService; readonly span: Span }[];
}

export interface WorkspaceIndexReader {
  servicesReusing(clbId: string): readonly IndexedService[];
  /** The CLB's listeners (`port/PROTOCOL` → declarations) in port order, built once per change of that CLB. */
  listenersOf(clbId: string): ReadonlyMap<string, ListenerUse>;
  /** The Services reusing the CLB that report its IP (no hostname annotation): each keeps the IP bound under IPVS. */
  reportingIp(clbId: string): readonly IndexedService[];
  lineIndexOf(uri: string): LineIndex | undefined;
}

interface FileEntry {
  readonly services: readonly IndexedService[];
  readonly lineIndex: LineIndex;
}

/**
 * CLB id → the Services that reuse it, across every file the adapters feed in (files on disk,
 * overridden by open documents). It answers "who else reuses this CLB" and "which files share a
 * CLB with this one".
 */
export class WorkspaceIndex implements WorkspaceIndexReader {
  private readonly files = new Map<string, FileEntry>();
  private readonly urisByClb = new Map<string, Set<string>>();
  private readonly listenerCache = new Map<string, Map<string, ListenerUse>>();
  private readonly reportingIpCache = new Map<string, IndexedService[]>();
  /** Reads of files from disk not yet applied, by ticket: a later read, update or removal voids one. */
  private readonly readsInFlight = new Map<string, number>();
  private lastTicket = 0;

  /** An adapter starts reading `uri` from disk: the ticket to hand to `finishRead` with the text. */
  startRead(uri: string): number {
    this.readsInFlight.set(uri, ++this.lastTicket);
    return this.lastTicket;
  }

  /**
   * Whether a read is still the latest word on its file. False when the file was read again,
   * updated or removed (its folder too) since the read started: what it read is stale, and applying
   * it would bring back a deleted file or an older text.
   */
  finishRead(uri: string, ticket: number): boolean {
    if (this.readsInFlight.get(uri) !== ticket) return false;
    this.readsInFlight.delete(uri);
    return true;
  }

  /**
   * Replaces what the index knows of `uri`; returns the CLB ids whose Services changed (none when
   * an edit left every indexed Service as it was, e.g. typing in a comment below them).
   */
  update(uri: string, file: ParsedFile): Set<string> {
    this.readsInFlight.delete(uri);
    const services = indexedServicesOf(uri, file);
    const previous = this.files.get(uri);
    if (previous && sameServices(previous.services, services)) {
      this.files.set(uri, { services: previous.services, lineIndex: file.lineIndex });
      return new Set();
    }
    const changed = this.remove(uri);
    if (services.length === 0) return changed;
    this.files.set(uri, { services, lineIndex: file.lineIndex });
    for (const service of services) {
      changed.add(service.clbId);
      this.forgetDerived(service.clbId);
      let uris = this.urisByClb.get(service.clbId);
      if (!uris) this.urisByClb.set(service.clbId, (uris = new Set()));
      uris.add(uri);
    }
    return changed;
  }

  /** Forgets every file below a folder (deleted or renamed as a whole); returns their CLB ids. */
  removeFolder(folderUri: string): Set<string> {
    const prefix = folderUri.endsWith('/') ? folderUri : `${folderUri}/`;
    for (const uri of [...this.readsInFlight.keys()]) if (uri.startsWith(prefix)) this.readsInFlight.delete(uri);
    const changed = new Set<string>();
    for (const uri of [...this.files.keys()]) if (uri.startsWith(prefix)) for (const id of this.remove(uri)) changed.add(id);
    return changed;
  }

  /** Forgets `uri`; returns the CLB ids it had. */
  remove(uri: string): Set<string> {
    this.readsInFlight.delete(uri);
    const changed = new Set<string>();
    const entry = this.files.get(uri);
    if (!entry) return changed;
    this.files.delete(uri);
    for (const service of entry.services) {
      changed.add(service.clbId);
      this.forgetDerived(service.clbId);
      const uris = this.urisByClb.get(service.clbId);
      uris?.delete(uri);
      if (uris?.size === 0) this.urisByClb.delete(service.clbId);
    }
    return changed;
  }

  servicesReusing(clbId: string): IndexedService[] {
    const result: IndexedService[] = [];
    for (const uri of this.urisByClb.get(clbId) ?? []) {
      for (const service of this.files.get(uri)?.services ?? []) if (service.clbId === clbId) result.push(service);
    }
    // A stable order (not the order files happened to be read in) for messages and hovers.
    return result.sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : a.documentIndex - b.documentIndex));
  }

  listenersOf(clbId: string): ReadonlyMap<string, ListenerUse> {
    const cached = this.listenerCache.get(clbId);
    if (cached) return cached;
    const built = new Map<string, { listener: Listener; declaredBy: { service: IndexedService; span: Span }[] }>();
    for (const service of this.servicesReusing(clbId)) {
      for (const port of service.ports) {
        const key = listenerKey(port.listener);
        let use = built.get(key);
        if (!use) built.set(key, (use = { listener: port.listener, declaredBy: [] }));
        use.declaredBy.push({ service, span: port.span });
      }
    }
    // Sorted once here by port and protocol, so rules list them in order without sorting per Service.
    const sorted = new Map([...built].sort(([, a], [, b]) => compareListeners(a.listener, b.listener)));
    this.listenerCache.set(clbId, sorted);
    return sorted;
  }

  reportingIp(clbId: string): readonly IndexedService[] {
    let services = this.reportingIpCache.get(clbId);
    if (!services) this.reportingIpCache.set(clbId, (services = this.servicesReusing(clbId).filter((s) => s.reportsIp)));
    return services;
  }

  private forgetDerived(clbId: string): void {
    this.listenerCache.delete(clbId);
    this.reportingIpCache.delete(clbId);
  }

  /** The files holding a Service that reuses one of `clbIds`. */
  urisReusing(clbIds: Iterable<string>): Set<string> {
    const uris = new Set<string>();
    for (const id of clbIds) for (const uri of this.urisByClb.get(id) ?? []) uris.add(uri);
    return uris;
  }

  lineIndexOf(uri: string): LineIndex | undefined {
    return this.files.get(uri)?.lineIndex;
  }

  get fileCount(): number {
    return this.files.size;
  }
}

function indexedServicesOf(uri: string, file: ParsedFile): IndexedService[] {
  const services: IndexedService[] = [];
  for (const service of file.services) {
    const facts = serviceFacts(service);
    if (!facts.isLoadBalancer || facts.isNlb || !facts.clbId || !service.portsComplete) continue;
    services.push({
      uri,
      documentIndex: service.documentIndex,
      label: serviceLabel(service),
      clbId: facts.clbId.value.trim(),
      clbIdSpan: facts.clbId.valueSpan,
      reportsIp: facts.hostname === undefined,
      ports: service.ports.map((p) => ({ listener: { port: p.port, protocol: p.protocol }, span: p.span })),
    });
  }
  return services;
}

/** Whether two lists of a file's indexed Services say the same (ids, labels, ports and where they stand). */
function sameServices(a: readonly IndexedService[], b: readonly IndexedService[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((x, i) => {
    const y = b[i]!;
    return (
      x.documentIndex === y.documentIndex &&
      x.label === y.label &&
      x.clbId === y.clbId &&
      x.reportsIp === y.reportsIp &&
      x.clbIdSpan.start === y.clbIdSpan.start &&
      x.clbIdSpan.end === y.clbIdSpan.end &&
      x.ports.length === y.ports.length &&
      x.ports.every((p, j) => {
        const q = y.ports[j]!;
        return p.listener.port === q.listener.port && p.listener.protocol === q.listener.protocol && p.span.start === q.span.start && p.span.end === q.span.end;
      })
    );
  });
}
