// An input early exits already keep in a safe range is not unstable (the held-out set heldout5 found McCaffrey's
// `if (x < -45.0) return 0.0; else if (x > 45.0) return 1.0; else return 1.0 / (1.0 + Math.Exp(-x));` and Neuroph's
// `if (net > 100d) return 1d; else if (net < -100d) return 0d; return 1d / (1d + Math.exp(-net));` reported). The
// bound counts only where it provably holds: the same local variable, never assigned after the test, a branch that
// always leaves, and a limit within the exp overflow threshold of the form's dtype.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { stabilityThresholds } from '../../../src/core/analysis/stabilityFacts';
import type { LanguageId } from '../../../src/core/analysis/types';
import { analyze, findingsOf } from './analysisProbe';

/** Each case is one function; `[label, code]`. */
type Case = readonly [string, string];

function assertSilent(cases: readonly Case[], language: LanguageId, wrap: (code: string) => string = (c) => c): void {
  for (const [label, code] of cases) {
    const text = wrap(code);
    assert.deepEqual(findingsOf(text, language), [], `${language}: ${label}`);
    // Still a sigmoid or softplus the user wrote: a use, not a finding.
    assert.ok(analyze(text, language).uses.length > 0, `${language}: ${label} is still a use`);
  }
}

function assertReported(cases: readonly Case[], language: LanguageId, rule: string, wrap: (code: string) => string = (c) => c): void {
  for (const [label, code] of cases) {
    const rules = findingsOf(wrap(code), language).map((f) => f.split(' ')[0]);
    assert.deepEqual(rules, [rule], `${language}: ${label}`);
  }
}

const inClass = (code: string): string => `using System;\nclass Net\n{\n${code}\n}`;
const inJavaClass = (code: string): string => `public class Net {\n${code}\n}`;
const inCpp = (code: string): string => `#include <cmath>\n${code}`;

// The limits the cases straddle, from the math core: a bound between them is safe for double and not for float.
const float64Limit = stabilityThresholds('float64').expOverflow;
const float32Limit = stabilityThresholds('float32').expOverflow;

