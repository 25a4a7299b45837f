// C and C++ (one grammar): `exp`, `expf`, `expl`, `std::exp`, CUDA's `__expf`, `pow(M_E, -x)`, libtorch
// (`torch::sigmoid`, `torch::nn::ReLU`). Fixes keep the file's exp spelling (so float stays float); a compound
// argument is bound once by an immediately-invoked lambda in C++, or by a static helper after the includes in C.
import type { ActivationId } from '../../math/types';
import type { LanguageId } from '../types';
import type { CFamilyLanguage, FileFacts, LanguageFacts, FixInput, FixText, FixWriter, ResolvedActivationCall, ResolvedMath } from './cfamilyLanguage';
import { afterSpaces, nameTokensOf, nextNonSpaceCode, type CodeColumns } from './cfamilyParser';
import { logSigmoidDifference, sigmoidTernary, softplusSum, type SoftplusSpelling } from './cfamilyFixes';
import { scanCpp, tokenizeCpp } from './cppTokenizer';
import { C_IDENT_PART, C_SPACE, CHAR_CLASS, K_NAME } from './cfamilyTokens';

interface MathName {
  readonly fn: ResolvedMath['fn'];
  readonly float32: boolean;
  /** C names resolve only when the file does not declare the name itself (`int exp = 0;`). */
  readonly bare: boolean;
}

const MATH_NAMES = new Map<string, MathName>();
for (const [base, fn] of [['exp', 'exp'], ['log', 'log'], ['log1p', 'log1p'], ['tanh', 'tanh'], ['pow', 'pow']] as const) {
  MATH_NAMES.set(base, { fn, float32: false, bare: true });
  MATH_NAMES.set(`${base}l`, { fn, float32: false, bare: true });
  MATH_NAMES.set(`${base}f`, { fn, float32: true, bare: true });
  MATH_NAMES.set(`__${base}f`, { fn, float32: true, bare: true });
  MATH_NAMES.set(`std.${base}`, { fn, float32: false, bare: false });
  MATH_NAMES.set(`std.${base}f`, { fn, float32: true, bare: false });
  MATH_NAMES.set(`std.${base}l`, { fn, float32: false, bare: false });
}

const TORCH_FUNCTIONS: Readonly<Record<string, ActivationId>> = {
  sigmoid: 'sigmoid', relu: 'relu', tanh: 'tanh', softmax: 'softmax', log_softmax: 'log_softmax', gelu: 'gelu', silu: 'silu',
  elu: 'elu', selu: 'selu', celu: 'celu', leaky_relu: 'leaky_relu', relu6: 'relu6', softplus: 'softplus', hardtanh: 'hard_tanh',
  hardsigmoid: 'hard_sigmoid', hardswish: 'hard_swish', mish: 'mish', logsigmoid: 'log_sigmoid', softsign: 'softsign', prelu: 'prelu',
};
const TORCH_MODULES: Readonly<Record<string, ActivationId>> = {
  Sigmoid: 'sigmoid', ReLU: 'relu', Tanh: 'tanh', Softmax: 'softmax', LogSoftmax: 'log_softmax', GELU: 'gelu', SiLU: 'silu', ELU: 'elu',
  SELU: 'selu', CELU: 'celu', LeakyReLU: 'leaky_relu', ReLU6: 'relu6', Softplus: 'softplus', Hardtanh: 'hard_tanh', Hardsigmoid: 'hard_sigmoid',
  Hardswish: 'hard_swish', Mish: 'mish', LogSigmoid: 'log_sigmoid', Softsign: 'softsign', PReLU: 'prelu',
};

function gatherFacts(text: string, code: CodeColumns, language: LanguageId): LanguageFacts {
  const cplusplus = language === 'cpp' || /\bstd::|#\s*include\s*<(cmath|iostream|vector|algorithm)>|\bnamespace\b|\btemplate\s*</.test(text);
  const directives = cplusplus ? namespaceDirectives(text, code) : undefined;
  return {
    tensorModules: new Set<string>(), staticMathClasses: new Set<string>(), cplusplus, mathAliases: undefined, mathAliasShadows: undefined,
    namespaceAliases: directives?.namespaceAliases, usingNamespaces: directives?.usingNamespaces, projectModules: undefined,
  };
}

/** `a::b::c` from code index `i` as `a.b.c` (a leading `::` dropped), and the index after it. */
function qualifiedNameAt(code: CodeColumns, i: number): { name: string; next: number } | undefined {
  if (code.texts[i] === '::') i++;
  const parts: string[] = [];
  while (i < code.count && code.kinds[i] === K_NAME) {
    parts.push(code.texts[i]!);
    if (code.texts[i + 1] !== '::') return { name: parts.join('.'), next: i + 1 };
    i += 2;
  }
  return undefined;
}

