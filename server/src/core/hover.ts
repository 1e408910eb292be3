import { type WorkspaceIndexReader } from './index/workspaceIndex';
import { clbAnnotationName } from './model/annotations';
import { listenerKey } from './model/listeners';
import { serviceFacts, type ServiceFacts } from './model/serviceFacts';
import { type ParsedFile } from './parse/parseFile';
import { serviceLabel, type Field, type ServiceView } from './parse/serviceView';
import { reachInputOf } from './reach/input';
import { renderReachMarkdown } from './reach/render';
import { RULES } from './rules';
import { MAX_LISTED } from './rules/shared';
import { type Settings } from './settings';
import { contains, type Span } from './text/span';

export interface HoverResult {
  readonly markdown: string;
  readonly span: Span;
}

/** What is known of NLB Services (brief §1); the reachability table models CLBs only. */
const NLB_NOTE =
  '**NLB** (`loadBalancerClass: alibabacloud.com/nlb`): the CCM reports a hostname only, so kube-proxy binds nothing and in-cluster clients go to the NLB itself. The reachability table models CLBs and is not shown.';

/** Builds links to the rule pages; the adapter knows where the docs live. */
export type DocsLink = (ruleId: string) => string;

function onField(field: Field | undefined, offset: number): Span | undefined {
  if (!field) return undefined;
  if (contains(field.keySpan, offset)) return field.keySpan;
  if (contains(field.valueSpan, offset)) return field.valueSpan;
  return undefined;
}

function ruleLinks(docsLink: DocsLink): string {
  return `Rules: ${RULES.map((rule) => `[${rule.id}](${docsLink(rule.id)})`).join(' · ')}`;
}

function reuseMarkdown(service: ServiceView, clbId: string, index: WorkspaceIndexReader): string {
  const users = index.servicesReusing(clbId);
  const lines = [`**CLB \`${clbId}\`** is reused by ${users.length === 1 ? '1 Service' : `${users.length} Services`} in the workspace:`, ''];
  for (const user of users.slice(0, MAX_LISTED)) {
    const mine = user.label === serviceLabel(service) ? ' (this one)' : '';
    const hostname = user.reportsIp ? '' : ', hostname only';
    lines.push(`- \`${user.label}\`${mine}: ${user.ports.map((p) => listenerKey(p.listener)).join(', ')}${hostname}`);
  }
  if (users.length > MAX_LISTED) lines.push(`- and ${users.length - MAX_LISTED} more`);
  if (users.length === 0) lines.push('- none with complete ports yet');
  return lines.join('\n');
}

/**
 * The table models one Service; with the hostname annotation it assumes the IP is bound nowhere.
 * Under IPVS that holds only when no other Service on the CLB still reports the IP: say so first.
 */
function stillBoundNote(service: ServiceView, facts: ServiceFacts, index: WorkspaceIndexReader, settings: Settings, docsLink: DocsLink): string {
  if (!facts.hostname || !facts.clbId || settings.proxyMode !== 'ipvs') return '';
  const self = serviceLabel(service);
  const binders = index.reportingIp(facts.clbId.value.trim()).filter((other) => other.label !== self);
  if (binders.length === 0) return '';
  const first = binders[0]!.label;
  const others = binders.length > 1 ? ` and ${binders.length - 1} more` : '';
  return `**Not yet:** \`${first}\`${others} still report${binders.length > 1 ? '' : 's'} this CLB's IP, so under IPVS it stays bound on every node and this Service's own ports are refused in-cluster ([reused-clb-hostname-incomplete](${docsLink('reused-clb-hostname-incomplete')})). The table assumes every Service on the CLB has the hostname annotation.\n\n`;
}

export function hoverAt(file: ParsedFile, offset: number, index: WorkspaceIndexReader, settings: Settings, docsLink: DocsLink): HoverResult | undefined {
  const service = file.services.find((s) => contains(s.documentSpan, offset));
  if (!service) return undefined;
  const facts = serviceFacts(service);
  if (!facts.isLoadBalancer && !facts.isNodePort) return undefined;
  const table = (): string =>
    facts.isNlb
      ? NLB_NOTE
      : `${stillBoundNote(service, facts, index, settings, docsLink)}${renderReachMarkdown(reachInputOf(facts, settings), settings.kubernetesVersion.text)}\n\n${ruleLinks(docsLink)}`;

  if (facts.clbId && contains(facts.clbId.valueSpan, offset)) {
    return { span: facts.clbId.valueSpan, markdown: reuseMarkdown(service, facts.clbId.value.trim(), index) };
  }
  const fieldSpan = onField(service.externalTrafficPolicy, offset) ?? onField(service.type, offset);
  if (fieldSpan) return { span: fieldSpan, markdown: table() };
  for (const annotation of service.annotations) {
    if (clbAnnotationName(annotation.key) === undefined) continue;
    const span = onField(annotation, offset);
    if (span) return { span, markdown: table() };
  }
  return undefined;
}
