import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveSettings } from '../../../server/src/core';
import { service, spanOf, TestWorkspace } from '../../helpers/workspace';

const RULE = 'hostname-needs-ccm-2-3';
const LEGACY_HOSTNAME = 'service.beta.kubernetes.io/alicloud-loadbalancer-hostname';

describe(RULE, () => {
  it('a CCM older than v2.3.0: a Warning on the hostname value, saying what the older CCM does', () => {
    const ws = new TestWorkspace({ 'a.yaml': service({ name: 'a', hostname: 'a.example.net' }) }, { ccmVersion: 'v2.2.9' });
    const findings = ws.findings('a.yaml', RULE);
    deepStrictEqual(
      findings.map((f) => ({ ruleId: f.ruleId, messageId: f.messageId, severity: f.severity, data: f.data, span: f.span })),
      [
        {
          ruleId: RULE,
          messageId: 'tooOld',
          severity: 'warning',
          data: { controller: 'The CCM', version: 'v2.2.9', since: 'v2.3.0', lb: 'CLB', hostname: 'a.example.net' },
          span: spanOf(ws.text('a.yaml'), '"a.example.net"'),
        },
      ],
    );
    strictEqual(
      findings[0]!.message,
      'The CCM v2.2.9 ignores the hostname annotation, so pods and nodes still bypass the CLB: upgrade it to v2.3.0 or later, the first to read it. ' +
        'Until then the Service status keeps the CLB IP instead of a.example.net, kube-proxy keeps taking that IP inside the cluster, and nothing the hostname fix promised holds.',
    );
  });

  it('reads MAJOR.MINOR.PATCH without the v, compares numerically, and knows the legacy key', () => {
    const legacy = service({ name: 'a', extraAnnotations: { [LEGACY_HOSTNAME]: 'a.example.net' } });
    deepStrictEqual(new TestWorkspace({ 'a.yaml': legacy }, { ccmVersion: '2.1.0' }).findings('a.yaml', RULE).map((f) => [f.data['version'], f.span]), [['2.1.0', spanOf(legacy, '"a.example.net"')]]);
    // 2.10.0 is later than 2.3.0, not earlier (no string compare).
    deepStrictEqual(new TestWorkspace({ 'a.yaml': legacy }, { ccmVersion: '2.10.0' }).findings('a.yaml', RULE), []);
  });

  const silent: [string, string, Record<string, unknown>][] = [
    ['v2.3.0 itself', service({ name: 'a', hostname: 'a.example.net' }), { ccmVersion: 'v2.3.0' }],
    ['a later CCM', service({ name: 'a', hostname: 'a.example.net' }), { ccmVersion: 'v2.14.0' }],
    ['an unknown CCM version (the default)', service({ name: 'a', hostname: 'a.example.net' }), {}],
    ['a CCM version that does not parse (read as unknown)', service({ name: 'a', hostname: 'a.example.net' }), { ccmVersion: '2.2' }],
    ['no hostname annotation', service({ name: 'a', clbId: 'lb-x1' }), { ccmVersion: 'v2.2.0' }],
    ['a blank hostname annotation (not read either way)', service({ name: 'a', hostname: ' ' }), { ccmVersion: 'v2.2.0' }],
    ['a NodePort Service', service({ name: 'a', type: 'NodePort', hostname: 'a.example.net' }), { ccmVersion: 'v2.2.0' }],
  ];
  for (const [why, text, settings] of silent) {
    it(`is silent for ${why}`, () => {
      deepStrictEqual(new TestWorkspace({ 'a.yaml': text }, settings).findings('a.yaml', RULE), []);
    });
  }
});

describe('the ccmVersion setting', () => {
  it('takes MAJOR.MINOR.PATCH or vMAJOR.MINOR.PATCH; empty is unknown; anything else is unknown and said', () => {
    deepStrictEqual(resolveSettings({ ccmVersion: 'v2.14.0' }).settings.ccmVersion, { major: 2, minor: 14, patch: 0, text: 'v2.14.0' });
    deepStrictEqual(resolveSettings({ ccmVersion: '2.3.1' }).settings.ccmVersion, { major: 2, minor: 3, patch: 1, text: '2.3.1' });
    deepStrictEqual(resolveSettings({ ccmVersion: '' }), { settings: resolveSettings(undefined).settings, problems: [] });
    strictEqual(resolveSettings(undefined).settings.ccmVersion, undefined);
    for (const bad of ['2.3', 'v2.3.0-rc1', 'V2.3.0', 'latest', 230]) {
      const { settings, problems } = resolveSettings({ ccmVersion: bad });
      strictEqual(settings.ccmVersion, undefined, String(bad));
      deepStrictEqual(problems, [`ccmVersion ${JSON.stringify(bad)} is not of the form MAJOR.MINOR.PATCH or vMAJOR.MINOR.PATCH; read as unknown.`], String(bad));
    }
  });
});
