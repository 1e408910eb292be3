import { DEFAULT_SETTINGS, parseKubernetesVersion, proxyModeAvailability, PROXY_MODES, resolveSettings, type ProxyMode, type Settings } from '../core';
import { parseListenerSpec } from '../core/model/listeners';
import { UsageError, type CliOptions } from './args';

/**
 * The same settings the editor has, from flags. A wrong value is a usage error naming the flag;
 * the editor's lenient defaults never apply on the command line.
 */
export function settingsFromFlags(values: CliOptions['values']): Settings {
  const version = values['kubernetes-version'];
  if (typeof version === 'string' && !parseKubernetesVersion(version)) {
    throw new UsageError(`--kubernetes-version expects 1.MINOR or 1.MINOR.PATCH, e.g. 1.28 or 1.33.6 (got ${JSON.stringify(version)})`);
  }
  const mode = values['proxy-mode'];
  if (typeof mode === 'string' && !(PROXY_MODES as readonly string[]).includes(mode)) {
    throw new UsageError(`--proxy-mode must be one of ${PROXY_MODES.join(', ')} (got ${JSON.stringify(mode)})`);
  }
  const parsedVersion = parseKubernetesVersion(typeof version === 'string' ? version : DEFAULT_SETTINGS.kubernetesVersion.text)!;
  const availability = proxyModeAvailability(typeof mode === 'string' ? (mode as ProxyMode) : DEFAULT_SETTINGS.proxyMode, parsedVersion);
  if (!availability.available) {
    throw new UsageError(`--proxy-mode ${typeof mode === 'string' ? mode : DEFAULT_SETTINGS.proxyMode} at --kubernetes-version ${parsedVersion.text}: ${availability.reason}`);
  }
  const knownListeners: Record<string, string[]> = {};
  const specs = values['known-listener'];
  for (const spec of Array.isArray(specs) ? specs : []) {
    const eq = spec.indexOf('=');
    const listeners = spec.slice(eq + 1).split(',');
    if (eq <= 0 || listeners.some((l) => !parseListenerSpec(l))) {
      throw new UsageError(`--known-listener expects lb-ID=PORT[/PROTOCOL][,PORT...] (got ${JSON.stringify(spec)})`);
    }
    (knownListeners[spec.slice(0, eq).trim()] ??= []).push(...listeners);
  }
  const { settings, problems } = resolveSettings({ kubernetesVersion: version, kubeProxyMode: mode, knownListeners, hostnameTemplate: values['hostname-template'] });
  if (problems.length > 0) throw new UsageError(problems.join(' '));
  return settings;
}
