// C-family shapes the third held-out sets (test/fixtures/*/heldout3) showed the analyzer missing, one describe per
// class of miss; each has the look-alikes that must stay silent next to the shapes that must be found.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, usesOf, findingsOf, fixOf } from './analysisProbe';

describe('JavaScript: math functions taken out of Math by destructuring or assignment', () => {
  it('const { log, exp, log1p, tanh } = Math makes the bare names the Math ones, with fixes in the same spelling', () => {
    const text = [
      'const { log, exp, log1p, tanh } = Math;',
      'function p(z) { return 1 / (1 + exp(-z)); }',
      'const sp = (x) => log(1 + exp(x));',
      'const sp2 = (x) => log1p(exp(x));',
      'function ls(z) { return log(1 / (1 + exp(-z))); }',
      'const t = (x) => (exp(x) - exp(-x)) / (exp(x) + exp(-x));',
      'const u = tanh(0.5);',
    ].join('\n');
    assert.deepEqual(findingsOf(text, 'javascript'), [
      'unstable-sigmoid 1 / (1 + exp(-z))',
      'unstable-softplus log(1 + exp(x))',
      'unstable-softplus log1p(exp(x))',
      'unstable-log-sigmoid log(1 / (1 + exp(-z)))',
      'unstable-tanh (exp(x) - exp(-x)) / (exp(x) + exp(-x))',
    ]);
    assert.ok(usesOf(text, 'javascript').includes('tanh:call tanh'));
    assert.deepEqual(fixOf(text, 'javascript', '1 / (1 + exp(-z))'), ['(z >= 0 ? 1 / (1 + exp(-z)) : exp(z) / (1 + exp(z)))']);
    assert.deepEqual(fixOf(text, 'javascript', 'log(1 + exp(x))'), ['(Math.max(x, 0) + Math.log1p(exp(-Math.abs(x))))']);
  });

  it('renamed (`{ exp: e }`) and assigned (`const exp = Math.exp`) aliases count too', () => {
    const renamed = ['const { exp: e } = Math;', 'const f = (z) => 1 / (1 + e(-z));'].join('\n');
    assert.deepEqual(findingsOf(renamed, 'javascript'), ['unstable-sigmoid 1 / (1 + e(-z))']);
    const assigned = ['const exp = Math.exp, log = Math.log;', 'const g = (z) => log(1 + exp(z));'].join('\n');
    assert.deepEqual(findingsOf(assigned, 'javascript'), ['unstable-softplus log(1 + exp(z))']);
    // Names no math library uses are aliases too.
    const named = ['const mexp = Math.exp;', 'const { log: ln } = Math;', 'const h = (z) => ln(1 + mexp(z));', 'const p = (z) => 1 / (1 + mexp(-z));'].join('\n');
    assert.deepEqual(findingsOf(named, 'javascript'), ['unstable-softplus ln(1 + mexp(z))', 'unstable-sigmoid 1 / (1 + mexp(-z))']);
    assert.deepEqual(fixOf(named, 'javascript', '1 / (1 + mexp(-z))'), ['(z >= 0 ? 1 / (1 + mexp(-z)) : mexp(z) / (1 + mexp(z)))']);
  });

  it('not from Math, rebound elsewhere, shadowed by a parameter, or Math itself redefined: no finding', () => {
    const silent = [
      // Destructured from something else.
      ['const { exp, log } = stats;', 'const f = (z) => 1 / (1 + exp(-z));'],
      // Also declared as the player's experience.
      ['const { exp } = Math;', 'let exp = 0;', 'const f = (z) => 1 / (1 + exp(-z));'],
      // A parameter of the same name.
      ['const { exp } = Math;', 'function f(z, exp) { return 1 / (1 + exp(-z)); }'],
      // Destructured twice.
      ['const { exp } = Math;', 'const { exp } = other;', 'const f = (z) => 1 / (1 + exp(-z));'],
      // Not a math function of ours, and not Math.
      ['const ex = Math.expm1;', 'const f = (z) => 1 / (1 + ex(-z));'],
      ['const { exp } = Math;', 'const Math = { exp: (v) => v };', 'const f = (z) => 1 / (1 + exp(-z));'],
      // Math redefined with a comment, a non-breaking space or a line break before its `=` (declarations are told from
      // the text after the name before any token is read: these must not be taken for a use like `Math.exp`).
      ['const f = (z) => 1 / (1 + Math.exp(-z));', 'var Math /* a stub */ = { exp: (v) => v };'],
      ['const f = (z) => 1 / (1 + Math.exp(-z));', 'var Math\u00a0= { exp: (v) => v };'],
      ['const f = (z) => 1 / (1 + Math.exp(-z));', 'var Math', '  = { exp: (v) => v };'],
    ];
    for (const lines of silent) assert.deepEqual(findingsOf(lines.join('\n'), 'javascript'), [], lines.join('\n'));
  });
});

