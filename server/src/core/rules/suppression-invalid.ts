import { type Rule } from './types';

/**
 * The directives that silence findings (`# kube-lb-reach-disable…`, the ignore annotation), judged.
 * A directive is unused only once every other rule has run on the whole file, so this rule checks
 * nothing per Service: core/suppress reports its findings, with this id, severity and messages.
 */
export const rule: Rule = {
  id: 'suppression-invalid',
  meta: {
    description: 'A directive or ignore annotation that names an unknown rule, silences nothing, or gives no reason: it hides findings no one can judge later.',
    defaultSeverity: 'warning',
    messages: {
      unknownRule: '{{ruleId}} is not a kube-lb-reach rule: correct the id or remove it. The {{directive}} silences nothing for it.',
      unused:
        'Nothing here is reported by {{ruleId}}: remove it from the {{directive}}. A suppression that silences nothing would later hide a new finding unseen.',
      noReason: 'Say why this is silenced, after " -- ": reviewers and the SARIF log show it. A {{directive}} without a reason cannot be judged later.',
      noRuleIds: 'Name the rules this {{directive}} is for ({{example}}): as written it silences nothing.',
      unmatchedEnable: 'No disable of {{ruleId}} is open here: remove it from the {{directive}}, or add the disable above it.',
    },
    fixable: false,
    scope: 'resource',
  },
  // Reported by core/suppress after the other rules ran (see above).
  check: () => undefined,
};
