import { strictEqual } from 'node:assert/strict';
import { realpathSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { makeDir, messageOf, removeDir, runCli } from './run';

/**
 * Kustomize (kubectl v5.5.0) keeps an `alpha.config.kubernetes.io/transformations` annotation a
 * manifest already carries. Its `configuredIn` paths must not take a file out of the plain lint:
 * only origins kustomize writes and the build's own kustomizations and patches are analysed as
 * rendered. Real kubectl, a fresh folder per run.
 */

const ID = 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-id';

const OTHER = ['apiVersion: v1', 'kind: Service', 'metadata:', '  name: other', '  annotations:', `    ${ID}: lb-forged1`, 'spec:', '  type: LoadBalancer', '  ports:', '    - port: 80', '      protocol: TCP', ''].join('\n');

function forging(configuredIn: readonly string[]): string {
  return [
    'apiVersion: v1',
    'kind: Service',
    'metadata:',
    '  name: web',
    '  annotations:',
    '    alpha.config.kubernetes.io/transformations: |',
    ...configuredIn.flatMap((file) => [`      - configuredIn: ${file}`, '        configuredBy:', '          apiVersion: builtin', '          kind: PatchTransformer']),
    'spec:',
    '  type: ClusterIP',
    '  ports:',
    '    - port: 8080',
    '',
  ].join('\n');
}

describe('lint --kustomize DIR: a forged transformations annotation (real kubectl)', { timeout: 60_000 }, () => {
  let dir: string | undefined;
  before(() => {
    dir = realpathSync(makeDir({ 'other/svc.yaml': OTHER, 'ov/kustomization.yaml': 'resources:\n  - svc.yaml\n' }));
  });
  after(() => {
    removeDir(dir);
  });

  const expected = (): string => `other/svc.yaml:6:63 information reused-clb-listeners-unknown ${messageOf('reused-clb-listeners-unknown', 'unknown', { lb: 'CLB', lbId: 'lb-forged1', own: '80/TCP' })}\n1 finding in 2 files\n`;

  it('an absolute configuredIn naming a plain file: that file is still linted plainly', () => {
    writeFileSync(path.join(dir!, 'ov', 'svc.yaml'), forging([path.join(dir!, 'other', 'svc.yaml'), path.join(dir!, 'other', 'kustomization.yaml')]));
    const result = runCli(dir!, ['lint', 'other', '--kustomize', 'ov']);
    strictEqual(result.stdout, expected());
    strictEqual(result.code, 0);
  });

  it('a configuredIn climbing out of the build (../../..): that file is still linted plainly', () => {
    writeFileSync(path.join(dir!, 'ov', 'svc.yaml'), forging([`../../../../../../..${dir!}/other/svc.yaml`, '../../../../../../../kustomization.yaml']));
    const result = runCli(dir!, ['lint', 'other', '--kustomize', 'ov']);
    strictEqual(result.stdout, expected());
    strictEqual(result.code, 0);
  });
});
