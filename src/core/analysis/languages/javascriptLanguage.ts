// JavaScript and TypeScript (and their React variants): `Math.*`, tfjs (`tf.sigmoid`, `tf.layers.*`),
// brain.js-style `{ activation: 'sigmoid' }`. Fixes use a conditional for a plain argument and an
// immediately-invoked arrow otherwise (evaluating the argument once); tfjs tensors get tf's own functions.
import type { LanguageId } from '../types';
import type { CFamilyLanguage, FileFacts, LanguageFacts, FixInput, FixWriter, ResolvedActivationCall, ResolvedMath } from './cfamilyLanguage';
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

function gatherFacts(text: string, code: CodeColumns): LanguageFacts {
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
  const mathAliases = aliases && boundOnlyThere(code, aliases);
  return {
    tensorModules, staticMathClasses: new Set(), cplusplus: false,
    mathAliases: mathAliases && mathAliases.size > 0 ? mathAliases : undefined, namespaceAliases: undefined, usingNamespaces: undefined,
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
  readonly declarations: number;
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
    return (into ?? new Map()).set(texts[at - 2]!, { fn, declarations: 1 });
  }
  // const { exp, log: ln, log1p } = Math;  Only names, `:` and `,` between the braces (no defaults, no nesting).
  if (texts[at - 2] !== '}') return into;
  const found: Array<[string, ResolvedMath['fn']]> = [];
  let i = at - 3;
  for (; i >= 0 && texts[i] !== '{'; i--) {
    if (!isName(i)) {
      if (texts[i] !== ',' && texts[i] !== ':') return into;
      continue;
    }
    // `key: local` binds local; a lone `key` binds key.
    const key = texts[i - 1] === ':' ? texts[i - 2]! : texts[i + 1] === ':' ? undefined : texts[i]!;
    const fn = key === undefined ? undefined : MATH_FUNCTIONS[key];
    if (fn) found.push([texts[i]!, fn]);
  }
  if (i < 1 || !DECLARING.has(texts[i - 1]!) || found.length === 0) return into;
  const out = into ?? new Map<string, MathAlias>();
  // The pattern's own binding is one of the declarations boundOnlyThere counts. A name bound to Math twice gets -1,
  // which no count equals: two bindings may sit in different scopes, so neither is trusted.
  for (const [local, fn] of found) out.set(local, { fn, declarations: out.has(local) ? -1 : 1 });
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
 * The aliases bound nowhere else in the file: a name also declared (`let exp = 0`, `function exp(`), assigned or taken
 * as a parameter may not be the math function where it is called.
 */
function boundOnlyThere(code: CodeColumns, aliases: Map<string, MathAlias>): Map<string, ResolvedMath['fn']> {
  const { count, kinds, texts } = code;
  const declarations = new Map<string, number>();
  for (let i = 0; i < count; i++) {
    if (kinds[i] !== K_NAME || !aliases.has(texts[i]!)) continue;
    const prev = i > 0 ? texts[i - 1]! : '';
    // A property (`this.exp = 0`, `player?.exp += xp`) binds no name.
    if (kinds[i - 1] === K_OP && (prev === '.' || prev === '?.')) continue;
    const next = i + 1 < count ? texts[i + 1]! : '';
    const declared = DECLARING.has(prev) || prev === 'function' || prev === 'class' || prev === 'import'
      || next === '=' || next === '+=' || next === '-=' || next === '*=' || next === '/=' || next === '=>'
      // The last parameter: `(a, exp) =>`, `function f(exp) {`.
      || ((prev === '(' || prev === ',') && next === ')' && (texts[i + 2] === '=>' || texts[i + 2] === '{'))
      || ((prev === '{' || prev === ',' || prev === ':') && (next === '}' || next === ',') && bindsInPattern(code, i + 1));
    if (declared) declarations.set(texts[i]!, (declarations.get(texts[i]!) ?? 0) + 1);
  }
  const out = new Map<string, ResolvedMath['fn']>();
  for (const [name, alias] of aliases) if ((declarations.get(name) ?? 0) === alias.declarations) out.set(name, alias.fn);
  return out;
}

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
