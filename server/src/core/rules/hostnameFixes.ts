import { HOSTNAME_PLACEHOLDER, hostnameValue } from '../fixes/hostnameValue';
import { fillInsertion, fillInsertionWithPlaceholder, type AnnotationInsertion } from '../fixes/insertAnnotation';
import { reportsBoundIp } from '../model/binding';
import { sameAddress, type Fix } from '../model/finding';
import { compareListeners, listenerKey, type Listener } from '../model/listeners';
import { lbIpBoundOnNodes } from '../reach/input';
import { type FileEdits, type TextEdit } from '../text/edits';
import { isSameService, type IndexedService } from '../workspace/workspaceIndex';
import { reusedLbListeners } from './otherListeners';
import { listenerList, selfRef } from './shared';
import { type RuleContext } from './types';

/** A Service of this cluster that keeps the load balancer's IP bound, and where its hostname annotation would go. */
interface Binder {
  readonly service: IndexedService;
  readonly insertion: AnnotationInsertion | undefined;
  /** The template's variables. */
  readonly name: string;
  readonly namespace: string;
}

/** How a list of names or listeners reads in a title: the first three, then how many more. */
function firstFew(items: readonly string[]): string {
  return items.length > 3 ? `${items.slice(0, 3).join(', ')} and ${items.length - 3} more` : items.join(', ');
}

/**
 * The other Services of this cluster on the load balancer that make kube-proxy bind its IP, one per
 * `namespace/name` (a base and its overlay, a manifest and its export are one Service: the one
 * with a certain insertion is edited). Services of this file are read from its current parse.
 */
function bindersOf(context: RuleContext, lbKey: string): Binder[] {
  const { index, settings, uri, file, provider } = context;
  const self = selfRef(context);
  const cluster = index.clusterOf(uri);
  const byLabel = new Map<string, Binder>();
  for (const other of index.reportingIp(lbKey)) {
    if (index.clusterOf(other.uri) !== cluster || !reportsBoundIp(other, settings) || isSameService(index, other, self)) continue;
    const known = byLabel.get(other.label);
    if (known?.insertion) continue;
    let binder: Binder = { service: other, insertion: other.hostnameInsertion, name: other.hostnameInsertion?.name ?? '', namespace: other.hostnameInsertion?.namespace ?? '' };
    if (other.uri === uri) {
      // This file's Services from its current parse: the index keeps a broken file's last good entries.
      const view = file.services.find((s) => sameAddress(s.address, other.resource));
      const insertion = view && !view.statusIngress ? provider.hostnameInsertion?.(file, view) : undefined;
      binder = { service: other, insertion, name: view?.name?.value ?? '', namespace: view?.namespace ?? '' };
    }
    if (!known || binder.insertion) byLabel.set(other.label, binder);
  }
  return [...byLabel.values()];
}

/** What in-cluster clients are still refused on when only this Service gets the hostname: the IP stays bound by the others. */
function refusedAfterThisOnly(context: RuleContext, binders: readonly Binder[]): Listener[] {
  const servedByOthers = new Set(binders.flatMap((b) => b.service.ports.map((p) => listenerKey(p.listener))));
  const refused = new Map<string, Listener>();
  for (const r of reusedLbListeners(context)?.refused ?? []) refused.set(listenerKey(r.listener), r.listener);
  // This Service, reporting only a hostname, has no IPVS virtual server of its own any more.
  for (const own of context.facts.listeners) if (!servedByOthers.has(listenerKey(own))) refused.set(listenerKey(own), { port: own.port, protocol: own.protocol });
  return [...refused.values()].sort(compareListeners);
}

function thisOnlyTitle(context: RuleContext, binders: readonly Binder[]): string {
  const labels = binders.map((b) => b.service.label);
  const refused = refusedAfterThisOnly(context, binders);
  const still = `${firstFew(labels)} still ${labels.length === 1 ? 'reports' : 'report'} the IP`;
  const outcome = refused.length === 0 ? 'which stays bound on every node' : `${listenerList(refused.slice(0, 4))}${refused.length > 4 ? ` and ${refused.length - 4} more` : ''} ${refused.length === 1 ? 'stays' : 'stay'} refused`;
  return `Add the hostname annotation to this Service only (${still}: ${outcome})`;
}

