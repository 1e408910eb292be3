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

  it('on a CLB annotation value: the reachability table', () => {
    const result = hover('b.yaml', `"${CLB}"`);
    strictEqual(result?.span.start, spanOf(ws.text('b.yaml'), `"${CLB}"`).start);
  });

  it('on the CLB id value: who reuses it, with their ports', () => {
    const result = hover('a.yaml', CLB);
    strictEqual(
      result?.markdown,
      [
        `**CLB \`${CLB}\`** is reused by 2 Services in the workspace:`,
        '',
        '- `default/a` (this one): 80/TCP',
        '- `shop/b`: 443/TCP, 53/UDP',
        '',
        "**Bypass:** in-cluster clients of `shop/b` (443/TCP, 53/UDP) on this CLB's IP never reach the CLB: kube-proxy sends them straight to the pods, so the CLB's health checks, access control and TLS do not apply on that path.",
      ].join('\n'),
    );
  });

  it('nowhere else, and not on ClusterIP Services', () => {
    strictEqual(hover('a.yaml', 'apiVersion'), undefined);
    strictEqual(hover('a.yaml', 'selector'), undefined);
    strictEqual(hover('c.yaml', 'ClusterIP'), undefined);
  });
});

describe('hover on an annotation key: what the catalogue says', () => {
  const annotationLink = (anchor: string): string => `https://docs.invalid/annotations.md#${anchor}`;
  const keyHover = (text: string, needle: string): ReturnType<TestWorkspace['hover']> => {
    const ws = new TestWorkspace({ 'a.yaml': text });
    return ws.hover('a.yaml', spanOf(text, needle).start + 1, docsLink, annotationLink);
  };

  it('its meaning, values, default, products, first version and its entry in docs/annotations.md', () => {
    const text = service({ name: 'a', extraAnnotations: { 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-force-override-listeners': 'true' } });
    const result = keyHover(text, 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-force-override-listeners');
    deepStrictEqual(result?.span, spanOf(text, 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-force-override-listeners'));
    strictEqual(
      result?.markdown,
      [
        '**`service.beta.kubernetes.io/alibaba-cloud-loadbalancer-force-override-listeners`** (Alibaba Cloud: CLB, NLB; since v2.1.0)',
        '',
        "On a reused load balancer, create and update the listeners of this Service's ports (and delete listeners this Service created that it no longer has).",
        '',
        '**Values:** "true" switches it on (exactly, case-sensitive); anything else is off. Only with loadbalancer-id. Exactly "true": "True", "yes" or "on" leave listeners unmanaged without a word.',
        '',
        '**Default:** off: listeners of a reused load balancer are not touched',
        '',
        '[All about this annotation](https://docs.invalid/annotations.md#loadbalancer-force-override-listeners)',
      ].join('\n'),
    );
  });

  it('on a legacy spelling: which key wins; on any Service type', () => {
    const text = service({ name: 'a', type: 'ClusterIP', legacyClbId: true, clbId: 'lb-legacy' });
    const markdown = keyHover(text, 'service.beta.kubernetes.io/alicloud-loadbalancer-id')?.markdown ?? '';
    match(markdown, /^\*\*`service\.beta\.kubernetes\.io\/alibaba-cloud-loadbalancer-id`\*\*/);
    match(markdown, /\n`service\.beta\.kubernetes\.io\/alicloud-loadbalancer-id` is the legacy spelling: the CCM reads it only when `service\.beta\.kubernetes\.io\/alibaba-cloud-loadbalancer-id` is absent\.\n/);
  });

  it('says when the controller of the Service does not read the key', () => {
    const text = service({ name: 'n', hostname: 'n.example.net', loadBalancerClass: 'alibabacloud.com/nlb' });
    match(keyHover(text, 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-hostname')?.markdown ?? '', /\n\*\*Not read for this Service:\*\* it is served by the NLB controller\.\n/);
  });

  it('an unknown key in the prefix family gets the table, as before (no catalogue entry)', () => {
    const text = service({ name: 'a', extraAnnotations: { 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-hostnmae': 'x' } });
    match(keyHover(text, 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-hostnmae')?.markdown ?? '', /\*\*In-cluster reachability\*\*/);
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

describe('hover text is data, not Markdown', () => {
  it('a CLB id or a name with backticks, brackets and newlines cannot inject links, images or HTML', () => {
    const hostile = 'lb-x`](https://evil.invalid) ![i](https://evil.invalid/i.png) <img src=x>';
    const ws = new TestWorkspace({
      'a.yaml': service({ name: 'a', clbId: hostile, ports: [80] }),
      'b.yaml': service({ name: 'b`<b>x</b>', namespace: 'n', clbId: hostile, ports: [443] }),
    });
    const text = ws.text('a.yaml');
    const result = ws.hover('a.yaml', text.indexOf('lb-x') + 1, docsLink);
    strictEqual(
      result?.markdown,
      [
        `**CLB \`\`${hostile}\`\`** is reused by 2 Services in the workspace:`,
        '',
        '- `default/a` (this one): 80/TCP',
        '- ``n/b`<b>x</b>``: 443/TCP',
        '',
        "**Bypass:** in-cluster clients of ``n/b`<b>x</b>`` (443/TCP) on this CLB's IP never reach the CLB: kube-proxy sends them straight to the pods, so the CLB's health checks, access control and TLS do not apply on that path.",
      ].join('\n'),
    );
  });

  it('a value with a newline stays on one line in messages and related information', () => {
    const ws = new TestWorkspace({
      'a.yaml': service({ name: 'a', clbId: 'lb-1', ports: [80] }).replace('name: a', 'name: "a\\nb"'),
      'b.yaml': service({ name: 'b', clbId: 'lb-1', ports: [80] }),
    });
    const [conflict] = ws.findings('b.yaml', 'reused-clb-port-conflict');
    strictEqual(conflict?.message, 'Listener 80/TCP of CLB lb-1 is also declared by Service default/a\\nb: Services that reuse one CLB must not share a frontend port.');
    strictEqual(conflict.related[0]?.message, '80/TCP declared again by Service default/a\\nb');
  });
});
