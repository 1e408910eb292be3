/**
 * The shape of one entry of the Alibaba Cloud CCM annotation catalogue. Every fact is read from
 * kubernetes/cloud-provider-alibaba-cloud (commit in `CATALOGUE_COMMIT`), paraphrased, never copied.
 */

/** The load balancer products whose controllers read a key. */
export type LbProduct = 'CLB' | 'NLB';

/** How the CCM reads a value. */
export type ValueForm =
  /** One of a closed set, compared exactly or ignoring case. */
  | { readonly kind: 'enum'; readonly options: readonly string[]; readonly compare: 'exact' | 'case-insensitive' }
  /** A switch: `on` (compared as said) turns it on; any other value is off. `non-empty`: any non-empty value, even "false", turns it on; `present`: the key alone does. */
  | { readonly kind: 'switch'; readonly on: string; readonly compare: 'exact' | 'case-insensitive' | 'non-empty' | 'present' }
  /** A decimal integer (Go `strconv.Atoi`: optional sign, digits, no spaces); bounds where the CCM checks them. */
  | { readonly kind: 'integer'; readonly min?: number; readonly max?: number }
  /**
   * Comma-separated items of the form `item`. `pattern` (a regular expression's source, matched
   * against each item, trimmed first when `trim`) says what the CCM's own parse demands of an item
   * before it fails the Service, no more (a `protocol-port` item whose port is not a number is not
   * refused: it matches no port); `caseInsensitive` where the parse ignores case.
   */
  | { readonly kind: 'list'; readonly item: string; readonly example: string; readonly pattern?: string; readonly caseInsensitive?: boolean; readonly trim?: boolean }
  /** Text the CCM passes on unchecked (an id, a name, a domain). */
  | { readonly kind: 'text'; readonly example: string };

/**
 * What an invalid value leads to:
 * - `reconcile-fails`: the CCM returns an error, records a warning event, retries; nothing changes.
 * - `cloud-rejects`: the CCM passes the value on and the cloud API refuses it (the reconcile fails then).
 * - `misread`: the CCM reads it as something else (off, the default, another product) without a word.
 * - `ignored`: the value has no effect at all.
 * - `api-server-rejects`: the status update written from it is refused by the API server.
 */
export type InvalidOutcome = 'reconcile-fails' | 'cloud-rejects' | 'misread' | 'ignored' | 'api-server-rejects';

/** Where upstream reads the key: a file of the CCM repository and the function in it. */
export interface UpstreamSource {
  readonly file: string;
  readonly func: string;
}

export interface AnnotationEntry {
  /** The CCM's name: the suffix after `…/alibaba-cloud-` for prefixed keys, else the full key. */
  readonly name: string;
  /** The key as the CCM documents it. */
  readonly key: string;
  /** The legacy `…/alicloud-loadbalancer-` spelling, read when the key itself is absent (the key wins when both are present, even when empty). */
  readonly legacyKey?: string;
  readonly products: readonly LbProduct[];
  /** The first tagged CCM release that reads it (tags v2.1.0 … v2.14.0; v2.1.0 means "v2.1.0 or earlier"; the NLB controller exists from v2.5.1). */
  readonly since: string;
  /** One line: what it does. */
  readonly meaning: string;
  readonly values: ValueForm;
  /** Where one product's controller reads the value differently from `values` (its own set, casing or switch). */
  readonly byProduct?: Partial<Readonly<Record<LbProduct, ValueForm>>>;
  /** What else a user must know about the value (units, which listeners, what it depends on). */
  readonly note?: string;
  /** What happens when no value is given. */
  readonly default: string;
  readonly invalid: InvalidOutcome;
  /** Changing it after the load balancer exists fails the reconcile. */
  readonly immutable?: boolean;
  readonly source: readonly UpstreamSource[];
  /** What could not be settled from the code. */
  readonly unsettled?: string;
}
