import * as path from 'path';
import { LineIndex, renderedDocumentId, type LanguageService, type ReadSource, type Span } from '../core';
import { readSmallFileSync } from '../node/boundedRead';
import { renderKustomize } from '../node/kustomize';
import { display, type Input } from './inputs';
import { type Place } from './report';

/**
 * `--kustomize DIR`: each folder rendered with the user's kubectl (or kustomize), analysed as one
 * file inside DIR (DIR's cluster), its findings reported at the file the user edits. The files a
 * render is made of are analysed only as rendered in that run: linted plainly too, a base's
 * Service and its rendered copy would be two Services on one CLB.
 */

/** Used when --render-timeout is not given. */
export const DEFAULT_RENDER_TIMEOUT_SECONDS = 60;

export interface RenderedDir {
  /** The folder as given; `display` of it in reports. */
  readonly dir: string;
  readonly displayDir: string;
  readonly input: Input;
  /** The files it is made of, as real absolute paths (filled in once the service read the render). */
  readonly sources: Set<string>;
  readonly read: ReadSource;
  /** Texts read through `read`, by path relative to the root, for their line indexes. */
  readonly root: string;
  readonly lines: (file: string) => LineIndex | undefined;
}

/** Failure to render: the runner's message and the tool's standard error; the run exits 2. */
export interface RenderFailure {
  readonly message: string;
  readonly stderr: string;
}

function sourceReader(root: string): { read: ReadSource; lines: (file: string) => LineIndex | undefined } {
  const texts = new Map<string, string | undefined>();
  const indexes = new Map<string, LineIndex>();
  const read = (file: string): string | undefined => {
    if (!texts.has(file)) texts.set(file, readSmallFileSync(path.resolve(root, file)));
    return texts.get(file);
  };
  const lines = (file: string): LineIndex | undefined => {
    const text = read(file);
    if (text === undefined) return undefined;
    let index = indexes.get(file);
    if (!index) indexes.set(file, (index = LineIndex.of(text)));
    return index;
  };
  return { read, lines };
}

/** Renders every folder, one after the other; the first failure stops the run. */
export async function renderDirs(dirs: readonly string[], timeoutMs: number): Promise<RenderedDir[] | RenderFailure> {
  const rendered: RenderedDir[] = [];
  // A folder named twice is rendered (and its Services counted) once.
  for (const dir of dirs.filter((d, i) => dirs.findIndex((other) => path.resolve(other) === path.resolve(d)) === i)) {
    const result = await renderKustomize(dir, { timeoutMs });
    if (!result.ok) return { message: result.message, stderr: result.stderr };
    const id = renderedDocumentId(path.resolve(dir));
    const { read, lines } = sourceReader(result.root);
    const displayDir = display(path.resolve(dir));
    rendered.push({ dir, displayDir, input: { displayPath: display(id), id, text: result.text, lossless: true }, sources: new Set(), read, root: result.root, lines });
  }
  return rendered;
}

/** Hands each render to the service and records its source files (real paths, as inputs' targets name them). */
export function updateRenders(service: LanguageService, renders: readonly RenderedDir[], realpath: (file: string) => string): void {
  for (const render of renders) {
    // DIR relative to the render's root: only kustomizations below it and the origins' folders are the build's.
    const buildDir = path.relative(render.root, path.resolve(render.dir)).split(path.sep).join('/');
    const { sources } = service.updateRendered(render.input.id, render.input.text, render.read, buildDir === '' ? '.' : buildDir);
    for (const file of sources) render.sources.add(realpath(path.resolve(render.root, file)));
    // DIR's own kustomization, which the build metadata names only when it transforms something.
    for (const name of ['kustomization.yaml', 'kustomization.yml', 'Kustomization']) render.sources.add(realpath(path.resolve(render.dir, name)));
  }
}

/** Where a span of a render is reported: the attributed file, else the rendered text itself. */
export function renderedPlace(service: LanguageService, render: RenderedDir, renderedLines: LineIndex, span: Span): Place {
  const rendered = { from: render.displayDir, lines: renderedLines, span };
  const at = service.renderedLocation(render.input.id, span);
  const lines = at && render.lines(at.file);
  if (!at || !lines) return { displayPath: render.input.displayPath, lines: renderedLines, span, rendered };
  return { displayPath: display(path.resolve(render.root, at.file)), lines, span: at.span, rendered };
}
