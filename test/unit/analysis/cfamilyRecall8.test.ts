// The shapes the eighth held-out set (test/fixtures/*/heldout8) showed the analyzer getting wrong, one describe per
// class; each has the look-alikes that must stay as they were next to the shapes now read right.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { findingsOf, usesOf } from './analysisProbe';

describe('a hand-written tanh whose input is clipped is safe, still a tanh', () => {
  it('JS exp(2v) with v clamped to ±15, C with fminf/fmaxf to ±9, both exps of the symmetric form clipped', () => {
    const js = [
      'function limited(x) {',
      '  const v = Math.min(Math.max(x, -15), 15);',
      '  return (Math.exp(2 * v) - 1) / (Math.exp(2 * v) + 1);',
      '}',
      'function wide(x) {',
      '  const v = Math.min(Math.max(x, -500), 500);',
      '  return (Math.exp(2 * v) - 1) / (Math.exp(2 * v) + 1);',
      '}',
      'function both(x) {',
      '  const u = Math.min(Math.max(x, -20), 20);',
      '  return (Math.exp(u) - Math.exp(-u)) / (Math.exp(u) + Math.exp(-u));',
      '}',
      'function upperOnly(x) {',
      '  const u = Math.min(x, 20);',
      '  return (Math.exp(u) - Math.exp(-u)) / (Math.exp(u) + Math.exp(-u));',
      '}',
    ].join('\n');
    // ±500 doubles past exp's limit (709.78); clipped above only, exp(-u) still overflows for u < -709.78.
    assert.deepEqual(findingsOf(js, 'javascript'), [
      'unstable-tanh (Math.exp(2 * v) - 1) / (Math.exp(2 * v) + 1)',
      'unstable-tanh (Math.exp(u) - Math.exp(-u)) / (Math.exp(u) + Math.exp(-u))',
    ]);
    assert.equal(usesOf(js, 'javascript').filter((u) => u.startsWith('tanh:call (')).length, 4);
    const c = '#include <math.h>\nstatic float tanh_clamped(float x)\n{\n    x = fminf(fmaxf(x, -9.0f), 9.0f);\n    return (expf(2.0f * x) - 1.0f) / (expf(2.0f * x) + 1.0f);\n}\n';
    assert.deepEqual(findingsOf(c, 'c'), []);
    assert.deepEqual(usesOf(c, 'c'), ['tanh:call (expf(2.0f * x) - 1.0f) / (expf(2.0f * x) + 1.0f)']);
  });
});

describe('a generically named function whose whole body is a cast tanh form defines tanh', () => {
  it('Java `squash` returning `(float) ((exp(2x) - 1) / (exp(2x) + 1))` is a definition, and its calls are uses', () => {
    const text = [
      'class Brain {',
      '    private static float squash(float x) {',
      '        return (float) ((Math.exp(2.0 * x) - 1.0) / (Math.exp(2.0 * x) + 1.0));',
      '    }',
      '    private static float squash2(float t) {',
      '        return (float) (0.5 * (t + 1.0));',
      '    }',
      '    float out(float z) { return squash(z) + squash2(z); }',
      '}',
    ].join('\n');
    assert.deepEqual(usesOf(text, 'java'), [
      'tanh:definition squash',
      'tanh:call (Math.exp(2.0 * x) - 1.0) / (Math.exp(2.0 * x) + 1.0)',
      'tanh:call squash',
    ]);
  });
});

describe("Java's -> is a lambda arrow, not a member access", () => {
  it('calls of the file\'s activations in lambda bodies and switch arms are uses; C++ `net->logistic(x)` is not', () => {
    const java = [
      'class Plot {',
      '    enum Activation { SIGMOID, TANH }',
      '    static double logistic(double x) { return 1.0 / (1.0 + Math.exp(-x)); }',
      '    static double value(Activation a, double x) {',
      '        return switch (a) { case SIGMOID -> logistic(x); case TANH -> Math.tanh(x); };',
      '    }',
      '    static java.util.function.DoubleUnaryOperator f = v -> logistic(v);',
      '}',
    ].join('\n');
    assert.deepEqual(usesOf(java, 'java').filter((u) => u.startsWith('sigmoid:call logistic')).length, 2);
    const cpp = '#include <cmath>\ndouble logistic(double x) { return 1.0 / (1.0 + std::exp(-x)); }\nstruct Other; double g(Other* net, double x) { return net->logistic(x); }\n';
    assert.deepEqual(usesOf(cpp, 'cpp').filter((u) => u.includes(':call logistic')), []);
  });
});

