// Python's clips as the stability rules read them (see `clippedRange` in stabilityRules.ts): which calls clip and which
// of their arguments are the bounds (`np.clip(x, -500, None)`, `torch.clamp(x, min=-80)`, `x.clamp(max=80)`,
// `np.maximum(x, -500)`, plain `max(-500, min(500, x))`), and whether an earlier `x = <clip>` always runs before a form
// (the same statement block or one enclosing it, not a branch or loop body left before the form, not undone by a write
// later in a loop around the form).
import { keywordCode } from '../expressionParser';
import type { ClipCall } from '../stabilityRules';
import type { CallExpr, Expr } from '../syntax';
import { type CompactTokens, KIND_NAME, KIND_OP } from './pythonTokenizer';

type ClipKind = 'min' | 'max' | 'clip' | 'clip-lo' | 'clip-hi';

const CLIP_FUNCTIONS = new Map<string, ClipKind>();
for (const m of ['numpy', 'cupy', 'autograd.numpy', 'jax.numpy']) {
  CLIP_FUNCTIONS.set(`${m}.clip`, 'clip');
  CLIP_FUNCTIONS.set(`${m}.minimum`, 'min');
  CLIP_FUNCTIONS.set(`${m}.maximum`, 'max');
  CLIP_FUNCTIONS.set(`${m}.fmin`, 'min');
  CLIP_FUNCTIONS.set(`${m}.fmax`, 'max');
}
for (const [name, kind] of [
  ['torch.clamp', 'clip'], ['torch.clip', 'clip'], ['torch.clamp_min', 'clip-lo'], ['torch.clamp_max', 'clip-hi'],
  ['torch.minimum', 'min'], ['torch.maximum', 'max'], ['torch.fmin', 'min'], ['torch.fmax', 'max'],
  ['tensorflow.clip_by_value', 'clip'], ['tensorflow.minimum', 'min'], ['tensorflow.maximum', 'max'],
  ['tensorflow.math.minimum', 'min'], ['tensorflow.math.maximum', 'max'],
  ['builtins.min', 'min'], ['builtins.max', 'max'],
] as const) CLIP_FUNCTIONS.set(name, kind);

// Tensor and array methods: `x.clamp(-80, 80)`, `x.clip(min=-500)`, `x.clamp_min(-80)`.
const CLIP_METHODS = new Map<string, ClipKind>([['clamp', 'clip'], ['clip', 'clip'], ['clamp_min', 'clip-lo'], ['clamp_max', 'clip-hi']]);

// Keyword names of the clipped value and of each bound across numpy (a_min/a_max, numpy 2's min/max), torch (min/max)
// and TensorFlow (clip_value_min/clip_value_max).
const VALUE_KEYWORDS = new Set(['a', 'x', 'input', 't']);
const LOW_KEYWORDS = new Set(['a_min', 'min', 'clip_value_min']);
const HIGH_KEYWORDS = new Set(['a_max', 'max', 'clip_value_max']);

/**
 * The clip `call` is: `qualified` is its callee's resolved name (undefined for a method or a name that resolves to
 * nothing); `bareMin` whether a plain `min` is the builtin (the file does not bind it); `ownerIsModule` whether a
 * method's receiver resolves to a module (`np.linalg.x(...)`: no tensor method).
 */
export function pythonClipCall(call: CallExpr, qualified: string | undefined, bareMin: boolean, ownerIsModule: (e: Expr) => boolean): ClipCall | undefined {
  const callee = call.callee;
  let kind: ClipKind | undefined;
  let method = false;
  if (qualified !== undefined) kind = CLIP_FUNCTIONS.get(qualified);
  else if (callee.kind === 'name' && callee.name === 'min' && bareMin) kind = 'min';
  else if (callee.kind === 'attribute' && CLIP_METHODS.has(callee.name) && !ownerIsModule(callee.object)) {
    kind = CLIP_METHODS.get(callee.name);
    method = true;
  }
  if (kind === undefined) return undefined;
  const positional: Expr[] = [];
  let value: Expr | undefined = method && callee.kind === 'attribute' ? callee.object : undefined;
  let lo: Expr | undefined;
  let hi: Expr | undefined;
  for (const a of call.args) {
    if (a.spread !== undefined) return undefined;
    if (a.name === undefined) positional.push(a.value);
    else if (kind === 'min' || kind === 'max') {
      // `key=` changes what builtin min/max compare; `out=` of a ufunc changes nothing here.
      if (a.name !== 'out') return undefined;
    } else if (VALUE_KEYWORDS.has(a.name)) value = a.value;
    else if (LOW_KEYWORDS.has(a.name)) lo = a.value;
    else if (HIGH_KEYWORDS.has(a.name)) hi = a.value;
  }
  if (kind === 'min' || kind === 'max') {
    // One argument is an iterable (`max(xs)`), a reduction rather than a clip.
    return positional.length >= 2 ? { kind, operands: positional } : undefined;
  }
  let k = 0;
  if (value === undefined) value = positional[k++];
  if (value === undefined) return undefined;
  if (kind === 'clip-hi') hi ??= positional[k++];
  else {
    lo ??= positional[k++];
    if (kind === 'clip') hi ??= positional[k++];
  }
  lo = isNone(lo) ? undefined : lo;
  hi = isNone(hi) ? undefined : hi;
  return lo === undefined && hi === undefined ? undefined : { kind: 'clip', value, lo, hi };
}

