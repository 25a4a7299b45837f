// What a body says about the activations it computes, read from its tokens: used to tell a generically named
// function that computes one activation (`double Activation(double x) { return tanh(x); }`) from a dispatcher
// that selects among several (`activate(type, x) { switch (type) { case 'relu': return relu(x); ... } }`).
import type { ActivationId } from '../../math/types';
import type { CToken } from './cfamilyTokens';
import { activationForName, isActivationSelectorType } from './cfamilyNames';

/**
 * The activations named in code[from..] up to offset `end`: calls (`relu(z)`, `Math.tanh(x)`), `case 'relu':`
 * labels and selector members (`ActivationType.SIGMOID`).
 */
export function activationsNamedIn(code: readonly CToken[], from: number, end: number): Set<ActivationId> {
  const out = new Set<ActivationId>();
  for (let i = Math.max(from, 0); i < code.length && code[i]!.start < end; i++) {
    const t = code[i]!;
    let named: ActivationId | undefined;
    if (t.kind === 'name') {
      const next = code[i + 1];
      const prev = code[i - 1];
      const owner = code[i - 2];
      if (next?.kind === 'op' && next.text === '(') named = activationForName(t.text);
      else if (prev?.kind === 'op' && prev.text === '.' && owner?.kind === 'name' && isActivationSelectorType(owner.text)) named = activationForName(t.text);
    } else if (t.kind === 'string' && code[i - 1]?.text === 'case') {
      const value = /^[@$]*(["'`])([^"'`\\]*)\1$/.exec(t.text)?.[2];
      if (value !== undefined) named = activationForName(value);
    }
    if (named) out.add(named);
  }
  return out;
}

/** A body that names an activation other than `found` selects among several: it is no single activation. */
export function namesAnotherActivation(named: ReadonlySet<ActivationId>, found: ActivationId): boolean {
  for (const a of named) if (a !== found) return true;
  return false;
}

const CLIP_NAMES = new Set(['min', 'max', 'fmin', 'fmax', 'fminf', 'fmaxf', 'Min', 'Max', 'clamp', 'Clamp', 'clip', 'Clip']);

/** Whether code[from..] up to offset `end` calls a clipping function (`Math.min`, `std::clamp`, `fmaxf`). */
export function hasClipCall(code: readonly CToken[], from: number, end: number): boolean {
  for (let i = Math.max(from, 0); i < code.length && code[i]!.start < end; i++) {
    const t = code[i]!;
    if (t.kind === 'name' && CLIP_NAMES.has(t.text) && code[i + 1]?.text === '(') return true;
  }
  return false;
}

// Template type parameters per token array (`template <typename T>` → T), read once per file on first need.
const templateTypesOf = new WeakMap<readonly CToken[], ReadonlySet<string>>();

/** The names a C++ file declares as template type parameters (`template <typename T, class U = float>`). */
export function templateTypeNames(code: readonly CToken[]): ReadonlySet<string> {
  const known = templateTypesOf.get(code);
  if (known) return known;
  const out = new Set<string>();
  for (let i = 0; i + 1 < code.length; i++) {
    if (code[i]!.text !== 'template' || code[i + 1]!.text !== '<') continue;
    let depth = 0;
    for (let k = i + 1; k < code.length && k - i < 64; k++) {
      const t = code[k]!;
      if (t.text === '<') depth++;
      else if (t.text === '>' || t.text === '>>') depth -= t.text.length;
      if (depth <= 0) break;
      const next = code[k + 1];
      if ((t.text === 'typename' || t.text === 'class') && next?.kind === 'name') out.add(next.text);
    }
  }
  templateTypesOf.set(code, out);
  return out;
}

/**
 * The call starting at code[callIndex] is stored into an element (`w[j] = exp(...)`) that its function then sums
 * (`norm += w[j]`, TypeScript's `norm += w[j]!`) between code[from] and offset `end`: the exponentials of a softmax,
 * whatever their argument (`exp(dot / Math.sqrt(n))`, `std::exp(std::log(v[m] + 1.0) / tau)`).
 */
export function storedThenSummed(code: readonly CToken[], callIndex: number, from: number, end: number): boolean {
  const close = callIndex - 2;
  if (code[callIndex - 1]?.text !== '=' || code[close]?.text !== ']') return false;
  let open = close;
  for (let depth = 0; open >= 0 && close - open < 64; open--) {
    const t = code[open]!.text;
    if (t === ']') depth++;
    else if (t === '[' && --depth === 0) break;
  }
  const first = open - 1;
  if (open < 0 || code[open]?.text !== '[' || code[first]?.kind !== 'name') return false;
  const n = close - first + 1;
  for (let i = Math.max(from, 0); i < code.length && code[i]!.start < end; i++) {
    if (code[i]!.text !== '+=') continue;
    let k = 0;
    while (k < n && code[i + 1 + k]?.text === code[first + k]!.text) k++;
    const after = code[i + 1 + n]?.text;
    if (k === n && (after === ';' || after === '!' || after === ')' || after === ',')) return true;
  }
  return false;
}

const PLAIN_DERIVATIVE_NAMES = new Set(['derivative', 'deriv', 'prime']);

/**
 * A method named only `derivative` (`double derivative(double output)` of an ActivationFunction interface): what it
 * differentiates is its class's activation, so its parameter is a sigmoid's output only in a class whose activation is one.
 */
export function isPlainDerivativeName(name: string): boolean {
  return PLAIN_DERIVATIVE_NAMES.has(name.toLowerCase());
}

/** What a C# alias names (`using L = Net.DenseLayer;` → DenseLayer), or undefined when `alias` is none in the file. */
export function usingAliasTarget(code: readonly CToken[], alias: string): string | undefined {
  for (let i = 0; i + 3 < code.length; i++) {
    if (code[i]!.text !== 'using' || code[i + 1]!.text !== alias || code[i + 2]!.text !== '=') continue;
    let last: string | undefined;
    for (let k = i + 3; k < code.length && k - i < 40; k++) {
      const t = code[k]!;
      if (t.text === ';') return last;
      if (t.kind === 'name') last = t.text;
      else if (t.text !== '.' && t.text !== '::') return undefined;
    }
  }
  return undefined;
}
