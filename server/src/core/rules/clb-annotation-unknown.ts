import { type Fix } from '../model/finding';
import { writtenAnnotations } from '../parse/annotationValues';
import { type Annotation } from '../parse/resource';
import { type RuleContext, type Rule } from './types';

/** Renames the key in place, keeping its quotes; none when the nearest key is already set (YAML forbids duplicate keys). */
function renameFix(context: RuleContext, annotation: Annotation, nearest: string): Fix | undefined {
  if (writtenAnnotations(context.service).some((a) => a.key === nearest)) return undefined;
  const written = context.file.text.slice(annotation.keySpan.start, annotation.keySpan.end);
  const quote = written.startsWith('"') || written.startsWith("'") ? written[0]! : '';
  return {
    title: `Rename to ${nearest}`,
    edits: [{ span: annotation.keySpan, newText: `${quote}${nearest}${quote}` }],
    isPreferred: true,
    // Renaming makes the controller act on the value: a change in production, so never applied unasked.
    safe: false,
  };
}

/**
 * A key in the provider's annotation family (or a near miss of one) that its controller does not
 * read: the controller ignores unknown annotations without a word, so the setting silently has no effect.
 */
export const rule: Rule = {
  id: 'clb-annotation-unknown',
  meta: {
    description: 'An annotation key meant for the load balancer controller that it does not read (a misspelling, a retired or near-miss key): it has no effect.',
    defaultSeverity: 'warning',
    messages: {
      unknown: '{{controller}} does not read the annotation {{key}}: it is ignored, without a word.',
      didYouMean: '{{controller}} does not read the annotation {{key}}: it is ignored, without a word. Did you mean {{nearest}}?',
    },
    fixable: true,
    scope: 'resource',
  },
  check(context, report) {
    const { provider, facts } = context;
    if (!provider.unknownAnnotation) return;
    const controller = facts.nouns.controller.replace(/^./, (c) => c.toUpperCase());
    for (const annotation of context.service.annotations) {
      const unknown = provider.unknownAnnotation(annotation.key);
      if (!unknown) continue;
      if (unknown.nearest === undefined) {
        report({ messageId: 'unknown', data: { controller, key: annotation.key }, span: annotation.keySpan });
        continue;
      }
      const fix = renameFix(context, annotation, unknown.nearest);
      report({ messageId: 'didYouMean', data: { controller, key: annotation.key, nearest: unknown.nearest }, span: annotation.keySpan, fixes: fix ? [fix] : [] });
    }
  },
};
