// JavaScript/TypeScript shapes the fourth held-out sets (test/fixtures/{javascript,typescript}/heldout4) showed the
// analyzer missing, one describe per class of miss; each has the look-alikes that must stay silent next to the shapes
// that must be found.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, usesOf, findingsOf, fixOf } from './analysisProbe';

describe('ES5 prototype methods define activations: Net.prototype.sigmoid = function (x) { ... }', () => {
  it('the method is a definition, this.sigmoid(x) a call, and the output derivative in sigmoidPrime counts', () => {
    const text = [
      'function Net() {}',
      'Net.prototype.sigmoid = function (x) { return 1 / (1 + Math.exp(-x)); };',
      'Net.prototype.sigmoidPrime = function (y) { return y * (1 - y); };',
      'Net.prototype.relu = function (x) { return x > 0 ? x : 0; };',
      'Net.prototype.run = function (v) { return this.sigmoid(v) + this.relu(v); };',
    ].join('\n');
    assert.deepEqual(usesOf(text, 'javascript'), [
      'sigmoid:definition sigmoid',
      'sigmoid:call 1 / (1 + Math.exp(-x))',
      'relu:definition relu',
      'sigmoid:call sigmoid',
      'relu:call relu',
    ]);
    assert.deepEqual(findingsOf(text, 'javascript'), ['unstable-sigmoid 1 / (1 + Math.exp(-x))', 'lossy-sigmoid-derivative y * (1 - y)']);
  });

  it('a named function expression bound to the same name is one definition, not two', () => {
    const text = [
      'Net.prototype.relu = function relu(x) { return x > 0 ? x : 0; };',
      'const sigmoid = function sigmoid(x) { return x; };',
      'const o = { tanh: function tanh(x) { return x; } };',
      'const f = function softplus(x) { return x; };',
    ].join('\n');
    assert.deepEqual(usesOf(text, 'javascript'), ['relu:definition relu', 'sigmoid:definition sigmoid', 'tanh:definition tanh', 'softplus:definition softplus']);
  });

  it('a prototype property that is no function, or a plain object member assigned later, defines nothing', () => {
    const text = [
      'function Plot() {}',
      'Plot.prototype.sigmoid = null;',
      'Plot.prototype.relu = defaults.relu;',
      'config.tanh = function (x) { return x; };',
    ].join('\n');
    assert.deepEqual(usesOf(text, 'javascript'), []);
  });
});

describe('TypeScript generic arrows define activations: const relu = <T extends number>(x: T): number => ...', () => {
  it('type parameters (with constraints, defaults and nesting) before the parameter list are skipped', () => {
    const text = [
      'export const relu = <T extends number>(x: T): number => (x > 0 ? x : 0);',
      'const softplus = <T extends Array<number> = number[]>(xs: T) => xs.map((v) => Math.log1p(Math.exp(-Math.abs(v))) + Math.max(v, 0));',
      'const gelu = async <T,>(x: T) => x;',
      'console.log(relu(-3), gelu(1));',
    ].join('\n');
    assert.deepEqual(usesOf(text, 'typescript'), [
      'relu:definition relu',
      'softplus:definition softplus',
      'gelu:definition gelu',
      'relu:call relu',
      'gelu:call gelu',
    ]);
  });

  it('generic function declarations and methods are definitions too', () => {
    const text = [
      'export function relu<T extends number>(x: T): number { return x > 0 ? x : 0; }',
      'class Act { sigmoid<T extends number>(x: T): number { return x >= 0 ? 1 : 0; } }',
      'const y = relu(3);',
    ].join('\n');
    assert.deepEqual(usesOf(text, 'typescript'), ['relu:definition relu', 'sigmoid:definition sigmoid', 'relu:call relu']);
  });

  it('a comparison or a generic call defines nothing', () => {
    const text = ['const relu = a < b;', 'const tanh = make<number>(x);', 'let sigmoid = <number>value;', 'function f() { relu<number>(x); if (gelu < limit && y > (z)) {} }'].join('\n');
    assert.deepEqual(usesOf(text, 'typescript'), []);
  });
});

