/**
 * Values from a user's files shown to the user: as data, never as markup. A CLB id or a Service
 * name may hold anything YAML can (backticks, brackets, newlines); rendered raw, it would inject
 * links, images or HTML into a hover, or split a diagnostic over lines.
 */

/** Control characters as escapes (`\n`, `\u0007`): one line of plain text, whatever the value holds. */
export function plainText(value: string): string {
  return value.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (c) => JSON.stringify(c).slice(1, -1));
}

/**
 * A value as Markdown inline code: fenced with more backticks than any run inside it (CommonMark
 * code spans), so nothing in it is read as markup; padded where it starts or ends with a backtick.
 */
export function inlineCode(value: string): string {
  const text = plainText(value);
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') || text === '' ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/**
 * Text that may hold values from a user's files (a finding's message) as Markdown prose: one line,
 * every character that could start markup (links, images, emphasis, code, HTML) backslash-escaped.
 */
export function markdownText(value: string): string {
  return plainText(value).replace(/[\\`*_[\]<>!|~#&]/g, (c) => `\\${c}`);
}
