// C#: `Math.Exp`, `MathF.Exp` (float), Unity's `Mathf.Exp` (float), `using static System.Math;` then `Exp`,
// TensorFlow.NET `tf.nn.relu`, TorchSharp `torch.nn.functional.relu`, System.Numerics.Tensors `TensorPrimitives.Sigmoid`, enum selections (`ActivationType.Sigmoid`). System.Math has no Log1P, so
// softplus and log-sigmoid fixes add a small private static helper to the enclosing class (written once,
// shared by every fix in that class), as does a sigmoid of a compound argument.
import type { ActivationId } from '../../math/types';
import type { CFamilyLanguage, FileFacts, LanguageFacts, FixInput, FixText, FixWriter, ResolvedActivationCall, ResolvedMath } from './cfamilyLanguage';
import type { CodeColumns } from './cfamilyParser';
import { calleePrefix, sigmoidTernary } from './cfamilyFixes';
import { scanCSharp, tokenizeCSharp } from './csharpTokenizer';
import { resolveTorchSharp, torchSharpDirectives, torchSharpDirectivesOf } from './csharpTorchSharp';
import { usingDirectivesOf } from './csharpUsings';

const MATH_CLASSES: Readonly<Record<string, boolean>> = { 'Math': false, 'System.Math': false, 'MathF': true, 'System.MathF': true, 'Mathf': true, 'UnityEngine.Mathf': true };
const MATH_FUNCTIONS: Readonly<Record<string, ResolvedMath['fn']>> = { Exp: 'exp', Log: 'log', Tanh: 'tanh', Pow: 'pow' };

const TF_NET_OPS: Readonly<Record<string, ActivationId>> = {
  relu: 'relu', sigmoid: 'sigmoid', tanh: 'tanh', softmax: 'softmax', log_softmax: 'log_softmax', elu: 'elu', selu: 'selu',
  softplus: 'softplus', softsign: 'softsign', leaky_relu: 'leaky_relu', relu6: 'relu6', gelu: 'gelu', swish: 'silu',
};

const SPAN_OPS: Readonly<Record<string, ActivationId>> = { Sigmoid: 'sigmoid', SoftMax: 'softmax', Tanh: 'tanh' };

function gatherFacts(text: string, code: CodeColumns): LanguageFacts {
  const staticMathClasses = new Set<string>();
  const usings = usingDirectivesOf(code);
  for (const u of usings) {
    if (u.isStatic && u.name in MATH_CLASSES) staticMathClasses.add(u.name.replace(/^System\.|^UnityEngine\./, ''));
  }
  // TorchSharp only where the file names it (most C# files do not: one text search).
  const torchSharp = text.includes('TorchSharp') ? torchSharpDirectives(usings) : undefined;
  return {
    tensorModules: new Set(), staticMathClasses, cplusplus: false, mathAliases: undefined, mathAliasShadows: undefined,
    namespaceAliases: torchSharp && torchSharp.aliases.size > 0 ? torchSharp.aliases : undefined, usingNamespaces: torchSharp?.statics, projectModules: undefined,
  };
}

function resolveMath(callee: string, facts: FileFacts): ResolvedMath | undefined {
  const dot = callee.lastIndexOf('.');
  const fn = MATH_FUNCTIONS[callee.slice(dot + 1)];
  if (!fn) return undefined;
  if (dot < 0) {
    // Bare `Exp(...)` after `using static System.Math;` (MathF, Unity's Mathf) — unless the file has its own `Exp`.
    if (facts.declaredNames.has(callee)) return undefined;
    if (facts.staticMathClasses.has('Math')) return { fn, float32: false, tensor: false };
    if (facts.staticMathClasses.has('MathF') || facts.staticMathClasses.has('Mathf')) return { fn, float32: true, tensor: false };
    return undefined;
  }
  const cls = callee.slice(0, dot);
  return cls in MATH_CLASSES ? { fn, float32: MATH_CLASSES[cls]!, tensor: false } : undefined;
}

function resolveActivationCall(callee: string, facts: FileFacts): ResolvedActivationCall | undefined {
  if (/^(System\.)?MathF?\.Tanh$/.test(callee)) return { activation: 'tanh', framework: 'dotnet', qualifiedName: callee.replace(/^System\./, 'System.'), kind: 'call', inputIsFirstArg: true };
  // Bare `Tanh(v)` after `using static System.Math;` (or MathF; Unity's Mathf has no Tanh), unless the file has its own `Tanh`.
  if (callee === 'Tanh' && !facts.declaredNames.has(callee)) {
    const cls = facts.staticMathClasses.has('Math') ? 'Math' : facts.staticMathClasses.has('MathF') ? 'MathF' : undefined;
    if (cls) return { activation: 'tanh', framework: 'dotnet', qualifiedName: `${cls}.Tanh`, kind: 'call', inputIsFirstArg: true };
  }
  // System.Numerics.Tensors: `TensorPrimitives.Sigmoid(x, destination)` over spans (.NET 8), `Tensor.SoftMax(x)` (.NET 9).
  const spans = /^(?:System\.Numerics\.Tensors\.)?(TensorPrimitives|Tensor)\.(Sigmoid|SoftMax|Tanh)$/.exec(callee);
  if (spans) {
    const activation = SPAN_OPS[spans[2]!]!;
    return { activation, framework: 'dotnet', qualifiedName: `System.Numerics.Tensors.${spans[1]}.${spans[2]}`, kind: 'call', inputIsFirstArg: true };
  }
  const m = /^(tf\.nn|tf|tf\.keras\.activations|keras\.activations)\.(\w+)$/.exec(callee);
  if (m) {
    const activation = TF_NET_OPS[m[2]!];
    if (activation) return { activation, framework: 'tf', qualifiedName: callee, kind: 'call', inputIsFirstArg: true };
  }
  const torchSharp = torchSharpDirectivesOf(facts);
  return torchSharp ? resolveTorchSharp(callee, torchSharp, facts) : undefined;
}

