import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits, LanguageService, parseFile, resolveSettings, type CodeActionData } from '../../server/src/core';
import { disableForLine } from '../../server/src/core/suppress/disableFixes';

const UNKNOWN = 'service.beta.kubernetes.io/alibaba-cloud-private-zone-name';
const settings = resolveSettings({}).settings;

function svc(metadataLines: readonly string[], specLines: readonly string[] = []): string {
  return ['apiVersion: v1', 'kind: Service', 'metadata:', '  name: shop', ...metadataLines, 'spec:', '  type: LoadBalancer', ...specLines, '  ports:', '  - port: 80', ''].join('\n');
}

/** The quick fixes offered on the first finding of `ruleId`, as a client asks for them (rule id, resource, range). */
function actionsOn(text: string, ruleId = 'clb-annotation-unknown'): { actions: CodeActionData[]; service: LanguageService } {
  const service = new LanguageService();
  service.update('a.yaml', text);
  const finding = service.diagnostics('a.yaml', settings).findings.find((f) => f.ruleId === ruleId);
  if (!finding) throw new Error(`no ${ruleId} finding`);
  return { actions: service.codeActions('a.yaml', settings, [{ ruleId, resource: finding.resource, span: finding.span }], { quickFix: true, fixAll: false }), service };
}

function apply(actions: readonly CodeActionData[], title: string, text: string): string {
  const action = actions.find((a) => a.title === title);
  if (!action) throw new Error(`no action "${title}" in ${JSON.stringify(actions.map((a) => a.title))}`);
  return applyEdits(text, action.edits);
}

function findingsOf(text: string): { shown: string[]; suppressed: string[] } {
  const service = new LanguageService();
  service.update('a.yaml', text);
  const analysis = service.diagnostics('a.yaml', settings);
  return { shown: analysis.findings.map((f) => `${f.ruleId}/${f.messageId}`), suppressed: analysis.suppressed.map((f) => f.ruleId) };
}

