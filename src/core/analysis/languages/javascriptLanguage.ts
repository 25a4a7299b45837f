// JavaScript and TypeScript (and their React variants): `Math.*`, tfjs (`tf.sigmoid`, `tf.layers.*`),
// brain.js-style `{ activation: 'sigmoid' }`. Fixes use a conditional for a plain argument and an
// immediately-invoked arrow otherwise (evaluating the argument once); tfjs tensors get tf's own functions.
import type { LanguageId } from '../types';
import type { CFamilyLanguage, FactColumns, FileFacts, LanguageFacts, FixInput, FixWriter, ResolvedActivationCall, ResolvedMath } from './cfamilyLanguage';
import { firstStartingAtOrAfter, type CodeColumns } from './cfamilyParser';
import { K_NAME, K_OP, K_STRING } from './cfamilyTokens';
import { logSigmoidDifference, sigmoidTernary, softplusSum, type SoftplusSpelling } from './cfamilyFixes';
import { scanJavaScript, tokenizeJavaScript } from './javascriptTokenizer';
import { activationForName } from './cfamilyNames';
import type { ActivationId } from '../../math/types';

const TFJS_PACKAGES = /^['"]@tensorflow\/tfjs(-node|-node-gpu|-core|-layers)?['"]$/;

const MATH_FUNCTIONS: Readonly<Record<string, ResolvedMath['fn']>> = { exp: 'exp', log: 'log', log1p: 'log1p', tanh: 'tanh', pow: 'pow' };

/** tfjs ops that are activations, with their extra positional parameters in math-core names. */
const TFJS_OPS: Readonly<Record<string, { activation: ActivationId; positional?: string[] }>> = {
  sigmoid: { activation: 'sigmoid' }, relu: { activation: 'relu' }, relu6: { activation: 'relu6' },
  leakyRelu: { activation: 'leaky_relu', positional: ['negative_slope'] }, elu: { activation: 'elu' }, selu: { activation: 'selu' },
  prelu: { activation: 'prelu' }, softplus: { activation: 'softplus' }, logSigmoid: { activation: 'log_sigmoid' },
  softmax: { activation: 'softmax' }, logSoftmax: { activation: 'log_softmax' }, tanh: { activation: 'tanh' }, step: { activation: 'step' },
};

const TFJS_LAYERS: Readonly<Record<string, { activation: ActivationId; options?: Record<string, string> }>> = {
  reLU: { activation: 'relu' }, leakyReLU: { activation: 'leaky_relu', options: { alpha: 'negative_slope' } },
  elu: { activation: 'elu', options: { alpha: 'alpha' } }, prelu: { activation: 'prelu' }, softmax: { activation: 'softmax' },
  thresholdedReLU: { activation: 'threshold', options: { theta: 'threshold' } },
};

function gatherFacts(text: string, code: FactColumns): LanguageFacts {
  const tensorModules = new Set<string>();
  const { count, kinds, texts, starts } = code;
  // Both facts begin at words a text search finds without reading every token: `Math` after `=`, a tfjs package string.
  let aliases: Map<string, MathAlias> | undefined;
  let i = 0;
  for (let at = text.indexOf('Math'); at >= 0; at = text.indexOf('Math', at + 4)) {
    i = firstStartingAtOrAfter(starts, count, at, i);
    if (i >= count || starts[i] !== at || kinds[i] !== K_NAME || texts[i] !== 'Math') continue;
    if (i > 0 && kinds[i - 1] === K_OP && texts[i - 1] === '=') aliases = mathAliasesAt(code, i, aliases);
  }
  i = 0;
  for (let at = text.indexOf('@tensorflow/tfjs'); at > 0; at = text.indexOf('@tensorflow/tfjs', at + 16)) {
    i = firstStartingAtOrAfter(starts, count, at - 1, i);
    if (i >= count || starts[i] !== at - 1 || kinds[i] !== K_STRING || !TFJS_PACKAGES.test(texts[i]!)) continue;
    const bound = moduleBindingAt(code, i, false);
    if (bound !== undefined) tensorModules.add(bound);
  }
  // Browser scripts load tfjs with a <script> tag: a global `tf` used like tfjs.
  if (tensorModules.size === 0 && /\btf\.(sequential|layers|tensor|tensor[1-4]d|model|loadLayersModel|tidy|scalar)\b/.test(text)) tensorModules.add('tf');
  const shadows = new Map<string, number[]>();
  const mathAliases = aliases && boundOnlyThere(code, aliases, shadows);
  return {
    tensorModules, staticMathClasses: new Set(), cplusplus: false,
    mathAliases: mathAliases && mathAliases.size > 0 ? mathAliases : undefined, mathAliasShadows: shadows.size > 0 ? shadows : undefined, namespaceAliases: undefined, usingNamespaces: undefined,
    projectModules: projectModulesOf(text, code),
  };
}

/**
 * The local name the module string at code index `i` is bound to: `import tf from '…'`, `import * as tf from '…'`,
 * `tf = require('…')`; with `declared`, a require only in a declaration (`const act = require('./act')`).
 */
function moduleBindingAt(code: CodeColumns, i: number, declared: boolean): string | undefined {
  const { kinds, texts } = code;
  const at = (k: number): string => (k >= 0 ? texts[k]! : '');
  if (at(i - 1) === 'from') {
    return i >= 2 && kinds[i - 2] === K_NAME && (at(i - 3) === 'as' || at(i - 3) === 'import') ? texts[i - 2] : undefined;
  }
  if (at(i - 1) !== '(' || at(i - 2) !== 'require' || at(i - 3) !== '=' || i < 4 || kinds[i - 4] !== K_NAME) return undefined;
  if (at(i + 1) !== ')' || (declared && !DECLARING.has(at(i - 5)))) return undefined;
  return texts[i - 4];
}

/**
 * The local names bound to the file's imports of the project's own modules (a relative path: `import * as act from
 * './activations'`, `import nn from '../nn'`, `const act = require('./act')`), or undefined when there are none.
 */
function projectModulesOf(text: string, code: CodeColumns): ReadonlySet<string> | undefined {
  const { count, kinds, starts, texts } = code;
  let out: Set<string> | undefined;
  let i = 0;
  // A relative path's string starts one or two characters before its `./` (`'./act'`, `"../nn"`).
  for (let at = text.indexOf('./'); at > 0; at = text.indexOf('./', at + 2)) {
    const quote = text.charCodeAt(at - 1) === 46 ? at - 2 : at - 1;
    if (quote < 0) continue;
    i = firstStartingAtOrAfter(starts, count, quote, i);
    if (i >= count || starts[i] !== quote || kinds[i] !== K_STRING || !RELATIVE_MODULE.test(texts[i]!)) continue;
    const bound = moduleBindingAt(code, i, true);
    if (bound !== undefined) (out ??= new Set()).add(bound);
  }
  return out;
}

const RELATIVE_MODULE = /^['"]\.{1,2}\/[^'"\n]*['"]$/;

const DECLARING = new Set(['const', 'let', 'var']);

/** A math function a local name is bound to, and how many of the file's declarations of that name this binding is. */
interface MathAlias {
  readonly fn: ResolvedMath['fn'];
  /** 1, or -1 when the file binds the name to Math twice (two bindings may sit in different scopes: neither is trusted). */
  readonly declarations: number;
  /** The code index of the alias's own name in its binding. */
  readonly site: number;
}

/**
 * The names `const { exp, log: ln } = Math;` or `const e = Math.exp;` binds to math functions, `Math` being the
 * code token at `at` (after an `=`); added to `into` (made when there are any).
 */
function mathAliasesAt(code: CodeColumns, at: number, into: Map<string, MathAlias> | undefined): Map<string, MathAlias> | undefined {
  const { count, kinds, texts } = code;
  const isName = (i: number): boolean => i >= 0 && i < count && kinds[i] === K_NAME;
  if (texts[at + 1] === '.') {
    // const exp = Math.exp, log = Math.log;  (its `const exp` is a declaration boundOnlyThere counts)
    // Most `= Math.` are calls (`= Math.exp(x)`): the token after the member decides first.
    const end = texts[at + 3];
    if ((end !== undefined && end !== ';' && end !== ',') || !isName(at + 2) || !isName(at - 2) || !(DECLARING.has(texts[at - 3] ?? '') || texts[at - 3] === ',')) return into;
    const fn = MATH_FUNCTIONS[texts[at + 2]!];
    if (!fn) return into;
    const twice = into?.has(texts[at - 2]!) === true;
    return (into ?? new Map()).set(texts[at - 2]!, { fn, declarations: twice ? -1 : 1, site: at - 2 });
  }
  // const { exp, log: ln, log1p } = Math;  Only names, `:` and `,` between the braces (no defaults, no nesting).
  if (texts[at - 2] !== '}') return into;
  const found: Array<[string, ResolvedMath['fn'], number]> = [];
  let i = at - 3;
  for (; i >= 0 && texts[i] !== '{'; i--) {
    if (!isName(i)) {
      if (texts[i] !== ',' && texts[i] !== ':') return into;
      continue;
    }
    // `key: local` binds local; a lone `key` binds key.
    const key = texts[i - 1] === ':' ? texts[i - 2]! : texts[i + 1] === ':' ? undefined : texts[i]!;
    const fn = key === undefined ? undefined : MATH_FUNCTIONS[key];
    if (fn) found.push([texts[i]!, fn, i]);
  }
  if (i < 1 || !DECLARING.has(texts[i - 1]!) || found.length === 0) return into;
  const out = into ?? new Map<string, MathAlias>();
  // The pattern's own binding is one of the declarations boundOnlyThere counts. A name bound to Math twice gets -1,
  // which no count equals: two bindings may sit in different scopes, so neither is trusted.
  for (const [local, fn, site] of found) out.set(local, { fn, declarations: out.has(local) ? -1 : 1, site });
  return out;
}

/** From `from` on, only names, `,` and `:` up to a `}` followed by `=`: `from` is inside a destructuring pattern `{ a, b: c } =`. */
function bindsInPattern(code: CodeColumns, from: number): boolean {
  const { count, kinds, texts } = code;
  for (let k = from; k < count && k - from < 64; k++) {
    const x = texts[k]!;
    if (kinds[k] === K_NAME || x === ',' || x === ':') continue;
    return x === '}' && texts[k + 1] === '=';
  }
  return false;
}

/**
 * The aliases not rebound where they are called. A declaration of the same name inside a block (`let exp = 0;` in one
 * function, a parameter `function level(exp) {`, `catch (exp) {`) hides the alias only in that block: its range goes
 * to `shadows`. Any other binding (at file level, a plain reassignment outside such a block, an expression-bodied
 * arrow's parameter) leaves the name's math meaning unknown in the whole file, so the alias is dropped.
 */
function boundOnlyThere(code: FactColumns, aliases: Map<string, MathAlias>, shadows: Map<string, number[]>): Map<string, ResolvedMath['fn']> {
  const { count, kinds, texts, starts, ends } = code;
  const conflicting = new Set<string>();
  const assignments: number[] = [];
  for (let i = 0; i < count; i++) {
    if (kinds[i] !== K_NAME || !aliases.has(texts[i]!)) continue;
    const name = texts[i]!;
    const alias = aliases.get(name)!;
    if (i === alias.site || conflicting.has(name)) continue;
    const prev = i > 0 ? texts[i - 1]! : '';
    // A property (`this.exp = 0`, `player?.exp += xp`) binds no name.
    if (kinds[i - 1] === K_OP && (prev === '.' || prev === '?.')) continue;
    const next = i + 1 < count ? texts[i + 1]! : '';
    const inPattern = (prev === '{' || prev === ',' || prev === ':') && (next === '}' || next === ',') && bindsInPattern(code, i + 1);
    const declares = DECLARING.has(prev) || prev === 'function' || prev === 'class' || prev === 'import' || inPattern;
    const parameter = !declares && (prev === '(' || prev === ',') && (next === ')' || next === ',' || next === '=' || next === ':' || next === '?');
    // `f({ a, exp: 1 })`, `g(x, exp)`: an object key or an argument, unless a function body follows the list.
    if (parameter && next !== '=' && parameterBody(code, i) === undefined && !(next === ')' && texts[i + 2] === '=>')) continue;
    const assigns = next === '=' || next === '+=' || next === '-=' || next === '*=' || next === '/=';
    if (!declares && !parameter && !assigns && next !== '=>') continue;
    if (alias.declarations < 0) {
      conflicting.add(name);
      continue;
    }
    // A pattern's binding is declared where the pattern is (`const { exp } = player;`), outside its own braces.
    const block = declares && prev !== 'import' ? enclosingBlock(code, inPattern ? code.braceParent[i]! : i) : parameter ? parameterBody(code, i) : undefined;
    if (block === undefined) {
      if (assigns && !declares) assignments.push(i);
      else conflicting.add(name);
      continue;
    }
    const [open, close] = block;
    if (open < alias.site && alias.site < close) {
      conflicting.add(name);
      continue;
    }
    const ranges = shadows.get(name) ?? [];
    if (ranges.length >= 64) conflicting.add(name);
    ranges.push(starts[open]!, ends[close]!);
    shadows.set(name, ranges);
  }
  // A reassignment outside every block that declares the name again rebinds the alias itself.
  for (const i of assignments) {
    const ranges = shadows.get(texts[i]!) ?? [];
    let inside = false;
    for (let k = 0; k + 1 < ranges.length && !inside; k += 2) inside = ranges[k]! <= starts[i]! && starts[i]! < ranges[k + 1]!;
    if (!inside) conflicting.add(texts[i]!);
  }
  const out = new Map<string, ResolvedMath['fn']>();
  for (const [name, alias] of aliases) {
    if (conflicting.has(name) || alias.declarations < 0) shadows.delete(name);
    else out.set(name, alias.fn);
  }
  return out;
}

/** The braces around code index `i` (their code indices), or undefined at file level or when the block is unclosed. */
function enclosingBlock(code: FactColumns, i: number): [number, number] | undefined {
  const open = i >= 0 ? code.braceParent[i]! : -1;
  const close = open >= 0 ? code.match[open]! : -1;
  return close > open ? [open, close] : undefined;
}

/**
 * The body of the function or catch clause whose parameter list holds code index `i` (`function level(exp) {`,
 * `(a, exp) => {`, `catch (exp) {`), or undefined when the list is no parameter list or the body has no braces.
 */
function parameterBody(code: FactColumns, i: number): [number, number] | undefined {
  const { count, kinds, texts, match } = code;
  let depth = 0;
  for (let k = i + 1; k < count && k - i < 256; k++) {
    if (kinds[k] !== K_OP) continue;
    const x = texts[k]!;
    if (x === '(' || x === '[') depth++;
    else if (x === ']') depth--;
    else if (x === ')' && depth-- === 0) {
      // The list's own `(`, not a control statement's (`if (exp) {`).
      const open = match[k]!;
      if (open < 0 || (open > 0 && CONTROL_WORDS.has(texts[open - 1]!))) return undefined;
      let body = k + 1;
      // Past a TypeScript return type (`): number {`, `): Promise<number[]> =>`).
      if (texts[body] === ':') {
        while (body < count && body - k < 32 && !(kinds[body] === K_OP && (texts[body] === '{' || texts[body] === '=>' || texts[body] === ';'))) body++;
      }
      if (texts[body] === '=>') body++;
      if (texts[body] !== '{' || kinds[body] !== K_OP) return undefined;
      const close = match[body]!;
      return close > body ? [body, close] : undefined;
    } else if (x === ';' || x === '{' || x === '}') return undefined;
  }
  return undefined;
}

const CONTROL_WORDS = new Set(['if', 'while', 'for', 'switch', 'with', 'return', 'typeof', 'await', 'yield']);

function resolveMath(callee: string, facts: FileFacts): ResolvedMath | undefined {
  const dot = callee.lastIndexOf('.');
  if (dot < 0) {
    const fn = facts.mathAliases?.get(callee);
    return fn && !facts.declaredNames.has('Math') ? { fn, float32: false, tensor: false } : undefined;
  }
  const object = callee.slice(0, dot);
  const fn = MATH_FUNCTIONS[callee.slice(dot + 1)];
  if (!fn) return undefined;
  if (object === 'Math') return facts.declaredNames.has('Math') ? undefined : { fn, float32: false, tensor: false };
  // tfjs tensors are float32 (its default dtype, and the only float type of its WebGL and WASM backends).
  if (facts.tensorModules.has(object)) return { fn: fn === 'pow' ? 'pow' : fn, float32: true, tensor: true };
  return undefined;
}

function resolveActivationCall(callee: string, facts: FileFacts): ResolvedActivationCall | undefined {
  if (callee === 'Math.tanh' || (facts.mathAliases?.get(callee) === 'tanh' && !facts.declaredNames.has('Math'))) {
    return { activation: 'tanh', framework: 'javascript', qualifiedName: 'Math.tanh', kind: 'call', inputIsFirstArg: true };
  }
  const parts = callee.split('.');
  const module = parts[0]!;
  // `act.sigmoid(x)` of `import * as act from './activations'`: the project's own activation, called through its module.
  if (parts.length === 2 && facts.projectModules?.has(module) === true) {
    const activation = activationForName(parts[1]!);
    if (activation) return { activation, framework: 'user', qualifiedName: callee, kind: 'call', inputIsFirstArg: true };
  }
  if (!facts.tensorModules.has(module)) return undefined;
  if (parts.length === 2) {
    const op = TFJS_OPS[parts[1]!];
    if (op) return { activation: op.activation, framework: 'tfjs', qualifiedName: `tf.${parts[1]}`, kind: 'call', inputIsFirstArg: true, positionalParams: op.positional ?? [] };
  }
  if (parts.length === 3 && parts[1] === 'layers') {
    const layer = TFJS_LAYERS[parts[2]!];
    if (layer) return { activation: layer.activation, framework: 'tfjs', qualifiedName: `tf.layers.${parts[2]}`, kind: 'module', inputIsFirstArg: false, optionParams: layer.options ?? {} };
  }
  return undefined;
}

const MATH_SPELLING: SoftplusSpelling = {
  positivePart: (x) => `Math.max(${x}, 0)`,
  negativePart: (x) => `Math.min(${x}, 0)`,
  log1p: 'Math.log1p',
  abs: 'Math.abs',
};

/** The tfjs module prefix of a tensor exp (`tf.exp` → `tf`). */
function tensorModule(input: FixInput): string {
  const dot = input.exp.lastIndexOf('.');
  return dot > 0 ? input.exp.slice(0, dot) : 'tf';
}

/** Plain arguments are repeated; others are bound once by an immediately-invoked arrow function. */
function once(input: FixInput, body: (x: string) => string): string {
  if (input.argIsSimple) return body(input.arg);
  return `((t) => ${body('t')})(${input.arg})`;
}

const fixes: FixWriter = {
  sigmoid(input) {
    if (input.tensor) return { title: `Use ${tensorModule(input)}.sigmoid`, replacement: `${tensorModule(input)}.sigmoid(${input.arg})` };
    return { title: 'Use a sign-split sigmoid that cannot overflow', replacement: once(input, (x) => sigmoidTernary(x, input.exp, input.one)) };
  },
  softplus(input) {
    if (input.tensor) return { title: `Use ${tensorModule(input)}.softplus`, replacement: `${tensorModule(input)}.softplus(${input.arg})` };
    return { title: 'Use max(x, 0) + Math.log1p(Math.exp(-|x|))', replacement: once(input, (x) => softplusSum(x, input.exp, MATH_SPELLING)) };
  },
  logSigmoid(input) {
    if (input.tensor) return { title: `Use ${tensorModule(input)}.logSigmoid`, replacement: `${tensorModule(input)}.logSigmoid(${input.arg})` };
    return { title: 'Use min(x, 0) - Math.log1p(Math.exp(-|x|))', replacement: once(input, (x) => logSigmoidDifference(x, input.exp, MATH_SPELLING)) };
  },
  tanh(input) {
    if (input.tensor) return { title: `Use ${tensorModule(input)}.tanh`, replacement: `${tensorModule(input)}.tanh(${input.arg})` };
    return { title: 'Use Math.tanh', replacement: `Math.tanh(${input.arg})` };
  },
  // reduce rather than Math.max(...xs): spreading a large array exceeds the engine's argument limit.
  maxOf: (collection, name) => `const ${name} = ${collection}.reduce((a, b) => Math.max(a, b), -Infinity);`,
};

function javascriptLike(id: LanguageId, displayName: string, jsx: boolean): CFamilyLanguage {
  return {
    id, displayName, mathFramework: 'javascript',
    tokenize: (text) => tokenizeJavaScript(text, { jsx }),
    scan: (text) => scanJavaScript(text, { jsx }),
    parse: { arrow: '=>', castTypes: new Set(), javascriptKeywords: true, typescript: id === 'typescript' || id === 'typescriptreact', angleTypeAssertions: id === 'typescript' },
    gatherFacts, resolveMath, resolveActivationCall,
    eulerNames: new Set(['Math.E']),
    defaultExp: 'Math.exp',
    helperPlacement: 'none',
    fixes,
  };
}

export const JAVASCRIPT = javascriptLike('javascript', 'JavaScript', false);
export const JAVASCRIPT_REACT = javascriptLike('javascriptreact', 'JavaScript React', true);
export const TYPESCRIPT = javascriptLike('typescript', 'TypeScript', false);
export const TYPESCRIPT_REACT = javascriptLike('typescriptreact', 'TypeScript React', true);
