import { type FileEdits, type TextEdit } from '../text/edits';
import { type Span } from '../text/span';

export const SEVERITIES = ['error', 'warning', 'information', 'hint'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** A fix as data: rules report it; adapters turn it into code actions or write it (CLI --fix). */
export interface Fix {
  readonly title: string;
  /** The edits of the finding's own file. */
  readonly edits: readonly TextEdit[];
  /** The edits of other files, for a fix that must change them too (every Service on a load balancer). */
  readonly otherFiles?: readonly FileEdits[];
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

/** Why a finding is not shown: the file itself silences it, with the author's reason. */
export interface Suppression {
  /** SARIF's word for a suppression written in the analysed file. */
  readonly kind: 'inSource';
  /** A comment for the next line, a disable … enable region, or the resource's ignore annotation. */
  readonly by: 'disable-next-line' | 'disable' | 'ignore-annotation';
  /** The text after `--`; empty when the directive gives none (that directive is reported). */
  readonly justification: string;
  /** Where the directive is written. */
  readonly span: Span;
}

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
  /** Set on the findings a directive or an ignore annotation silences (Analysis.suppressed). */
  readonly suppression?: Suppression;
}
