// C-family shapes the second held-out sets showed the analyzer missing (or reporting wrongly), one describe per
// class of miss; each has the look-alike that must stay silent next to the shape that must be found.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, usesOf, findingsOf } from './analysisProbe';

describe('a dispatcher over several activations is no single activation', () => {
  it('TypeScript: activate(z) switching over relu/tanh/sigmoid is neither a tanh definition nor a tanh call', () => {
    const text = [
      "function relu(z: number): number { return Math.max(0, z); }",
      "class Layer {",
      "  constructor(private readonly kind: string) {}",
      "  forward(z: number): number { return this.activate(z); }",
      "  private activate(z: number): number {",
      "    switch (this.kind) {",
      "      case 'relu': return relu(z);",
      "      case 'tanh': return Math.tanh(z);",
      "      default: return z;",
      "    }",
      "  }",
      "}",
    ].join('\n');
    const uses = usesOf(text, 'typescript');
    assert.ok(uses.includes('relu:definition relu'), uses.join(' | '));
    assert.ok(uses.includes('tanh:call Math.tanh'), uses.join(' | '));
    assert.deepEqual(uses.filter((u) => u.startsWith('tanh:') && u !== 'tanh:call Math.tanh'), []);
  });

  it('Java: activate(ActivationType, float) choosing sigmoid or tanh by enum member is not a tanh', () => {
    const text = [
      'class Agent {',
      '  static float sigmoid(float x) { return x >= 0f ? 1f / (1f + (float) Math.exp(-x)) : (float) Math.exp(x) / (1f + (float) Math.exp(x)); }',
      '  float activate(ActivationType type, float x) {',
      '    if (type == ActivationType.SIGMOID) { return sigmoid(x); }',
      '    else if (type == ActivationType.TANH) { return (float) Math.tanh(x); }',
      '    return Math.max(0f, x);',
      '  }',
      '  float act(float x) { return activate(ActivationType.TANH, x); }',
      '}',
    ].join('\n');
    const uses = usesOf(text, 'java');
    assert.ok(!uses.some((u) => u.endsWith(' activate')), uses.join(' | '));
  });

  it('a generically named function computing one activation stays that activation (look-alike)', () => {
    const text = 'class A {\n  double Activation(double x) { return Math.tanh(x); }\n  double y(double x) { return Activation(x); }\n}';
    const uses = usesOf(text, 'java');
    assert.ok(uses.includes('tanh:definition Activation'), uses.join(' | '));
    assert.ok(uses.includes('tanh:call Activation'), uses.join(' | '));
  });
});

describe('a name clipped by min/max where it was assigned is clipped', () => {
  it('JavaScript: const t = Math.min(Math.max(x, -500), 500) makes 1 / (1 + Math.exp(-t)) safe (use, no finding)', () => {
    const text = 'export function sigmoidClamped(x) {\n  const t = Math.min(Math.max(x, -500), 500);\n  return 1 / (1 + Math.exp(-t));\n}\n';
    assert.deepEqual(findingsOf(text, 'javascript'), []);
    assert.deepEqual(usesOf(text, 'javascript'), ['sigmoid:call 1 / (1 + Math.exp(-t))']);
  });

  it('C#: a clamped local (Math.Clamp) is clipped too', () => {
    const text = 'class A {\n  static double S(double x) {\n    double t = Math.Clamp(x, -500.0, 500.0);\n    return 1.0 / (1.0 + Math.Exp(-t));\n  }\n}\n';
    assert.deepEqual(findingsOf(text, 'csharp'), []);
  });

  // A one-sided clip on the side exp does not need (min bounds t from above; exp(-t) overflows for t below -709.78).
  // The other side, `Math.max(x, -500)` before exp(-t), keeps exp(-t) <= e^500 finite: cfamilyRecall6Cpp.test.ts.
  it('look-alikes stay reported: bounds past the overflow threshold, a clip undone by +=, a one-sided min, another variable clipped', () => {
    const cases = [
      'function a(x) { const t = Math.min(Math.max(x, -5000), 5000); return 1 / (1 + Math.exp(-t)); }',
      'function b(x) { let t = Math.min(Math.max(x, -500), 500); t += 1000; return 1 / (1 + Math.exp(-t)); }',
      'function c(x) { const t = Math.min(x, 500); return 1 / (1 + Math.exp(-t)); }',
      'function d(x, t) { const u = Math.min(Math.max(x, -500), 500); return 1 / (1 + Math.exp(-t)) + u; }',
    ];
    for (const text of cases) assert.deepEqual(findingsOf(text, 'javascript').map((f) => f.split(' ')[0]), ['unstable-sigmoid'], text);
  });
});