describe('tanh from exp(2x): the one on either side, 2 inside a longer product, tfjs tf.mul(2, x)', () => {
  it('finds (exp(2z) - 1) / (1 + exp(2z)) and exp(2 * k * x), with Math.tanh of the half', () => {
    const text = [
      'const a = (z) => (Math.exp(2 * z) - 1) / (1 + Math.exp(2 * z));',
      'const b = (x, k) => (Math.exp(2 * k * x) - 1) / (Math.exp(2 * k * x) + 1);',
      'const c = (x, k) => (Math.exp(k * 2 * x) - 1) / (Math.exp(k * 2 * x) + 1);',
    ].join('\n');
    assert.deepEqual(findingsOf(text, 'javascript').map((f) => f.split(' ')[0]), ['unstable-tanh', 'unstable-tanh', 'unstable-tanh']);
    assert.deepEqual(fixOf(text, 'javascript', '(Math.exp(2 * z) - 1) / (1 + Math.exp(2 * z))'), ['Math.tanh(z)']);
    assert.deepEqual(fixOf(text, 'javascript', '(Math.exp(2 * k * x) - 1) / (Math.exp(2 * k * x) + 1)'), ['Math.tanh(k * x)']);
    assert.deepEqual(fixOf(text, 'javascript', '(Math.exp(k * 2 * x) - 1) / (Math.exp(k * 2 * x) + 1)'), ['Math.tanh(k * x)']);
  });

  it('tfjs: tf.div(tf.sub(tf.exp(tf.mul(2, x)), 1), tf.add(tf.exp(tf.mul(2, x)), 1)) is tf.tanh(x)', () => {
    const text = "import * as tf from '@tensorflow/tfjs';\nconst t = (x) => tf.div(tf.sub(tf.exp(tf.mul(2, x)), 1), tf.add(tf.exp(tf.mul(2, x)), 1));";
    const source = 'tf.div(tf.sub(tf.exp(tf.mul(2, x)), 1), tf.add(tf.exp(tf.mul(2, x)), 1))';
    assert.deepEqual(findingsOf(text, 'javascript'), [`unstable-tanh ${source}`]);
    assert.deepEqual(fixOf(text, 'javascript', source), ['tf.tanh(x)']);
  });

  it('not a doubled tanh: different exponents, another constant; other exponents are tanh of their half', () => {
    const silent = [
      'const b = (z, k) => (Math.exp(2 * z) - 1) / (1 + Math.exp(2 * k));',
      'const d = (z, k) => (Math.exp(2 * z) - 2) / (1 + Math.exp(2 * z));',
    ];
    for (const line of silent) assert.deepEqual(findingsOf(line, 'javascript'), [], line);
    // (exp(u) - 1) / (exp(u) + 1) is tanh(u / 2) for any u (cfamilyRecall4JsTs.test.ts).
    const halved: Array<[string, string]> = [
      ['(Math.exp(3 * z) - 1) / (Math.exp(3 * z) + 1)', 'Math.tanh((3 * z) / 2)'],
      ['(Math.exp(2 + k * z) - 1) / (Math.exp(2 + k * z) + 1)', 'Math.tanh((2 + k * z) / 2)'],
      ['(Math.exp(v.mul(2, z)) - 1) / (Math.exp(v.mul(2, z)) + 1)', 'Math.tanh(v.mul(2, z) / 2)'],
    ];
    for (const [source, fixed] of halved) assert.deepEqual(fixOf(`const a = (z, k, v) => ${source};`, 'javascript', source), [fixed], source);
  });
});

