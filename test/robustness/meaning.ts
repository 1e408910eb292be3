import { createHash } from 'node:crypto';
import { Composer, isAlias, isMap, isScalar, isSeq, Parser, type Document } from 'yaml';

/** What a YAML text means, as the robustness oracle compares it: independent of the code under test. */

/** Every document of `text` (up to `limit`), read as the core reads it (lone CR as a line break, duplicate keys as errors). */
export function yamlDocuments(text: string, limit = Infinity): Document.Parsed[] {
  const source = text.replace(/\r(?!\n)/g, '\n');
  const documents: Document.Parsed[] = [];
  for (const document of new Composer({ uniqueKeys: true }).compose(new Parser().parse(source))) {
    if (documents.length >= limit) break;
    documents.push(document);
  }
  return documents;
}

/**
 * A digest of what a document means: maps as unordered key/value sets, sequences in order,
 * scalars by type and value, tags kept, aliases replaced by what they point at. Shared nodes are
 * digested once, so an alias bomb costs no more than its text; no recursion, so depth is free.
 */
export function meaningOf(document: Document): string {
  const digests = new Map<unknown, string>();
  // An alias means the last node before it with that anchor (document order: keys before values).
  const aliasTargets = new Map<unknown, unknown>();
  const anchors = new Map<string, unknown>();
  const walk: unknown[] = [document.contents];
  while (walk.length > 0) {
    const node = walk.pop();
    if (isAlias(node)) {
      aliasTargets.set(node, anchors.get(node.source));
      continue;
    }
    if (!isScalar(node) && !isMap(node) && !isSeq(node)) continue;
    if (node.anchor) anchors.set(node.anchor, node);
    const inner = isMap(node) ? node.items.flatMap((pair) => [pair.key, pair.value]) : isSeq(node) ? node.items : [];
    for (let i = inner.length - 1; i >= 0; i--) walk.push(inner[i]);
  }
  const target = (node: unknown): unknown => (isAlias(node) ? aliasTargets.get(node) : node);
  const children = (node: unknown): unknown[] => {
    if (isMap(node)) return node.items.flatMap((pair) => [target(pair.key), target(pair.value)]);
    if (isSeq(node)) return node.items.map(target);
    return [];
  };
  const hash = (text: string): string => createHash('sha256').update(text).digest('base64');
  const digestOf = (node: unknown): string => {
    if (node === undefined || node === null) return 'none';
    if (isScalar(node)) {
      const value = node.value;
      const shown = value instanceof Uint8Array ? Buffer.from(value).toString('hex') : typeof value === 'bigint' ? String(value) : JSON.stringify(value) ?? String(value);
      return `s:${node.tag ?? ''}:${typeof value}:${Number.isNaN(value) ? 'NaN' : shown}`;
    }
    const own = digests.get(node);
    if (own === undefined) return 'cycle';
    return own;
  };
  // Post-order over the node graph with an explicit stack.
  const root = target(document.contents);
  const stack: { node: unknown; expanded: boolean }[] = [{ node: root, expanded: false }];
  const inProgress = new Set<unknown>();
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const node = top.node;
    if (!isMap(node) && !isSeq(node)) {
      stack.pop();
      continue;
    }
    if (digests.has(node)) {
      stack.pop();
      continue;
    }
    if (!top.expanded) {
      top.expanded = true;
      inProgress.add(node);
      for (const child of children(node)) if ((isMap(child) || isSeq(child)) && !digests.has(child) && !inProgress.has(child)) stack.push({ node: child, expanded: false });
      continue;
    }
    stack.pop();
    inProgress.delete(node);
    if (isMap(node)) {
      const entries = node.items.map((pair) => `${digestOf(target(pair.key))}=${digestOf(target(pair.value))}`).sort();
      digests.set(node, `m:${node.tag ?? ''}:${hash(entries.join('\n'))}`);
    } else if (isSeq(node)) {
      digests.set(node, `q:${node.tag ?? ''}:${hash((node as { items: unknown[] }).items.map((i) => digestOf(target(i))).join('\n'))}`);
    }
  }
  return digestOf(root);
}
