import { sameAddress, type Finding } from '../model/finding';
import { listenerKey } from '../model/listeners';
import { type ParsedFile } from '../parse/parseFile';
import { type Field } from '../parse/resource';
import { serviceLabel } from '../parse/serviceView';
import { chartTemplatePhrase } from '../parse/template';
import { type AnalysedService } from '../rules/run';
import { MAX_LISTED } from '../rules/shared';
import { type Rule } from '../rules/types';
import { annotationDocOf } from '../providers';
import { type Provider } from '../providers/types';
import { type Settings } from '../settings/resolve';
import { inlineCode } from '../text/display';
import { contains, type Span } from '../text/span';
import { reportsBoundIp } from '../model/binding';
import { selfRef } from '../rules/shared';
import { othersBindingIp, type IndexedService, type WorkspaceIndexReader } from '../workspace/workspaceIndex';
import { type DocsLink } from './explainMarkdown';
import { leadMarkdown } from './hoverLead';

export interface HoverResult {
  readonly markdown: string;
  readonly span: Span;
}

export { type DocsLink };

/** Builds links to an entry (`#anchor`) of docs/annotations.md; the adapter knows where it lives. */
export type AnnotationDocsLink = (anchor: string) => string;

interface HoverContext {
  readonly uri: string;
  readonly file: ParsedFile;
  readonly services: readonly AnalysedService[];
  readonly index: WorkspaceIndexReader;
  readonly settings: Settings;
  readonly rules: readonly Rule[];
  readonly providers: readonly Provider[];
  readonly docsLink: DocsLink;
  readonly annotationLink: AnnotationDocsLink;
  /** The file's findings under `settings` (the lead says what fails and what to do from them). */
  readonly findings: readonly Finding[];
  /** Opens the full table in the adapter's client; undefined where it has no such command. */
  readonly explainLink?: string | undefined;
}

function onField(field: Field | undefined, offset: number): Span | undefined {
  if (!field) return undefined;
  if (contains(field.keySpan, offset)) return field.keySpan;
  if (contains(field.valueSpan, offset)) return field.valueSpan;
  return undefined;
}

function userLine(user: IndexedService, self: string, settings: Settings): string {
  const mine = user.label === self ? ' (this one)' : '';
  const status = !user.reportsIpKnown ? ', IP or hostname unknown' : !user.reportsIp ? ', hostname only' : reportsBoundIp(user, settings) ? '' : ', ipMode: Proxy';
  // A Helm template is named as one, with its literal ports only (those actions write are unknown).
  const where = chartTemplatePhrase(user.uri);
  const template = where && user.templated ? ` (${where}; literal ports only)` : '';
  return `- ${inlineCode(user.label)}${mine}${template}: ${user.ports.map((p) => listenerKey(p.listener)).join(', ')}${status}`;
}

/**
 * Who reuses the load balancer, by cluster (this Service's first), what saved API answers say it
 * listens on, and the bypass: ports another Service of this cluster serves never reach the load balancer.
 */
