import { Composer, Parser, type Document } from 'yaml';
import { LineIndex } from '../text/lineIndex';
import { span, type Span } from '../text/span';
import { readServiceView, type ServiceView } from './serviceView';

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
  /** Helm-style `{{ … }}` text: what the document will be is unknown until it is rendered. */
  readonly templated: boolean;
}

export interface ParsedFile {
  readonly text: string;
  readonly lineIndex: LineIndex;
  readonly documents: readonly ParsedDocument[];
  readonly services: readonly ServiceView[];
  /**
   * Set when the text was not analysed, or only in part: too large to parse (then there are no
   * documents), or more than MAX_DOCUMENTS documents (then `documents` holds the first ones).
   */
  readonly skippedReason?: string;
}

export function parseFile(text: string): ParsedFile {
  const lineIndex = LineIndex.of(text);
  if (text.length > MAX_TEXT_LENGTH) {
    return {
      text,
      lineIndex,
      documents: [],
      services: [],
      skippedReason: `not analysed: ${text.length} characters is over the limit of ${MAX_TEXT_LENGTH}`,
    };
  }
  // uniqueKeys: a duplicate key makes the document ambiguous, so it is reported as an error and skipped.
  // YAML counts a lone CR as a line break; the `yaml` package does not. Replacing it one for one
  // with LF keeps every offset valid for the original text.
  const source = text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
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
  const services: ServiceView[] = [];
  yamlDocuments.forEach((yaml, index) => {
    const [start, , end] = yaml.range;
    const document: ParsedDocument = {
      index,
      yaml,
      span: span(start, end),
      hasErrors: yaml.errors.length > 0,
      templated: text.slice(start, end).includes('{{'),
    };
    documents.push(document);
    if (!document.hasErrors && !document.templated) {
      const service = readServiceView(document);
      if (service) services.push(service);
    }
  });
  if (!truncated) return { text, lineIndex, documents, services };
  return { text, lineIndex, documents, services, skippedReason: `only the first ${MAX_DOCUMENTS} documents were analysed: the file has more` };
}
