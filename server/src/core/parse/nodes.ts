import { isAlias, isMap, isScalar, isSeq, type Document, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import { span, type Span } from '../text/span';

/**
 * Small, bounded readers over the `yaml` AST. Aliases are resolved one step (never expanded
 * recursively), so an alias bomb costs nothing here.
 */
export function resolve(document: Document.Parsed, node: unknown): Node | undefined {
  if (isAlias(node)) {
    const target = node.resolve(document);
    return target && !isAlias(target) ? (target) : undefined;
  }
  return isScalar(node) || isMap(node) || isSeq(node) ? (node) : undefined;
}

export function nodeSpan(node: Node): Span | undefined {
  return node.range ? span(node.range[0], node.range[1]) : undefined;
}

export function asMap(document: Document.Parsed, node: unknown): YAMLMap | undefined {
  const resolved = resolve(document, node);
  return isMap(resolved) ? resolved : undefined;
}

export function asSeq(document: Document.Parsed, node: unknown): YAMLSeq | undefined {
  const resolved = resolve(document, node);
  return isSeq(resolved) ? resolved : undefined;
}

export function asScalar(document: Document.Parsed, node: unknown): Scalar | undefined {
  const resolved = resolve(document, node);
  return isScalar(resolved) ? resolved : undefined;
}

/** A map key as text, or undefined for complex keys. */
export function keyText(pair: Pair): string | undefined {
  if (!isScalar(pair.key)) return undefined;
  const value = pair.key.value;
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
}

/** The first pair of `map` whose key is `key`. */
export function findPair(map: YAMLMap, key: string): Pair | undefined {
  for (const item of map.items) if (keyText(item) === key) return item;
  return undefined;
}

/** A scalar's value as the API server would read a string field: strings only. */
export function stringValue(scalar: Scalar | undefined): string | undefined {
  return scalar && typeof scalar.value === 'string' ? scalar.value : undefined;
}