describe('C++ template sigmoid: T(1) / (T(1) + std::exp(-x))', () => {
  it('is an unstable sigmoid (no fix: it would have to keep the T(1) conversion)', () => {
    const text = 'template <typename T>\ninline T sigmoid(T x) {\n    return T(1) / (T(1) + std::exp(-x));\n}\n';
    const r = analyze(text, 'cpp');
    assert.deepEqual(r.findings.map((f) => [f.rule, f.fixes.length]), [['unstable-sigmoid', 0]]);
    assert.ok(usesOf(text, 'cpp').includes('sigmoid:call T(1) / (T(1) + std::exp(-x))'));
  });

  it('look-alikes stay silent: a function that is no template type, a sign-split template sigmoid', () => {
    assert.deepEqual(findingsOf('double one(int);\ndouble f(double x) { return one(1) / (one(1) + std::exp(-x)); }\n', 'cpp'), []);
    const split = 'template <class T>\nT s(T x) { return x >= 0 ? T(1) / (T(1) + std::exp(-x)) : std::exp(x) / (T(1) + std::exp(x)); }\n';
    assert.deepEqual(findingsOf(split, 'cpp'), []);
  });
});

describe('libtorch log of a sigmoid', () => {
  const text = [
    'torch::Tensor aux_loss(const torch::Tensor& logits, const torch::Tensor& target) {',
    '    auto lp = torch::log(torch::sigmoid(logits));',
    '    auto ln = torch::log(1 - torch::sigmoid(logits));',
    '    return -(target * lp + (1 - target) * ln).mean();',
    '}',
  ].join('\n');

  it('torch::log(torch::sigmoid(x)) and torch::log(1 - torch::sigmoid(x)) are unstable log-sigmoids, torch uses, without a scalar fix', () => {
    const r = analyze(text, 'cpp');
    assert.deepEqual(r.findings.map((f) => `${f.rule} ${f.fixes.length}`), ['unstable-log-sigmoid 0', 'unstable-log-sigmoid 0']);
    const logSigmoids = r.uses.filter((u) => u.activation === 'log_sigmoid');
    assert.deepEqual(logSigmoids.map((u) => u.framework), ['torch', 'torch']);
  });

  it('look-alikes stay silent: torch::log of a softmax, torch::log_sigmoid, a user log()', () => {
    assert.deepEqual(findingsOf('auto a(torch::Tensor t) { return torch::log(torch::softmax(t, 1)); }\n', 'cpp'), []);
    assert.deepEqual(findingsOf('auto a(torch::Tensor t) { return torch::log_sigmoid(t); }\n', 'cpp'), []);
    assert.deepEqual(findingsOf('auto a(torch::Tensor t) { return mylib::log(torch::sigmoid(t)); }\n', 'cpp'), []);
  });
});

describe('a static member called through its class', () => {
  const text = [
    'public class DenseLayer {',
    '    public static double Sigmoid(double z) { return z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z)); }',
    '}',
    'public static class Losses {',
    '    public static double Loss(double logit) { return DenseLayer.Sigmoid(logit) + Other.Sigmoid(logit); }',
    '}',
  ].join('\n');

  it('DenseLayer.Sigmoid(z) is a use of the file\'s sigmoid; Other.Sigmoid(z), another class\'s member, is not', () => {
    const calls = usesOf(text, 'csharp').filter((u) => u.startsWith('sigmoid:call Sigmoid'));
    assert.equal(calls.length, 1);
    const r = analyze(text, 'csharp');
    const call = r.uses.find((u) => u.kind === 'call' && u.name === 'DenseLayer.Sigmoid');
    assert.ok(call, JSON.stringify(r.uses));
    assert.equal(text.slice(call.span.start, call.span.end), 'Sigmoid');
    assert.ok(text.lastIndexOf('DenseLayer.Sigmoid') < call.span.start && call.span.start < text.indexOf('Other.Sigmoid'));
  });
});