describe('JavaScript: softmax and log-sum-exp written with function-expression and block-bodied callbacks', () => {
  it('finds exps built in a callback, summed and divided by the function around it', () => {
    const text = [
      'function pick(scores) {',
      '  var exps = scores.map(function (s) { return Math.exp(s * 2); });',
      '  var sum = exps.reduce(function (a, b) { return a + b; }, 0);',
      '  return exps.map(function (e) { return e / sum; });',
      '}',
      'function pick2(scores) {',
      '  const exps = scores.map((s) => { return Math.exp(s); });',
      '  const sum = exps.reduce((a, b) => a + b, 0);',
      '  return exps.map((e) => e / sum);',
      '}',
      'function lse(xs) {',
      '  return Math.log(xs.reduce(function (acc, v) { return acc + Math.exp(v); }, 0));',
      '}',
    ].join('\n');
    assert.deepEqual(findingsOf(text, 'javascript'), [
      'unstable-softmax Math.exp(s * 2)',
      'unstable-softmax Math.exp(s)',
      'unstable-logsumexp Math.log(xs.reduce(function (acc, v) { return acc + Math.exp(v); }, 0))',
    ]);
  });

  it('not a softmax: exps in a callback never summed and divided, a named function of its own, a max subtracted', () => {
    const silent = [
      ['function growth(rates) {', '  return rates.map(function (r) { return Math.exp(r); });', '}'],
      ['function f(v) { return Math.exp(v); }', 'function g(xs) { const s = xs.reduce((a, b) => a + b, 0); return xs.map((x) => x / s); }'],
      ['function pick(scores) {', '  const m = Math.max(...scores);', '  const exps = scores.map(function (s) { return Math.exp(s - m); });',
        '  const sum = exps.reduce(function (a, b) { return a + b; }, 0);', '  return exps.map(function (e) { return e / sum; });', '}'],
    ];
    for (const lines of silent) assert.deepEqual(findingsOf(lines.join('\n'), 'javascript'), [], lines.join('\n'));
  });
});

describe("members of the file's own enum that lists activations select one", () => {
  it('Java: Act.TANH with enum Act { SIGMOID, TANH, RELU, SOFTPLUS }, and activate(Act, x) dispatching over them is no sigmoid', () => {
    const text = [
      'class Bot {',
      '  enum Move { ATTACK, FLEE }',
      '  enum Act { SIGMOID, TANH, RELU, SOFTPLUS }',
      '  private final Act hidden = Act.TANH;',
      '  private final Move move = Move.FLEE;',
      '  static double activate(Act act, double x) {',
      '    if (act == Act.SIGMOID) return 1.0 / (1.0 + Math.exp(-x));',
      '    if (act == Act.RELU) return Math.max(0.0, x);',
      '    return x;',
      '  }',
      '}',
    ].join('\n');
    assert.deepEqual(usesOf(text, 'java'), ['tanh:reference Act.TANH', 'sigmoid:reference Act.SIGMOID', 'sigmoid:call 1.0 / (1.0 + Math.exp(-x))', 'relu:reference Act.RELU']);
  });

  it('TypeScript: export enum HeadActivation { Sigmoid, Softmax, Tanh, Raw } in a switch and an object', () => {
    const text = [
      'export enum HeadActivation { Sigmoid, Softmax, Tanh, Raw }',
      'const head = { activation: HeadActivation.Softmax };',
      'function apply(kind: HeadActivation, v: number): number {',
      '  switch (kind) {',
      '    case HeadActivation.Tanh: return Math.tanh(v);',
      '    default: return v;',
      '  }',
      '}',
    ].join('\n');
    assert.deepEqual(usesOf(text, 'typescript'), ['softmax:reference HeadActivation.Softmax', 'tanh:reference HeadActivation.Tanh', 'tanh:call Math.tanh']);
  });

  it('not a selector: an enum with one activation-like member, or only linear/step/exponential (easing and interpolation modes)', () => {
    const silent = [
      'enum Easing { Linear, Step, Exponential }\nconst e = Easing.Linear;\nconst f = Easing.Step;',
      'enum Shape { Sigmoid, Circle, Square }\nconst s = Shape.Sigmoid;',
    ];
    for (const text of silent) assert.deepEqual(usesOf(text, 'typescript'), [], text);
  });
});

