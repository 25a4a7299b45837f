// The JS/TS/C#/Java softmax max-subtraction fix is offered only where the shift cancels: the exps are used
// solely as the numerators and the denominator of one normalisation. Each withheld case still gets its finding.
// JavaScript and TypeScript fixes are also run: the fixed function equals the original on small inputs and stays
// finite where the original overflows.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText } from '../../../src/core/analysis/index';
import { applyEdits, combineFirstFixes } from '../../../src/extension/fixAll';
import type { Finding, LanguageId } from '../../../src/core/analysis/types';

function softmaxFindings(text: string, language: LanguageId): Finding[] {
  const r = analyzeText(text, language);
  assert.ok(r && r.error === undefined, `${language} analysed`);
  const found = r.findings.filter((f) => f.rule === 'unstable-softmax');
  assert.ok(found.length > 0, `an unstable-softmax finding in:\n${text}`);
  return found;
}

function assertWithheld(text: string, language: LanguageId): void {
  for (const f of softmaxFindings(text, language)) assert.deepEqual(f.fixes, [], `no fix for:\n${text}`);
}

function fixedText(text: string, language: LanguageId): string {
  const found = softmaxFindings(text, language);
  const fix = found[0]!.fixes[0];
  assert.ok(fix, `a fix for:\n${text}`);
  return applyEdits(text, fix.edits);
}

/** Runs `function f(z)` of the original and of the fixed JavaScript: same values where both are finite, finite where the original overflows. */
function assertJsFixKeepsMeaning(text: string, fixed: string): void {
  const run = (source: string, z: number[]): unknown => new Function(`${source}\nreturn f;`)()(z.slice());
  const small = [0.5, -1.25, 2, 3.5];
  const before = JSON.stringify(run(text, small), (_k, v: unknown) => (typeof v === 'number' ? Number(v.toPrecision(12)) : v));
  const after = JSON.stringify(run(fixed, small), (_k, v: unknown) => (typeof v === 'number' ? Number(v.toPrecision(12)) : v));
  assert.equal(after, before, `same values on small inputs:\n${fixed}`);
  const big = run(fixed, [1000, 1001, 999]) as ArrayLike<number>;
  assert.ok(Array.from(big).every((v) => Number.isFinite(v)), `finite after the fix:\n${fixed}`);
  const naive = run(text, [1000, 1001, 999]) as ArrayLike<number>;
  assert.ok(Array.from(naive).some((v) => Number.isNaN(v)), 'the original overflows');
}

