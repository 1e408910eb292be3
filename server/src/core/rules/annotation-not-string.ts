import { type Fix } from '../model/finding';
import { kubectlTypeOf, writtenAnnotations, type WrittenAnnotation } from '../parse/annotationValues';
import { type Rule } from './types';

/** What kubectl turns the value into, for the message. */
function readingOf(source: string, type: 'bool' | 'int' | 'float'): string {
  if (type !== 'bool') return 'a number';
  return /^(y|yes|true|on)$/i.test(source) ? 'the boolean true' : 'the boolean false';
}

function quoteFix(annotation: WrittenAnnotation, safe: boolean): Fix {
  return {
    title: `Quote as "${annotation.source}"`,
    // The forms YAML 1.1 reads as non-strings hold no character a double-quoted scalar must escape.
    edits: [{ span: annotation.valueSpan, newText: `"${annotation.source}"` }],
    isPreferred: safe,
    safe,
  };
}

function emptyStringFix(annotation: WrittenAnnotation, text: string): Fix {
  const missing = annotation.valueSpan.start === annotation.valueSpan.end;
  // `key:` with nothing after the colon needs the space YAML wants between key and value.
  const newText = `${missing && text[annotation.valueSpan.start - 1] === ':' ? ' ' : ''}""${text[annotation.valueSpan.end] === '#' ? ' ' : ''}`;
  return {
    title: 'Write ""',
    edits: [{ span: annotation.valueSpan, newText }],
    isPreferred: true,
    // The API server stores a null annotation as "" already: writing it keeps what the cluster gets.
    safe: true,
  };
}

/**
 * An annotation value kubectl does not read as a string. kubectl parses YAML 1.1 (sigs.k8s.io/yaml,
 * a copy of go-yaml v2), where unquoted `on`, `no`, `true` or `443` are booleans and numbers, and
 * annotations are a map of strings: the API server refuses to decode the object. A null value is
 * decoded as "" (docs/upstream-notes.md, "kubectl reads YAML 1.1").
 */
export const rule: Rule = {
  id: 'annotation-not-string',
  meta: {
    description: 'An annotation value kubectl reads as a boolean, a number or null (YAML 1.1: unquoted on, no, true, 443, ~): the API server rejects the Service, or stores "".',
    defaultSeverity: 'error',
    severities: { nullValue: 'warning' },
    messages: {
      notString: 'Quote the value {{value}}: kubectl reads it as {{reading}}, so the API server rejects the whole Service (annotation values must be strings). kubectl parses YAML 1.1, where {{value}} unquoted is not text.',
      nullValue: 'kubectl reads {{written}} as null: write "" or the value you meant. The API server stores null as an empty string, but kubectl apply before v1.33 drops every label and annotation of the Service instead.',
    },
    fixable: true,
    scope: 'resource',
  },
  check(context, report) {
    const text = context.file.text;
    for (const annotation of writtenAnnotations(context.service)) {
      const type = kubectlTypeOf(annotation);
      if (type === 'string') continue;
      if (type === 'null') {
        const empty = annotation.source === '';
        // With no value node (`{a}`) there is no place to write a value into without rewriting the mapping.
        const fixes = !annotation.hasValueNode ? [] : empty ? [emptyStringFix(annotation, text)] : [emptyStringFix(annotation, text), quoteFix(annotation, false)];
        report({
          messageId: 'nullValue',
          data: { key: annotation.key, written: empty ? 'an empty value' : annotation.source },
          span: empty ? annotation.keySpan : annotation.valueSpan,
          fixes,
        });
        continue;
      }
      report({ messageId: 'notString', data: { key: annotation.key, value: annotation.source, reading: readingOf(annotation.source, type) }, span: annotation.valueSpan, fixes: [quoteFix(annotation, true)] });
    }
  },
};
