// Offsets ↔ lines. Lines end at \n, \r\n or a lone \r (as VS Code counts them); columns are UTF-16 code units.

export interface LineColumn {
  /** 0-based line. */
  readonly line: number;
  /** 0-based UTF-16 column. */
  readonly column: number;
}

export class LineIndex {
  /** Offset at which each line starts. */
  readonly starts: number[];

  constructor(readonly text: string) {
    const starts = [0];
    const n = text.length;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
    this.starts = starts;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** 0-based line containing `offset` (offsets past the end fall on the last line). */
  lineOf(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  position(offset: number): LineColumn {
    const line = this.lineOf(offset);
    return { line, column: offset - this.starts[line]! };
  }

  offsetAt(line: number, column: number): number {
    const start = this.starts[Math.max(0, Math.min(line, this.starts.length - 1))]!;
    return Math.min(start + column, this.text.length);
  }

  /** Offset of the end of `line`'s content (before its line break). */
  lineEnd(line: number): number {
    const next = this.starts[line + 1];
    if (next === undefined) return this.text.length;
    let end = next;
    if (end > 0 && this.text.charCodeAt(end - 1) === 10) end--;
    if (end > 0 && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }
}

/** UTF-16 column of `offset` in its line (the count of characters after the last line break before it). */
export function columnOfOffset(text: string, offset: number): number {
  let i = offset;
  while (i > 0) {
    const c = text.charCodeAt(i - 1);
    if (c === 10 || c === 13) break;
    i--;
  }
  return offset - i;
}
