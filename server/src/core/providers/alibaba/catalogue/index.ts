import { BACKEND_KEYS } from './backends';
import { LISTENER_KEYS } from './listeners';
import { LOAD_BALANCER_KEYS } from './loadBalancer';
import { SELECTION_KEYS } from './selection';
import { type AnnotationEntry, type LbProduct, type ValueForm } from './types';

export { RETIRED_KEYS } from './history';
export { CATALOGUE_COMMIT, CURRENT_PREFIX, LEGACY_PREFIX, UPSTREAM_REPOSITORY } from './build';
export { type AnnotationEntry, type InvalidOutcome, type LbProduct, type UpstreamSource, type ValueForm } from './types';

/** Every Service annotation key the Alibaba Cloud CCM reads, in the order docs/annotations.md lists them. */
export const ANNOTATION_CATALOGUE: readonly AnnotationEntry[] = [...LOAD_BALANCER_KEYS, ...LISTENER_KEYS, ...BACKEND_KEYS, ...SELECTION_KEYS];

/** The catalogue's sections, for the generated page. */
export const CATALOGUE_SECTIONS: readonly { readonly title: string; readonly entries: readonly AnnotationEntry[] }[] = [
  { title: 'Load balancer', entries: LOAD_BALANCER_KEYS },
  { title: 'Listeners', entries: LISTENER_KEYS },
  { title: 'Backends and health checks', entries: BACKEND_KEYS },
  { title: 'Which controller, which backends (exact names only)', entries: SELECTION_KEYS },
];

const BY_KEY = new Map<string, { entry: AnnotationEntry; legacy: boolean }>(
  ANNOTATION_CATALOGUE.flatMap((entry) => [
    [entry.key, { entry, legacy: false }] as const,
    ...(entry.legacyKey ? [[entry.legacyKey, { entry, legacy: true }] as const] : []),
  ]),
);

/** The entry a key names, and whether it is the legacy spelling; undefined for keys the CCM does not read. */
export function lookupAnnotation(key: string): { readonly entry: AnnotationEntry; readonly legacy: boolean } | undefined {
  return BY_KEY.get(key);
}

/** The entry's anchor in docs/annotations.md: its name without the API group and the `alibaba-cloud-` prefix. */
export function anchorOf(entry: AnnotationEntry): string {
  return entry.name.replace(/^.*\//, '').replace(/^alibaba-cloud-/, '');
}

const quoted = (options: readonly string[]): string => options.map((o) => `"${o}"`).join(', ');

/** The accepted values and how the CCM compares them, in one sentence. */
export function describeValues(values: ValueForm): string {
  switch (values.kind) {
    case 'enum':
      return `${quoted(values.options)} (${values.compare === 'exact' ? 'exactly, case-sensitive' : 'case-insensitive'})`;
    case 'switch':
      if (values.compare === 'present') return 'presence: the key alone switches it on, whatever its value';
      if (values.compare === 'non-empty') return 'any non-empty value switches it on (even "false")';
      return `"${values.on}" switches it on (${values.compare === 'exact' ? 'exactly, case-sensitive' : 'case-insensitive'}); anything else is off`;
    case 'integer':
      return values.min !== undefined && values.max !== undefined ? `an integer from ${values.min} to ${values.max}` : 'an integer';
    case 'list':
      return `comma-separated \`${values.item}\` items, e.g. \`${values.example}\``;
    case 'text':
      return `text the CCM passes on unchecked, e.g. \`${values.example}\``;
  }
}

/** The values a closed set offers for completion; undefined where the set is open. */
export function closedValues(values: ValueForm): readonly string[] | undefined {
  if (values.kind === 'enum') return values.options;
  if (values.kind === 'switch' && (values.compare === 'exact' || values.compare === 'case-insensitive')) return [values.on];
  return undefined;
}

/** The entries a Service of this product can use. */
export function entriesFor(product: LbProduct): readonly AnnotationEntry[] {
  return ANNOTATION_CATALOGUE.filter((entry) => entry.products.includes(product));
}
