import { type ServiceFacts } from '../model/facts';
import { type Fix, type MessageData, type RelatedLocation, type Severity } from '../model/finding';
import { type ParsedFile } from '../parse/parseFile';
import { type ServiceView } from '../parse/serviceView';
import { type Provider } from '../providers/types';
import { type Settings } from '../settings/resolve';
import { type Span } from '../text/span';
import { type WorkspaceIndexReader } from '../workspace/workspaceIndex';

/** Everything a rule may read. It must not read anything else, and must not mutate any of it. */
export interface RuleContext {
  readonly uri: string;
  readonly file: ParsedFile;
  readonly service: ServiceView;
  readonly facts: ServiceFacts;
  /** The provider whose controller handles the Service: its fixes and nouns. */
  readonly provider: Provider;
  readonly settings: Settings;
  readonly index: WorkspaceIndexReader;
}

/** What a rule reports; the runner adds the rule id, the severity and the message text. */
export interface Report {
  readonly messageId: string;
  readonly data?: MessageData;
  readonly span: Span;
  readonly related?: readonly RelatedLocation[];
  readonly fixes?: readonly Fix[];
}

export interface RuleMeta {
  readonly description: string;
  /** Every finding of the rule has this severity (later: unless the user's configuration says otherwise)... */
  readonly defaultSeverity: Severity;
  /** ...except the findings of these message ids: one rule, one concern, with outcomes of different weight. */
  readonly severities?: Readonly<Record<string, Severity>>;
  /** Message templates by id; `{{key}}` is replaced with `data.key`. */
  readonly messages: Readonly<Record<string, string>>;
  readonly fixable: boolean;
  /** `resource`: reads only the Service itself; `workspace`: also what other files declare (the index). */
  readonly scope: 'resource' | 'workspace';
}

/** In ESLint's shape: metadata, and a pure check over one Service that reports what it finds. */
export interface Rule {
  /** Stable, kebab-case: it is the diagnostic `code`, the docs page name and the CLI's id. */
  readonly id: string;
  readonly meta: RuleMeta;
  check(context: RuleContext, report: (report: Report) => void): void;
}
