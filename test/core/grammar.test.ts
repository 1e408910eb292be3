import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

/** The injection grammar's key pattern (a subset of Oniguruma that JavaScript reads the same way). */
const grammar = JSON.parse(readFileSync(path.resolve(__dirname, '..', '..', '..', 'syntaxes', 'annotations.injection.tmLanguage.json'), 'utf8')) as {
  injectionSelector: string;
  patterns: { include: string }[];
  repository: Record<string, { match: string }>;
};
const pattern = new RegExp(grammar.repository['alibaba-annotation-key']!.match);

describe('annotation injection grammar', () => {
  const captured = (line: string): string | undefined => pattern.exec(line)?.[1];

  it('injects into YAML and captures the keys the CCM reads, current and legacy, plain and quoted', () => {
    deepStrictEqual(grammar.injectionSelector, 'L:source.yaml');
    deepStrictEqual(grammar.patterns, [{ include: '#alibaba-annotation-key' }]);
    strictEqual(captured('    service.beta.kubernetes.io/alibaba-cloud-loadbalancer-id: lb-1'), 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-id');
    strictEqual(captured('    "service.beta.kubernetes.io/alicloud-loadbalancer-hostname": x'), 'service.beta.kubernetes.io/alicloud-loadbalancer-hostname');
    strictEqual(
      captured('  annotations: {service.beta.kubernetes.io/alibaba-cloud-loadbalancer-protocol-port: "https:443"}'),
      'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-protocol-port',
    );
    strictEqual(captured('    service.beta.kubernetes.io/alibaba-cloud-loadbalancer-idle-timeout: "30"'), 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-idle-timeout');
    strictEqual(captured('    service.beta.kubernetes.io/backend-type: eni'), 'service.beta.kubernetes.io/backend-type');
    strictEqual(captured("    'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-tunnel-type': ''"), 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-tunnel-type');
  });

  it('leaves misspelt keys, keys the CCM does not read, other keys and values alone', () => {
    for (const line of [
      '    service.beta.kubernetes.io/alibaba-cloud-loadbalancer-hostnmae: x',
      '    service.beta.kubernetes.io/alibaba-cloud-load-balancer-id: lb-1',
      '    service.beta.kuberentes.io/alibaba-cloud-loadbalancer-id: lb-1',
      '    service.beta.kubernetes.io/alibaba-cloud-loadbalancer-ids: lb-1',
      '    service.beta.kubernetes.io/alibaba-cloud-loadbalancer-ProtocolPort: "https:443"',
      // The loadbalancer type and tunnel type keys are read under their exact names only.
      '    service.beta.kubernetes.io/alicloud-loadbalancer-type: nlb',
      '    service.beta.kubernetes.io/alibaba-cloud-loadbalancer-slb-network-type: vpc',
      '    service.beta.kubernetes.io/aws-load-balancer-type: nlb',
      '    note: see service.beta.kubernetes.io/alibaba-cloud-loadbalancer-id docs',
      '    serviceXbetaXkubernetesXio/alibaba-cloud-loadbalancer-id: x',
    ]) {
      strictEqual(pattern.exec(line), null, line);
    }
  });
});