describe('TypeScript namespaces: Stable.sigmoid(z) calls the sigmoid exported from namespace Stable', () => {
  it('calls through the namespace (or module) that defines the function are uses', () => {
    const text = [
      'export namespace Stable {',
      '  export function sigmoid(x: number): number { const e = Math.exp(-Math.abs(x)); return x >= 0 ? 1 / (1 + e) : e / (1 + e); }',
      '}',
      'module Legacy { export function softplus(x: number) { return Math.log1p(Math.exp(-Math.abs(x))) + Math.max(x, 0); } }',
      'const a = Stable.sigmoid(2) + Legacy.softplus(0);',
    ].join('\n');
    assert.deepEqual(usesOf(text, 'typescript'), [
      'sigmoid:definition sigmoid',
      'softplus:definition softplus',
      'sigmoid:call sigmoid',
      'softplus:call softplus',
    ]);
  });

  it('the same name called through another object is not ours', () => {
    const text = [
      'namespace Stable { export function sigmoid(x: number) { return x >= 0 ? 1 : 0; } }',
      'const a = Other.sigmoid(2) + stable.sigmoid(1);',
    ].join('\n');
    assert.deepEqual(usesOf(text, 'typescript'), ['sigmoid:definition sigmoid']);
  });
});

describe('tfjs spellings: tf.reciprocal(1 + exp(-x)) is a sigmoid, tf.mul(s, tf.sub(1, s)) on a sigmoid output its lossy derivative', () => {
  it('tf.reciprocal(...) and .reciprocal() of 1 + exp(-x) are sigmoids, fixed to tf.sigmoid(x)', () => {
    const text = [
      "const tf = require('@tensorflow/tfjs-node');",
      'const a = (x) => tf.reciprocal(tf.add(tf.exp(tf.neg(x)), 1));',
      'const b = (z) => tf.add(1, tf.exp(tf.neg(tf.mul(z, 3)))).reciprocal();',
    ].join('\n');
    assert.deepEqual(findingsOf(text, 'javascript'), [
      'unstable-sigmoid tf.reciprocal(tf.add(tf.exp(tf.neg(x)), 1))',
      'unstable-sigmoid tf.add(1, tf.exp(tf.neg(tf.mul(z, 3)))).reciprocal()',
    ]);
    assert.deepEqual(fixOf(text, 'javascript', 'tf.reciprocal(tf.add(tf.exp(tf.neg(x)), 1))'), ['tf.sigmoid(x)']);
  });

  it('the reciprocal of anything else is no sigmoid', () => {
    const text = [
      "const tf = require('@tensorflow/tfjs-node');",
      'const a = (x) => tf.reciprocal(tf.add(2, tf.exp(tf.neg(x))));',
      'const b = (x) => tf.reciprocal(tf.exp(tf.neg(x)));',
      'const c = (x) => tf.reciprocal(tf.add(1, tf.square(x)));',
    ].join('\n');
    assert.deepEqual(findingsOf(text, 'javascript'), []);
  });

  it('the derivative from a name holding tf.sigmoid(...) is found, also inside tf.tidy; other activations are not', () => {
    const text = [
      "import * as tf from '@tensorflow/tfjs';",
      'function g(p) { const s = tf.sigmoid(p); return tf.mul(s, tf.sub(1, s)); }',
      'const h = (p) => tf.tidy(() => { const y = tf.sigmoid(p); return tf.mul(tf.sub(1, y), y); });',
      'function t(p) { const s = tf.tanh(p); return tf.mul(s, tf.sub(1, s)); }',
      'function r(p) { const s = tf.sigmoid(p); const q = tf.relu(p); return tf.mul(q, tf.sub(1, q)); }',
      'function w(p, q) { const s = tf.sigmoid(p); return tf.mul(s, tf.sub(1, q)); }',
    ].join('\n');
    assert.deepEqual(findingsOf(text, 'javascript'), ['lossy-sigmoid-derivative tf.mul(s, tf.sub(1, s))', 'lossy-sigmoid-derivative tf.mul(tf.sub(1, y), y)']);
  });
});

