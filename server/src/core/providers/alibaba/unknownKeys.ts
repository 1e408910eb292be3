import { ANNOTATION_CATALOGUE, CURRENT_PREFIX, LEGACY_PREFIX, lookupAnnotation, RETIRED_KEYS } from './catalogue';

/**
 * Keys the CCM ignores although they were meant for it: its prefix family with a suffix it does not
 * read, the legacy spelling of an exact-name key, and near misses of the whole key (`load-balancer-`,
 * `kuberentes.io`, CamelCase suffixes that CCM v1 accepted). The CCM looks keys up exactly
 * (annotations.go `Get`), so every one of them is silently ignored.
 */

const GROUP = 'service.beta.kubernetes.io';
/** Every spelling the CCM reads, current and legacy. */
const SPELLINGS: readonly string[] = ANNOTATION_CATALOGUE.flatMap((e) => (e.legacyKey ? [e.key, e.legacyKey] : [e.key]));

/** How many edits a near miss may be from a key, beyond the normalisations below. */
const MAX_DISTANCE = 3;

function distance(a: string, b: string): number {
  // Levenshtein with one row: keys are short and there are fewer than 200 spellings.
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(above + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

/** The key with the mistakes people make undone: case, CamelCase, `load-balancer`, underscores. */
function normalise(key: string): string {
  const slash = key.indexOf('/');
  const group = key.slice(0, slash + 1).toLowerCase();
  const name = key
    .slice(slash + 1)
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/_/g, '-')
    .replace(/load-balancer/g, 'loadbalancer');
  return group + name;
}

/** Whether the key looks meant for the CCM: an Alibaba Cloud name under the Service annotation group, or near it. */
function inFamily(key: string): boolean {
  const slash = key.indexOf('/');
  if (slash < 0) return false;
  const group = key.slice(0, slash).toLowerCase();
  const name = key.slice(slash + 1).toLowerCase();
  const alibaba = /^(alibaba-?cloud|alicloud|aliyun)[-_]/.test(name);
  return alibaba && (group === GROUP || distance(group, GROUP) <= MAX_DISTANCE);
}

/**
 * For a key the CCM does not read but that looks meant for it: the nearest key it reads (undefined
 * when none is close). Undefined for keys it reads and for unrelated keys.
 */
export function unknownAnnotation(key: string): { readonly nearest: string | undefined } | undefined {
  if (lookupAnnotation(key) || !inFamily(key)) return undefined;
  const normalised = normalise(key);
  // The legacy spelling of a key read under one exact name: that name.
  const exact = normalised.replace('/alicloud-', '/alibaba-cloud-');
  if (exact !== normalised && lookupAnnotation(exact) && !lookupAnnotation(exact)?.entry.legacyKey) return { nearest: exact };
  // A retired key with a successor: the successor, however far its spelling.
  const retired = RETIRED_KEYS.find((r) => r.replacedBy && (normalised === CURRENT_PREFIX + r.name || normalised === LEGACY_PREFIX + r.name));
  if (retired?.replacedBy) return { nearest: CURRENT_PREFIX + retired.replacedBy };
  let nearest: string | undefined;
  let best = MAX_DISTANCE + 1;
  for (const spelling of SPELLINGS) {
    const d = distance(normalised, spelling);
    if (d < best) [nearest, best] = [spelling, d];
  }
  return { nearest };
}
