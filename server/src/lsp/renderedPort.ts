import { type RenderedPort } from './renderSync';

/**
 * The language service's API for rendered documents comes from branch h-kz (the core attribution
 * of findings to the files the user edits). Until it is merged this port takes the rendered text
 * and reports nothing: renders run, fail and are reported, but no findings come from them yet.
 */
export function renderedPort(): RenderedPort {
  return {
    setRendered: () => Promise.resolve(new Set<string>()),
    diagnostics: () => Promise.resolve(new Map()),
    sources: () => [],
  };
}
