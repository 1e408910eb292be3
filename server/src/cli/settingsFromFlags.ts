import { resolveSettings, type Settings } from '../core';
import { UsageError, type CliOptions } from './args';

/** The same settings the editor has, from flags. A wrong value is a usage error, not a silent default. */
export function settingsFromFlags(values: CliOptions['values']): Settings {
  const knownListeners: Record<string, string[]> = {};
  const specs = values['known-listener'];
  for (const spec of Array.isArray(specs) ? specs : []) {
    const eq = spec.indexOf('=');
    if (eq <= 0) throw new UsageError(`--known-listener expects lb-ID=PORT[/PROTOCOL] (got ${JSON.stringify(spec)})`);
    const id = spec.slice(0, eq).trim();
    (knownListeners[id] ??= []).push(...spec.slice(eq + 1).split(','));
  }
  const { settings, problems } = resolveSettings({
    kubernetesVersion: values['kubernetes-version'],
    kubeProxyMode: values['proxy-mode'],
    knownListeners,
    hostnameTemplate: values['hostname-template'],
  });
  if (problems.length > 0) throw new UsageError(problems.join(' '));
  return settings;
}
