import { writtenAnnotations } from '../../parse/annotationValues';
import { type ServiceView } from '../../parse/serviceView';
import { type AnnotationValueProblem } from '../types';
import { anchorOf, lookupAnnotation } from './catalogue';
import { checkEntryValue } from './catalogue/check';
import { productOf } from './annotationDocs';

/** The current spelling of a legacy `alicloud-loadbalancer-` key (both are read, the current one wins). */
export function legacyAnnotation(key: string): { readonly current: string } | undefined {
  const found = lookupAnnotation(key);
  return found?.legacy ? { current: found.entry.key } : undefined;
}

/**
 * The catalogue's verdict on one annotation value of `service`: by the form its product's
 * controller reads it in. Silent for a legacy key hidden by its current spelling (the CCM never
 * reads that value), for a key the Service's product does not read, and for Services neither
 * controller handles.
 */
export function checkAnnotationValue(service: ServiceView, key: string, value: string): AnnotationValueProblem | undefined {
  const found = lookupAnnotation(key);
  const product = productOf(service.loadBalancerClass?.value);
  if (!found || !product || !found.entry.products.includes(product)) return undefined;
  // Presence decides, whatever the value: a current key left empty (null) still hides the legacy one.
  if (found.legacy && writtenAnnotations(service).some((a) => a.key === found.entry.key)) return undefined;
  const problem = checkEntryValue(found.entry, product, value);
  return problem && { ...problem, name: anchorOf(found.entry) };
}
