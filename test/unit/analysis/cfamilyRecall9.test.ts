// Shapes the ninth held-out set (test/fixtures/*/heldout9) showed the analyzer missing and that are fixed; each with
// the look-alikes that must stay as they were. (Its other misses are open: README, "Not recognised yet".)
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { findingsOf, usesOf } from './analysisProbe';

describe('C: a member named exp of an anonymous struct in a typedef hides no exp', () => {
  it('`typedef struct { int8_t exp; } q_t;` leaves the math exp of the file found; a function named exp still hides it', () => {
    const text = [
      '#include <math.h>',
      '#include <stdint.h>',
      'typedef struct { int8_t exp; int16_t q; } q_t;',
      'typedef union { float f; int exp; } bits_t;',
      'static float scale(const q_t *p) { return ldexpf(1.0f, p->exp); }',
      'static double logistic(double z) { return exp(z) / (1.0 + exp(z)); }',
    ].join('\n');
    assert.deepEqual(findingsOf(text, 'c'), ['unstable-sigmoid exp(z) / (1.0 + exp(z))']);
    const own = '#include <math.h>\nstatic double exp(double v) { return v; }\nstatic double logistic(double z) { return exp(z) / (1.0 + exp(z)); }\n';
    assert.deepEqual(findingsOf(own, 'c'), []);
  });
});

describe('the sigmoid of a class named for activations that the file does not define', () => {
  it('`Math.Log(ActivationFunctions.Sigmoid(x))` is a log-sigmoid and `s * (1 - s)` of it a lossy derivative; another class\'s is not', () => {
    const cs = [
      'public class ActivationTests {',
      '    public void LogSigmoid(double x) { double e = Math.Log(ActivationFunctions.Sigmoid(x)); }',
      '    public void Slope(double x) { double s = ActivationFunctions.Sigmoid(x); double d = s * (1.0 - s); }',
      '    public void Other(double x) { double e = Math.Log(Curves.Sigmoid(x)); double s = Curves.Sigmoid(x); double d = s * (1.0 - s); }',
      '}',
    ].join('\n');
    assert.deepEqual(findingsOf(cs, 'csharp').map((f) => f.split(' ')[0]), ['unstable-log-sigmoid', 'lossy-sigmoid-derivative']);
    const java = 'class T { void f(double x) { double e = Math.log(Activations.sigmoid(x)); } }\n';
    assert.deepEqual(findingsOf(java, 'java').map((f) => f.split(' ')[0]), ['unstable-log-sigmoid']);
  });
});

describe('softmax over logits computed from the elements, or read by a list method', () => {
  it('`ws.map((w) => Math.exp(dot3(w, p) / T))` summed and divided, and Java `Math.exp(scores.get(i))` in a loop', () => {
    const js = [
      'function probs(ws, p, T) {',
      '  const ex = ws.map((w) => Math.exp(dot3(w, p) / T));',
      '  const z = ex.reduce((a, b) => a + b, 0);',
      '  return ex.map((v) => v / z);',
      '}',
      'function kernel(ws, p) {',
      '  const k = ws.map((w) => Math.exp(-dist2(w, p)));',
      '  const z = k.reduce((a, b) => a + b, 0);',
      '  return k.map((v) => v / z);',
      '}',
      'function shifted(ws, p) {',
      '  const l = ws.map((w) => dot3(w, p));',
      '  const m = Math.max(...l);',
      '  const ex = l.map((v) => Math.exp(v - m));',
      '  const z = ex.reduce((a, b) => a + b, 0);',
      '  return ex.map((v) => v / z);',
      '}',
    ].join('\n');
    // The Gaussian kernel's exponent is negated (exp of it cannot overflow); the shifted one subtracts the maximum.
    assert.deepEqual(findingsOf(js, 'javascript'), ['unstable-softmax Math.exp(dot3(w, p) / T)']);
    const java = [
      'class Job {',
      '    float[] normalise(java.util.List<Double> scores) {',
      '        float[] probs = new float[scores.size()];',
      '        float total = 0f;',
      '        for (int i = 0; i < probs.length; i++) {',
      '            probs[i] = (float) Math.exp(scores.get(i));',
      '            total += probs[i];',
      '        }',
      '        for (int i = 0; i < probs.length; i++) probs[i] /= total;',
      '        return probs;',
      '    }',
      '    double decay(java.util.List<Double> rates) { return Math.exp(-rates.get(0)); }',
      '}',
    ].join('\n');
    assert.deepEqual(findingsOf(java, 'java'), ['unstable-softmax Math.exp(scores.get(i))']);
  });
});

describe("a function registered under its activation's name", () => {
  it('the string before the file\'s own activation naming the same one is a use; any other string is not', () => {
    const text = [
      'export function SIGMOID(x: number): number { return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)); }',
      'export function RELU(x: number): number { return Math.max(0, x); }',
      'CustomFunctions.associate("SIGMOID", SIGMOID);',
      'CustomFunctions.associate("RECTIFIER_RATE", RELU);',
      'registry.register("relu", SIGMOID);',
      'console.log("sigmoid", 2);',
    ].join('\n');
    const uses = usesOf(text, 'typescript').filter((u) => u.includes(':string') || u.includes(':reference'));
    assert.deepEqual(uses, [
      'sigmoid:string "SIGMOID"', 'sigmoid:reference SIGMOID', 'relu:reference RELU', 'sigmoid:reference SIGMOID',
    ]);
  });
});

describe("JS/TS: activations called through one of the project's own modules", () => {
  it('`act.sigmoid(x)` of `import * as act from "./activations"` is a use, and a form inside log; a package\'s is not', () => {
    const text = [
      "import * as act from './activations';",
      "import nn from '../nn';",
      "import * as lodash from 'lodash';",
      "const legacy = require('./legacy/act');",
      'const a = act.sigmoid(2) + act.leakyRelu(-1) + nn.gelu(0.5) + legacy.tanh(1);',
      'const b = act.sigmoidPrime(0) + lodash.sigmoid(3) + other.sigmoid(4);',
      'const loss = -Math.log(act.sigmoid(z));',
    ].join('\n');
    assert.deepEqual(usesOf(text, 'typescript'), [
      'sigmoid:call act.sigmoid', 'leaky_relu:call act.leakyRelu', 'gelu:call nn.gelu', 'tanh:call legacy.tanh',
      'log_sigmoid:call Math.log(act.sigmoid(z))', 'sigmoid:call act.sigmoid',
    ]);
    assert.deepEqual(findingsOf(text, 'typescript').map((f) => f.split(' ')[0]), ['unstable-log-sigmoid']);
  });

  it('an import written in a comment or a string binds nothing, nor does a require that is not a declaration', () => {
    const text = [
      "// import * as act from './activations';",
      "/* const nn = require('../nn'); */",
      "const help = `import * as ops from './ops'`;",
      "legacy = require('./legacy/act');",
      'const a = act.sigmoid(2) + nn.gelu(0.5) + ops.tanh(1) + legacy.relu(3);',
    ].join('\n');
    assert.deepEqual(usesOf(text, 'javascript'), []);
  });
});
