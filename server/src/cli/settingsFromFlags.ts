import { DEFAULT_SETTINGS, parseControllerVersion, parseKubernetesVersion, parseListenerSpec, proxyModeAvailability, PROXY_MODES, resolveSettings, RULE_LEVELS, type ProxyMode, type RawSettings, type Settings } from '../core';
import { flagOf, UsageError, type CliOptions } from './args';

/**
 * The CLI flags as the adapter's layer of settings, above the config file and its cluster
 * (built-in defaults < config file < cluster < flags). Only the flags given are in it, so a
 * config file's value stands where no flag says otherwise. A wrong value is a usage error naming
 * the flag: the lenient defaults of settings resolution never apply to what was typed.
 */
export function flagsLayer(values: CliOptions['values']): RawSettings {
  const layer: Record<string, unknown> = {};
  const versionFlag = flagOf('kubernetesVersion');
  const version = values[versionFlag];
  if (typeof version === 'string') {
    if (!parseKubernetesVersion(version)) throw new UsageError(`--${versionFlag} expects 1.MINOR or 1.MINOR.PATCH, e.g. 1.28 or 1.33.6 (got ${JSON.stringify(version)})`);
    layer['kubernetesVersion'] = version;
  }
  const modeFlag = flagOf('kubeProxyMode');
  const mode = values[modeFlag];
  if (typeof mode === 'string') {
    if (!(PROXY_MODES as readonly string[]).includes(mode)) throw new UsageError(`--${modeFlag} must be one of ${PROXY_MODES.join(', ')} (got ${JSON.stringify(mode)})`);
    layer['kubeProxyMode'] = mode;
    // A mode that did not exist yet at that version has no answer: say so rather than answer for another.
    // Only the flags are known here; a config file's version is checked when the settings are resolved.
    const parsedVersion = parseKubernetesVersion(typeof version === 'string' ? version : DEFAULT_SETTINGS.kubernetesVersion.text)!;
    const availability = proxyModeAvailability(mode as ProxyMode, parsedVersion);
    if (!availability.available && typeof version === 'string') throw new UsageError(`--${modeFlag} ${mode} at --${versionFlag} ${parsedVersion.text}: ${availability.reason}`);
  }
  const ccmFlag = flagOf('ccmVersion');
  const ccmVersion = values[ccmFlag];
  if (typeof ccmVersion === 'string') {
    if (!parseControllerVersion(ccmVersion)) throw new UsageError(`--${ccmFlag} expects MAJOR.MINOR.PATCH or vMAJOR.MINOR.PATCH, e.g. v2.14.0 (got ${JSON.stringify(ccmVersion)})`);
    layer['ccmVersion'] = ccmVersion;
  }
  for (const key of ['backendType', 'hostnameTemplate'] as const) {
    const value = values[flagOf(key)];
    if (typeof value === 'string') layer[key] = value;
  }
  const listenerFlag = flagOf('knownListeners');
  const specs = values[listenerFlag];
  if (Array.isArray(specs) && specs.length > 0) {
    // No prototype: a load balancer id is the user's text, and `__proto__` or `constructor` is just an id.
    const knownListeners = Object.create(null) as Record<string, string[] | undefined>;
    for (const spec of specs) {
      const eq = spec.indexOf('=');
      const listeners = spec.slice(eq + 1).split(',');
      if (eq <= 0 || listeners.some((l) => !parseListenerSpec(l))) {
        throw new UsageError(`--${listenerFlag} expects lb-ID=PORT[/PROTOCOL][,PORT...] (got ${JSON.stringify(spec)})`);
      }
      (knownListeners[spec.slice(0, eq).trim()] ??= []).push(...listeners);
    }
    layer['knownListeners'] = knownListeners;
  }
  const ruleFlag = flagOf('rules');
  const ruleSpecs = values[ruleFlag];
  if (Array.isArray(ruleSpecs) && ruleSpecs.length > 0) {
    // No prototype either: a rule id is the user's text.
    const rules = Object.create(null) as Record<string, string>;
    for (const spec of ruleSpecs) {
      const eq = spec.indexOf('=');
      if (eq <= 0) throw new UsageError(`--${ruleFlag} expects RULE-ID=${RULE_LEVELS.join('|')} (got ${JSON.stringify(spec)})`);
      rules[spec.slice(0, eq).trim()] = spec.slice(eq + 1);
    }
    layer['rules'] = rules;
  }
  // Whatever resolution would ignore in the layer alone (an unknown rule id, a bad severity or backend type) is a usage error.
  const { problems } = resolveSettings(layer);
  if (problems.length > 0) throw new UsageError(problems.join(' '));
  return layer;
}

/** The flags alone over the built-in defaults: `explain` of a Service described by flags, which has no file and so no config. */
export function settingsFromFlags(values: CliOptions['values']): Settings {
  return resolveSettings(flagsLayer(values)).settings;
}