describe('JavaScript softmax: the fix is withheld where the shift changes the meaning', () => {
  const cases: Array<[string, string]> = [
    ['the exps are also returned',
      'function f(z) {\n  const e = z.map((v) => Math.exp(v));\n  const s = e.reduce((a, b) => a + b, 0);\n  const probs = e.map((v) => v / s);\n  return { e, probs };\n}\n'],
    ['the exps are also logged',
      'function f(z) {\n  const e = z.map((v) => Math.exp(v));\n  console.log(e);\n  const s = e.reduce((a, b) => a + b, 0);\n  return e.map((v) => v / s);\n}\n'],
    ['the sum is also returned',
      'function f(z) {\n  const e = z.map((v) => Math.exp(v));\n  const s = e.reduce((a, b) => a + b, 0);\n  const probs = e.map((v) => v / s);\n  return [probs, s];\n}\n'],
    ['the sum is used in another computation',
      'function f(z) {\n  const e = z.map((v) => Math.exp(v));\n  const s = e.reduce((a, b) => a + b, 0);\n  const probs = e.map((v) => v / s);\n  const evidence = s * 2;\n  return { probs, evidence };\n}\n'],
    ['the loop\'s exps are kept unnormalised beside the probabilities',
      'function f(z) {\n  const e = new Array(z.length);\n  const y = new Array(z.length);\n  let s = 0;\n  for (let i = 0; i < z.length; i++) {\n    e[i] = Math.exp(z[i]);\n    s += e[i];\n  }\n  for (let i = 0; i < z.length; i++) y[i] = e[i] / s;\n  return { e, y };\n}\n'],
    ['the exps go into a parameter the caller sees, unnormalised',
      'function f(z, e, y) {\n  let s = 0;\n  for (let i = 0; i < z.length; i++) {\n    e[i] = Math.exp(z[i]);\n    s += e[i];\n  }\n  for (let i = 0; i < z.length; i++) y[i] = e[i] / s;\n  return y;\n}\n'],
    ['the sum is accumulated over something else too',
      'function f(z, bias) {\n  const out = new Array(z.length);\n  let s = 0;\n  for (let i = 0; i < z.length; i++) {\n    out[i] = Math.exp(z[i]);\n    s += out[i];\n  }\n  s += bias;\n  for (let i = 0; i < z.length; i++) out[i] /= s;\n  return out;\n}\n'],
    ['the sum does not start at 0',
      'function f(z) {\n  const out = new Array(z.length);\n  let s = 1;\n  for (let i = 0; i < z.length; i++) {\n    out[i] = Math.exp(z[i]);\n    s += out[i];\n  }\n  for (let i = 0; i < z.length; i++) out[i] /= s;\n  return out;\n}\n'],
    ['the exp runs in a nested loop, the sum accumulated across its passes',
      'function f(rows) {\n  const out = new Array(rows[0].length);\n  let s = 0;\n  for (const z of rows) {\n    for (let i = 0; i < z.length; i++) {\n      out[i] = Math.exp(z[i]);\n      s += out[i];\n    }\n  }\n  for (let i = 0; i < out.length; i++) out[i] /= s;\n  return out;\n}\n'],
    ['the collection is reassigned between the maximum and the exps',
      'function f(z, step) {\n  const out = new Array(z.length);\n  let s = 0;\n  for (let i = 0; i < out.length; i++) {\n    z = step(z);\n    out[i] = Math.exp(z[i]);\n    s += out[i];\n  }\n  for (let i = 0; i < out.length; i++) out[i] /= s;\n  return out;\n}\n'],
    ['the collection is written in the loop before the exp',
      'function f(z) {\n  const out = new Array(z.length);\n  let s = 0;\n  for (let i = 0; i < z.length; i++) {\n    z[i] = z[i] * 2;\n    out[i] = Math.exp(z[i]);\n    s += out[i];\n  }\n  for (let i = 0; i < z.length; i++) out[i] /= s;\n  return out;\n}\n'],
    ['two loops, the sum also returned',
      'function f(z) {\n  const y = new Array(z.length);\n  let s = 0;\n  for (let i = 0; i < z.length; i++) {\n    s += Math.exp(z[i]);\n  }\n  for (let i = 0; i < z.length; i++) {\n    y[i] = Math.exp(z[i]) / s;\n  }\n  return [y, s];\n}\n'],
    ['two loops, an exp kept unnormalised',
      'function f(z) {\n  const e = new Array(z.length);\n  const y = new Array(z.length);\n  let s = 0;\n  for (let i = 0; i < z.length; i++) s += Math.exp(z[i]);\n  for (let i = 0; i < z.length; i++) {\n    e[i] = Math.exp(z[i]);\n    y[i] = Math.exp(z[i]) / s;\n  }\n  return { e, y };\n}\n'],
    ['a second exp of the collection would stay unshifted',
      'function f(z) {\n  const s = z.reduce((a, v) => a + Math.exp(v), 0);\n  return z.map((v) => Math.exp(v) / s);\n}\n'],
  ];
  for (const [name, text] of cases) it(name, () => assertWithheld(text, 'javascript'));
});

