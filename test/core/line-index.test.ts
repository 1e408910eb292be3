import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LineIndex } from '../../server/src/core';

describe('LineIndex', () => {
  // Lines: `ab` + LF, `c` + CRLF, `d` + CR, `😀` (two code units), no break.
  const text = 'ab\nc\r\nd\r😀';
  const lines = LineIndex.of(text);

  it('counts LF, CRLF and lone CR as line breaks, in UTF-16 code units', () => {
    strictEqual(lines.lineCount, 4);
    deepStrictEqual([0, 3, 4, 6, 7, 8, 9].map((offset) => lines.positionAt(offset)), [
      { line: 0, character: 0 },
      { line: 1, character: 0 },
      { line: 1, character: 1 },
      { line: 2, character: 0 },
      { line: 2, character: 1 },
      { line: 3, character: 0 },
      { line: 3, character: 1 },
    ]);
    deepStrictEqual(lines.positionAt(text.length), { line: 3, character: 2 });
  });

  it('takes a character past the end of a line as that line\'s end, before its break, whatever the break', () => {
    deepStrictEqual([0, 1, 2, 3].map((line) => lines.offsetAt({ line, character: 99 })), [2, 4, 7, text.length]);
    strictEqual(lines.offsetAt({ line: 1, character: 1 }), 4);
    strictEqual(lines.offsetAt({ line: 99, character: 0 }), text.length);
    strictEqual(lines.offsetAt({ line: -1, character: 5 }), 0);
    strictEqual(lines.offsetAt({ line: 2, character: -3 }), 6);
  });
});
