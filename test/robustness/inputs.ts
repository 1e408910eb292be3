import { HTTP_TEXT, HTTPS_TEXT } from './support';

/**
 * Hostile inputs, built at run time (nothing large is committed). Each is a file name and its
 * content; `quiet` documents must yield no finding, `loud` ones at least one.
 */
export interface HostileInput {
  readonly name: string;
  readonly file: string;
  readonly content: () => string | Buffer;
  readonly quiet?: readonly number[];
  readonly loud?: readonly number[];
  /** How the CLI must report the file on standard error (one clear line naming it). */
  readonly cliNotice?: RegExp;
  /** How the server must log it (opened as a document). */
  readonly serverLog?: RegExp;
  /** The core stops early: the parse says why. */
  readonly skippedReason?: RegExp;
}

/** A LoadBalancer Service reusing a CLB of its own, with `externalTrafficPolicy: Local`: always reported. */
export const GOOD = [
  'apiVersion: v1',
  'kind: Service',
  'metadata:',
  '  name: good',
  '  annotations:',
  '    service.beta.kubernetes.io/alibaba-cloud-loadbalancer-id: "lb-robust-good"',
  'spec:',
  '  type: LoadBalancer',
  '  externalTrafficPolicy: Local',
  '  ports:',
  '    - port: 8443',
  '      protocol: TCP',
  '',
].join('\n');

/** The non-empty prefixes of `word`: what a value reads as while it is typed. */
const prefixesOf = (word: string): string[] => Array.from({ length: word.length }, (_, i) => word.slice(0, i + 1));

/**
 * What a finding's range may cover: a CLB id value, a port, `Local`, a half-typed `type` or
 * `externalTrafficPolicy` value (the API server refuses `L`, `Loa`...), or a (half-typed) annotation
 * key of the family (a key the controller does not read, or one with an empty value, which kubectl
 * reads as null). Anything else is a misplaced range.
 */
export const FINDING_TEXT = new RegExp(`^("lb-[\\w-]+"|lb-[\\w-]+|\\d{1,5}|service\\.beta\\.kubernetes\\.io/[\\w.-]*|${[...prefixesOf('LoadBalancer'), ...prefixesOf('Local')].join('|')})$`);

const CLB_SERVICE = (name: string, spec: string): string =>
  `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  annotations:\n    service.beta.kubernetes.io/alibaba-cloud-loadbalancer-id: lb-robust-odd\n${spec}`;

/** Nine levels of nine aliases: 9^9 strings when expanded. */
function aliasBomb(): string {
  const lines = ['apiVersion: v1', 'kind: Service', 'metadata:', '  name: laughs', '  annotations:', '    service.beta.kubernetes.io/alibaba-cloud-loadbalancer-id: "lb-robust-bomb"'];
  lines.push(`    lol0: &a0 [${Array(9).fill('"lol"').join(', ')}]`);
  for (let i = 1; i <= 9; i++) lines.push(`    lol${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(', ')}]`);
  lines.push('spec:', '  type: LoadBalancer', '  selector: *a9', '  ports:', '    - port: 9443', '      protocol: TCP', '  sessionAffinityConfig: {clientIP: *a9}', '');
  return lines.join('\n');
}

const join = (...documents: string[]): string => documents.map((d) => (d.endsWith('\n') ? d : `${d}\n`)).join('---\n');

