import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { applyEdits, parseFile } from '../../server/src/core';
import { hostnameFixAt, hostnameValue, HOSTNAME_PLACEHOLDER } from '../helpers/fixes';
import { TestWorkspace } from '../helpers/workspace';

const KEY = 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-hostname';
const ID = 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-id';
const SPEC = 'spec:\n  type: LoadBalancer\n  ports:\n    - port: 80\n';

interface Layout {
  name: string;
  text: string;
  documentIndex?: number;
  /** The exact text expected after the fix. */
  expected?: string;
  value?: string;
}

const layouts: Layout[] = [
  {
    name: 'no annotations',
    text: `apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n${SPEC}`,
    expected: `apiVersion: v1\nkind: Service\nmetadata:\n  annotations:\n    ${KEY}: "${HOSTNAME_PLACEHOLDER}"\n  name: a\n${SPEC}`,
  },
  {
    name: 'existing block annotations',
    text: `apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n  annotations:\n    ${ID}: "lb-1"\n${SPEC}`,
    expected: `apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n  annotations:\n    ${KEY}: "${HOSTNAME_PLACEHOLDER}"\n    ${ID}: "lb-1"\n${SPEC}`,
  },
  {
    name: 'empty flow annotations {}',
    text: `apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n  annotations: {}\n${SPEC}`,
    expected: `apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n  annotations: {${KEY}: "${HOSTNAME_PLACEHOLDER}"}\n${SPEC}`,
  },
  {
    name: 'flow annotations with entries',
    text: `apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n  annotations: {${ID}: lb-1, x: y}\n${SPEC}`,
    expected: `apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n  annotations: {${KEY}: "${HOSTNAME_PLACEHOLDER}", ${ID}: lb-1, x: y}\n${SPEC}`,
  },
  {
    name: 'flow metadata',
    text: `apiVersion: v1\nkind: Service\nmetadata: {name: a, namespace: b}\n${SPEC}`,
    expected: `apiVersion: v1\nkind: Service\nmetadata: {annotations: {${KEY}: "${HOSTNAME_PLACEHOLDER}"}, name: a, namespace: b}\n${SPEC}`,
  },
  {
    name: 'empty annotations with a comment',
    text: `apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n  annotations: # none yet\n${SPEC}`,
    expected: `apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n  annotations: # none yet\n    ${KEY}: "${HOSTNAME_PLACEHOLDER}"\n${SPEC}`,
  },
  {
    name: 'annotations: ~',
    text: `apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n  annotations: ~\n${SPEC}`,
    expected: `apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n  annotations: {${KEY}: "${HOSTNAME_PLACEHOLDER}"}\n${SPEC}`,
  },
  {
    name: 'comments everywhere',
    text: `# top\napiVersion: v1 # api\nkind: Service\nmetadata: # meta\n  # the name\n  name: a # trailing\n  annotations:\n    # the CLB\n    ${ID}: "lb-1" # reused\n${SPEC}# end\n`,
  },
  { name: 'CRLF line ends', text: `apiVersion: v1\r\nkind: Service\r\nmetadata:\r\n  name: a\r\n${SPEC.replace(/\n/g, '\r\n')}` },
  { name: 'CRLF with annotations', text: `apiVersion: v1\r\nkind: Service\r\nmetadata:\r\n  name: a\r\n  annotations:\r\n    ${ID}: lb-1\r\n${SPEC.replace(/\n/g, '\r\n')}` },
  {
    name: 'second document',
    documentIndex: 1,
    text: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: a\n${SPEC}---\napiVersion: v1\nkind: Service\nmetadata:\n  name: z\n${SPEC}`,
  },
  {
    name: '4-space indentation',
    text: `apiVersion: v1\nkind: Service\nmetadata:\n    name: a\nspec:\n    type: LoadBalancer\n    ports:\n        - port: 80\n`,
    expected: `apiVersion: v1\nkind: Service\nmetadata:\n    annotations:\n        ${KEY}: "${HOSTNAME_PLACEHOLDER}"\n    name: a\nspec:\n    type: LoadBalancer\n    ports:\n        - port: 80\n`,
  },
  { name: 'tab characters inside values', text: `apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n  annotations:\n    note: "a\tb"\n    other: 'x\ty'\n${SPEC}` },
  {
    name: 'double-quoted keys',
    text: `apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n  annotations:\n    "${ID}": "lb-1"\n${SPEC}`,
    expected: `apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n  annotations:\n    "${KEY}": "${HOSTNAME_PLACEHOLDER}"\n    "${ID}": "lb-1"\n${SPEC}`,
  },
  {
    name: 'single-quoted values',
    text: `apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n  annotations:\n    ${ID}: 'lb-1'\n${SPEC}`,
    expected: `apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n  annotations:\n    ${KEY}: '${HOSTNAME_PLACEHOLDER}'\n    ${ID}: 'lb-1'\n${SPEC}`,
  },
  {
    name: 'plain values and a hostname template',
    value: '${name}.${namespace}.example.net',
    text: `apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: shop\n  annotations:\n    ${ID}: lb-1\n${SPEC}`,
    expected: `apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: shop\n  annotations:\n    ${KEY}: web.shop.example.net\n    ${ID}: lb-1\n${SPEC}`,
  },
  { name: 'anchors and aliases elsewhere', text: `apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n  labels: &labels\n    app: web\nspec:\n  type: LoadBalancer\n  selector: *labels\n  ports:\n    - port: 80\n` },
  { name: 'an anchored first key', text: `apiVersion: v1\nkind: Service\nmetadata:\n  name: &n a\n  labels:\n    app: *n\n${SPEC}` },
  { name: 'a UTF-8 byte order mark', text: `\uFEFFapiVersion: v1\nkind: Service\nmetadata:\n  name: a\n${SPEC}` },
  { name: 'a document start marker and a leading comment', text: `# Service for the shop\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: a\n${SPEC}` },
  { name: 'a document end marker', text: `apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n${SPEC}...\n` },
  { name: 'non-ASCII text', text: `apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n  annotations:\n    description: "Über-Service 🚀 负载均衡"\n${SPEC}` },
  { name: 'metadata last, no trailing newline', text: `apiVersion: v1\nkind: Service\n${SPEC}metadata:\n  name: a` },
  { name: 'a fully flow-style document', text: `{apiVersion: v1, kind: Service, metadata: {name: a}, spec: {type: LoadBalancer, ports: [{port: 80}]}}\n` },
  { name: 'lone CR line ends', text: `apiVersion: v1\rkind: Service\rmetadata:\r  name: a\r${SPEC.replace(/\n/g, '\r')}` },
  { name: 'a multi-line block scalar before', text: `apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n  annotations:\n    note: |\n      line one\n      line two\n${SPEC}` },
];

function documentsAsJs(text: string): unknown[] {
  // The yaml package does not read a lone CR as a line break (YAML does): compare as LF.
  return parseAllDocuments(text.replace(/\r(?!\n)/g, '\n')).map((d) => {
    strictEqual(d.errors.length, 0, `parses: ${d.errors.map((e) => e.message).join('; ')}`);
    const js: unknown = d.toJS();
    return js;
  });
}

describe('hostname quick fix', () => {
  for (const layout of layouts) {
    it(`inserts the annotation and nothing else: ${layout.name}`, () => {
      const documentIndex = layout.documentIndex ?? 0;
      const file = parseFile(layout.text);
      const value = hostnameValue(layout.value ?? '', { name: 'web', namespace: 'shop', clbId: 'lb-1' });
      const fix = hostnameFixAt(file, documentIndex, value);
      ok(fix, 'a fix is offered');
      strictEqual(fix.edits.length, 1);
      const result = applyEdits(layout.text, fix.edits);
      if (layout.expected !== undefined) strictEqual(result, layout.expected);

      // Every byte outside the edit is the user's own.
      const [edit] = fix.edits;
      strictEqual(result.slice(0, edit!.span.start), layout.text.slice(0, edit!.span.start));
      strictEqual(result.slice(edit!.span.start + edit!.newText.length), layout.text.slice(edit!.span.end));
      const replaced = layout.text.slice(edit!.span.start, edit!.span.end);
      ok(replaced === '' || replaced === '~' || replaced === 'null', `only an insertion (or a null replaced), not ${JSON.stringify(replaced)}`);

      // The same objects, plus the one annotation.
      const before = documentsAsJs(layout.text) as Record<string, Record<string, Record<string, string>>>[];
      const after = documentsAsJs(result);
      const target = before[documentIndex]!;
      target['metadata'] = { ...target['metadata'], annotations: { ...(target['metadata']?.['annotations'] ?? {}), [KEY]: value.value } };
      deepStrictEqual(after, before);
    });
  }

  it('makes the warning go away, leaving only its trade-off: layer-4 loopback through the real CLB', () => {
    const text = `apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n  annotations:\n    ${ID}: lb-1\n${SPEC}`;
    const ws = new TestWorkspace({ 'a.yaml': text }, { hostnameTemplate: 'a.example.net' });
    const [finding] = ws.findings('a.yaml', 'reused-clb-listeners-unknown');
    ok(finding);
    strictEqual(finding.fixes[0]!.safe, true);
    ws.set('a.yaml', applyEdits(text, finding.fixes[0]!.edits));
    // Loopback on its own ports (the hostname's) and on the CLB's other listeners, which now go to the real CLB too.
    deepStrictEqual(ws.findings('a.yaml').map((f) => [f.ruleId, f.messageId]), [['hostname-loopback', 'loopback'], ['lb-layer4-loopback', 'loopback']]);
  });

  it('is not offered where no certain insertion exists', () => {
    const cases = [
      `apiVersion: v1\nkind: Service\nspec:\n  type: LoadBalancer\n`, // no metadata
      `apiVersion: v1\nkind: Service\nmetadata:\n${SPEC}`, // metadata: null
      `apiVersion: v1\nkind: Service\nmetadata: &m\n  name: a\n${SPEC}`, // anchored metadata
      `apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n  annotations: *x\n${SPEC}`, // an alias (and an error)
      `apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n  bad: [\n${SPEC}`, // syntax error
    ];
    for (const text of cases) strictEqual(hostnameFixAt(parseFile(text), 0, hostnameValue('', { name: 'a', namespace: 'b', clbId: 'c' })), undefined, text);
  });

  it('uses the template only when it yields a DNS name', () => {
    deepStrictEqual(hostnameValue('${name}.${namespace}.example.net', { name: 'web', namespace: 'shop', clbId: 'lb-1' }), { value: 'web.shop.example.net', fromTemplate: true });
    deepStrictEqual(hostnameValue('${name}_x.example.net', { name: 'web', namespace: 'shop', clbId: 'lb-1' }), { value: HOSTNAME_PLACEHOLDER, fromTemplate: false });
    deepStrictEqual(hostnameValue('', { name: 'web', namespace: 'shop', clbId: 'lb-1' }), { value: HOSTNAME_PLACEHOLDER, fromTemplate: false });
  });
});
