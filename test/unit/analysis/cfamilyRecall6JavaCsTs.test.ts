// Java, C# and JavaScript/TypeScript shapes the sixth held-out sets (test/fixtures/{java,csharp,typescript}/heldout6)
// showed the analyzer missing or over-reporting, one describe per class; each has the look-alikes that must stay
// silent next to the shapes that must be found.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { findingsOf, usesOf } from './analysisProbe';

describe('Java: a field, local or parameter named exp does not hide the statically imported Math.exp', () => {
  const FORMS = [
    '    static double sig(double x) { return 1.0 / (1.0 + exp(-x)); }',
    '    double sp(double x) { return log(1 + exp(x)); }',
    '    double lse(double[] v) { double s = 0; for (double t : v) s += exp(t); return log(s); }',
  ];
  const EXPECTED = ['unstable-sigmoid 1.0 / (1.0 + exp(-x))', 'unstable-softplus log(1 + exp(x))', 'unstable-logsumexp log(s)'];

  it('methods and variables are separate name spaces in Java: exp(x) is still Math.exp', () => {
    for (const declaration of ['    private long exp = 0L;', '    int exp, level;', '    public final int[] exp = new int[3];']) {
      const text = ['import static java.lang.Math.*;', 'class Hero {', declaration, ...FORMS, '}'].join('\n');
      assert.deepEqual(findingsOf(text, 'java'), EXPECTED, declaration);
    }
    const withLocalsAndParams = [
      'import static java.lang.StrictMath.*;',
      'class Hero {',
      '    void gain(int exp) { this.total += exp; }',
      '    int level(Hero h) { int exp = h.total; return exp / 100; }',
      ...FORMS,
      '}',
    ].join('\n');
    assert.deepEqual(findingsOf(withLocalsAndParams, 'java'), EXPECTED);
  });

  it('a field read as this.exp or player.exp is no exponential', () => {
    const text = [
      'import static java.lang.Math.*;',
      'class Hero {',
      '    int exp;',
      '    double bonus(Hero player) { return 1.0 / (1.0 + this.exp) + log(1 + player.exp); }',
      '}',
    ].join('\n');
    assert.deepEqual(findingsOf(text, 'java'), []);
    assert.deepEqual(usesOf(text, 'java'), []);
  });

  it('a method the file declares named exp still stands in for Math.exp, so bare exp forms stay silent', () => {
    for (const method of ['    static double exp(double x) { return 1 + x + x * x / 2; }', '    private float exp(float v) { return v; }']) {
      const text = ['import static java.lang.Math.*;', 'class Own {', method, ...FORMS, '}'].join('\n');
      assert.deepEqual(findingsOf(text, 'java'), [], method);
    }
  });

  it('C and C++ keep their rules: an ordinary variable named exp hides the function, a C struct member does not', () => {
    const hidden = ['#include <math.h>', 'static double exp = 2.0;', 'double sig(double x) { return 1.0 / (1.0 + exp(-x)); }'].join('\n');
    assert.deepEqual(findingsOf(hidden, 'c'), []);
    assert.deepEqual(findingsOf(hidden, 'cpp'), []);
    const member = ['#include <math.h>', 'struct player { int exp; };', 'double sig(double x) { return 1.0 / (1.0 + exp(-x)); }'].join('\n');
    assert.deepEqual(findingsOf(member, 'c'), ['unstable-sigmoid 1.0 / (1.0 + exp(-x))']);
  });
});
