import { parseAllDocuments, type Document } from 'yaml';
import { LineIndex } from '../text/lineIndex';
import { span, type Span } from '../text/span';
import { readServiceView, type ServiceView } from './serviceView';

/** Larger texts are not parsed at all: the analysis must never freeze an editor or a CI run. */
export const MAX_TEXT_LENGTH = 8 * 1024 * 1024;

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
  /** Set when the text was too large to parse; then there are no documents. */
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
  const parsed = parseAllDocuments(source, { keepSourceTokens: true, uniqueKeys: true, prettyErrors: false });
  const yamlDocuments: Document.Parsed[] = Array.isArray(parsed) ? parsed : [];
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
  return { text, lineIndex, documents, services };
}
