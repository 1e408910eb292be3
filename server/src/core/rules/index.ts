import { rule as lbBypassSkipsProxyProtocol } from './lb-bypass-skips-proxy-protocol';
import { rule as lbBypassSkipsTls } from './lb-bypass-skips-tls';
import { rule as lbLayer4Loopback } from './lb-layer4-loopback';
import { rule as lbSourceRangesInCluster } from './lb-source-ranges-in-cluster';
import { rule as clbAnnotationUnknown } from './clb-annotation-unknown';
import { rule as localPolicyInClusterReach } from './local-policy-in-cluster-reach';
import { rule as reusedClbHostnameIncomplete } from './reused-clb-hostname-incomplete';
import { rule as reusedClbListenersUnknown } from './reused-clb-listeners-unknown';
import { rule as reusedClbOtherListenerRefused } from './reused-clb-other-listener-refused';
import { rule as reusedClbPortConflict } from './reused-clb-port-conflict';
import { rule as serviceTypeInvalid } from './service-type-invalid';
import { rule as trafficPolicyNotAllowed } from './traffic-policy-not-allowed';
import { type Rule } from './types';

/** Every rule, in the order their findings are reported for one Service. */
export const RULES: readonly Rule[] = [
  reusedClbOtherListenerRefused,
  reusedClbListenersUnknown,
  reusedClbHostnameIncomplete,
  reusedClbPortConflict,
  lbBypassSkipsTls,
  lbBypassSkipsProxyProtocol,
  lbSourceRangesInCluster,
  lbLayer4Loopback,
  localPolicyInClusterReach,
  clbAnnotationUnknown,
  serviceTypeInvalid,
  trafficPolicyNotAllowed,
];
