// Shapes the seventh held-out sets (test/fixtures/{javascript,typescript,csharp,cpp}/heldout7) showed the analyzer
// missing, one describe per class; each has the look-alikes that must stay silent next to the shapes that must be found.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, findingsOf, fixOf, usesOf } from './analysisProbe';

describe('C# and Java: a method named Exp is seen in its own class only (and the classes deriving from it)', () => {
  const GAME = [
    '    public sealed class Hero',
    '    {',
    '        public int Tier;',
    '        private double Exp(double points) => points * (1.0 + 0.25 * Tier);',
    '        public double Bonus(double points) => 1.0 / (1.0 + Exp(-points));',
    '    }',
  ];
  const MATH = [
    '    internal static class ScoreMath',
    '    {',
    '        internal static double Logistic(double z) => 1.0 / (1.0 + Exp(-z));',
    '        internal static double Softplus(double z) => Log(Exp(z) + 1.0);',
    '    }',
  ];

  it('a bare Exp in another class of the file is System.Math.Exp after `using static System.Math;`', () => {
    for (const order of [[...GAME, ...MATH], [...MATH, ...GAME]]) {
      const text = ['using static System.Math;', 'namespace Scoring', '{', ...order, '}'].join('\n');
      assert.deepEqual(findingsOf(text, 'csharp').sort(), ['unstable-sigmoid 1.0 / (1.0 + Exp(-z))', 'unstable-softplus Log(Exp(z) + 1.0)']);
    }
  });

  it('inside the declaring class, and in a class of the file deriving from it, Exp stays the class\'s own', () => {
    const derived = ['    public class Boss : Hero', '    {', '        public double Rage(double p) => 1.0 / (1.0 + Exp(-p));', '    }'];
    const text = ['using static System.Math;', 'namespace Scoring', '{', ...GAME.map((l) => l.replace('sealed ', '')), ...derived, '}'].join('\n');
    assert.deepEqual(findingsOf(text, 'csharp'), []);
  });

  it('Java: a static helper exp in one class leaves `import static java.lang.Math.*` exp the exponential in another', () => {
    const text = [
      'import static java.lang.Math.*;',
      'class Xp { static double exp(double v) { return v * 1.5; } double level(double v) { return 1.0 / (1.0 + exp(-v)); } }',
      'class Net { static double sigmoid(double v) { return 1.0 / (1.0 + exp(-v)); } }',
      'class Child extends Xp { double more(double v) { return 1.0 / (1.0 + exp(-v)); } }',
    ].join('\n');
    assert.deepEqual(findingsOf(text, 'java'), ['unstable-sigmoid 1.0 / (1.0 + exp(-v))']);
    assert.equal(analyze(text, 'java').findings[0]!.span.start, text.indexOf('1.0 / (1.0 + exp(-v))', text.indexOf('class Net')));
  });

  it('a bare Tanh is hidden the same way: only where the class that declares its own Tanh is', () => {
    const text = [
      'using static System.Math;',
      'class Shape { static double Tanh(double v) => v; double A(double v) => Tanh(v); }',
      'class Layer { double B(double v) => Tanh(v); }',
    ].join('\n');
    // Shape's Tanh(v) calls the class's own function (a use of the user's tanh); Layer's is System.Math.Tanh.
    const uses = analyze(text, 'csharp').uses.map((u) => `${u.kind} ${u.framework} ${u.qualifiedName} @${u.span.start}`);
    assert.deepEqual(uses, [
      `definition user Tanh @${text.indexOf('Tanh')}`,
      `call user Tanh @${text.indexOf('Tanh(v); }')}`,
      `call dotnet Math.Tanh @${text.lastIndexOf('Tanh(v)')}`,
    ]);
  });
});

describe("C#: Unity's `using static UnityEngine.Mathf;` makes a bare Exp Mathf.Exp (float)", () => {
  it('finds the float sigmoid and fixes it with float arithmetic', () => {
    const text = [
      'using UnityEngine;',
      'using static UnityEngine.Mathf;',
      'public class Agent : MonoBehaviour',
      '{',
      '    static float Smooth(float x) => 1f / (1f + Exp(-x));',
      '}',
    ].join('\n');
    const r = analyze(text, 'csharp');
    assert.deepEqual(r.findings.map((f) => f.rule), ['unstable-sigmoid']);
    assert.match(r.findings[0]!.message, /88\.72 \(float32\)/);
    // The file's own spelling of exp (Mathf's, through the using static) and float literals.
    assert.deepEqual(fixOf(text, 'csharp', '1f / (1f + Exp(-x))'), ['(x >= 0f ? 1f / (1f + Exp(-x)) : Exp(x) / (1f + Exp(x)))']);
  });

  it('without the using static, a bare Exp is someone else\'s', () => {
    const text = ['using UnityEngine;', 'public class Agent : MonoBehaviour', '{', '    static float Smooth(float x) => 1f / (1f + Exp(-x));', '}'].join('\n');
    assert.deepEqual(findingsOf(text, 'csharp'), []);
  });
});