/**
 * The hostname quick fixes for the Service a rule looks at. On a load balancer whose IP other
 * Services of this cluster keep bound (IPVS), the annotation on this one alone unbinds nothing:
 * the preferred fix adds it to every one of them, in every file, as one edit; the one-Service fix
 * stays, its title saying what remains refused. Elsewhere the one-Service fix is the whole fix.
 */
export function hostnameFixesFor(context: RuleContext): Fix[] {
  const { provider, file, service, facts, settings } = context;
  const own = provider.hostnameFix(file, service, facts, settings.hostnameTemplate);
  if (!own) return [];
  const lb = facts.lb;
  if (!lb || !lbIpBoundOnNodes(facts, settings)) return [own];
  const binders = bindersOf(context, lb.key);
  if (binders.length === 0) return [own];
  const thisOnly: Fix = { ...own, title: thisOnlyTitle(context, binders), isPreferred: false };
  // A Service that cannot be edited with certainty (an export, an anchored metadata): no fix claims to cover every one.
  if (binders.some((b) => !b.insertion)) return [thisOnly];
  const { edits, otherFiles, safe: othersSafe } = bindersEdits(context, binders, lb.id, own.edits);
  const safe = own.safe && othersSafe;
  const labels = [selfRef(context).label, ...binders.map((b) => b.service.label)];
  const every: Fix = {
    title: `Add the hostname annotation to every Service of this cluster on ${facts.nouns.lb} ${lb.id} (${firstFew(labels)})${safe ? '' : `: fill in the DNS name of the ${facts.nouns.lb}`}`,
    edits,
    otherFiles,
    isPreferred: true,
    safe,
  };
  return [every, thisOnly];
}

/** The hostname annotation for each binder, filled in per Service: this file's edits (after `ownEdits`) and the other files'. */
function bindersEdits(context: RuleContext, binders: readonly Binder[], lbId: string, ownEdits: readonly TextEdit[]): { edits: TextEdit[]; otherFiles: FileEdits[]; safe: boolean } {
  const edits: TextEdit[] = [...ownEdits];
  const byUri = new Map<string, TextEdit[]>();
  let safe = true;
  for (const { service: other, insertion, name, namespace } of binders) {
    const hostname = hostnameValue(context.settings.hostnameTemplate, { name, namespace, clbId: lbId });
    safe &&= hostname.fromTemplate;
    const edit = hostname.fromTemplate ? fillInsertion(insertion!, hostname.value) : fillInsertionWithPlaceholder(insertion!, HOSTNAME_PLACEHOLDER);
    if (other.uri === context.uri) edits.push(edit);
    else byUri.set(other.uri, [...(byUri.get(other.uri) ?? []), edit]);
  }
  const otherFiles = [...byUri].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([uri, fileEdits]) => ({ uri, edits: fileEdits }));
  return { edits, otherFiles, safe };
}

/**
 * For a Service that reports a hostname while other Services of its cluster keep the load
 * balancer's IP bound (IPVS): the hostname annotation for those others, in every file, so that
 * the IP is bound nowhere. None where one of them cannot be edited with certainty.
 */
export function hostnameFixesForOthers(context: RuleContext): Fix[] {
  const lb = context.facts.lb;
  if (!lb) return [];
  const binders = bindersOf(context, lb.key);
  if (binders.length === 0 || binders.some((b) => !b.insertion)) return [];
  const { edits, otherFiles, safe } = bindersEdits(context, binders, lb.id, []);
  const labels = binders.map((b) => b.service.label);
  const fill = safe ? '' : `: fill in the DNS name of the ${context.facts.nouns.lb}`;
  return [{ title: `Add the hostname annotation to ${firstFew(labels)} too${fill}`, edits, otherFiles, isPreferred: true, safe }];
}
