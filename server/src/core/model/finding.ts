import { type TextEdit } from '../text/edits';
import { type Span } from '../text/span';

export const SEVERITIES = ['error', 'warning', 'information', 'hint'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** A fix as data: rules report it; adapters turn it into code actions or write it (CLI --fix). */
export interface Fix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
  readonly isPreferred: boolean;
  /** Safe fixes are applied by fix-all and `--fix`; unsafe ones (a placeholder value) only on request. */
  readonly safe: boolean;
}

/** A place in another file (or this one), for related information. */
export interface RelatedLocation {
  readonly uri: string;
  readonly span: Span;
  readonly message: string;
}

/** Where a resource stands in its file: its YAML document, and its item in a `kind: List`. */
export interface ResourceAddress {
  readonly documentIndex: number;
  readonly itemIndex?: number;
}

export function sameAddress(a: ResourceAddress, b: ResourceAddress): boolean {
  return a.documentIndex === b.documentIndex && a.itemIndex === b.itemIndex;
}

/** Values a message template interpolates (`{{name}}`). */
export type MessageData = Readonly<Record<string, string | number>>;

export interface Finding {
  readonly ruleId: string;
  readonly messageId: string;
  readonly data: MessageData;
  readonly severity: Severity;
  /** The rule's message template with `data` filled in. */
  readonly message: string;
  readonly span: Span;
  readonly related: readonly RelatedLocation[];
  /** The resource the finding is about: code actions find it again by rule id and this, never by message. */
  readonly resource: ResourceAddress;
  readonly fixes: readonly Fix[];
}
