// Fixes that insert statements: max-subtraction for C/C++ softmax loops, and the max-shifted log-sum-exp
// (`m + log(Σ exp(v - m))`) for loops and reductions in every C-family language. Offered only where the shape
// is recognised exactly: a loop header that can be repeated without effects (`int i = 0; i < n; i++` or a
// for-each over a plain name), a collection that is a plain name, a statement that starts its line.
//
// Log-sum-exp keeps the original's behaviour where the maximum is not finite: the shift is the maximum when
// it is finite and 0 otherwise, and with a shift of 0 the fixed code computes exactly what the original did
// (an empty collection or all -Infinity still gives log(0) = -Infinity, an Infinity gives Infinity, a NaN NaN).
// The maximum is computed once, before the loop or the statement, and read twice.
import type { Expr, CallExpr } from '../syntax';
import { stripParens, walk } from '../syntax';
import type { Fix, TextEdit } from '../types';
import type { CFamilyLanguage, FileFacts, MathCall } from './cfamilyLanguage';
import type { CToken } from './cfamilyTokens';
import { parseCFamily } from './cfamilyParser';

/** What these fixes read of an analysed file; built by the analysis from its own context. */
export interface LoopFixEnv {
  readonly text: string;
  readonly lang: CFamilyLanguage;
  readonly facts: FileFacts;
  /** Code tokens (no comments or directives) and, per bracket token, the index of its partner (-1 if none). */
  readonly code: readonly CToken[];
  readonly match: Int32Array;
  /** Index of the first code token starting at or after `offset`. */
  tokenIndexAt(offset: number): number;
  /** The body of the function around `offset` (the whole file when none). */
  functionScope(offset: number): { readonly start: number; readonly end: number };
  /** The top-level expressions overlapping [start, end), in text order. */
  expressionsIn(start: number, end: number): Expr[];
  mathCall(e: Expr): MathCall | undefined;
  /** Every name in the file, so new names are fresh. */
  allNames(): ReadonlySet<string>;
}

// ---------------------------------------------------------------------------------------------------
// Loops

interface ForLoop {
  /** Code index of `for` / `foreach`. */
  readonly keyword: number;
  readonly open: number;
  readonly close: number;
  /** Code indices of the first and last token of the body (a `{...}` block or one statement up to its `;`). */
  readonly bodyFirst: number;
  readonly bodyLast: number;
  /** The header between the parentheses, as written. */
  readonly header: string;
  /** Counted loop `i = 0; i < n; i++`: the index name; for-each: the element name and the collection. */
  readonly index?: string;
  readonly element?: string;
  readonly collection?: string;
}

const PLAIN = String.raw`[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*`;
const COUNTED = new RegExp(String.raw`^(?:(?:int|long|short|unsigned|unsigned int|size_t|std::size_t|ptrdiff_t|int32_t|int64_t|uint32_t|uint64_t|auto|var|let)\s+)?`
  + String.raw`([A-Za-z_$][\w$]*)\s*=\s*0\s*;\s*\1\s*(?:<|!=)\s*(${PLAIN}(?:\.(?:size|length|Count)\(\))?|\d+)\s*;\s*(?:\1\s*\+\+|\+\+\s*\1|\1\s*\+=\s*1)$`);
const FOR_EACH = new RegExp(String.raw`^(?:(?:const|let|var|final)\s+)?(?:(?:double|float|auto|var|Double|Float|const)\s*&?\s*)*`
  + String.raw`([A-Za-z_$][\w$]*)(\s*:\s*|\s+in\s+|\s+of\s+)(${PLAIN})$`);

/** The loop whose header starts at code index `k` (`for` or `foreach`), if its header has a recognised shape. */
function loopAt(env: LoopFixEnv, k: number): ForLoop | undefined {
  const { code, match, text } = env;
  const kw = code[k];
  const open = code[k + 1];
  if (!kw || kw.kind !== 'name' || (kw.text !== 'for' && kw.text !== 'foreach') || open?.text !== '(') return undefined;
  const close = match[k + 1] ?? -1;
  if (close < 0) return undefined;
  const header = text.slice(open.end, code[close]!.start).trim();
  const flat = header.replace(/\s+/g, ' ');
  const counted = kw.text === 'for' ? COUNTED.exec(flat) : null;
  const each = counted ? null : FOR_EACH.exec(flat);
  if (!counted && !each) return undefined;
  // `in` belongs to C#'s foreach, `of` to JavaScript, `:` to Java and C++.
  const separator = each?.[2]!.trim();
  if (each && (kw.text === 'foreach') !== (separator === 'in')) return undefined;
  if (each && separator === 'of' && env.lang.mathFramework !== 'javascript') return undefined;
  const first = close + 1;
  const f = code[first];
  if (!f) return undefined;
  let last: number;
  if (f.text === '{') {
    last = match[first] ?? -1;
    if (last < 0) return undefined;
  } else {
    // One statement: up to its `;` at bracket depth 0; a nested control statement is not a shape we repeat.
    if (f.kind === 'name' && ['for', 'foreach', 'while', 'if', 'do', 'switch'].includes(f.text)) return undefined;
    last = first;
    while (last < code.length && code[last]!.text !== ';') {
      const m = match[last] ?? -1;
      if (m > last) last = m;
      last++;
    }
    if (last >= code.length) return undefined;
  }
  return {
    keyword: k, open: k + 1, close, bodyFirst: first, bodyLast: last, header,
    ...(counted ? { index: counted[1]! } : { element: each![1]!, collection: each![3]! }),
  };
}

/** The innermost recognised loop whose body holds code index `at`, searching back to `from`. */
function enclosingLoop(env: LoopFixEnv, at: number, from: number): ForLoop | undefined {
  for (let k = at - 1; k >= from; k--) {
    const t = env.code[k]!;
    if (t.kind !== 'name' || (t.text !== 'for' && t.text !== 'foreach')) continue;
    const loop = loopAt(env, k);
    if (loop && loop.bodyFirst <= at && at <= loop.bodyLast) return loop;
    // An unrecognised loop around `at` hides any outer one: its body is not a shape we know.
    if (!loop && (env.match[k + 1] ?? -1) >= 0) {
      const close = env.match[k + 1]!;
      const body = close + 1;
      const end = env.code[body]?.text === '{' ? env.match[body] ?? -1 : -1;
      if (body <= at && (end < 0 || at <= end)) return undefined;
    }
  }
  return undefined;
}