/**
 * The class prefix for the fix's Math calls: the original's (`Math.`, `MathF.`, `Mathf.`), or after `using static`
 * a qualified `System.Math.` — a bare `Tanh(x)` inside the user's own `Tanh` method would call itself.
 */
function mathClass(input: FixInput): string {
  const cls = calleePrefix(input.exp);
  if (cls !== '') return cls;
  return input.float32 ? 'System.MathF.' : 'System.Math.';
}

/** The numeric vocabulary of the original: `Math`/`double`/`1.0`, `MathF`/`float`/`1f`, Unity `Mathf`. */
function vocabulary(input: FixInput): { cls: string; type: string; one: string; zero: string; suffix: string } {
  const cls = mathClass(input);
  if (input.float32) return { cls, type: 'float', one: '1f', zero: '0f', suffix: 'F' };
  return { cls, type: 'double', one: '1.0', zero: '0.0', suffix: '' };
}

function helper(name: string, type: string, comment: string, body: string[]): { name: string; text: string } {
  return { name, text: [`// ${comment}`, `private static ${type} ${name}(${type} x)`, '{', ...body.map((l) => `    ${l}`), '}'].join('\n') };
}

function sigmoidHelper(input: FixInput): FixText {
  const v = vocabulary(input);
  const name = `StableSigmoid${v.suffix}`;
  return {
    title: `Use ${name}(x), a sign-split sigmoid that cannot overflow`,
    replacement: `${name}(${input.arg})`,
    helper: helper(name, v.type, 'Sign split: Exp only sees non-positive numbers, so it cannot overflow.', [
      `return ${sigmoidTernary('x', input.exp, v.one, v.zero).slice(1, -1)};`,
    ]),
  };
}

/** log1p(u) for u in (0, 1] without Math.Log1P (which .NET lacks): exact to a few ulp (Goldberg's trick). */
function log1pLines(v: ReturnType<typeof vocabulary>, input: FixInput): string[] {
  return [
    `${v.type} u = ${input.exp}(-${v.cls}Abs(x));`,
    `${v.type} w = ${v.one} + u;`,
    `${v.type} log1pU = w == ${v.one} ? u : ${v.cls}Log(w) * u / (w - ${v.one});`,
  ];
}

const fixes: FixWriter = {
  sigmoid(input) {
    if (input.argIsSimple) {
      const v = vocabulary(input);
      return { title: 'Use a sign-split sigmoid that cannot overflow', replacement: sigmoidTernary(input.arg, input.exp, input.one, v.zero) };
    }
    return sigmoidHelper(input);
  },
  softplus(input) {
    const v = vocabulary(input);
    const name = `StableSoftplus${v.suffix}`;
    return {
      title: `Use ${name}(x) = max(x, 0) + log1p(exp(-|x|))`,
      replacement: `${name}(${input.arg})`,
      helper: helper(name, v.type, 'log(1 + exp(x)) without overflow: max(x, 0) + log1p(exp(-|x|)).', [
        ...log1pLines(v, input), `return ${v.cls}Max(x, ${v.zero}) + log1pU;`,
      ]),
    };
  },
  logSigmoid(input) {
    const v = vocabulary(input);
    const name = `StableLogSigmoid${v.suffix}`;
    return {
      title: `Use ${name}(x) = min(x, 0) - log1p(exp(-|x|))`,
      replacement: `${name}(${input.arg})`,
      helper: helper(name, v.type, 'log(sigmoid(x)) without underflow: min(x, 0) - log1p(exp(-|x|)).', [
        ...log1pLines(v, input), `return ${v.cls}Min(x, ${v.zero}) - log1pU;`,
      ]),
    };
  },
  tanh(input) {
    const cls = mathClass(input);
    // Unity's Mathf has no Tanh: go through System.Math and back to float.
    if (cls === 'Mathf.' || cls === 'UnityEngine.Mathf.') return { title: 'Use System.Math.Tanh', replacement: `(float)System.Math.Tanh(${input.arg})` };
    return { title: `Use ${cls}Tanh`, replacement: `${cls}Tanh(${input.arg})` };
  },
  maxOf: (collection, name, float32, newline) => {
    const type = float32 ? 'float' : 'double';
    return `${type} ${name} = ${type}.NegativeInfinity;${newline}foreach (var ${name}Item in ${collection}) ${name} = Math.Max(${name}, ${name}Item);`;
  },
};

export const CSHARP: CFamilyLanguage = {
  id: 'csharp', displayName: 'C#', mathFramework: 'dotnet',
  tokenize: tokenizeCSharp,
  scan: scanCSharp,
  parse: { arrow: '=>', castTypes: new Set(['float', 'double', 'decimal', 'int', 'long', 'short', 'byte', 'uint', 'ulong', 'Half']), javascriptKeywords: false, typescript: false, angleTypeAssertions: false },
  gatherFacts, resolveMath, resolveActivationCall,
  eulerNames: new Set(['Math.E', 'MathF.E', 'System.Math.E', 'E']),
  defaultExp: 'Math.Exp',
  helperPlacement: 'class',
  fixes,
};