describe('softmax loops whose exponent is no element: the exponential stored into an element the function sums', () => {
  it('TypeScript attention: w[j] = Math.exp(dot / Math.sqrt(n)); norm += w[j]!; then w[j] / norm (no fix)', () => {
    const text = [
      'export function attentionWeights(q: Float32Array, keys: Float32Array[]): Float32Array {',
      '  const w = new Float32Array(keys.length);',
      '  let norm = 0;',
      '  for (let j = 0; j < keys.length; j++) {',
      '    const k = keys[j]!;',
      '    let dot = 0;',
      '    for (let d = 0; d < q.length; d++) dot += q[d]! * k[d]!;',
      '    w[j] = Math.exp(dot / Math.sqrt(q.length));',
      '    norm += w[j]!;',
      '  }',
      '  for (let j = 0; j < w.length; j++) w[j] = w[j]! / norm;',
      '  return w;',
      '}',
    ].join('\n');
    const r = analyze(text, 'typescript');
    assert.deepEqual(r.findings.map((f) => `${f.rule} ${f.fixes.length} ${text.slice(f.span.start, f.span.end)}`), ['unstable-softmax 0 Math.exp(dot / Math.sqrt(q.length))']);
  });

  it('C++: pi[m] = std::exp(std::log(visits[m] + 1.0) / tau); z += pi[m]; then v /= z', () => {
    const text = [
      'std::vector<double> visit_distribution(const std::vector<double>& visits, double tau) {',
      '    std::vector<double> pi(visits.size());',
      '    double z = 0.0;',
      '    for (std::size_t m = 0; m < visits.size(); ++m) {',
      '        pi[m] = std::exp(std::log(visits[m] + 1.0) / tau);',
      '        z += pi[m];',
      '    }',
      '    for (double& v : pi) v /= z;',
      '    return pi;',
      '}',
    ].join('\n');
    assert.deepEqual(findingsOf(text, 'cpp'), ['unstable-softmax std::exp(std::log(visits[m] + 1.0) / tau)']);
  });

  it('look-alikes stay silent: a Gaussian weight exp(-d * d / s), an element that is not the one summed, a shifted exponent', () => {
    const cases = [
      'function g(d: number[], s: number): number[] { const w: number[] = []; let sum = 0; for (let i = 0; i < d.length; i++) { w[i] = Math.exp(-d[i]! * d[i]! / (2 * s)); sum += w[i]!; } return w.map((v) => v / sum); }',
      'function h(q: number[]): number[] { const w: number[] = []; let t = 0; for (let j = 0; j < q.length; j++) { const dot = q[j]! * 2; w[j] = Math.exp(dot / 3); t += w[0]!; } return w.map((v) => v / t); }',
      'function m(q: number[]): number[] { const w: number[] = []; let t = 0; const mx = Math.max(...q); for (let j = 0; j < q.length; j++) { const dot = q[j]! - mx; w[j] = Math.exp(dot / 3); t += w[j]!; } return w.map((v) => v / t); }',
    ];
    for (const text of cases) assert.deepEqual(findingsOf(text, 'typescript'), [], text);
  });
});

describe('the sigmoid derivative inside an object literal', () => {
  it('return { p, slope: p * (1 - p) } with p a sigmoid assigned in the function is lossy (the literal is not a scope of its own)', () => {
    const text = 'function confidence(z) {\n  const p = 1 / (1 + Math.exp(-z));\n  return { p, slope: p * (1 - p) };\n}\n';
    assert.deepEqual(findingsOf(text, 'javascript'), ['unstable-sigmoid 1 / (1 + Math.exp(-z))', 'lossy-sigmoid-derivative p * (1 - p)']);
  });

  it('look-alikes stay silent: p a parameter, p a probability assigned from elsewhere', () => {
    assert.deepEqual(findingsOf('function e(z, p) { return { slope: p * (1 - p) }; }\n', 'javascript'), []);
    assert.deepEqual(findingsOf('function f(z) { const p = z / 10; return { slope: p * (1 - p) }; }\n', 'javascript'), []);
  });
});

