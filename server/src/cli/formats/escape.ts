/**
 * Control characters shown as escapes (`\n`, `\r`, `\u001b`): a file name or a value from a file
 * with a newline must not split a finding over two lines, nor send the terminal an escape sequence.
 * Tabs stay (they split nothing); line and paragraph separators count as newlines.
 */
export function escapeControl(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.charCodeAt(0);
    const control = code < 0x20 ? code !== 0x09 : (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029;
    if (!control) out += char;
    else out += char === '\n' ? '\\n' : char === '\r' ? '\\r' : `\\u${code.toString(16).padStart(4, '0')}`;
  }
  return out;
}
