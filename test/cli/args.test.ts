import { deepStrictEqual, notDeepStrictEqual } from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_SETTINGS, SETTINGS, type SettingKey, type Settings } from '../../server/src/core';
import { HELP, OPTIONS, parseCommandLine } from '../../server/src/cli/args';
import { flagsLayer, settingsFromFlags } from '../../server/src/cli/settingsFromFlags';

/**
 * The settings descriptor is the one list of settings: the parser's options, the help's Settings
 * lines and the flags settingsFromFlags reads must follow it. A Record over SettingKey, so a new
 * setting does not compile here until it has a sample value.
 */
const SAMPLES: Record<SettingKey, { readonly value: string; readonly read: (settings: Settings) => unknown; readonly expected: unknown }> = {
  kubernetesVersion: { value: '1.23', read: (s) => s.kubernetesVersion.text, expected: '1.23' },
  kubeProxyMode: { value: 'nftables', read: (s) => s.proxyMode, expected: 'nftables' },
  knownListeners: { value: 'lb-x=443/TCP', read: (s) => [...s.knownListeners.keys()], expected: ['lb-x'] },
  hostnameTemplate: { value: '${name}.example.net', read: (s) => s.hostnameTemplate, expected: '${name}.example.net' },
  backendType: { value: 'eni', read: (s) => s.backendType, expected: 'eni' },
  rules: { value: 'lb-layer4-loopback=off', read: (s) => [...s.rules], expected: [['lb-layer4-loopback', 'off']] },
  ccmVersion: { value: 'v2.2.1', read: (s) => s.ccmVersion?.text, expected: 'v2.2.1' },
};

describe('CLI flags from the settings descriptor (drift)', () => {
  it('every setting has its flag in the parser: a string option, repeatable exactly when the descriptor says', () => {
    for (const setting of SETTINGS) deepStrictEqual(OPTIONS[setting.cli.flag], setting.cli.repeatable ? { type: 'string', multiple: true } : { type: 'string' }, setting.key);
  });

  it('every setting has its line in --help, in descriptor order: `--flag VALUE`, then its help, aligned', () => {
    const start = HELP.indexOf('Settings (both commands):\n');
    const lines = HELP.slice(start, HELP.indexOf('\n\n', start)).split('\n').slice(1);
    deepStrictEqual(
      lines.map((line) => /^ {2}--(\S+) (.+?) {2,}(\S.*)$/.exec(line)?.slice(1)),
      SETTINGS.map((s) => [s.cli.flag, s.cli.valueName, s.cli.help]),
    );
    // Aligned with the other options' descriptions (index 37), or two spaces after a longer option.
    SETTINGS.forEach((s, i) => {
      deepStrictEqual(lines[i]!.indexOf(s.cli.help), Math.max(37, `  --${s.cli.flag} ${s.cli.valueName}  `.length), s.key);
    });
    deepStrictEqual(HELP.indexOf('output format (default text)'), HELP.indexOf('  --format text|json|sarif|github') + 37);
  });

  it('settingsFromFlags reads each setting by its descriptor flag', () => {
    for (const setting of SETTINGS) {
      const sample = SAMPLES[setting.key];
      const settings = settingsFromFlags(parseCommandLine(['lint', `--${setting.cli.flag}`, sample.value]).values);
      deepStrictEqual(sample.read(settings), sample.expected, setting.key);
      notDeepStrictEqual(sample.read(DEFAULT_SETTINGS), sample.expected, `${setting.key}: the sample differs from the default`);
    }
  });

  it('flagsLayer holds only the flags given: the value of a config file stands where no flag says otherwise', () => {
    deepStrictEqual(flagsLayer(parseCommandLine(['lint']).values), {});
    const layer = flagsLayer(parseCommandLine(['lint', '--kubernetes-version', '1.25', '--known-listener', 'lb-x=443,80/udp', '--rule', 'lb-layer4-loopback=off']).values);
    deepStrictEqual(Object.keys(layer), ['kubernetesVersion', 'knownListeners', 'rules']);
    deepStrictEqual(layer.kubernetesVersion, '1.25');
    deepStrictEqual({ ...(layer.knownListeners as object) }, { 'lb-x': ['443', '80/udp'] });
    deepStrictEqual({ ...(layer.rules as object) }, { 'lb-layer4-loopback': 'off' });
  });
});