/** The element a loop's exp reads: `z[i]` in a counted loop over i, the element name in a for-each. */
function loopElement(env: LoopFixEnv, loop: ForLoop, arg: Expr): { collection: string; element: string } | undefined {
  const a = stripParens(arg);
  if (loop.index !== undefined) {
    if (a.kind !== 'subscript' || a.index.length !== 1) return undefined;
    const idx = stripParens(a.index[0]!);
    const obj = stripParens(a.object);
    if (idx.kind !== 'name' || idx.name !== loop.index || !isPlain(obj)) return undefined;
    return { collection: textOf(env, obj), element: textOf(env, a) + (nonNullAsserted(env, a) ? '!' : '') };
  }
  if (a.kind !== 'name' || a.name !== loop.element) return undefined;
  return { collection: loop.collection!, element: a.name };
}

/** TypeScript's `xs[i]!`: the parser leaves the `!` out of the node, the fix must keep it with the element. */
function nonNullAsserted(env: LoopFixEnv, e: Expr): boolean {
  return env.text[e.end] === '!' && env.text[e.end + 1] !== '=';
}

function isPlain(e: Expr): boolean {
  const s = stripParens(e);
  if (s.kind === 'name') return true;
  return s.kind === 'attribute' && isPlain(s.object);
}

function textOf(env: LoopFixEnv, e: Expr): string {
  return env.text.slice(e.start, e.end);
}

// ---------------------------------------------------------------------------------------------------
// Spelling per language

type Precision = 'float' | 'double';

interface Spelling {
  declare(type: Precision, name: string, init: string, mutable: boolean): string;
  negativeInfinity(type: Precision): string;
  /** `name` when it is finite, else 0. */
  finiteOrZero(type: Precision, name: string): string;
}

function spellingOf(env: LoopFixEnv): Spelling {
  switch (env.lang.mathFramework) {
    case 'javascript':
      return {
        declare: (_t, name, init, mutable) => `${mutable ? 'let' : 'const'} ${name} = ${init};`,
        negativeInfinity: () => '-Infinity',
        finiteOrZero: (_t, m) => `Number.isFinite(${m}) ? ${m} : 0`,
      };
    case 'dotnet':
      return {
        declare: (t, name, init) => `${t} ${name} = ${init};`,
        negativeInfinity: (t) => `${t}.NegativeInfinity`,
        finiteOrZero: (t, m) => `${t}.IsInfinity(${m}) || ${t}.IsNaN(${m}) ? ${t === 'float' ? '0f' : '0.0'} : ${m}`,
      };
    case 'java':
      return {
        declare: (t, name, init) => `${t} ${name} = ${init};`,
        negativeInfinity: (t) => (t === 'float' ? 'Float.NEGATIVE_INFINITY' : 'Double.NEGATIVE_INFINITY'),
        finiteOrZero: (t, m) => `${t === 'float' ? 'Float' : 'Double'}.isFinite(${m}) ? ${m} : ${t === 'float' ? '0.0f' : '0.0'}`,
      };
    default: {
      const isfinite = env.facts.cplusplus ? 'std::isfinite' : 'isfinite';
      return {
        declare: (t, name, init) => `${t} ${name} = ${init};`,
        negativeInfinity: () => '-INFINITY',
        finiteOrZero: (t, m) => `${isfinite}(${m}) ? ${m} : ${t === 'float' ? '0.0f' : '0.0'}`,
      };
    }
  }
}

/** A fresh name from `base` (`zMax`, `z_max2`), against every name of the file and names already taken by this fix. */
function freshName(env: LoopFixEnv, base: string, taken: Set<string>): string {
  const names = env.allNames();
  let name = base;
  for (let k = 2; names.has(name) || taken.has(name) || names.has(`${name}Item`); k++) name = `${base}${k}`;
  taken.add(name);
  return name;
}

function nameFor(env: LoopFixEnv, collection: string, role: 'max' | 'shift', taken: Set<string>): string {
  const base = collection.slice(collection.lastIndexOf('.') + 1).replace(/^_+/, '') || 'x';
  const snake = env.lang.id === 'c' || env.lang.id === 'cpp';
  return freshName(env, snake ? `${base}_${role}` : `${base}${role === 'max' ? 'Max' : 'Shift'}`, taken);
}

/**
 * The precision of a collection's elements: C/C++ from its declaration in the function (`const float* z`,
 * `std::vector<float>& z`, `float z[]`), C# from the exp (`MathF.Exp`); double otherwise.
 */
function elementPrecision(env: LoopFixEnv, collection: string, exp: MathCall, scope: { start: number; end: number }): Precision {
  if (exp.float32) return 'float';
  if (env.lang.id !== 'c' && env.lang.id !== 'cpp') return 'double';
  const { code } = env;
  // The parameter list sits just before the body: start a little before it.
  const from = Math.max(0, env.tokenIndexAt(scope.start) - 48);
  for (let i = from; i < code.length && code[i]!.start < scope.end; i++) {
    const t = code[i]!;
    if (t.kind !== 'name' || t.text !== collection) continue;
    for (let k = i - 1; k >= 0 && k >= i - 8; k--) {
      const w = code[k]!;
      if (w.kind === 'op' && (w.text === '(' || w.text === ',' || w.text === ';' || w.text === '{' || w.text === '}' || w.text === '=')) break;
      if (w.text === 'float') return 'float';
      if (w.text === 'double') return 'double';
    }
  }
  return 'double';
}

/** Code index of the first token of the statement holding code index `k` (after the previous `;`, `{` or `}`). */
export function statementStartIn(code: readonly CToken[], match: Int32Array, k: number): number {
  let i = k - 1;
  for (; i >= 0; i--) {
    const t = code[i]!;
    if (t.kind !== 'op') continue;
    if (t.text === ';' || t.text === '{' || t.text === '}') break;
    if ((t.text === ')' || t.text === ']') && (match[i] ?? -1) >= 0) i = match[i]!;
  }
  return i + 1;
}

