/**
 * What the API server accepts as `status.loadBalancer.ingress[].hostname`
 * (pkg/apis/core/validation: ValidateLoadBalancerStatus): a lowercase DNS-1123 subdomain that is
 * not an IP address. A controller writing anything else has its status update rejected.
 */
const DNS_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

export type HostnameProblem = 'empty' | 'placeholder' | 'ip' | 'not-dns';

/** Placeholders people leave in: `<...>`, `${...}`, `{{...}}`, `your...`/`example` stand-ins in angle or brace form. */
const PLACEHOLDER = /^<.*>$|\$\{.*\}|\{\{.*\}\}/;

export function isDnsSubdomain(value: string): boolean {
  return DNS_SUBDOMAIN.test(value);
}

export function hostnameProblem(value: string): HostnameProblem | undefined {
  const trimmed = value.trim();
  if (trimmed === '') return 'empty';
  if (PLACEHOLDER.test(trimmed)) return 'placeholder';
  if (IPV4.test(trimmed) || (trimmed.includes(':') && /^[0-9a-fA-F:.]+$/.test(trimmed))) return 'ip';
  return isDnsSubdomain(value) ? undefined : 'not-dns';
}
