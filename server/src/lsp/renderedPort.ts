import * as path from 'path';
import { type Diagnostic } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import { LineIndex, renderedDocumentId, type Finding, type LanguageService, type Settings } from '../core';
import { readSmallFileSync } from '../node/boundedRead';
import { toDiagnostic } from './convert';
import { type RenderedPort } from './renderSync';
import { canonicalUri } from './uris';

export interface RenderedPortHooks {
  /** The settings the rendered Services are checked with: their cluster's (the overlay folder's). */
  readonly settingsFor: (renderedId: string) => Promise<Settings>;
  /** An open document's text (it counts over the disk, as it did in the render). */
  readonly openText: (key: string) => string | undefined;
  readonly docsLink: (ruleId: string) => string;
  readonly log: (message: string) => void;
}

interface Render {
  readonly id: string;
  readonly root: string;
  /** Source texts by path relative to the root, as attribution read them (open text first). */
  readonly texts: Map<string, string | undefined>;
  readonly sources: string[];
}

const keyOf = (file: string): string => canonicalUri(URI.file(file).toString());

/**
 * The language service's rendered documents for the server: an overlay's render is analysed as
 * one file inside the overlay folder (`renderedDocumentId`, so the folder's cluster applies), and
 * each finding in it is published where the core attributes it (the last patch that sets its
 * place, else the object's source file). A finding only the rendered text has (a remote base, a
 * generator) has no file to be shown on and is logged instead. The fixes of such findings are not
 * offered: their edits are offsets in the rendered text.
 */
export function renderedPort(service: LanguageService, hooks: RenderedPortHooks): RenderedPort {
  const renders = new Map<string, Render>();
  const toldUnplaced = new Map<string, string>();
  return {
    setRendered: (overlayKey, output) => {
      const id = renderedDocumentId(overlayKey);
      if (output === undefined) {
        renders.delete(overlayKey);
        return Promise.resolve(service.isRendered(id) ? service.remove(id) : new Set<string>());
      }
      const texts = new Map<string, string | undefined>();
      const read = (file: string): string | undefined => {
        if (!texts.has(file)) {
          const absolute = path.resolve(output.root, file);
          texts.set(file, hooks.openText(keyOf(absolute)) ?? readSmallFileSync(absolute));
        }
        return texts.get(file);
      };
      // The overlay relative to the render's root (the real folder: a shadow copy's paths are spelt as the real ones).
      const buildDir = path.relative(output.root, URI.parse(overlayKey).fsPath).split(path.sep).join('/');
      const { sources, affected } = service.updateRendered(id, output.text, read, buildDir === '' ? '.' : buildDir);
      renders.set(overlayKey, { id, root: output.root, texts, sources: sources.map((file) => keyOf(path.resolve(output.root, file))) });
      return Promise.resolve(affected);
    },

    diagnostics: async (overlayKey) => {
      const render = renders.get(overlayKey);
      const byFile = new Map<string, Diagnostic[]>();
      if (!render) return byFile;
      const analysis = service.diagnostics(render.id, await hooks.settingsFor(render.id));
      const unplaced: string[] = [];
      for (const finding of analysis.findings) {
        const at = service.renderedLocation(render.id, finding.span);
        const text = at && render.texts.get(at.file);
        if (!at || text === undefined) {
          unplaced.push(`${finding.ruleId}: ${finding.message}`);
          continue;
        }
        const placed: Finding = { ...finding, span: at.span, related: [], fixes: [] };
        // No data: code actions on the file would look for the finding in the file's own analysis.
        const diagnostic: Diagnostic = { ...toDiagnostic(placed, LineIndex.of(text), () => undefined, hooks.docsLink, { enabled: false, spelling: (key) => key }), data: undefined };
        const key = keyOf(path.resolve(render.root, at.file));
        byFile.set(key, [...(byFile.get(key) ?? []), diagnostic]);
      }
      const said = unplaced.join('\n');
      if (said !== '' && toldUnplaced.get(overlayKey) !== said) hooks.log(`${URI.parse(overlayKey).fsPath}: findings only in the rendered output (no local file sets them):\n  ${unplaced.join('\n  ')}`);
      toldUnplaced.set(overlayKey, said);
      return byFile;
    },

    sources: (overlayKey) => renders.get(overlayKey)?.sources ?? [],
    renderedId: (overlayKey) => renderedDocumentId(overlayKey),
  };
}