describe('(exp(u) - 1) / (exp(u) + 1) for any u is tanh(u / 2), unstable like the doubled form', () => {
  it('finds it for names, sums and tfjs tensors, with tanh of the half as the fix', () => {
    const text = [
      "import * as tf from '@tensorflow/tfjs';",
      'const a = (u: number) => (Math.exp(u) - 1) / (Math.exp(u) + 1);',
      'const b = (p: number, q: number) => (Math.exp(p + q) - 1) / (1 + Math.exp(p + q));',
      'const c = (t: tf.Tensor) => tf.div(tf.sub(tf.exp(t), 1), tf.add(tf.exp(t), 1));',
      'const d = (x: number) => (Math.exp(2 * x) - 1) / (Math.exp(2 * x) + 1);',
    ].join('\n');
    assert.deepEqual(findingsOf(text, 'typescript'), [
      'unstable-tanh (Math.exp(u) - 1) / (Math.exp(u) + 1)',
      'unstable-tanh (Math.exp(p + q) - 1) / (1 + Math.exp(p + q))',
      'unstable-tanh tf.div(tf.sub(tf.exp(t), 1), tf.add(tf.exp(t), 1))',
      'unstable-tanh (Math.exp(2 * x) - 1) / (Math.exp(2 * x) + 1)',
    ]);
    assert.ok(usesOf(text, 'typescript').includes('tanh:call (Math.exp(u) - 1) / (Math.exp(u) + 1)'));
    assert.deepEqual(fixOf(text, 'typescript', '(Math.exp(u) - 1) / (Math.exp(u) + 1)'), ['Math.tanh(u / 2)']);
    assert.deepEqual(fixOf(text, 'typescript', '(Math.exp(p + q) - 1) / (1 + Math.exp(p + q))'), ['Math.tanh((p + q) / 2)']);
    assert.deepEqual(fixOf(text, 'typescript', 'tf.div(tf.sub(tf.exp(t), 1), tf.add(tf.exp(t), 1))'), ['tf.tanh(tf.div(t, 2))']);
    assert.deepEqual(fixOf(text, 'typescript', '(Math.exp(2 * x) - 1) / (Math.exp(2 * x) + 1)'), ['Math.tanh(x)']);
  });

  it('typed languages halve by multiplying with 0.5 (0.5f in float), never an integer division', () => {
    const text = [
      'using System;',
      'class A {',
      '  static double F(double u) { return (Math.Exp(u) - 1) / (Math.Exp(u) + 1); }',
      '  static float G(float u, float v) { return (MathF.Exp(u - v) - 1f) / (MathF.Exp(u - v) + 1f); }',
      '}',
    ].join('\n');
    assert.deepEqual(fixOf(text, 'csharp', '(Math.Exp(u) - 1) / (Math.Exp(u) + 1)'), ['Math.Tanh(u * 0.5)']);
    assert.deepEqual(fixOf(text, 'csharp', '(MathF.Exp(u - v) - 1f) / (MathF.Exp(u - v) + 1f)'), ['MathF.Tanh((u - v) * 0.5f)']);
  });

  it('other ratios of exponentials stay silent', () => {
    const text = [
      'const a = (u) => (Math.exp(u) - 1) / (Math.exp(u) + 2);',
      'const b = (u, v) => (Math.exp(u) - 1) / (Math.exp(v) + 1);',
      'const c = (u) => (Math.exp(u) + 1) / (Math.exp(u) - 1);',
      'const d = (u) => (Math.exp(u) - 1) / u;',
      'const e = (u) => (Math.expm1(u)) / (Math.exp(u) + 1);',
    ].join('\n');
    assert.deepEqual(findingsOf(text, 'javascript'), []);
  });
});

