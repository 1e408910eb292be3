import { type Provider } from '../types';
import { ANNOTATION_DOCS, productOf } from './annotationDocs';
import { ANNOTATION_PREFIX, LEGACY_ANNOTATION_PREFIX } from './annotations';
import { checkAnnotationValue, legacyAnnotation } from './annotationValues';
import { claims, facts, PROVIDER_ID } from './facts';
import { hostnameFix, hostnameInsertion } from './hostnameFix';
import { listenerAnswers } from './listenerAnswers';
import { unknownAnnotation } from './unknownKeys';

/** Alibaba Cloud: CLB (and NLB) Services reconciled by the cloud controller manager. */
export const alibaba: Provider = {
  id: PROVIDER_ID,
  displayName: 'Alibaba Cloud',
  nouns: { lb: 'CLB', controller: 'the CCM' },
  annotationPrefixes: [ANNOTATION_PREFIX, LEGACY_ANNOTATION_PREFIX],
  annotationKeys: ANNOTATION_DOCS,
  productOf,
  unknownAnnotation,
  legacyAnnotation,
  checkAnnotationValue,
  claims,
  facts,
  hostnameFix,
  hostnameInsertion,
  listenerAnswers,
};
