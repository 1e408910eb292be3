import { ok, strictEqual } from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseFile } from '../../server/src/core';
import { hostnameFixAt, hostnameValue } from '../helpers/fixes';
import { assertIntendedChange } from './oracle';

/** Layouts where the hostname fix once left a file that parsed differently from the intended change. */

const ID = 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-id';
const KEY = 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-hostname';
const SPEC = 'spec:\n  type: LoadBalancer\n  externalTrafficPolicy: Local\n  ports:\n    - port: 80\n';
const service = (metadata: string, head = ''): string => `${head}apiVersion: v1\nkind: Service\n${metadata}${SPEC}`;

const cases: { name: string; text: string; template?: string }[] = [
  { name: 'the hostname key already there, blank (a second one is a duplicate key)', text: service(`metadata:\n  name: a\n  annotations:\n    ${ID}: lb-1\n    ${KEY}: ""\n`) },
  { name: 'the hostname key already there, null', text: service(`metadata:\n  name: a\n  annotations:\n    ${ID}: lb-1\n    ${KEY}:\n`) },
  { name: 'the hostname key already there, in a flow map', text: service(`metadata: {name: a, annotations: {${KEY}: " "}}\n`) },
  { name: 'empty annotations in a flow map over several lines (the line ends past its `}`)', text: service('metadata: {name: a,\n  annotations: }\n') },
  { name: 'empty annotations last in a multi-line flow map', text: service('metadata: {\n  name: a,\n  annotations:\n}\n') },
  { name: 'anchored empty annotations with an alias (the alias would become the map)', text: service('metadata:\n  name: a\n  annotations: &none\n  labels: *none\n') },
  { name: 'anchored null annotations with an alias', text: service('metadata:\n  name: a\n  annotations: &none null\n  labels: *none\n') },
  { name: 'tagged empty annotations (the tag would apply to the map)', text: service('metadata:\n  name: a\n  annotations: !!null\n') },
  { name: 'tagged null annotations', text: service('metadata:\n  name: a\n  annotations: !!null ~\n') },
  { name: 'a YAML 1.1 document and a hostname that is a 1.1 boolean (`yes`)', text: service(`metadata:\n  name: "yes"\n  annotations:\n    ${ID}: lb-1\n`, '%YAML 1.1\n---\n'), template: '${name}' },
  { name: 'a hostname that Kubernetes (YAML 1.1) reads as a boolean (`on`)', text: service(`metadata:\n  name: "on"\n  annotations:\n    ${ID}: lb-1\n`), template: '${name}' },
];

describe('hostname fix regressions', () => {
  for (const { name, text, template } of cases) {
    it(`${name}: no fix, or exactly the intended change`, () => {
      const file = parseFile(text);
      const service = file.services[0];
      ok(service, 'the Service is read');
      const value = hostnameValue(template ?? '', { name: service.name?.value ?? '', namespace: service.namespace, clbId: 'lb-1' });
      const fix = hostnameFixAt(file, 0, value);
      if (fix) assertIntendedChange(text, fix.edits, new Map([[0, value.value]]), name);
    });
  }

  it('a value YAML 1.1 reads otherwise is quoted even where the file quotes nothing', () => {
    const text = service(`metadata:\n  name: "on"\n  annotations:\n    ${ID}: lb-1\n`);
    const fix = hostnameFixAt(parseFile(text), 0, hostnameValue('${name}', { name: 'on', namespace: 'default', clbId: 'lb-1' }));
    strictEqual(fix?.edits[0]?.newText, `    ${KEY}: "on"\n`);
  });
});
