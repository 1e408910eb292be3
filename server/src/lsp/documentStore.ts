import { type TextDocument } from 'vscode-languageserver-textdocument';
import { parseFile, type Finding, type ParsedFile } from '../core';

interface Entry {
  readonly version: number;
  readonly parsed: ParsedFile;
  findings?: readonly Finding[];
}

/** The parse (and last findings) of each open document, per version; freed on close. */
export class DocumentStore {
  private readonly entries = new Map<string, Entry>();

  parsed(document: TextDocument): ParsedFile {
    const entry = this.entries.get(document.uri);
    if (entry && entry.version === document.version) return entry.parsed;
    const parsed = parseFile(document.getText());
    this.entries.set(document.uri, { version: document.version, parsed });
    return parsed;
  }

  /** Findings computed for exactly this version, if any. */
  findings(document: TextDocument): readonly Finding[] | undefined {
    const entry = this.entries.get(document.uri);
    return entry && entry.version === document.version ? entry.findings : undefined;
  }

  setFindings(document: TextDocument, findings: readonly Finding[]): void {
    const entry = this.entries.get(document.uri);
    if (entry && entry.version === document.version) entry.findings = findings;
  }

  /** Drops the findings (not the parse): another file or the settings changed. */
  invalidateFindings(uri: string): void {
    const entry = this.entries.get(uri);
    if (entry) entry.findings = undefined;
  }

  delete(uri: string): void {
    this.entries.delete(uri);
  }
}
