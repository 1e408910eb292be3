import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LanguageService, renderedDocumentId, type RenderedLocation, type Span } from '../../server/src/core';
import { dirname, join, normalize } from '../../server/src/core/service/rendered/posixPath';
import { spanOf } from '../helpers/workspace';

/**
 * Attribution of a Kustomize render, pure: the rendered texts below are what `kubectl kustomize`
 * prints through the wrapper kustomization (keys sorted, origin and transformations annotations,
 * paths relative to the wrapper folder), the sources are read from a map.
 */

const ID = 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-id';
const FORCE = 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-force-override-listeners';

const transformations = (entries: readonly [string, string][]): string[] => [
  '    alpha.config.kubernetes.io/transformations: |',
  ...entries.flatMap(([file, kind]) => [`      - configuredIn: ${file}`, '        configuredBy:', '          apiVersion: builtin', `          kind: ${kind}`]),
];

function renderedService(options: { name: string; origin: string[]; transformations: [string, string][]; annotations: string[]; port?: number }): string {
  return [
    'apiVersion: v1',
    'kind: Service',
    'metadata:',
    '  annotations:',
    ...transformations(options.transformations),
    '    config.kubernetes.io/origin: |',
    ...options.origin.map((line) => `      ${line}`),
    ...options.annotations.map((line) => `    ${line}`),
    '  labels:',
    '    app: web',
    `  name: ${options.name}`,
    'spec:',
    '  ports:',
    '  - name: http',
    `    port: ${options.port ?? 80}`,
    '    protocol: TCP',
    '  type: LoadBalancer',
    '',
  ].join('\n');
}

const BASE = ['apiVersion: v1', 'kind: Service', 'metadata:', '  name: web', '  labels:', '    app: web', 'spec:', '  type: LoadBalancer', '  ports:', '    - name: http', '      port: 80', '      protocol: TCP', ''].join('\n');
const BASE_KUSTOMIZATION = 'resources:\n  - service.yaml\n';

function renderOf(text: string, sources: Record<string, string>): { service: LanguageService; uri: string; at: (span: Span) => RenderedLocation | undefined; sources: string[] } {
  const service = new LanguageService();
  const uri = renderedDocumentId('/repo/overlay');
  const { sources: files } = service.updateRendered(uri, text, (file) => sources[file], '../repo/overlay');
  return { service, uri, at: (span) => service.renderedLocation(uri, span), sources: files };
}

