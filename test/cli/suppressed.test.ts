import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { makeDir, removeDir, runCli } from './run';
import { sarifValidator, schemaErrors } from './sarifSchema';

const UNKNOWN = 'service.beta.kubernetes.io/alibaba-cloud-private-zone-name';
const REASON = 'read by our admission webhook';

/** One Service: its unknown annotation silenced by a comment, its Local policy's finding (local-policy-in-cluster-reach) not. */
const TEXT = [
  'apiVersion: v1',
  'kind: Service',
  'metadata:',
  '  name: shop',
  '  annotations:',
  `    # kube-lb-reach-disable-next-line clb-annotation-unknown -- ${REASON}`,
  `    ${UNKNOWN}: "x"`,
  'spec:',
  '  type: LoadBalancer',
  '  externalTrafficPolicy: Local',
  '  ports:',
  '  - port: 80',
  '',
].join('\n');

/** The same, every finding silenced: the run is clean. */
const ALL_SILENCED = TEXT.replace('  annotations:\n', `  annotations:\n    kube-lb-reach.io/ignore: "local-policy-in-cluster-reach -- ${REASON}"\n`);

interface SarifResult {
  ruleId: string;
  suppressions?: { kind: string; justification?: string; location?: unknown }[];
}

describe('kube-lb-reach lint: suppressed findings', { timeout: 60_000 }, () => {
  let dir: string;
  before(() => {
    dir = makeDir({ 'a.yaml': TEXT, 'silenced.yaml': ALL_SILENCED });
  });
  after(() => { removeDir(dir); });

  it('text: not listed, said in the summary; --report-suppressed lists them, marked with the reason', () => {
    const plain = runCli(dir, ['lint', 'a.yaml', '--rule', 'local-policy-in-cluster-reach=off']);
    strictEqual(plain.stdout, '0 findings in 1 file (1 suppressed, --report-suppressed lists them)\n');
    strictEqual(plain.code, 0);
    const reported = runCli(dir, ['lint', 'a.yaml', '--rule', 'local-policy-in-cluster-reach=off', '--report-suppressed']);
    const lines = reported.stdout.split('\n');
    strictEqual(lines[0]?.startsWith('a.yaml:7:5 warning clb-annotation-unknown The CCM ignores this annotation'), true, lines[0]);
    strictEqual(lines[0]?.endsWith(` [suppressed: ${REASON}]`), true, lines[0]);
    strictEqual(lines[1], '0 findings in 1 file (1 suppressed)');
    strictEqual(reported.code, 0, 'a suppressed finding never fails the run');
  });

  it('json: with --report-suppressed, in findings with `suppressed`; never in the summary', () => {
    const json = JSON.parse(runCli(dir, ['lint', '--format', 'json', '--report-suppressed', '--rule', 'local-policy-in-cluster-reach=off', 'a.yaml']).stdout) as {
      findings: { ruleId: string; suppressed?: unknown; fixable: boolean }[];
      summary: Record<string, number>;
    };
    deepStrictEqual(json.findings.map((f) => [f.ruleId, f.suppressed, f.fixable]), [['clb-annotation-unknown', { kind: 'inSource', justification: REASON }, false]]);
    deepStrictEqual(json.summary, { error: 0, warning: 0, information: 0, hint: 0 });
    const without = JSON.parse(runCli(dir, ['lint', '--format', 'json', '--rule', 'local-policy-in-cluster-reach=off', 'a.yaml']).stdout) as { findings: unknown[] };
    deepStrictEqual(without.findings, []);
  });

  it('sarif: always a result, with suppressions of kind inSource and the justification; valid SARIF', () => {
    const result = runCli(dir, ['lint', '--format', 'sarif', 'a.yaml', 'silenced.yaml']);
    const sarif = JSON.parse(result.stdout) as { runs: { results: SarifResult[] }[] };
    deepStrictEqual(schemaErrors(sarifValidator(), sarif), []);
    const located = sarif.runs[0]!.results.find((r) => r.suppressions !== undefined && r.ruleId === 'clb-annotation-unknown')!;
    // The directive's place: line 6 of a.yaml, the comment.
    deepStrictEqual(located.suppressions![0]!.location, {
      physicalLocation: { artifactLocation: { uri: 'a.yaml', uriBaseId: '%SRCROOT%' }, region: { startLine: 6, startColumn: 5, endLine: 6, endColumn: 5 + `# kube-lb-reach-disable-next-line clb-annotation-unknown -- ${REASON}`.length } },
    });
    const results = sarif.runs[0]!.results.map((r) => [r.ruleId, r.suppressions?.map(({ kind, justification }) => ({ kind, justification }))]);
    deepStrictEqual(
      results.filter(([id]) => id === 'clb-annotation-unknown'),
      [
        ['clb-annotation-unknown', [{ kind: 'inSource', justification: REASON }]],
        ['clb-annotation-unknown', [{ kind: 'inSource', justification: REASON }]],
      ],
    );
    deepStrictEqual(results.filter(([id]) => id === 'local-policy-in-cluster-reach').map(([, s]) => s), [undefined, [{ kind: 'inSource', justification: REASON }]]);
  });

  it('the exit code counts only what is not suppressed', () => {
    strictEqual(runCli(dir, ['lint', '--max-severity', 'hint', 'silenced.yaml']).code, 0);
    strictEqual(runCli(dir, ['lint', '--max-severity', 'hint', 'a.yaml']).code, 1);
  });

  it('--rule: severities from the command line; a wrong id or value is a usage error', () => {
    const raised = runCli(dir, ['lint', '--format', 'json', '--rule', 'local-policy-in-cluster-reach=error', 'a.yaml']);
    deepStrictEqual((JSON.parse(raised.stdout) as { findings: { ruleId: string; severity: string }[] }).findings.map((f) => [f.ruleId, f.severity]), [['local-policy-in-cluster-reach', 'error']]);
    strictEqual(raised.code, 1);
    const unknown = runCli(dir, ['lint', '--rule', 'local-policy-in-cluster-rech=off', 'a.yaml']);
    strictEqual(unknown.code, 2);
    strictEqual(unknown.stderr.includes('rules: "local-policy-in-cluster-rech" is not a rule id of kube-lb-reach'), true, unknown.stderr);
    const malformed = runCli(dir, ['lint', '--rule', 'off', 'a.yaml']);
    strictEqual(malformed.code, 2);
    strictEqual(malformed.stderr.includes('--rule expects RULE-ID=error|warning|information|hint|off (got "off")'), true, malformed.stderr);
  });
});
