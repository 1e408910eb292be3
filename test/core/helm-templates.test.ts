import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseFile } from '../../server/src/core';
import { chartTemplateOf, findActions, maskTemplate } from '../../server/src/core/parse/template';
import { type Rule } from '../../server/src/core/rules/types';
import { RULES } from '../../server/src/core/rules';
import { service, spanOf, spanWithin, TestWorkspace } from '../helpers/workspace';

const CLB = 'lb-2zeshared';
const ID_KEY = 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-id';
const HOSTNAME_KEY = 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-hostname';

/** A controller Service in the style of the ingress-nginx chart (written for this test): almost everything comes from values. */
const CONTROLLER_SERVICE = `{{- if .Values.controller.service.enabled -}}
apiVersion: v1
kind: Service
metadata:
  annotations:
  {{- range $key, $value := .Values.controller.service.annotations }}
    {{ $key }}: {{ $value | quote }}
  {{- end }}
  labels:
    {{- include "ingress-nginx.labels" . | nindent 4 }}
    app.kubernetes.io/component: controller
  name: {{ include "ingress-nginx.controller.fullname" . }}
  namespace: {{ include "ingress-nginx.namespace" . }}
spec:
  type: {{ .Values.controller.service.type }}
  {{- if .Values.controller.service.externalTrafficPolicy }}
  externalTrafficPolicy: {{ .Values.controller.service.externalTrafficPolicy }}
  {{- end }}
  ports:
  {{- if .Values.controller.service.enableHttp }}
    - name: http
      port: {{ .Values.controller.service.ports.http }}
      protocol: TCP
      targetPort: {{ .Values.controller.service.targetPorts.http }}
  {{- end }}
  selector:
    {{- include "ingress-nginx.selectorLabels" . | nindent 4 }}
{{- end }}
`;

/** A company chart's metrics Service: a literal CLB id and port, templated name and labels, in an `if` block. */
const METRICS_SERVICE = `{{- if .Values.metrics.enabled }}
apiVersion: v1
kind: Service
metadata:
  name: {{ include "web.fullname" . }}-metrics
  namespace: shop
  labels:
    {{- include "web.labels" . | nindent 4 }}
  annotations:
    ${ID_KEY}: ${CLB}
spec:
  type: LoadBalancer
  ports:
    - name: metrics
      port: 9100
      protocol: TCP
      targetPort: metrics
  selector:
    {{- include "web.selectorLabels" . | nindent 4 }}
{{- end }}
`;

const METRICS_URI = 'file:///repo/charts/web/templates/service-metrics.yaml';

/** A plain manifest on the same CLB with the same port. */
const PLAIN = service({ name: 'exporter', namespace: 'ops', clbId: CLB, ports: [9100] });

/** No finding of `uri` touches one of its actions. */
function assertNoFindingInActions(ws: TestWorkspace, uri: string): void {
  const actions = ws.file(uri).actions;
  for (const finding of ws.findings(uri)) {
    for (const action of actions) ok(finding.span.end <= action.start || finding.span.start >= action.end, `${finding.ruleId} at ${finding.span.start}-${finding.span.end} touches an action at ${action.start}-${action.end}`);
  }
}

