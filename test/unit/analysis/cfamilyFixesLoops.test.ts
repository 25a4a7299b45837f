// Statement-inserting fixes: the max-shifted log-sum-exp in every C-family language, and max-subtraction for
// C/C++ softmax loops; offered only where the loop or reduction shape is recognised exactly.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeCFamilyText } from '../../../src/core/analysis/languages/cfamilyLanguages';
import { applyEdits } from '../../../src/extension/fixAll';
import type { LanguageId, RuleId } from '../../../src/core/analysis/types';

/** The text after the first fix of the (only) finding of `rule`, or undefined when it has no fix. */
function fixed(text: string, language: LanguageId, rule: RuleId): string | undefined {
  const found = analyzeCFamilyText(text, language).findings.filter((f) => f.rule === rule);
  assert.equal(found.length >= 1, true, `a ${rule} finding in:\n${text}`);
  const fix = found[0]!.fixes[0];
  return fix ? applyEdits(text, fix.edits) : undefined;
}

describe('log-sum-exp: m + log(sum(exp(v - m))) with the maximum computed once', () => {
  it('JavaScript reduce', () => {
    const text = 'function lse(xs) {\n  return Math.log(xs.reduce((a, v) => a + Math.exp(v), 0));\n}\n';
    assert.equal(fixed(text, 'javascript', 'unstable-logsumexp'), 'function lse(xs) {\n'
      + '  const xsMax = xs.reduce((a, b) => Math.max(a, b), -Infinity);\n'
      + '  const xsShift = Number.isFinite(xsMax) ? xsMax : 0;\n'
      + '  return (xsShift + Math.log(xs.reduce((a, v) => a + Math.exp(v - xsShift), 0)));\n}\n');
  });

  it('C# Sum and foreach, float kept float', () => {
    const sum = 'class A\n{\n    static double L(double[] xs)\n    {\n        return Math.Log(xs.Sum(v => Math.Exp(v)));\n    }\n}\n';
    assert.match(fixed(sum, 'csharp', 'unstable-logsumexp')!, /double xsShift = double\.IsInfinity\(xsMax\) \|\| double\.IsNaN\(xsMax\) \? 0\.0 : xsMax;\n        return \(xsShift \+ Math\.Log\(xs\.Sum\(v => Math\.Exp\(v - xsShift\)\)\)\);/);
    const loop = 'class A\n{\n    static float L(float[] xs)\n    {\n        float s = 0f;\n        foreach (var v in xs) s += MathF.Exp(v);\n        return MathF.Log(s);\n    }\n}\n';
    assert.equal(fixed(loop, 'csharp', 'unstable-logsumexp'), 'class A\n{\n    static float L(float[] xs)\n    {\n        float s = 0f;\n'
      + '        float xsMax = float.NegativeInfinity;\n        foreach (var v in xs) if (v > xsMax) xsMax = v;\n'
      + '        float xsShift = float.IsInfinity(xsMax) || float.IsNaN(xsMax) ? 0f : xsMax;\n'
      + '        foreach (var v in xs) s += MathF.Exp(v - xsShift);\n        return (xsShift + MathF.Log(s));\n    }\n}\n');
  });

  it('Java counted loop', () => {
    const text = 'class A {\n    static double l(double[] xs) {\n        double sum = 0.0;\n        for (int i = 0; i < xs.length; i++) {\n            sum += Math.exp(xs[i]);\n        }\n        return Math.log(sum);\n    }\n}\n';
    assert.equal(fixed(text, 'java', 'unstable-logsumexp'), 'class A {\n    static double l(double[] xs) {\n        double sum = 0.0;\n'
      + '        double xsMax = Double.NEGATIVE_INFINITY;\n        for (int i = 0; i < xs.length; i++) if (xs[i] > xsMax) xsMax = xs[i];\n'
      + '        double xsShift = Double.isFinite(xsMax) ? xsMax : 0.0;\n'
      + '        for (int i = 0; i < xs.length; i++) {\n            sum += Math.exp(xs[i] - xsShift);\n        }\n        return (xsShift + Math.log(sum));\n    }\n}\n');
  });

  it('C++: the element type from the declaration (float stays float), std::isfinite', () => {
    const text = '#include <cmath>\n#include <vector>\nfloat l(const std::vector<float>& v) {\n  float acc = 0.0f;\n  for (float e : v) acc += std::exp(e);\n  return std::log(acc);\n}\n';
    assert.equal(fixed(text, 'cpp', 'unstable-logsumexp'), '#include <cmath>\n#include <vector>\nfloat l(const std::vector<float>& v) {\n  float acc = 0.0f;\n'
      + '  float v_max = -INFINITY;\n  for (float e : v) if (e > v_max) v_max = e;\n  float v_shift = std::isfinite(v_max) ? v_max : 0.0f;\n'
      + '  for (float e : v) acc += std::exp(e - v_shift);\n  return (v_shift + std::log(acc));\n}\n');
  });

  it('no fix where the shape is not exactly known', () => {
    // The sum is touched elsewhere; the loop header has effects; the statement does not start its line; the collection is bound inside the statement.
    const touched = 'double l(const double* x, int n) {\n  double s = 0;\n  for (int i = 0; i < n; i++) s += exp(x[i]);\n  s *= 2;\n  return log(s);\n}\n';
    assert.equal(fixed(touched, 'c', 'unstable-logsumexp'), undefined);
    const effects = 'double l(const double* x, int n) {\n  double s = 0;\n  for (int i = 0; i < next(); i++) s += exp(x[i]);\n  return log(s);\n}\n';
    assert.equal(fixed(effects, 'c', 'unstable-logsumexp'), undefined);
    const inline = 'function lse(xs) { return Math.log(xs.reduce((a, v) => a + Math.exp(v), 0)); }\n';
    assert.equal(fixed(inline, 'javascript', 'unstable-logsumexp'), undefined);
    const bound = 'const lse = (z) => Math.log(z.reduce((a, v) => a + Math.exp(v), 0));\n';
    assert.equal(fixed(bound, 'javascript', 'unstable-logsumexp'), undefined);
    const started = 'function lse(xs) {\n  return Math.log(xs.reduce((a, v) => a + Math.exp(v), 1));\n}\n';
    assert.equal(fixed(started, 'javascript', 'unstable-logsumexp'), undefined);
  });
});

