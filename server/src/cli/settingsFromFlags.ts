import { DEFAULT_SETTINGS, parseControllerVersion, parseKubernetesVersion, parseListenerSpec, proxyModeAvailability, PROXY_MODES, resolveSettings, RULE_LEVELS, type ProxyMode, type Settings } from '../core';
import { flagOf, UsageError, type CliOptions } from './args';

/**
 * The same settings the editor has, from flags. A wrong value is a usage error naming the flag;
 * the editor's lenient defaults never apply on the command line.
 */
export function settingsFromFlags(values: CliOptions['values']): Settings {
  const versionFlag = flagOf('kubernetesVersion');
  const version = values[versionFlag];
  if (typeof version === 'string' && !parseKubernetesVersion(version)) {
    throw new UsageError(`--${versionFlag} expects 1.MINOR or 1.MINOR.PATCH, e.g. 1.28 or 1.33.6 (got ${JSON.stringify(version)})`);
  }
  const modeFlag = flagOf('kubeProxyMode');
  const mode = values[modeFlag];
  if (typeof mode === 'string' && !(PROXY_MODES as readonly string[]).includes(mode)) {
    throw new UsageError(`--${modeFlag} must be one of ${PROXY_MODES.join(', ')} (got ${JSON.stringify(mode)})`);
  }
  // A mode that did not exist yet at that version has no answer: say so rather than answer for another.
  const parsedVersion = parseKubernetesVersion(typeof version === 'string' ? version : DEFAULT_SETTINGS.kubernetesVersion.text)!;
  const effectiveMode = typeof mode === 'string' ? (mode as ProxyMode) : DEFAULT_SETTINGS.proxyMode;
  const availability = proxyModeAvailability(effectiveMode, parsedVersion);
  if (!availability.available) throw new UsageError(`--${modeFlag} ${effectiveMode} at --${versionFlag} ${parsedVersion.text}: ${availability.reason}`);
  const ccmFlag = flagOf('ccmVersion');
  const ccmVersion = values[ccmFlag];
  if (typeof ccmVersion === 'string' && !parseControllerVersion(ccmVersion)) {
    throw new UsageError(`--${ccmFlag} expects MAJOR.MINOR.PATCH or vMAJOR.MINOR.PATCH, e.g. v2.14.0 (got ${JSON.stringify(ccmVersion)})`);
  }
  const listenerFlag = flagOf('knownListeners');
  // No prototype: a load balancer id is the user's text, and `__proto__` or `constructor` is just an id.
  const knownListeners = Object.create(null) as Record<string, string[] | undefined>;
  const specs = values[listenerFlag];
  for (const spec of Array.isArray(specs) ? specs : []) {
    const eq = spec.indexOf('=');
    const listeners = spec.slice(eq + 1).split(',');
    if (eq <= 0 || listeners.some((l) => !parseListenerSpec(l))) {
      throw new UsageError(`--${listenerFlag} expects lb-ID=PORT[/PROTOCOL][,PORT...] (got ${JSON.stringify(spec)})`);
    }
    (knownListeners[spec.slice(0, eq).trim()] ??= []).push(...listeners);
  }
  const ruleFlag = flagOf('rules');
  // No prototype either: a rule id is the user's text (an unknown one is a problem of resolveSettings).
  const rules = Object.create(null) as Record<string, string>;
  const ruleSpecs = values[ruleFlag];
  for (const spec of Array.isArray(ruleSpecs) ? ruleSpecs : []) {
    const eq = spec.indexOf('=');
    if (eq <= 0) throw new UsageError(`--${ruleFlag} expects RULE-ID=${RULE_LEVELS.join('|')} (got ${JSON.stringify(spec)})`);
    rules[spec.slice(0, eq).trim()] = spec.slice(eq + 1);
  }
  const { settings, problems } = resolveSettings({
    kubernetesVersion: version,
    kubeProxyMode: mode,
    backendType: values[flagOf('backendType')],
    knownListeners,
    hostnameTemplate: values[flagOf('hostnameTemplate')],
    rules,
    ccmVersion,
  });
  if (problems.length > 0) throw new UsageError(problems.join(' '));
  return settings;
}