describe('Helm templates: masking', () => {
  it('keeps the length and every line break; a line of only actions becomes blanks, an action among text as many `_`', () => {
    const text = 'a: {{ .Values.a }}\r\n  {{- if .Values.b }}\nb: "{{ .Values.b }}"\n{{- end }}\n';
    const masked = maskTemplate(text);
    strictEqual(masked.text, `a: ${'_'.repeat(15)}\r\n${' '.repeat(21)}\nb: "${'_'.repeat(15)}"\n${' '.repeat(10)}\n`);
    strictEqual(masked.text.length, text.length);
    deepStrictEqual(masked.actions.map((a) => text.slice(a.start, a.end)), ['{{ .Values.a }}', '{{- if .Values.b }}', '{{ .Values.b }}', '{{- end }}']);
  });

  it('finds an action across lines, one with `}}` in a string, a comment, and one never closed', () => {
    const text = '{{- include "x" (dict\n  "a" "}}") | nindent 4 }}\n{{/* a } comment */}}\nk: {{ .Values.k';
    deepStrictEqual(findActions(text).map((a) => text.slice(a.start, a.end)), ['{{- include "x" (dict\n  "a" "}}") | nindent 4 }}', '{{/* a } comment */}}', '{{ .Values.k']);
    strictEqual(maskTemplate(text).text.split('\n').length, text.split('\n').length);
  });

  it('a document whose masked text is still no YAML is not analysed, as a notice naming the template, not as a syntax error', () => {
    const text = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: x\n  {{ if .Values.a }}labels: {a: b}{{ end }}\n';
    const parsed = parseFile(text);
    const notAnalysed = parsed.documents[0]?.notAnalysed;
    strictEqual(notAnalysed?.isError, false);
    ok(notAnalysed.reason.startsWith('Helm template: not rendered, and with its actions masked it is not YAML ('), notAnalysed.reason);
    deepStrictEqual(parsed.services, []);
  });

  it('a chart is the folder holding templates/: the core derives it from the URI', () => {
    deepStrictEqual(chartTemplateOf(METRICS_URI), { chart: 'web', template: 'service-metrics.yaml' });
    deepStrictEqual(chartTemplateOf('file:///repo/charts/web/templates/sub/svc.yaml'), { chart: 'web', template: 'sub/svc.yaml' });
    strictEqual(chartTemplateOf('file:///repo/manifests/svc.yaml'), undefined);
  });
});

describe('Helm templates: what is literal is read, what an action writes is unknown', () => {
  it('the ingress-nginx style controller Service is analysed, everything templated is marked, and nothing is reported', () => {
    const uri = 'file:///repo/charts/ingress-nginx/templates/controller-service.yaml';
    const ws = new TestWorkspace({ [uri]: CONTROLLER_SERVICE });
    deepStrictEqual(ws.service.notAnalysed(uri), []);
    const [view] = ws.file(uri).services;
    strictEqual(view?.type?.templated, true);
    strictEqual(view.type.value, '{{ .Values.controller.service.type }}');
    strictEqual(view.name?.value, '{{ include "ingress-nginx.controller.fullname" . }}');
    strictEqual(view.annotationsTemplated, true);
    strictEqual(view.specTemplated, true);
    strictEqual(view.portsComplete, false);
    deepStrictEqual(view.ports, []);
    deepStrictEqual(ws.findings(uri), []);
    const { explanations, notices } = ws.service.explain(uri, ws.settingsOf(uri), ['1.30']);
    deepStrictEqual(explanations, []);
    deepStrictEqual(notices, [
      '{{ include "ingress-nginx.namespace" . }}/{{ include "ingress-nginx.controller.fullname" . }} (in chart ingress-nginx, template controller-service.yaml): Helm template: metadata.annotations, spec, spec.type, spec.externalTrafficPolicy written by template actions, so its reachability is not known without rendering it',
    ]);
  });

  it('quoted, unquoted and trimmed actions in the decisive fields: the id is unknown, so no reuse is known', () => {
    for (const id of [`{{ .Values.clb.id }}`, `"{{ .Values.clb.id }}"`, `{{- .Values.clb.id -}}`, `'{{ .Values.clb.id }}'`]) {
      const text = service({ name: 'api', ports: [9100] }).replace('metadata:\n', `metadata:\n  annotations:\n    ${ID_KEY}: ${id}\n`);
      const ws = new TestWorkspace({ 'file:///repo/charts/api/templates/svc.yaml': text, 'plain.yaml': PLAIN });
      const [view] = ws.file('file:///repo/charts/api/templates/svc.yaml').services;
      strictEqual(view?.annotations[0]?.templated, true, id);
      deepStrictEqual(ws.findings('file:///repo/charts/api/templates/svc.yaml'), [], id);
      deepStrictEqual(ws.findings('plain.yaml', 'reused-clb-port-conflict'), [], id);
      deepStrictEqual(ws.service.index.servicesReusing(`alibaba:${CLB}`).map((s) => s.label), ['ops/exporter'], id);
    }
  });

  it('a templated port makes the port set incomplete: the literal ones are kept', () => {
    const text = service({ name: 'api', clbId: CLB, ports: [443, 8443] }).replace('port: 8443', 'port: {{ .Values.port }}');
    const [view] = parseFile(text).services;
    strictEqual(view?.portsComplete, false);
    deepStrictEqual(view.ports.map((p) => p.port), [443]);
  });
});