describe('an IIFE module wrapper ;(function (root) { ... })(this): its functions are analysed as they are outside it', () => {
  const wrap = (body: string[], open = ';(function (root) {', close = '})(this);'): string => [open, ...body, close].join('\n');
  const body = [
    '  function normalise(scores) {',
    '    var out = new Array(scores.length), sum = 0, k;',
    '    for (k = 0; k < scores.length; k++) { out[k] = Math.exp(scores[k]); sum += out[k]; }',
    '    for (k = 0; k < scores.length; k++) out[k] = out[k] / sum;',
    '    return out;',
    '  }',
    '  function logPartition(scores) {',
    '    var s = 0;',
    '    for (var k = 0; k < scores.length; k++) { s += Math.exp(scores[k]); }',
    '    return Math.log(s);',
    '  }',
    '  function logisticSafe(z) {',
    '    if (z >= 0) return 1 / (1 + Math.exp(-z));',
    '    var e = Math.exp(z);',
    '    return e / (1 + e);',
    '  }',
  ];
  it('finds the loop softmax and log-sum-exp, and keeps the guarded sigmoid quiet, in each wrapper spelling', () => {
    for (const [open, close] of [[';(function (root) {', '})(this);'], ['(function () {', '}());'], ['!function (global) {', '}(window);'], ['(() => {', '})();']]) {
      const text = wrap(body, open, close);
      assert.deepEqual(findingsOf(text, 'javascript'), ['unstable-softmax Math.exp(scores[k])', 'unstable-logsumexp Math.log(s)'], open);
    }
  });

  it('the same functions outside a wrapper give the same findings', () => {
    assert.deepEqual(findingsOf(body.join('\n'), 'javascript'), findingsOf(wrap(body), 'javascript'));
  });

  it('a shifted softmax and an unguarded sigmoid inside a wrapper stay as they are outside it', () => {
    const text = wrap([
      '  function stable(xs) { var m = Math.max.apply(null, xs); var e = xs.map(function (v) { return Math.exp(v - m); }); var t = 0; for (var i = 0; i < e.length; i++) t += e[i]; return e.map(function (v) { return v / t; }); }',
      '  function s(z) { return 1 / (1 + Math.exp(-z)); }',
    ]);
    assert.deepEqual(findingsOf(text, 'javascript'), ['unstable-sigmoid 1 / (1 + Math.exp(-z))']);
  });
});

describe('sign guards and maxima count only in their own function', () => {
  it('an if (x < 0) in another function guards nothing here, also at module level', () => {
    const text = [
      "const { exp } = Math;",
      'export function sigmoid(x) { if (x < 0) { const e = exp(x); return e / (1 + e); } return 1 / (1 + exp(-x)); }',
      'const textbook = { logistic: (x) => 1 / (1 + exp(-x)) };',
      'function outer(x) { function inner(x) { if (x >= 0) return 0; return 1; } return 1 / (1 + exp(-x)); }',
    ].join('\n');
    // The object property's arrow (line 3) and outer's form (line 4); sigmoid's own guarded form (line 2) stays quiet.
    const lines = analyze(text, 'javascript').findings.map((f) => `${f.rule}@${text.slice(0, f.span.start).split('\n').length}`);
    assert.deepEqual(lines, ['unstable-sigmoid@3', 'unstable-sigmoid@4']);
  });

  it('the guard of the same function, a callback of it, and a conditional around the form still count', () => {
    const text = [
      'function a(x) { if (x >= 0) return 1 / (1 + Math.exp(-x)); const e = Math.exp(x); return e / (1 + e); }',
      'const b = (x) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));',
    ].join('\n');
    assert.deepEqual(findingsOf(text, 'javascript'), []);
  });

  it('a Math.max in another function is no shift of this log-sum-exp or softmax; one in this function or its callback is', () => {
    const unshifted = [
      'const ln = Math.log;',
      'const lse = (xs) => ln(xs.reduce((s, v) => s + Math.exp(v), 0));',
      'function logSumExpShifted(xs) { const m = Math.max(...xs); return m + Math.log(xs.reduce((s, v) => s + Math.exp(v - m), 0)); }',
    ].join('\n');
    assert.deepEqual(findingsOf(unshifted, 'javascript'), ['unstable-logsumexp ln(xs.reduce((s, v) => s + Math.exp(v), 0))']);
    const shifted = [
      'function f(xs) { const m = xs.reduce(function (a, b) { return Math.max(a, b); }, -Infinity); const z = xs.map((v) => v - m);',
      '  const e = z.map((v) => Math.exp(v)); const t = e.reduce((a, b) => a + b, 0); return e.map((v) => v / t); }',
    ].join('\n');
    assert.deepEqual(findingsOf(shifted, 'javascript'), []);
  });
});