describe('the output-value sigmoid derivative in a file that computes its sigmoid inline', () => {
  it('Java: sigmoidDerivative(y) = y * (1 - y) next to an inline 1 / (1 + exp(-x)), but not in a file with no sigmoid', () => {
    const withSigmoid = [
      'class Net {',
      '  static double act(double x) { return x > 0 ? 1.0 / (1.0 + Math.exp(-x)) : 0.0; }',
      '  static double sigmoidDerivative(double y) { return y * (1.0 - y); }',
      '}',
    ].join('\n');
    // (The sigmoid itself is guarded by x > 0: not unstable, but computed.)
    assert.deepEqual(findingsOf(withSigmoid, 'java'), ['lossy-sigmoid-derivative y * (1.0 - y)']);
    const without = ['class Stats {', '  static double sigmoidDerivative(double y) { return y * (1.0 - y); }', '  static double variance(double p) { return p * (1.0 - p); }', '}'].join('\n');
    assert.deepEqual(findingsOf(without, 'java'), []);
  });
});

describe('a sigmoid output read by a closure of the function that computed it', () => {
  it('JavaScript: out._backward = () => { g += s * (1 - s) * out.grad; } after const s = 1 / (1 + Math.exp(-x))', () => {
    const text = [
      'class Value {',
      '  sigmoid() {',
      '    const s = 1 / (1 + Math.exp(-this.data));',
      '    out._backward = () => { this.grad += s * (1 - s) * out.grad; };',
      '    return out;',
      '  }',
      '  other(p) {',
      '    out._backward = () => { this.grad += p * (1 - p); };',
      '    const q = 0.5;',
      '    out.f = function () { const q = Math.random(); return q * (1 - q); };',
      '  }',
      '}',
    ].join('\n');
    assert.deepEqual(findingsOf(text, 'javascript').filter((f) => f.startsWith('lossy')), ['lossy-sigmoid-derivative s * (1 - s)']);
  });
});

describe('C: a struct member named exp hides no exp function', () => {
  it('struct player { int exp; } leaves exp(...) the math one; a local int exp in a function does not', () => {
    const member = ['#include <math.h>', 'struct player { int exp; int level; };', 'double p(double x) { return 1.0 / (1.0 + exp(-x)); }'].join('\n');
    assert.deepEqual(findingsOf(member, 'c'), ['unstable-sigmoid 1.0 / (1.0 + exp(-x))']);
    const local = ['#include <math.h>', 'struct node *make(int k)', '{', '    int exp = k;', '    return 1.0 / (1.0 + exp(-k));', '}'].join('\n');
    assert.deepEqual(findingsOf(local, 'c'), []);
  });
});

describe("C++: namespace-qualified calls of the file's own activations, and T(1) in templates", () => {
  it('kws::softplus(x), rl::sigmoid(x) defined inside namespace kws/rl are uses; another namespace of the same name is not', () => {
    const text = [
      '#include <cmath>',
      'namespace kws {',
      'inline float softplus(float x) { return x > 20.f ? x : std::log1p(std::exp(x)); }',
      '}',
      'namespace rl { double sigmoid(double x) { return x >= 0 ? 1.0 / (1.0 + std::exp(-x)) : std::exp(x) / (1.0 + std::exp(x)); } }',
      'int main() { return kws::softplus(0.1f) + rl::sigmoid(0.3) + other::sigmoid(0.2); }',
    ].join('\n');
    const uses = usesOf(text, 'cpp');
    assert.ok(uses.includes('softplus:call softplus'), uses.join(' | '));
    assert.ok(uses.includes('sigmoid:call sigmoid'), uses.join(' | '));
    assert.equal(uses.filter((u) => u === 'sigmoid:call sigmoid').length, 1, uses.join(' | '));
  });

  it('s * (T(1) - s) and log(T(1) - sigmoid(x)) in templates are found, the log without a fix; U(1) of a non-template U is not a one', () => {
    const text = [
      '#include <cmath>',
      'template <typename T> T sigmoid(T x) { return T(1) / (T(1) + std::exp(-x)); }',
      'template <typename T> T grad(T x) { const T s = sigmoid(x); return s * (T(1) - s); }',
      'template <typename T> T bce(T z) { return -std::log(T(1) - sigmoid(z)); }',
      'struct U { U(int); };',
      'double other(double s) { return s * (U(1) - s); }',
    ].join('\n');
    const findings = findingsOf(text, 'cpp');
    assert.ok(findings.includes('lossy-sigmoid-derivative s * (T(1) - s)'), findings.join(' | '));
    assert.ok(findings.includes('unstable-log-sigmoid std::log(T(1) - sigmoid(z))'), findings.join(' | '));
    assert.ok(!findings.some((f) => f.includes('U(1)')), findings.join(' | '));
    assert.deepEqual(fixOf(text, 'cpp', 'std::log(T(1) - sigmoid(z))'), undefined);
  });
});