describe('C/C++ softmax loops: max-subtraction', () => {
  it('two-loop float softmax with expf: the maximum as float, every exp of the collection shifted once', () => {
    const text = 'void softmax(const float* z, float* o, int n) {\n  float s = 0.0f;\n  for (int i = 0; i < n; ++i) s += expf(z[i]);\n  for (int i = 0; i < n; ++i) o[i] = expf(z[i]) / s;\n}\n';
    const findings = analyzeCFamilyText(text, 'c').findings;
    assert.deepEqual(findings.map((f) => f.rule), ['unstable-softmax', 'unstable-softmax']);
    // Both findings carry the same edits, so "fix all" applies them once.
    assert.deepEqual(findings[0]!.fixes, findings[1]!.fixes);
    assert.equal(applyEdits(text, findings[0]!.fixes[0]!.edits), 'void softmax(const float* z, float* o, int n) {\n  float s = 0.0f;\n'
      + '  float z_max = -INFINITY;\n  for (int i = 0; i < n; ++i) if (z[i] > z_max) z_max = z[i];\n'
      + '  for (int i = 0; i < n; ++i) s += expf(z[i] - z_max);\n  for (int i = 0; i < n; ++i) o[i] = expf(z[i] - z_max) / s;\n}\n');
  });

  it('no fix for a loop shape that is not recognised, or a collection written before the loop', () => {
    const whileLoop = 'void f(double* z, double* o, int n) {\n  double s = 0;\n  int i = 0;\n  while (i < n) { o[i] = exp(z[i]); s += o[i]; i++; }\n  for (int j = 0; j < n; j++) o[j] /= s;\n}\n';
    assert.equal(fixed(whileLoop, 'c', 'unstable-softmax'), undefined);
    const written = 'void f(double* z, double* o, int n) {\n  double s = 0;\n  z[0] = 1.0;\n  for (int i = 0; i < n; i++) { o[i] = exp(z[i]); s += o[i]; }\n  for (int i = 0; i < n; i++) o[i] /= s;\n}\n';
    assert.equal(fixed(written, 'c', 'unstable-softmax'), undefined);
  });
});