function isNone(e: Expr | undefined): boolean {
  return e !== undefined && e.kind === 'name' && e.name === 'None';
}

const KW_FOR = keywordCode('for');
const KW_WHILE = keywordCode('while');
// What writes a name in a statement: an assignment of any kind, a walrus, a loop or `with` target.
const WRITE_OPERATORS = new Set(['=', ':=', '+=', '-=', '*=', '/=', '//=', '%=', '**=', '@=', '&=', '|=', '^=', '<<=', '>>=']);

/** Statement layout of one text: `lines` (token ranges, two per statement), their indents and head keywords. */
export interface PythonStatementLayout {
  readonly toks: CompactTokens;
  readonly indents: Int32Array;
  readonly headWords: Uint8Array;
}

/** The statement (its index in `toks.lines`, a multiple of 2) holding `offset`: the last one starting at or before it. */
function statementAt(layout: PythonStatementLayout, offset: number): number {
  const { lines, starts } = layout.toks;
  let lo = 0;
  let hi = (lines.length >> 1) - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[lines[mid * 2]!]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo * 2;
}

/**
 * Whether the plain assignment `name = value` (its value starting at `valueStart`) runs each time before the code at
 * `at` does: it is a statement of its own (not the body of a one-line `if c: x = ...`), no statement between it and
 * `at` is indented less (a branch or loop body it sits in has not ended), and no loop between them, around `at`, writes
 * `name` in its body (its next turn would see that value) or binds it as its target.
 */
export function assignsEveryTimeBefore(layout: PythonStatementLayout, valueStart: number, at: number, name: string): boolean {
  const { toks, indents, headWords } = layout;
  const { lines, kinds } = toks;
  const assignment = statementAt(layout, valueStart);
  const form = statementAt(layout, at);
  const first = lines[assignment]!;
  if (kinds[first] !== KIND_NAME || toks.nameOf(first) !== name) return false;
  const indent = indents[assignment >> 1]!;
  for (let k = assignment + 2; k <= form; k += 2) if (indents[k >> 1]! < indent) return false;
  const statements = lines.length;
  for (let k = assignment + 2; k < form; k += 2) {
    const head = headWords[k >> 1]!;
    if (head !== KW_FOR && head !== KW_WHILE) continue;
    const loopIndent = indents[k >> 1]!;
    let inside = true;
    for (let j = k + 2; j <= form && inside; j += 2) inside = indents[j >> 1]! > loopIndent;
    if (!inside) continue;
    if (writes(toks, lines[k]!, lines[k + 1]!, name)) return false;
    for (let j = form + 2; j < statements && indents[j >> 1]! > loopIndent; j += 2) {
      if (writes(toks, lines[j]!, lines[j + 1]!, name)) return false;
    }
  }
  return true;
}

/** Whether the statement of tokens [a, b) writes `name`: `name = ...`, `name += ...`, `for name in`, `as name`. */
function writes(toks: CompactTokens, a: number, b: number, name: string): boolean {
  const { kinds } = toks;
  for (let j = a; j < b; j++) {
    if (kinds[j] !== KIND_NAME || toks.nameOf(j) !== name) continue;
    if (j + 1 < b && kinds[j + 1] === KIND_OP && WRITE_OPERATORS.has(toks.textOf(j + 1))) return true;
    if (j > a && (toks.is(j - 1, 'for') || toks.is(j - 1, 'as'))) return true;
  }
  return false;
}
