import { annotationInsertion } from '../../fixes/insertAnnotation';
import { type ServiceFacts } from '../../model/facts';
import { isDnsSubdomain } from '../../model/hostnames';
import { type Fix } from '../../model/finding';
import { type ParsedFile } from '../../parse/parseFile';
import { type ResourceView } from '../../parse/resource';
import { type ServiceView } from '../../parse/serviceView';
import { HOSTNAME_ANNOTATION } from './annotations';

/** The API server rejects this as a hostname (not a DNS-1123 subdomain), so it can never go live unnoticed. */
export const HOSTNAME_PLACEHOLDER = '<dns-name-of-this-clb>';

export interface HostnameValue {
  readonly value: string;
  /** True when the value is a real DNS name from the user's template, not the placeholder. */
  readonly fromTemplate: boolean;
}

/** `${name}`, `${namespace}`, `${clbId}` filled in; the placeholder when the template is empty or yields no DNS name. */
export function hostnameValue(template: string, vars: { name: string; namespace: string; clbId: string }): HostnameValue {
  if (template === '') return { value: HOSTNAME_PLACEHOLDER, fromTemplate: false };
  const value = template.replace(/\$\{(name|namespace|clbId)\}/g, (_, key: 'name' | 'namespace' | 'clbId') => vars[key]);
  return isDnsSubdomain(value) ? { value, fromTemplate: true } : { value: HOSTNAME_PLACEHOLDER, fromTemplate: false };
}

/**
 * Inserts `...-loadbalancer-hostname`: the CCM then reports the hostname instead of the IP, and
 * kube-proxy binds nothing for this Service (docs/upstream-notes.md).
 */
export function hostnameFix(file: ParsedFile, service: ServiceView, facts: ServiceFacts, template: string): Fix | undefined {
  return hostnameFixWithValue(file, service, hostnameValue(template, { name: service.name?.value ?? '', namespace: service.namespace, clbId: facts.lb?.id ?? '' }));
}

export function hostnameFixWithValue(file: ParsedFile, resource: ResourceView, hostname: HostnameValue): Fix | undefined {
  const edit = annotationInsertion(file, resource, HOSTNAME_ANNOTATION, hostname.value);
  if (!edit) return undefined;
  return {
    // The IP stays bound while any Service reusing the CLB reports it: the title says so.
    title: hostname.fromTemplate
      ? `Add the hostname annotation (${hostname.value}); every Service on this CLB needs it`
      : 'Add the hostname annotation (fill in the DNS name of the CLB); every Service on this CLB needs it',
    edits: [edit],
    isPreferred: true,
    safe: hostname.fromTemplate,
  };
}
