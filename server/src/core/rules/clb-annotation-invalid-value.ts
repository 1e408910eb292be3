import { type Fix } from '../model/finding';
import { kubectlTypeOf, writtenAnnotations } from '../parse/annotationValues';
import { type Annotation } from '../parse/resource';
import { type AnnotationValueProblem } from '../providers/types';
import { type RuleContext, type Rule } from './types';

const MESSAGE_OF: Readonly<Record<AnnotationValueProblem['effect'], string>> = { rejected: 'rejected', misread: 'misread', ignored: 'ignored' };

const capitalised = (text: string): string => text.replace(/^./, (c) => c.toUpperCase());

/** Replaces the value with the accepted one the author most likely meant, keeping the quotes. */
function suggestionFix(context: RuleContext, annotation: Annotation, suggestion: string): Fix {
  const written = context.file.text.slice(annotation.valueSpan.start, annotation.valueSpan.end);
  const quote = written.startsWith("'") ? "'" : '"';
  return {
    title: `Change to "${suggestion}"`,
    edits: [{ span: annotation.valueSpan, newText: `${quote}${suggestion}${quote}` }],
    isPreferred: true,
    // The controller then acts on the value (a listener changes, a switch turns on): never unasked.
    safe: false,
  };
}

/**
 * A value the load balancer controller rejects, misreads or ignores, judged by the accepted form its
 * provider's catalogue gives for the key (and the Service's product). The controller checks few
 * values itself: a wrong one surfaces as a failed reconcile, or as a load balancer that quietly
 * behaves otherwise.
 */
export const rule: Rule = {
  id: 'clb-annotation-invalid-value',
  meta: {
    description: 'An annotation value the load balancer controller rejects or misreads (Error) or that has no effect (Warning), with the accepted form of its key.',
    defaultSeverity: 'error',
    severities: { ignored: 'warning' },
    messages: {
      rejected: '{{controller}} cannot apply "{{value}}" for {{name}}: write {{accepted}}. {{consequence}}.',
      misread: '{{controller}} misreads "{{value}}" for {{name}}: write {{accepted}}. {{consequence}}.',
      ignored: '"{{value}}" for {{name}} has no effect: {{controller}} takes {{accepted}}. {{consequence}}.',
    },
    fixable: true,
    scope: 'resource',
  },
  check(context, report) {
    const { provider, facts, service } = context;
    if (!provider.checkAnnotationValue) return;
    const controller = facts.nouns.controller;
    // A value kubectl does not read as text (unquoted `on`, `1_000`) never reaches the controller: annotation-not-string says so.
    const notText = new Set(writtenAnnotations(service).filter((a) => kubectlTypeOf(a) !== 'string').map((a) => a.key));
    for (const annotation of service.annotations) {
      if (notText.has(annotation.key)) continue;
      const problem = provider.checkAnnotationValue(service, annotation.key, annotation.value);
      if (!problem) continue;
      const messageId = MESSAGE_OF[problem.effect];
      report({
        messageId,
        data: {
          controller: messageId === 'ignored' ? controller : capitalised(controller),
          key: annotation.key,
          name: problem.name,
          value: annotation.value,
          accepted: problem.accepted,
          consequence: capitalised(problem.consequence),
        },
        span: annotation.valueSpan,
        fixes: problem.suggestion !== undefined ? [suggestionFix(context, annotation, problem.suggestion)] : [],
      });
    }
  },
};