function statementStart(env: LoopFixEnv, k: number): number {
  return statementStartIn(env.code, env.match, k);
}

// Statements before which declarations cannot go: they would land between `if (...)` and its `else`, or before a `case`.
const CONTROL_WORDS = new Set(['if', 'else', 'for', 'foreach', 'while', 'do', 'switch', 'case', 'default', 'try', 'using', 'lock', 'fixed']);

/** Code index `k` begins a statement of a block: after `;`, `{`, `}` or at the start (not the body of a braceless `if`/`else`/loop). */
function startsStatement(env: LoopFixEnv, k: number): boolean {
  const prev = env.code[k - 1];
  return prev === undefined || (prev.kind === 'op' && (prev.text === ';' || prev.text === '{' || prev.text === '}'));
}

/** The indentation of the line `offset` starts, or undefined when something other than blanks precedes it there. */
function lineIndentAt(text: string, offset: number): string | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  return /^[ \t]*$/.test(before) ? before : undefined;
}

/** Every inserted statement must keep brackets balanced, and every replaced expression must parse as one expression. */
function reparses(env: LoopFixEnv, edits: readonly TextEdit[], expressions: readonly string[]): boolean {
  for (const e of edits) {
    const parsed = parseCFamily(env.lang.tokenize(e.newText), env.lang.parse);
    for (let i = 0; i < parsed.code.length; i++) {
      const t = parsed.code[i]!;
      if (t.kind === 'op' && '()[]{}'.includes(t.text) && parsed.match[i] === -1) return false;
    }
  }
  for (const x of expressions) {
    const parsed = parseCFamily(env.lang.tokenize(x), env.lang.parse);
    if (parsed.expressions.length !== 1 || parsed.expressions[0]!.start !== 0 || parsed.expressions[0]!.end !== x.length) return false;
  }
  return true;
}

function checked(env: LoopFixEnv, fix: Fix, expressions: readonly string[]): Fix | undefined {
  if (!reparses(env, fix.edits, expressions)) return undefined;
  return { title: fix.title, edits: [...fix.edits].sort((a, b) => a.span.start - b.span.start) };
}

/** The exp calls (resolved as such) in [start, end), in text order. */
function expCallsIn(env: LoopFixEnv, start: number, end: number): Array<MathCall & { node: Expr }> {
  const out: Array<MathCall & { node: Expr }> = [];
  for (const top of env.expressionsIn(start, end)) {
    walk(top, (n) => {
      if (n.start < start || n.end > end || n.kind !== 'call') return;
      const m = env.mathCall(n);
      if (m?.fn === 'exp' && !m.tensor) out.push({ ...m, node: n });
    });
  }
  return out.sort((a, b) => a.node.start - b.node.start);
}

const ASSIGNMENT = /^(?:[-+*/%&|^]|<<|>>|>>>|\?\?|&&|\|\|)?=$|^\+\+$|^--$/;

/** The plain name `collection` (`z`, `this.z`) is assigned or stepped somewhere in the scope, from code index `after` on (`z = next;`, `z++`, `++z`). */
function reassigned(env: LoopFixEnv, collection: string, scope: { start: number; end: number }, after = 0): boolean {
  const head = collection.slice(collection.lastIndexOf('.') + 1);
  const { code } = env;
  for (let i = Math.max(env.tokenIndexAt(scope.start), after); i < code.length && code[i]!.start < scope.end; i++) {
    const t = code[i]!;
    if (t.kind !== 'name' || t.text !== head) continue;
    const next = code[i + 1];
    const prev = code[i - 1];
    if ((next?.kind === 'op' && ASSIGNMENT.test(next.text)) || (prev?.kind === 'op' && (prev.text === '++' || prev.text === '--'))) return true;
  }
  return false;
}

/** A `for`/`foreach`/`while`/`do` between code index `from` and `k` whose body holds `k`. */
function insideAnotherLoop(env: LoopFixEnv, from: number, k: number): boolean {
  const { code, match } = env;
  for (let i = k - 1; i >= from; i--) {
    const t = code[i]!;
    if (t.kind !== 'name' || !['for', 'foreach', 'while', 'do'].includes(t.text)) continue;
    let body = i + 1;
    if (t.text !== 'do') {
      const close = code[i + 1]?.text === '(' ? match[i + 1] ?? -1 : -1;
      if (close < 0) continue;
      body = close + 1;
    }
    if (code[body]?.text === '{') {
      const end = match[body] ?? -1;
      if (end < 0 || end > k) return true;
    } else if (body === k) {
      return true; // `for (...) for (...) ...`
    }
  }
  return false;
}

// ---------------------------------------------------------------------------------------------------
// Softmax loops in C and C++

/** Whitespace-free text of the statement holding `node` (inside `loop`'s body), without its `;`. */
function statementText(env: LoopFixEnv, loop: ForLoop, node: Expr): string | undefined {
  const { code } = env;
  const k = env.tokenIndexAt(node.start);
  const start = Math.max(statementStart(env, k), loop.bodyFirst);
  let end = k;
  while (end < code.length && code[end]!.text !== ';') {
    const m = env.match[end] ?? -1;
    if (m > end) end = m;
    end++;
  }
  if (end >= code.length || start > k) return undefined;
  let text = '';
  for (let i = start; i < end; i++) text += code[i]!.text;
  return text;
}

/**
 * The exp's value is normalised by a sum S accumulated in the function: `S += exp(z[i])`, `y[i] = exp(z[i]) / S`,
 * or `e[i] = exp(z[i])` where e[...] is itself added into S and divided by it (`e[i] /= S`, `y[i] = e[i] / S`).
 */
