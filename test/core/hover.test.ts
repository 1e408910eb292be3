import { deepStrictEqual, match, ok, strictEqual } from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_LEAD_LINES } from '../../server/src/core/service/hoverLead';
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

  const leadLines = (markdown: string): string[] => markdown.split('\n').filter((line) => line.trim() !== '');

  it('on externalTrafficPolicy: at most four lines, what fails from where and what to do (the findings, with their pages), then the way to the table', () => {
    const result = hover('a.yaml', 'Local');
    ok(result);
    deepStrictEqual(result.span, spanOf(ws.text('a.yaml'), 'Local'));
    strictEqual(
      result.markdown,
      [
        `- Pods and nodes of this cluster are refused on any other listener of CLB ${CLB}: list its listeners in listenerFiles or knownListeners. ([reused-clb-listeners-unknown](https://docs.invalid/reused-clb-listeners-unknown.md))`,
        '- Nodes without an endpoint and their pods are refused on the load balancer IP: call the ClusterIP, or add the hostname annotation. ([local-policy-in-cluster-reach](https://docs.invalid/local-policy-in-cluster-reach.md))',
        '',
        'The full table, every source and why: `kube-lb-reach explain a.yaml`',
      ].join('\n'),
    );
    ok(leadLines(result.markdown).length <= MAX_LEAD_LINES);
    strictEqual(result.markdown.includes('| From |'), false, 'the table is one command away, not inline');
  });

  it("with an adapter's explain link: the last line runs it", () => {
    const markdown = ws.hover('a.yaml', spanOf(ws.text('a.yaml'), 'Local').start + 1, docsLink, undefined, 'command:explain?args')?.markdown ?? '';
    strictEqual(leadLines(markdown).at(-1), '[Explain reachability](command:explain?args): the full table, every source and why.');
  });

  it('never more than four lines, however many findings: the rest are counted', () => {
    const busy = new TestWorkspace(
      {
        'x.yaml': service({
          name: 'x',
          clbId: 'lb-busy',
          policy: 'Local',
          ports: [443],
          extraAnnotations: { 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-protocol-port': 'https:443', 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-proxy-protocol': 'on' },
        }),
      },
      { kubernetesVersion: '1.23', kubeProxyMode: 'ipvs' },
    );
    const markdown = busy.hover('x.yaml', spanOf(busy.text('x.yaml'), 'Local').start + 1, docsLink)?.markdown ?? '';
    const lines = leadLines(markdown);
    ok(busy.findings('x.yaml').length > 3, 'more findings than fit');
    strictEqual(lines.length, MAX_LEAD_LINES);
    match(lines[2]!, / \(and \d+ more in Problems\)$/);
  });

  it('without findings: what the model says fails, else that nothing does', () => {
    const quiet = new TestWorkspace({ 'q.yaml': service({ name: 'q', policy: 'Local', ports: [80] }) }, { kubernetesVersion: '1.28', rules: { 'local-policy-in-cluster-reach': 'off' } });
    const lines = leadLines(quiet.hover('q.yaml', spanOf(quiet.text('q.yaml'), 'Local').start + 1, docsLink)?.markdown ?? '');
    deepStrictEqual(lines.slice(0, -1), ["- Host-network pods and processes on nodes without an endpoint time out on the CLB IP on this Service's ports: call the Service by its ClusterIP.", '- Pods and nodes of this cluster time out on NodePorts of nodes without an endpoint: call the Service by its ClusterIP.']);
    const works = new TestWorkspace({ 'w.yaml': service({ name: 'w', ports: [80] }) }, { kubeProxyMode: 'iptables' });
    strictEqual(leadLines(works.hover('w.yaml', spanOf(works.text('w.yaml'), 'LoadBalancer').start + 1, docsLink)?.markdown ?? '')[0], 'Nothing fails from inside this cluster that the model knows of.');
  });

  it('"Explain reachability": the table for the configured version, the other side of 1.24 beside it, the proxy mode and rule links', () => {
    const markdown = ws.explain('a.yaml', spanOf(ws.text('a.yaml'), 'Local').start + 1, docsLink) ?? '';
    match(markdown, /^# Reachability from inside the cluster: `a\.yaml`\n\n## `default\/a`\n\n/);
    match(markdown, /Kubernetes 1\.23 \(read as 1\.23\.0\), kube-proxy IPVS, LoadBalancer, externalTrafficPolicy: Local, reused CLB/);
    match(markdown, /\| From \| To \| Outcome \| Client IP \| Path \| 1\.24 and later \|/);
    match(markdown, /\| a node without an endpoint \(host network\) \| LB IP, a port of this Service \| \*\*refused\*\* \| n\/a \| nowhere \| times-out \(n\/a\) \|/);
    match(markdown, /\n- \*\*host-may-answer\*\* \(.*LB IP, another listener of the CLB\): the LB IP is bound on every node.*before 1\.26 \(no KUBE-IPVS-FILTER\) the node's own stack answers/);
    match(markdown, /\n- \*\*refused\*\* \(.*\): before 1\.24 the virtual server for the bound LB IP has no real server on a node without an endpoint; IPVS answers .*ip_vs_leave/);
    match(markdown, /\[reused-clb-other-listener-refused\]\(https:\/\/docs\.invalid\/reused-clb-other-listener-refused\.md\)/);
  });

  it('"Explain reachability" off any Service: every LoadBalancer and NodePort Service of the file; none in a file without one', () => {
    const both = new TestWorkspace({ 'ab.yaml': `${service({ name: 'a', ports: [80] })}---\n${service({ name: 'b', type: 'NodePort', ports: [81] })}---\n${service({ name: 'c', type: 'ClusterIP' })}` });
    const result = both.service.explainMarkdown('ab.yaml', undefined, both.settingsOf('ab.yaml'), docsLink);
    deepStrictEqual(result?.services, ['default/a', 'default/b']);
    strictEqual(ws.explain('c.yaml', 0, docsLink), undefined);
  });

  it('on the key externalTrafficPolicy and on type: LoadBalancer, the same lead', () => {
    deepStrictEqual(hover('a.yaml', 'externalTrafficPolicy')?.span, spanOf(ws.text('a.yaml'), 'externalTrafficPolicy'));
    strictEqual(hover('a.yaml', 'LoadBalancer')?.markdown, hover('a.yaml', 'Local')?.markdown);
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

  it('an unknown key in the prefix family gets the reachability lead (no catalogue entry), its own finding first', () => {
    const text = service({ name: 'a', extraAnnotations: { 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-hostnmae': 'x' } });
    match(keyHover(text, 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-hostnmae')?.markdown ?? '', /^- The CCM ignores this annotation, without a word: rename it to .*\n\nThe full table, every source and why: `kube-lb-reach explain a\.yaml`$/);
  });
});

describe('hover on a Service with the hostname annotation', () => {
  it("says first when another Service on the CLB still reports the IP: the lead, and the table's note", () => {
    const ws = new TestWorkspace({
      'a.yaml': service({ name: 'a', clbId: 'lb-h', hostname: 'a.example.net', ports: [443] }),
      'b.yaml': service({ name: 'b', clbId: 'lb-h', ports: [80] }),
    });
    const at = (): number => spanOf(ws.text('a.yaml'), 'LoadBalancer').start + 1;
    strictEqual(
      ws.hover('a.yaml', at(), docsLink)?.markdown.split('\n')[0],
      '- Pods and nodes of this cluster are refused on 443/TCP: give every Service of this cluster on the CLB the hostname annotation. ([reused-clb-hostname-incomplete](https://docs.invalid/reused-clb-hostname-incomplete.md))',
    );
    strictEqual(
      ws.explain('a.yaml', at(), docsLink)?.split('\n\n')[2],
      "**Not yet:** `default/b` still reports this CLB's IP, so under IPVS it stays bound on every node and this Service's own ports are refused in-cluster ([reused-clb-hostname-incomplete](https://docs.invalid/reused-clb-hostname-incomplete.md)). The table assumes every Service on the CLB has the hostname annotation.",
    );
    ws.set('b.yaml', service({ name: 'b', clbId: 'lb-h', ports: [80], hostname: 'b.example.net' }));
    ok(!(ws.hover('a.yaml', at(), docsLink)?.markdown ?? '').includes('reused-clb-hostname-incomplete'));
    match(ws.explain('a.yaml', at(), docsLink) ?? '', /## `default\/a`\n\n\*\*In-cluster reachability\*\*/);
  });

  it('on an NLB: what is known instead of the CLB table', () => {
    const ws = new TestWorkspace({ 'n.yaml': service({ name: 'n', loadBalancerClass: 'alibabacloud.com/nlb' }) });
    const result = ws.hover('n.yaml', spanOf(ws.text('n.yaml'), 'LoadBalancer').start + 1, docsLink);
    match(result?.markdown ?? '', /^\*\*NLB\*\* \(`loadBalancerClass: alibabacloud\.com\/nlb`\): the CCM reports a hostname only/);
  });
});

describe('hover text is data, not Markdown', () => {
  it("the lead quotes findings' messages with every markup character escaped, on one line each", () => {
    const hostile = 'lb-x`](https://evil.invalid)\\n![i](https://evil.invalid/i.png) <img src=x>';
    const ws = new TestWorkspace({ 'a.yaml': service({ name: 'a', clbId: hostile, policy: 'Local', ports: [80] }) }, { kubernetesVersion: '1.23' });
    const markdown = ws.hover('a.yaml', spanOf(ws.text('a.yaml'), 'Local').start + 1, docsLink)?.markdown ?? '';
    ok(markdown.includes('lb-x\\`\\](https://evil.invalid)\\\\n\\!\\[i\\](https://evil.invalid/i.png) \\<img src=x\\>'), markdown);
    // The only links are the rule pages'.
    deepStrictEqual([...markdown.matchAll(/(?<!\\)\]\(([^)]+)\)/g)].map((m) => m[1]), ['https://docs.invalid/reused-clb-listeners-unknown.md', 'https://docs.invalid/local-policy-in-cluster-reach.md']);
  });

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
    strictEqual(conflict?.message, 'Listener 80/TCP of CLB lb-1 is also declared by Service default/a\\nb: move one of them to another port. Services that reuse one CLB must not share a frontend port: one listener has one Service.');
    strictEqual(conflict.related[0]?.message, '80/TCP declared again by Service default/a\\nb');
  });
});
