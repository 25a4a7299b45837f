// C-family analysis through the public API (analyzeText): the spellings the issue lists, the numeric type
// kept by fixes, messages quoting the math core's thresholds, and bad input (1 MB minified bundle,
// unterminated literals, 10,000 nested parentheses, binary data) that must never throw.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText, languageForPath } from '../../../src/core/analysis/index';
import { THRESHOLDS } from '../../../src/core/math/thresholds';
import { formatThreshold } from '../../../src/core/analysis/stabilityFacts';
import type { AnalysisResult, LanguageId } from '../../../src/core/analysis/types';

function analyze(text: string, language: LanguageId): AnalysisResult {
  const r = analyzeText(text, language);
  assert.ok(r, `${language} is registered`);
  assert.equal(r.error, undefined);
  return r;
}

const rules = (r: AnalysisResult): string[] => r.findings.map((f) => f.rule);
const used = (r: AnalysisResult): string[] => r.uses.map((u) => `${u.activation}:${u.kind}`);
const firstFixText = (r: AnalysisResult): string => r.findings[0]!.fixes[0]!.edits.map((e) => e.newText).join(' + ');

describe('registration', () => {
  it('maps every C-family extension to its language', () => {
    const expected: Record<string, string> = {
      'a.js': 'javascript', 'a.mjs': 'javascript', 'a.cjs': 'javascript', 'a.jsx': 'javascriptreact', 'a.ts': 'typescript',
      'a.tsx': 'typescriptreact', 'a.cs': 'csharp', 'a.java': 'java', 'a.c': 'c', 'a.h': 'c', 'a.cc': 'cpp', 'a.cpp': 'cpp',
      'a.hpp': 'cpp', 'a.cxx': 'cpp',
    };
    for (const [file, language] of Object.entries(expected)) assert.equal(languageForPath(file), language, file);
  });
});

describe('spellings of the unstable sigmoid', () => {
  const cases: Array<[LanguageId, string]> = [
    ['csharp', 'using static System.Math;\nclass A { double S(double x) { return 1 / (1 + Exp(-x)); } }'],
    ['csharp', 'class A { float S(float x) { return 1f / (1f + Mathf.Exp(-x)); } }'],
    ['csharp', 'class A { float S(double x) { return (float)(1.0 / (1.0 + Math.Exp(-x))); } }'],
    ['java', 'class A { double s(double x) { return 1 / (1 + Math.pow(Math.E, -x)); } }'],
    ['java', 'class A { double s(double x) { return 1.0 / (1.0 + StrictMath.exp(-x)); } }'],
    ['cpp', 'float s(float x) { return 1.0f / (1.0f + std::expf(-x)); }'],
    ['cpp', '__device__ float s(float x) { return 1.0f / (1.0f + __expf(-x)); }'],
    ['c', '#include <math.h>\ndouble s(double x) { return 1.0 / (1.0 + exp(-x)); }'],
    ['javascript', 'const s = (x) => 1 / (1 + Math.exp(-x));'],
    ['typescript', 'const s = (x: number): number => 1 / (1 + Math.exp(-x));'],
  ];
  for (const [language, text] of cases) {
    it(`${language}: ${text.replace(/\n/g, ' ').slice(0, 70)}`, () => {
      assert.deepEqual(rules(analyze(text, language)), ['unstable-sigmoid']);
    });
  }

  it('a user exp that is not the exponential is not one (C: int exp; C#: no using static)', () => {
    assert.deepEqual(rules(analyze('double exp(double level) { return level * 2; }\ndouble f(double x) { return 1.0 / (1.0 + exp(-x)); }', 'c')), []);
    assert.deepEqual(rules(analyze('class A { double Exp(double v) => v; double S(double x) => 1 / (1 + Exp(-x)); }', 'csharp')), []);
  });

  it('comments, strings and text blocks are not code', () => {
    assert.deepEqual(rules(analyze('// 1/(1+Math.exp(-x))\nconst s = "1/(1+Math.exp(-x))";', 'javascript')), []);
    assert.deepEqual(rules(analyze('class A { String s = """\n1.0/(1.0+Math.exp(-x))\n"""; }', 'java')), []);
    assert.deepEqual(rules(analyze('auto s = R"(1.0/(1.0+std::exp(-x)))";', 'cpp')), []);
  });
});

