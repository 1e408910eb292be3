import { deepStrictEqual, match, ok, strictEqual } from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseKubernetesVersion, proxyModeAvailability, resolveSettings } from '../../server/src/core';
import { service, spanOf, TestWorkspace } from '../helpers/workspace';

const docsLink = (id: string): string => `https://docs.invalid/${id}.md`;

describe('Kubernetes versions and proxy modes', () => {
  it('parses 1.MINOR and 1.MINOR.PATCH, and says whether the patch was given', () => {
    deepStrictEqual(parseKubernetesVersion('v1.33.6'), { major: 1, minor: 33, patch: 6, patchGiven: true, text: '1.33.6' });
    deepStrictEqual(parseKubernetesVersion('1.33'), { major: 1, minor: 33, patch: 0, patchGiven: false, text: '1.33' });
    strictEqual(parseKubernetesVersion('1.33.x'), undefined);
    strictEqual(parseKubernetesVersion('2.0'), undefined);
  });

  it('a setting of 1.33.6 is used as 1.33.6, not 1.33.0', () => {
    const { settings, problems } = resolveSettings({ kubernetesVersion: '1.33.6', kubeProxyMode: 'nftables' });
    deepStrictEqual([settings.kubernetesVersion.text, settings.kubernetesVersion.patch, problems], ['1.33.6', 6, []]);
  });

  it('nftables before 1.29 did not exist: a settings problem, no table in the hover, and the local-policy rule is silent', () => {
    const { problems } = resolveSettings({ kubernetesVersion: '1.25', kubeProxyMode: 'nftables' });
    deepStrictEqual(problems, ['kubeProxyMode nftables at kubernetesVersion 1.25: kube-proxy has no nftables mode before Kubernetes 1.29 (alpha in 1.29, GA in 1.33; KEP-3866); no reachability is shown.']);
    const ws = new TestWorkspace({ 'a.yaml': service({ name: 'a', policy: 'Local' }) }, { kubernetesVersion: '1.25', kubeProxyMode: 'nftables' });
    const hover = ws.hover('a.yaml', spanOf(ws.text('a.yaml'), 'Local').start + 1, docsLink);
    ok(hover);
    match(hover.markdown, /^\*\*No reachability table:\*\* kube-proxy nftables at Kubernetes 1\.25: kube-proxy has no nftables mode before Kubernetes 1\.29/);
    strictEqual(hover.markdown.includes('| From |'), false);
    deepStrictEqual(ws.findings('a.yaml', 'local-policy-in-cluster-reach'), []);
  });

  it('alpha/beta nftables and deprecated IPVS answer, with a note above the table', () => {
    deepStrictEqual(proxyModeAvailability('nftables', { minor: 29 }), { available: true, note: 'nftables mode is alpha at 1.29 (feature gate NFTablesProxyMode; GA in 1.33)' });
    deepStrictEqual(proxyModeAvailability('nftables', { minor: 32 }), { available: true, note: 'nftables mode is beta at 1.32 (feature gate NFTablesProxyMode; GA in 1.33)' });
    deepStrictEqual(proxyModeAvailability('nftables', { minor: 33 }), { available: true, note: undefined });
    deepStrictEqual(proxyModeAvailability('ipvs', { minor: 34 }), { available: true, note: undefined });
    const ws = new TestWorkspace({ 'a.yaml': service({ name: 'a', policy: 'Local' }) }, { kubernetesVersion: '1.35' });
    const table = ws.explain('a.yaml', spanOf(ws.text('a.yaml'), 'Local').start + 1, docsLink);
    match(table ?? '', /\n\*\*Note:\*\* IPVS mode is deprecated from 1\.35 \(PR 134539\); nftables is the suggested mode\.\n\n\*\*In-cluster reachability\*\* \(Kubernetes 1\.35 \(read as 1\.35\.0\), kube-proxy IPVS/);
  });
});