describe('a product or comparison with exp is not a declaration of exp', () => {
  it('`lr0 * exp(-decay * step)` elsewhere in the file leaves exp the exponential', () => {
    const text = '#include <math.h>\ndouble lse(const double *x, int n)\n{\n    double total = 0.0;\n    for (int i = 0; i < n; i++)\n        total += exp(x[i]);\n'
      + '    return log(total);\n}\ndouble lr_at(double lr0, double decay, int step)\n{\n    return lr0 * exp(-decay * step);\n}\n'
      + 'int above(double v, double t) { return v > exp(t); }\n';
    assert.deepEqual(analyzeCFamilyText(text, 'c').findings.map((f) => f.rule), ['unstable-logsumexp']);
    // A real declaration still makes a bare exp the file's own.
    const own = 'static double *exp(double x);\ndouble f(double x) { return 1.0 / (1.0 + exp(-x)); }\n';
    assert.deepEqual(analyzeCFamilyText(own, 'c').findings.map((f) => f.rule), []);
  });
});

describe('Java streams', () => {
  it('Math.log(Arrays.stream(xs).map(v -> Math.exp(v)).sum()) is found and shifted; a method reference is not read', () => {
    const text = 'import java.util.Arrays;\nclass A {\n    static double l(double[] xs) {\n        return Math.log(Arrays.stream(xs).map(v -> Math.exp(v)).sum());\n    }\n}\n';
    assert.equal(fixed(text, 'java', 'unstable-logsumexp'), 'import java.util.Arrays;\nclass A {\n    static double l(double[] xs) {\n'
      + '        double xsMax = Double.NEGATIVE_INFINITY;\n        for (double xsMaxItem : xs) xsMax = Math.max(xsMax, xsMaxItem);\n'
      + '        double xsShift = Double.isFinite(xsMax) ? xsMax : 0.0;\n'
      + '        return (xsShift + Math.log(Arrays.stream(xs).map(v -> Math.exp(v - xsShift)).sum()));\n    }\n}\n');
  });
});

describe('no statement-inserting fix where the collection may change between the maximum and the exps', () => {
  it('a loop nested in another loop, or a re-pointed collection', () => {
    const nested = 'double f(const double *x, int n, int b)\n{\n    double s = 0.0;\n    for (int k = 0; k < b; k++) {\n        for (int i = 0; i < n; i++)\n            s += exp(x[i]);\n    }\n    return log(s);\n}\n';
    assert.equal(fixed(nested, 'c', 'unstable-logsumexp'), undefined);
    const repointed = 'void f(const float *z, float *o, int n, int b)\n{\n    for (int k = 0; k < b; k++) {\n        float s = 0.0f;\n        for (int i = 0; i < n; i++) {\n            o[i] = expf(z[i]);\n            s += o[i];\n        }\n        for (int i = 0; i < n; i++) o[i] /= s;\n        z += n;\n    }\n}\n';
    assert.equal(fixed(repointed, 'c', 'unstable-softmax'), undefined);
  });
});

describe('declarations are inserted only where a statement of a block starts', () => {
  it('not into a braceless if, nor before an else or a case', () => {
    const braceless = 'double f(const double *x, int n, int c)\n{\n    double s = 0.0;\n    if (c)\n        for (int i = 0; i < n; i++) s += exp(x[i]);\n    return log(s);\n}\n';
    assert.equal(fixed(braceless, 'c', 'unstable-logsumexp'), undefined);
    const elseBranch = 'function f(xs, c) {\n  if (c) {\n    return 0;\n  }\n  else return Math.log(xs.reduce((a, v) => a + Math.exp(v), 0));\n}\n';
    assert.equal(fixed(elseBranch, 'javascript', 'unstable-logsumexp'), undefined);
    const caseLabel = 'function f(xs, c) {\n  switch (c) {\n    case 1:\n    return Math.log(xs.reduce((a, v) => a + Math.exp(v), 0));\n  }\n}\n';
    assert.equal(fixed(caseLabel, 'javascript', 'unstable-logsumexp'), undefined);
  });
});

describe('C/C++ softmax: every shifted exp must end up normalised by the sum', () => {
  it('an exp also stored unnormalised elsewhere keeps the function without a fix', () => {
    const raw = 'void f(const double *z, double *o, double *raw, int n)\n{\n    double s = 0.0;\n    for (int i = 0; i < n; i++) {\n        raw[i] = exp(z[i]);\n        o[i] = exp(z[i]);\n        s += o[i];\n    }\n    for (int i = 0; i < n; i++) o[i] /= s;\n}\n';
    assert.equal(fixed(raw, 'c', 'unstable-softmax'), undefined);
  });
});