describe('derivative(output) of a class whose activation is a sigmoid', () => {
  const sigmoidClass = [
    'class SigmoidActivation implements ActivationFunction {',
    '    public double activate(double x) { return 1.0 / (1.0 + Math.exp(-x)); }',
    '    public double derivative(double output) { return output * (1.0 - output); }',
    '}',
  ].join('\n');

  it('Java: output * (1.0 - output) in derivative() of the class whose activate() is a sigmoid is lossy (no fix: only the output is there)', () => {
    const r = analyze(sigmoidClass, 'java');
    const lossy = r.findings.filter((f) => f.rule === 'lossy-sigmoid-derivative');
    assert.deepEqual(lossy.map((f) => [sigmoidClass.slice(f.span.start, f.span.end), f.fixes.length]), [['output * (1.0 - output)', 0]]);
  });

  it('look-alikes stay silent: the same derivative in a class whose activation is no sigmoid, or in a class without an activation', () => {
    const other = [
      'class Sigmoid { public double activate(double x) { return 1.0 / (1.0 + Math.exp(-x)); } }',
      'class Bernoulli {',
      '    public double activate(double x) { return Math.tanh(x); }',
      '    public double derivative(double output) { return output * (1.0 - output); }',
      '}',
      'class Variance { public double derivative(double p) { return p * (1.0 - p); } }',
    ].join('\n');
    assert.deepEqual(findingsOf(other, 'java').filter((f) => f.startsWith('lossy')), []);
  });
});

describe('the sigmoid derivative as factors of a longer product (a multiset of factors)', () => {
  const sigmoid = 'function sigmoid(z) { return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)); }\n';

  it('c * s * (1 - s), s * c * (1 - s), (1 - s) * c * s are each reported once, without a fix; s * (1 - s) * c and c * (s * (1 - s)) at the inner product', () => {
    const bodies = ['c * s * (1 - s)', 's * c * (1 - s)', '(1 - s) * c * s', 's * (1 - s) * c', 'c * (s * (1 - s))'];
    const expected = ['c * s * (1 - s)', 's * c * (1 - s)', '(1 - s) * c * s', 's * (1 - s)', 's * (1 - s)'];
    bodies.forEach((body, k) => {
      const text = `${sigmoid}function g(c, z) { const s = sigmoid(z); return ${body}; }\n`;
      const lossy = analyze(text, 'javascript').findings.filter((f) => f.rule === 'lossy-sigmoid-derivative');
      assert.deepEqual(lossy.map((f) => [text.slice(f.span.start, f.span.end), f.fixes.length]), [[expected[k], 0]], body);
    });
  });

  it('look-alikes stay silent: c * s * (1 - c), p * c * (1 - p) with p no sigmoid', () => {
    const text = `${sigmoid}function k(c, z) { const s = sigmoid(z); return c * s * (1 - c); }\nfunction m(c, p) { return p * c * (1 - p); }\n`;
    assert.deepEqual(findingsOf(text, 'javascript'), []);
  });
});

describe('a static member called through a C# alias of its class', () => {
  it('L.Sigmoid(z) with using L = Net.DenseLayer; is a use, O.Sigmoid(z) with O an alias of another class is not', () => {
    const text = [
      'using L = Net.DenseLayer;',
      'using O = Net.Other;',
      'namespace Net {',
      '    public class DenseLayer { public static double Sigmoid(double z) { return z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z)); } }',
      '    public static class Losses { public static double B(double l) { return L.Sigmoid(l) + O.Sigmoid(l); } }',
      '}',
    ].join('\n');
    const calls = analyze(text, 'csharp').uses.filter((u) => u.kind === 'call' && u.qualifiedName === 'Sigmoid');
    assert.deepEqual(calls.map((u) => u.name), ['L.Sigmoid']);
  });
});
