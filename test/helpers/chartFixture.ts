import { service } from './workspace';

/**
 * A chart whose one template's CLB id and port come from values.yaml, and a plain Service outside
 * it on the same CLB and port: with the chart's defaults the two conflict, without them the
 * template's port is unknown. Shared by the CLI's and the language server's values.yaml tests.
 */
export const CHART_CLB = 'lb-2zeshared';

export const CHART_TEMPLATE = `apiVersion: v1
kind: Service
metadata:
  name: {{ include "web.fullname" . }}
  namespace: ops
  annotations:
    service.beta.kubernetes.io/alibaba-cloud-loadbalancer-id: "{{ .Values.service.clb }}"
spec:
  type: LoadBalancer
  ports:
    - port: {{ .Values.service.port }}
      protocol: TCP
      targetPort: http
`;

export const CHART_VALUES = `service:\n  clb: ${CHART_CLB}\n  port: 9100\n`;

/** The plain Service on the same CLB and port, outside the chart. */
export const CHART_PLAIN = service({ name: 'exporter', namespace: 'ops', clbId: CHART_CLB, ports: [9100] });

/** The files of the chart folder `web/` and `plain.yaml`, by path relative to the workspace. */
export const CHART_FILES: Readonly<Record<string, string>> = {
  'web/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 0.1.0\n',
  'web/values.yaml': CHART_VALUES,
  'web/templates/service.yaml': CHART_TEMPLATE,
  'plain.yaml': CHART_PLAIN,
};
