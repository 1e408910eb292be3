import { describe, it } from 'node:test';
import { resolveSettings } from '../../server/src/core';
import { analyzeIn } from '../helpers/workspace';
import { configIsSound } from './configFuzzing';
import { cliFixIsIdempotent } from './fuzzing';
import { assertSoundAnalysis } from './oracle';
import { HTTP_TEXT } from './support';

/**
 * The fuzzers' counterexamples, shrunk, kept as plain tests: each once broke a property of
 * properties.test.ts (which runs random cases only), so each is checked on every run.
 */

const ID = 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-id';
const PREFIX = 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-';
const SPEC = 'spec:\n  type: LoadBalancer\n  externalTrafficPolicy: Local\n  ports:\n    - port: 80\n      protocol: TCP\n';
const service = (annotations: string, spec = SPEC): string => `apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  annotations:\n${annotations}${spec}`;

function assertSound(text: string): void {
  const { file, analysis } = analyzeIn(
    [
      ['svc-http.yaml', HTTP_TEXT],
      ['this.yaml', text],
    ],
    'this.yaml',
    resolveSettings({ hostnameTemplate: '${name}.example.net' }).settings,
  );
  assertSoundAnalysis(file, analysis);
}

describe('counterexamples the fuzzers found', () => {
  it('an empty annotation value before a comment: writing "" keeps the comment apart (`note: ""# x` is a YAML error)', () => {
    assertSound(service(`    ${ID}: "lb-1"\n    note:  # to do\n`));
  });

  it('a misspelt key whose right spelling is set too, with a value YAML reads as a number: no rename into a duplicate key', () => {
    assertSound(service(`    ${ID}: "lb-1"\n    ${PREFIX}adress-type: Internet\n    ${PREFIX}address-type: 1e3\n`));
  });

  it('a config file whose syntax error is at its very end: the problem still lies inside the text', () => {
    configIsSound(`rules: {${'x: {'.repeat(500)}`);
  });

  it('lint --fix of a recased type that then refuses its policy: one --fix leaves nothing for a second', async () => {
    await cliFixIsIdempotent({ text: service(`    ${ID}: "lb-1"\n`, 'spec:\n  type: "clusterIP"\n  externalTrafficPolicy: Local\n  ports:\n    - port: 80\n'), settings: {} });
  });

  it('lint --fix of a legacy key in a flow map beside the hostname insertion: one --fix leaves nothing for a second', async () => {
    const text = `apiVersion: v1\nkind: Service\n${SPEC}metadata: {name: web, annotations: {service.beta.kubernetes.io/alicloud-loadbalancer-id: lb-1}}\n`;
    await cliFixIsIdempotent({ text, settings: {} });
  });
});