function normalisedExp(env: LoopFixEnv, loop: ForLoop, node: Expr, scope: { start: number; end: number }): boolean {
  const statement = statementText(env, loop, node);
  if (statement === undefined) return false;
  const exp = env.text.slice(node.start, node.end).replace(/\s+/g, '');
  // Code tokens only: a comment between statements must not hide them.
  let scopeText = '';
  for (let i = env.tokenIndexAt(scope.start); i < env.code.length && env.code[i]!.start < scope.end; i++) scopeText += env.code[i]!.text;
  const escape = (x: string): string => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const sums = new Set<string>();
  for (const m of scopeText.matchAll(/(?:^|[;{})])([A-Za-z_]\w*)\+=/g)) sums.add(m[1]!);
  if (statement.startsWith('+=', statement.length - exp.length - 2) && sums.has(statement.slice(0, statement.length - exp.length - 2))
    && statement.endsWith(exp)) return true;
  const divided = new RegExp(String.raw`^[A-Za-z_]\w*\[\w+\]=${escape(exp)}/([A-Za-z_]\w*)$`).exec(statement);
  if (divided) return sums.has(divided[1]!);
  const stored = new RegExp(String.raw`^([A-Za-z_]\w*)\[\w+\]=${escape(exp)}$`).exec(statement);
  if (!stored) return false;
  const e = escape(stored[1]!);
  return [...sums].some((s) => {
    const sum = escape(s);
    return new RegExp(String.raw`(?:^|[;{})])${sum}\+=${e}\[\w+\];`).test(scopeText)
      && (new RegExp(String.raw`${e}\[\w+\](?:/=${sum};|=${e}\[\w+\]/${sum};)|=${e}\[\w+\]/${sum};`).test(scopeText)
        // `for (auto& v : e) v /= S;`
        || new RegExp(String.raw`for\([\w:<>]*&(\w+):${e}\)(?:\{)?\1/=${sum};`).test(scopeText));
  });
}

/**
 * `for (int i = 0; i < n; i++) { e[i] = exp(z[i]); s += e[i]; } for (...) y[i] = e[i] / s;` (and the variants
 * with one loop or `expf`): the maximum of z is computed by a loop with the same header just before the first
 * loop that exponentiates z, and every `exp(z[...])` of the function gets `- max`. All findings of the function
 * get the same edits, so "fix all" applies them once.
 */
export function cLoopSoftmaxFix(env: LoopFixEnv, call: CallExpr, exp: MathCall): Fix | undefined {
  if (env.lang.id !== 'c' && env.lang.id !== 'cpp') return undefined;
  const scope = env.functionScope(call.start);
  const from = env.tokenIndexAt(scope.start);
  const loop = enclosingLoop(env, env.tokenIndexAt(call.start), from);
  if (!loop || loop.index === undefined) return undefined;
  const own = loopElement(env, loop, exp.arg);
  if (!own) return undefined;
  // Every exp of this collection in the function: each inside a recognised counted loop, reading z[index].
  const exps = expCallsIn(env, scope.start, scope.end);
  const ofCollection: Array<MathCall & { node: Expr }> = [];
  let firstLoop: ForLoop | undefined;
  for (const m of exps) {
    const a = stripParens(m.arg);
    const reads = a.kind === 'subscript' && textOf(env, stripParens(a.object)) === own.collection;
    if (!reads) continue;
    const l = enclosingLoop(env, env.tokenIndexAt(m.node.start), from);
    if (!l || l.index === undefined || !loopElement(env, l, m.arg)) return undefined;
    // Shifting every exp of z by the same constant cancels only where each one ends up normalised by the sum.
    if (!normalisedExp(env, l, m.node, scope)) return undefined;
    ofCollection.push(m);
    if (!firstLoop || l.keyword < firstLoop.keyword) firstLoop = l;
  }
  if (!firstLoop) return undefined;
  // The collection must not be written before that loop (its maximum is taken there), nor re-pointed anywhere,
  // and the loops must not run inside another loop (which could change the collection between the two).
  const loopStartOffset = env.code[firstLoop.keyword]!.start;
  for (let i = from; i < env.code.length && env.code[i]!.start < loopStartOffset; i++) {
    if (env.code[i]!.text === own.collection && env.code[i + 1]?.text === '[') {
      const close = env.match[i + 1] ?? -1;
      const after = close >= 0 ? env.code[close + 1] : undefined;
      if (after?.kind === 'op' && ASSIGNMENT.test(after.text)) return undefined;
    }
  }
  if (reassigned(env, own.collection, scope) || insideAnotherLoop(env, from, firstLoop.keyword)) return undefined;
  const indent = lineIndentAt(env.text, loopStartOffset);
  if (indent === undefined || !startsStatement(env, firstLoop.keyword)) return undefined;
  const type = elementPrecision(env, own.collection, exp, scope);
  const spelling = spellingOf(env);
  const max = nameFor(env, own.collection, 'max', new Set());
  const element = `${own.collection}[${firstLoop.index}]`;
  const forWord = env.code[firstLoop.keyword]!.text;
  const declaration = [
    spelling.declare(type, max, spelling.negativeInfinity(type), true),
    `${forWord} (${firstLoop.header}) if (${element} > ${max}) ${max} = ${element};`,
  ].join(`\n${indent}`);
  const edits: TextEdit[] = [{ span: { start: loopStartOffset, end: loopStartOffset }, newText: `${declaration}\n${indent}` }];
  for (const m of ofCollection) edits.push({ span: { start: m.arg.start, end: m.arg.end }, newText: `${textOf(env, m.arg)} - ${max}` });
  return checked(env, { title: `Subtract the maximum of ${own.collection} before exponentiating`, edits }, ofCollection.map((m) => `${textOf(env, m.arg)} - ${max}`));
}

// ---------------------------------------------------------------------------------------------------
// Log-sum-exp

/**
 * The max-shifted log-sum-exp for `log(s)` where `s += exp(v)` in a loop (for-each or counted), or for
 * `log(xs.reduce((a, v) => a + exp(v), 0))` / `Log(xs.Sum(v => Exp(v)))`. Undefined where the shape is not
 * recognised exactly.
 */
export function logSumExpFix(env: LoopFixEnv, call: CallExpr, inner: Expr): Fix | undefined {
  const s = stripParens(inner);
  if (s.kind === 'name') return loopLogSumExpFix(env, call, s.name);
  if (s.kind === 'call') return reductionLogSumExpFix(env, call, s);
  return undefined;
}

