import { type AnnotationEntry, type UpstreamSource } from './types';

/** The commit of kubernetes/cloud-provider-alibaba-cloud the catalogue was read from (tag v2.14.0, 2026-04-10). */
export const CATALOGUE_COMMIT = 'eeb0ddc687ee5ee9d3726559d6a8ec056f694947';
export const UPSTREAM_REPOSITORY = 'https://github.com/kubernetes/cloud-provider-alibaba-cloud';

/**
 * The CCM composes `<prefix>-<name>` for both prefixes and reads the first one present
 * (annotations.go, `AnnotationRequest.Get` and `Has`).
 */
export const CURRENT_PREFIX = 'service.beta.kubernetes.io/alibaba-cloud-';
export const LEGACY_PREFIX = 'service.beta.kubernetes.io/alicloud-';

type EntryFacts = Omit<AnnotationEntry, 'name' | 'key' | 'legacyKey'>;

/** A key the CCM reads through `AnnotationRequest`: `loadbalancer-<suffix>`, under both prefixes. */
export function prefixed(suffix: string, facts: EntryFacts): AnnotationEntry {
  const name = `loadbalancer-${suffix}`;
  return { name, key: CURRENT_PREFIX + name, legacyKey: LEGACY_PREFIX + name, ...facts };
}

/** A key the CCM looks up under this one exact name (no legacy spelling). */
export function exactKey(key: string, facts: EntryFacts): AnnotationEntry {
  return { name: key, key, ...facts };
}

const SERVICE = 'pkg/controller/service';

/** Upstream files that read annotations (paths in the repository at `CATALOGUE_COMMIT`). */
export const FILES = {
  annotations: `${SERVICE}/reconcile/annotation/annotations.go`,
  backend: `${SERVICE}/reconcile/backend/backend.go`,
  helper: 'pkg/controller/helper/service_utils.go',
  clbLoadBalancer: `${SERVICE}/clbv1/loadbalancer.go`,
  clbListeners: `${SERVICE}/clbv1/listeners.go`,
  clbVGroups: `${SERVICE}/clbv1/vgroups.go`,
  clbController: `${SERVICE}/clbv1/service_controller.go`,
  clbApplier: `${SERVICE}/clbv1/model_applier.go`,
  clbEvents: `${SERVICE}/clbv1/event_handler.go`,
  nlbLoadBalancer: `${SERVICE}/nlbv2/loadbalancer.go`,
  nlbListeners: `${SERVICE}/nlbv2/listeners.go`,
  nlbServerGroups: `${SERVICE}/nlbv2/server_groups.go`,
  nlbApplier: `${SERVICE}/nlbv2/model_applier.go`,
  nlbEvents: `${SERVICE}/nlbv2/event_handler.go`,
} as const;

export const src = (file: keyof typeof FILES, func: string): UpstreamSource => ({ file: FILES[file], func });

/** The readers most keys share. */
export const CLB_LISTENER = src('clbListeners', '(*ListenerManager).buildListenerFromServicePort');
export const NLB_LISTENER = src('nlbListeners', '(*ListenerManager).buildListenerFromServicePort');
export const CLB_LB = src('clbLoadBalancer', '(*LoadBalancerManager).BuildLocalModel');
export const NLB_LB = src('nlbLoadBalancer', '(*NLBManager).BuildLocalModel');
export const NLB_SERVER_GROUP = src('nlbServerGroups', 'setServerGroupAttributeFromAnno');

/** The CLB listener values the CCM passes to the API as written: the API compares them, not the CCM. */
export const ON_OFF = { kind: 'enum', options: ['on', 'off'], compare: 'exact' } as const;
/** NLB switches: `on` in any case turns them on, anything else turns them off. */
export const ON_ANY_CASE = { kind: 'switch', on: 'on', compare: 'case-insensitive' } as const;