describe('fixes keep the numeric type and the file\'s spelling', () => {
  it('C# float: MathF and 1f in a helper when the argument is compound', () => {
    const r = analyze('class A\n{\n    float S(float x, float k) { return 1f / (1f + MathF.Exp(-(k * x))); }\n}\n', 'csharp');
    const fix = firstFixText(r);
    assert.match(fix, /private static float StableSigmoidF\(float x\)/);
    assert.match(fix, /MathF\.Exp\(-x\)/);
    assert.match(fix, /StableSigmoidF\(k \* x\)/);
  });

  it('C float: expf and 1.0f inline for a plain argument', () => {
    const r = analyze('#include <math.h>\nfloat s(float x) { return 1.0f / (1.0f + expf(-x)); }', 'c');
    assert.equal(firstFixText(r), '(x >= 0 ? 1.0f / (1.0f + expf(-x)) : expf(x) / (1.0f + expf(x)))');
  });

  it('C++: an immediately-invoked generic lambda evaluates a compound argument once', () => {
    const r = analyze('double s(double a, double b) { return 1.0 / (1.0 + std::exp(-(a * b))); }', 'cpp');
    assert.equal(firstFixText(r), '[](auto t) { return (t >= 0 ? 1.0 / (1.0 + std::exp(-t)) : std::exp(t) / (1.0 + std::exp(t))); }(a * b)');
  });

  it('tfjs tensors get tf.sigmoid / tf.softplus / tf.logSigmoid', () => {
    const text = "import * as tf from '@tensorflow/tfjs';\nconst a = tf.div(1, tf.add(1, tf.exp(tf.neg(t))));\nconst b = tf.log(tf.add(1, tf.exp(t)));\nconst c = tf.log(tf.sigmoid(t));";
    const r = analyze(text, 'javascript');
    assert.deepEqual(r.findings.map((f) => f.fixes[0]?.edits[0]?.newText), ['tf.sigmoid(t)', 'tf.softplus(t)', 'tf.logSigmoid(t)']);
  });

  it('tanh: Math.tanh, Math.Tanh, std::tanh', () => {
    const form = (e: string, m: string): string => `(${e}(${m}) - ${e}(-${m})) / (${e}(${m}) + ${e}(-${m}))`;
    assert.equal(firstFixText(analyze(`const t = ${form('Math.exp', 'z')};`, 'javascript')), 'Math.tanh(z)');
    assert.equal(firstFixText(analyze(`class A { double T(double z) => ${form('Math.Exp', 'z')}; }`, 'csharp')), 'Math.Tanh(z)');
    assert.equal(firstFixText(analyze(`double t(double z) { return ${form('std::exp', 'z')}; }`, 'cpp')), 'std::tanh(z)');
  });

  it('a tanh fix inside the user\'s own tanh never calls itself', () => {
    const cs = analyze('using static System.Math;\nclass A { static double Tanh(double x) => (Exp(x) - Exp(-x)) / (Exp(x) + Exp(-x)); }', 'csharp');
    assert.equal(firstFixText(cs), 'System.Math.Tanh(x)');
    const java = analyze('import static java.lang.Math.*;\nclass A { static double tanh(double x) { return (exp(x) - exp(-x)) / (exp(x) + exp(-x)); } }', 'java');
    assert.equal(firstFixText(java), 'Math.tanh(x)');
    const cpp = analyze('namespace n { double tanh(double x) { return (exp(x) - exp(-x)) / (exp(x) + exp(-x)); } }', 'cpp');
    assert.equal(firstFixText(cpp), 'std::tanh(x)');
  });

  it('softmax loops get the maximum subtracted (in C/C++ by a loop with the original loop\'s header, as the collection\'s type is unknown)', () => {
    const js = analyze('function f(z) {\n  const e = z.map((v) => Math.exp(v));\n  const s = e.reduce((a, b) => a + b, 0);\n  return e.map((v) => v / s);\n}', 'javascript');
    assert.deepEqual(rules(js), ['unstable-softmax']);
    assert.deepEqual(js.findings[0]!.fixes[0]!.edits.map((e) => e.newText), ['const zMax = z.reduce((a, b) => Math.max(a, b), -Infinity);\n  ', 'v - zMax']);
    const cpp = analyze('void f(double* z, double* o, int n) {\n  double s = 0;\n  for (int i = 0; i < n; i++) {\n    o[i] = std::exp(z[i]);\n    s += o[i];\n  }\n  for (int i = 0; i < n; i++) o[i] /= s;\n}', 'cpp');
    assert.deepEqual(rules(cpp), ['unstable-softmax']);
    assert.deepEqual(cpp.findings[0]!.fixes[0]!.edits.map((e) => e.newText), ['double z_max = -INFINITY;\n  for (int i = 0; i < n; i++) if (z[i] > z_max) z_max = z[i];\n  ', 'z[i] - z_max']);
  });
});