describe('JavaScript and TypeScript softmax: the fix is still offered, and keeps the values', () => {
  const cases: Array<[string, string, LanguageId]> = [
    ['map, reduce, map', 'function f(z) {\n  const e = z.map((v) => Math.exp(v));\n  const s = e.reduce((a, b) => a + b, 0);\n  return e.map((v) => v / s);\n}\n', 'javascript'],
    ['a loop normalising in place, the result then returned',
      'function f(z) {\n  const out = new Array(z.length);\n  let sum = 0;\n  for (let i = 0; i < z.length; i++) {\n    out[i] = Math.exp(z[i]);\n    sum += out[i];\n  }\n  for (let i = 0; i < z.length; i++) out[i] /= sum;\n  return out;\n}\n', 'javascript'],
    ['a loop dividing into another array',
      'function f(z) {\n  const e = [];\n  const y = [];\n  let s = 0;\n  for (let i = 0; i < z.length; i++) {\n    e[i] = Math.exp(z[i]);\n    s += e[i];\n  }\n  for (let i = 0; i < z.length; i++) y[i] = e[i] / s;\n  return y;\n}\n', 'javascript'],
    ['the collection itself normalised in place',
      'function f(z) {\n  let total = 0;\n  for (let i = 0; i < z.length; i++) {\n    z[i] = Math.exp(z[i]);\n    total += z[i];\n  }\n  for (let i = 0; i < z.length; i++) z[i] /= total;\n  return z;\n}\n', 'javascript'],
    ['two loops: the sum of exps, then each exp divided by it (braceless)',
      'function f(z) {\n  const y = new Array(z.length);\n  let sum = 0;\n  for (let i = 0; i < z.length; i++) sum += Math.exp(z[i]);\n  for (let i = 0; i < z.length; i++) y[i] = Math.exp(z[i]) / sum;\n  return y;\n}\n', 'javascript'],
    ['two braced loops',
      'function f(z) {\n  const y = new Array(z.length);\n  let sum = 0;\n  for (let i = 0; i < z.length; i++) {\n    sum += Math.exp(z[i]);\n  }\n  for (let i = 0; i < z.length; i++) {\n    y[i] = Math.exp(z[i]) / sum;\n  }\n  return y;\n}\n', 'javascript'],
    ['map, reduce, map per row inside a loop (the maximum is taken in the same pass)',
      'function f(z) {\n  const rows = [z, z.map((v) => v / 2)];\n  const out = [];\n  for (const row of rows) {\n    const e = row.map((v) => Math.exp(v));\n    const s = e.reduce((a, b) => a + b, 0);\n    const p = e.map((v) => v / s);\n    out.push(...p);\n  }\n  return out;\n}\n', 'javascript'],
    ['TypeScript annotations',
      'function f(z: number[]): number[] {\n  const exps: number[] = z.map((v: number): number => Math.exp(v));\n  const total = exps.reduce((a: number, b: number) => a + b, 0);\n  return exps.map((x) => x / total);\n}\n', 'typescript'],
    ['TypeScript non-null assertions',
      'function f(z: Float64Array): Float64Array {\n  const out = new Float64Array(z.length);\n  let sum = 0;\n  for (let i = 0; i < z.length; i++) {\n    out[i] = Math.exp(z[i]!);\n    sum += out[i]!;\n  }\n  for (let i = 0; i < out.length; i++) out[i]! /= sum;\n  return out;\n}\n', 'typescript'],
  ];
  for (const [name, text, language] of cases) {
    it(name, () => {
      const fixed = fixedText(text, language);
      assert.match(fixed, /(z|row)Max/);
      if (language === 'javascript') assertJsFixKeepsMeaning(text, fixed);
    });
  }
});

describe('two-loop softmax: one fix shifting every exp', () => {
  it('both findings carry the same edits, which "fix all" applies once', () => {
    const text = 'function f(z) {\n  const y = new Array(z.length);\n  let sum = 0;\n  for (let i = 0; i < z.length; i++) sum += Math.exp(z[i]);\n  for (let i = 0; i < z.length; i++) y[i] = Math.exp(z[i]) / sum;\n  return y;\n}\n';
    const found = softmaxFindings(text, 'javascript');
    assert.equal(found.length, 2);
    assert.deepEqual(found[0]!.fixes[0]!.edits, found[1]!.fixes[0]!.edits);
    const all = combineFirstFixes(found);
    assert.equal(all.deferred.length, 0);
    const fixed = applyEdits(text, all.edits);
    assert.equal((fixed.match(/const zMax/g) ?? []).length, 1);
    assert.equal((fixed.match(/z\[i\] - zMax/g) ?? []).length, 2);
    assertJsFixKeepsMeaning(text, fixed);
  });

  it('C# and Java two-loop forms', () => {
    const cs = 'using System;\nclass A {\n  static double[] F(double[] z) {\n    var y = new double[z.Length];\n    double s = 0.0;\n    for (int i = 0; i < z.Length; i++) s += Math.Exp(z[i]);\n    for (int i = 0; i < z.Length; i++) y[i] = Math.Exp(z[i]) / s;\n    return y;\n  }\n}\n';
    assert.equal((fixedText(cs, 'csharp').match(/z\[i\] - zMax/g) ?? []).length, 2);
    const java = 'class A {\n  double[] f(double[] z) {\n    double[] y = new double[z.length];\n    double s = 0;\n    for (int i = 0; i < z.length; i++) s += Math.exp(z[i]);\n    for (int i = 0; i < z.length; i++) y[i] = Math.exp(z[i]) / s;\n    return y;\n  }\n}\n';
    assert.equal((fixedText(java, 'java').match(/z\[i\] - zMax/g) ?? []).length, 2);
    assertWithheld(java.replace('return y;', 'this.partition = s;\n    return y;'), 'java');
  });
});

