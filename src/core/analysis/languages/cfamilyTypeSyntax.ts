// TypeScript types inside expressions, which change no value: the type arguments of a call (`xs.reduce<number>(...)`),
// the type of an assertion (`v as number`, `cfg satisfies Options`, `<number>v`). The parser skips them so that the
// expression around reads as it would in JavaScript. Only shapes that can be told from code apart are accepted (a type
// holds no arithmetic operator), so `a < b && c > d` stays a comparison. Also, for every C-family language, whether a
// `>` ends a type's arguments (`List<double> x`, `std::array<float, 4> softmax(`).
import { K_NAME, K_NUMBER, K_OP, K_STRING } from './cfamilyTokens';

export interface TypeTokens {
  readonly kinds: Uint8Array;
  readonly texts: readonly string[];
  readonly match: Int32Array;
  readonly count: number;
}

/** Operators a type argument list may hold between its `<` and `>` (nested lists, unions, function and object types). */
const TYPE_ARGUMENT_OPS = new Set([',', '.', '|', '&', '?', ':', '=>', '<', '>', '>>', '>>>', '[', ']', '(', ')', '{', '}', '-', ';', '...']);
/** Type arguments are short: a longer run is no list of types. */
const TYPE_ARGUMENTS_REACH = 64;
/** Prefixes of a type: `typeof x`, `keyof T`, `readonly number[]`. */
const TYPE_PREFIXES = new Set(['typeof', 'keyof', 'readonly', 'unique', 'infer']);

/** The `<` at `at` opens type arguments closed by a `>` at the same depth: the index of that `>`; else -1. */
export function typeArgumentsClose(t: TypeTokens, at: number): number {
  const { kinds, texts, match, count } = t;
  let depth = 0;
  for (let k = at; k < count && k - at < TYPE_ARGUMENTS_REACH; k++) {
    const x = texts[k]!;
    const kind = kinds[k];
    if (kind === K_NAME || kind === K_NUMBER || kind === K_STRING) continue;
    if (kind !== K_OP || !TYPE_ARGUMENT_OPS.has(x)) return -1;
    if (x === '(' || x === '[' || x === '{') {
      const close = match[k] ?? -1;
      if (close < 0) return -1;
      k = close;
      continue;
    }
    if (x === ')' || x === ']' || x === '}' || x === ';') return -1;
    if (x === '<') depth++;
    else if (x === '>' || x === '>>' || x === '>>>') {
      depth -= x.length;
      // `>>` closing ours and one around it: these are no type arguments of a call.
      if (depth < 0) return -1;
      if (depth === 0) return k;
    }
  }
  return -1;
}

/** The index just after the type starting at `at` (`number`, `Array<number>`, `readonly number[]`, `A | B`, `(x: T) => U`); -1 if none. */
export function typeEnd(t: TypeTokens, at: number): number {
  const { kinds, texts } = t;
  let k = at;
  if (kinds[k] === K_OP && (texts[k] === '|' || texts[k] === '&')) k++;
  for (;;) {
    k = primaryTypeEnd(t, k);
    if (k < 0) return -1;
    if (kinds[k] === K_OP && (texts[k] === '|' || texts[k] === '&')) {
      k++;
      continue;
    }
    return k;
  }
}

function primaryTypeEnd(t: TypeTokens, at: number): number {
  const { kinds, texts, match, count } = t;
  let k = at;
  while (k < count && kinds[k] === K_NAME && TYPE_PREFIXES.has(texts[k]!) && k + 1 < count && kinds[k + 1] !== K_OP) k++;
  if (k >= count) return -1;
  const kind = kinds[k];
  const x = texts[k]!;
  if (kind === K_NAME || kind === K_NUMBER || kind === K_STRING) {
    k++;
  } else if (kind === K_OP && (x === '(' || x === '[' || x === '{')) {
    const close = match[k] ?? -1;
    if (close < 0) return -1;
    k = close + 1;
    // A function type: `(x: number) => number`.
    if (x === '(' && k < count && kinds[k] === K_OP && texts[k] === '=>') return typeEnd(t, k + 1);
  } else if (kind === K_OP && x === '-' && kinds[k + 1] === K_NUMBER) {
    k += 2;
  } else {
    return -1;
  }
  // `.Name`, `<Args>`, `[]`, `[K]`.
  while (k < count && kinds[k] === K_OP) {
    const y = texts[k]!;
    if (y === '.' && kinds[k + 1] === K_NAME) k += 2;
    else if (y === '<') {
      const close = typeArgumentsClose(t, k);
      if (close < 0) return -1;
      k = close + 1;
    } else if (y === '[') {
      const close = match[k] ?? -1;
      if (close < 0) return -1;
      k = close + 1;
    } else break;
  }
  return k;
}

/** Operators a type's argument list may hold, read backwards from its `>` (closesTypeArguments). */
const TYPE_NAME_OPS = new Set(['.', ',', '?', '[', ']', '::', '*', '&']);

/**
 * The `>` at `close` ends a type's arguments (`List<double>`, `Map<string, number[]>`, `std::array<float, 4>`), not a
 * comparison (`-45 > x`): back to its `<` over names, numbers and TYPE_NAME_OPS, with a name before the `<`.
 */
export function closesTypeArguments(t: Pick<TypeTokens, 'kinds' | 'texts'>, close: number): boolean {
  let depth = 0;
  for (let j = close, steps = 0; j > 0 && steps < 32; j--, steps++) {
    const word = t.texts[j]!;
    if (word === '>') depth++;
    else if (word === '>>') depth += 2;
    else if (word === '<') depth--;
    else if (t.kinds[j] !== K_NAME && t.kinds[j] !== K_NUMBER && !TYPE_NAME_OPS.has(word)) return false;
    if (depth === 0) return t.kinds[j - 1] === K_NAME;
  }
  return false;
}
