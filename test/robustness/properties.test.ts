import { ok } from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as fc from 'fast-check';
import { configIsSound, configText, listenerFileIsSound, listenerFileText } from './configFuzzing';
import { analysisIsSound, cliFixIsIdempotent, hostnameFixIsExact, manifest, mutatedArticle, newStats } from './fuzzing';

/**
 * Property-based: generated Service manifests and random edits of the article's manifests. A few
 * hundred runs each here; `node scripts/fuzz.mjs N` runs the same properties N times.
 * A failure prints fast-check's seed and path: pass them to fc.assert to replay it.
 */

/**
 * Found by seed 419344541: a Service reporting a hostname is offered the annotation for the
 * other Service of the file (the same edit as that Service's own fix), which edits only the other's document.
 */
const HOSTNAME_FOR_OTHERS = {
  text: [
    'spec:', '  type: LoadBalancer', '  externalTrafficPolicy: Local', '  ports:', '    - port: 1', '      protocol: TCP', 'metadata:', '  annotations:',
    '    service.beta.kubernetes.io/alibaba-cloud-loadbalancer-id: "lb-1"', 'apiVersion: v1', 'kind: Service', '---', 'kind: Service', 'metadata:', '  name: web', '  annotations:',
    '    service.beta.kubernetes.io/alibaba-cloud-loadbalancer-id: "lb-1"', '    service.beta.kubernetes.io/alibaba-cloud-loadbalancer-hostname: on', 'apiVersion: v1', 'spec:',
    '  type: LoadBalancer', '  externalTrafficPolicy: Local', '  ports:', '    - port: 80', '      protocol: TCP', '',
  ].join('\n'),
  settings: { hostnameTemplate: '', kubeProxyMode: 'ipvs' },
} as const;

describe('properties', { timeout: 120_000 }, () => {
  it('generated Service manifests: analysis never throws, is quick, and every offered fix re-parses as intended', () => {
    const stats = newStats();
    const property = fc.property(manifest, (input) => {
      analysisIsSound(input, stats);
    });
    fc.assert(property, { numRuns: 400, examples: [[HOSTNAME_FOR_OTHERS]] });
    ok(stats.withFixes > stats.runs / 8, `fixes offered in ${stats.withFixes} of ${stats.runs} runs`);
  });

  it("mutations of the article's manifests: the same", () => {
    const stats = newStats();
    const property = fc.property(mutatedArticle, (input) => {
      analysisIsSound(input, stats);
    });
    fc.assert(property, { numRuns: 400 });
    ok(stats.withFindings > stats.runs / 5, `findings in ${stats.withFindings} of ${stats.runs} runs`);
  });

  it("the hostname fix's result always re-parses to the original object plus the annotation", () => {
    const stats = newStats();
    const property = fc.property(fc.oneof(manifest, mutatedArticle), (input) => {
      hostnameFixIsExact(input, stats);
    });
    fc.assert(property, { numRuns: 400 });
    ok(stats.withFixes > stats.runs / 4, `fixes made in ${stats.withFixes} of ${stats.runs} runs`);
  });

  it('CLI --fix twice equals --fix once, and once is exactly the intended change', async () => {
    const stats = newStats();
    await fc.assert(fc.asyncProperty(fc.oneof(manifest, mutatedArticle), (input) => cliFixIsIdempotent(input, stats)), { numRuns: 200 });
    ok(stats.withFixes > stats.runs / 10, `files fixed in ${stats.withFixes} of ${stats.runs} runs`);
  });

  it('config files: parsing and applying one never throws, its problems lie inside it, an erroneous one takes no effect', () => {
    const stats = newStats();
    fc.assert(fc.property(configText, (text) => { configIsSound(text, stats); }), { numRuns: 300 });
    // withFindings: configs with problems; withFixes: configs in effect. Both kinds must be reached.
    ok(stats.withFindings > stats.runs / 10 && stats.withFixes > stats.runs / 10, `${stats.withFindings} configs with problems, ${stats.withFixes} in effect, of ${stats.runs}`);
  });

  it('listener files: reading any JSON (or not JSON) never throws, and removing it gives back the findings', () => {
    const stats = newStats();
    fc.assert(fc.property(listenerFileText, (text) => { listenerFileIsSound(text, stats); }), { numRuns: 300 });
    // withFindings: files that describe a load balancer; withFixes: those that change a finding.
    ok(stats.withFindings > stats.runs / 5 && stats.withFixes > stats.runs / 20, `${stats.withFindings} answers read, ${stats.withFixes} changed findings, of ${stats.runs}`);
  });
});
