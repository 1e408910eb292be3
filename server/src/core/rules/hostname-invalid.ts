import { type MessageData } from '../model/finding';
import { serviceLabel } from '../parse/serviceView';
import { type Rule } from './types';

/** A value as a message names it: long ones cut, so the first sentence stays short. */
function shown(value: string): string {
  return value.length > 60 ? `${value.slice(0, 57)}...` : value;
}

/**
 * A hostname annotation whose value can never become the Service's status: the API server accepts
 * only a lowercase DNS-1123 subdomain that is not an IP address as `status.loadBalancer.ingress[].hostname`
 * (ValidateLoadBalancerStatus), and the controller writes the value unchecked, so its status update
 * is rejected (docs/upstream-notes.md §4); an empty value the controller ignores. Until it is fixed
 * the Service counts as reporting the IP (model/hostnames.ts), which the other rules then say.
 */
export const rule: Rule = {
  id: 'hostname-invalid',
  meta: {
    description: 'A hostname annotation that is empty, a placeholder, an IP address or not a lowercase DNS name: the Service never gets that hostname.',
    defaultSeverity: 'error',
    messages: {
      empty:
        'The hostname annotation of Service {{service}} is empty: write the DNS name that points at the {{lb}}, or remove the annotation. ' +
        'An empty value is ignored by {{controller}}: it reports the {{lb}} IP, as without the annotation, so kube-proxy still handles that IP inside the cluster.',
      placeholder:
        'Service {{service}} never gets its hostname: replace the placeholder "{{value}}" with the DNS name that points at the {{lb}}. ' +
        "The API server accepts only a lowercase DNS name there and rejects {{controller}}'s status update with this value, so the status never shows the hostname.",
      ip:
        'Service {{service}} never gets its hostname: "{{value}}" is an IP address; write the DNS name that points at the {{lb}} instead. ' +
        "The API server rejects a hostname that is an IP address, and with it {{controller}}'s status update, so the status never shows the hostname.",
      notDns:
        'Service {{service}} never gets its hostname: "{{value}}" is not a lowercase DNS name; write the DNS name that points at the {{lb}}. ' +
        "The API server accepts only a DNS-1123 subdomain there (lowercase letters, digits, '-' and '.', at most 253 characters) and rejects {{controller}}'s status update with this value, so the status never shows the hostname.",
    },
    fixable: true,
    scope: 'resource',
  },
  check(context, report) {
    const { facts, service, provider, file, settings } = context;
    const invalid = facts.invalidHostname;
    if (!invalid || !facts.isLoadBalancer) return;
    // Only where a controller of this provider reads the key (the CLB one, not the NLB one).
    const product = provider.productOf?.(service.loadBalancerClass?.value);
    const products = provider.annotationKeys.find((k) => k.key === invalid.key || k.aliases?.includes(invalid.key))?.products;
    if (provider.productOf && (product === undefined || (products && !products.includes(product)))) return;
    const controller = facts.nouns.controller;
    const messageId = invalid.problem === 'not-dns' ? 'notDns' : invalid.problem;
    const common = { service: serviceLabel(service), lb: facts.nouns.lb, controller };
    const data: MessageData = messageId === 'empty' ? common : { ...common, value: shown(invalid.value) };
    // A replacement only with a template that gives a valid name: the placeholder would be just as invalid.
    const fix = provider.hostnameFix(file, service, facts, settings.hostnameTemplate);
    report({ messageId, data, span: invalid.valueSpan, fixes: fix?.safe ? [{ ...fix, title: `Replace the hostname with ${fix.edits[0]!.newText}` }] : [] });
  },
};
