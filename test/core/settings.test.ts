import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveSettings } from '../../server/src/core';
import { SETTINGS_LIMITS } from '../../server/src/core/settings/resolve';

describe('settings from a workspace are bounded', () => {
  it('200,000 knownListeners entries: the first thousand read, the rest said once with a count', () => {
    const knownListeners: Record<string, unknown> = {};
    for (let i = 0; i < 200_000; i++) knownListeners[`lb-${i}`] = i % 2 === 0 ? ['443'] : 'not a list';
    const { settings, problems } = resolveSettings({ knownListeners });
    strictEqual(settings.knownListeners.size, SETTINGS_LIMITS.loadBalancers / 2);
    deepStrictEqual(problems, [
      'knownListeners: 500 entries are not lists such as ["443/TCP"] (lb-1; lb-3; lb-5 and 497 more); ignored.',
      `knownListeners: 199000 load balancers past the first ${SETTINGS_LIMITS.loadBalancers}; ignored.`,
    ]);
  });

  it('long ids, long listener lists, bad specs and a huge template are cut, each said once', () => {
    const many = Array.from({ length: 5_000 }, (_, i) => String(1 + (i % 60_000)));
    const { settings, problems } = resolveSettings({
      knownListeners: { ['x'.repeat(300)]: ['443'], 'lb-1': many, 'lb-2': ['443', 'https', { port: 1 }] },
      hostnameTemplate: `${'a'.repeat(2_000)}.example.net`,
    });
    deepStrictEqual([...settings.knownListeners.keys()], ['lb-1', 'lb-2']);
    strictEqual(settings.knownListeners.get('lb-1')?.length, SETTINGS_LIMITS.listenersPerLoadBalancer);
    strictEqual(settings.hostnameTemplate, '');
    deepStrictEqual(problems, [
      'knownListeners: 2 listeners are not PORT or PORT/PROTOCOL (lb-2: "https"; lb-2: {"port":1}); ignored.',
      `knownListeners: 1 ids longer than ${SETTINGS_LIMITS.idLength} characters; ignored.`,
      `knownListeners: listeners past ${SETTINGS_LIMITS.listenersPerLoadBalancer} for one load balancer; ignored.`,
      `hostnameTemplate is longer than ${SETTINGS_LIMITS.templateLength} characters; ignored.`,
    ]);
  });
});