describe('what does not shift a softmax: a log-space input, a log-sum-exp of another array, a maximum of the output', () => {
  it('a Math.log in the definition of the exps\' input is no shift', () => {
    const text = [
      'export function responsibilities(points, components) {',
      '  return points.map((x) => {',
      '    const logp = components.map((c) => Math.log(c.weight) - x * x);',
      '    const e = logp.map((v) => Math.exp(v));',
      '    const s = e.reduce((a, b) => a + b, 0);',
      '    return e.map((v) => v / s);',
      '  });',
      '}',
    ].join('\n');
    assert.deepEqual(findingsOf(text, 'javascript'), ['unstable-softmax Math.exp(v)']);
  });

  it('a log-sum-exp of another array in the same function leaves this softmax a softmax', () => {
    const text = [
      'function loss(scores: number[], relevance: number[]): number {',
      '  const target = Array.from(relevance, (r) => Math.exp(r));',
      '  const z = target.reduce((a, b) => a + b, 0);',
      '  const q = target.map((t) => t / z);',
      '  const logNorm = Math.log(scores.reduce((s, v) => s + Math.exp(v), 0));',
      '  return -q.reduce((acc, qi, i) => acc + qi * (scores[i]! - logNorm), 0);',
      '}',
    ].join('\n');
    assert.deepEqual(findingsOf(text, 'typescript'), ['unstable-softmax Math.exp(r)', 'unstable-logsumexp Math.log(scores.reduce((s, v) => s + Math.exp(v), 0))']);
  });

  it('the log of this sum still makes it a log-sum-exp, not a softmax', () => {
    const text = 'function lse(xs) { let t = 0; for (const v of xs) t += Math.exp(v); const r = t / xs.length; return Math.log(t); }';
    assert.deepEqual(findingsOf(text, 'javascript'), ['unstable-logsumexp Math.log(t)']);
  });

  it('a maximum over the normalised output is no shift, nor one never used; a maximum subtracted before is', () => {
    const text = [
      'export function penalty(rows: number[][]): number[] {',
      '  return rows.map((row) => {',
      '    const w = row.map((s) => Math.exp(s));',
      '    const total = w.reduce((a, b) => a + b, 0);',
      '    return w.map((v) => v / total).reduce((a, b) => Math.max(a, b), 0);',
      '  });',
      '}',
      'export function shifted(row: number[]): number[] {',
      '  const m = row.reduce((a, b) => Math.max(a, b), -Infinity);',
      '  const z = row.map((s) => s - m);',
      '  const w = z.map((s) => Math.exp(s));',
      '  const total = w.reduce((a, b) => a + b, 0);',
      '  return w.map((v) => v / total);',
      '}',
      'export function unused(row: number[]): number[] {',
      '  const m = row.reduce((a, b) => Math.max(a, b), -Infinity);',
      '  const w = row.map((s) => Math.exp(s));',
      '  const total = w.reduce((a, b) => a + b, 0);',
      '  return w.map((v) => v / total);',
      '}',
    ].join('\n');
    assert.deepEqual(findingsOf(text, 'typescript'), ['unstable-softmax Math.exp(s)', 'unstable-softmax Math.exp(s)']);
  });
});

