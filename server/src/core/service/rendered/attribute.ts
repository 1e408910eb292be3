import { parse } from 'yaml';
import { parseFile, type ParsedFile } from '../../parse/parseFile';
import { type ResourceView } from '../../parse/resource';
import { contains, type Span } from '../../text/span';
import { PATCH_TRANSFORMERS, readKustomization, type Kustomization, type PatchField } from './kustomization';
import { patchSets, type PatchedResource } from './patches';
import { commonFolder, dirname, isInside, join, normalize } from './posixPath';
import { locate, placeOf } from './yamlPath';

/**
 * Findings on the output of `kustomize build` pointed at the file the user edits. The build's
 * metadata names each object's source (`config.kubernetes.io/origin`) and the kustomizations
 * whose transformers ran over it (`alpha.config.kubernetes.io/transformations`, in the order they
 * ran, and listing every transformer of those kustomizations, not only the ones that changed the
 * object). A finding goes to the last patch of those kustomizations that sets its place, else to
 * the same place in the source file, else to the nearest key above it there. Pure: the adapter
 * passes `read`, which gives a file's text by its path relative to the render's root.
 */

export const ORIGIN_ANNOTATION = 'config.kubernetes.io/origin';
export const TRANSFORMATIONS_ANNOTATION = 'alpha.config.kubernetes.io/transformations';

/** The names kustomize looks for in a folder. */
const KUSTOMIZATION_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

export type ReadSource = (file: string) => string | undefined;

export interface RenderedLocation {
  /** Relative to the render's root, `/`-separated. */
  readonly file: string;
  readonly span: Span;
  /** `patch`: a patch sets it; `resource`: the object's own source file. */
  readonly via: 'resource' | 'patch';
  readonly renderedSpan: Span;
}

interface RenderedObject {
  readonly view: ResourceView;
  /** The source file, when the object comes from a local file (not a remote base, not a generator). */
  readonly origin: string | undefined;
  /** Each kustomization and patch field that ran over it, in order, once. */
  readonly patchFields: readonly { readonly kustomization: string; readonly field: PatchField }[];
  readonly kustomizations: readonly string[];
}

const asRecord = (value: unknown): Record<string, unknown> | undefined => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined);

function readYaml(text: string): unknown {
  try {
    return parse(text) as unknown;
  } catch {
    return undefined;
  }
}

const annotationOf = (view: ResourceView, key: string): string | undefined => view.annotations.find((a) => a.key === key)?.value;

/** The object's local source file, from the origin annotation kustomize writes itself. */
function originOf(view: ResourceView): string | undefined {
  const origin = asRecord(readYaml(annotationOf(view, ORIGIN_ANNOTATION) ?? ''));
  return origin && typeof origin['path'] === 'string' && origin['repo'] === undefined ? normalize(origin['path']) : undefined;
}

/**
 * Kustomize keeps a transformations annotation already written in a manifest, so its
 * `configuredIn` paths may be anyone's words. One is taken only when it names a kustomization
 * file (by the names kustomize looks for) below `root`: the common folder of the build's folder
 * and its objects' origins (every kustomization of a build lives there). Anything else (absolute,
 * climbing above it, another file name) is neither read nor counted among the render's files.
 */
function isBuildKustomization(file: string, root: string): boolean {
  const name = file.slice(file.lastIndexOf('/') + 1);
  return KUSTOMIZATION_NAMES.includes(name) && isInside(root, file);
}

function renderedObject(view: ResourceView, root: string): RenderedObject {
  const annotation = (key: string): string | undefined => annotationOf(view, key);
  const localPath = originOf(view);
  const transformations = readYaml(annotation(TRANSFORMATIONS_ANNOTATION) ?? '');
  const patchFields: { kustomization: string; field: PatchField }[] = [];
  const kustomizations: string[] = [];
  for (const entry of Array.isArray(transformations) ? (transformations as unknown[]) : []) {
    const record = asRecord(entry);
    const configuredIn = record?.['configuredIn'];
    const kind = asRecord(record?.['configuredBy'])?.['kind'];
    if (typeof configuredIn !== 'string' || configuredIn.startsWith('/')) continue;
    const kustomization = normalize(configuredIn);
    if (!isBuildKustomization(kustomization, root)) continue;
    if (!kustomizations.includes(kustomization)) kustomizations.push(kustomization);
    const field = typeof kind === 'string' && kind in PATCH_TRANSFORMERS ? PATCH_TRANSFORMERS[kind as keyof typeof PATCH_TRANSFORMERS] : undefined;
    if (field && !patchFields.some((p) => p.kustomization === kustomization && p.field === field)) patchFields.push({ kustomization, field });
  }
  return { view, origin: localPath, patchFields, kustomizations };
}

/** The output of one render, with what its objects were made from. */
export class RenderedSources {
  private readonly objects: readonly RenderedObject[];
  private readonly kustomizationCache = new Map<string, Kustomization | undefined>();
  private readonly sourceCache = new Map<string, ParsedFile | undefined>();

