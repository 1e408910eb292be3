import { rule as hostnameInvalid } from './hostname-invalid';
import { rule as hostnameLoopback } from './hostname-loopback';
import { rule as hostnameNeedsCcm23 } from './hostname-needs-ccm-2-3';
import { rule as lbBypassSkipsProxyProtocol } from './lb-bypass-skips-proxy-protocol';
import { rule as lbBypassSkipsTls } from './lb-bypass-skips-tls';
import { rule as lbLayer4Loopback } from './lb-layer4-loopback';
import { rule as lbSourceRangesInCluster } from './lb-source-ranges-in-cluster';
import { rule as annotationNotString } from './annotation-not-string';
import { rule as clbAnnotationInvalidValue } from './clb-annotation-invalid-value';
import { rule as clbAnnotationUnknown } from './clb-annotation-unknown';
import { rule as legacyAnnotationPrefix } from './legacy-annotation-prefix';
import { rule as localPolicyInClusterReach } from './local-policy-in-cluster-reach';
import { rule as reusedClbForceOverrideMismatch } from './reused-clb-force-override-mismatch';
import { rule as reusedClbHostnameIncomplete } from './reused-clb-hostname-incomplete';
import { rule as reusedClbListenersUnknown } from './reused-clb-listeners-unknown';
import { rule as reusedClbOtherListenerRefused } from './reused-clb-other-listener-refused';
import { rule as reusedClbPortConflict } from './reused-clb-port-conflict';
import { rule as serviceTypeInvalid } from './service-type-invalid';
import { rule as trafficPolicyNotAllowed } from './traffic-policy-not-allowed';
import { rule as suppressionInvalid } from './suppression-invalid';
import { type Rule } from './types';

/** Every rule, in the order their findings are reported for one Service. */
export const RULES: readonly Rule[] = [
  reusedClbOtherListenerRefused,
  reusedClbListenersUnknown,
  reusedClbHostnameIncomplete,
  reusedClbPortConflict,
  reusedClbForceOverrideMismatch,
  lbBypassSkipsTls,
  lbBypassSkipsProxyProtocol,
  lbSourceRangesInCluster,
  hostnameInvalid,
  hostnameLoopback,
  lbLayer4Loopback,
  hostnameNeedsCcm23,
  localPolicyInClusterReach,
  clbAnnotationUnknown,
  annotationNotString,
  clbAnnotationInvalidValue,
  legacyAnnotationPrefix,
  serviceTypeInvalid,
  trafficPolicyNotAllowed,
  suppressionInvalid,
];
