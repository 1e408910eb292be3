import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { DEFAULT_SETTINGS, LanguageService, LineIndex, type ParsedFile } from '../../server/src/core';
import { expectedHover, indexOf } from '../helpers/expectedHover';
import { assertSoundAnalysis } from './oracle';
import { makeDir, messageOf, LspClient, removeDir, runCli, templateSpans } from './support';

const ID = 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-id';

/** A chart: templating in keys, values and whole lines, beside plain manifests that share its CLB. */
const CHART: Record<string, string> = {
  'chart/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 0.1.0\n',
  'chart/values.yaml': 'service:\n  enabled: true\n  clb: lb-helm-1\n  port: 443\n',
  'chart/templates/service.yaml': [
    '{{- if .Values.service.enabled }}',
    'apiVersion: v1',
    'kind: Service',
    'metadata:',
    '  name: {{ include "web.fullname" . }}',
    '  annotations:',
    `    ${ID}: {{ .Values.service.clb | quote }}`,
    '    {{- with .Values.service.annotations }}',
    '    {{- toYaml . | nindent 4 }}',
    '    {{- end }}',
    'spec:',
    '  type: {{ .Values.service.type | default "LoadBalancer" }}',
    '  externalTrafficPolicy: Local',
    '  ports:',
    '    - port: {{ .Values.service.port }}',
    '      {{ .Values.protocolKey | default "protocol" }}: TCP',
    '{{- end }}',
    '',
  ].join('\n'),
  // Decisive fields templated (the CLB id and the port), everything else plain.
  'chart/templates/service-quoted.yaml': [
    'apiVersion: v1',
    'kind: Service',
    'metadata:',
    '  name: quoted',
    '  annotations:',
    `    ${ID}: "{{ .Values.service.clb }}"`,
    'spec:',
    '  type: LoadBalancer',
    '  ports:',
    '    - port: 80',
    '      targetPort: "{{ .Values.targetPort }}"',
    '',
  ].join('\n'),
  // A template document, then a plain one in the same file: only the plain one is analysed.
  'chart/templates/mixed.yaml': [
    'apiVersion: v1',
    'kind: Service',
    'metadata:',
    '  name: {{ .Release.Name }}-web',
    '  annotations:',
    `    ${ID}: lb-helm-1`,
    'spec:',
    '  type: LoadBalancer',
    '  ports: [{port: 443}]',
    '---',
    'apiVersion: v1',
    'kind: Service',
    'metadata:',
    '  name: plain',
    '  annotations:',
    `    ${ID}: lb-helm-1`,
    'spec:',
    '  type: LoadBalancer',
    '  ports: [{port: 8080}]',
    '',
  ].join('\n'),
  'chart/templates/NOTES.txt': 'Get the URL: {{ .Values.x }}\n',
  'plain/service.yaml': `apiVersion: v1\nkind: Service\nmetadata:\n  name: plain-too\n  annotations:\n    ${ID}: lb-helm-1\nspec:\n  type: LoadBalancer\n  ports:\n    - port: 80\n`,
};

/** A base Service and overlays that patch it partially (no spec.ports): the patches are not Services of their own. */
const KUSTOMIZE: Record<string, string> = {
  'base/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - service.yaml\n',
  'base/service.yaml': `apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  annotations:\n    ${ID}: lb-kust-1\nspec:\n  type: LoadBalancer\n  selector:\n    app: web\n  ports:\n    - port: 80\n`,
  'overlays/prod/kustomization.yaml':
    'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ../../base\npatches:\n  - path: clb-patch.yaml\n  - path: policy-patch.yaml\n  - path: json-patch.yaml\n    target: {kind: Service, name: web}\n',
  // Strategic-merge patches: a partial Service each.
  'overlays/prod/clb-patch.yaml': `apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  annotations:\n    ${ID}: lb-kust-2\nspec:\n  type: LoadBalancer\n`,
  'overlays/prod/policy-patch.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  externalTrafficPolicy: Local\n',
  'overlays/prod/lb-local-patch.yaml': `apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  annotations:\n    ${ID}: lb-kust-1\nspec:\n  type: LoadBalancer\n  externalTrafficPolicy: Local\n`,
  'overlays/prod/json-patch.yaml': `- op: add\n  path: /metadata/annotations/${ID.replace('/', '~1')}\n  value: lb-kust-3\n- op: replace\n  path: /spec/ports/0/port\n  value: 8080\n`,
  'overlays/staging/service-patch.yaml': `apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  annotations:\n    ${ID}: lb-kust-1\nspec:\n  ports: []\n`,
};