/**
 * `namespace F = torch::nn::functional;` aliases and `using namespace torch;` directives, read off the code tokens; a
 * using-declaration (`using torch::sigmoid;`) is an alias of the name to its qualified self.
 */
function namespaceDirectives(text: string, code: CodeColumns): Pick<FileFacts, 'namespaceAliases' | 'usingNamespaces'> {
  const aliases = new Map<string, string>();
  const usings: string[] = [];
  // Only the tokens where the text has one of the two words (found by indexOf, not by comparing every name token);
  // `namespace` only where it may start an alias (most open a block: `namespace net {`, looked at no further).
  for (const i of wordTokens(text, code, ['namespace', 'using'], (at, word) => word !== 'namespace' || !opensNamespaceBlock(text, at))) {
    if (i + 2 >= code.count) break;
    const word = code.texts[i];
    if (word === 'namespace' && code.kinds[i + 1] === K_NAME && code.texts[i + 2] === '=') {
      const target = qualifiedNameAt(code, i + 3);
      if (target && code.texts[target.next] === ';') aliases.set(code.texts[i + 1]!, target.name);
    } else if (word === 'using') {
      const directive = code.texts[i + 1] === 'namespace';
      const target = qualifiedNameAt(code, directive ? i + 2 : i + 1);
      if (!target || code.texts[target.next] !== ';') continue;
      if (directive) usings.push(target.name);
      // `using torch::nn::functional::relu;`: the one name, as an alias of its qualified self.
      else if (target.name.includes('.')) aliases.set(target.name.slice(target.name.lastIndexOf('.') + 1), target.name);
    }
  }
  return { namespaceAliases: aliases.size > 0 ? aliases : undefined, usingNamespaces: usings.length > 0 ? usings : undefined };
}

/** The indices of the name tokens that are one of `words` where `mayBe` allows (asked before any token is looked up), in text order. */
function wordTokens(text: string, code: CodeColumns, words: readonly string[], mayBe: (at: number, word: string) => boolean): number[] {
  const out = words.flatMap((word) => nameTokensOf(text, code, word, (at) => mayBe(at, word)));
  return words.length > 1 ? out.sort((a, b) => a - b) : out;
}

/** At `at`, `namespace` followed by a name or none and then `{` (spaces and line breaks between): a block, not an alias. */
function opensNamespaceBlock(text: string, at: number): boolean {
  let p = afterSpaces(text, at + 9);
  while (p < text.length && (CHAR_CLASS[text.charCodeAt(p)]! & (C_IDENT_PART | C_SPACE)) === C_IDENT_PART) p++;
  return nextNonSpaceCode(text, p) === 123;
}

/** The callee with a namespace alias in front replaced by what it names (`F.silu` → `torch.nn.functional.silu`). */
function withoutAlias(callee: string, facts: FileFacts): string {
  const aliases = facts.namespaceAliases;
  if (!aliases) return callee;
  // An alias may name another alias; a few rounds reach the end of any chain a file writes (and stop a cycle).
  for (let round = 0; round < 4; round++) {
    const dot = callee.indexOf('.');
    const target = aliases.get(dot < 0 ? callee : callee.slice(0, dot));
    if (target === undefined) return callee;
    if (dot < 0) return target;
    callee = target + callee.slice(dot);
  }
  return callee;
}

function resolveMath(callee: string, facts: FileFacts): ResolvedMath | undefined {
  const name = MATH_NAMES.get(withoutAlias(callee, facts));
  if (!name) return undefined;
  if (name.bare && facts.declaredNames.has(callee)) return undefined;
  return { fn: name.fn, float32: name.float32, tensor: false };
}

function resolveActivationCall(callee: string, facts: FileFacts): ResolvedActivationCall | undefined {
  const unaliased = withoutAlias(callee, facts);
  const direct = resolveQualified(unaliased);
  if (direct || !facts.usingNamespaces) return direct;
  // `using namespace torch::nn::functional;` then `relu(x)`, unless the file declares that first name itself (asked last: it reads the file).
  for (const namespace of facts.usingNamespaces) {
    const resolved = resolveQualified(`${withoutAlias(namespace, facts)}.${unaliased}`);
    if (!resolved || resolved.framework === 'cpp') continue;
    const dot = unaliased.indexOf('.');
    return facts.declaredNames.has(dot < 0 ? unaliased : unaliased.slice(0, dot)) ? undefined : resolved;
  }
  return undefined;
}