function shiftStatements(env: LoopFixEnv, type: Precision, max: string, shift: string, indent: string, maxLines: string[]): string {
  const spelling = spellingOf(env);
  return [...maxLines, spelling.declare(type, shift, spelling.finiteOrZero(type, max), false)].join(`\n${indent}`);
}

function loopLogSumExpFix(env: LoopFixEnv, call: CallExpr, sum: string): Fix | undefined {
  const scope = env.functionScope(call.start);
  const { code } = env;
  const from = env.tokenIndexAt(scope.start);
  // The sum is named exactly three times in the function: `s = 0` (its declaration), `s += exp(...)`, `log(s)`.
  const mentions: number[] = [];
  for (let i = from; i < code.length && code[i]!.start < scope.end; i++) if (code[i]!.kind === 'name' && code[i]!.text === sum) mentions.push(i);
  if (mentions.length !== 3) return undefined;
  const [declared, accumulated, logged] = mentions as [number, number, number];
  if (code[declared + 1]?.text !== '=' || !/^0(\.0*)?[fFdD]?$|^0[fFdD]$/.test(code[declared + 2]?.text ?? '') || code[declared + 3]?.text !== ';') return undefined;
  if (code[accumulated + 1]?.text !== '+=' || code[logged]!.start < call.start || code[logged]!.end > call.end) return undefined;
  // `s += exp(v);` as a whole statement inside a recognised loop that ends before the log.
  const loop = enclosingLoop(env, accumulated, from);
  if (!loop || code[loop.bodyLast]!.end > call.start || insideAnotherLoop(env, from, loop.keyword)) return undefined;
  const accStatementEnd = code.slice(accumulated).findIndex((t) => t.text === ';');
  if (accStatementEnd < 0) return undefined;
  const statementEnd = accumulated + accStatementEnd;
  const rhs = env.expressionsIn(code[accumulated]!.start, code[statementEnd]!.start)
    .find((e) => e.start === code[accumulated]!.start);
  if (!rhs || rhs.kind !== 'binary' || rhs.op !== '+=' || rhs.end !== code[statementEnd - 1]!.end) return undefined;
  const exp = env.mathCall(rhs.right);
  if (!exp || exp.fn !== 'exp' || exp.tensor) return undefined;
  const element = loopElement(env, loop, exp.arg);
  if (!element || reassigned(env, element.collection, scope)) return undefined;
  // The loop's whole body, or a statement of its block.
  if (accumulated !== loop.bodyFirst && statementStart(env, accumulated) !== accumulated) return undefined;
  const loopStart = code[loop.keyword]!.start;
  const indent = lineIndentAt(env.text, loopStart);
  if (indent === undefined || !startsStatement(env, loop.keyword)) return undefined;
  const type = elementPrecision(env, element.collection, exp, scope);
  const spelling = spellingOf(env);
  const taken = new Set<string>();
  const max = nameFor(env, element.collection, 'max', taken);
  const shift = nameFor(env, element.collection, 'shift', taken);
  const forWord = code[loop.keyword]!.text;
  const statements = shiftStatements(env, type, max, shift, indent, [
    spelling.declare(type, max, spelling.negativeInfinity(type), true),
    `${forWord} (${loop.header}) if (${element.element} > ${max}) ${max} = ${element.element};`,
  ]);
  const asserted = nonNullAsserted(env, exp.arg) ? 1 : 0;
  const shiftedArg = `${textOf(env, exp.arg)}${asserted ? '!' : ''} - ${shift}`;
  const logText = `(${shift} + ${textOf(env, call)})`;
  const edits: TextEdit[] = [
    { span: { start: loopStart, end: loopStart }, newText: `${statements}\n${indent}` },
    { span: { start: exp.arg.start, end: exp.arg.end + asserted }, newText: shiftedArg },
    { span: { start: call.start, end: call.end }, newText: logText },
  ];
  // The shared parser has no postfix `!`: the shifted argument is checked without it.
  return checked(env, { title: `Shift by the maximum of ${element.collection}: m + log(sum(exp(v - m)))`, edits }, [shiftedArg.replace('! - ', ' - '), logText]);
}

/** `xs.reduce((a, v) => a + exp(v), 0)` (JavaScript) or `xs.Sum(v => Exp(v))` (C#) inside the log. */
function reductionLogSumExpFix(env: LoopFixEnv, call: CallExpr, reduction: CallExpr): Fix | undefined {
  const maxOf = env.lang.fixes.maxOf;
  if (!maxOf || reduction.callee.kind !== 'attribute') return undefined;
  const stream = javaStreamSum(reduction);
  const collection = stream?.collection ?? stripParens(reduction.callee.object);
  if (!isPlain(collection)) return undefined;
  const method = stream ? 'Sum' : reduction.callee.name;
  const lambda = stripParens((stream ? stream.map : reduction).args[0]?.value ?? collection);
  if (lambda.kind !== 'group' || lambda.label !== 'lambda' || !lambda.params || !lambda.children[0]) return undefined;
  const body = stripParens(lambda.children[0]);
  let element: string;
  let exp: MathCall | undefined;
  if (method === 'reduce' && reduction.args.length === 2 && lambda.params.length === 2) {
    // (a, v) => a + exp(v), starting from 0.
    const init = stripParens(reduction.args[1]!.value);
    if (init.kind !== 'number' || init.value !== 0) return undefined;
    if (body.kind !== 'binary' || body.op !== '+' || stripParens(body.left).kind !== 'name' || textOf(env, stripParens(body.left)) !== lambda.params[0]) return undefined;
    element = lambda.params[1]!;
    exp = env.mathCall(body.right);
  } else if (method === 'Sum' && (stream ? stream.map.args.length : reduction.args.length) === 1 && lambda.params.length === 1) {
    element = lambda.params[0]!;
    exp = env.mathCall(body);
  } else {
    return undefined;
  }
  if (!exp || exp.fn !== 'exp' || exp.tensor) return undefined;
  const arg = stripParens(exp.arg);
  if (arg.kind !== 'name' || arg.name !== element) return undefined;
  // The statement holding the log starts its line, and the collection is not bound inside it (`(z) => Math.log(z.reduce(...))`).
  const { code } = env;
  const at = statementStart(env, env.tokenIndexAt(call.start));
  const first = code[at];
  if (!first) return undefined;
  const indent = lineIndentAt(env.text, first.start);
  if (indent === undefined || !startsStatement(env, at) || (first.kind === 'name' && CONTROL_WORDS.has(first.text))) return undefined;
  const collectionText = textOf(env, collection);
  const head = collectionText.split('.')[0]!;
  for (let i = at; i < code.length && code[i]!.start < collection.start; i++) if (code[i]!.kind === 'name' && code[i]!.text === head) return undefined;
  const type: Precision = exp.float32 ? 'float' : 'double';
  const taken = new Set<string>();
  const max = nameFor(env, collectionText, 'max', taken);
  const shift = nameFor(env, collectionText, 'shift', taken);
  const maxLines = maxOf(collectionText, max, exp.float32, `\n${indent}`);
  if (!maxLines) return undefined;
  const statements = shiftStatements(env, type, max, shift, indent, [maxLines]);
  const shiftedArg = `${textOf(env, exp.arg)} - ${shift}`;
  const callText = textOf(env, call);
  const logText = `(${shift} + ${callText.slice(0, exp.arg.start - call.start)}${shiftedArg}${callText.slice(exp.arg.end - call.start)})`;
  const edits: TextEdit[] = [
    { span: { start: first.start, end: first.start }, newText: `${statements}\n${indent}` },
    { span: { start: call.start, end: call.end }, newText: logText },
  ];
  return checked(env, { title: `Shift by the maximum of ${collectionText}: m + log(sum(exp(v - m)))`, edits }, [logText]);
}

