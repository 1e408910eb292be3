// Realistic Service manifests for the benchmark: Alibaba Cloud CLB annotations, labels, two ports,
// a mix of types, some Services reusing one CLB (with an occasional port clash), all valid for
// bench/data/service.schema.json. Deterministic: the same call gives the same text.
import { mkdirSync, writeFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';

const A = 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-';
const SPECS = ['slb.s1.small', 'slb.s2.small', 'slb.s2.medium', 'slb.s3.small'];

/**
 * One Service. `clbId`: reuse that CLB; `ports`: the frontend ports.
 * kind of Service by i % 10: 0-5 LoadBalancer reusing a CLB, 6 LoadBalancer with a new CLB,
 * 7 NodePort, 8-9 ClusterIP.
 */
export function serviceManifest(i, { clbId, ports, policy } = {}) {
  const name = `svc-${String(i).padStart(5, '0')}`;
  const ns = `team-${i % 17}`;
  const slot = i % 10;
  const type = slot <= 6 ? 'LoadBalancer' : slot === 7 ? 'NodePort' : 'ClusterIP';
  const lines = [
    'apiVersion: v1',
    'kind: Service',
    'metadata:',
    `  name: ${name}`,
    `  namespace: ${ns}`,
    '  labels:',
    `    app.kubernetes.io/name: ${name}`,
    `    app.kubernetes.io/part-of: shop-${i % 7}`,
    '    app.kubernetes.io/managed-by: kustomize',
    '  annotations:',
  ];
  if (type === 'LoadBalancer') {
    const id = clbId ?? (slot <= 5 ? `lb-2ze${String(i * 7919).padStart(8, '0')}x` : undefined);
    if (id) {
      lines.push(`    ${A}id: "${id}"`);
      lines.push(`    ${A}force-override-listeners: "true"`);
    } else {
      lines.push(`    ${A}spec: "${SPECS[i % SPECS.length]}"`);
      lines.push(`    ${A}charge-type: "paybytraffic"`);
    }
    lines.push(`    ${A}address-type: "${i % 3 === 0 ? 'internet' : 'intranet'}"`);
    lines.push(`    ${A}health-check-flag: "on"`);
    lines.push(`    ${A}health-check-type: "tcp"`);
    lines.push(`    ${A}health-check-connect-timeout: "8"`);
  }
  lines.push('    prometheus.io/scrape: "true"', `    prometheus.io/port: "9102"`);
  lines.push('spec:', `  type: ${type}`);
  if (type !== 'ClusterIP') lines.push(`  externalTrafficPolicy: ${policy ?? (i % 4 === 0 ? 'Local' : 'Cluster')}`);
  lines.push('  selector:', `    app.kubernetes.io/name: ${name}`, '  ports:');
  const frontends = ports ?? [80, 443];
  frontends.forEach((port, k) => {
    lines.push(`  - name: p${port}`, `    port: ${port}`, '    protocol: TCP', `    targetPort: ${k === 0 ? 8080 : 8443}`);
  });
  return lines.join('\n') + '\n';
}

/**
 * Services for a multi-document file or a workspace. Every `groupEvery`-th block of `groupSize`
 * consecutive LoadBalancer Services reuses one CLB, with distinct ports except one clash per 5 groups.
 */
export function serviceSpecs(count, { shared = Infinity } = {}) {
  const specs = [];
  let group = 0;
  let inGroup = 0;
  let sharedSoFar = 0;
  for (let i = 0; i < count; i++) {
    if (i % 10 <= 5 && i % 20 < 6 && sharedSoFar < shared) {
      // groups of 3: i%20 in {0..5} gives two groups of 3 per 20 Services
      if (inGroup === 0) group++;
      const id = `lb-shared${String(group).padStart(5, '0')}`;
      const clash = group % 5 === 0 && inGroup === 2;
      const ports = clash ? [80 + 1000, 443] : [80 + 1000 + inGroup * 10, 443 + inGroup];
      specs.push({ i, clbId: id, ports, group: id });
      sharedSoFar++;
      inGroup = (inGroup + 1) % 3;
    } else {
      specs.push({ i });
    }
  }
  return specs;
}

/** A multi-document file of at least `lines` lines; plus where one keystroke toggles a port digit. */
export function multiDocFile(targetLines) {
  const docs = [];
  let lineCount = 0;
  const specs = serviceSpecs(Math.ceil(targetLines / 20) + 10);
  for (const spec of specs) {
    if (lineCount >= targetLines) break;
    const text = serviceManifest(spec.i, spec);
    docs.push(text);
    lineCount += text.split('\n').length; // + the `---` line, - the final empty split
  }
  const text = docs.join('---\n');
  // The edit: the last digit of the first port of a shared-CLB Service in the middle of the file.
  const middle = Math.floor(text.length / 2);
  const marker = text.indexOf(`${A}id: "lb-shared`, middle);
  const at = text.indexOf('    port: ', marker >= 0 ? marker : middle) + '    port: '.length;
  const end = text.indexOf('\n', at);
  const digitOffset = end - 1;
  return { text, lines: text.split('\n').length - 1, services: docs.length, edit: editAt(text, digitOffset) };
}

/** A one-character edit at `offset` that toggles between two digits; positions for LSP. */
export function editAt(text, offset) {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  const character = offset - (before.lastIndexOf('\n') + 1);
  const original = text[offset];
  const other = original === '1' ? '2' : '1';
  return {
    offset,
    original,
    other,
    range: { start: { line, character }, end: { line, character: character + 1 } },
    apply: (t, digit) => t.slice(0, offset) + digit + t.slice(offset + 1),
  };
}

/** Writes `count` one-Service files in folders of 100; returns the files of one shared CLB group. */
export function writeWorkspace(root, count, { shared = 300 } = {}) {
  rmSync(root, { recursive: true, force: true });
  const specs = serviceSpecs(count, { shared });
  const groups = new Map();
  const plain = [];
  for (const spec of specs) {
    const dir = path.join(root, `apps-${String(Math.floor(spec.i / 100)).padStart(3, '0')}`);
    if (spec.i % 100 === 0) mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `svc-${String(spec.i).padStart(5, '0')}.yaml`);
    writeFileSync(file, serviceManifest(spec.i, spec));
    if (spec.group) {
      if (!groups.has(spec.group)) groups.set(spec.group, []);
      groups.get(spec.group).push(file);
    } else if (spec.i % 10 <= 5) {
      plain.push(file);
    }
  }
  return { root, count, sharedFiles: [...groups.values()].reduce((n, g) => n + g.length, 0), groups, plain };
}
