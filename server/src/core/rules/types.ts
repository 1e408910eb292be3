import { type Fix } from '../fixes/types';
import { type WorkspaceIndexReader } from '../index/workspaceIndex';
import { type ServiceFacts } from '../model/serviceFacts';
import { type ParsedFile } from '../parse/parseFile';
import { type ServiceView } from '../parse/serviceView';
import { type Settings } from '../settings';
import { type Span } from '../text/span';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** A place in another file (or this one), for related information. */
export interface RelatedLocation {
  readonly uri: string;
  readonly span: Span;
  readonly message: string;
}

/** What a finding carries for its code actions: found again by rule id and this, never by message. */
export interface FindingData {
  readonly documentIndex: number;
}

export interface Finding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly message: string;
  readonly span: Span;
  readonly related: readonly RelatedLocation[];
  readonly data: FindingData;
  readonly fixes: readonly Fix[];
}

/** Everything a rule may read. It must not read anything else, and must not mutate any of it. */
export interface RuleContext {
  readonly uri: string;
  readonly file: ParsedFile;
  readonly service: ServiceView;
  readonly facts: ServiceFacts;
  readonly settings: Settings;
  readonly index: WorkspaceIndexReader;
}

export type RuleFinding = Omit<Finding, 'ruleId' | 'severity'> & { readonly severity?: Severity };

export interface Rule {
  /** Stable, kebab-case: it is the diagnostic `code`, the docs page name and the CLI's id. */
  readonly id: string;
  readonly description: string;
  readonly defaultSeverity: Severity;
  /** A pure check over one Service: no I/O, no state. */
  check(context: RuleContext): RuleFinding[];
}
