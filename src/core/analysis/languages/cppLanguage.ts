// C and C++ (one grammar): `exp`, `expf`, `expl`, `std::exp`, CUDA's `__expf`, `pow(M_E, -x)`, libtorch
// (`torch::sigmoid`, `torch::nn::ReLU`). Fixes keep the file's exp spelling (so float stays float); a compound
// argument is bound once by an immediately-invoked lambda in C++, or by a static helper after the includes in C.
import type { ActivationId } from '../../math/types';
import type { LanguageId } from '../types';
import type { CFamilyLanguage, FileFacts, FixInput, FixText, FixWriter, ResolvedActivationCall, ResolvedMath } from './cfamilyLanguage';
import type { CodeColumns } from './cfamilyParser';
import { logSigmoidDifference, sigmoidTernary, softplusSum, type SoftplusSpelling } from './cfamilyFixes';
import { scanCpp, tokenizeCpp } from './cppTokenizer';

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

function gatherFacts(text: string, _code: CodeColumns, language: LanguageId): Pick<FileFacts, 'tensorModules' | 'staticMathClasses' | 'cplusplus'> {
  const cplusplus = language === 'cpp' || /\bstd::|#\s*include\s*<(cmath|iostream|vector|algorithm)>|\bnamespace\b|\btemplate\s*</.test(text);
  return { tensorModules: new Set(), staticMathClasses: new Set(), cplusplus };
}

function resolveMath(callee: string, facts: FileFacts): ResolvedMath | undefined {
  const name = MATH_NAMES.get(callee);
  if (!name) return undefined;
  if (name.bare && facts.declaredNames.has(callee)) return undefined;
  return { fn: name.fn, float32: name.float32, tensor: false };
}

function resolveActivationCall(callee: string): ResolvedActivationCall | undefined {
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
    parse: { arrow: null, castTypes: new Set(['float', 'double', 'int', 'long', 'short', 'char', 'unsigned', 'size_t', 'int32_t', 'int64_t']) },
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
