import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LanguageService, resolveSettings } from '../../server/src/core';
import { spanOf } from '../helpers/workspace';

const UNKNOWN = 'service.beta.kubernetes.io/alibaba-cloud-private-zone-name';
const OTHER = 'service.beta.kubernetes.io/alibaba-cloud-private-zone-type';

function svc(name: string, annotationLines: readonly string[]): string {
  return ['apiVersion: v1', 'kind: Service', 'metadata:', `  name: ${name}`, '  annotations:', ...annotationLines.map((l) => `    ${l}`), 'spec:', '  type: LoadBalancer', '  ports:', '  - port: 80', ''].join('\n');
}

function analyse(text: string, raw = {}): ReturnType<LanguageService['diagnostics']> {
  const service = new LanguageService();
  service.update('a.yaml', text);
  return service.diagnostics('a.yaml', resolveSettings(raw).settings);
}

const ids = (findings: readonly { ruleId: string; messageId: string }[]): string[] => findings.map((f) => `${f.ruleId}/${f.messageId}`);

describe('suppressions, applied once in the core after the rules ran', () => {
  it('disable-next-line: the finding is kept in `suppressed`, with the reason and where the directive is', () => {
    const comment = '# kube-lb-reach-disable-next-line lb-layer4-loopback, clb-annotation-unknown -- read by our webhook';
    const text = svc('a', [comment, `${UNKNOWN}: "x"`, `${OTHER}: "y"`]);
    const analysis = analyse(text, { rules: { 'suppression-invalid': 'off' } });
    deepStrictEqual(ids(analysis.findings), ['clb-annotation-unknown/unknown']);
    strictEqual(analysis.findings[0]?.span.start, spanOf(text, OTHER).start);
    deepStrictEqual(
      analysis.suppressed.map((f) => [f.ruleId, f.span, f.suppression]),
      [['clb-annotation-unknown', spanOf(text, UNKNOWN), { kind: 'inSource', by: 'disable-next-line', justification: 'read by our webhook', span: spanOf(text, comment) }]],
    );
  });

  it('disable … enable: a region; without enable, up to the end of its YAML document, never the next one', () => {
    const region = svc('a', ['# kube-lb-reach-disable clb-annotation-unknown -- ours', `${UNKNOWN}: "x"`, '# kube-lb-reach-enable clb-annotation-unknown', `${OTHER}: "y"`]);
    const inRegion = analyse(region);
    deepStrictEqual(ids(inRegion.findings), ['clb-annotation-unknown/unknown']);
    strictEqual(inRegion.findings[0]?.span.start, spanOf(region, OTHER).start);
    deepStrictEqual(inRegion.suppressed.map((f) => f.suppression?.by), ['disable']);

    const open = `${svc('a', ['# kube-lb-reach-disable clb-annotation-unknown -- ours', `${UNKNOWN}: "x"`, `${OTHER}: "y"`])}---\n${svc('b', [`${UNKNOWN}: "x"`])}`;
    const toDocumentEnd = analyse(open);
    deepStrictEqual(toDocumentEnd.suppressed.map((f) => f.resource), [{ documentIndex: 0 }, { documentIndex: 0 }]);
    deepStrictEqual(toDocumentEnd.findings.map((f) => [f.ruleId, f.resource]), [['clb-annotation-unknown', { documentIndex: 1 }]]);
  });

  it('a directive before the first --- belongs to the first document', () => {
    const text = `# kube-lb-reach-disable clb-annotation-unknown -- ours\n---\n${svc('a', [`${UNKNOWN}: "x"`])}`;
    deepStrictEqual(ids(analyse(text).findings), []);
  });

  it('the ignore annotation silences its object only, wherever the finding is', () => {
    const text = `${svc('a', ['kube-lb-reach.io/ignore: "clb-annotation-unknown -- a controller of ours reads these"', `${UNKNOWN}: "x"`, `${OTHER}: "y"`])}---\n${svc('b', [`${UNKNOWN}: "x"`])}`;
    const analysis = analyse(text);
    deepStrictEqual(analysis.suppressed.map((f) => [f.resource, f.suppression?.by, f.suppression?.justification]), [
      [{ documentIndex: 0 }, 'ignore-annotation', 'a controller of ours reads these'],
      [{ documentIndex: 0 }, 'ignore-annotation', 'a controller of ours reads these'],
    ]);
    deepStrictEqual(analysis.findings.map((f) => [f.ruleId, f.resource]), [['clb-annotation-unknown', { documentIndex: 1 }]]);
  });

  it('fix-all (and so --fix) leaves a silenced finding alone', () => {
    const template = { hostnameTemplate: '${name}.example.net' };
    const fixAll = (text: string): number => {
      const service = new LanguageService();
      service.update('a.yaml', text);
      return service.codeActions('a.yaml', resolveSettings(template).settings, [], { quickFix: false, fixAll: true }).length;
    };
    const local = svc('a', ['note: "x"']).replace('  type: LoadBalancer\n', '  type: LoadBalancer\n  externalTrafficPolicy: Local\n');
    strictEqual(fixAll(local), 1, 'the hostname fix is safe with a template');
    strictEqual(fixAll(local.replace('note: "x"', 'kube-lb-reach.io/ignore: "local-policy-in-cluster-reach -- measured: fine"')), 0);
  });

  it('CRLF and lone-CR line breaks: the same lines, the same reason', () => {
    const lf = svc('a', ['# kube-lb-reach-disable-next-line clb-annotation-unknown -- ours', `${UNKNOWN}: "x"`, `${OTHER}: "y"`]);
    for (const eol of ['\r\n', '\r']) {
      const analysis = analyse(lf.replace(/\n/g, eol));
      deepStrictEqual(analysis.suppressed.map((f) => [f.ruleId, f.suppression?.justification]), [['clb-annotation-unknown', 'ours']], JSON.stringify(eol));
      deepStrictEqual(ids(analysis.findings), ['clb-annotation-unknown/unknown'], JSON.stringify(eol));
    }
  });

  it('a # inside a block scalar or a quoted string is not a directive', () => {
    const text = svc('a', ['note: |', '  # kube-lb-reach-disable clb-annotation-unknown -- not a comment', `quoted: "# kube-lb-reach-disable clb-annotation-unknown -- nor this"`, `${UNKNOWN}: "x"`]);
    const analysis = analyse(text);
    deepStrictEqual(ids(analysis.findings), ['clb-annotation-unknown/unknown']);
    deepStrictEqual(analysis.suppressed, []);
  });

  it('a directive in a document that is not analysed (a syntax error) is not judged', () => {
    const text = `${svc('a', [`${UNKNOWN}: "x"`])}---\n# kube-lb-reach-disable-next-line nope\na: [\n`;
    deepStrictEqual(ids(analyse(text).findings), ['clb-annotation-unknown/unknown']);
  });
});

