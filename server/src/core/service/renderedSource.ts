import { isMap, isSeq, type Node } from 'yaml';
import { parseFile, type ParsedFile } from '../parse/parseFile';
import { type ResourceView } from '../parse/resource';
import { keyOf, pairOf } from './rendered/yamlPath';
import { span, type Span } from '../text/span';

/**
 * `helm template` output read back to its templates. Helm writes `---` and `# Source: <chart
 * path>/templates/<file>` before each document it renders (one per document of a template, hooks
 * included); a finding on the rendered text is shown on the template that produced it, at the
 * same YAML path where the template's literal text has that path.
 */

export type YamlPathStep = string | number;

/** One end of a finding's span: the path from the resource's mapping, and whether it is on the key or in the value. */
export interface NodePlace {
  readonly path: readonly YamlPathStep[];
  readonly part: 'key' | 'value';
}

export interface RenderedOrigin {
  /** What Helm wrote after `# Source: `: `web/templates/service.yaml`, `web/charts/cache/templates/svc.yaml`. */
  readonly source: string;
  readonly kind: string | undefined;
  readonly name: string | undefined;
  /** Where the finding's span starts and ends in the rendered resource; undefined when outside any node. */
  readonly start: NodePlace | undefined;
  readonly end: NodePlace | undefined;
}

const SOURCE_LINE = /^# Source: (.+?)\s*$/;

/** The `# Source:` comment heading the document that starts at `contentStart`, looking back over comments and blanks only. */
function sourceBefore(text: string, contentStart: number): string | undefined {
  let end = text.lastIndexOf('\n', contentStart - 1);
  while (end >= 0) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const line = text.slice(start, end).replace(/\r$/, '');
    const source = SOURCE_LINE.exec(line);
    if (source) return source[1];
    if (line.startsWith('---') || (line.trim() !== '' && !line.trimStart().startsWith('#'))) return undefined;
    end = start - 1;
  }
  return undefined;
}

function rangeOf(node: unknown): Span | undefined {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return range ? span(range[0], range[1]) : undefined;
}

const within = (range: Span | undefined, offset: number): boolean => range !== undefined && range.start <= offset && offset < range.end;

/** The deepest key or value holding `offset`, as a path from `root`. */
function placeAt(root: Node, offset: number): NodePlace | undefined {
  const path: YamlPathStep[] = [];
  let node: unknown = root;
  let part: NodePlace['part'] = 'value';
  for (;;) {
    if (isMap(node)) {
      const pair = node.items.find((p) => within(rangeOf(p.key), offset) || within(rangeOf(p.value), offset));
      const key = pair && keyOf(pair);
      if (!pair || key === undefined) return path.length > 0 ? { path, part } : undefined;
      path.push(key);
      if (within(rangeOf(pair.key), offset)) return { path, part: 'key' };
      node = pair.value;
      part = 'value';
    } else if (isSeq(node)) {
      const index = node.items.findIndex((item) => within(rangeOf(item), offset));
      if (index < 0) return path.length > 0 ? { path, part } : undefined;
      path.push(index);
      node = node.items[index];
    } else {
      return path.length > 0 ? { path, part } : undefined;
    }
  }
}

/** The span of a key or value at `place` below `root`; undefined when the path is not there. */
function spanAt(root: Node, place: NodePlace): Span | undefined {
  let node: unknown = root;
  for (const [index, step] of place.path.entries()) {
    const last = index === place.path.length - 1;
    if (typeof step === 'number') {
      if (!isSeq(node)) return undefined;
      node = node.items[step];
      if (last) return rangeOf(node);
      continue;
    }
    if (!isMap(node)) return undefined;
    const pair = pairOf(node, step);
    if (!pair) return undefined;
    if (last) return place.part === 'key' ? rangeOf(pair.key) : (rangeOf(pair.value) ?? rangeOf(pair.key));
    node = pair.value;
  }
  return undefined;
}

const fieldValue = (resource: ResourceView, field: 'kind' | 'name'): string | undefined => {
  const value = resource[field];
  return value && !value.templated ? value.value : undefined;
};

/**
 * Where a finding on rendered output came from: the `# Source:` of its document, its resource,
 * and the YAML paths of its span's ends. Undefined when its document names no source.
 */
export function renderedOrigin(rendered: ParsedFile, target: Span): RenderedOrigin | undefined {
  const document = rendered.documents.find((d) => d.span.start <= target.start && target.start <= d.span.end);
  const contentStart = rangeOf(document?.yaml.contents)?.start;
  if (!document || contentStart === undefined) return undefined;
  const source = sourceBefore(rendered.text, contentStart);
  if (source === undefined) return undefined;
  const resource = rendered.resources.find((r) => r.span.start <= target.start && target.start < r.span.end);
  if (!resource) return { source, kind: undefined, name: undefined, start: undefined, end: undefined };
  const end = Math.max(target.start, target.end - 1);
  return { source, kind: fieldValue(resource, 'kind'), name: fieldValue(resource, 'name'), start: placeAt(resource.node, target.start), end: placeAt(resource.node, end) };
}

/**
 * Finds the resource of a template (its literal kind and name; a templated name matches the one
 * resource of that kind) and the same path in it. Returns a locator over one parse of the template.
 */
export function templateLocator(templateText: string): (origin: RenderedOrigin) => Span | undefined {
  const template = parseFile(templateText);
  return (origin) => {
    const ofKind = template.resources.filter((r) => origin.kind !== undefined && fieldValue(r, 'kind') === origin.kind);
    const named = ofKind.filter((r) => origin.name !== undefined && fieldValue(r, 'name') === origin.name);
    const unnamed = ofKind.filter((r) => fieldValue(r, 'name') === undefined);
    const resource = named.length === 1 ? named[0] : named.length === 0 && unnamed.length === 1 ? unnamed[0] : undefined;
    if (!resource || !origin.start) return undefined;
    const start = spanAt(resource.node, origin.start);
    if (!start) return undefined;
    const end = origin.end ? spanAt(resource.node, origin.end) : undefined;
    return end && end.end >= start.start ? span(start.start, end.end) : start;
  };
}

/** The template's first line, where a finding stands whose field the template's literal text does not have. */
export function firstLineSpan(text: string): Span {
  const newline = text.search(/\r?\n|\r/);
  return span(0, newline < 0 ? text.length : newline);
}