describe('Helm templates: literal CLB ids and ports enter the workspace index', () => {
  it("a plain manifest's port-conflict rule sees the template's listener, and the template reports on its literal port line", () => {
    const ws = new TestWorkspace({ [METRICS_URI]: METRICS_SERVICE, 'plain.yaml': PLAIN });
    const label = 'shop/{{ include "web.fullname" . }}-metrics';
    const [plain] = ws.findings('plain.yaml', 'reused-clb-port-conflict');
    deepStrictEqual(
      { messageId: plain?.messageId, data: plain?.data, span: plain?.span },
      { messageId: 'conflict', data: { listener: '9100/TCP', lb: 'CLB', lbId: CLB, services: label }, span: spanWithin(PLAIN, '- port: 9100', '9100') },
    );
    deepStrictEqual(plain?.related.map((r) => [r.uri, r.span]), [[METRICS_URI, spanOf(METRICS_SERVICE, '9100')]]);
    const own = ws.findings(METRICS_URI, 'reused-clb-port-conflict');
    deepStrictEqual(own.map((f) => [f.messageId, f.span, f.data.services]), [['conflict', spanOf(METRICS_SERVICE, '9100'), 'ops/exporter']]);
    assertNoFindingInActions(ws, METRICS_URI);
  });

  it('explain names a modelled template Service by its chart and template', () => {
    const ws = new TestWorkspace({ [METRICS_URI]: METRICS_SERVICE });
    deepStrictEqual(ws.service.explain(METRICS_URI, ws.settingsOf(METRICS_URI), ['1.30']).explanations.map((e) => e.service), ['shop/{{ include "web.fullname" . }}-metrics (in chart web, template service-metrics.yaml)']);
  });

  it('the CLB id hover lists the template as one: its chart and template, literal ports only', () => {
    const ws = new TestWorkspace({ [METRICS_URI]: METRICS_SERVICE, 'plain.yaml': PLAIN });
    const hover = ws.hover('plain.yaml', spanOf(PLAIN, CLB).start + 1, (id) => id);
    ok(hover?.markdown.includes('- `shop/{{ include "web.fullname" . }}-metrics` (in chart web, template service-metrics.yaml; literal ports only): 9100/TCP'), hover?.markdown);
  });

  it('a templated name is never taken for another Service of the same template text', () => {
    const other = METRICS_SERVICE.replace('9100', '9200');
    const ws = new TestWorkspace({ [METRICS_URI]: METRICS_SERVICE, 'file:///repo/charts/api/templates/service-metrics.yaml': other.replace('9200', '9100') });
    strictEqual(ws.findings(METRICS_URI, 'reused-clb-port-conflict').length, 1);
  });
});

describe('Helm templates: an unknown hostname is never counted as reporting the IP', () => {
  const withHostname = (hostname: string): string => METRICS_SERVICE.replace(`    ${ID_KEY}: ${CLB}\n`, `    ${ID_KEY}: ${CLB}\n    ${HOSTNAME_KEY}: ${hostname}\n`).replace('9100', '9200');
  const plainWithHostname = service({ name: 'web', namespace: 'ops', clbId: CLB, hostname: 'web.example.com', ports: [443] });

  it('a templated hostname: the plain Service is not told that the template still binds the IP', () => {
    const ws = new TestWorkspace({ [METRICS_URI]: withHostname('{{ .Values.hostname | quote }}'), 'plain.yaml': plainWithHostname });
    deepStrictEqual(ws.findings('plain.yaml', 'reused-clb-hostname-incomplete'), []);
    const [entry] = ws.service.index.servicesReusing(`alibaba:${CLB}`).filter((s) => s.uri === METRICS_URI);
    strictEqual(entry?.reportsIpKnown, false);
    deepStrictEqual(ws.findings(METRICS_URI), []);
  });

  it('the same template without the hostname annotation does bind it (the rule reports, so the test above can fail)', () => {
    const ws = new TestWorkspace({ [METRICS_URI]: METRICS_SERVICE.replace('9100', '9200'), 'plain.yaml': plainWithHostname });
    deepStrictEqual(ws.findings('plain.yaml', 'reused-clb-hostname-incomplete').map((f) => f.span), [spanOf(plainWithHostname, '"web.example.com"')]);
  });

  it("annotations a `range` writes: the template's listener is neither served nor refused for the plain Service", () => {
    const ranged = METRICS_SERVICE.replace(`    ${ID_KEY}: ${CLB}\n`, `    ${ID_KEY}: ${CLB}\n    {{- range $k, $v := .Values.service.annotations }}\n    {{ $k }}: {{ $v | quote }}\n    {{- end }}\n`).replace('9100', '9200');
    const plain = service({ name: 'web', namespace: 'ops', clbId: CLB, ports: [443] });
    const ws = new TestWorkspace({ [METRICS_URI]: ranged, 'plain.yaml': plain });
    deepStrictEqual(ws.findings('plain.yaml', 'reused-clb-other-listener-refused'), []);
    const [view] = ws.file(METRICS_URI).services;
    strictEqual(view?.annotationsTemplated, true);
    const literal = new TestWorkspace({ [METRICS_URI]: METRICS_SERVICE.replace('9100', '9200'), 'plain.yaml': plain, 'other.yaml': service({ name: 'x', namespace: 'ops', clbId: CLB, hostname: 'x.example.com', ports: [9300] }) });
    strictEqual(literal.findings('plain.yaml', 'reused-clb-other-listener-refused').length, 1);
  });
});