describe('a function of the file passed by name is a use of its activation', () => {
  it('JavaScript and TypeScript: map(sigmoid), apply(this.relu), a static member through its class', () => {
    const js = [
      'function sigmoid(x) { return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)); }',
      'const silu = (x) => x * sigmoid(x);',
      'export const outputs = (zs) => zs.map(sigmoid).concat(zs.map(silu));',
    ].join('\n');
    assert.deepEqual(usesOf(js, 'javascript').filter((u) => u.includes(':reference')), ['sigmoid:reference sigmoid', 'silu:reference silu']);
    const ts = [
      'class Net {',
      '  static relu(x: number): number { return x > 0 ? x : 0; }',
      '  forward(xs: number[]): number[] { return xs.map(Net.relu).map(this.relu); }',
      '  relu(x: number): number { return Math.max(0, x); }',
      '}',
    ].join('\n');
    assert.deepEqual(usesOf(ts, 'typescript').filter((u) => u.includes(':reference')), ['relu:reference relu', 'relu:reference relu']);
  });

  it('C#, Java and C++: Select(Sigmoid), map(Net::sigmoid), std::transform(..., relu) and &relu', () => {
    const cs = 'class Net { static double Sigmoid(double x) => 0.5 * (1 + System.Math.Tanh(x / 2)); double[] F(double[] z) => z.Select(Sigmoid).ToArray(); }';
    assert.deepEqual(usesOf(cs, 'csharp').filter((u) => u.includes(':reference')), ['sigmoid:reference Sigmoid']);
    const java = 'class Net { static double sigmoid(double x) { return 0.5 * (1 + Math.tanh(x / 2)); } double[] f(double[] z) { return Arrays.stream(z).map(Net::sigmoid).toArray(); } }';
    assert.deepEqual(usesOf(java, 'java').filter((u) => u.includes(':reference')), ['sigmoid:reference sigmoid']);
    const cpp = 'double relu(double x) { return x > 0 ? x : 0; }\nvoid g(std::vector<double>& v) { std::transform(v.begin(), v.end(), v.begin(), relu); register_fn("relu", &relu); }';
    assert.deepEqual(usesOf(cpp, 'cpp').filter((u) => u.includes(':reference')), ['relu:reference relu', 'relu:reference relu']);
  });

  it('not a use: a parameter of that name, a name the file does not define as an activation, the definition itself', () => {
    const js = [
      'function sigmoid(x) { return 1 / (1 + Math.exp(-x)); }',
      'function applyAll(xs, sigmoid) { return xs.map(sigmoid); }',
      'const run = (relu) => [1, 2].map(relu);',
      'const plot = (xs) => xs.map(sigmoidThreshold).map(identity);',
    ].join('\n');
    assert.deepEqual(usesOf(js, 'javascript').filter((u) => u.includes(':reference')), []);
    const cs = 'class Net { static double Sigmoid(double x) => x; string Name() => nameof(Sigmoid); }';
    assert.deepEqual(usesOf(cs, 'csharp').filter((u) => u.includes(':reference')), []);
    const cpp = 'double relu(double x) { return x; }\nusing Fn = decltype(relu);\nauto n = sizeof(&relu);';
    assert.deepEqual(usesOf(cpp, 'cpp').filter((u) => u.includes(':reference')), []);
  });
});

describe('TypeScript class fields that define activations', () => {
  const TEXT = [
    'export class MlpService {',
    '  readonly sigmoidThreshold = 0.5;',
    '  private static readonly relu = (x: number): number => (x > 0 ? x : 0);',
    '  static softplus = (x: number): number => Math.log1p(Math.exp(x));',
    '  gelu: (x: number) => number = (x) => 0.5 * x * (1 + Math.tanh(0.7978845608 * (x + 0.044715 * x * x * x)));',
    '  forward(z: number): number { return MlpService.relu(z) + MlpService.softplus(z) + this.gelu(z); }',
    '}',
  ].join('\n');

  it('a field initialised with an arrow is a definition, and its calls through the class or this are uses', () => {
    assert.deepEqual(usesOf(TEXT, 'typescript').filter((u) => !u.startsWith('tanh')), [
      'relu:definition relu', 'softplus:definition softplus', 'softplus:call Math.log1p(Math.exp(x))', 'gelu:definition gelu',
      'relu:call relu', 'softplus:call softplus', 'gelu:call gelu',
    ]);
    assert.deepEqual(findingsOf(TEXT, 'typescript'), ['unstable-softplus Math.log1p(Math.exp(x))']);
  });

  it('not a definition: a field whose value is no function, an object literal key, a field outside a class', () => {
    const text = [
      'class Config { static relu = 0.1; sigmoid = { slope: 1 }; }',
      'const table = { relu: 3 };',
      'let softplus = 2;',
    ].join('\n');
    assert.deepEqual(usesOf(text, 'typescript'), []);
  });
});

