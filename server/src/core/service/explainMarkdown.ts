import { proxyModeAvailability } from '../model/kubernetes';
import { serviceLabel } from '../parse/serviceView';
import { reachInputOf } from '../reach/input';
import { renderReachMarkdown } from '../reach/render';
import { type AnalysedService } from '../rules/run';
import { selfRef } from '../rules/shared';
import { type Rule } from '../rules/types';
import { type Settings } from '../settings/resolve';
import { inlineCode } from '../text/display';
import { othersBindingIp, type WorkspaceIndexReader } from '../workspace/workspaceIndex';

/** Builds links to the rule pages; the adapter knows where the docs live. */
export type DocsLink = (ruleId: string) => string;

/** What the full reachability table of one Service is rendered from. */
export interface TableContext {
  readonly uri: string;
  readonly index: WorkspaceIndexReader;
  readonly settings: Settings;
  readonly rules: readonly Rule[];
  readonly docsLink: DocsLink;
}

function ruleLinks(context: TableContext): string {
  return `Rules: ${context.rules.map((rule) => `[${rule.id}](${context.docsLink(rule.id)})`).join(' · ')}`;
}

/**
 * The table models one Service; with the hostname annotation it assumes the IP is bound nowhere.
 * Under IPVS that holds only when no other Service on the load balancer still reports the IP: say so first.
 */
function stillBoundNote({ view, facts }: AnalysedService, context: TableContext): string {
  if (!facts.hostname || !facts.lb || context.settings.proxyMode !== 'ipvs') return '';
  const binders = othersBindingIp(context.index, facts.lb.key, selfRef({ uri: context.uri, service: view }), context.settings);
  if (binders.length === 0) return '';
  const first = binders[0]!.label;
  const others = binders.length > 1 ? ` and ${binders.length - 1} more` : '';
  const page = context.docsLink('reused-clb-hostname-incomplete');
  return `**Not yet:** ${inlineCode(first)}${others} still report${binders.length > 1 ? '' : 's'} this ${facts.nouns.lb}'s IP, so under IPVS it stays bound on every node and this Service's own ports are refused in-cluster ([reused-clb-hostname-incomplete](${page})). The table assumes every Service on the ${facts.nouns.lb} has the hostname annotation.\n\n`;
}

/** Why there is no table for these settings, or undefined when the model answers. */
export function noTableReason(settings: Settings): string | undefined {
  const availability = proxyModeAvailability(settings.proxyMode, settings.kubernetesVersion);
  if (availability.available) return undefined;
  return `**No reachability table:** kube-proxy ${settings.proxyMode} at Kubernetes ${settings.kubernetesVersion.text}: ${availability.reason}. Check the \`kubeLbReach.kubeProxyMode\` and \`kubeLbReach.kubernetesVersion\` settings.`;
}

/** The full reachability table of one Service, with its notes and the rule links: what "Explain reachability" opens. */
export function tableMarkdown(service: AnalysedService, context: TableContext): string {
  if (service.facts.unmodelled) return service.facts.unmodelled;
  const { settings } = context;
  const availability = proxyModeAvailability(settings.proxyMode, settings.kubernetesVersion);
  if (!availability.available) return noTableReason(settings) ?? availability.reason;
  const modeNote = availability.note ? `**Note:** ${availability.note}.\n\n` : '';
  const input = reachInputOf(service.facts, settings);
  return `${modeNote}${stillBoundNote(service, context)}${renderReachMarkdown(input, settings.kubernetesVersion.text)}\n\n${ruleLinks(context)}`;
}

/**
 * The document "Explain reachability" shows: a heading per Service, then its table. `services` are
 * the ones asked for (the one at the cursor, or every LoadBalancer and NodePort Service of the file).
 */
export function explainDocument(services: readonly AnalysedService[], context: TableContext, fileName: string): string {
  const parts = services.map((service) => `## ${inlineCode(serviceLabel(service.view))}\n\n${tableMarkdown(service, context)}`);
  return [`# Reachability from inside the cluster: ${inlineCode(fileName)}`, '', ...parts.flatMap((part) => [part, ''])].join('\n').trimEnd() + '\n';
}
