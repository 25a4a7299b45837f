// What every Python fix is built from: code pieces with their binding power, a speller that names a
// qualified function the way the file does (adding an import when nothing binds it), and the re-parse
// check each edited statement must pass before a fix is offered.
import { bindingPower } from '../expressionParser';
import { type Expr, stripParens } from '../syntax';
import type { TextEdit, TextSpan } from '../types';
import { PYTHON_GRAMMAR } from './pythonGrammar';
import type { AliasTable } from './pythonImports';
import { parseStatement } from './pythonStatements';
import { tokenizePython } from './pythonTokenizer';

export interface FixContext {
  readonly text: string;
  readonly aliases: AliasTable;
  readonly userBound: ReadonlySet<string>;
  /** Where an added import goes: after the last top-level import, or before the first statement. */
  readonly importInsert: { readonly offset: number; readonly before: boolean };
  readonly eol: string;
  /** The text is a notebook cell: other cells may read its module-level names. */
  readonly notebookCell?: boolean;
}

/** A piece of code as text with the binding power it has as an operand. */
export interface Code {
  readonly text: string;
  readonly power: number;
  /** Cheap and side-effect free: a name, attribute chain, number or simple subscript; may be written twice. */
  readonly simple: boolean;
}

export const CALL_POWER = 16;

export function wrap(c: Code, required: number): string {
  return c.power >= required ? c.text : `(${c.text})`;
}

export function codeOf(e: Expr, text: string): Code {
  const n = stripParens(e);
  return { text: text.slice(n.start, n.end), power: bindingPower(n, PYTHON_GRAMMAR), simple: isSimple(n, 0) };
}

export function isSimple(e: Expr, depth: number): boolean {
  if (depth > 4) return false;
  const n = stripParens(e);
  switch (n.kind) {
    case 'name':
    case 'number':
      return true;
    case 'attribute':
      return isSimple(n.object, depth + 1);
    case 'subscript':
      return isSimple(n.object, depth + 1) && n.index.every((i) => (i.kind === 'group' && i.label === 'slice' ? i.children.every((c) => isSimple(c, depth + 1)) : isSimple(i, depth + 1)));
    case 'unary':
      return n.op === '-' && isSimple(n.operand, depth + 1);
    default:
      return false;
  }
}

export class Speller {
  readonly importEdits: TextEdit[] = [];
  private readonly added = new Set<string>();

  constructor(private readonly ctx: FixContext) {}

  private free(name: string): boolean {
    return !this.ctx.userBound.has(name) && this.ctx.aliases.get(name) === undefined;
  }

  /** How the file can name `qualified` (`scipy.special.expit`), adding an import when nothing binds it. */
  spell(qualified: string): string {
    const bindings = this.ctx.aliases.bindings;
    for (const [local, q] of bindings) if (q === qualified && !this.ctx.userBound.has(local)) return local;
    const parts = qualified.split('.');
    for (let cut = parts.length - 1; cut >= 1; cut--) {
      const prefix = parts.slice(0, cut).join('.');
      for (const [local, q] of bindings) {
        if (q === prefix && !this.ctx.userBound.has(local)) return [local, ...parts.slice(cut)].join('.');
      }
    }
    // Nothing binds it: import the module the usual way.
    const root = parts[0]!;
    const name = parts[parts.length - 1]!;
    if (root === 'scipy' || (root === 'jax' && parts[1] === 'scipy')) {
      const module = parts.slice(0, -1).join('.');
      if (this.free(name)) {
        this.addImport(`from ${module} import ${name}`);
        return name;
      }
      this.addImport(`import ${module}`);
      return qualified;
    }
    const conventional: Record<string, [string, string]> = {
      numpy: ['import numpy as np', 'np'], tensorflow: ['import tensorflow as tf', 'tf'], torch: ['import torch', 'torch'],
      math: ['import math', 'math'], jax: ['import jax', 'jax'],
    };
    const conv = conventional[root];
    if (conv !== undefined && this.free(conv[1])) {
      this.addImport(conv[0]);
      return [conv[1], ...parts.slice(1)].join('.');
    }
    this.addImport(`import ${root}`);
    return qualified;
  }

  private addImport(statement: string): void {
    if (this.added.has(statement)) return;
    this.added.add(statement);
    const { offset, before } = this.ctx.importInsert;
    this.importEdits.push({ span: { start: offset, end: offset }, newText: before ? `${statement}${this.ctx.eol}` : `${this.ctx.eol}${statement}` });
  }
}

export interface Candidate {
  readonly title: string;
  readonly replacement: Code;
  readonly extraEdits?: TextEdit[];
  /** When set, these edits replace the default one that swaps the whole node for `replacement`. */
  readonly ownEdits?: TextEdit[];
  readonly speller: Speller;
  /** Every statement the edits touch, each re-parsed on its own (default: the finding's statement). */
  readonly statements?: readonly TextSpan[];
  /** Whole statements inserted before a line (`m = max(xs)`): each must parse as one statement on its own. */
  readonly insertions?: readonly { readonly edit: TextEdit; readonly statement: string }[];
}

export function reparses(text: string, statement: TextSpan, edits: readonly TextEdit[]): boolean {
  const inside = edits.filter((e) => e.span.start >= statement.start && e.span.end <= statement.end).sort((a, b) => b.span.start - a.span.start);
  let snippet = text.slice(statement.start, statement.end);
  for (const e of inside) snippet = snippet.slice(0, e.span.start - statement.start) + e.newText + snippet.slice(e.span.end - statement.start);
  // The statement may sit inside a block: parse it dedented, as its own logical lines.
  const { tokens, lines } = tokenizePython(snippet);
  const code = tokens.filter((t) => t.kind !== 'comment');
  if (lines.length !== 2) return false;
  const st = parseStatement(code, 0, code.length);
  return !st.broken;
}

export function call(fn: string, ...args: string[]): Code {
  return { text: `${fn}(${args.join(', ')})`, power: CALL_POWER, simple: false };
}

export function short(code: Code): string {
  return code.text.length > 60 ? `${code.text.slice(0, 57)}...` : code.text;
}