describe('Kustomize renders: findings at the file the user edits', () => {
  const overlay = ['resources:', '  - ../base', 'namePrefix: prod-', 'commonAnnotations:', '  team: t', 'patches:', '  - path: clb.yaml', ''].join('\n');
  const patch = ['apiVersion: v1', 'kind: Service', 'metadata:', '  name: web', '  annotations:', `    ${ID}: "lb-kz1"`, ''].join('\n');
  const rendered = renderedService({
    name: 'prod-web',
    origin: ['path: ../repo/base/service.yaml'],
    transformations: [['../repo/overlay/kustomization.yaml', 'PatchTransformer'], ['../repo/overlay/kustomization.yaml', 'PrefixTransformer'], ['../repo/overlay/kustomization.yaml', 'AnnotationsTransformer']],
    annotations: [`${ID}: lb-kz1`, 'team: t'],
  });
  const sources = { '../repo/base/service.yaml': BASE, '../repo/base/kustomization.yaml': BASE_KUSTOMIZATION, '../repo/overlay/kustomization.yaml': overlay, '../repo/overlay/clb.yaml': patch };

  it('a value a strategic-merge patch sets (matched by its name before namePrefix): at the patch, the value as written there', () => {
    const { at } = renderOf(rendered, sources);
    const value = spanOf(rendered, 'lb-kz1');
    deepStrictEqual(at(value), { file: '../repo/overlay/clb.yaml', span: spanOf(patch, '"lb-kz1"'), via: 'patch', renderedSpan: value });
    const key = spanOf(rendered, ID);
    deepStrictEqual(at(key), { file: '../repo/overlay/clb.yaml', span: spanOf(patch, ID), via: 'patch', renderedSpan: key });
  });

  it('what no patch sets: the same place in the origin file (a list item by its name and port), the name before its prefix', () => {
    const { at } = renderOf(rendered, sources);
    const port = spanOf(rendered, '80');
    deepStrictEqual(at(port), { file: '../repo/base/service.yaml', span: spanOf(BASE, '80'), via: 'resource', renderedSpan: port });
    const name = spanOf(rendered, 'prod-web');
    deepStrictEqual(at(name), { file: '../repo/base/service.yaml', span: spanOf(BASE, 'web'), via: 'resource', renderedSpan: name });
    // Part of a scalar written alike in both texts: the same characters.
    const part = { start: spanOf(rendered, 'LoadBalancer').start + 4, end: spanOf(rendered, 'LoadBalancer').end };
    const inBase = spanOf(BASE, 'LoadBalancer');
    deepStrictEqual(at(part), { file: '../repo/base/service.yaml', span: { start: inBase.start + 4, end: inBase.end }, via: 'resource', renderedSpan: part });
  });

  it('what the render added (commonAnnotations): the nearest key above it in the origin file', () => {
    const { at } = renderOf(rendered, sources);
    const team = spanOf(rendered, 'team: t');
    deepStrictEqual(at(team), { file: '../repo/base/service.yaml', span: spanOf(BASE, 'metadata'), via: 'resource', renderedSpan: team });
  });

  it('the files a render is made of: origins and the kustomizations beside them, the kustomizations that ran over them, their patch files', () => {
    // The base's kustomization ran no transformer over it; it is the one beside its origin.
    deepStrictEqual(renderOf(rendered, sources).sources, ['../repo/base/kustomization.yaml', '../repo/base/service.yaml', '../repo/overlay/clb.yaml', '../repo/overlay/kustomization.yaml']);
  });

  it('the render is analysed as one file in its folder, by the rules, like any manifest', () => {
    const { service, uri } = renderOf(rendered, sources);
    const findings = service.diagnostics(uri, service.settingsFor(uri).settings).findings;
    deepStrictEqual(
      findings.map((f) => ({ ruleId: f.ruleId, messageId: f.messageId, span: f.span })),
      [{ ruleId: 'reused-clb-listeners-unknown', messageId: 'unknown', span: spanOf(rendered, 'lb-kz1') }],
    );
    strictEqual(service.isRendered(uri), true);
    service.remove(uri);
    strictEqual(service.isRendered(uri), false);
    strictEqual(service.renderedLocation(uri, spanOf(rendered, 'lb-kz1')), undefined);
  });

  it('the last patch that sets a place wins: patchesJson6902 (with ~1 escapes) after patches, later operations over earlier ones', () => {
    const json = [`- op: add`, `  path: /metadata/annotations/${ID.replace('/', '~1')}`, '  value: lb-kz0', '- op: replace', `  path: /metadata/annotations/${ID.replace('/', '~1')}`, '  value: lb-kz1', ''].join('\n');
    const withJson = `${overlay}patchesJson6902:\n  - target:\n      version: v1\n      kind: Service\n      name: web\n    path: json.yaml\n`;
    const text = renderedService({
      name: 'prod-web',
      origin: ['path: ../repo/base/service.yaml'],
      transformations: [['../repo/overlay/kustomization.yaml', 'PatchTransformer'], ['../repo/overlay/kustomization.yaml', 'PrefixTransformer'], ['../repo/overlay/kustomization.yaml', 'PatchJson6902Transformer']],
      annotations: [`${ID}: lb-kz1`],
    });
    const { at } = renderOf(text, { ...sources, '../repo/overlay/kustomization.yaml': withJson, '../repo/overlay/json.yaml': json });
    const value = spanOf(text, 'lb-kz1');
    deepStrictEqual(at(value), { file: '../repo/overlay/json.yaml', span: spanOf(json, 'lb-kz1'), via: 'patch', renderedSpan: value });
    const key = spanOf(text, ID);
    deepStrictEqual(at(key), { file: '../repo/overlay/json.yaml', span: spanOf(json, `/metadata/annotations/${ID.replace('/', '~1')}`, 1), via: 'patch', renderedSpan: key });
  });

  it('a JSON 6902 operation above the place (its value holds it); a strategic-merge list item matched by port and protocol', () => {
    const json = `- op: add\n  path: /metadata/annotations\n  value:\n    team: t\n    ${ID}: lb-kz1\n`;
    const smp = ['apiVersion: v1', 'kind: Service', 'metadata:', '  name: web', 'spec:', '  ports:', '    - port: 443', '      protocol: TCP', '      name: other', '    - port: 80', '      protocol: TCP', '      name: http', ''].join('\n');
    const both = `${overlay}  - path: json.yaml\n    target:\n      kind: Service\n  - path: smp.yaml\n`;
    const { at } = renderOf(rendered, { ...sources, '../repo/overlay/kustomization.yaml': both, '../repo/overlay/json.yaml': json, '../repo/overlay/smp.yaml': smp });
    const value = spanOf(rendered, 'lb-kz1');
    deepStrictEqual(at(value), { file: '../repo/overlay/json.yaml', span: spanOf(json, 'lb-kz1'), via: 'patch', renderedSpan: value });
    const port = spanOf(rendered, '80');
    deepStrictEqual(at(port), { file: '../repo/overlay/smp.yaml', span: spanOf(smp, '80'), via: 'patch', renderedSpan: port });
  });

  it('a target that does not select the object (another name, a label it lacks): the patch is not it', () => {
    const others = `${overlay}  - target:\n      kind: Service\n      name: api\n    path: json.yaml\n  - target:\n      labelSelector: app=api\n    path: json.yaml\n`;
    const json = `- op: add\n  path: /metadata/annotations/${ID.replace('/', '~1')}\n  value: lb-kz1\n`;
    const { at } = renderOf(rendered, { ...sources, '../repo/overlay/kustomization.yaml': others, '../repo/overlay/json.yaml': json });
    strictEqual(at(spanOf(rendered, 'lb-kz1'))?.file, '../repo/overlay/clb.yaml');
  });

  it('an inline patch of a component: at its line in the component kustomization, indentation counted', () => {
    const component = [
      'kind: Component',
      'patches:',
      '  - target:',
      '      kind: Service',
      '      name: web',
      '    patch: |-',
      '      - op: add',
      `        path: /metadata/annotations/${FORCE.replace('/', '~1')}`,
      '        value: "true"',
      '',
    ].join('\n');
    const text = renderedService({
      name: 'web',
      origin: ['path: ../repo/base/service.yaml'],
      transformations: [['../repo/component/kustomization.yaml', 'PatchTransformer']],
      annotations: [`${FORCE}: "true"`],
    });
    const { at } = renderOf(text, { ...sources, '../repo/component/kustomization.yaml': component });
    const value = spanOf(text, '"true"');
    deepStrictEqual(at(value), { file: '../repo/component/kustomization.yaml', span: spanOf(component, '"true"'), via: 'patch', renderedSpan: value });
  });

  it('patchesStrategicMerge (a file name): the patch file; an item of a kind: List in the origin file by kind and name', () => {
    const list = ['apiVersion: v1', 'kind: List', 'items:', '  - apiVersion: v1', '    kind: Service', '    metadata:', '      name: api', '    spec:', '      ports:', '        - port: 443', '  - apiVersion: v1', '    kind: Service', '    metadata:', '      name: web', '    spec:', '      ports:', '        - name: http', '          port: 80', ''].join('\n');
    const smp = ['apiVersion: v1', 'kind: Service', 'metadata:', '  name: web', '  annotations:', `    ${ID}: lb-kz1`, ''].join('\n');
    const legacy = 'resources:\n  - ../base\npatchesStrategicMerge:\n  - smp.yaml\n';
    const text = renderedService({ name: 'web', origin: ['path: ../repo/base/list.yaml'], transformations: [['../repo/overlay/kustomization.yaml', 'PatchStrategicMergeTransformer']], annotations: [`${ID}: lb-kz1`] });
    const { at } = renderOf(text, { '../repo/base/list.yaml': list, '../repo/overlay/kustomization.yaml': legacy, '../repo/overlay/smp.yaml': smp });
    const value = spanOf(text, 'lb-kz1');
    deepStrictEqual(at(value), { file: '../repo/overlay/smp.yaml', span: spanOf(smp, 'lb-kz1'), via: 'patch', renderedSpan: value });
    const port = spanOf(text, '80');
    deepStrictEqual(at(port), { file: '../repo/base/list.yaml', span: spanOf(list, '80'), via: 'resource', renderedSpan: port });
  });

  it('objects without a local origin (a remote base, a generator) stay on the rendered text', () => {
    const remote = renderedService({ name: 'web', origin: ['path: examples/service.yaml', 'repo: https://github.com/example/repo', 'ref: v1'], transformations: [], annotations: [`${ID}: lb-kz1`] });
    strictEqual(renderOf(remote, sources).at(spanOf(remote, 'lb-kz1')), undefined);
    const generated = renderedService({ name: 'web', origin: ['configuredIn: ../repo/overlay/kustomization.yaml', 'configuredBy:', '  apiVersion: builtin', '  kind: ConfigMapGenerator'], transformations: [], annotations: [`${ID}: lb-kz1`] });
    strictEqual(renderOf(generated, sources).at(spanOf(generated, 'lb-kz1')), undefined);
    deepStrictEqual(renderOf(generated, sources).sources, []);
  });
});

describe('posix paths of a render (relative to its root, climbing above it)', () => {
  it('join and normalize keep the leading .. that cannot be resolved, resolve the others', () => {
    deepStrictEqual(
      [join('../repo/overlay', '../base/service.yaml'), join('../../a', './b//c.yaml'), join('', 'x.yaml'), normalize('a/../../b'), normalize('/a/../../b'), dirname('x.yaml'), dirname('../a/k.yaml')],
      ['../repo/base/service.yaml', '../../a/b/c.yaml', 'x.yaml', '../b', '/b', '', '../a'],
    );
  });
});
