/** Facts about the user's own text layout that an inserted line must follow. */

/**
 * The line break an insertion at `offset` must use: the first one at or after `from` (the start of
 * the YAML document being edited, whose lines may end differently from the file's first line),
 * else the last one before it, else LF.
 */
export function lineBreakAt(text: string, from = 0): string {
  const after = /\r\n|\r|\n/g;
  after.lastIndex = from;
  const match = after.exec(text);
  if (match) return match[0];
  const before = /(\r\n|\r|\n)(?![\s\S]*[\r\n])/.exec(text.slice(0, from));
  return before?.[1] ?? '\n';
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
