import { deepStrictEqual } from 'node:assert/strict';
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
  it('injects into YAML and captures the CLB annotation keys, current and legacy, plain and quoted', () => {
    deepStrictEqual(grammar.injectionSelector, 'L:source.yaml');
    deepStrictEqual(grammar.patterns, [{ include: '#alibaba-annotation-key' }]);
    const captured = (line: string): string[] | undefined => pattern.exec(line)?.slice(1, 3);
    deepStrictEqual(captured('    service.beta.kubernetes.io/alibaba-cloud-loadbalancer-id: lb-1'), ['service.beta.kubernetes.io/alibaba-cloud-loadbalancer-', 'id']);
    deepStrictEqual(captured('    "service.beta.kubernetes.io/alicloud-loadbalancer-hostname": x'), ['service.beta.kubernetes.io/alicloud-loadbalancer-', 'hostname']);
    deepStrictEqual(captured('  annotations: {service.beta.kubernetes.io/alibaba-cloud-loadbalancer-protocol-port: "https:443"}'), [
      'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-',
      'protocol-port',
    ]);
  });

  it('leaves other keys and values alone', () => {
    deepStrictEqual(pattern.exec('    service.beta.kubernetes.io/aws-load-balancer-type: nlb'), null);
    deepStrictEqual(pattern.exec('    note: see service.beta.kubernetes.io/alibaba-cloud-loadbalancer-id docs'), null);
    deepStrictEqual(pattern.exec('    serviceXbetaXkubernetesXio/alibaba-cloud-loadbalancer-id: x'), null);
  });
});
