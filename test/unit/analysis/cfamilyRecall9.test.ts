// Shapes the ninth held-out set (test/fixtures/*/heldout9) showed the analyzer missing and that are fixed; each with
// the look-alikes that must stay as they were. (Its other misses are open: README, "Not recognised yet".)
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { findingsOf } from './analysisProbe';

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