describe('a loop log-sum-exp inside a block-bodied callback', () => {
  it('batches.map((b) => { let s = 0; for (...) s += Math.exp(v); return Math.log(s); }) is a log-sum-exp', () => {
    const text = [
      'export function partitions(batches: Float32Array[]): number[] {',
      '  return batches.map((b) => {',
      '    let s = 0;',
      '    for (const v of b) s += Math.exp(v);',
      '    return Math.log(s);',
      '  });',
      '}',
      'const viaFunction = (bs) => bs.map(function (b) { var t = 0; b.forEach(function (v) { t += Math.exp(v); }); return Math.log(t); });',
    ].join('\n');
    assert.deepEqual(findingsOf(text, 'typescript'), ['unstable-logsumexp Math.log(s)', 'unstable-logsumexp Math.log(t)']);
  });

  it('a log of a sum accumulated without exp, or with the shift, stays silent', () => {
    const text = [
      'const a = (bs) => bs.map((b) => { let s = 0; for (const v of b) s += v * v; return Math.log(s); });',
      'const c = (bs) => bs.map((b) => { const m = Math.max(...b); let s = 0; for (const v of b) s += Math.exp(v - m); return m + Math.log(s); });',
    ].join('\n');
    assert.deepEqual(findingsOf(text, 'javascript'), []);
  });
});

describe('a one-expression softmax exp(v) / xs.reduce((s, u) => s + exp(u), 0) is one softmax', () => {
  it('one use and one finding, at the numerator\'s exp, also scaled by a temperature', () => {
    const text = [
      'function boltzmann(q) { return q.map((v) => Math.exp(v) / q.reduce((s, u) => s + Math.exp(u), 0)); }',
      'function temp(logits, t) { return logits.map((v) => Math.exp(v / t) / logits.reduce(function (s, u) { return s + Math.exp(u / t); }, 0)); }',
    ].join('\n');
    assert.deepEqual(findingsOf(text, 'javascript'), ['unstable-softmax Math.exp(v)', 'unstable-softmax Math.exp(v / t)']);
    assert.deepEqual(usesOf(text, 'javascript'), ['softmax:call Math.exp(v)', 'softmax:call Math.exp(v / t)']);
  });

  it('a sum of exps without an exp above it, or a shifted one, is not made one by this', () => {
    const text = [
      'function lse(q) { return Math.log(q.reduce((s, u) => s + Math.exp(u), 0)); }',
      'function ok(q) { const m = Math.max(...q); return q.map((v) => Math.exp(v - m) / q.reduce((s, u) => s + Math.exp(u - m), 0)); }',
    ].join('\n');
    assert.deepEqual(findingsOf(text, 'javascript'), ['unstable-logsumexp Math.log(q.reduce((s, u) => s + Math.exp(u), 0))']);
  });
});

describe('a tanh renamed out of Math: const { tanh: th } = Math, const th = Math.tanh', () => {
  it('calls of the renamed tanh are tanh uses', () => {
    for (const binding of ['const { exp, tanh: th } = Math;', 'const th = Math.tanh;', 'var th = Math.tanh, ln = Math.log;']) {
      const text = [binding, 'export const gelu = (x) => 0.5 * x * (1 + th(0.79788 * (x + 0.044715 * x * x * x)));', 'const y = th(2);'].join('\n');
      assert.deepEqual(usesOf(text, 'javascript'), ['gelu:definition gelu', 'tanh:call th', 'tanh:call th'], binding);
    }
  });

  it('a name bound elsewhere too, taken from another object, or a parameter is no tanh', () => {
    const silent = [
      ['const { tanh: th } = Math;', 'let th = (v) => v;', 'const y = th(2);'],
      ['const { tanh: th } = easing;', 'const y = th(2);'],
      ['const th = Math.tanh;', 'function f(th) { return th(2); }'],
      ['const th = Math.sinh;', 'const y = th(2);'],
    ];
    for (const lines of silent) assert.deepEqual(usesOf(lines.join('\n'), 'javascript'), [], lines.join('\n'));
  });
});