/**
 * Java: `Arrays.stream(xs).map(v -> exp(v)).sum()` or `xs.stream().mapToDouble(v -> exp(v)).sum()`: the collection
 * and the mapping call, read as `xs.Sum(v => exp(v))`.
 */
function javaStreamSum(sum: CallExpr): { collection: Expr; map: CallExpr } | undefined {
  if (sum.callee.kind !== 'attribute' || sum.callee.name !== 'sum' || sum.args.length !== 0) return undefined;
  const map = stripParens(sum.callee.object);
  if (map.kind !== 'call' || map.callee.kind !== 'attribute' || !['map', 'mapToDouble'].includes(map.callee.name)) return undefined;
  const source = stripParens(map.callee.object);
  if (source.kind !== 'call' || source.callee.kind !== 'attribute') return undefined;
  const owner = stripParens(source.callee.object);
  // `Arrays.stream(xs)` / `DoubleStream.of(xs)` over an array, `xs.stream()` over a collection.
  if ((source.callee.name === 'stream' && owner.kind === 'name' && owner.name === 'Arrays')
    || (source.callee.name === 'of' && owner.kind === 'name' && owner.name === 'DoubleStream')) {
    return source.args.length === 1 ? { collection: stripParens(source.args[0]!.value), map } : undefined;
  }
  if (source.callee.name === 'stream' && source.args.length === 0) return { collection: owner, map };
  return undefined;
}

// ---------------------------------------------------------------------------------------------------
// Softmax in JavaScript/TypeScript, C# and Java: when the shift cancels

/** Code indices [first, last] of the statement holding code index `k`, up to (not including) its `;` at bracket depth 0. */
function statementRange(env: LoopFixEnv, k: number, floor: number): { first: number; last: number } | undefined {
  const { code, match } = env;
  let end = k;
  while (end < code.length && code[end]!.text !== ';') {
    const m = match[end] ?? -1;
    if (m > end) end = m;
    else if (code[end]!.text === '}' || (code[end]!.text === '{' && m < 0)) return undefined;
    end++;
  }
  if (end >= code.length) return undefined;
  return { first: Math.max(statementStart(env, k), floor), last: end - 1 };
}

/** Whitespace-free text of code tokens [first, last], without TypeScript's postfix `!` (`out[i]! /= sum`). */
function tokenText(env: LoopFixEnv, first: number, last: number): string {
  let text = '';
  for (let i = first; i <= last; i++) {
    const t = env.code[i]!;
    const prev = env.code[i - 1];
    if (t.text === '!' && i > first && prev && (prev.kind === 'name' || prev.text === ']' || prev.text === ')') && env.code[i + 1]?.text !== '=') continue;
    text += t.text;
  }
  return text;
}

// A lambda's head, with TypeScript's annotations: `v =>`, `(v) =>`, `(v: number): number =>`, Java's `v ->`.
const LAMBDA_1 = String.raw`(?:\((\w+)(?::\w+(?:\[\])?)?\)(?::\w+(?:\[\])?)?|(\w+))(?:=>|->)`;

/** The name a statement declares or assigns (`const e: number[] = ...`, `double[] e = ...`, `e = ...`), and the index of its `=`. */
function assignedName(env: LoopFixEnv, range: { first: number; last: number }): { name: string; eq: number } | undefined {
  const { code, match } = env;
  let eq = range.first;
  while (eq <= range.last && code[eq]!.text !== '=') {
    const m = match[eq] ?? -1;
    eq = m > eq ? m + 1 : eq + 1;
  }
  if (eq > range.last) return undefined;
  for (let i = range.first; i < eq; i++) {
    const t = code[i]!;
    if (t.kind === 'name' && (code[i + 1]?.text === '=' || code[i + 1]?.text === ':') && code[i - 1]?.text !== '.') return { name: t.text, eq };
  }
  return undefined;
}

const escapeRegExp = (x: string): string => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The exps a softmax fix shifts (by the same maximum), and the code index of the statement the maximum goes before. */
export interface SoftmaxShift {
  readonly args: readonly Expr[];
  readonly insertAt: number;
}

