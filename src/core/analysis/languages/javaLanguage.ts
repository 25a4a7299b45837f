// Java: `Math.exp`, `StrictMath.exp`, Apache `FastMath.exp`, `import static java.lang.Math.*;` then `exp`,
// `Math.pow(Math.E, -x)`, DL4J selections (`Activation.SIGMOID`, `.activation("relu")`), DJL's `Activation.relu(x)`. A compound argument
// goes to a small private static helper in the enclosing class, so it is evaluated once.
import type { ActivationId } from '../../math/types';
import type { CFamilyLanguage, FileFacts, LanguageFacts, FixInput, FixText, FixWriter, ResolvedActivationCall, ResolvedMath } from './cfamilyLanguage';
import type { CodeColumns } from './cfamilyParser';
import { calleePrefix, logSigmoidDifference, sigmoidTernary, softplusSum, type SoftplusSpelling } from './cfamilyFixes';
import { scanJava, tokenizeJava } from './javaTokenizer';

const MATH_CLASSES = new Set(['Math', 'StrictMath', 'java.lang.Math', 'java.lang.StrictMath', 'FastMath', 'org.apache.commons.math3.util.FastMath']);
const MATH_FUNCTIONS: Readonly<Record<string, ResolvedMath['fn']>> = { exp: 'exp', log: 'log', log1p: 'log1p', tanh: 'tanh', pow: 'pow' };

function gatherFacts(_text: string, code: CodeColumns): LanguageFacts {
  const staticMathClasses = new Set<string>();
  const { texts } = code;
  for (let i = 0; i + 2 < code.count; i++) {
    if (texts[i] !== 'import') continue;
    // DJL: `import ai.djl.nn.Activation;` (or `ai.djl.nn.*`) makes `Activation.relu(x)` its activations.
    if (texts[i + 1] === 'ai' && /^ai\.djl\.nn\.(?:Activation|\*);$/.test(texts.slice(i + 1, i + 9).join(''))) staticMathClasses.add(DJL_ACTIVATION);
    if (texts[i + 1] !== 'static') continue;
    let name = '';
    let k = i + 2;
    while (k < code.count && texts[k] !== ';' && k - i < 16) name += texts[k++]!;
    const imported = /^(?:java\.lang\.|org\.apache\.commons\.math3?\.util\.)((?:Strict)?Math|FastMath)\.(\*|exp|log|log1p|tanh|pow)$/.exec(name);
    if (!imported || (imported[1] === 'FastMath') !== name.startsWith('org.')) continue;
    // 'Math' for the math functions; 'Math.tanh' (or 'StrictMath.tanh', 'FastMath.tanh') when tanh itself is imported,
    // a use of its own when called bare.
    staticMathClasses.add('Math');
    if (imported[2] === '*' || imported[2] === 'tanh') staticMathClasses.add(`${imported[1]}.tanh`);
  }
  return { tensorModules: new Set(), staticMathClasses, cplusplus: false, mathAliases: undefined, mathAliasShadows: undefined, namespaceAliases: undefined, usingNamespaces: undefined, projectModules: undefined };
}

function resolveMath(callee: string, facts: FileFacts): ResolvedMath | undefined {
  const dot = callee.lastIndexOf('.');
  const fn = MATH_FUNCTIONS[callee.slice(dot + 1)];
  if (!fn) return undefined;
  if (dot < 0) {
    return facts.staticMathClasses.has('Math') && !facts.declaredNames.has(callee) ? { fn, float32: false, tensor: false } : undefined;
  }
  return MATH_CLASSES.has(callee.slice(0, dot)) ? { fn, float32: false, tensor: false } : undefined;
}

const STATIC_TANH = ['Math.tanh', 'StrictMath.tanh', 'FastMath.tanh'];

// DJL's `ai.djl.nn.Activation`: functions over NDArrays (`relu(x)`, `leakyRelu(x, alpha)`) and block factories
// (`reluBlock()`, `leakyReluBlock(alpha)`), with the math core's parameter names for their literal arguments. DJL's
// swish takes a beta, which SiLU does not have: left out.
const DJL_ACTIVATION = 'ai.djl.nn.Activation';
const DJL_FUNCTIONS: Readonly<Record<string, readonly [ActivationId, ...string[]]>> = {
  relu: ['relu'], relu6: ['relu6'], sigmoid: ['sigmoid'], tanh: ['tanh'], softPlus: ['softplus'], softSign: ['softsign'],
  leakyRelu: ['leaky_relu', 'negative_slope'], elu: ['elu', 'alpha'], selu: ['selu'], gelu: ['gelu'], mish: ['mish'],
};