describe('a ReLU max in the same function hides no unshifted softmax', () => {
  it('C#: switch with case ReLU: Math.Max(0.0, net[o]) and case Softmax: Out[o] = Math.Exp(net[o]) summed and divided', () => {
    const text = [
      'class Layer {',
      '  public double[] Forward(double[] net, int kind) {',
      '    var Out = new double[net.Length];',
      '    switch (kind) {',
      '      case 1:',
      '        for (int o = 0; o < Out.Length; o++) Out[o] = Math.Max(0.0, net[o]);',
      '        break;',
      '      default:',
      '        double denom = 0.0;',
      '        for (int o = 0; o < Out.Length; o++) { Out[o] = Math.Exp(net[o]); denom += Out[o]; }',
      '        for (int o = 0; o < Out.Length; o++) Out[o] /= denom;',
      '        break;',
      '    }',
      '    return Out;',
      '  }',
      '}',
    ].join('\n');
    assert.deepEqual(findingsOf(text, 'csharp'), ['unstable-softmax Math.Exp(net[o])']);
    // A maximum of the values themselves, subtracted from them first, still counts as the shift.
    const shift = ' for (int o = 0; o < net.Length; o++) net[o] -= m;';
    const shifted = text.replace('double denom = 0.0;', `double denom = 0.0; double m = net.Max();${shift}`);
    assert.deepEqual(findingsOf(shifted, 'csharp'), []);
    const shifted2 = text.replace('double denom = 0.0;', `double denom = 0.0; double m = double.MinValue; foreach (var v in net) m = Math.Max(m, v);${shift}`);
    assert.deepEqual(findingsOf(shifted2, 'csharp'), []);
    // One taken and never used shifts nothing.
    const unused = text.replace('double denom = 0.0;', 'double denom = 0.0; double m = net.Max();');
    assert.deepEqual(findingsOf(unused, 'csharp'), ['unstable-softmax Math.Exp(net[o])']);
  });
});

describe('tfjs: the sigmoid derivative written with tensor ops', () => {
  it('tf.mul(tf.sigmoid(x), tf.sub(1, tf.sigmoid(x))) in either order, without a fix; not with another x or another constant', () => {
    const text = [
      "import * as tf from '@tensorflow/tfjs';",
      'export const g1 = (x) => tf.mul(tf.sigmoid(x), tf.sub(1, tf.sigmoid(x)));',
      'export const g2 = (x) => tf.mul(tf.sub(1, tf.sigmoid(x)), tf.sigmoid(x));',
      'export const n1 = (x, y) => tf.mul(tf.sigmoid(x), tf.sub(1, tf.sigmoid(y)));',
      'export const n2 = (x) => tf.mul(tf.sigmoid(x), tf.sub(2, tf.sigmoid(x)));',
      'export const n3 = (x) => tf.mul(tf.relu(x), tf.sub(1, tf.relu(x)));',
    ].join('\n');
    const f = analyze(text, 'javascript').findings;
    assert.deepEqual(f.map((x) => `${x.rule} ${text.slice(x.span.start, x.span.end)}`), [
      'lossy-sigmoid-derivative tf.mul(tf.sigmoid(x), tf.sub(1, tf.sigmoid(x)))',
      'lossy-sigmoid-derivative tf.mul(tf.sub(1, tf.sigmoid(x)), tf.sigmoid(x))',
    ]);
    assert.deepEqual(f.map((x) => x.fixes.length), [0, 0]);
  });
});

describe("calls of a class's own parameterless activation methods on its objects", () => {
  it('micrograd: act.tanh() and act.relu() with class Value { tanh() {...} relu() {...} }; not obj.relu(x) nor a free function', () => {
    const text = [
      'class Value {',
      '  tanh() { const t = Math.tanh(this.data); return new Value(t); }',
      '  relu() { return new Value(this.data < 0 ? 0 : this.data); }',
      '}',
      'function sigmoid(x) { return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)); }',
      'const out = (act, last) => (last ? act.tanh() : act.relu());',
      'const other = (obj, x) => obj.relu(x) + obj.sigmoid();',
    ].join('\n');
    const uses = usesOf(text, 'javascript').filter((u) => u.includes(':call') && !u.includes('Math'));
    assert.deepEqual(uses, ['tanh:call tanh', 'relu:call relu']);
  });
});