describe('code actions: disable a rule, show its documentation', () => {
  const text = svc(['  annotations:', `    ${UNKNOWN}: "x"`]);

  it('are offered after the rule\'s own fixes, and never by fix-all', () => {
    const { actions, service } = actionsOn(text);
    deepStrictEqual(actions.map((a) => [a.title, a.isPreferred, a.showDocsFor]), [
      ['Disable clb-annotation-unknown for this line', false, undefined],
      ['Disable clb-annotation-unknown for this Service', false, undefined],
      ['Show documentation for clb-annotation-unknown', false, 'clb-annotation-unknown'],
    ]);
    strictEqual(actions[2]?.edits.length, 0);
    deepStrictEqual(service.codeActions('a.yaml', settings, [], { quickFix: false, fixAll: true }), []);
  });

  it('for this line: the comment above, at the line\'s indentation, with the <reason> placeholder that is then reported', () => {
    const fixed = apply(actionsOn(text).actions, 'Disable clb-annotation-unknown for this line', text);
    strictEqual(fixed, svc(['  annotations:', '    # kube-lb-reach-disable-next-line clb-annotation-unknown -- <reason>', `    ${UNKNOWN}: "x"`]));
    deepStrictEqual(findingsOf(fixed), { shown: ['suppression-invalid/noReason'], suppressed: ['clb-annotation-unknown'] });
  });

  it('for this line: a disable-next-line already above gets the rule added', () => {
    const above = svc(['  annotations:', '    # kube-lb-reach-disable-next-line lb-layer4-loopback -- checked', `    ${UNKNOWN}: "x"`]);
    strictEqual(
      apply(actionsOn(above).actions, 'Disable clb-annotation-unknown for this line', above),
      svc(['  annotations:', '    # kube-lb-reach-disable-next-line lb-layer4-loopback,clb-annotation-unknown -- checked', `    ${UNKNOWN}: "x"`]),
    );
  });

  it('for this Service: the ignore annotation, added in the annotations\' own style, or extended', () => {
    const fixed = apply(actionsOn(text).actions, 'Disable clb-annotation-unknown for this Service', text);
    strictEqual(fixed, svc(['  annotations:', '    kube-lb-reach.io/ignore: "clb-annotation-unknown -- <reason>"', `    ${UNKNOWN}: "x"`]));
    deepStrictEqual(findingsOf(fixed), { shown: ['suppression-invalid/noReason'], suppressed: ['clb-annotation-unknown'] });

    const ignoring = svc(['  annotations:', '    kube-lb-reach.io/ignore: "lb-layer4-loopback -- checked"', `    ${UNKNOWN}: "x"`]);
    strictEqual(
      apply(actionsOn(ignoring).actions, 'Disable clb-annotation-unknown for this Service', ignoring),
      svc(['  annotations:', '    kube-lb-reach.io/ignore: "lb-layer4-loopback,clb-annotation-unknown -- checked"', `    ${UNKNOWN}: "x"`]),
    );
  });

  it('for this Service without annotations: the annotations map is made', () => {
    const local = svc([], ['  externalTrafficPolicy: Local']);
    const fixed = apply(actionsOn(local, 'local-policy-in-cluster-reach').actions, 'Disable local-policy-in-cluster-reach for this Service', local);
    // As every annotation insertion does: the new map first under metadata.
    strictEqual(
      fixed,
      ['apiVersion: v1', 'kind: Service', 'metadata:', '  annotations:', '    kube-lb-reach.io/ignore: "local-policy-in-cluster-reach -- <reason>"', '  name: shop', 'spec:', '  type: LoadBalancer', '  externalTrafficPolicy: Local', '  ports:', '  - port: 80', ''].join('\n'),
    );
  });

  it('a suppression-invalid finding cannot be silenced by a directive: only its documentation', () => {
    const bad = svc(['  annotations:', '    # kube-lb-reach-disable-next-line nope -- why', `    ${UNKNOWN}: "x"`]);
    deepStrictEqual(actionsOn(bad, 'suppression-invalid').actions.map((a) => a.title), ['Show documentation for suppression-invalid']);
  });

  it('an edit that would break the YAML is not offered: a comment line inside a multi-line plain scalar', () => {
    // A finding that starts on the second line of `x continued` (no rule reports there today): a
    // comment between the two lines would end the scalar and make the next line an error.
    const multi = svc(['  annotations:', `    ${UNKNOWN}: x`, '      continued']);
    const file = parseFile(multi);
    const at = multi.indexOf('continued');
    const finding = { ruleId: 'clb-annotation-unknown', messageId: 'unknown', data: {}, severity: 'warning' as const, message: '', span: { start: at, end: at + 9 }, related: [], resource: { documentIndex: 0 }, fixes: [] };
    strictEqual(disableForLine(file, finding), undefined);
    strictEqual(disableForLine(file, { ...finding, span: { start: multi.indexOf(UNKNOWN), end: at } })?.title, 'Disable clb-annotation-unknown for this line');
  });

  it('the same check in the third document of a file, where only that document is read again', () => {
    const multi = svc(['  annotations:', `    ${UNKNOWN}: x`, '      continued']);
    const text = [svc([]), svc([]), multi].join('---\n');
    const file = parseFile(text);
    const at = text.lastIndexOf('continued');
    const finding = { ruleId: 'clb-annotation-unknown', messageId: 'unknown', data: {}, severity: 'warning' as const, message: '', span: { start: at, end: at + 9 }, related: [], resource: { documentIndex: 2 }, fixes: [] };
    strictEqual(disableForLine(file, finding), undefined);
    const fix = disableForLine(file, { ...finding, span: { start: text.lastIndexOf(UNKNOWN), end: at } });
    strictEqual(fix?.title, 'Disable clb-annotation-unknown for this line');
    strictEqual(parseFile(applyEdits(text, fix.edits)).documents.filter((d) => d.notAnalysed).length, 0);
  });
});