describe('the seed article\'s C# library', () => {
  const text = [
    'public class SigmoidFunction',
    '{',
    '    public double Activation(double val) { return 1.0 / (1.0 + Math.Exp(-val)); }',
    '    public double DActivation(double val) { return (1.0 - val) * val; }',
    '}',
  ].join('\n');

  it('finds the sigmoid behind the generic name, the unstable form and the output-value derivative', () => {
    const r = analyze(text, 'csharp');
    assert.deepEqual(rules(r), ['unstable-sigmoid', 'lossy-sigmoid-derivative']);
    assert.deepEqual(used(r), ['sigmoid:definition', 'sigmoid:call']);
    assert.equal(r.findings[1]!.severity, 'information');
  });

  it('quotes the math core\'s thresholds', () => {
    const r = analyze(text, 'csharp');
    assert.ok(r.findings[0]!.message.includes(formatThreshold(THRESHOLDS.float64.expOverflow)), r.findings[0]!.message);
    assert.ok(r.findings[1]!.message.includes(formatThreshold(THRESHOLDS.float64.naiveSigmoidGradientZero)), r.findings[1]!.message);
  });

  it('does not flag (1 - v) * v when nothing says v is a sigmoid output', () => {
    assert.deepEqual(rules(analyze('class P { double Area(double v) { return (1.0 - v) * v; } }', 'csharp')), []);
  });
});

describe('activation uses', () => {
  it('tfjs calls, layer constructors and selecting strings, with parameters', () => {
    const r = analyze("import * as tf from '@tensorflow/tfjs';\nm.add(tf.layers.dense({units: 8, activation: 'hardSigmoid'}));\nconst y = tf.leakyRelu(x, 0.2);\nconst l = tf.layers.leakyReLU({alpha: 0.3});", 'javascript');
    assert.deepEqual(used(r), ['hard_sigmoid:string', 'leaky_relu:call', 'leaky_relu:module']);
    assert.deepEqual(r.uses[1]!.params, { negative_slope: 0.2 });
    assert.deepEqual(r.uses[2]!.params, { negative_slope: 0.3 });
  });

  it('enum members that select an activation, and names that merely contain one do not', () => {
    const r = analyze('class A { void F() { var a = ActivationType.Sigmoid; var t = sigmoidThreshold; PlotReluCurve(); } }', 'csharp');
    assert.deepEqual(used(r), ['sigmoid:reference']);
  });

  it('user definitions and their calls in each language', () => {
    assert.deepEqual(used(analyze('function relu(x) { return Math.max(0, x); }\nrelu(2);', 'javascript')), ['relu:definition', 'relu:call']);
    assert.deepEqual(used(analyze('class N { static double Sigmoid(double x) => x; double F() => Sigmoid(1.0); }', 'csharp')), ['sigmoid:definition', 'sigmoid:call']);
    assert.deepEqual(used(analyze('double relu(double x) { return x > 0 ? x : 0; }\nint main() { return relu(1.0); }', 'cpp')), ['relu:definition', 'relu:call']);
    assert.equal(analyze('double relu(double x) { return 0; }\nint main() { return relu(-40); }', 'cpp').uses[1]!.literalArgument, -40);
  });
});

describe('bad input never throws', () => {
  const languages: LanguageId[] = ['javascript', 'typescriptreact', 'csharp', 'java', 'cpp'];

  it('a 1 MB minified one-line bundle', () => {
    const unit = 'function a(b){return 1/(1+Math.exp(-b))}var c=a(2),d=[1,2,3].map(function(e){return e*2}),f=`x${c}`/2;';
    const bundle = unit.repeat(Math.ceil(1_000_000 / unit.length));
    const t0 = performance.now();
    const r = analyze(bundle, 'javascript');
    console.log(`  1 MB bundle: ${(performance.now() - t0).toFixed(0)} ms, ${r.findings.length} findings`);
    assert.equal(r.findings.length, Math.ceil(1_000_000 / unit.length));
  });

  it('unterminated strings, comments, templates, raw strings and JSX', () => {
    const inputs = ['"abc', "'abc\n1/(1+Math.exp(-x))", '/* never closed 1/(1+exp(-x))', '`a ${b', '@"verbatim', '"""raw', 'R"x(raw', '<div>{a', '#define X \\', '$"{', '((((', '}}}}))))]]]'];
    for (const language of languages) {
      for (const text of inputs) analyze(text, language);
    }
  });

  it('10,000 nested parentheses', () => {
    const text = `x = ${'('.repeat(10_000)}1 / (1 + Math.exp(-y))${')'.repeat(10_000)};`;
    for (const language of languages) {
      const t0 = performance.now();
      analyze(text, language);
      console.log(`  10,000 nested parentheses (${language}): ${(performance.now() - t0).toFixed(1)} ms`);
    }
  });

  it('binary data', () => {
    let seed = 12345;
    const bytes = new Uint8Array(200_000).map(() => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed & 0xff;
    });
    const text = new TextDecoder('latin1').decode(bytes);
    for (const language of languages) analyze(text, language);
  });
});
