import { deepStrictEqual, match, strictEqual } from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseFile, reachInputOf, reachTable, resolveSettings, serviceFacts, type ReachInput, type ServiceView } from '../../server/src/core';
import { service, spanOf, TestWorkspace } from '../helpers/workspace';

/**
 * ENI backends: with `service.beta.kubernetes.io/backend-type: eni` (or the CCM's cluster-wide
 * default, the `backendType` setting) the CCM registers the pods themselves as CLB backends and
 * ignores externalTrafficPolicy for them (CCM v2.14.0 helper.IsENIBackendType, vgroups.go
 * buildENIBackends; docs/upstream-notes.md §3). kube-proxy's side does not change.
 */
const BACKEND_TYPE = 'service.beta.kubernetes.io/backend-type';
const base: ReachInput = { proxyMode: 'ipvs', kubernetesMinor: 34, serviceType: 'LoadBalancer', policy: 'Local', hostname: false, reused: false, listenerLayer: 'l4' };

function cells(input: Partial<ReachInput>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const row of reachTable({ ...base, ...input })) out[`${row.from} → ${row.to}`] = `${row.outcome} ${row.clientIp}`;
  return out;
}

function viewOf(text: string): ServiceView {
  const view = parseFile(text).services[0];
  if (!view) throw new Error('no Service');
  return view;
}

describe('ENI backends', () => {
  it('outside clients reach the pods with their IP preserved, under Local and Cluster alike', () => {
    for (const policy of ['Local', 'Cluster'] as const) {
      const row = reachTable({ ...base, policy, lbBackends: 'pods' }).find((r) => r.from === 'outside' && r.to === 'lb-port')!;
      deepStrictEqual([row.outcome, row.clientIp], ['works', 'preserved']);
      match(row.why, /registers the pods themselves as CLB backends \(ENI backends\), whatever externalTrafficPolicy says/);
    }
    strictEqual(cells({ policy: 'Cluster' })['outside → lb-port'], 'works node-ip'); // ECS: SNAT to the node under Cluster
  });

  it('in-cluster under IPVS with the IP reported: unchanged, kube-proxy still binds and serves the IP', () => {
    const eni = cells({ lbBackends: 'pods' });
    const ecs = cells({ lbBackends: 'nodes' });
    for (const key of Object.keys(ecs)) if (!key.startsWith('outside → lb-port')) strictEqual(eni[key], ecs[key], key);
  });

  it('with the hostname annotation the CLB is reached: a node hosting a backend pod loops back, whatever the policy', () => {
    for (const policy of ['Local', 'Cluster'] as const) {
      const c = cells({ hostname: true, policy, lbBackends: 'pods' });
      strictEqual(c['node-with-endpoint → lb-port'], 'intermittent preserved');
      strictEqual(c['pod-on-node-with-endpoint → lb-port'], 'intermittent preserved');
      strictEqual(c['node-without-endpoint → lb-port'], 'works preserved');
      strictEqual(c['pod-on-node-without-endpoint → lb-port'], 'works preserved');
    }
    // Nodes as backends under Cluster: every node loops back.
    strictEqual(cells({ hostname: true, policy: 'Cluster' })['node-without-endpoint → lb-port'], 'intermittent node-ip');
  });

  it('the annotation is read by the Alibaba provider into provider-neutral facts; the setting is the default it overrides', () => {
    const facts = (annotations: Record<string, string>) => serviceFacts(viewOf(service({ name: 'a', clbId: 'lb-e', extraAnnotations: annotations })));
    strictEqual(facts({ [BACKEND_TYPE]: 'eni' }).backends, 'pods');
    strictEqual(facts({ [BACKEND_TYPE]: 'ecs' }).backends, 'nodes');
    strictEqual(facts({ [BACKEND_TYPE]: 'ENI' }).backends, 'nodes'); // the CCM compares exactly
    strictEqual(facts({}).backends, undefined);
    const eniCluster = resolveSettings({ backendType: 'eni' }).settings;
    strictEqual(reachInputOf(facts({}), eniCluster).lbBackends, 'pods');
    strictEqual(reachInputOf(facts({ [BACKEND_TYPE]: 'ecs' }), eniCluster).lbBackends, 'nodes');
    strictEqual(reachInputOf(facts({}), resolveSettings({}).settings).lbBackends, 'nodes');
    deepStrictEqual(resolveSettings({ backendType: 'vpc' }).problems, ['backendType "vpc" is not one of auto, eni, ecs; using auto.']);
  });

  it('the reachability table says the pods are the backends', () => {
    const ws = new TestWorkspace({ 'a.yaml': service({ name: 'a', policy: 'Local', extraAnnotations: { [BACKEND_TYPE]: 'eni' } }) });
    const table = ws.explain('a.yaml', spanOf(ws.text('a.yaml'), 'Local').start + 1, (id) => id);
    match(table ?? '', /externalTrafficPolicy: Local, .*pods as CLB backends \(ENI\)/);
  });
});
