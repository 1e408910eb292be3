import * as path from 'path';
import { URI } from 'vscode-uri';
import { type RenderedPort } from './renderSync';
import { canonicalUri } from './uris';

/**
 * The language service's API for rendered documents comes from branch h-kz (the core attribution
 * of findings to the files the user edits). Until it is merged this port reports no findings; it
 * only reads which files the render used from kustomize's origin and transformer annotations
 * (`path:` and `configuredIn:` lines, relative to the render's root), so that a change to one of
 * them, or an unsaved edit in it, renders the overlay again.
 */
export function renderedPort(): RenderedPort {
  const sources = new Map<string, string[]>();
  return {
    setRendered: (overlayKey, output) => {
      if (output === undefined) sources.delete(overlayKey);
      else sources.set(overlayKey, sourcesOf(output.text, output.root));
      return Promise.resolve(new Set<string>());
    },
    diagnostics: () => Promise.resolve(new Map()),
    sources: (overlayKey) => sources.get(overlayKey) ?? [],
  };
}

function sourcesOf(text: string, root: string): string[] {
  const found = new Set<string>();
  for (const match of text.matchAll(/^\s*(?:-\s+)?(?:path|configuredIn):\s+(\S+)\s*$/gm)) {
    const relative = match[1]!;
    // An absolute path is another field's value (an Ingress path), not a file kustomize read.
    if (relative.startsWith('/')) continue;
    found.add(canonicalUri(URI.file(path.resolve(root, relative)).toString()));
  }
  return [...found];
}
