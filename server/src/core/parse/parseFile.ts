import { Composer, Parser, type Document } from 'yaml';
import { LineIndex } from '../text/lineIndex';
import { span, type Span } from '../text/span';
import { readResources, type ResourceView } from './resource';
import { readServiceView, type ServiceView } from './serviceView';
import { valuesLookup, type ChartDefault, type HelmValues } from './chartValues';
import { maskTemplate } from './template';
import { type TemplateText } from './templateFields';

/** Larger texts are not parsed at all: the analysis must never freeze an editor or a CI run. */
export const MAX_TEXT_LENGTH = 8 * 1024 * 1024;
/**
 * Only the first documents of a stream are analysed: parsing costs time and memory per document
 * (8 MB of `---` lines is two million documents, tens of seconds and gigabytes), so the rest of
 * the text is not even read.
 */
export const MAX_DOCUMENTS = 10_000;

export interface ParsedDocument {
  readonly index: number;
  readonly yaml: Document.Parsed;
  readonly span: Span;
  /** A document with YAML errors is not analysed: its syntax errors belong to the YAML tooling. */
  readonly hasErrors: boolean;
  /**
   * Helm-style `{{ … }}` actions stand in the document: it was parsed with them masked
   * (parse/template.ts), and what they write is unknown until it is rendered.
   */
  readonly templated: boolean;
  /** Why the document is not analysed (a syntax error, a template), with where it starts; undefined when it is. */
  readonly notAnalysed?: NotAnalysed;
}

/** A document (or a whole file) that was not analysed, and the one-line reason a user is told. */
export interface NotAnalysed {
  readonly reason: string;
  /** The YAML document (0-based) not analysed; undefined when the whole file was not. */
  readonly documentIndex?: number;
  readonly span: Span;
  /** A YAML syntax error: the CLI fails on it. Templates (even unreadable ones) and size limits are notices. */
  readonly isError: boolean;
}

export interface ParsedFile {
  readonly text: string;
  readonly lineIndex: LineIndex;
  readonly documents: readonly ParsedDocument[];
  /** Every Kubernetes object of the analysed documents, List items included. */
  readonly resources: readonly ResourceView[];
  readonly services: readonly ServiceView[];
  /** Where each Helm template action whose text is unknown stands, in text order (empty for a plain manifest): no finding may touch one. */
  readonly actions: readonly Span[];
  /** The chart's values.yaml the file was read with, and the `{{ .Values.a.b }}` actions it gave a literal default. */
  readonly chartValues?: { readonly values: HelmValues; readonly defaults: readonly ChartDefault[] };
  /**
   * Set when the text was not analysed, or only in part: too large to parse (then there are no
   * documents), or more than MAX_DOCUMENTS documents (then `documents` holds the first ones).
   */
  readonly skippedReason?: string;
}

export interface ParseOptions {
  /** The chart's values.yaml, for a template of that chart: its literal defaults stand in for `{{ .Values.a.b }}`. */
  readonly helmValues?: HelmValues;
}

export function parseFile(text: string, options: ParseOptions = {}): ParsedFile {
  const lineIndex = LineIndex.of(text);
  if (text.length > MAX_TEXT_LENGTH) {
    return {
      text,
      lineIndex,
      documents: [],
      resources: [],
      services: [],
      actions: [],
      skippedReason: `not analysed: ${text.length} characters is over the limit of ${MAX_TEXT_LENGTH}`,
    };
  }
  // uniqueKeys: a duplicate key makes the document ambiguous, so it is reported as an error and skipped.
  // YAML counts a lone CR as a line break; the `yaml` package does not. Replacing it one for one
  // with LF keeps every offset valid for the original text.
  const unmasked = text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
  // A Helm template is read with its actions masked: same offsets, same line breaks.
  const { text: source, actions, defaults } = maskTemplate(unmasked, valuesLookup(options.helmValues));
  const chartValues = options.helmValues && { values: options.helmValues, defaults };
  const template: TemplateText = { text, masked: source, actions };
  // As parseAllDocuments does, but lazily: the parser and composer are generators, so stopping
  // after MAX_DOCUMENTS leaves the rest of the text unread.
  const composer = new Composer({ uniqueKeys: true });
  const yamlDocuments: Document.Parsed[] = [];
  let truncated = false;
  for (const yaml of composer.compose(new Parser().parse(source))) {
    if (yamlDocuments.length === MAX_DOCUMENTS) {
      truncated = true;
      break;
    }
    yamlDocuments.push(yaml);
  }
  const documents: ParsedDocument[] = [];
  const resources: ResourceView[] = [];
  const services: ServiceView[] = [];
  yamlDocuments.forEach((yaml, index) => {
    const [start, , end] = yaml.range;
    const documentSpan = span(start, end);
    const hasErrors = yaml.errors.length > 0;
    const templated = actions.some((a) => a.start < end && start < a.end) || defaults.some((a) => a.span.start < end && start < a.span.end);
    const notAnalysed = notAnalysedReason(yaml, index, documentSpan, templated, lineIndex);
    documents.push({ index, yaml, span: documentSpan, hasErrors, templated, ...(notAnalysed ? { notAnalysed } : {}) });
    if (notAnalysed) return;
    for (const resource of readResources(yaml, index, documentSpan, template)) {
      resources.push(resource);
      const service = readServiceView(resource, template);
      if (service) services.push(service);
    }
  });
  const values = chartValues ? { chartValues } : {};
  if (!truncated) return { text, lineIndex, documents, resources, services, actions, ...values };
  return { text, lineIndex, documents, resources, services, actions, ...values, skippedReason: `only the first ${MAX_DOCUMENTS} documents were analysed: the file has more` };
}

function notAnalysedReason(yaml: Document.Parsed, documentIndex: number, documentSpan: Span, templated: boolean, lineIndex: LineIndex): NotAnalysed | undefined {
  const error = yaml.errors[0];
  if (error) {
    const at = lineIndex.positionAt(error.pos[0]);
    const first = error.message.split('\n')[0] ?? '';
    // The yaml package ends its messages with " at line L, column C"; the position is said once, here.
    const message = first.replace(/ at line \d+, column \d+:?$/, '');
    // Its actions write YAML structure the masking cannot stand in for: only rendering tells.
    if (templated) return { reason: `Helm template: not rendered, and with its actions masked it is not YAML (${message} at ${at.line + 1}:${at.character + 1}), so not analysed`, span: documentSpan, isError: false, documentIndex };
    return { reason: `YAML syntax error at ${at.line + 1}:${at.character + 1}: ${message}`, span: span(error.pos[0], error.pos[1]), isError: true, documentIndex };
  }
  return undefined;
}