export const HOSTILE_INPUTS: readonly HostileInput[] = [
  {
    name: 'a syntax error in the middle document',
    file: 'syntax-error.yaml',
    content: () => join(HTTP_TEXT, 'kind: ConfigMap\nmetadata: {name: broken\n  data: [\n', HTTPS_TEXT),
    quiet: [1],
    loud: [0, 2],
    cliNotice: /syntax-error\.yaml/,
  },
  {
    name: 'duplicate keys',
    file: 'duplicate-keys.yaml',
    content: () => join(GOOD.replace('  type: LoadBalancer\n', '  type: LoadBalancer\n  type: ClusterIP\n'), GOOD),
    quiet: [0],
    loud: [1],
    cliNotice: /duplicate-keys\.yaml/,
  },
  { name: 'a scalar document and a list document', file: 'shapes.yaml', content: () => join('just a string', '- a\n- b: c\n', '42', GOOD), quiet: [0, 1, 2], loud: [3] },
  { name: 'kind: Service with spec as a string', file: 'spec-string.yaml', content: () => join(CLB_SERVICE('odd', 'spec: LoadBalancer\n'), GOOD), quiet: [0], loud: [1] },
  {
    name: 'ports as a map',
    file: 'ports-map.yaml',
    content: () => join(CLB_SERVICE('odd', 'spec:\n  type: LoadBalancer\n  ports:\n    https:\n      port: 443\n'), GOOD),
    quiet: [0],
    loud: [1],
  },
  {
    name: 'numbers as strings',
    file: 'strings.yaml',
    content: () => join(CLB_SERVICE('odd', 'spec:\n  type: LoadBalancer\n  ports:\n    - port: "443"\n      targetPort: "8443"\n'), GOOD),
    quiet: [0],
    loud: [1],
  },
  { name: 'an alias bomb in a Service', file: 'alias-bomb.yaml', content: () => join(aliasBomb(), GOOD), loud: [0, 1] },
  {
    name: '10,000 levels of [ and of {',
    file: 'deep.yaml',
    // The second document is a Service too deep to compose (the yaml package reports it): not analysed.
    content: () => join(`a: ${'['.repeat(10_000)}`, `${GOOD}  labels: {x: ${'['.repeat(10_000)}1${']'.repeat(10_000)}}\n`, `b: ${'{a: '.repeat(10_000)}1${'}'.repeat(10_000)}`, GOOD),
    quiet: [0, 1, 2],
    loud: [3],
  },
  {
    name: 'a 50 MB file',
    file: 'big.yaml',
    content: () => `${GOOD}---\nkind: ConfigMap\ndata:\n${`  k: ${'x'.repeat(1000)}\n`.repeat(51_200)}`,
    cliNotice: /big\.yaml: skipped: \d+ bytes is over the limit/,
    serverLog: /big\.yaml: not analysed: \d+ characters is over the limit/,
    skippedReason: /not analysed: \d+ characters is over the limit/,
  },
  {
    name: 'a 100,000-document file',
    file: 'many.yaml',
    content: () => {
      const documents = Array.from({ length: 100_000 }, (_, i) => `x: ${i}\n`);
      documents[0] = GOOD;
      documents[50_000] = GOOD.replace('name: good', 'name: far');
      return join(...documents);
    },
    loud: [0],
    quiet: [1],
    cliNotice: /many\.yaml: only the first 10000 documents were analysed/,
    serverLog: /many\.yaml: only the first 10000 documents were analysed/,
    skippedReason: /only the first 10000 documents were analysed/,
  },
  {
    name: 'a single 10 MB line',
    file: 'long-line.yaml',
    content: () => `{apiVersion: v1, kind: ConfigMap, data: {k: "${'y'.repeat(10 * 1024 * 1024)}"}}`,
    cliNotice: /long-line\.yaml: skipped: \d+ bytes is over the limit/,
    serverLog: /long-line\.yaml: not analysed/,
    skippedReason: /not analysed/,
  },
  {
    name: 'a binary file with a .yaml name',
    file: 'binary.yaml',
    content: () => {
      const bytes = Buffer.alloc(64 * 1024);
      let seed = 7;
      for (let i = 0; i < bytes.length; i++) bytes[i] = (seed = (seed * 1103515245 + 12345) & 0x7fffffff) >> 16;
      return bytes;
    },
    cliNotice: /binary\.yaml: skipped: binary content/,
  },
  { name: 'a UTF-8 byte order mark', file: 'bom.yaml', content: () => `\uFEFF${GOOD}`, loud: [0] },
  { name: 'CRLF line ends', file: 'crlf.yaml', content: () => join(GOOD, HTTPS_TEXT).replace(/\n/g, '\r\n'), loud: [0, 1] },
  { name: 'lone CR line ends', file: 'cr.yaml', content: () => join(GOOD, HTTPS_TEXT).replace(/\n/g, '\r'), loud: [0, 1] },
  {
    name: 'non-ASCII names',
    file: 'non-ascii.yaml',
    content: () =>
      `# Сервис 负载均衡 🚀\n${GOOD.replace('name: good', 'name: сервис-😀').replace('  annotations:\n', '  namespace: 命名空间\n  annotations:\n    description: "Über 🚀 負荷分散"\n')}`,
    loud: [0],
  },
  { name: 'an empty file, comments only, markers only', file: 'empty.yaml', content: () => '# nothing\n---\n...\n---\n# still nothing\n', quiet: [0, 1] },
];
