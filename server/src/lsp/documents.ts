import { TextDocument } from 'vscode-languageserver-textdocument';

/**
 * The open documents, as the client says they are. Kept here rather than in vscode-languageserver's
 * TextDocuments so that every notification is checked first: a change whose positions are not
 * non-negative integers (which TextDocument would apply as string arithmetic, desynchronising the
 * text for good) is refused and logged, and the text stays as it was.
 */

type Log = (message: string) => void;

interface Range {
  readonly start: { readonly line: number; readonly character: number };
  readonly end: { readonly line: number; readonly character: number };
}
type Change = { readonly text: string } | { readonly range: Range; readonly text: string };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
const isPosition = (value: unknown): boolean => isRecord(value) && isCount(value['line']) && isCount(value['character']);
const isRange = (value: unknown): value is Range => isRecord(value) && isPosition(value['start']) && isPosition(value['end']);

function changesOf(value: unknown): Change[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const changes: Change[] = [];
  for (const change of value as unknown[]) {
    if (!isRecord(change) || typeof change['text'] !== 'string') return undefined;
    if (change['range'] === undefined) changes.push({ text: change['text'] });
    else if (isRange(change['range'])) changes.push({ range: change['range'], text: change['text'] });
    else return undefined;
  }
  return changes;
}

function textDocumentOf(params: unknown): Record<string, unknown> | undefined {
  const textDocument = isRecord(params) ? params['textDocument'] : undefined;
  return isRecord(textDocument) && typeof textDocument['uri'] === 'string' ? textDocument : undefined;
}

export class OpenDocuments {
  private readonly byUri = new Map<string, TextDocument>();

  constructor(private readonly log: Log) {}

  get(uri: string): TextDocument | undefined {
    return this.byUri.get(uri);
  }

  /** didOpen: a second open of the same URI replaces the text (the client is the authority). */
  open(params: unknown): TextDocument | undefined {
    const doc = textDocumentOf(params);
    if (!doc || typeof doc['text'] !== 'string' || !Number.isSafeInteger(doc['version'])) {
      this.log('didOpen refused: it needs textDocument.uri, .text and an integer .version');
      return undefined;
    }
    const document = TextDocument.create(doc['uri'] as string, typeof doc['languageId'] === 'string' ? doc['languageId'] : 'yaml', doc['version'] as number, doc['text']);
    this.byUri.set(document.uri, document);
    return document;
  }

  change(params: unknown): TextDocument | undefined {
    const doc = textDocumentOf(params);
    const document = doc && this.byUri.get(doc['uri'] as string);
    if (!doc || !document) {
      this.log(`didChange refused: ${doc ? `${String(doc['uri'])} is not open` : 'no textDocument.uri'}`);
      return undefined;
    }
    const changes = changesOf(isRecord(params) ? params['contentChanges'] : undefined);
    if (!changes || !Number.isSafeInteger(doc['version'])) {
      this.log(`didChange refused for ${document.uri}: positions must be non-negative integers and the version an integer; the text stays at version ${document.version}`);
      return undefined;
    }
    // One change at a time, each range clamped to the text as it is by then: TextDocument corrupts
    // its line offsets for a range starting past the last line (vscode-languageserver-textdocument 1.0.16).
    let updated = document;
    for (const change of changes) {
      const clamped = 'range' in change ? { range: { start: updated.positionAt(updated.offsetAt(change.range.start)), end: updated.positionAt(updated.offsetAt(change.range.end)) }, text: change.text } : change;
      updated = TextDocument.update(updated, [clamped], doc['version'] as number);
    }
    this.byUri.set(updated.uri, updated);
    return updated;
  }

  close(params: unknown): string | undefined {
    const doc = textDocumentOf(params);
    if (!doc) return undefined;
    const uri = doc['uri'] as string;
    return this.byUri.delete(uri) ? uri : undefined;
  }
}
