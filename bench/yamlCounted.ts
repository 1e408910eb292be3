// The `yaml` package as the core sees it in the bench's own bundles, with its entry points counted
// (calls and characters), so the bench can show how much text an edit re-parses. Same functions,
// same results: only counters are added.
import * as Y from 'yaml';
export * from 'yaml';

export const counts = {
  /** Whole-text parses: parseAllDocuments, parseDocument, new Parser().parse. */
  fileParses: 0,
  fileParseChars: 0,
  /** `parse(text)`: the one-value parse (e.g. a scalar checked for quoting). */
  valueParses: 0,
};

function counted(source: unknown): void {
  counts.fileParses++;
  counts.fileParseChars += typeof source === 'string' ? source.length : 0;
}

export const parseAllDocuments: typeof Y.parseAllDocuments = ((source: string, ...rest: unknown[]) => {
  counted(source);
  return (Y.parseAllDocuments as (...a: unknown[]) => unknown)(source, ...rest);
}) as typeof Y.parseAllDocuments;

export const parseDocument: typeof Y.parseDocument = ((source: string, ...rest: unknown[]) => {
  counted(source);
  return (Y.parseDocument as (...a: unknown[]) => unknown)(source, ...rest);
}) as typeof Y.parseDocument;

export const parse: typeof Y.parse = ((...args: unknown[]) => {
  counts.valueParses++;
  return (Y.parse as (...a: unknown[]) => unknown)(...args);
}) as typeof Y.parse;

export class Parser extends Y.Parser {
  override *parse(source: string, incomplete?: boolean): Generator<Y.CST.Token, void> {
    counted(source);
    yield* super.parse(source, incomplete);
  }
}