function resolveQualified(callee: string): ResolvedActivationCall | undefined {
  if (/^(std\.)?tanh[fl]?$/.test(callee)) return { activation: 'tanh', framework: 'cpp', qualifiedName: callee.replace('.', '::'), kind: 'call', inputIsFirstArg: true };
  const fn = /^torch\.(?:nn\.functional\.)?(\w+)$/.exec(callee);
  if (fn && TORCH_FUNCTIONS[fn[1]!]) return { activation: TORCH_FUNCTIONS[fn[1]!]!, framework: 'torch', qualifiedName: callee.replace(/\./g, '::'), kind: 'call', inputIsFirstArg: true };
  const mod = /^torch\.nn\.(\w+)$/.exec(callee);
  if (mod && TORCH_MODULES[mod[1]!]) return { activation: TORCH_MODULES[mod[1]!]!, framework: 'torch', qualifiedName: callee.replace(/\./g, '::'), kind: 'module', inputIsFirstArg: false };
  return undefined;
}

/** The companions of the file's exp spelling: `std::exp` → `std::log1p`, `expf` → `log1pf`, `__expf` → `log1pf`. */
function companions(exp: string): { log1p: string; abs: string; tanh: string; type: string } {
  if (exp.startsWith('std::')) return { log1p: 'std::log1p', abs: 'std::abs', tanh: 'std::tanh', type: exp.endsWith('f') ? 'float' : 'double' };
  if (exp.endsWith('f')) return { log1p: 'log1pf', abs: 'fabsf', tanh: 'tanhf', type: 'float' };
  if (exp.endsWith('l')) return { log1p: 'log1pl', abs: 'fabsl', tanh: 'tanhl', type: 'long double' };
  return { log1p: 'log1p', abs: 'fabs', tanh: 'tanh', type: 'double' };
}

function spelling(exp: string): SoftplusSpelling {
  const c = companions(exp);
  return { positivePart: (x) => `(${x} > 0 ? ${x} : 0)`, negativePart: (x) => `(${x} < 0 ? ${x} : 0)`, log1p: c.log1p, abs: c.abs };
}

/** Binds a compound argument once: a generic lambda in C++ (keeps float/double), a static helper in C. */
function once(input: FixInput, title: string, helperName: string, body: (x: string) => string): FixText {
  if (input.argIsSimple) return { title, replacement: body(input.arg) };
  if (input.facts.cplusplus) return { title, replacement: `[](auto t) { return ${body('t')}; }(${input.arg})` };
  const type = companions(input.exp).type;
  const name = type === 'float' ? `${helperName}f` : helperName;
  return {
    title,
    replacement: `${name}(${input.arg})`,
    helper: { name, text: [`static ${type} ${name}(${type} x)`, '{', `    return ${body('x')};`, '}'].join('\n') },
  };
}

const fixes: FixWriter = {
  sigmoid: (input) => once(input, 'Use a sign-split sigmoid that cannot overflow', 'stable_sigmoid', (x) => sigmoidTernary(x, input.exp, input.one)),
  softplus: (input) => once(input, 'Use max(x, 0) + log1p(exp(-|x|))', 'stable_softplus', (x) => softplusSum(x, input.exp, spelling(input.exp))),
  logSigmoid: (input) => once(input, 'Use min(x, 0) - log1p(exp(-|x|))', 'stable_log_sigmoid', (x) => logSigmoidDifference(x, input.exp, spelling(input.exp))),
  tanh(input) {
    let tanh = companions(input.exp).tanh;
    // A file with its own `tanh` (a namespace's, say) would have the fix call it, maybe from inside itself.
    if (input.facts.declaredNames.has(tanh)) {
      if (!input.facts.cplusplus || tanh !== 'tanh') return undefined;
      tanh = 'std::tanh';
    }
    return { title: `Use ${tanh}`, replacement: `${tanh}(${input.arg})` };
  },
};

function cFamily(id: 'c' | 'cpp', displayName: string): CFamilyLanguage {
  return {
    id, displayName, mathFramework: 'cpp',
    tokenize: tokenizeCpp,
    scan: scanCpp,
    parse: { arrow: null, castTypes: new Set(['float', 'double', 'int', 'long', 'short', 'char', 'unsigned', 'size_t', 'int32_t', 'int64_t']), javascriptKeywords: false, typescript: false, angleTypeAssertions: false },
    gatherFacts: (text, code) => gatherFacts(text, code, id),
    resolveMath, resolveActivationCall,
    eulerNames: new Set(['M_E', 'std.numbers.e', 'std.numbers.e_v']),
    defaultExp: id === 'cpp' ? 'std::exp' : 'exp',
    helperPlacement: 'file',
    fixes,
  };
}

export const CPP = cFamily('cpp', 'C++');
export const C = cFamily('c', 'C');