function djlActivation(callee: string, facts: FileFacts): ResolvedActivationCall | undefined {
  const m = /^(?:ai\.djl\.nn\.)?Activation\.(\w+?)(Block)?$/.exec(callee);
  if (!m || (!callee.startsWith('ai.') && !facts.staticMathClasses.has(DJL_ACTIVATION))) return undefined;
  const entry = DJL_FUNCTIONS[m[1]!];
  if (!entry) return undefined;
  const [activation, ...positionalParams] = entry;
  const block = m[2] !== undefined;
  return { activation, framework: 'java', qualifiedName: `${DJL_ACTIVATION}.${m[1]}${block ? 'Block' : ''}`, kind: block ? 'module' : 'call', positionalParams, inputIsFirstArg: !block };
}

function resolveActivationCall(callee: string, facts: FileFacts): ResolvedActivationCall | undefined {
  const djl = callee.includes('Activation.') ? djlActivation(callee, facts) : undefined;
  if (djl) return djl;
  if (/^((java\.lang\.)?(Strict)?Math|(org\.apache\.commons\.math3?\.util\.)?FastMath)\.tanh$/.test(callee)) return { activation: 'tanh', framework: 'java', qualifiedName: callee, kind: 'call', inputIsFirstArg: true };
  // Bare `tanh(x)` after `import static java.lang.Math.*;` (or `.tanh`), unless the file declares a `tanh` of its own.
  if (callee === 'tanh' && !facts.declaredNames.has(callee)) {
    const qualifiedName = STATIC_TANH.find((q) => facts.staticMathClasses.has(q));
    if (qualifiedName) return { activation: 'tanh', framework: 'java', qualifiedName, kind: 'call', inputIsFirstArg: true };
  }
  return undefined;
}

/** The class of the original's exp, or `Math.` after a static import: a bare `tanh(x)` inside the user's own `tanh` would call itself. */
function mathClass(exp: string): string {
  return calleePrefix(exp) || 'Math.';
}

function spelling(cls: string): SoftplusSpelling {
  return { positivePart: (x) => `${cls}max(${x}, 0.0)`, negativePart: (x) => `${cls}min(${x}, 0.0)`, log1p: `${cls}log1p`, abs: `${cls}abs` };
}

function helperFix(name: string, title: string, input: FixInput, expression: string, comment: string): FixText {
  return {
    title,
    replacement: `${name}(${input.arg})`,
    helper: { name, text: [`// ${comment}`, `private static double ${name}(double x) {`, `    return ${expression};`, '}'].join('\n') },
  };
}

const fixes: FixWriter = {
  sigmoid(input) {
    if (input.argIsSimple) return { title: 'Use a sign-split sigmoid that cannot overflow', replacement: sigmoidTernary(input.arg, input.exp, input.one) };
    return helperFix('stableSigmoid', 'Use stableSigmoid(x), a sign-split sigmoid that cannot overflow', input,
      sigmoidTernary('x', input.exp, input.one).slice(1, -1), 'Sign split: exp only sees non-positive numbers, so it cannot overflow.');
  },
  softplus(input) {
    const s = spelling(mathClass(input.exp));
    if (input.argIsSimple) return { title: 'Use max(x, 0) + Math.log1p(Math.exp(-|x|))', replacement: softplusSum(input.arg, input.exp, s) };
    return helperFix('stableSoftplus', 'Use stableSoftplus(x) = max(x, 0) + log1p(exp(-|x|))', input, softplusSum('x', input.exp, s).slice(1, -1),
      'log(1 + exp(x)) without overflow.');
  },
  logSigmoid(input) {
    const s = spelling(mathClass(input.exp));
    if (input.argIsSimple) return { title: 'Use min(x, 0) - Math.log1p(Math.exp(-|x|))', replacement: logSigmoidDifference(input.arg, input.exp, s) };
    return helperFix('stableLogSigmoid', 'Use stableLogSigmoid(x) = min(x, 0) - log1p(exp(-|x|))', input, logSigmoidDifference('x', input.exp, s).slice(1, -1),
      'log(sigmoid(x)) without underflow.');
  },
  tanh(input) {
    const cls = mathClass(input.exp);
    return { title: `Use ${cls}tanh`, replacement: `${cls}tanh(${input.arg})` };
  },
  maxOf: (collection, name, _float32, newline) =>
    `double ${name} = Double.NEGATIVE_INFINITY;${newline}for (double ${name}Item : ${collection}) ${name} = Math.max(${name}, ${name}Item);`,
};

export const JAVA: CFamilyLanguage = {
  id: 'java', displayName: 'Java', mathFramework: 'java',
  tokenize: tokenizeJava,
  scan: scanJava,
  parse: { arrow: '->', castTypes: new Set(['float', 'double', 'int', 'long', 'short', 'byte', 'char']), javascriptKeywords: false, typescript: false, angleTypeAssertions: false },
  gatherFacts, resolveMath, resolveActivationCall,
  eulerNames: new Set(['Math.E', 'StrictMath.E', 'java.lang.Math.E', 'E']),
  defaultExp: 'Math.exp',
  helperPlacement: 'class',
  fixes,
};
