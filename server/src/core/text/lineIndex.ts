/**
 * The one place where offsets become line/character positions (0-based, UTF-16 code units,
 * exactly as LSP counts them). Line breaks are LF, CRLF and lone CR, as YAML defines them.
 */
export interface Position {
  readonly line: number;
  readonly character: number;
}

export class LineIndex {
  private readonly lineStarts: number[];
  /** Each line's break length (0 on the last line): a position past a line's text ends before it. */
  private readonly breakLengths: Uint8Array;

  constructor(readonly textLength: number, lineStarts: number[], breakLengths: Uint8Array) {
    this.lineStarts = lineStarts;
    this.breakLengths = breakLengths;
  }

  static of(text: string): LineIndex {
    const starts = [0];
    const breaks: number[] = [];
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code === 13 /* \r */) {
        const crlf = text.charCodeAt(i + 1) === 10;
        if (crlf) i++;
        starts.push(i + 1);
        breaks.push(crlf ? 2 : 1);
      } else if (code === 10 /* \n */) {
        starts.push(i + 1);
        breaks.push(1);
      }
    }
    breaks.push(0);
    return new LineIndex(text.length, starts, Uint8Array.from(breaks));
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.textLength));
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((this.lineStarts[mid] ?? 0) <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: clamped - (this.lineStarts[low] ?? 0) };
  }

  /** A character past the end of a line is its end, as LSP defines it: never its line break, nor the next line. */
  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.lineStarts.length) return this.textLength;
    const start = this.lineStarts[position.line] ?? 0;
    const end = (this.lineStarts[position.line + 1] ?? this.textLength) - (this.breakLengths[position.line] ?? 0);
    return Math.min(start + Math.max(0, position.character), end);
  }
}
