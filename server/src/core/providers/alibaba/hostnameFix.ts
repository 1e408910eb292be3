import { hostnameValue, type HostnameValue } from '../../fixes/hostnameValue';
import { annotationInsertionPoint, annotationValueReplacement, fillInsertion, fillInsertionWithPlaceholder, type AnnotationInsertion } from '../../fixes/insertAnnotation';
import { type ServiceFacts } from '../../model/facts';
import { hostnameProblem } from '../../model/hostnames';
import { type Fix } from '../../model/finding';
import { type ParsedFile } from '../../parse/parseFile';
import { type ResourceView } from '../../parse/resource';
import { type ServiceView } from '../../parse/serviceView';
import { findClbAnnotation, HOSTNAME_ANNOTATION } from './annotations';

export { hostnameValue, HOSTNAME_PLACEHOLDER, type HostnameValue } from '../../fixes/hostnameValue';

/**
 * Where the hostname annotation goes in this Service: a new entry, or the value of an invalid one
 * (a placeholder, an IP: it changes nothing until replaced). Undefined when it has a valid one, or
 * where no insertion is certain.
 */
export function hostnameInsertion(file: ParsedFile, service: ServiceView): AnnotationInsertion | undefined {
  // A Helm template is edited by its author, not by a fix computed from its masked text.
  if (service.templated) return undefined;
  const written = findClbAnnotation(service.annotations, 'hostname');
  if (!written) return annotationInsertionPoint(file, service, HOSTNAME_ANNOTATION);
  if (hostnameProblem(written.value) === undefined) return undefined;
  const { valueSpan } = written;
  // Only a value written inside this resource (not an alias of a value elsewhere) is replaced.
  return valueSpan.end > valueSpan.start && valueSpan.start >= service.span.start && valueSpan.end <= service.span.end ? annotationValueReplacement(valueSpan) : undefined;
}

/**
 * Inserts `...-loadbalancer-hostname`: the CCM then reports the hostname instead of the IP, and
 * kube-proxy binds nothing for this Service (docs/upstream-notes.md).
 */
export function hostnameFix(file: ParsedFile, service: ServiceView, facts: ServiceFacts, template: string): Fix | undefined {
  const insertion = hostnameInsertion(file, service);
  return insertion && fixWith(insertion, hostnameValue(template, { name: service.name?.value ?? '', namespace: service.namespace, clbId: facts.lb?.id ?? '' }));
}

export function hostnameFixWithValue(file: ParsedFile, resource: ResourceView, hostname: HostnameValue): Fix | undefined {
  const insertion = annotationInsertionPoint(file, resource, HOSTNAME_ANNOTATION);
  return insertion && fixWith(insertion, hostname);
}

function fixWith(insertion: AnnotationInsertion, hostname: HostnameValue): Fix {
  return {
    title: hostname.fromTemplate ? `Add the hostname annotation (${hostname.value})` : 'Add the hostname annotation (fill in the DNS name of the CLB)',
    // Without a template: a tab stop to type over where the client takes snippets, else the placeholder, which the API server rejects.
    edits: [hostname.fromTemplate ? fillInsertion(insertion, hostname.value) : fillInsertionWithPlaceholder(insertion, hostname.value)],
    isPreferred: true,
    safe: hostname.fromTemplate,
  };
}
