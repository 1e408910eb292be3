import { type KubernetesVersion } from './kubernetes';

/**
 * LoadBalancerIPMode is on by default from 1.30 (beta, PR 123418; alpha and off in 1.29, PR 119937; GA 1.32, PR 127348):
 * kube-proxy honours `ipMode: Proxy` from then. Must equal reach/boundaries.ts IP_MODE_PROXY (a test checks it).
 */
export const MINOR_IP_MODE_DEFAULT = 30;

/**
 * Whether kube-proxy treats the IP a Service reports as one it handles itself: reported, and not
 * `ipMode: Proxy` where kube-proxy honours it (pkg/proxy/serviceport.go, LoadBalancerVIPs), and known to (not a template that may set a hostname).
 */
export function reportsBoundIp(service: { readonly reportsIp: boolean; readonly reportsIpKnown?: boolean; readonly ipModeProxy: boolean }, settings: { readonly kubernetesVersion: Pick<KubernetesVersion, 'minor'> }): boolean {
  // A Helm template whose actions may set a hostname binds nothing for sure: it is never counted as binding.
  return service.reportsIp && service.reportsIpKnown !== false && !(service.ipModeProxy && settings.kubernetesVersion.minor >= MINOR_IP_MODE_DEFAULT);
}
