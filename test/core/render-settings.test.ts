import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contributedConfiguration, kustomizeDirsOf, MAX_KUSTOMIZE_DIRS, mergeRawSettings, parseConfigFile, clientSectionLayer } from '../../server/src/core';

/** [message, the text the problem points at, severity] of a config text. */
function problems(text: string): [string, string, string][] {
  return parseConfigFile(text).problems.map((p) => [p.message, text.slice(p.span.start, p.span.end), p.severity]);
}

describe('render.kustomize (the setting and the config key)', () => {
  it('is an editor setting of resource scope: a list of directory names, empty by default', () => {
    deepStrictEqual(contributedConfiguration().properties['kubeLbReach.render.kustomize'], {
      type: 'array',
      default: [],
      items: { type: 'string', minLength: 1 },
      scope: 'resource',
      markdownDescription: contributedConfiguration().properties['kubeLbReach.render.kustomize']!['markdownDescription'],
    });
  });

  it('is read from a config file at its top level, as written', () => {
    const parsed = parseConfigFile('render.kustomize: ["overlays/prod", "overlays/dev"]\n');
    deepStrictEqual(parsed.problems, []);
    deepStrictEqual(parsed.config?.raw['render.kustomize'], ['overlays/prod', 'overlays/dev']);
  });

  it('is not a cluster key: an overlay belongs to the cluster its own folder is in', () => {
    const text = ['clusters:', '  - name: prod', '    paths: ["prod/**"]', '    render.kustomize: ["prod/overlay"]', ''].join('\n');
    deepStrictEqual(problems(text), [['Unknown key in clusters.0: "render.kustomize"; the keys are listed in docs/configuration.md.', 'render.kustomize', 'error']]);
  });

  it('a value that is no list of names is a config error at its place', () => {
    deepStrictEqual(problems('render.kustomize: overlays/prod\n').map(([, at, severity]) => [at, severity]), [['overlays/prod', 'error']]);
    deepStrictEqual(problems('render.kustomize: [""]\n').map(([, at, severity]) => [at, severity]), [['""', 'error']]);
  });

  it('kustomizeDirsOf: unset is undefined (a lower layer stands), names trimmed and once each, other entries said', () => {
    deepStrictEqual(kustomizeDirsOf({}), { dirs: undefined, problems: [] });
    deepStrictEqual(kustomizeDirsOf({ 'render.kustomize': [] }), { dirs: [], problems: [] });
    deepStrictEqual(kustomizeDirsOf({ 'render.kustomize': [' a ', 'a', 'b', 3, ''] }), { dirs: ['a', 'b'], problems: ['render.kustomize: 2 entries are not directory names; ignored.'] });
    deepStrictEqual(kustomizeDirsOf({ 'render.kustomize': 'a' }), { dirs: [], problems: ['render.kustomize must be a list of directories; ignored.'] });
  });

  it('a client section sent as an object (`render: { kustomize }`) reads as the dotted key; anything else is left as it is', () => {
    deepStrictEqual(clientSectionLayer({ kubernetesVersion: '1.30', render: { kustomize: ['overlays/prod'] } }), { kubernetesVersion: '1.30', 'render.kustomize': ['overlays/prod'] });
    deepStrictEqual(kustomizeDirsOf(clientSectionLayer({ render: { kustomize: ['overlays/prod'] } })), { dirs: ['overlays/prod'], problems: [] });
    deepStrictEqual(clientSectionLayer({ render: ['x'] }), { render: ['x'] });
    deepStrictEqual(clientSectionLayer({ 'render.kustomize': ['a'] }), { 'render.kustomize': ['a'] });
  });

  it(`kustomizeDirsOf keeps the first ${MAX_KUSTOMIZE_DIRS} directories`, () => {
    const many = Array.from({ length: MAX_KUSTOMIZE_DIRS + 5 }, (_, i) => `d${i}`);
    const { dirs, problems: said } = kustomizeDirsOf({ 'render.kustomize': many });
    deepStrictEqual(dirs, many.slice(0, MAX_KUSTOMIZE_DIRS));
    deepStrictEqual(said, [`render.kustomize: 5 directories past the first ${MAX_KUSTOMIZE_DIRS}; ignored.`]);
  });

  it('a later layer replaces the list (the editor over the config file), it does not add to it', () => {
    strictEqual(JSON.stringify(mergeRawSettings([{ 'render.kustomize': ['a'] }, { 'render.kustomize': ['b'] }])['render.kustomize']), '["b"]');
  });
});
