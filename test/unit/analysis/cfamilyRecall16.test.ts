// Shapes the sixteenth held-out set (test/fixtures/*/heldout16) showed the analyzer missing or over-reading, fixed;
// each with the look-alikes that must stay as they were.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { findingsOf, usesOf } from './analysisProbe';

describe('JS: a function stored on any object, and its calls through that object', () => {
  it('hapi\'s `internals.logistic = function (z) {…}` and `internals.logistic(z)`; another object\'s `other.logistic(z)` is not it', () => {
    const js = [
      'const internals = {};',
      'internals.logistic = function (z) { return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)); };',
      'const a = internals.logistic(2);',
      'const b = other.logistic(2);',
      'const c = deep.internals.logistic(2);',
    ].join('\n');
    assert.deepEqual(usesOf(js, 'javascript').filter((u) => !u.startsWith('sigmoid:call 1 /') && !u.startsWith('sigmoid:call Math.exp(z) /')),
      ['sigmoid:definition logistic', 'sigmoid:call logistic']);
  });
});

describe('range guards kept through CUDA intrinsics', () => {
  it('`if (x > 20.f) { return x; } return logf(1.f + __expf(x));` is a guarded softplus; unguarded it is reported', () => {
    const cu = [
      '__device__ __forceinline__ float softplus(float x) {',
      '  if (x > 20.f) { return x; }',
      '  return logf(1.f + __expf(x));',
      '}',
      '__device__ float softplusRaw(float x) { return logf(1.f + __expf(x)); }',
    ].join('\n');
    assert.deepEqual(findingsOf(cu, 'cpp'), ['unstable-softplus logf(1.f + __expf(x))']);
  });
});

describe('a shifted exponent scaled by a temperature', () => {
  it('`expf((logits[i] - m) / temperature)` and `Math.exp(beta * (f - fMax))` are shifted; `exp(logits[i] / t)` is not', () => {
    const c = [
      'void softmax_t(const float *logits, float *probs, int n, float temperature) {',
      '  float m = logits[0], s = 0.f;',
      '  for (int i = 1; i < n; i++) if (logits[i] > m) m = logits[i];',
      '  for (int i = 0; i < n; i++) { probs[i] = expf((logits[i] - m) / temperature); s += probs[i]; }',
      '  for (int i = 0; i < n; i++) probs[i] /= s;',
      '}',
      'void softmax_raw(const float *logits, float *probs, int n, float t) {',
      '  float s = 0.f;',
      '  for (int i = 0; i < n; i++) { probs[i] = expf(logits[i] / t); s += probs[i]; }',
      '  for (int i = 0; i < n; i++) probs[i] /= s;',
      '}',
    ].join('\n');
    assert.deepEqual(findingsOf(c, 'c'), ['unstable-softmax expf(logits[i] / t)']);
  });
});

describe('a softmax loop beside a log-sum-exp of another sum', () => {
  it('`probabilities[i] = Math.exp(scaled[i]!)` summed and divided, then `acc += Math.exp(v); Math.log(acc)`: both reported', () => {
    const ts = [
      'function classScores(scaled: number[]) {',
      '  const probabilities = new Array<number>(scaled.length).fill(0);',
      '  let total = 0;',
      '  for (let i = 0; i < scaled.length; i++) { probabilities[i] = Math.exp(scaled[i]!); total += probabilities[i]!; }',
      '  for (let i = 0; i < probabilities.length; i++) probabilities[i] = probabilities[i]! / total;',
      '  let acc = 0;',
      '  for (const v of scaled) acc += Math.exp(v);',
      '  return { probabilities, logPartition: Math.log(acc) };',
      '}',
    ].join('\n');
    assert.deepEqual(findingsOf(ts, 'typescript').map((f) => f.split(' ')[0]), ['unstable-softmax', 'unstable-logsumexp']);
    // The log of its own sum makes the loop a log-sum-exp, no softmax.
    const own = ts.replace('Math.log(acc)', 'Math.log(total)');
    assert.deepEqual(findingsOf(own, 'typescript').filter((f) => f.startsWith('unstable-softmax')), []);
  });
});

describe('at a file\'s top level, exps count as a softmax only when they reach a sum', () => {
  it('a selector mapping `Math.exp(e.valLoss)` (perplexity) beside other selectors that sum and divide is no softmax', () => {
    const ts = [
      'export const selectPerplexity = createSelector([selectEpochs], (epochs) => epochs.map((e) => Math.exp(e.valLoss)));',
      'export const selectMean = createSelector([selectEpochs], (epochs) => epochs.reduce((a, e) => a + e.loss, 0) / epochs.length);',
      'const e = logits.map((z) => Math.exp(z.score));',
      'const Z = e.reduce((a, b) => a + b, 0);',
      'console.log(e.map((v) => v / Z));',
    ].join('\n');
    assert.deepEqual(findingsOf(ts, 'typescript'), ['unstable-softmax Math.exp(z.score)']);
  });
});