const PATCHES = ['overlays/prod/clb-patch.yaml', 'overlays/prod/policy-patch.yaml', 'overlays/prod/lb-local-patch.yaml', 'overlays/prod/json-patch.yaml', 'overlays/staging/service-patch.yaml'];

function analyzeAll(files: Record<string, string>): Map<string, { file: ParsedFile; ranges: { start: number; end: number }[] }> {
  const ls = new LanguageService();
  for (const [name, text] of Object.entries(files)) ls.update(name, text);
  const result = new Map<string, { file: ParsedFile; ranges: { start: number; end: number }[] }>();
  for (const name of Object.keys(files)) {
    const file = ls.parsed(name)!;
    const analysis = ls.diagnostics(name, DEFAULT_SETTINGS);
    assertSoundAnalysis(file, analysis);
    result.set(name, { file, ranges: analysis.findings.map((f) => f.span) });
  }
  return result;
}

/** Where each `needle` ends in `text`, as positions (the start of what follows it). */
function positionsOf(text: string, needle: string): { line: number; character: number }[] {
  const lines = LineIndex.of(text);
  const positions: { line: number; character: number }[] = [];
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) positions.push(lines.positionAt(at + needle.length));
  return positions;
}

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }): boolean => a.start < b.end && b.start < a.end;

