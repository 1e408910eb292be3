/** Facts about the user's own text layout that an inserted line must follow. */

/** The file's line break: the first one found, else LF. */
export function lineBreakOf(text: string): string {
  const match = /\r\n|\r|\n/.exec(text);
  return match ? match[0] : '\n';
}

export function lineStartOf(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && text[i - 1] !== '\n' && text[i - 1] !== '\r') i--;
  return i;
}

export function lineEndOf(text: string, offset: number): number {
  let i = offset;
  while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
  return i;
}

/**
 * The indentation before `offset` when only spaces, and optionally node properties
 * (`&anchor`, `!tag`), precede it on its line; undefined when something else does.
 */
export function indentationBefore(text: string, offset: number): string | undefined {
  const prefix = text.slice(lineStartOf(text, offset), offset);
  const match = /^( *)(?:[&!]\S*\s+)*$/.exec(prefix);
  return match ? match[1] : undefined;
}
