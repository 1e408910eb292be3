import { proxyModeAvailability } from '../model/kubernetes';
import { listenerKey } from '../model/listeners';
import { type ParsedFile } from '../parse/parseFile';
import { type Field } from '../parse/resource';
import { serviceLabel } from '../parse/serviceView';
import { reachInputOf } from '../reach/input';
import { renderReachMarkdown } from '../reach/render';
import { type AnalysedService } from '../rules/run';
import { MAX_LISTED } from '../rules/shared';
import { type Rule } from '../rules/types';
import { annotationDocOf } from '../providers';
import { type Provider } from '../providers/types';
import { type Settings } from '../settings/resolve';
import { inlineCode } from '../text/display';
import { contains, type Span } from '../text/span';
import { othersReportingIp, type WorkspaceIndexReader } from '../workspace/workspaceIndex';

export interface HoverResult {
  readonly markdown: string;
  readonly span: Span;
}

/** Builds links to the rule pages; the adapter knows where the docs live. */
export type DocsLink = (ruleId: string) => string;

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
}

function onField(field: Field | undefined, offset: number): Span | undefined {
  if (!field) return undefined;
  if (contains(field.keySpan, offset)) return field.keySpan;
  if (contains(field.valueSpan, offset)) return field.valueSpan;
  return undefined;
}

function ruleLinks(context: HoverContext): string {
  return `Rules: ${context.rules.map((rule) => `[${rule.id}](${context.docsLink(rule.id)})`).join(' · ')}`;
}

function reuseMarkdown(service: AnalysedService, lbKey: string, lbId: string, index: WorkspaceIndexReader): string {
  const users = index.servicesReusing(lbKey);
  const self = serviceLabel(service.view);
  const lines = [`**${service.facts.nouns.lb} ${inlineCode(lbId)}** is reused by ${users.length === 1 ? '1 Service' : `${users.length} Services`} in the workspace:`, ''];
  for (const user of users.slice(0, MAX_LISTED)) {
    const mine = user.label === self ? ' (this one)' : '';
    const hostname = user.reportsIp ? '' : ', hostname only';
    lines.push(`- ${inlineCode(user.label)}${mine}: ${user.ports.map((p) => listenerKey(p.listener)).join(', ')}${hostname}`);
  }
  if (users.length > MAX_LISTED) lines.push(`- and ${users.length - MAX_LISTED} more`);
  if (users.length === 0) lines.push('- none with complete ports yet');
  return lines.join('\n');
}

/**
 * The table models one Service; with the hostname annotation it assumes the IP is bound nowhere.
 * Under IPVS that holds only when no other Service on the load balancer still reports the IP: say so first.
 */
function stillBoundNote({ view, facts }: AnalysedService, context: HoverContext): string {
  if (!facts.hostname || !facts.lb || context.settings.proxyMode !== 'ipvs') return '';
  const binders = othersReportingIp(context.index, facts.lb.key, context.uri, view.address, serviceLabel(view));
  if (binders.length === 0) return '';
  const first = binders[0]!.label;
  const others = binders.length > 1 ? ` and ${binders.length - 1} more` : '';
  const page = context.docsLink('reused-clb-hostname-incomplete');
  return `**Not yet:** ${inlineCode(first)}${others} still report${binders.length > 1 ? '' : 's'} this ${facts.nouns.lb}'s IP, so under IPVS it stays bound on every node and this Service's own ports are refused in-cluster ([reused-clb-hostname-incomplete](${page})). The table assumes every Service on the ${facts.nouns.lb} has the hostname annotation.\n\n`;
}

function table(service: AnalysedService, context: HoverContext): string {
  if (service.facts.unmodelled) return service.facts.unmodelled;
  const { settings } = context;
  const availability = proxyModeAvailability(settings.proxyMode, settings.kubernetesVersion);
  if (!availability.available) {
    return `**No reachability table:** kube-proxy ${settings.proxyMode} at Kubernetes ${settings.kubernetesVersion.text}: ${availability.reason}. Check the \`kubeLbReach.kubeProxyMode\` and \`kubeLbReach.kubernetesVersion\` settings.`;
  }
  const modeNote = availability.note ? `**Note:** ${availability.note}.\n\n` : '';
  const input = reachInputOf(service.facts, context.settings);
  return `${modeNote}${stillBoundNote(service, context)}${renderReachMarkdown(input, context.settings.kubernetesVersion.text)}\n\n${ruleLinks(context)}`;
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

/** The hover at `offset`: an annotation key's documentation, the reuse list on a load balancer id, the reachability table on the fields it depends on. */
export function hoverAt(context: HoverContext, offset: number): HoverResult | undefined {
  const service = context.services.find((s) => contains(s.view.span, offset));
  if (!service) return undefined;
  const { view, facts, provider } = service;
  const onKey = view.annotations.find((a) => contains(a.keySpan, offset));
  const keyDocs = onKey && annotationMarkdown(onKey.key, service, context);
  if (onKey && keyDocs) return { span: onKey.keySpan, markdown: keyDocs };
  if (!facts.isLoadBalancer && !facts.isNodePort) return undefined;
  if (facts.lb && contains(facts.lb.span, offset)) return { span: facts.lb.span, markdown: reuseMarkdown(service, facts.lb.key, facts.lb.id, context.index) };
  const fieldSpan = onField(view.externalTrafficPolicy, offset) ?? onField(view.type, offset);
  if (fieldSpan) return { span: fieldSpan, markdown: table(service, context) };
  for (const annotation of view.annotations) {
    if (!provider.annotationPrefixes.some((prefix) => annotation.key.startsWith(prefix))) continue;
    const span = onField(annotation, offset);
    if (span) return { span, markdown: table(service, context) };
  }
  return undefined;
}
