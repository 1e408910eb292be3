import { isMap, isScalar, isSeq, parseDocument, Scalar, type Node, type YAMLMap } from 'yaml';
import { type Span } from '../../text/span';
import { dirname, isInside, join } from './posixPath';
import { keyOf, pairOf } from './yamlPath';

/**
 * What attribution reads of a kustomization file: its name prefix and suffix, and its patches
 * (the `patches` field, and the deprecated `patchesStrategicMerge` and `patchesJson6902`), each
 * with the text it is written in, so a finding can point at the patch's own line.
 */

/** A patch's selector (`target:`); `name` and `namespace` are regular expressions in kustomize. */
export interface PatchTarget {
  readonly kind?: string;
  readonly name?: string;
  readonly namespace?: string;
  readonly group?: string;
  readonly version?: string;
  readonly labelSelector?: string;
  readonly annotationSelector?: string;
}

/** The text of one patch: a file of its own, or an inline `patch:` of the kustomization. */
export interface PatchText {
  /** The file the user edits (relative to the render's root). */
  readonly file: string;
  readonly text: string;
  /** A span of `text` as a span of `file`'s text (inline patches are indented in it). */
  readonly toFile: (span: Span) => Span;
}

export interface PatchEntry {
  /** Undefined when the patch file cannot be read: it then sets nothing that can be shown. */
  readonly patch: PatchText | undefined;
  readonly target: PatchTarget | undefined;
}

/** The kustomization fields of each patch transformer, named as the transformations annotation names them. */
export const PATCH_TRANSFORMERS = {
  PatchTransformer: 'patches',
  PatchStrategicMergeTransformer: 'patchesStrategicMerge',
  PatchJson6902Transformer: 'patchesJson6902',
} as const;
export type PatchField = (typeof PATCH_TRANSFORMERS)[keyof typeof PATCH_TRANSFORMERS];

export interface Kustomization {
  readonly file: string;
  readonly namePrefix: string | undefined;
  readonly nameSuffix: string | undefined;
  readonly patches: Readonly<Record<PatchField, readonly PatchEntry[]>>;
  /** Every file its patches are read from (for the files a render is made of). */
  readonly patchFiles: readonly string[];
}

const identity = (span: Span): Span => span;

function stringOf(map: YAMLMap, key: string): string | undefined {
  const value = pairOf(map, key)?.value;
  return isScalar(value) && typeof value.value === 'string' ? value.value : undefined;
}

function targetOf(node: unknown): PatchTarget | undefined {
  if (!isMap(node)) return undefined;
  const fields = ['kind', 'name', 'namespace', 'group', 'version', 'labelSelector', 'annotationSelector'] as const;
  const target: Record<string, string> = {};
  for (const field of fields) {
    const value = stringOf(node, field);
    if (value !== undefined) target[field] = value;
  }
  return target;
}

/**
 * Offsets of a block scalar's value (`patch: |-` and its indented lines) in the file: line L,
 * column C of the value is the file's line L after the header, column C plus the indentation.
 */
function inlineText(fileText: string, file: string, scalar: Scalar): PatchText | undefined {
  if (typeof scalar.value !== 'string' || !scalar.range) return undefined;
  const whole = { start: scalar.range[0], end: scalar.range[1] };
  const value = scalar.value;
  if (scalar.type !== Scalar.BLOCK_LITERAL) {
    // A quoted or plain one-line patch: its own characters are not at fixed places; the whole value is.
    return { file, text: value, toFile: () => whole };
  }
  const firstBreak = fileText.indexOf('\n', scalar.range[0]);
  if (firstBreak < 0) return undefined;
  const fileLines: number[] = [];
  for (let at = firstBreak + 1; at < scalar.range[1]; ) {
    fileLines.push(at);
    const next = fileText.indexOf('\n', at);
    if (next < 0) break;
    at = next + 1;
  }
  const indentOf = (start: number): number => /^ */.exec(fileText.slice(start, start + 200))![0].length;
  // Blank lines of a block scalar may be less indented: only lines with text tell the indentation.
  const indent = Math.min(...fileLines.filter((start) => !/^[ \t]*(\r?\n|$)/.test(fileText.slice(start, start + 200))).map(indentOf));
  const valueLines: number[] = [0];
  for (let i = 0; i < value.length; i++) if (value[i] === '\n') valueLines.push(i + 1);
  const toFileOffset = (offset: number): number => {
    let line = valueLines.length - 1;
    while (line > 0 && valueLines[line]! > offset) line--;
    const lineStart = fileLines[line];
    return lineStart === undefined ? whole.end : Math.min(lineStart + indent + (offset - valueLines[line]!), whole.end);
  };
  return { file, text: value, toFile: (span) => ({ start: toFileOffset(span.start), end: toFileOffset(span.end) }) };
}

/** Reads a kustomization's text; `read` gives other files by their path relative to the render's root. */
export function readKustomization(file: string, text: string, read: (file: string) => string | undefined): Kustomization {
  const root = parseDocument(text).contents;
  const patches: Record<PatchField, PatchEntry[]> = { patches: [], patchesStrategicMerge: [], patchesJson6902: [] };
  const patchFiles = new Set<string>();
  const fromFile = (relative: string): PatchText | undefined => {
    const path = join(dirname(file), relative);
    // Kustomize's default load restrictor reads patch files only below the kustomization's folder:
    // a path elsewhere (absolute, climbing out) is no patch of a build and is never read.
    if (relative.startsWith('/') || !isInside(dirname(file), path)) return undefined;
    patchFiles.add(path);
    const patchText = read(path);
    return patchText === undefined ? undefined : { file: path, text: patchText, toFile: identity };
  };
  if (!isMap(root)) return { file, namePrefix: undefined, nameSuffix: undefined, patches, patchFiles: [] };
  for (const pair of root.items) {
    const field = keyOf(pair);
    if (field !== 'patches' && field !== 'patchesStrategicMerge' && field !== 'patchesJson6902') continue;
    if (!isSeq(pair.value)) continue;
    for (const item of pair.value.items as Node[]) {
      if (isScalar(item)) {
        // patchesStrategicMerge: a file name, or an inline patch (a string holding YAML).
        const value = typeof item.value === 'string' ? item.value : '';
        patches[field].push({ patch: /\n/.test(value) || /^\s*(apiVersion|kind):/m.test(value) ? inlineText(text, file, item) : fromFile(value), target: undefined });
        continue;
      }
      if (!isMap(item)) continue;
      const pathValue = stringOf(item, 'path');
      const inline = pairOf(item, 'patch')?.value;
      const patch = pathValue !== undefined ? fromFile(pathValue) : isScalar(inline) ? inlineText(text, file, inline) : undefined;
      patches[field].push({ patch, target: targetOf(pairOf(item, 'target')?.value) });
    }
  }
  return { file, namePrefix: stringOf(root, 'namePrefix'), nameSuffix: stringOf(root, 'nameSuffix'), patches, patchFiles: [...patchFiles] };
}
