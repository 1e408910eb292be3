import { exactKey, src } from './build';
import { type AnnotationEntry } from './types';

/**
 * Keys the CCM reads under one exact name (pkg/controller/helper/service_utils.go): the backend
 * type and the switches that decide which controller, if any, handles a Service. Their legacy
 * `alicloud-` spellings are not read.
 */
export const SELECTION_KEYS: readonly AnnotationEntry[] = [
  exactKey('service.beta.kubernetes.io/backend-type', {
    products: ['CLB', 'NLB'],
    since: 'v2.1.0',
    meaning: 'Whether backends are nodes ("ecs") or pod ENIs ("eni", Terway networks).',
    values: { kind: 'enum', options: ['eni', 'ecs'], compare: 'exact' },
    note: 'Only exactly "eni" selects ENI backends; any other non-empty value selects nodes.',
    default: 'the cloud config (or the SERVICE_FORCE_BACKEND_ENI variable) decides',
    invalid: 'misread',
    source: [src('helper', 'IsENIBackendType')],
  }),
  exactKey('service.beta.kubernetes.io/class', {
    products: ['CLB'],
    since: 'v2.1.0',
    meaning: 'Any non-empty value hands the Service to another controller: the CCM does not create a CLB for it.',
    values: { kind: 'switch', on: 'true', compare: 'non-empty' },
    default: 'none: the CCM handles LoadBalancer Services without spec.loadBalancerClass',
    invalid: 'misread',
    source: [src('helper', 'NeedCLB'), src('clbEvents', 'needUpdate')],
  }),
  exactKey('service.beta.kubernetes.io/alibaba-cloud-loadbalancer-type', {
    products: ['CLB', 'NLB'],
    since: 'v2.10.0',
    meaning: 'With the LoadBalancerTypeAnnotation feature gate: "nlb" makes the NLB controller handle the Service, any other value makes the CLB controller skip it.',
    values: { kind: 'enum', options: ['nlb'], compare: 'exact' },
    note: 'The feature gate is alpha and off by default: without it the key is ignored.',
    default: 'none: spec.loadBalancerClass decides',
    invalid: 'misread',
    source: [src('helper', 'NeedCLB'), src('helper', 'NeedNLB')],
  }),
  exactKey('service.beta.kubernetes.io/alibaba-cloud-loadbalancer-tunnel-type', {
    products: ['CLB'],
    since: 'v2.12.4',
    meaning: 'Present with any value, even empty: the CLB controller leaves the Service alone.',
    values: { kind: 'switch', on: '', compare: 'present' },
    default: 'absent: the CLB controller handles the Service',
    invalid: 'misread',
    source: [src('helper', 'IsTunnelTypeService'), src('helper', 'NeedCLB'), src('clbEvents', 'needUpdate')],
  }),
];
