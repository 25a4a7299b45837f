// What a body says about the activations it computes, read from its tokens: used to tell a generically named
// function that computes one activation (`double Activation(double x) { return tanh(x); }`) from a dispatcher
// that selects among several (`activate(type, x) { switch (type) { case 'relu': return relu(x); ... } }`).
import type { ActivationId } from '../../math/types';
import type { CodeColumns } from './cfamilyParser';
import { K_NAME, K_OP, K_STRING } from './cfamilyTokens';
import { activationForMemberName, activationForName, isActivationSelectorType } from './cfamilyNames';

/**
 * The activations named in code[from..] up to offset `end`: calls (`relu(z)`, `Math.tanh(x)`), `case 'relu':`
 * labels and selector members (`ActivationType.SIGMOID`).
 */
export function activationsNamedIn(code: CodeColumns, from: number, end: number, selectorEnums?: ReadonlySet<string>,
  bareMembers?: ReadonlyMap<string, BareEnumMember>): Set<ActivationId> {
  const { count, kinds, starts, texts } = code;
  const out = new Set<ActivationId>();
  for (let i = Math.max(from, 0); i < count && starts[i]! < end; i++) {
    const kind = kinds[i];
    let named: ActivationId | undefined;
    if (kind === K_NAME) {
      if (i + 1 < count && kinds[i + 1] === K_OP && texts[i + 1] === '(') named = activationForName(texts[i]!);
      else if (i >= 2 && kinds[i - 1] === K_OP && texts[i - 1] === '.' && kinds[i - 2] === K_NAME
        && (isActivationSelectorType(texts[i - 2]!) || selectorEnums?.has(texts[i - 2]!) === true)) named = activationForMemberName(texts[i]!);
      // A bare member of a selector enum the file declares as a case label (`case ACT_RELU:`, `case RELU:`).
      else if (bareMembers !== undefined && i >= 1 && texts[i - 1] === 'case') named = bareMembers.get(texts[i]!)?.activation;
    } else if (kind === K_STRING && i >= 1 && texts[i - 1] === 'case') {
      const value = /^[@$]*(["'`])([^"'`\\]*)\1$/.exec(texts[i]!)?.[2];
      if (value !== undefined) named = activationForName(value);
    }
    if (named) out.add(named);
  }
  return out;
}

// Members that name an activation but also much else (interpolation modes, easing curves): they alone make no selector.
const AMBIGUOUS_MEMBERS = new Set<ActivationId>(['linear', 'step', 'exponential']);

/** A member of a selector enum that code may write without its enum's name (C/C++'s unscoped `enum`, Java's case labels). */
export interface BareEnumMember {
  readonly activation: ActivationId;
  /** The enum's name, its typedef's (`typedef enum { ... } ACTIVATION;`), or '' for an anonymous enum. */
  readonly enumName: string;
  /** The code indices of the enum's braces: the members there are its declaration. */
  readonly open: number;
  readonly close: number;
}

/**
 * Enums the file declares whose members name two or more activations (`enum Act { SIGMOID, TANH, RELU }`,
 * `export enum HeadActivation { Sigmoid, Softmax, Raw }`, C++ `enum class Kind : int { ... }`, C's
 * `typedef enum { LOGISTIC, RELU } ACTIVATION;`): their members select one. `enumKeywords` are the code indices of the
 * file's `enum` keywords. The members naming an activation, by name, go to `bareMembers` when given.
 */
export function selectorEnumsIn(code: CodeColumns, match: Int32Array, enumKeywords: readonly number[],
  bareMembers?: Map<string, BareEnumMember>): Set<string> {
  const { count, kinds, texts } = code;
  const out = new Set<string>();
  for (const i of enumKeywords) {
    if (i + 2 >= count || kinds[i] !== K_NAME || texts[i] !== 'enum') continue;
    let k = i + 1;
    if (texts[k] === 'class' || texts[k] === 'struct') k++;
    // C's anonymous `enum { ... }`, named by a typedef after its body if at all.
    const anonymous = texts[k] === '{' && kinds[k] === K_OP;
    if (kinds[k] !== K_NAME && !anonymous) continue;
    // Past a base type (`: int`, `: byte`) to the body.
    let open = anonymous ? k : k + 1;
    while (open < count && open - k < 6 && texts[open] !== '{' && texts[open] !== ';') open++;
    if (texts[open] !== '{' || kinds[open] !== K_OP) continue;
    const close = match[open] ?? -1;
    if (close < 0) continue;
    const named = new Set<ActivationId>();
    const members: Array<[string, ActivationId]> = [];
    const memberNames: string[] = [];
    for (let m = open + 1; m < close; m++) {
      // A member: a name after `{` or `,`, before `,` `}` `=` `(` (Java's `RELU("relu")`).
      if (kinds[m] !== K_NAME || (texts[m - 1] !== '{' && texts[m - 1] !== ',')) continue;
      const after = texts[m + 1];
      if (after !== ',' && after !== '}' && after !== '=' && after !== '(' && after !== ';') continue;
      memberNames.push(texts[m]!);
    }
    // C's enumerators share the global name space, so they carry the enum's prefix (`ACT_NONE, ACT_RELU, ACT_TANH`):
    // a member is also read without the prefix all members share.
    const prefix = sharedUnderscorePrefix(memberNames);
    for (const member of memberNames) {
      const a = activationForMemberName(member) ?? (prefix.length > 0 ? activationForMemberName(member.slice(prefix.length)) : undefined);
      if (!a) continue;
      members.push([member, a]);
      if (!AMBIGUOUS_MEMBERS.has(a)) named.add(a);
    }
    if (named.size < 2) continue;
    const typedefName = anonymous && kinds[close + 1] === K_NAME && texts[close + 2] === ';' ? texts[close + 1]! : '';
    const name = anonymous ? typedefName : texts[k]!;
    if (name) out.add(name);
    // A scoped enum's (`enum class`) members are always written with its name.
    if (bareMembers && k === i + 1) for (const [member, activation] of members) bareMembers.set(member, { activation, enumName: name, open, close });
  }
  return out;
}

/** The longest prefix ending in `_` that all of two or more names share and none is (`ACT_` of `ACT_RELU, ACT_TANH`), else ''. */
function sharedUnderscorePrefix(names: readonly string[]): string {
  if (names.length < 2) return '';
  let prefix = names[0]!.slice(0, names[0]!.lastIndexOf('_') + 1);
  for (const name of names) {
    while (prefix.length > 0 && (!name.startsWith(prefix) || name.length === prefix.length)) prefix = prefix.slice(0, prefix.lastIndexOf('_', prefix.length - 2) + 1);
  }
  return prefix;
}

/** A body that names an activation other than `found` selects among several: it is no single activation. */
export function namesAnotherActivation(named: ReadonlySet<ActivationId>, found: ActivationId): boolean {
  for (const a of named) if (a !== found) return true;
  return false;
}

const CLIP_NAMES = new Set(['min', 'max', 'fmin', 'fmax', 'fminf', 'fmaxf', 'Min', 'Max', 'clamp', 'Clamp', 'clip', 'Clip', 'clipByValue', 'minimum', 'maximum']);

/** A clipping function's name (`min`, `Max`, `clamp`, `fmaxf`, tfjs's `clipByValue`, `minimum`): with a `(` after it, a clipping call. */
export function isClipName(name: string): boolean {
  return CLIP_NAMES.has(name);
}

// Template type parameters per token array (`template <typename T>` → T), read once per file on first need.
const templateTypesOf = new WeakMap<CodeColumns, ReadonlySet<string>>();

// Words in a template parameter that make it a value, not a type (`int N`, `std::size_t K`, `auto F`, `bool B = true`).
const NON_TYPE_PARAMETER_WORDS = new Set([
  'auto', 'int', 'unsigned', 'signed', 'long', 'short', 'char', 'bool', 'size_t', 'ptrdiff_t', 'float', 'double', 'const',
]);

/**
 * The names a C++ file declares as template type parameters: `typename T`, `class U = float`, and a parameter a concept
 * constrains (`std::floating_point T`, `Floating T`, `std::convertible_to<double> T`). Not a pack (`typename... Ts`),
 * a value (`int N`, `auto F`) or a function pointer (`double (*F)(double)`): their `N(1)` is no conversion.
 */
export function templateTypeNames(code: CodeColumns): ReadonlySet<string> {
  const known = templateTypesOf.get(code);
  if (known) return known;
  const { count, texts } = code;
  const out = new Set<string>();
  for (let i = 0; i + 1 < count; i++) {
    if (texts[i] !== 'template' || texts[i + 1] !== '<') continue;
    // Each parameter's tokens at the list's own level, from its start up to its default (`= float`) or its end.
    let depth = 0;
    let parens = 0;
    let first = i + 2;
    let declared = -1;
    for (let k = i + 1; k < count && k - i < 64; k++) {
      const x = texts[k]!;
      if (x === '(' || x === '[') parens++;
      else if (x === ')' || x === ']') parens--;
      else if (x === '<') depth++;
      else if (x === '>' || x === '>>') depth -= x.length;
      const ends = depth <= 0 || (depth === 1 && parens === 0 && x === ',');
      if (depth === 1 && parens === 0 && x === '=' && declared < 0) declared = k;
      if (ends) {
        const name = templateTypeParameter(code, first, declared < 0 ? k : declared);
        if (name !== undefined) out.add(name);
        first = k + 1;
        declared = -1;
      }
      if (depth <= 0) break;
    }
  }
  templateTypesOf.set(code, out);
  return out;
}

/** The type a template parameter written in code[from..to) declares: its last word, when a type or a concept's name precedes it. */
function templateTypeParameter(code: CodeColumns, from: number, to: number): string | undefined {
  const { kinds, texts } = code;
  const last = to - 1;
  if (last <= from || kinds[last] !== K_NAME) return undefined;
  // The parameter's own words, not a concept's arguments (\`std::convertible_to<double> T\` is a type).
  let depth = 0;
  for (let k = from; k < last; k++) {
    const x = texts[k]!;
    if (x === '<') depth++;
    else if (x === '>' || x === '>>') depth -= x.length;
    else if (x === '...' || x === '(' || x === '*' || x === '&' || x === '&&' || (depth === 0 && NON_TYPE_PARAMETER_WORDS.has(x))) return undefined;
  }
  const before = texts[last - 1]!;
  if (before === 'typename' || before === 'class') return texts[last];
  // A concept: `Floating T`, `std::floating_point T`, `std::convertible_to<double> T`.
  return kinds[last - 1] === K_NAME || before === '>' ? texts[last] : undefined;
}

// Words a floating type is spelled with (`long double`, `std::float_t`, `const double`); at least one of FLOAT_TYPE_NAMES.
const FLOAT_TYPE_WORDS = new Set(['float', 'double', 'long', 'const', 'std', '::', 'float_t', 'double_t', '_Float32', '_Float64', 'float32_t', 'float64_t']);
const FLOAT_TYPE_NAMES = new Set(['float', 'double', 'float_t', 'double_t', '_Float32', '_Float64', 'float32_t', 'float64_t']);
const floatAliasesOf = new WeakMap<CodeColumns, ReadonlySet<string>>();

/**
 * The names a C/C++ file declares as another name of a floating type (`using real = double;`, `typedef float real_t;`,
 * `using float_t = std::float_t;`): `real(1)` converts 1 as `double(1)` does. Read once per file on first need.
 */
export function floatTypeAliases(code: CodeColumns): ReadonlySet<string> {
  const known = floatAliasesOf.get(code);
  if (known) return known;
  const { count, kinds, texts } = code;
  const out = new Set<string>();
  // The type's words from code[from] up to the `;` at code[end] are all a floating type's.
  const floatingBetween = (from: number, end: number): boolean => {
    let named = false;
    for (let k = from; k < end; k++) {
      if (!FLOAT_TYPE_WORDS.has(texts[k]!)) return false;
      named ||= FLOAT_TYPE_NAMES.has(texts[k]!);
    }
    return named;
  };
  for (let i = 0; i + 3 < count; i++) {
    const word = texts[i];
    if (word === 'using' && kinds[i + 1] === K_NAME && texts[i + 2] === '=') {
      let end = i + 3;
      while (end < count && end - i < 12 && texts[end] !== ';') end++;
      // \`using T = decltype(x);\`: the type of an abbreviated \`auto\` parameter, which \`T(1)\` converts to.
      const declared = texts[i + 3] === 'decltype' && texts[i + 4] === '(' && texts[end - 1] === ')';
      if (texts[end] === ';' && (declared || floatingBetween(i + 3, end))) out.add(texts[i + 1]!);
    } else if (word === 'typedef') {
      let end = i + 1;
      while (end < count && end - i < 12 && texts[end] !== ';') end++;
      if (texts[end] === ';' && kinds[end - 1] === K_NAME && end - 1 > i + 1 && floatingBetween(i + 1, end - 1)) out.add(texts[end - 1]!);
    }
  }
  floatAliasesOf.set(code, out);
  return out;
}

/**
 * The call starting at code[callIndex] is stored into an element (`w[j] = exp(...)`, a member of one `c[i].p = exp(...)`,
 * `c[i]->p`, `s->data[i].p`, through an iterator `*it = exp(*it)`) that its function then sums (`norm += w[j]`, TypeScript's
 * `norm += w[j]!`, `z += c[i].p`, `z += *it`) between code[from] and offset `end`: the exponentials of a softmax, whatever
 * their argument (`exp(dot / Math.sqrt(n))`, `std::exp(std::log(v[m] + 1.0) / tau)`, `expf(c[i].logit)`).
 */
export function storedThenSummed(code: CodeColumns, callIndex: number, from: number, end: number): boolean {
  const { count, kinds, starts, texts } = code;
  // Text of token i, undefined out of range (as an array of tokens reads).
  const at = (i: number): string | undefined => (i >= 0 && i < count ? texts[i] : undefined);
  // Past a cast of the call: `probs[k] = (float) Math.exp(z);`.
  if (at(callIndex - 1) === ')' && at(callIndex - 3) === '(' && kinds[callIndex - 2] === K_NAME) callIndex -= 3;
  const close = callIndex - 2;
  if (at(callIndex - 1) !== '=') return false;
  // Back over the members read off the element (`.p`, `->f.g`) to its subscript's `]`.
  let element = close;
  while (kinds[element] === K_NAME && (at(element - 1) === '.' || at(element - 1) === '->') && close - element < 16) element -= 2;
  let first: number;
  if (at(element) === ']') {
    let open = element;
    for (let depth = 0; open >= 0 && element - open < 64; open--) {
      const t = texts[open]!;
      if (t === ']') depth++;
      else if (t === '[' && --depth === 0) break;
    }
    first = open - 1;
    if (open < 0 || at(open) !== '[' || first < 0 || kinds[first] !== K_NAME) return false;
    // The collection itself may be a member: `s->data[i].p`.
    while (first >= 2 && (at(first - 1) === '.' || at(first - 1) === '->') && kinds[first - 2] === K_NAME && close - first < 64) first -= 2;
  } else if (element !== close) {
    return false;
  } else {
    // `*it = exp(...)` at a statement's start: the element an iterator or pointer points at.
    first = close - 1;
    const before = at(first - 1);
    if (kinds[close] !== K_NAME || at(first) !== '*' || !(before === ';' || before === '{' || before === '}' || before === ')')) return false;
  }
  const n = close - first + 1;
  for (let i = Math.max(from, 0); i < count && starts[i]! < end; i++) {
    if (texts[i] !== '+=') continue;
    let k = 0;
    while (k < n && at(i + 1 + k) === texts[first + k]) k++;
    const after = at(i + 1 + n);
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
export function usingAliasTarget(code: CodeColumns, alias: string): string | undefined {
  const { count, kinds, texts } = code;
  for (let i = 0; i + 3 < count; i++) {
    if (texts[i] !== 'using' || texts[i + 1] !== alias || texts[i + 2] !== '=') continue;
    let last: string | undefined;
    for (let k = i + 3; k < count && k - i < 40; k++) {
      const x = texts[k]!;
      if (x === ';') return last;
      if (kinds[k] === K_NAME) last = x;
      else if (x !== '.' && x !== '::') return undefined;
    }
  }
  return undefined;
}
