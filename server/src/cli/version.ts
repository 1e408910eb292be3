/** Replaced at bundle time by esbuild's `define` with package.json's version. */
declare const KUBE_LB_REACH_VERSION: string | undefined;
export const VERSION: string = typeof KUBE_LB_REACH_VERSION === 'string' ? KUBE_LB_REACH_VERSION : '0.0.0-dev';