  /** `buildDir`: the folder that was built, relative to the render's root. */
  constructor(private readonly rendered: ParsedFile, private readonly read: ReadSource, buildDir: string) {
    const origins = rendered.resources.flatMap((view) => originOf(view) ?? []);
    // An absolute origin (kustomize writes none) would make every path count as below the root.
    const root = commonFolder([normalize(buildDir), ...origins.filter((o) => !o.startsWith('/')).map(dirname)]);
    this.objects = rendered.resources.map((view) => renderedObject(view, root));
  }

  /** Every local file the render was made of: sources, kustomizations and their patch files. */
  files(): string[] {
    const files = new Set<string>();
    for (const object of this.objects) {
      if (object.origin !== undefined) {
        files.add(object.origin);
        // The kustomization that lists it is, almost always, the one in its folder (kustomize names no other).
        for (const name of KUSTOMIZATION_NAMES) if (this.read(join(dirname(object.origin), name)) !== undefined) files.add(join(dirname(object.origin), name));
      }
      for (const file of object.kustomizations) {
        files.add(file);
        for (const patchFile of this.kustomization(file)?.patchFiles ?? []) files.add(patchFile);
      }
    }
    return [...files].sort();
  }

  private kustomization(file: string): Kustomization | undefined {
    if (!this.kustomizationCache.has(file)) {
      const text = this.read(file);
      this.kustomizationCache.set(file, text === undefined ? undefined : readKustomization(file, text, this.read));
    }
    return this.kustomizationCache.get(file);
  }

  private source(file: string): ParsedFile | undefined {
    if (!this.sourceCache.has(file)) {
      const text = this.read(file);
      this.sourceCache.set(file, text === undefined ? undefined : parseFile(text));
    }
    return this.sourceCache.get(file);
  }

  /** Where the user edits what `span` of the rendered text shows; undefined: only the rendered text has it. */
  locate(span: Span): RenderedLocation | undefined {
    const object = this.objects.filter((o) => contains(o.view.span, span.start) && contains(o.view.span, span.end)).pop();
    if (!object) return undefined;
    const place = placeOf(object.view.node, span, this.rendered.text);
    const names = this.namesOf(object);
    const source = object.origin === undefined ? undefined : this.sourceResource(object, names);
    if (source) names.add(source.view.name?.value ?? '');
    const resource: PatchedResource = {
      kind: object.view.kind?.value,
      apiVersion: object.view.apiVersion?.value,
      namespace: object.view.namespace,
      names,
      labels: this.labelsOf(object.view),
      annotations: new Map(object.view.annotations.map((a) => [a.key, a.value])),
    };
    let patched: RenderedLocation | undefined;
    for (const { kustomization, field } of object.patchFields) {
      for (const entry of this.kustomization(kustomization)?.patches[field] ?? []) {
        const at = patchSets(entry, resource, place);
        if (at && entry.patch) patched = { file: entry.patch.file, span: entry.patch.toFile(at), via: 'patch', renderedSpan: span };
      }
    }
    if (patched) return patched;
    if (!source) return undefined;
    const fallback = source.view.kind?.keySpan ?? source.view.span;
    return { file: source.file, span: locate(source.view.node, place, { byIndex: true, fallback, text: source.text }).span, via: 'resource', renderedSpan: span };
  }

  /** The rendered name and the names before each prefix and suffix of the kustomizations, latest first. */
  private namesOf(object: RenderedObject): Set<string> {
    let name = object.view.name?.value;
    const names = new Set<string>();
    if (name === undefined) return names;
    names.add(name);
    for (const file of [...object.kustomizations].reverse()) {
      const kustomization = this.kustomization(file);
      const prefix = kustomization?.namePrefix;
      const suffix = kustomization?.nameSuffix;
      if (prefix && name.startsWith(prefix)) name = name.slice(prefix.length);
      if (suffix && name.endsWith(suffix)) name = name.slice(0, name.length - suffix.length);
      names.add(name);
    }
    return names;
  }

  private labelsOf(view: ResourceView): Map<string, string> {
    const labels = asRecord(asRecord(asRecord(view.node.toJSON())?.['metadata'])?.['labels']);
    return new Map(Object.entries(labels ?? {}).flatMap(([key, value]) => (typeof value === 'string' ? [[key, value] as const] : [])));
  }

  /** The object in its source file: same kind and one of its names, or the only one of its kind there. */
  private sourceResource(object: RenderedObject, names: ReadonlySet<string>): { file: string; text: string; view: ResourceView } | undefined {
    const file = object.origin!;
    const parsed = this.source(file);
    if (!parsed) return undefined;
    const sameKind = parsed.resources.filter((r) => r.kind?.value === object.view.kind?.value);
    const view = sameKind.find((r) => r.name !== undefined && names.has(r.name.value)) ?? (sameKind.length === 1 ? sameKind[0] : undefined);
    return view && { file, text: parsed.text, view };
  }
}

/** The id a render of the folder `dir` is analysed under: inside it (its cluster), never a real file's name. */
export function renderedDocumentId(dir: string): string {
  return `${dir.endsWith('/') ? dir.slice(0, -1) : dir}/(rendered).yaml`;
}