describe('C# and Java softmax', () => {
  it('C#: Select/Sum/Select and the in-place loop keep their fix', () => {
    const linq = 'using System;\nusing System.Linq;\nclass A {\n  static double[] F(double[] z) {\n    var e = z.Select(v => Math.Exp(v)).ToArray();\n    double s = e.Sum();\n    return e.Select(x => x / s).ToArray();\n  }\n}\n';
    assert.match(fixedText(linq, 'csharp'), /zMax/);
    const loop = 'using System;\nclass A {\n  static double[] F(double[] z) {\n    var r = new double[z.Length];\n    double t = 0;\n    for (int i = 0; i < z.Length; i++)\n    {\n      r[i] = Math.Exp(z[i]);\n      t += r[i];\n    }\n    for (int i = 0; i < r.Length; i++) r[i] /= t;\n    return r;\n  }\n}\n';
    assert.match(fixedText(loop, 'csharp'), /z\[i\] - zMax/);
  });

  it('C#: no fix where the exps or the sum are also used', () => {
    assertWithheld('using System;\nusing System.Linq;\nclass A {\n  double[] last;\n  double[] F(double[] z) {\n    var e = z.Select(v => Math.Exp(v)).ToArray();\n    double s = e.Sum();\n    last = e;\n    return e.Select(x => x / s).ToArray();\n  }\n}\n', 'csharp');
    assertWithheld('using System;\nusing System.Linq;\nclass A {\n  double[] F(double[] z, out double partition) {\n    var e = z.Select(v => Math.Exp(v)).ToArray();\n    double s = e.Sum();\n    partition = s;\n    return e.Select(x => x / s).ToArray();\n  }\n}\n', 'csharp');
  });

  it('Java: the loop with a cast keeps its fix', () => {
    const loop = 'class A {\n  float[] f(float[] z) {\n    float[] p = new float[z.length];\n    float sum = 0f;\n    for (int i = 0; i < z.length; i++) {\n      p[i] = (float) Math.exp(z[i]);\n      sum += p[i];\n    }\n    for (int i = 0; i < z.length; i++) {\n      p[i] /= sum;\n    }\n    return p;\n  }\n}\n';
    assert.match(fixedText(loop, 'java'), /z\[i\] - zMax/);
  });

  it('Java: no fix where the exps are kept or the sum is returned', () => {
    assertWithheld('class A {\n  double[] raw;\n  double[] f(double[] z) {\n    double[] e = new double[z.length];\n    double[] p = new double[z.length];\n    double sum = 0;\n    for (int i = 0; i < z.length; i++) {\n      e[i] = Math.exp(z[i]);\n      sum += e[i];\n    }\n    for (int i = 0; i < z.length; i++) p[i] = e[i] / sum;\n    raw = e;\n    return p;\n  }\n}\n', 'java');
    assertWithheld('class A {\n  double f(double[] z, double[] p) {\n    double[] e = new double[z.length];\n    double sum = 0;\n    for (int i = 0; i < z.length; i++) {\n      e[i] = Math.exp(z[i]);\n      sum += e[i];\n    }\n    for (int i = 0; i < z.length; i++) p[i] = e[i] / sum;\n    return sum;\n  }\n}\n', 'java');
  });
});
