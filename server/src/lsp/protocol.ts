/**
 * The server's own requests, shared with our VS Code client (which bundles this file alone: it
 * imports nothing).
 */

/** The settings in effect for one document, as the status item shows them. */
export const SETTINGS_IN_EFFECT = 'kubeLbReach/settingsInEffect';

export interface SettingsInEffectParams {
  readonly uri: string;
}

export interface SettingsInEffect {
  /** What the status item shows, e.g. `cluster prod · k8s 1.34 · kube-proxy ipvs`. */
  readonly text: string;
  readonly kubernetesVersion: string;
  readonly kubeProxyMode: string;
  /** The document's cluster: a `clusters[]` name, `default` of a config file, or the workspace folder's name. */
  readonly cluster: string;
  /** The path of the config file that applies (the nearest `.kube-lb-reach.yaml` upward); null: none. */
  readonly configFile: string | null;
}
