import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { firstLineSpan, parseFile, renderedOrigin, templateLocator } from '../../server/src/core';
import { maskTemplate } from '../../server/src/core/parse/template';
import { spanOf, spanWithin } from '../helpers/workspace';

const DATA = path.resolve(__dirname, '..', '..', '..', 'test', 'data', 'helm');
const RENDERED = readFileSync(path.join(DATA, 'rendered.yaml'), 'utf8');
const WEB = readFileSync(path.join(DATA, 'web', 'templates', 'service.yaml'), 'utf8');
const CACHE = readFileSync(path.join(DATA, 'web', 'charts', 'cache', 'templates', 'service.yaml'), 'utf8');
const UNKNOWN_KEY = 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-healthcheck-flagg';

describe('rendered output read back to its templates: the Source comment, the resource and the YAML path', () => {
  const rendered = parseFile(RENDERED);
  const webPort = spanWithin(RENDERED, '- name: http\n      port: 9100', '9100');

  it("a finding's document names its Source; the path from the resource's mapping is kept for each end of the span", () => {
    deepStrictEqual(renderedOrigin(rendered, webPort), {
      source: 'web/templates/service.yaml',
      kind: 'Service',
      name: 'my-release-web',
      start: { path: ['spec', 'ports', 0, 'port'], part: 'value' },
      end: { path: ['spec', 'ports', 0, 'port'], part: 'value' },
    });
    const cacheId = spanOf(RENDERED, 'lb-2zeshared');
    deepStrictEqual(renderedOrigin(rendered, cacheId)?.source, 'web/charts/cache/templates/service.yaml');
    const hookPod = spanOf(RENDERED, 'busybox');
    deepStrictEqual(renderedOrigin(rendered, hookPod)?.start, { path: ['spec', 'containers', 0, 'image'], part: 'value' });
    deepStrictEqual(renderedOrigin(rendered, hookPod)?.source, 'web/templates/tests/test-connection.yaml');
  });

  it("the same path in the template, whatever lines the `if` block and includes moved: the action standing for the port", () => {
    const locate = templateLocator(WEB);
    deepStrictEqual(locate(renderedOrigin(rendered, webPort)!), spanOf(WEB, '{{ .Values.service.port }}'));
    // A span over a key and its value (an annotation) stays one span, from the key to the value.
    const idPair = spanOf(RENDERED, 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-id: "lb-2zeshared"');
    deepStrictEqual(locate(renderedOrigin(rendered, idPair)!), spanOf(WEB, 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-id: {{ .Values.service.clb | quote }}'));
    // A key that `toYaml` wrote is not in the template's literal text.
    strictEqual(locate(renderedOrigin(rendered, spanOf(RENDERED, UNKNOWN_KEY))!), undefined);
    deepStrictEqual(firstLineSpan(WEB), spanOf(WEB, 'apiVersion: v1'));
    const cachePort = spanWithin(RENDERED, '- name: redis\n      port: 9100', '9100');
    deepStrictEqual(templateLocator(CACHE)(renderedOrigin(rendered, cachePort)!), spanOf(CACHE, '{{ .Values.port }}'));
  });

  it('the resource is found by literal kind and name; a templated name matches the one resource of its kind, and nothing else does', () => {
    const two = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: a\nspec:\n  type: NodePort\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: b\nspec:\n  type: LoadBalancer\n';
    const origin = { source: 'c/templates/two.yaml', kind: 'Service', name: 'b', start: { path: ['spec', 'type'], part: 'value' as const }, end: { path: ['spec', 'type'], part: 'value' as const } };
    deepStrictEqual(templateLocator(two)(origin), spanOf(two, 'LoadBalancer'));
    strictEqual(templateLocator(two)({ ...origin, name: 'c' }), undefined);
    strictEqual(templateLocator(two)({ ...origin, kind: 'Deployment' }), undefined);
    const templatedTwice = two.replace('name: a', 'name: {{ .Values.a }}').replace('name: b', 'name: {{ .Values.b }}');
    strictEqual(templateLocator(templatedTwice)(origin), undefined);
    const templatedOnce = two.replace('name: b', 'name: {{ .Values.b }}');
    deepStrictEqual(templateLocator(templatedOnce)(origin), spanOf(templatedOnce, 'LoadBalancer'));
  });

  it('a document without its own Source comment names none, even after one that has it; plain manifests name none', () => {
    const text = `---\n# Source: web/templates/a.yaml\napiVersion: v1\nkind: Service\nmetadata:\n  name: a\n---\n# a comment\napiVersion: v1\nkind: Service\nmetadata:\n  name: b\n`;
    const parsed = parseFile(text);
    strictEqual(renderedOrigin(parsed, spanOf(text, 'name: a'))?.source, 'web/templates/a.yaml');
    strictEqual(renderedOrigin(parsed, spanOf(text, 'name: b')), undefined);
    strictEqual(renderedOrigin(parseFile('apiVersion: v1\nkind: Service\n'), spanOf('apiVersion: v1\nkind: Service\n', 'Service')), undefined);
  });
});

describe("Helm masking on the test chart's template (with, toYaml, nindent, if, a quoted pipeline)", () => {
  it('every action is found with its exact range; the lines of only actions become blanks; the Service is read with its literal fields', () => {
    const masked = maskTemplate(WEB);
    deepStrictEqual(masked.actions.map((a) => WEB.slice(a.start, a.end)), [
      '{{ include "web.fullname" . }}',
      '{{- include "web.labels" . | nindent 4 }}',
      '{{ .Values.service.clb | quote }}',
      '{{- with .Values.service.annotations }}',
      '{{- toYaml . | nindent 4 }}',
      '{{- end }}',
      '{{- if .Values.service.externalTrafficPolicy }}',
      '{{ .Values.service.externalTrafficPolicy }}',
      '{{- end }}',
      '{{ .Values.service.port }}',
    ]);
    deepStrictEqual(masked.actions[1], spanOf(WEB, '{{- include "web.labels" . | nindent 4 }}'));
    strictEqual(masked.text.split('\n')[5], ' '.repeat(WEB.split('\n')[5]!.length));
    const [view] = parseFile(WEB).services;
    strictEqual(view?.type?.value, 'LoadBalancer');
    strictEqual(view.annotationsTemplated, true);
    strictEqual(view.portsComplete, false);
  });
});
