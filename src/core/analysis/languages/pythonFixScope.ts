// What a fix that edits more than the finding's own expression must know about the rest of the file:
// the logical line around an offset, the function it sits in, and where a name occurs. Built from the
// tokens once per analysed text and only when such a fix is first asked for (fixes are built lazily).
import type { TextSpan } from '../types';
import type { FixContext } from './pythonFixSpelling';
import { type CompactTokens, KIND_COMMENT, KIND_NAME, KIND_OP, scanPython } from './pythonTokenizer';
import { columnOfOffset } from '../lineIndex';

export class PythonFixScope {
  readonly toks: CompactTokens;
  /** Per logical line: its first and one-past-last code token. */
  private readonly firsts: number[] = [];
  private readonly lasts: number[] = [];
  private readonly indents: number[] = [];

  constructor(readonly text: string, private readonly notebookCell = false) {
    this.toks = scanPython(text);
    const { lines, kinds, starts } = this.toks;
    for (let k = 0; k < lines.length; k += 2) {
      let a = lines[k]!;
      let b = lines[k + 1]!;
      while (a < b && kinds[a] === KIND_COMMENT) a++;
      while (b > a && kinds[b - 1] === KIND_COMMENT) b--;
      if (a === b) continue;
      this.firsts.push(a);
      this.lasts.push(b);
      this.indents.push(columnOfOffset(text, starts[a]!));
    }
  }

  get lineCount(): number {
    return this.firsts.length;
  }

  /** The logical line holding `offset`, or -1. */
  lineAt(offset: number): number {
    const { starts, ends } = this.toks;
    let lo = 0;
    let hi = this.firsts.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (starts[this.firsts[mid]!]! > offset) hi = mid - 1;
      else if (ends[this.lasts[mid]! - 1]! <= offset) lo = mid + 1;
      else return mid;
    }
    return -1;
  }

  span(line: number): TextSpan {
    return { start: this.toks.starts[this.firsts[line]!]!, end: this.toks.ends[this.lasts[line]! - 1]! };
  }

  indent(line: number): number {
    return this.indents[line]!;
  }

  /** Token index range [first, last) of a logical line's code. */
  tokens(line: number): readonly [number, number] {
    return [this.firsts[line]!, this.lasts[line]!];
  }

  /** Whether the line's code starts a line of text (not after `;` or a one-line `if x:`). */
  startsItsLine(line: number): boolean {
    const start = this.toks.starts[this.firsts[line]!]!;
    for (let i = start - 1; i >= 0; i--) {
      const c = this.text.charCodeAt(i);
      if (c === 10 || c === 13) return true;
      if (c !== 32 && c !== 9 && c !== 12 && c !== 0xfeff) return false;
    }
    return true;
  }

  firstWord(line: number): string {
    return this.toks.textOf(this.firsts[line]!);
  }

  /**
   * The lines of the innermost `def` around `line` (header included): the region in which a local name can
   * be read. At module level or in a class body, every line of the text, marked as not a function: there a
   * name is also read from other functions and, for a class attribute, as `self.name` — and the text may be
   * one re-analysed block of a larger file or one notebook cell (see `seesAllModuleUses`).
   */
  enclosingFunction(line: number): { readonly from: number; readonly to: number; readonly kind: 'def' | 'module' | 'class' } {
    let indent = this.indents[line]!;
    for (let k = line - 1; k >= 0 && indent > 0; k--) {
      if (this.indents[k]! >= indent) continue;
      indent = this.indents[k]!;
      const first = this.firsts[k]!;
      const head = this.toks.is(first, 'async') ? first + 1 : first;
      if (this.toks.is(head, 'class')) return { from: 0, to: this.firsts.length, kind: 'class' };
      if (!this.toks.is(head, 'def')) continue;
      let to = line + 1;
      while (to < this.firsts.length && this.indents[to]! > indent) to++;
      return { from: k, to, kind: 'def' };
    }
    return { from: 0, to: this.firsts.length, kind: 'module' };
  }

  /**
   * Whether every read of a module-level name is in this text: a whole file (it has a top-level import), not
   * the single `def`/`class` block that incremental re-analysis hands over, nor a notebook cell (later cells
   * read its names too).
   */
  seesAllModuleUses(): boolean {
    if (this.notebookCell) return false;
    for (let k = 0; k < this.firsts.length; k++) {
      if (this.indents[k] !== 0) continue;
      const first = this.firsts[k]!;
      if (this.toks.is(first, 'import') || this.toks.is(first, 'from')) return true;
    }
    return false;
  }

  /** Offsets of the tokens naming `name` in lines [from, to), attribute names (`.name`) left out. */
  nameOccurrences(name: string, from: number, to: number): number[] {
    const out: number[] = [];
    if (from >= to) return out;
    const { kinds, starts } = this.toks;
    const first = this.firsts[from]!;
    const last = this.lasts[to - 1]!;
    for (let i = first; i < last; i++) {
      if (kinds[i] === KIND_NAME && this.toks.is(i, name) && !(i > 0 && kinds[i - 1] === KIND_OP && this.toks.is(i - 1, '.'))) out.push(starts[i]!);
    }
    return out;
  }

  /** Offsets where the dotted name (`self.criterion`, `criterion`) is written, not as the tail of a longer chain. */
  dottedOccurrences(dotted: string): number[] {
    const parts = dotted.split('.');
    const out: number[] = [];
    const { kinds, starts, count } = this.toks;
    const isDot = (i: number): boolean => kinds[i] === KIND_OP && this.toks.is(i, '.');
    for (let i = 0; i + 2 * (parts.length - 1) < count; i++) {
      if (kinds[i] !== KIND_NAME || !this.toks.is(i, parts[0]!) || (i > 0 && isDot(i - 1))) continue;
      let ok = true;
      for (let p = 1; p < parts.length && ok; p++) ok = isDot(i + 2 * p - 1) && kinds[i + 2 * p] === KIND_NAME && this.toks.is(i + 2 * p, parts[p]!);
      if (ok) out.push(starts[i]!);
    }
    return out;
  }

  /** Whether any name token of the text spells `name` (for picking a fresh local name). */
  mentions(name: string): boolean {
    const { kinds, count } = this.toks;
    for (let i = 0; i < count; i++) if (kinds[i] === KIND_NAME && this.toks.is(i, name)) return true;
    return false;
  }
}


// One scope per analysed text, made when a fix first needs it and dropped with the text's fix context.
const scopes = new WeakMap<object, PythonFixScope>();

export function fixScopeFor(ctx: FixContext): PythonFixScope {
  let s = scopes.get(ctx);
  if (s === undefined) {
    s = new PythonFixScope(ctx.text, ctx.notebookCell === true);
    scopes.set(ctx, s);
  }
  return s;
}
