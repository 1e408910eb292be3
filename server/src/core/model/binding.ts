import { type KubernetesVersion } from './kubernetes';

/**
 * LoadBalancerIPMode is on by default from 1.30 (beta, PR 123418; alpha and off in 1.29, PR 119937; GA 1.32, PR 127348):
 * kube-proxy honours `ipMode: Proxy` from then. Must equal reach/boundaries.ts IP_MODE_PROXY (a test checks it).
 */
export const MINOR_IP_MODE_DEFAULT = 30;

/**
 * Whether kube-proxy treats the IP a Service reports as one it handles itself: reported, and not
 * `ipMode: Proxy` where kube-proxy honours it (pkg/proxy/serviceport.go, LoadBalancerVIPs).
 */
export function reportsBoundIp(service: { readonly reportsIp: boolean; readonly ipModeProxy: boolean }, settings: { readonly kubernetesVersion: Pick<KubernetesVersion, 'minor'> }): boolean {
  return service.reportsIp && !(service.ipModeProxy && settings.kubernetesVersion.minor >= MINOR_IP_MODE_DEFAULT);
}