/**
 * Subtracting a constant m inside exp multiplies that exp by e^-m: the meaning is kept only where the exps are
 * used solely as the numerators and the denominator of one normalisation. Checked for the one exp of
 * `collection` at `call`, stored into E (`E[i] = exp(z[i])` in a counted loop, or `E = z.map(v => exp(v))` /
 * `z.Select(v => Exp(v)).ToArray()`):
 * - no other exp of an element in the function (a shift of one exp but not the other would not cancel), except
 *   in the two-loop form `s += exp(z[i])`, `y[i] = exp(z[i]) / s`, where all of them are shifted (pairedLoopShift);
 * - E is named only where it is declared locally, stored, summed once into S (`S += E[i]`, `S = E.reduce((a, b) => a + b, 0)`,
 *   `S = E.Sum()`, `S = Arrays.stream(E).sum()`) and divided by S (`E[i] /= S`, `Y[i] = E[i] / S`, `E.map(v => v / S)`);
 *   after an in-place division (`E[i] /= S`) it holds the normalised values and may be used freely;
 * - S is named only where it is declared as 0, summed and used as that divisor (not returned, logged or added to otherwise);
 * - the collection is not written or re-pointed once its maximum is taken, and a loop's exp does not run inside another loop.
 */
export function softmaxShift(env: LoopFixEnv, call: CallExpr, exp: MathCall, collection: string): SoftmaxShift | undefined {
  const { code, match } = env;
  const scope = env.functionScope(call.start);
  const from = env.tokenIndexAt(scope.start);
  let to = from;
  while (to < code.length && code[to]!.start < scope.end) to++;
  const at = env.tokenIndexAt(call.start);
  const a = stripParens(exp.arg);
  // Another exp of an element (a subscript or a bare name) in the function: both must be shifted, which only the
  // two-loop form `s += exp(z[i])`, `y[i] = exp(z[i]) / s` is recognised for.
  for (const m of expCallsIn(env, scope.start, scope.end)) {
    if (m.node.start === call.start && m.node.end === call.end) continue;
    const other = stripParens(m.arg);
    if (other.kind === 'subscript' || other.kind === 'name') return a.kind === 'subscript' ? pairedLoopShift(env, scope, from, to, collection) : undefined;
  }
  const expText = tokenText(env, at, env.tokenIndexAt(call.end) - 1);
  let store: { first: number; last: number } | undefined;
  let target: string | undefined;
  let insertion = at;
  if (a.kind === 'subscript') {
    const loop = enclosingLoop(env, at, from);
    if (!loop || loop.index === undefined || insideAnotherLoop(env, from, loop.keyword)) return undefined;
    insertion = loop.keyword;
    store = statementRange(env, at, loop.bodyFirst);
    if (!store) return undefined;
    // `e[i] = exp(z[i])`, also through a cast: `(float) Math.exp(z[i])`.
    const stored = new RegExp(String.raw`^([A-Za-z_$][\w$]*)\[\w+\]=(?:\((?:float|double)\))?${escapeRegExp(expText)}$`).exec(tokenText(env, store.first, store.last));
    if (!stored) return undefined;
    target = stored[1]!;
  } else {
    // Inside a loop too (a softmax per row): the maximum is taken just before the statement, in the same pass.
    store = statementRange(env, at, from);
    if (!store) return undefined;
    insertion = store.first;
    // `[declaration] E = z.map(v => exp(v))[.ToArray()]`.
    const assigned = assignedName(env, store);
    if (!assigned) return undefined;
    const rhs = tokenText(env, assigned.eq + 1, store.last);
    const mapped = new RegExp(String.raw`^${escapeRegExp(collection.replace(/\s+/g, ''))}\.(?:map|Select)\(${LAMBDA_1}${escapeRegExp(expText)}\)(?:\.(?:ToArray|ToList|toArray)\(\))?$`).exec(rhs);
    if (!mapped) return undefined;
    target = assigned.name;
  }
  // The collection is written between the maximum (taken just before the loop or statement) and the exp, or re-pointed: no fix.
  for (let i = insertion; i < store.first; i++) {
    if (code[i]!.text === collection && code[i + 1]?.text === '[') {
      const close = match[i + 1] ?? -1;
      const after = close >= 0 ? code[close + 1] : undefined;
      if (after?.kind === 'op' && ASSIGNMENT.test(after.text)) return undefined;
    }
  }
  // Declared or assigned before the maximum is taken is fine.
  if (reassigned(env, collection, scope, insertion)) return undefined;
  const e = escapeRegExp(target);
  // Mentions of E, classified statement by statement.
  let sum: string | undefined;
  let sumStatement: { first: number; last: number } | undefined;
  let declared = false;
  let freeFrom = Infinity;
  const divisions: Array<{ first: number; last: number }> = [];
  const others: number[] = [];
  let previous: { first: number; last: number } | undefined;
  for (let i = from; i < to; i++) {
    const t = code[i]!;
    if (t.kind !== 'name' || t.text !== target || code[i - 1]?.text === '.') continue;
    if ((i >= store.first && i <= store.last) || i > freeFrom) continue;
    // Its length (`i < e.length` in a loop header) does not depend on the values.
    if (code[i + 1]?.text === '.' && /^(?:length|Length|Count|size)$/.test(code[i + 2]?.text ?? '') && code[i + 3]?.text !== '=') continue;
    const loop = enclosingLoop(env, i, from);
    const range = statementRange(env, i, loop ? loop.bodyFirst : from);
    if (!range) return undefined;
    // A second mention in a statement already classified (`e[i] = e[i] / s`).
    if (previous && range.first === previous.first && range.last === previous.last) continue;
    previous = range;
    const text = tokenText(env, range.first, range.last);
    const accumulated = new RegExp(String.raw`^([A-Za-z_$][\w$]*)\+=${e}\[\w+\]$`).exec(text);
    const reduced = accumulated ? undefined : reducedSum(env, range, target);
    if (accumulated || reduced) {
      const s = accumulated ? accumulated[1]! : reduced!;
      if (sum !== undefined) return undefined;
      sum = s;
      sumStatement = range;
    } else if (code[i + 1]?.text === '=' && i < store.first && /^(?:new|\[|Array)$/.test(code[i + 2]?.text ?? '')) {
      declared = true;
    } else if (new RegExp(String.raw`^${e}\[(\w+)\](?:/=|=${e}\[\1\]/)([A-Za-z_$][\w$]*)$`).test(text)) {
      divisions.push(range);
      // The collection now holds the normalised values: later code may read it freely.
      freeFrom = Math.min(freeFrom, loop ? loop.bodyLast : range.last);
    } else if (new RegExp(String.raw`(?:^|[=(,])${e}\[\w+\]/([A-Za-z_$][\w$]*)$`).test(text)
      || new RegExp(String.raw`(?:^|[=(,]|return)${e}\.(?:map|Select)\(${LAMBDA_1}(?:\1|\2)/[A-Za-z_$][\w$]*\)(?:\.(?:ToArray|ToList|toArray)\(\))?$`).test(text)) {
      divisions.push(range);
    } else {
      others.push(i);
    }
  }
  if (others.length > 0 || sum === undefined || !sumStatement || divisions.length === 0) return undefined;
  // Unnormalised exps left in a collection the caller sees (a parameter) would change by the shift.
  if (freeFrom === Infinity && !declared && a.kind === 'subscript') return undefined;
  // Every division is by S; S is named only where declared as 0, summed and divided by.
  for (const d of divisions) {
    const text = tokenText(env, d.first, d.last);
    if (!new RegExp(String.raw`/=?${escapeRegExp(sum)}\)?(?:\.(?:ToArray|ToList|toArray)\(\))?$`).test(text)) return undefined;
  }
  for (let i = from; i < to; i++) {
    const t = code[i]!;
    if (t.kind !== 'name' || t.text !== sum || code[i - 1]?.text === '.') continue;
    if (i >= sumStatement.first && i <= sumStatement.last) continue;
    if (divisions.some((d) => i >= d.first && i <= d.last) && (code[i - 1]?.text === '/' || code[i - 1]?.text === '/=')) continue;
    if (code[i + 1]?.text === '=' && /^0(?:\.0*)?[fFdD]?$/.test(code[i + 2]?.text ?? '') && code[i + 3]?.text === ';' && i < sumStatement.first) continue;
    return undefined;
  }
  return { args: [exp.arg], insertAt: insertion };
}

/**
 * `for (...) s += exp(z[i]);` then `for (...) y[i] = exp(z[i]) / s;`: every exp of an element in the function reads
 * z in a counted loop outside any other loop, one of them is the whole accumulation into s (which starts at 0), the
 * others are divided by s after it, and s is named nowhere else. The maximum goes before the first of those loops.
 */
function pairedLoopShift(env: LoopFixEnv, scope: { start: number; end: number }, from: number, to: number, collection: string): SoftmaxShift | undefined {
  const { code, match } = env;
  let sum: string | undefined;
  let accumulation: { first: number; last: number } | undefined;
  const divisions: Array<{ first: number; last: number; divisor: string }> = [];
  const args: Expr[] = [];
  let first: number | undefined;
  for (const m of expCallsIn(env, scope.start, scope.end)) {
    const a = stripParens(m.arg);
    if (a.kind !== 'subscript' || textOf(env, stripParens(a.object)) !== collection) return undefined;
    const k = env.tokenIndexAt(m.node.start);
    const loop = enclosingLoop(env, k, from);
    if (!loop || loop.index === undefined || !loopElement(env, loop, m.arg) || insideAnotherLoop(env, from, loop.keyword)) return undefined;
    const range = statementRange(env, k, loop.bodyFirst);
    if (!range) return undefined;
    const text = tokenText(env, range.first, range.last);
    const expText = escapeRegExp(tokenText(env, k, env.tokenIndexAt(m.node.end) - 1));
    const accumulated = new RegExp(String.raw`^([A-Za-z_$][\w$]*)\+=${expText}$`).exec(text);
    const divided = new RegExp(String.raw`^[A-Za-z_$][\w$]*\[\w+\]=(?:\((?:float|double)\))?${expText}/([A-Za-z_$][\w$]*)$`).exec(text);
    if (accumulated && !accumulation) {
      sum = accumulated[1]!;
      accumulation = range;
    } else if (divided && accumulation && range.first > accumulation.last) {
      divisions.push({ ...range, divisor: divided[1]! });
    } else {
      return undefined;
    }
    args.push(m.arg);
    if (first === undefined || loop.keyword < first) first = loop.keyword;
  }
  if (sum === undefined || !accumulation || first === undefined || divisions.length === 0 || divisions.some((d) => d.divisor !== sum)) return undefined;
  for (let i = from; i < to; i++) {
    const t = code[i]!;
    if (t.kind !== 'name' || t.text !== sum || code[i - 1]?.text === '.') continue;
    if (i === accumulation.first) continue;
    if (code[i - 1]?.text === '/' && divisions.some((d) => i >= d.first && i <= d.last)) continue;
    if (code[i + 1]?.text === '=' && /^0(?:\.0*)?[fFdD]?$/.test(code[i + 2]?.text ?? '') && code[i + 3]?.text === ';' && i < first) continue;
    return undefined;
  }
  // The collection is not written or re-pointed once its maximum is taken.
  for (let i = first; i < to; i++) {
    if (code[i]!.text === collection && code[i + 1]?.text === '[') {
      const close = match[i + 1] ?? -1;
      const after = close >= 0 ? code[close + 1] : undefined;
      if (after?.kind === 'op' && ASSIGNMENT.test(after.text)) return undefined;
    }
  }
  if (reassigned(env, collection, scope, first)) return undefined;
  return { args, insertAt: first };
}

/** `S = E.reduce((a, b) => a + b, 0)`, `S = E.Sum()`, `S = Arrays.stream(E).sum()` (with a declaration before S): S. */
function reducedSum(env: LoopFixEnv, range: { first: number; last: number }, target: string): string | undefined {
  const assigned = assignedName(env, range);
  if (!assigned) return undefined;
  const rhs = tokenText(env, assigned.eq + 1, range.last);
  const e = escapeRegExp(target);
  // `reduce((a, b) => a + b)` without a start throws on an empty array before and after the shift alike.
  const reduce = new RegExp(String.raw`^${e}\.reduce\(\((\w+)(?::\w+)?,(\w+)(?::\w+)?\)(?::\w+)?=>\1\+\2(?:,0(?:\.0*)?)?\)$`);
  const summed = new RegExp(String.raw`^(?:${e}\.Sum\(\)|Arrays\.stream\(${e}\)\.sum\(\)|DoubleStream\.of\(${e}\)\.sum\(\))$`);
  return reduce.test(rhs) || summed.test(rhs) ? assigned.name : undefined;
}
