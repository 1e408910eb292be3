/**
 * Alibaba Cloud CCM annotation keys. The CCM reads `alibaba-cloud-loadbalancer-<x>` and, for each,
 * the legacy `alicloud-loadbalancer-<x>`; the new key wins (docs/upstream-notes.md;
 * cloud-provider-alibaba-cloud pkg/controller/service/reconcile/annotation/annotations.go).
 */
export const ANNOTATION_PREFIX = 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-';
export const LEGACY_ANNOTATION_PREFIX = 'service.beta.kubernetes.io/alicloud-loadbalancer-';

export type ClbAnnotation = 'id' | 'hostname' | 'force-override-listeners' | 'protocol-port' | 'address-type' | 'proxy-protocol' | 'cert-id';

export const HOSTNAME_ANNOTATION = `${ANNOTATION_PREFIX}hostname`;

/**
 * The CCM's backend type (`pkg/controller/helper/service_utils.go`, `IsENIBackendType`): a
 * non-empty value decides (`eni` registers the pods, anything else the nodes); without it the
 * CCM's cluster-wide `serviceBackendType` applies.
 */
export const BACKEND_TYPE_ANNOTATION = 'service.beta.kubernetes.io/backend-type';

/** `spec.loadBalancerClass` of Services the CCM serves with an NLB: hostname-only status, never bound. */
export const NLB_CLASS = 'alibabacloud.com/nlb';

export interface AnnotationLike {
  readonly key: string;
  readonly value: string;
}

/** The CCM's view of an annotation: the new key when present, else the legacy one. */
export function findClbAnnotation<T extends AnnotationLike>(annotations: readonly T[], name: ClbAnnotation): T | undefined {
  const current = annotations.find((a) => a.key === ANNOTATION_PREFIX + name);
  return current ?? annotations.find((a) => a.key === LEGACY_ANNOTATION_PREFIX + name);
}

export function isClbAnnotation(key: string): boolean {
  return key.startsWith(ANNOTATION_PREFIX) || key.startsWith(LEGACY_ANNOTATION_PREFIX);
}