describe('tfjs tensor method chains', () => {
  const HEADER = "import * as tf from '@tensorflow/tfjs';";

  it('x.neg().exp().add(1).reciprocal() and tf.exp(tf.neg(x)).add(1).reciprocal() are hand-written sigmoids, fixed to tf.sigmoid', () => {
    const text = [HEADER, 'export const a = (m) => m.neg().exp().add(1).reciprocal();', 'export const b = (m) => tf.exp(tf.neg(m)).add(1).reciprocal();'].join('\n');
    assert.deepEqual(findingsOf(text, 'javascript'), [
      'unstable-sigmoid m.neg().exp().add(1).reciprocal()', 'unstable-sigmoid tf.exp(tf.neg(m)).add(1).reciprocal()',
    ]);
    assert.deepEqual(fixOf(text, 'javascript', 'm.neg().exp().add(1).reciprocal()'), ['tf.sigmoid(m)']);
    // tfjs tensors are float32: the message gives float32's threshold.
    assert.match(analyze(text, 'javascript').findings[0]!.message, /-88\.72 \(float32\)/);
  });

  it('not a tensor: a file without tfjs, and a plain name\'s exp() (micrograd\'s Value, a BigNumber)', () => {
    assert.deepEqual(findingsOf('export const a = (m) => m.neg().exp().add(1).reciprocal();', 'javascript'), []);
    assert.deepEqual(findingsOf([HEADER, 'export const b = (v) => v.exp().add(1).reciprocal();'].join('\n'), 'javascript'), []);
  });

  it('log(tf.sigmoid(x)) reports float32\'s threshold too', () => {
    const text = [HEADER, 'export const l = (x) => tf.log(tf.sigmoid(x));'].join('\n');
    assert.match(analyze(text, 'javascript').findings[0]!.message, /\(float32\)/);
  });
});

describe('C++, C# and Java: explicit type arguments on a call', () => {
  it('softmax<Scalar>(h) calls the file\'s softmax template', () => {
    const text = [
      'template <typename T> std::vector<T> softmax(const std::vector<T>& z) { return z; }',
      'std::vector<float> head(const std::vector<float>& h) { return softmax<float>(h); }',
    ].join('\n');
    assert.deepEqual(usesOf(text, 'cpp'), ['softmax:definition softmax', 'softmax:call softmax']);
  });

  it('a comparison chain is still a comparison', () => {
    const text = 'double sigmoid(double x) { return x; }\nbool f(int a, int b, int c) { return a < b && b > (c); }';
    assert.deepEqual(usesOf(text, 'cpp'), ['sigmoid:definition sigmoid']);
  });
});

describe('a library activation passed by name is a use of it (beyond heldout7: the same gap for library functions)', () => {
  it('Math.tanh, Math::tanh, Math.Tanh, tf.sigmoid passed to be applied', () => {
    assert.deepEqual(usesOf('const ys = xs.map(Math.tanh);', 'javascript'), ['tanh:reference Math.tanh']);
    assert.deepEqual(usesOf('double[] y = Arrays.stream(x).map(Math::tanh).toArray();', 'java'), ['tanh:reference Math::tanh']);
    assert.deepEqual(usesOf('var y = x.Select(Math.Tanh).ToArray();', 'csharp'), ['tanh:reference Math.Tanh']);
    const tfjs = "import * as tf from '@tensorflow/tfjs';\nconst ys = ts.map(tf.sigmoid);";
    assert.deepEqual(usesOf(tfjs, 'javascript'), ['sigmoid:reference tf.sigmoid']);
  });

  it('not a use: a name-taking operator, a layer constructor, a look-alike of another object, a non-activation', () => {
    assert.deepEqual(usesOf('var n = nameof(Math.Tanh);', 'csharp'), []);
    assert.deepEqual(usesOf("import * as tf from '@tensorflow/tfjs';\nconst ls = [1, 2].map(tf.layers.dense);", 'javascript'), []);
    assert.deepEqual(usesOf('const ys = xs.map(chart.tanhLabel).map(Math.exp);', 'javascript'), []);
  });
});