describe('per-rule severity, applied by the runner', () => {
  const text = svc('a', [`${UNKNOWN}: "x"`]);

  it('a severity replaces the default; off: the rule is not run', () => {
    deepStrictEqual(analyse(text).findings.map((f) => f.severity), ['warning']);
    deepStrictEqual(analyse(text, { rules: { 'clb-annotation-unknown': 'ERROR' } }).findings.map((f) => f.severity), ['error']);
    deepStrictEqual(analyse(text, { rules: { 'clb-annotation-unknown': 'hint' } }).findings.map((f) => f.severity), ['hint']);
    deepStrictEqual(analyse(text, { rules: { 'clb-annotation-unknown': 'off' } }).findings, []);
  });

  it('unknown ids and bad values are settings problems, and are ignored', () => {
    const { settings, problems } = resolveSettings({ rules: { 'clb-annotation-unknwn': 'off', 'lb-layer4-loopback': 'fatal', 'clb-annotation-unknown': 'info' } });
    deepStrictEqual([...settings.rules], []);
    deepStrictEqual(problems, [
      'rules: "clb-annotation-unknwn" is not a rule id of kube-lb-reach; ignored.',
      'rules: "lb-layer4-loopback": "fatal", "clb-annotation-unknown": "info": a severity is one of error, warning, information, hint, off; ignored.',
    ]);
    deepStrictEqual(resolveSettings({ rules: ['off'] }).problems, ['rules must be an object of rule id → error | warning | information | hint | off; ignored.']);
    deepStrictEqual(resolveSettings({ rules: JSON.parse('{"__proto__": "off"}') as unknown }).problems, ['rules: "__proto__" is not a rule id of kube-lb-reach; ignored.']);
  });
});
