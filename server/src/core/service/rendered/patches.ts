import { isMap, isScalar, isSeq, parseAllDocuments, type Node, type YAMLMap } from 'yaml';
import { type Span } from '../../text/span';
import { type PatchEntry, type PatchTarget, type PatchText } from './kustomization';
import { locate, pairOf, type YamlPlace } from './yamlPath';

/**
 * Whether a patch sets the place a finding is on, for one rendered resource, and where in the
 * patch's text: a strategic-merge patch by the same path (list items by their merge keys), a
 * JSON 6902 patch by an `add`, `replace`, `copy` or `move` whose `path` is the place or above it.
 */

/** What a patch is matched with: the rendered resource, under every name it had on the way. */
export interface PatchedResource {
  readonly kind: string | undefined;
  readonly apiVersion: string | undefined;
  readonly namespace: string;
  /** The rendered name and the names before each prefix and suffix (kustomize matches any). */
  readonly names: ReadonlySet<string>;
  readonly labels: ReadonlyMap<string, string>;
  readonly annotations: ReadonlyMap<string, string>;
}

/** Paths a strategic-merge patch names to select its resource, not to set anything. */
const SELECTING = [['kind'], ['apiVersion'], ['metadata', 'name'], ['metadata', 'namespace']];

function scalarText(map: YAMLMap, key: string): string | undefined {
  const value = pairOf(map, key)?.value;
  return isScalar(value) && (typeof value.value === 'string' || typeof value.value === 'number' || typeof value.value === 'boolean') ? String(value.value) : undefined;
}

/** Kustomize's selectors take regular expressions, matched whole. */
function matchesPattern(pattern: string, value: string): boolean {
  try {
    return new RegExp(`^(?:${pattern})$`).test(value);
  } catch {
    return pattern === value;
  }
}

/** `a=b,c=d` (and `a`, `a!=b`): the simple forms of a label selector; others select everything. */
function matchesSelector(selector: string, values: ReadonlyMap<string, string>): boolean {
  return selector.split(',').every((term) => {
    const [key, value] = term.split(/!?=+/).map((s) => s.trim());
    if (key === undefined || key === '' || /\s(in|notin)\s/.test(term)) return true;
    if (value === undefined) return term.trim().startsWith('!') ? !values.has(key.slice(1)) : values.has(key);
    return term.includes('!=') ? values.get(key) !== value : values.get(key) === value;
  });
}

export function targetSelects(target: PatchTarget, resource: PatchedResource): boolean {
  if (target.kind !== undefined && target.kind !== resource.kind) return false;
  if (target.name !== undefined && ![...resource.names].some((name) => matchesPattern(target.name!, name))) return false;
  if (target.namespace !== undefined && !matchesPattern(target.namespace, resource.namespace)) return false;
  const [group, version] = resource.apiVersion?.includes('/') ? resource.apiVersion.split('/') : ['', resource.apiVersion];
  if (target.group !== undefined && target.group !== group) return false;
  if (target.version !== undefined && target.version !== version) return false;
  if (target.labelSelector !== undefined && !matchesSelector(target.labelSelector, resource.labels)) return false;
  if (target.annotationSelector !== undefined && !matchesSelector(target.annotationSelector, resource.annotations)) return false;
  return true;
}

/** Each patch text parsed once, however many findings ask about it. */
const parsedPatches = new WeakMap<PatchText, readonly Node[]>();

function patchRoots(patch: PatchText): readonly Node[] {
  let roots = parsedPatches.get(patch);
  if (!roots) {
    roots = parseAllDocuments(patch.text).flatMap((document) => ('contents' in document && document.errors.length === 0 && document.contents !== null ? [document.contents as Node] : []));
    parsedPatches.set(patch, roots);
  }
  return roots;
}

/** The span in the patch's text (not yet its file's) where it sets `place`, or undefined. */
export function patchSets(entry: PatchEntry, resource: PatchedResource, place: YamlPlace): Span | undefined {
  const patch = entry.patch;
  if (!patch) return undefined;
  if (entry.target && !targetSelects(entry.target, resource)) return undefined;
  let found: Span | undefined;
  for (const root of patchRoots(patch)) {
    if (isSeq(root)) found = jsonPatchSets(root.items as Node[], place, patch.text) ?? found;
    else if (isMap(root)) found = strategicMergeSets(root, entry.target !== undefined, resource, place, patch.text) ?? found;
  }
  return found;
}

function strategicMergeSets(root: YAMLMap, targeted: boolean, resource: PatchedResource, place: YamlPlace, text: string): Span | undefined {
  const path = place.steps.map((s) => s.segment);
  if (SELECTING.some((selecting) => selecting.length === path.length && selecting.every((key, i) => key === path[i]))) return undefined;
  if (!targeted) {
    // Without a target the patch names its resource; a name is matched before or after prefixes.
    const metadata = pairOf(root, 'metadata')?.value;
    const name = isMap(metadata) ? scalarText(metadata, 'name') : undefined;
    const namespace = isMap(metadata) ? scalarText(metadata, 'namespace') : undefined;
    if (scalarText(root, 'kind') !== resource.kind || name === undefined || !resource.names.has(name)) return undefined;
    if (namespace !== undefined && namespace !== resource.namespace) return undefined;
  }
  const located = locate(root, place, { byIndex: false, fallback: { start: 0, end: 0 }, text });
  return located.found ? located.span : undefined;
}

/** `~1` is `/` and `~0` is `~` in a JSON pointer (RFC 6901). */
export function pointerSegments(pointer: string): string[] {
  return pointer.split('/').slice(1).map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The last operation that sets the place (a later one overrides an earlier one). */
function jsonPatchSets(operations: readonly Node[], place: YamlPlace, text: string): Span | undefined {
  let found: Span | undefined;
  for (const operation of operations) {
    if (!isMap(operation)) continue;
    const op = scalarText(operation, 'op');
    const pathNode = pairOf(operation, 'path')?.value;
    if (!isScalar(pathNode) || typeof pathNode.value !== 'string' || !pathNode.range) continue;
    if (op !== 'add' && op !== 'replace' && op !== 'copy' && op !== 'move') continue;
    const pointer = pointerSegments(pathNode.value);
    if (pointer.length > place.steps.length) continue;
    const covers = pointer.every((segment, i) => {
      const step = place.steps[i]!;
      if (typeof step.segment === 'string') return segment === step.segment;
      return segment === String(step.segment) || (segment === '-' && step.listLength === step.segment + 1);
    });
    if (!covers) continue;
    const pathSpan = { start: pathNode.range[0], end: pathNode.range[1] };
    const value = pairOf(operation, 'value')?.value as Node | undefined;
    if (op === 'copy' || op === 'move' || !value) {
      found = pathSpan;
      continue;
    }
    if (pointer.length === place.steps.length && place.part === 'key') {
      found = pathSpan;
      continue;
    }
    // The operation writes `value` at its path: the rest of the place is looked up inside it.
    const below = { ...place, steps: place.steps.slice(pointer.length) };
    const located = locate(value, below, { byIndex: true, fallback: pathSpan, text });
    if (located.found) found = located.span;
  }
  return found;
}