describe('Helm templates', { timeout: 60_000 }, () => {
  it('no finding points into template text; templated Services are read with their actions masked', () => {
    const results = analyzeAll(CHART);
    for (const [name, { ranges }] of results) {
      const templates = templateSpans(CHART[name]!);
      for (const range of ranges) ok(!templates.some((t) => overlaps(t, range)), `${name}: a finding inside a template`);
    }
    deepStrictEqual(results.get('chart/templates/service.yaml')!.ranges, []);
    deepStrictEqual(results.get('chart/templates/service-quoted.yaml')!.ranges, []);
    // Both documents of the mixed file are Services now: the first with its templated name unknown.
    deepStrictEqual(
      results.get('chart/templates/mixed.yaml')!.file.services.map((s) => [s.name?.value, s.name?.templated ?? false]),
      [['{{ .Release.Name }}-web', true], ['plain', false]],
    );
    ok(results.get('chart/templates/mixed.yaml')!.ranges.length > 0, 'the plain document of a mixed file is analysed');
  });

  describe('through the server and the CLI', () => {
    let dir: string;
    before(() => {
      dir = makeDir(CHART);
    });
    after(() => {
      removeDir(dir);
    });

    it('the server publishes nothing inside template text', async () => {
      const client = new LspClient();
      try {
        await client.initialize(pathToFileURL(dir).href);
        await client.until(() => client.logs.some((line) => line.startsWith('indexed')));
        // The server reads the templates with the chart's values.yaml, as the expected index does.
        const values = { uri: pathToFileURL(path.join(dir, 'chart/values.yaml')).href, text: CHART['chart/values.yaml']! };
        const files = Object.entries(CHART).filter(([n]) => n.endsWith('.yaml')).map(([n, text]) => [pathToFileURL(path.join(dir, n)).href, text] as const);
        const index = indexOf(Object.fromEntries(files), (uri) => (uri.includes('/chart/templates/') ? values : undefined));
        let hovers = 0;
        for (const name of Object.keys(CHART).filter((n) => n.endsWith('.yaml'))) {
          const uri = pathToFileURL(path.join(dir, name)).href;
          const text = CHART[name]!;
          await client.open(uri, text);
          const published = await client.diagnostics(uri, (p) => p.version === 1);
          const lines = LineIndex.of(text);
          for (const d of published.diagnostics) {
            const range = { start: lines.offsetAt(d.range.start), end: lines.offsetAt(d.range.end) };
            // The one exception: an exact `{{ .Values.a.b }}` the chart's values.yaml gives a default
            // (the server reads values.yaml now) is judged with it, on the action, and says so.
            const withDefaults = d.relatedInformation?.some((r) => r.message.startsWith("with the chart's default values")) === true;
            const inside = templateSpans(text).filter((t) => overlaps(t, range));
            ok(inside.length === 0 || (withDefaults && inside.every((t) => /^\{\{-? *\.Values(\.[A-Za-z_]\w*)+ *-?\}\}$/.test(text.slice(t.start, t.end)))), `${name}: ${messageOf(d)}`);
          }
          // On each CLB id value: inside a template, nothing; in a plain document, the CLB's listing.
          for (const position of positionsOf(text, `${ID}: `)) {
            const hover = await client.hover(uri, position.line, position.character);
            deepStrictEqual(hover, expectedHover(text, position, index), `${name}: hover at ${JSON.stringify(position)}`);
            if (hover) hovers++;
          }
        }
        // The literal ids (both documents of mixed.yaml, plain/service.yaml) and the CLB key whose value is a quoted action.
        strictEqual(hovers, 4, 'the CLB ids and keys outside actions have hovers');
        deepStrictEqual(client.failures(), []);
      } finally {
        await client.stop();
      }
    });

    it('the CLI reports nothing inside template text', () => {
      const result = runCli(dir, ['lint', '.', '--max-severity', 'error']);
      ok(result.code === 0 || result.code === 1, result.stderr);
      for (const line of result.stdout.split('\n').filter((l) => /^\S+:\d+:\d+ /.test(l))) {
        const [file, lineNo, column] = line.split(' ')[0]!.split(':');
        const text = readFileSync(path.join(dir, file!), 'utf8');
        const offset = LineIndex.of(text).offsetAt({ line: Number(lineNo) - 1, character: Number(column) - 1 });
        ok(!templateSpans(text).some((t) => t.start <= offset && offset < t.end), line);
      }
      ok(/plain\/service\.yaml:/.test(result.stdout), 'the plain manifest beside the chart is linted');
    });
  });
});

describe('Kustomize overlays and patches', { timeout: 60_000 }, () => {
  it('partial Services (strategic-merge patches) and JSON patches are not flagged', () => {
    const results = analyzeAll(KUSTOMIZE);
    for (const name of PATCHES) deepStrictEqual(results.get(name)!.ranges, [], name);
    ok(results.get('base/service.yaml')!.ranges.length > 0, 'the base Service is analysed');
  });

  it('nor by the CLI or the server', async () => {
    const dir = makeDir(KUSTOMIZE);
    const client = new LspClient();
    try {
      const result = runCli(dir, ['lint', '.']);
      for (const name of PATCHES) ok(!result.stdout.includes(`${name}:`), `${name} flagged:\n${result.stdout}`);
      ok(result.stdout.includes('base/service.yaml:'));
      await client.initialize(pathToFileURL(dir).href);
      await client.until(() => client.logs.some((line) => line.startsWith('indexed')));
      const index = indexOf(Object.fromEntries(Object.entries(KUSTOMIZE).map(([n, text]) => [pathToFileURL(path.join(dir, n)).href, text])));
      for (const name of PATCHES) {
        const uri = pathToFileURL(path.join(dir, name)).href;
        await client.open(uri, KUSTOMIZE[name]!);
        deepStrictEqual((await client.diagnostics(uri, (p) => p.version === 1)).diagnostics, [], name);
        const hover = await client.hover(uri, 5, 4);
        deepStrictEqual(hover, expectedHover(KUSTOMIZE[name]!, { line: 5, character: 4 }, index), name);
      }
      deepStrictEqual(client.failures(), []);
    } finally {
      await client.stop();
      removeDir(dir);
    }
  });
});
