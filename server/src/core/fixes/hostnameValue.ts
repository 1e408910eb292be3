import { isDnsSubdomain } from '../model/hostnames';

/** The API server rejects this as a hostname (not a DNS-1123 subdomain), so it can never go live unnoticed. */
export const HOSTNAME_PLACEHOLDER = '<dns-name-of-this-clb>';

export interface HostnameValue {
  readonly value: string;
  /** True when the value is a real DNS name from the user's template, not the placeholder. */
  readonly fromTemplate: boolean;
}

/** The variables of the `hostnameTemplate` setting, for one Service. */
export interface HostnameTemplateVars {
  readonly name: string;
  readonly namespace: string;
  readonly clbId: string;
}

/** `${name}`, `${namespace}`, `${clbId}` filled in; the placeholder when the template is empty or yields no DNS name. */
export function hostnameValue(template: string, vars: HostnameTemplateVars): HostnameValue {
  if (template === '') return { value: HOSTNAME_PLACEHOLDER, fromTemplate: false };
  const value = template.replace(/\$\{(name|namespace|clbId)\}/g, (_, key: 'name' | 'namespace' | 'clbId') => vars[key]);
  return isDnsSubdomain(value) ? { value, fromTemplate: true } : { value: HOSTNAME_PLACEHOLDER, fromTemplate: false };
}