describe('C enumerators carrying their enum\'s prefix select activations', () => {
  it('`case ACT_RELU:` of `typedef enum { ACT_NONE, ACT_RELU, ACT_TANH, ACT_SIGMOID }`; other prefixed enums stay silent', () => {
    const text = [
      '#include <math.h>',
      'typedef enum { ACT_NONE = 0, ACT_RELU, ACT_TANH, ACT_SIGMOID } nn_act_t;',
      'typedef enum { MODE_FAST, MODE_SLOW, MODE_TANH_TABLE } mode_t;',
      'float act(nn_act_t a, float x) {',
      '    switch (a) {',
      '    case ACT_RELU: return x > 0 ? x : 0;',
      '    case ACT_TANH: return tanhf(x);',
      '    case ACT_SIGMOID: return 0.5f;',
      '    default: return x;',
      '    }',
      '}',
      'int pick(mode_t m) { return m == MODE_FAST; }',
    ].join('\n');
    assert.deepEqual(usesOf(text, 'c'), ['relu:reference ACT_RELU', 'tanh:reference ACT_TANH', 'tanh:call tanhf', 'sigmoid:reference ACT_SIGMOID']);
  });
});

describe("C++: the file's activation passed by a namespace-qualified name", () => {
  it('`std::transform(..., fallback::relu)` is a reference; a namespace the file does not define is not read', () => {
    const text = [
      '#include <algorithm>',
      '#include <vector>',
      'namespace fallback {',
      'inline double relu(double x) { return x > 0.0 ? x : 0.0; }',
      '}',
      'void f(std::vector<double>& h) {',
      '    std::transform(h.begin(), h.end(), h.begin(), fallback::relu);',
      '    std::transform(h.begin(), h.end(), h.begin(), other::relu);',
      '}',
    ].join('\n');
    assert.deepEqual(usesOf(text, 'cpp'), ['relu:definition relu', 'relu:reference relu']);
  });
});

describe('a hand-written softplus kept in range is safe, still a softplus', () => {
  it('behind `if (x > 30.0) return x;` or clipped: a use without a finding; the stable tail log1p(exp(-|x|)) is neither', () => {
    const text = [
      '#include <cmath>',
      'double guarded(double x) {',
      '    if (x > 30.0) return x;',
      '    return std::log1p(std::exp(x));',
      '}',
      'double clipped(double x) { return std::log1p(std::exp(std::min(x, 30.0))); }',
      'double tail(double x) { return std::max(x, 0.0) + std::log1p(std::exp(-std::fabs(x))); }',
      'double bare(double x) { return std::log1p(std::exp(x)); }',
    ].join('\n');
    assert.deepEqual(usesOf(text, 'cpp'), [
      'softplus:call std::log1p(std::exp(x))',
      'softplus:call std::log1p(std::exp(std::min(x, 30.0)))',
      'softplus:call std::log1p(std::exp(x))',
    ]);
    assert.deepEqual(findingsOf(text, 'cpp'), ['unstable-softplus std::log1p(std::exp(x))']);
  });
});

describe('a `step` over arrays or tensors is no Heaviside step', () => {
  it('TS `step(x: ArrayLike<number>): Float32Array`, Java `double[] step(double[] s)`, C++ over vectors: none; `step(x: number)` is one', () => {
    const ts = [
      'export class Cell {',
      '  step(x: ArrayLike<number>): Float32Array {',
      '    return new Float32Array(x.length);',
      '  }',
      '}',
      'export function step(x: number): number {',
      '  return x >= 0 ? 1 : 0;',
      '}',
    ].join('\n');
    assert.deepEqual(usesOf(ts, 'typescript'), ['step:definition step']);
    assert.deepEqual(usesOf('class Sim { double[] step(double[] s) { return s; } }\n', 'java'), []);
    assert.deepEqual(usesOf('#include <vector>\nstd::vector<float> step(const std::vector<float>& s) { return s; }\n', 'cpp'), []);
  });
});
