import { deepStrictEqual } from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LanguageService, renderedDocumentId } from '../../server/src/core';
import { commonFolder, isInside } from '../../server/src/core/service/rendered/posixPath';
import { spanOf } from '../helpers/workspace';

/**
 * Kustomize keeps an `alpha.config.kubernetes.io/transformations` annotation a manifest already
 * carries (checked with kubectl v5.5.0), so its `configuredIn` paths are the manifest author's
 * words. Attribution reads and counts only kustomizations of the build, and only patch files below
 * their kustomization's folder. The read function below records every path asked for.
 */

const ID = 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-id';

function forgedService(configuredIn: readonly string[]): string {
  return [
    'apiVersion: v1',
    'kind: Service',
    'metadata:',
    '  annotations:',
    '    alpha.config.kubernetes.io/transformations: |',
    ...configuredIn.flatMap((file) => [`      - configuredIn: ${file}`, '        configuredBy:', '          apiVersion: builtin', '          kind: PatchTransformer']),
    '    config.kubernetes.io/origin: |',
    '      path: ../repo/base/service.yaml',
    `    ${ID}: lb-kz1`,
    '  name: web',
    'spec:',
    '  type: LoadBalancer',
    '',
  ].join('\n');
}

const BASE = ['apiVersion: v1', 'kind: Service', 'metadata:', '  name: web', '  annotations:', `    ${ID}: lb-kz1`, 'spec:', '  type: LoadBalancer', ''].join('\n');
const PATCH = ['apiVersion: v1', 'kind: Service', 'metadata:', '  name: web', '  annotations:', `    ${ID}: lb-kz1`, ''].join('\n');

/** Every path outside ../repo exists: a forged path must be refused for what it is, not because it is missing. */
function recordingRender(text: string, buildDir: string, files: Record<string, string>): { sources: string[]; asked: string[]; file: string | undefined } {
  const asked: string[] = [];
  const read = (file: string): string | undefined => {
    asked.push(file);
    return files[file] ?? (file.startsWith('../repo/') ? undefined : PATCH);
  };
  const service = new LanguageService();
  const uri = renderedDocumentId('/repo/overlay');
  const { sources } = service.updateRendered(uri, text, read, buildDir);
  const file = service.renderedLocation(uri, spanOf(text, 'lb-kz1'))?.file;
  return { sources, asked: [...new Set(asked)].sort(), file };
}

describe('Kustomize renders: a transformations annotation the manifest carried itself', () => {
  const base = { '../repo/base/service.yaml': BASE, '../repo/base/kustomization.yaml': 'resources:\n  - service.yaml\n' };

  it('an absolute configuredIn, one climbing above the build (../../..), one that is no kustomization: not read, not among the files', () => {
    const text = forgedService(['/abs/other/kustomization.yaml', '../../../etc/kustomization.yaml', '../repo/../../kustomization.yaml', '../repo/overlay/svc.yaml']);
    const { sources, asked, file } = recordingRender(text, '../repo/overlay', base);
    deepStrictEqual(sources, ['../repo/base/kustomization.yaml', '../repo/base/service.yaml']);
    deepStrictEqual(asked, ['../repo/base/kustomization.yaml', '../repo/base/kustomization.yml', '../repo/base/service.yaml', '../repo/base/Kustomization'].sort());
    deepStrictEqual(file, '../repo/base/service.yaml');
  });

  it("the build's own kustomization is taken; its patch paths that are absolute or climb out of its folder are not read", () => {
    const overlay = ['resources:', '  - ../base', 'patches:', '  - path: /abs/other/svc.yaml', '  - path: ../../../secret.yaml', '  - path: ../base/service.yaml', '  - path: clb.yaml', ''].join('\n');
    const text = forgedService(['../repo/overlay/kustomization.yaml']);
    const { sources, asked, file } = recordingRender(text, '../repo/overlay', { ...base, '../repo/overlay/kustomization.yaml': overlay, '../repo/overlay/clb.yaml': PATCH });
    deepStrictEqual(sources, ['../repo/base/kustomization.yaml', '../repo/base/service.yaml', '../repo/overlay/clb.yaml', '../repo/overlay/kustomization.yaml']);
    deepStrictEqual(asked.filter((f) => !f.startsWith('../repo/base/')), ['../repo/overlay/clb.yaml', '../repo/overlay/kustomization.yaml']);
    deepStrictEqual(file, '../repo/overlay/clb.yaml');
  });

  it('a kustomization beside the build but outside the folders of the build and its origins: refused', () => {
    const { sources, asked } = recordingRender(forgedService(['../elsewhere/kustomization.yaml']), '../repo/overlay', base);
    deepStrictEqual(sources, ['../repo/base/kustomization.yaml', '../repo/base/service.yaml']);
    deepStrictEqual(asked.includes('../elsewhere/kustomization.yaml'), false);
  });
});

describe('posix helpers for the build root', () => {
  it('commonFolder: the shared leading folders, `.` when none', () => {
    deepStrictEqual(commonFolder(['../repo/overlay', '../repo/base']), '../repo');
    deepStrictEqual(commonFolder(['a/b', 'c']), '.');
    deepStrictEqual(commonFolder(['', 'a']), '.');
  });

  it('isInside: below the folder, never through `..`, never absolute, not the folder itself', () => {
    deepStrictEqual(isInside('../repo', '../repo/overlay/kustomization.yaml'), true);
    deepStrictEqual(isInside('.', 'kustomization.yaml'), true);
    deepStrictEqual(isInside('.', '../kustomization.yaml'), false);
    deepStrictEqual(isInside('../repo', '../../kustomization.yaml'), false);
    deepStrictEqual(isInside('../repo', '/abs/kustomization.yaml'), false);
    deepStrictEqual(isInside('../repo', '../repo'), false);
  });
});