describe('range guards: early exits that bound the input keep a hand-written form from being reported', () => {
  it('the limits the cases below straddle are the math core\'s (float32 88.72, float64 709.78)', () => {
    assert.ok(float32Limit > 80 && float32Limit < 100 && float64Limit > 700 && float64Limit < 1000);
  });

  it('C#: else-if chains, blocks, throw, ||, constants on the left, float suffixes, the branch the form is in, a loop\'s continue', () => {
    assertSilent([
      ['else chain', 'static double LogSig(double z) { if (z <= -40.0) return 0.0; else if (z >= 40.0) return 1.0; else return 1.0 / (1.0 + Math.Exp(-z)); }'],
      ['blocks', 'double F(double v) {\n  if (v < -45) {\n    Log("low");\n    return 0;\n  }\n  return 1.0 / (1.0 + Math.Exp(-v));\n}'],
      ['one side is enough for exp(-x)', 'double F(double x) { if (x < -700.0) return 0.0; return 1.0 / (1.0 + Math.Exp(-x)); }'],
      ['throw, constant on the left', 'double F(double x) { if (-45 > x) throw new ArgumentOutOfRangeException(nameof(x)); return 1 / (1 + Math.Exp(-x)); }'],
      ['|| of both exits', 'double F(double x) { if (x < -45 || x > 45) return x > 0 ? 1 : 0; return 1 / (1 + Math.Exp(-x)); }'],
      ['parenthesised terms', 'double F(double x) { if ((x < -45.0) || (45.0 < x)) { return x > 0 ? 1 : 0; } return 1 / (1 + Math.Exp(-x)); }'],
      ['float within float32', 'float F(float x) { if (x < -80f) return 0f; return 1f / (1f + MathF.Exp(-x)); }'],
      ['in the branch that tests the range', 'double F(double x) { if (x >= -45 && x <= 45) { return 1.0 / (1.0 + Math.Exp(-x)); } return x > 0 ? 1 : 0; }'],
      ['a scaled argument inside the limit', 'double F(double x) { if (x < -300) return 0; return 1.0 / (1.0 + Math.Exp(-2.0 * x)); }'],
      ['a local, in a loop with continue', 'void F(double[] z, double[] o) { for (int i = 0; i < z.Length; i++) { double v = z[i]; if (v < -45) { o[i] = 0; continue; } o[i] = 1 / (1 + Math.Exp(-v)); } }'],
      ['positive form, upper bound', 'double F(double x) { if (x > 700) return 1; return Math.Exp(x) / (1 + Math.Exp(x)); }'],
      ['softplus, upper bound', 'double Softplus(double x) { if (x > 30) return x; return Math.Log(1 + Math.Exp(x)); }'],
    ], 'csharp', inClass);
  });

  it('C#: a guard that does not exit, another variable, too wide a bound, a reassignment, the form first, a float past float32, another function', () => {
    assertReported([
      ['no exit', 'double F(double x) { double y = 1; if (x < -45) y = 0; return y * (1.0 / (1.0 + Math.Exp(-x))); }'],
      ['another variable', 'double F(double x, double z) { if (z < -45) return 0; return 1.0 / (1.0 + Math.Exp(-x)); }'],
      ['too wide for double', 'double F(double x) { if (x < -1000) return 0; return 1.0 / (1.0 + Math.Exp(-x)); }'],
      ['the wrong side', 'double F(double x) { if (x > 45) return 1; return 1.0 / (1.0 + Math.Exp(-x)); }'],
      ['reassigned after', 'double F(double x) { if (x < -45) return 0; x = x * 100; return 1.0 / (1.0 + Math.Exp(-x)); }'],
      ['compound-assigned in the loop', 'double F(double x) { double s = 0; for (int i = 0; i < 3; i++) { if (x < -45) return 0; s += 1.0 / (1.0 + Math.Exp(-x)); x -= 1000; } return s; }'],
      ['passed by ref after', 'double F(double x) { if (x < -45) return 0; Shift(ref x); return 1.0 / (1.0 + Math.Exp(-x)); }'],
      ['form before the guard', 'double F(double x) { double s = 1.0 / (1.0 + Math.Exp(-x)); if (x < -45) return 0; return s; }'],
      ['float past float32', 'float F(float x) { if (x < -100f) return 0f; return 1f / (1f + MathF.Exp(-x)); }'],
      ['&& of an exit', 'double F(double x, bool clip) { if (x < -45 && clip) return 0; return 1.0 / (1.0 + Math.Exp(-x)); }'],
      ['|| in the branch', 'double F(double x) { if (x >= -45 || x <= 45) { return 1.0 / (1.0 + Math.Exp(-x)); } return 0; }'],
      ['inside a braceless loop', 'double F(double x, int k) { while (k-- > 0) if (x < -45) return 0; return 1.0 / (1.0 + Math.Exp(-x)); }'],
      ['inside another if', 'double F(double x, bool b) { if (b) if (x < -45) return 0; return 1.0 / (1.0 + Math.Exp(-x)); }'],
      ['yield return does not leave', 'System.Collections.Generic.IEnumerable<double> F(double x) { if (x < -45) yield return 0; yield return 1.0 / (1.0 + Math.Exp(-x)); }'],
      ['a field, which any call may change', 'double x; double F() { if (x < -45) return 0; return 1.0 / (1.0 + Math.Exp(-x)); }'],
      ['a constant argument (not what a guard bounds)', 'double F(double x) { if (x < -45) return 0; return 1.0 / (1.0 + Math.Exp(-3.0)); }'],
      ['guard in another function', 'double G(double x) { if (x < -45) return 0; return x; }\ndouble F(double x) { return 1.0 / (1.0 + Math.Exp(-x)); }'],
      ['a lambda\'s own parameter', 'double F(double x) { if (x < -45) return 0; Func<double, double> s = x => 1.0 / (1.0 + Math.Exp(-x)); return s(x * 100); }'],
      ['a case label between', 'double F(double x, int k) { switch (k) { case 0: if (x < -45) return 0; goto case 1; case 1: return 1.0 / (1.0 + Math.Exp(-x)); } return 0; }'],
    ], 'csharp', 'unstable-sigmoid', inClass);
  });

  it('Java: Neuroph-style getOutput and its variants; a field or a reassigned parameter stays reported', () => {
    assertSilent([
      ['else-if blocks', '@Override public double getOutput(double net) {\n  if (net > 100d) {\n    return 1d;\n  } else if (net < -100d) {\n    return 0d;\n  }\n  return 1d / (1d + Math.exp(-net));\n}'],
      ['final local', 'double f(double[] in, int i) { final double v = in[i]; if (v < -45.0) { return 0.0; } return 1.0 / (1.0 + Math.exp(-v)); }'],
      ['labelled loop, continue', 'void f(float[] z) { outer: for (int i = 0; i < z.length; i++) { float v = z[i]; if (v < -60f || v > 60f) continue outer; z[i] = 1f / (1f + (float) Math.exp(-v)); } }'],
    ], 'java', inJavaClass);
    assertReported([
      ['field', 'private double net; public double getOutput() { if (net < -100d) return 0d; return 1d / (1d + Math.exp(-net)); }'],
      ['reassigned parameter', 'double f(double net) { if (net < -100d) return 0d; net *= 10; return 1d / (1d + Math.exp(-net)); }'],
      ['increment', 'double f(double net) { if (net < -100d) return 0d; net--; return 1d / (1d + Math.exp(-net)); }'],
    ], 'java', 'unstable-sigmoid', inJavaClass);
  });

  it('JavaScript and TypeScript: without semicolons, arrows with block bodies, typed locals', () => {
    assertSilent([
      ['no semicolons', 'function logsig(x) {\n  if (x < -45) return 0\n  else if (x > 45) return 1\n  return 1 / (1 + Math.exp(-x))\n}'],
      ['arrow block body', 'const sig = (t) => {\n  if (t < -700) { return 0; }\n  return 1 / (1 + Math.exp(-t));\n};'],
      ['let local', 'function f(xs, i) { let v = xs[i]; if (v <= -50 || v >= 50) return v > 0 ? 1 : 0; return 1 / (1 + Math.exp(-v)); }'],
    ], 'javascript');
    assertSilent([
      ['typed', 'export function logsig(x: number): number {\n  if (x < -45) return 0;\n  if (x > 45) return 1;\n  return 1 / (1 + Math.exp(-x));\n}'],
      ['typed local', 'function f(xs: number[], i: number): number { const v: number = xs[i]!; if (v < -45) throw new RangeError("low"); return 1 / (1 + Math.exp(-v)); }'],
    ], 'typescript');
    assertReported([
      ['no semicolons, the wrong branch', 'function f(x) {\n  if (x > 45) return 1\n  return 1 / (1 + Math.exp(-x))\n}'],
      ['an arrow parameter of the same name after the guard', 'function f(x) { if (x < -45) return 0; const g = (x) => 1 / (1 + Math.exp(-x)); return g(x * 100); }'],
      ['for-of assigns it', 'function f(xs) { let x = 0; if (x < -45) return 0; let s = 0; for (x of xs) s += 1 / (1 + Math.exp(-x)); return s; }'],
      ['global', 'let x = 0; function f() { if (x < -45) return 0; step(); return 1 / (1 + Math.exp(-x)); }'],
    ], 'javascript', 'unstable-sigmoid');
  });

  it('C and C++: float and double limits, and a variable a call may change through a reference or a pointer', () => {
    assertSilent([
      ['float in float32', 'float sig(float x) { if (x < -80.0f) return 0.0f; return 1.0f / (1.0f + expf(-x)); }'],
      ['double', 'double sig(double x) { if (x < -700.0) return 0.0; if (x > 700.0) return 1.0; return 1.0 / (1.0 + exp(-x)); }'],
      ['std::exp, passed by value to a math call', 'double sig(double x) { if (x < -45.0) return 0.0; printf("%f", x); return 1.0 / (1.0 + std::exp(-x)); }'],
    ], 'cpp', inCpp);
    assertReported([
      ['float past float32', 'float sig(float x) { if (x < -100.0f) return 0.0f; return 1.0f / (1.0f + expf(-x)); }'],
      ['address taken', 'double sig(double x) { if (x < -45.0) return 0.0; adjust(&x); return 1.0 / (1.0 + exp(-x)); }'],
      ['maybe a reference argument', 'double sig(double x) { if (x < -45.0) return 0.0; adjust(x); return 1.0 / (1.0 + std::exp(-x)); }'],
      ['a reference local', 'double sig(double y) { double& x = y; if (x < -45.0) return 0.0; y = -1000.0; return 1.0 / (1.0 + std::exp(-x)); }'],
    ], 'cpp', 'unstable-sigmoid', inCpp);
    assertSilent([['C double', '#include <math.h>\ndouble sig(double x) {\n    if (x < -45.0) return 0.0;\n    else if (x > 45.0) return 1.0;\n    return 1.0 / (1.0 + exp(-x));\n}']], 'c');
  });
});
