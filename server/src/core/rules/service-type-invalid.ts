import { type Fix } from '../model/finding';
import { type Field } from '../parse/resource';
import { type TextEdit } from '../text/edits';
import { type Span } from '../text/span';
import { type Rule } from './types';

/**
 * The API server's `supportedServiceType` (pkg/apis/core/validation/validation.go, ValidateService),
 * compared exactly: any other spelling is refused with "Unsupported value" (docs/upstream-notes.md §5).
 */
export const SERVICE_TYPES = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];

/** The type the API server works with: an absent or empty `spec.type` is defaulted to ClusterIP before validation. */
export function effectiveServiceType(type: Field | undefined): ServiceType | undefined {
  const value = type?.value ?? '';
  if (value === '') return 'ClusterIP';
  return (SERVICE_TYPES as readonly string[]).includes(value) ? (value as ServiceType) : undefined;
}

/** Replaces a scalar's value, keeping the quotes it was written with. */
export function replaceValue(text: string, valueSpan: Span, value: string): TextEdit {
  const written = text.slice(valueSpan.start, valueSpan.end);
  const quote = written.startsWith('"') || written.startsWith("'") ? written[0]! : '';
  return { span: valueSpan, newText: `${quote}${value}${quote}` };
}

function recasingFix(text: string, type: Field, expected: ServiceType): Fix {
  return {
    title: `Write spec.type as ${expected}`,
    edits: [replaceValue(text, type.valueSpan, expected)],
    isPreferred: true,
    // Only the casing changes, to the one spelling the API server accepts: what the author meant.
    safe: true,
  };
}

/**
 * `spec.type` that the API server refuses. The parse does not read such a Service as a
 * LoadBalancer or NodePort, so the reachability rules say nothing about it until it is fixed.
 */
export const rule: Rule = {
  id: 'service-type-invalid',
  meta: {
    description: 'spec.type is not one of ClusterIP, NodePort, LoadBalancer, ExternalName (exact case): the API server rejects the Service.',
    defaultSeverity: 'error',
    messages: {
      wrongCase: 'The API server rejects this Service: write spec.type as {{expected}}, not {{type}}. It compares the type case-sensitively; until this is fixed, no reachability finding is reported for the Service.',
      unknown: 'The API server rejects this Service: write spec.type as ClusterIP, NodePort, LoadBalancer or ExternalName, not {{type}}. Until this is fixed, no reachability finding is reported for the Service.',
    },
    fixable: true,
    scope: 'resource',
  },
  check(context, report) {
    const { type } = context.service;
    if (!type || effectiveServiceType(type)) return;
    const expected = SERVICE_TYPES.find((t) => t.toLowerCase() === type.value.trim().toLowerCase());
    if (!expected) {
      report({ messageId: 'unknown', data: { type: type.value }, span: type.valueSpan });
      return;
    }
    report({ messageId: 'wrongCase', data: { type: type.value, expected }, span: type.valueSpan, fixes: [recasingFix(context.file.text, type, expected)] });
  },
};