describe('Helm templates: no finding stands on template text', () => {
  /** A probe rule: one finding on the Service's `spec.type` value, one on its kind. */
  const probe: Rule = {
    id: 'probe',
    meta: { description: 'probe', defaultSeverity: 'warning', messages: { here: 'here' }, fixable: false, scope: 'resource' },
    check(context, report) {
      if (context.service.type) report({ messageId: 'here', span: context.service.type.valueSpan });
      report({ messageId: 'here', span: context.service.kind.valueSpan });
    },
  };

  it('the runner drops a finding whose span touches an action, and keeps the one on a literal line', () => {
    const text = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: a\nspec:\n  type: "{{ .Values.type }}"\n  ports:\n    - port: 80\n';
    const ws = new TestWorkspace({ 'file:///c/templates/a.yaml': text }, {}, { rules: [probe] });
    deepStrictEqual(ws.findings('file:///c/templates/a.yaml').map((f) => f.span), [spanOf(text, 'Service')]);
    const plain = new TestWorkspace({ 'a.yaml': text.replace('"{{ .Values.type }}"', 'LoadBalancer') }, {}, { rules: [probe] });
    strictEqual(plain.findings('a.yaml').length, 2);
  });

  it('every rule, on a chart with if blocks, nindent includes and quoted and unquoted actions: findings only on literal lines', () => {
    const chart = `apiVersion: v1
kind: Service
metadata:
  name: {{ .Release.Name }}-api
  labels:
    {{- include "api.labels" . | nindent 4 }}
  annotations:
    ${ID_KEY}: "${CLB}"
    service.beta.kubernetes.io/alibaba-cloud-loadbalancer-protocol-port: "{{ .Values.protocolPort }}"
spec:
  type: LoadBalancer
  externalTrafficPolicy: {{ .Values.policy | default "Cluster" }}
  ports:
    - name: http
      port: 9100
      protocol: TCP
      targetPort: {{ .Values.targetPort }}
  selector:
    {{- include "api.selectorLabels" . | nindent 4 }}
`;
    const uri = 'file:///repo/charts/api/templates/service.yaml';
    const ws = new TestWorkspace({ [uri]: chart, 'plain.yaml': PLAIN }, {}, { rules: RULES });
    assertNoFindingInActions(ws, uri);
    deepStrictEqual(ws.findings(uri).map((f) => [f.ruleId, f.span]), [['reused-clb-port-conflict', spanOf(chart, '9100')]]);
  });
});

describe('Helm templates: blocks around the whole document', () => {
  it('an `{{- end }}` closing a document-wide `if` right after `ports` leaves the port set complete; an `if` around one entry does not', () => {
    const wrapped = `{{- if .Values.enabled }}\n${service({ name: 'a', clbId: CLB, ports: [80, 443] }).replace(/  selector:\n    app: web\n/, '')}{{- end }}\n`;
    const [view] = parseFile(wrapped).services;
    strictEqual(view?.portsComplete, true);
    strictEqual(view.specTemplated, false);
    const conditional = wrapped.replace('    - port: 443', '  {{- if .Values.tls }}\n    - port: 443').replace('{{- end }}\n', '  {{- end }}\n{{- end }}\n');
    const [partial] = parseFile(conditional).services;
    strictEqual(partial?.portsComplete, false);
    deepStrictEqual(partial.ports.map((p) => p.port), [80, 443]);
  });
});

