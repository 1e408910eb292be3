import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { answerConfiguration, explicitLayer, explicitValue, sectionKeys, type InspectedSetting } from '../../client/src/explicitLayer';

const ROOT = path.resolve(__dirname, '..', '..', '..');

describe('the explicit value of one setting', () => {
  it('nothing set: undefined, whatever the default (the config file holds)', () => {
    strictEqual(explicitValue(undefined), undefined);
    strictEqual(explicitValue({}), undefined);
    // inspect() also reports defaultValue: it must not count.
    strictEqual(explicitValue({ defaultValue: '1.34' } as InspectedSetting), undefined);
  });

  it('the folder over the workspace over the user', () => {
    strictEqual(explicitValue({ globalValue: '1.30', workspaceValue: '1.31', workspaceFolderValue: '1.32' }), '1.32');
    strictEqual(explicitValue({ globalValue: '1.30', workspaceValue: '1.31' }), '1.31');
    strictEqual(explicitValue({ globalValue: '1.30', workspaceFolderValue: '1.32' }), '1.32');
    strictEqual(explicitValue({ globalValue: '1.30' }), '1.30');
  });

  it('a value that is falsy but set still counts', () => {
    strictEqual(explicitValue({ globalValue: 'ipvs', workspaceFolderValue: '' }), '');
    deepStrictEqual(explicitValue({ workspaceValue: {} }), {});
  });

  it('objects merge per entry, the more specific level winning an entry it names', () => {
    const rules = { globalValue: { 'lb-layer4-loopback': 'error', 'clb-annotation-unknown': 'off' }, workspaceValue: { 'clb-annotation-unknown': 'warning' }, workspaceFolderValue: { 'hostname-invalid': 'hint' } };
    deepStrictEqual(explicitValue(rules), { 'lb-layer4-loopback': 'error', 'clb-annotation-unknown': 'warning', 'hostname-invalid': 'hint' });
    // A load balancer's list is one entry: the folder's list replaces the user's, it does not add to it.
    const knownListeners = { globalValue: { 'lb-a': ['443/TCP'], 'lb-b': ['80'] }, workspaceFolderValue: { 'lb-a': ['8443'] } };
    deepStrictEqual(explicitValue(knownListeners), { 'lb-a': ['8443'], 'lb-b': ['80'] });
    // An empty object adds nothing (as in VS Code: it cannot clear the user's entries).
    deepStrictEqual(explicitValue({ globalValue: { 'lb-layer4-loopback': 'off' }, workspaceValue: {} }), { 'lb-layer4-loopback': 'off' });
  });

  it('merging leaves what VS Code reported untouched', () => {
    const globalValue = { 'lb-layer4-loopback': 'error' };
    const workspaceValue = { 'hostname-invalid': 'hint' };
    explicitValue({ globalValue, workspaceValue });
    deepStrictEqual([globalValue, workspaceValue], [{ 'lb-layer4-loopback': 'error' }, { 'hostname-invalid': 'hint' }]);
  });

  it('a non-object replaces an object and the other way round (the server reports the wrong type)', () => {
    strictEqual(explicitValue({ globalValue: { 'lb-a': ['80'] }, workspaceValue: 'lb-a' }), 'lb-a');
    deepStrictEqual(explicitValue({ globalValue: 'lb-a', workspaceValue: { 'lb-a': ['80'] } }), { 'lb-a': ['80'] });
    deepStrictEqual(explicitValue({ globalValue: { 'lb-a': ['80'] }, workspaceFolderValue: ['80'] }), ['80']);
  });

  it('language-specific values are not read (the settings are resource-scoped)', () => {
    const inspected = { globalValue: 'ipvs', globalLanguageValue: 'iptables', workspaceFolderLanguageValue: 'nftables' } as InspectedSetting;
    strictEqual(explicitValue(inspected), 'ipvs');
  });
});

describe('the explicit layer', () => {
  it('has the keys set explicitly and no others', () => {
    const inspected: Record<string, InspectedSetting> = {
      kubernetesVersion: { workspaceFolderValue: '1.30' },
      kubeProxyMode: {},
      rules: { globalValue: { 'lb-layer4-loopback': 'error' } },
    };
    deepStrictEqual(explicitLayer(['kubernetesVersion', 'kubeProxyMode', 'rules', 'ccmVersion'], (key) => inspected[key]), {
      kubernetesVersion: '1.30',
      rules: { 'lb-layer4-loopback': 'error' },
    });
  });

  it('asks for every key it is given', () => {
    const asked: string[] = [];
    explicitLayer(['a', 'b'], (key) => { asked.push(key); return undefined; });
    deepStrictEqual(asked, ['a', 'b']);
  });
});

describe('the keys of our section', () => {
  it('every kubeLbReach.* setting package.json contributes, without the prefix', () => {
    const packageJson: unknown = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    deepStrictEqual(sectionKeys(packageJson, 'kubeLbReach'), ['kubernetesVersion', 'kubeProxyMode', 'backendType', 'knownListeners', 'hostnameTemplate', 'rules', 'ccmVersion']);
  });

  it('other sections and malformed manifests give none', () => {
    deepStrictEqual(sectionKeys({ contributes: { configuration: { properties: { 'other.x': {}, 'kubeLbReachX.y': {}, 'kubeLbReach.z': {} } } } }, 'kubeLbReach'), ['z']);
    deepStrictEqual(sectionKeys({}, 'kubeLbReach'), []);
    deepStrictEqual(sectionKeys(null, 'kubeLbReach'), []);
    deepStrictEqual(sectionKeys({ contributes: { configuration: [] } }, 'kubeLbReach'), []);
  });
});

describe('the answer to workspace/configuration', () => {
  it('our items get the layer of their scope; the others keep VS Code\'s answer at their index', () => {
    const scopes: (string | undefined)[] = [];
    const answer = answerConfiguration(
      [{ section: 'editor', scopeUri: 'file:///w/a.yaml' }, { section: 'kubeLbReach', scopeUri: 'file:///w/a.yaml' }, { section: 'kubeLbReach' }, { section: 'yaml' }],
      'kubeLbReach',
      [{ tabSize: 2 }, 'ignored', 'ignored', { validate: true }],
      (scopeUri) => { scopes.push(scopeUri); return { kubernetesVersion: scopeUri ?? 'none' }; },
    );
    deepStrictEqual(answer, [{ tabSize: 2 }, { kubernetesVersion: 'file:///w/a.yaml' }, { kubernetesVersion: 'none' }, { validate: true }]);
    deepStrictEqual(scopes, ['file:///w/a.yaml', undefined]);
  });

  it('only ours: no answer of VS Code is needed', () => {
    deepStrictEqual(answerConfiguration([{ section: 'kubeLbReach', scopeUri: 'file:///w/b.yaml' }], 'kubeLbReach', [], () => ({})), [{}]);
  });
});
