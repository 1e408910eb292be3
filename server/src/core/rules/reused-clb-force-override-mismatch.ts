import { type ReadAnnotation } from '../model/facts';
import { isSameService, type IndexedService } from '../workspace/workspaceIndex';
import { MAX_LISTED, MAX_RELATED, selfRef } from './shared';
import { type Report, type Rule, type RuleContext } from './types';

/**
 * Services that reuse one load balancer share it, but the controller reads their settings one
 * Service at a time (docs/upstream-notes.md §3, "Services that share a reused CLB"):
 * - it creates and updates listeners only for the Services that switch listener override on, so
 *   on a load balancer where they disagree some ports follow their Service and others do not;
 * - it compares a Service's explicit address type with the load balancer's own and fails that
 *   Service's reconcile when they differ, so two different explicit types fail at least one.
 */
export const rule: Rule = {
  id: 'reused-clb-force-override-mismatch',
  meta: {
    description: 'Services that reuse one CLB disagree on whether the CCM manages their listeners (force-override-listeners), or set different address types.',
    defaultSeverity: 'warning',
    messages: {
      overrideMismatch:
        'Services reusing {{lb}} {{lbId}} disagree on whether {{controller}} manages their listeners: give them all the same value. ' +
        '{{key}} is {{own}} here; {{others}}. {{controllerCap}} creates and updates the listeners only of the Services where it is on, and leaves those of the others as they are, ' +
        'so some ports of {{lbId}} follow their Service and the others must be made and changed by hand.',
      addressTypeMismatch:
        'Services reusing {{lb}} {{lbId}} set different address types: set all of them to the type {{lbId}} has, or remove the annotation. ' +
        '{{key}} is "{{own}}" here; {{others}}. A reused {{lb}} keeps the type it was created with; {{controller}} compares each Service\'s type with it and, where they differ, ' +
        'fails that Service\'s reconcile on every sync (a warning event), so its status is never updated.',
    },
    fixable: false,
    scope: 'workspace',
  },
  check(context, report) {
    const { facts } = context;
    if (!facts.isLoadBalancer || !facts.lb) return;
    const others = servicesToCompare(context);
    if (others.length === 0) return;
    reportOverrideMismatch(context, others, report);
    reportAddressTypeMismatch(context, others, report);
  },
};

/**
 * The other Services whose settings must agree with this one's: those of this Service's cluster
 * reusing its load balancer (another cluster's CCM reconciles the CLB on its own), one per
 * `namespace/name` (a base and its overlay are one Service).
 */
function servicesToCompare(context: RuleContext): IndexedService[] {
  const { facts, index, uri } = context;
  if (!facts.lb) return [];
  const self = selfRef(context);
  const cluster = index.clusterOf(uri);
  const seen = new Set<string>();
  return index.servicesReusing(facts.lb.key).filter((other) => {
    if (index.clusterOf(other.uri) !== cluster || isSameService(index, other, self) || seen.has(other.label)) return false;
    seen.add(other.label);
    return true;
  });
}

const onOff = (on: boolean): string => (on ? 'on' : 'off');

/** `"true" (on)`, `"True" (off)`, `not set (off)`: the value as written and how the controller reads it. */
function overrideDescription(on: boolean, annotation: ReadAnnotation | undefined): string {
  return annotation ? `${JSON.stringify(annotation.value)} (${onOff(on)})` : `not set (${onOff(on)})`;
}

function listed(services: readonly IndexedService[], describe: (service: IndexedService) => string): string {
  const named = services.slice(0, MAX_LISTED).map((s) => `Service ${s.label}: ${describe(s)}`).join(', ');
  return services.length > MAX_LISTED ? `${named} and ${services.length - MAX_LISTED} more` : named;
}

function commonData(context: RuleContext): { lb: string; lbId: string; controller: string; controllerCap: string } {
  const { nouns, lb } = context.facts;
  return { lb: nouns.lb, lbId: lb?.id ?? '', controller: nouns.controller, controllerCap: nouns.controller.charAt(0).toUpperCase() + nouns.controller.slice(1) };
}

function reportOverrideMismatch(context: RuleContext, others: readonly IndexedService[], report: (report: Report) => void): void {
  const { facts } = context;
  const own = facts.overridesListeners;
  if (own === undefined || !facts.lb) return;
  const disagreeing = others.filter((o) => o.overridesListeners !== undefined && o.overridesListeners !== own);
  if (disagreeing.length === 0) return;
  // One side is on, and on needs the annotation: its key (as that Service spells it) names the setting.
  const key = [facts.overridesListenersAnnotation, ...disagreeing.map((o) => o.overridesListenersAnnotation)].find((a) => a !== undefined)?.key ?? '';
  const describe = (o: IndexedService): string => overrideDescription(o.overridesListeners === true, o.overridesListenersAnnotation);
  report({
    messageId: 'overrideMismatch',
    data: { ...commonData(context), key, own: overrideDescription(own, facts.overridesListenersAnnotation), others: listed(disagreeing, describe) },
    span: facts.overridesListenersAnnotation?.valueSpan ?? facts.lb.span,
    related: disagreeing.slice(0, MAX_RELATED).map((o) => ({
      uri: o.uri,
      span: o.overridesListenersAnnotation?.valueSpan ?? o.lb.span,
      message: `Service ${o.label}: ${describe(o)}`,
    })),
  });
}

function reportAddressTypeMismatch(context: RuleContext, others: readonly IndexedService[], report: (report: Report) => void): void {
  const own = context.facts.addressType;
  if (!own) return;
  const disagreeing = others.filter((o) => o.addressType !== undefined && o.addressType.value !== own.value);
  if (disagreeing.length === 0) return;
  const describe = (o: IndexedService): string => `"${o.addressType?.value ?? ''}"`;
  report({
    messageId: 'addressTypeMismatch',
    data: { ...commonData(context), key: own.key, own: own.value, others: listed(disagreeing, describe) },
    span: own.valueSpan,
    related: disagreeing.slice(0, MAX_RELATED).map((o) => ({ uri: o.uri, span: o.addressType?.valueSpan ?? o.lb.span, message: `Service ${o.label}: ${describe(o)}` })),
  });
}