function reuseMarkdown(service: AnalysedService, lbKey: string, lbId: string, context: HoverContext): string {
  const { index, settings } = context;
  const users = index.servicesReusing(lbKey);
  const self = serviceLabel(service.view);
  const ownCluster = index.clusterOf(context.uri);
  const clusters = [...new Set([ownCluster, ...users.map((u) => index.clusterOf(u.uri))])];
  const lb = service.facts.nouns.lb;
  const lines = [`**${lb} ${inlineCode(lbId)}** is reused by ${users.length === 1 ? '1 Service' : `${users.length} Services`} in the workspace${clusters.length > 1 ? `, in ${clusters.length} clusters` : ''}:`, ''];
  let listed = 0;
  for (const cluster of clusters) {
    const members = users.filter((u) => index.clusterOf(u.uri) === cluster);
    if (members.length === 0) continue;
    if (clusters.length > 1) lines.push(`${cluster === ownCluster ? 'This cluster' : 'Cluster'} ${inlineCode(index.clusterNameOf(members[0]!.uri))}:`, '');
    for (const user of members) if (listed++ < MAX_LISTED) lines.push(userLine(user, self, settings));
    if (clusters.length > 1) lines.push('');
  }
  if (users.length > MAX_LISTED) lines.push(`- and ${users.length - MAX_LISTED} more`);
  if (users.length === 0) lines.push('- none with complete ports yet');
  for (const answer of index.answeredListeners(lbKey)) {
    lines.push('', `Listeners by ${inlineCode(answer.source.slice(answer.source.lastIndexOf('/') + 1))}: ${answer.listeners.map(listenerKey).join(', ') || 'none'}${answer.complete ? '' : ' (one page of a longer answer)'}`);
  }
  const bypassed = othersBindingIp(index, lbKey, selfRef({ uri: context.uri, service: service.view }), settings);
  if (reportsBoundIp(service.facts, settings) && bypassed.length > 0 && settings.proxyMode === 'ipvs') {
    const named = bypassed.slice(0, 3).map((b) => `${inlineCode(b.label)} (${b.ports.map((p) => listenerKey(p.listener)).join(', ')})`).join(', ');
    const more = bypassed.length > 3 ? ` and ${bypassed.length - 3} more` : '';
    lines.push('', `**Bypass:** in-cluster clients of ${named}${more} on this ${lb}'s IP never reach the ${lb}: kube-proxy sends them straight to the pods, so the ${lb}'s health checks, access control and TLS do not apply on that path.`);
  }
  return lines.join('\n');
}

/** What the provider's catalogue says of a key: meaning, values, default, version, and its entry in docs/annotations.md. */
function annotationMarkdown(key: string, service: AnalysedService, context: HoverContext): string | undefined {
  const found = annotationDocOf(key, context.providers);
  if (!found) return undefined;
  const { provider, doc } = found;
  const where = [doc.products?.join(', '), doc.since ? `since ${doc.since}` : undefined].filter(Boolean).join('; ');
  const lines = [`**\`${doc.key}\`** (${provider.displayName}${where ? `: ${where}` : ''})`, '', doc.summary];
  if (doc.key !== key) lines.push('', `\`${key}\` is the legacy spelling: ${provider.nouns.controller} reads it only when \`${doc.key}\` is absent.`);
  const product = provider.productOf?.(service.view.loadBalancerClass?.value);
  if (product && doc.products && !doc.products.includes(product)) lines.push('', `**Not read for this Service:** it is served by the ${product} controller.`);
  if (doc.values) lines.push('', `**Values:** ${doc.values}`);
  if (doc.default) lines.push('', `**Default:** ${doc.default}`);
  if (doc.anchor) lines.push('', `[All about this annotation](${context.annotationLink(doc.anchor)})`);
  return lines.join('\n');
}

function lead(service: AnalysedService, context: HoverContext): string {
  const findings = context.findings.filter((f) => sameAddress(f.resource, service.view.address));
  const fileName = context.uri.slice(context.uri.lastIndexOf('/') + 1);
  return leadMarkdown(service, { settings: context.settings, findings, docsLink: context.docsLink, explainLink: context.explainLink, fileName });
}

/** The hover at `offset`: an annotation key's documentation, the reuse list on a load balancer id, on the fields reachability depends on, what fails and what to do (the table is one command away). */
export function hoverAt(context: HoverContext, offset: number): HoverResult | undefined {
  const service = context.services.find((s) => contains(s.view.span, offset));
  if (!service) return undefined;
  const { view, facts, provider } = service;
  const onKey = view.annotations.find((a) => contains(a.keySpan, offset));
  const keyDocs = onKey && annotationMarkdown(onKey.key, service, context);
  if (onKey && keyDocs) return { span: onKey.keySpan, markdown: keyDocs };
  if (!facts.isLoadBalancer && !facts.isNodePort) return undefined;
  if (facts.lb && contains(facts.lb.span, offset)) return { span: facts.lb.span, markdown: reuseMarkdown(service, facts.lb.key, facts.lb.id, context) };
  const fieldSpan = onField(view.externalTrafficPolicy, offset) ?? onField(view.type, offset);
  if (fieldSpan) return { span: fieldSpan, markdown: lead(service, context) };
  for (const annotation of view.annotations) {
    if (!provider.annotationPrefixes.some((prefix) => annotation.key.startsWith(prefix))) continue;
    const span = onField(annotation, offset);
    if (span) return { span, markdown: lead(service, context) };
  }
  return undefined;
}
