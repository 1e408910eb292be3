import { deepStrictEqual, match, ok, strictEqual } from 'node:assert/strict';
import { describe, it } from 'node:test';
import { service, spanOf, TestWorkspace } from '../helpers/workspace';

const CLB = 'lb-hover';
const docsLink = (id: string): string => `https://docs.invalid/${id}.md`;

describe('hover', () => {
  const ws = new TestWorkspace(
    {
      'a.yaml': service({ name: 'a', clbId: CLB, policy: 'Local', ports: [80] }),
      'b.yaml': service({ name: 'b', namespace: 'shop', clbId: CLB, ports: [443, '53/UDP'] }),
      'c.yaml': service({ name: 'c', type: 'ClusterIP' }),
    },
    { kubernetesVersion: '1.23' },
  );
  const hover = (file: string, needle: string, occurrence = 0): ReturnType<TestWorkspace['hover']> =>
    ws.hover(file, spanOf(ws.text(file), needle, occurrence).start + 1, docsLink);

  it('on externalTrafficPolicy: the table for the configured version, the other side of 1.24 beside it, the proxy mode and rule links', () => {
    const result = hover('a.yaml', 'Local');
    ok(result);
    deepStrictEqual(result.span, spanOf(ws.text('a.yaml'), 'Local'));
    match(result.markdown, /Kubernetes 1\.23 \(read as 1\.23\.0\), kube-proxy IPVS, LoadBalancer, externalTrafficPolicy: Local, reused CLB/);
    match(result.markdown, /\| From \| To \| Outcome \| Client IP \| Path \| 1\.24 and later \|/);
    match(result.markdown, /\| a node without an endpoint \(host network\) \| LB IP, a port of this Service \| \*\*refused\*\* \| n\/a \| nowhere \| times-out \(n\/a\) \|/);
    match(result.markdown, /\n- \*\*host-may-answer\*\* \(.*LB IP, another listener of the CLB\): the LB IP is bound on every node.*before 1\.26 \(no KUBE-IPVS-FILTER\) the node's own stack answers/);
    match(result.markdown, /\n- \*\*refused\*\* \(.*\): before 1\.24 the virtual server for the bound LB IP has no real server on a node without an endpoint; IPVS answers .*ip_vs_leave/);
    match(result.markdown, /\[reused-clb-other-listener-refused\]\(https:\/\/docs\.invalid\/reused-clb-other-listener-refused\.md\)/);
  });

  it('on the key externalTrafficPolicy and on type: LoadBalancer', () => {
    deepStrictEqual(hover('a.yaml', 'externalTrafficPolicy')?.span, spanOf(ws.text('a.yaml'), 'externalTrafficPolicy'));
    match(hover('a.yaml', 'LoadBalancer')?.markdown ?? '', /\*\*In-cluster reachability\*\*/);
  });

  it('on a CLB annotation key', () => {
    const result = hover('b.yaml', 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-id');
    match(result?.markdown ?? '', /externalTrafficPolicy: Cluster/);
  });

  it('on the CLB id value: who reuses it, with their ports', () => {
    const result = hover('a.yaml', CLB);
    strictEqual(
      result?.markdown,
      [`**CLB \`${CLB}\`** is reused by 2 Services in the workspace:`, '', '- `default/a` (this one): 80/TCP', '- `shop/b`: 443/TCP, 53/UDP'].join('\n'),
    );
  });

  it('nowhere else, and not on ClusterIP Services', () => {
    strictEqual(hover('a.yaml', 'apiVersion'), undefined);
    strictEqual(hover('a.yaml', 'selector'), undefined);
    strictEqual(hover('c.yaml', 'ClusterIP'), undefined);
  });
});

describe('hover on a Service with the hostname annotation', () => {
  it('says first when another Service on the CLB still reports the IP', () => {
    const ws = new TestWorkspace({
      'a.yaml': service({ name: 'a', clbId: 'lb-h', hostname: 'a.example.net', ports: [443] }),
      'b.yaml': service({ name: 'b', clbId: 'lb-h', ports: [80] }),
    });
    const result = ws.hover('a.yaml', spanOf(ws.text('a.yaml'), 'LoadBalancer').start + 1, docsLink);
    strictEqual(
      result?.markdown.split('\n\n')[0],
      "**Not yet:** `default/b` still reports this CLB's IP, so under IPVS it stays bound on every node and this Service's own ports are refused in-cluster ([reused-clb-hostname-incomplete](https://docs.invalid/reused-clb-hostname-incomplete.md)). The table assumes every Service on the CLB has the hostname annotation.",
    );
    ws.set('b.yaml', service({ name: 'b', clbId: 'lb-h', ports: [80], hostname: 'b.example.net' }));
    const after = ws.hover('a.yaml', spanOf(ws.text('a.yaml'), 'LoadBalancer').start + 1, docsLink);
    match(after?.markdown ?? '', /^\*\*In-cluster reachability\*\*/);
  });

  it('on an NLB: what is known instead of the CLB table', () => {
    const ws = new TestWorkspace({ 'n.yaml': service({ name: 'n', loadBalancerClass: 'alibabacloud.com/nlb' }) });
    const result = ws.hover('n.yaml', spanOf(ws.text('n.yaml'), 'LoadBalancer').start + 1, docsLink);
    match(result?.markdown ?? '', /^\*\*NLB\*\* \(`loadBalancerClass: alibabacloud\.com\/nlb`\): the CCM reports a hostname only/);
  });
});