describe("Helm templates: the chart's default values, when the adapter passes values.yaml", () => {
  const VALUES_URI = 'file:///repo/charts/web/values.yaml';
  const VALUES = `service:\n  clb: ${CLB}\n  port: 9100\n  big: 1000000\n`;
  const TEMPLATE = `apiVersion: v1
kind: Service
metadata:
  name: {{ include "web.fullname" . }}
  annotations:
    ${ID_KEY}: "{{ .Values.service.clb }}"
spec:
  type: LoadBalancer
  ports:
    - port: {{- .Values.service.port }}
      protocol: TCP
`;
  const URI = 'file:///repo/charts/web/templates/service.yaml';

  it('`{{ .Values.a.b }}` with a literal default is read as it: the conflict is reported on the action, saying "with the chart\'s default values"', () => {
    const ws = new TestWorkspace({ 'plain.yaml': PLAIN });
    ws.service.update(URI, TEMPLATE, { helmValues: { uri: VALUES_URI, text: VALUES } });
    const [own] = ws.findings(URI, 'reused-clb-port-conflict');
    deepStrictEqual(
      { data: own?.data, span: own?.span },
      { data: { listener: '9100/TCP', lb: 'CLB', lbId: CLB, services: 'ops/exporter' }, span: spanOf(TEMPLATE, '{{- .Values.service.port }}') },
    );
    deepStrictEqual(own?.related.slice(1).map((r) => [r.uri, r.span, r.message]), [[VALUES_URI, spanOf(VALUES, '9100'), "with the chart's default values: .Values.service.port is 9100 in values.yaml"]]);
    strictEqual(ws.findings('plain.yaml', 'reused-clb-port-conflict').length, 1);
  });

  it('without values.yaml, or with a pipeline, a missing key, a map or a number Helm prints otherwise, the field stays unknown', () => {
    const variants = [
      [TEMPLATE, undefined],
      [TEMPLATE.replace('{{- .Values.service.port }}', '{{ .Values.service.port | int }}'), VALUES],
      [TEMPLATE.replace('{{- .Values.service.port }}', '{{ .Values.service.missing }}'), VALUES],
      [TEMPLATE.replace('{{- .Values.service.port }}', '{{ .Values.service }}'), VALUES],
      [TEMPLATE.replace('{{- .Values.service.port }}', '{{ .Values.service.big }}'), VALUES],
    ] as const;
    for (const [text, values] of variants) {
      const ws = new TestWorkspace({ 'plain.yaml': PLAIN });
      ws.service.update(URI, text, values ? { helmValues: { uri: VALUES_URI, text: values } } : {});
      deepStrictEqual(ws.findings(URI), [], text);
      deepStrictEqual(ws.findings('plain.yaml', 'reused-clb-port-conflict'), [], text);
    }
  });
});

describe('Helm templates: force-override is not known to be off when actions write annotations', () => {
  const FORCE_KEY = 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-force-override-listeners';
  const plain = service({ name: 'web', namespace: 'ops', clbId: CLB, ports: [443], extraAnnotations: { [FORCE_KEY]: 'true' } });
  const ranged = METRICS_SERVICE.replace(`    ${ID_KEY}: ${CLB}\n`, `    ${ID_KEY}: ${CLB}\n    {{- with .Values.service.annotations }}\n    {{- toYaml . | nindent 4 }}\n    {{- end }}\n`);

  it('a `toYaml` among the annotations: no mismatch is claimed with a Service that turns it on', () => {
    const ws = new TestWorkspace({ [METRICS_URI]: ranged, 'plain.yaml': plain });
    deepStrictEqual(ws.findings('plain.yaml', 'reused-clb-force-override-mismatch'), []);
    deepStrictEqual(ws.findings(METRICS_URI, 'reused-clb-force-override-mismatch'), []);
  });

  it('the same template without it is "not set (off)": the mismatch is reported', () => {
    const ws = new TestWorkspace({ [METRICS_URI]: METRICS_SERVICE, 'plain.yaml': plain });
    strictEqual(ws.findings('plain.yaml', 'reused-clb-force-override-mismatch').length, 1);
  });
});
