import { type AnnotationDoc } from '../types';
import { anchorOf, ANNOTATION_CATALOGUE, closedValues, describeValues, type AnnotationEntry, type LbProduct } from './catalogue';
import { NLB_CLASS } from './annotations';

function docOf(entry: AnnotationEntry): AnnotationDoc {
  const options = closedValues(entry.values);
  return {
    key: entry.key,
    summary: entry.meaning,
    ...(entry.legacyKey ? { aliases: [entry.legacyKey] } : {}),
    values: entry.note ? `${describeValues(entry.values)}. ${entry.note}` : describeValues(entry.values),
    ...(options ? { options } : {}),
    default: entry.default,
    since: entry.since,
    products: entry.products,
    anchor: anchorOf(entry),
  };
}

/** The catalogue as completion, hover and the grammar see it. */
export const ANNOTATION_DOCS: readonly AnnotationDoc[] = ANNOTATION_CATALOGUE.map(docOf);

/** The CCM's NLB controller takes the NLB class; the CLB controller takes Services without a class (helper NeedCLB, NeedNLB). */
export function productOf(loadBalancerClass: string | undefined): LbProduct | undefined {
  if (loadBalancerClass === undefined) return 'CLB';
  return loadBalancerClass === NLB_CLASS ? 'NLB' : undefined;
}
