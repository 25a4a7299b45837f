// Proof that the C-family fixes keep the meaning, on the real toolchains: for each language, one program
// holds every unstable snippet as a function of x; the analysis finds each one, its first fix is applied
// (all fixes combined as "Fix all" does), and the original and fixed programs are compiled and run together
// over a grid of x including ±1000 (±100 for float). The fixed form must agree with the math core to within
// a few ulp wherever the true value is finite, and never be NaN or infinite there.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import ts from 'typescript';
import Decimal from 'decimal.js';
import { getActivation } from '../../../src/core/math/catalog';
import type { ActivationId, Dtype } from '../../../src/core/math/types';
import type { LanguageId, RuleId } from '../../../src/core/analysis/types';
import { analyzeCFamilyText } from '../../../src/core/analysis/languages/cfamilyLanguages';
import { applyEdits, combineFirstFixes } from '../../../src/extension/fixAll';
import { ensureToolchain, parsePrinted, runProgram, ulpDistance, type ToolchainId } from '../../support/toolchains';

/** Largest ulp distance from the math core accepted for a fixed form. */
const MAX_ULP = 4;

const GRID64 = [-1000, -745.2, -745, -710, -709.79, -709.78, -700, -100, -88.8, -88.7, -40, -37, -20, -5, -1, -0.5, -1e-10, -0, 0,
  1e-10, 0.5, 1, 5, 20, 37, 40, 88.7, 88.8, 100, 700, 709.78, 709.79, 710, 745, 1000];
const GRID32 = [-100, -88.8, -88.7, -87.3, -50, -20, -17, -5, -1, -0.5, -1e-6, 0, 1e-6, 0.5, 1, 5, 17, 20, 50, 87.3, 88.7, 88.8, 100];

interface ProofCase {
  /** The unstable expression of x as the language writes it. */
  readonly expr: string;
  readonly rule: RuleId;
  readonly activation: ActivationId;
  /** The argument the activation is applied to, as a function of x (`x * 2` for a compound argument). */
  readonly scale?: number;
  readonly dtype?: Dtype;
}

interface LanguageProof {
  readonly toolchain: ToolchainId;
  readonly language: LanguageId;
  readonly cases: readonly ProofCase[];
  /** The source holding each case as a function; `offsets[k]` is where case k's expression starts. */
  source(cases: readonly ProofCase[]): { text: string; offsets: number[] };
  /** The files of the combined program printing `k i original fixed` per line, and its entry. */
  program(original: string, fixed: string, cases: readonly ProofCase[]): { files: Record<string, string>; main: string };
}

function truth(c: ProofCase, x: number): number {
  const dtype = c.dtype ?? 'float64';
  const input = dtype === 'float32' ? Math.fround(x) : x;
  const v = getActivation(c.activation).value(input * (c.scale ?? 1));
  return dtype === 'float32' ? Math.fround(v) : v;
}

function gridFor(c: ProofCase): number[] {
  return c.dtype === 'float32' ? GRID32 : GRID64;
}

/** Lays out cases one per function: `header`, then `fn(k, type, expr)` for each, then `footer`. */
function layout(cases: readonly ProofCase[], header: string, fn: (k: number, type: string) => [string, string], footer: string): { text: string; offsets: number[] } {
  let text = header;
  const offsets: number[] = [];
  cases.forEach((c, k) => {
    const [before, after] = fn(k, c.dtype === 'float32' ? 'float' : 'double');
    text += before;
    offsets.push(text.length);
    text += c.expr + after;
  });
  return { text: text + footer, offsets };
}

const literalList = (xs: readonly number[], suffix = ''): string => xs.map((x) => (Object.is(x, -0) ? `-0.0${suffix}` : `${x}${Number.isInteger(x) ? '.0' : ''}${suffix}`)).join(', ');

const CSHARP_PROOF: LanguageProof = {
  toolchain: 'csharp',
  language: 'csharp',
  cases: [
    { expr: '1.0 / (1.0 + Math.Exp(-x))', rule: 'unstable-sigmoid', activation: 'sigmoid' },
    { expr: '1.0 / (1.0 + Math.Exp(-(x * 2.0)))', rule: 'unstable-sigmoid', activation: 'sigmoid', scale: 2 },
    { expr: 'Math.Exp(x) / (1 + Math.Exp(x))', rule: 'unstable-sigmoid', activation: 'sigmoid' },
    { expr: '1 / (1 + Exp(-x))', rule: 'unstable-sigmoid', activation: 'sigmoid' },
    { expr: '1.0 / (1.0 + Math.Pow(Math.E, -x))', rule: 'unstable-sigmoid', activation: 'sigmoid' },
    { expr: '1f / (1f + MathF.Exp(-x))', rule: 'unstable-sigmoid', activation: 'sigmoid', dtype: 'float32' },
    { expr: '1f / (1f + MathF.Exp(-(x * 2f)))', rule: 'unstable-sigmoid', activation: 'sigmoid', scale: 2, dtype: 'float32' },
    { expr: '(float)(1.0 / (1.0 + Math.Exp(-2.0 * x)))', rule: 'unstable-sigmoid', activation: 'sigmoid', scale: 2, dtype: 'float32' },
    { expr: 'Math.Log(1 + Math.Exp(x))', rule: 'unstable-softplus', activation: 'softplus' },
    { expr: 'MathF.Log(1f + MathF.Exp(x))', rule: 'unstable-softplus', activation: 'softplus', dtype: 'float32' },
    { expr: 'Math.Log(1.0 / (1.0 + Math.Exp(-x)))', rule: 'unstable-log-sigmoid', activation: 'log_sigmoid' },
    { expr: '(Math.Exp(x) - Math.Exp(-x)) / (Math.Exp(x) + Math.Exp(-x))', rule: 'unstable-tanh', activation: 'tanh' },
    { expr: '(Math.Exp(x) - 1) / (Math.Exp(x) + 1)', rule: 'unstable-tanh', activation: 'tanh', scale: 0.5 },
    { expr: '(MathF.Exp(x + x) - 1f) / (MathF.Exp(x + x) + 1f)', rule: 'unstable-tanh', activation: 'tanh', dtype: 'float32' },
    // Through the class's Func<double, double> Sigmoid field (a sigmoid definition; its own form is fixed too).
    { expr: 'Math.Log(Sigmoid(x))', rule: 'unstable-log-sigmoid', activation: 'log_sigmoid' },
    { expr: 'Log(1.0 - Sigmoid(x))', rule: 'unstable-log-sigmoid', activation: 'log_sigmoid', scale: -1 },
    { expr: 'Log(1 + Exp(x))', rule: 'unstable-softplus', activation: 'softplus' },
    { expr: '(Exp(x) - Exp(-x)) / (Exp(x) + Exp(-x))', rule: 'unstable-tanh', activation: 'tanh' },
  ],
  // A field named Exp hides nothing from an invocation (C# looks only at invocable members): the bare Exp forms stay Math's.
  source: (cases) => layout(cases, 'using System;\nusing static System.Math;\n\npublic static class Orig\n{\n'
    + '    public static Func<double, double> Sigmoid = z => 1.0 / (1.0 + Math.Exp(-z));\n'
    + '    public static int Exp = 0;\n',
    (k, type) => [`    public static ${type} Case${k}(${type} x)\n    {\n        return `, ';\n    }\n'], '}\n'),
  program(original, fixed, cases) {
    const calls = cases.map((c, k) => {
      const f = c.dtype === 'float32';
      const xs = f ? `new float[] { ${literalList(gridFor(c), 'f')} }` : `new double[] { ${literalList(gridFor(c))} }`;
      return `        { var xs = ${xs}; for (int i = 0; i < xs.Length; i++) Console.WriteLine("${k}\\t" + i + "\\t" + ${f ? 'F' : 'D'}(Orig.Case${k}(xs[i])) + "\\t" + ${f ? 'F' : 'D'}(Fixed.Case${k}(xs[i]))); }`;
    });
    const main = `using System;\nusing System.Globalization;\npublic static class ProofMain\n{\n`
      + `    static string D(double v) { return double.IsNaN(v) ? "NaN" : double.IsPositiveInfinity(v) ? "Infinity" : double.IsNegativeInfinity(v) ? "-Infinity" : v.ToString("G17", CultureInfo.InvariantCulture); }\n`
      + `    static string F(float v) { return float.IsNaN(v) ? "NaN" : float.IsPositiveInfinity(v) ? "Infinity" : float.IsNegativeInfinity(v) ? "-Infinity" : v.ToString("G9", CultureInfo.InvariantCulture); }\n`
      + `    public static void Main()\n    {\n${calls.join('\n')}\n    }\n}\n`;
    return { files: { 'Orig.cs': original, 'Fixed.cs': fixed.replace('public static class Orig', 'public static class Fixed'), 'Main.cs': main }, main: 'Main.cs' };
  },
};

const JAVA_PROOF: LanguageProof = {
  toolchain: 'java',
  language: 'java',
  cases: [
    { expr: '1.0 / (1.0 + Math.exp(-x))', rule: 'unstable-sigmoid', activation: 'sigmoid' },
    { expr: '1.0 / (1.0 + Math.exp(-(2.0 * x)))', rule: 'unstable-sigmoid', activation: 'sigmoid', scale: 2 },
    { expr: 'Math.exp(x) / (Math.exp(x) + 1)', rule: 'unstable-sigmoid', activation: 'sigmoid' },
    { expr: '1 / (1 + Math.pow(Math.E, -x))', rule: 'unstable-sigmoid', activation: 'sigmoid' },
    { expr: '1.0 / (1.0 + StrictMath.exp(-x))', rule: 'unstable-sigmoid', activation: 'sigmoid' },
    { expr: 'Math.log(1 + Math.exp(x))', rule: 'unstable-softplus', activation: 'softplus' },
    { expr: 'Math.log1p(Math.exp(x * 2.0))', rule: 'unstable-softplus', activation: 'softplus', scale: 2 },
    { expr: 'Math.log(1.0 / (1.0 + Math.exp(-x)))', rule: 'unstable-log-sigmoid', activation: 'log_sigmoid' },
    { expr: '(Math.exp(x) - Math.exp(-x)) / (Math.exp(x) + Math.exp(-x))', rule: 'unstable-tanh', activation: 'tanh' },
    { expr: '(Math.exp(x) - 1) / (Math.exp(x) + 1)', rule: 'unstable-tanh', activation: 'tanh', scale: 0.5 },
    // Through the class's DoubleUnaryOperator sigmoid field (a sigmoid definition; its own form is fixed too).
    { expr: 'Math.log(sigmoid.applyAsDouble(x))', rule: 'unstable-log-sigmoid', activation: 'log_sigmoid' },
    { expr: 'Math.log(1 - sigmoid.applyAsDouble(x))', rule: 'unstable-log-sigmoid', activation: 'log_sigmoid', scale: -1 },
    // Bare exp after the static import, in a class whose field is also named exp (Java keeps methods and fields apart).
    { expr: '1.0 / (1.0 + exp(-x))', rule: 'unstable-sigmoid', activation: 'sigmoid' },
    { expr: 'log(1 + exp(x))', rule: 'unstable-softplus', activation: 'softplus' },
    { expr: 'log(1.0 / (1.0 + exp(-x)))', rule: 'unstable-log-sigmoid', activation: 'log_sigmoid' },
    { expr: '(exp(x) - exp(-x)) / (exp(x) + exp(-x))', rule: 'unstable-tanh', activation: 'tanh' },
  ],
  source: (cases) => layout(cases, 'import static java.lang.Math.*;\n\npublic class Orig {\n'
    + '    static final java.util.function.DoubleUnaryOperator sigmoid = z -> 1.0 / (1.0 + Math.exp(-z));\n'
    + '    static int exp = 0;\n',
    (k, type) => [`    public static ${type} case${k}(${type} x) {\n        return `, ';\n    }\n'], '}\n'),
  program(original, fixed, cases) {
    const calls = cases.map((c, k) => `        { double[] xs = { ${literalList(gridFor(c))} }; for (int i = 0; i < xs.length; i++) System.out.println("${k}\\t" + i + "\\t" + Orig.case${k}(xs[i]) + "\\t" + Fixed.case${k}(xs[i])); }`);
    const main = `public class ProofMain {\n    public static void main(String[] args) {\n${calls.join('\n')}\n    }\n}\n`;
    return { files: { 'Orig.java': original, 'Fixed.java': fixed.replace('public class Orig', 'public class Fixed'), 'ProofMain.java': main }, main: 'ProofMain' };
  },
};

function cLikeProof(toolchain: 'cpp' | 'c', cases: ProofCase[]): LanguageProof {
  const ext = toolchain === 'cpp' ? 'cpp' : 'c';
  const header = toolchain === 'cpp' ? '#include <cmath>\n#include <algorithm>\n\n' : '#include <math.h>\n\n';
  return {
    toolchain,
    language: toolchain,
    cases,
    source: (cs) => layout(cs, header, (k, type) => [`${type} orig_${k}(${type} x)\n{\n    return `, ';\n}\n\n'], ''),
    program(original, fixed, cs) {
      const decls = cs.map((c, k) => {
        const type = c.dtype === 'float32' ? 'float' : 'double';
        return `${type} orig_${k}(${type});\n${type} fixed_${k}(${type});`;
      });
      const calls = cs.map((c, k) => {
        const type = c.dtype === 'float32' ? 'float' : 'double';
        const suffix = c.dtype === 'float32' ? 'f' : '';
        const digits = c.dtype === 'float32' ? 9 : 17;
        return `    { ${type} xs[] = { ${literalList(gridFor(c), suffix)} }; for (int i = 0; i < (int)(sizeof xs / sizeof xs[0]); i++) printf("${k}\\t%d\\t%.${digits}g\\t%.${digits}g\\n", i, (double)orig_${k}(xs[i]), (double)fixed_${k}(xs[i])); }`;
      });
      const main = `#include <stdio.h>\n${decls.join('\n')}\nint main(void)\n{\n${calls.join('\n')}\n    return 0;\n}\n`;
      // The fixed unit's functions are renamed; a static helper keeps its name (it is local to its unit).
      return { files: { [`orig.${ext}`]: toolchain === 'cpp' ? wrapExternC(original) : original, [`fixed.${ext}`]: toolchain === 'cpp' ? wrapExternC(fixed.replace(/\borig_(\d+)/g, 'fixed_$1')) : fixed.replace(/\borig_(\d+)/g, 'fixed_$1'), [`main.${ext}`]: toolchain === 'cpp' ? main.replace('#include <stdio.h>\n', '#include <stdio.h>\nextern "C" {\n').replace('\nint main', '\n}\nint main') : main }, main: `main.${ext}` };
    },
  };
}

/** C linkage for the case functions so main's declarations match them whatever the types are named. */
function wrapExternC(source: string): string {
  const lastInclude = source.lastIndexOf('#include');
  const lineEnd = source.indexOf('\n', lastInclude) + 1;
  return `${source.slice(0, lineEnd)}extern "C" {\n${source.slice(lineEnd)}\n}\n`;
}

const CPP_PROOF = cLikeProof('cpp', [
  { expr: '1.0 / (1.0 + std::exp(-x))', rule: 'unstable-sigmoid', activation: 'sigmoid' },
  { expr: '1.0 / (1.0 + std::exp(-(x * 2.0)))', rule: 'unstable-sigmoid', activation: 'sigmoid', scale: 2 },
  { expr: 'exp(x) / (1 + exp(x))', rule: 'unstable-sigmoid', activation: 'sigmoid' },
  { expr: '1.0 / (1.0 + std::exp(x))', rule: 'unstable-sigmoid', activation: 'sigmoid', scale: -1 },
  { expr: '1.0f / (1.0f + expf(-x))', rule: 'unstable-sigmoid', activation: 'sigmoid', dtype: 'float32' },
  { expr: '1.0f / (1.0f + std::exp(-(x * 2.0f)))', rule: 'unstable-sigmoid', activation: 'sigmoid', scale: 2, dtype: 'float32' },
  { expr: 'std::log(1.0 + std::exp(x))', rule: 'unstable-softplus', activation: 'softplus' },
  { expr: 'logf(1.0f + expf(x * 2.0f))', rule: 'unstable-softplus', activation: 'softplus', scale: 2, dtype: 'float32' },
  { expr: 'std::log(1.0 / (1.0 + std::exp(-x)))', rule: 'unstable-log-sigmoid', activation: 'log_sigmoid' },
  { expr: '(std::exp(x) - std::exp(-x)) / (std::exp(x) + std::exp(-x))', rule: 'unstable-tanh', activation: 'tanh' },
  { expr: '(std::exp(x) - 1.0) / (std::exp(x) + 1.0)', rule: 'unstable-tanh', activation: 'tanh', scale: 0.5 },
  { expr: '(expf(3.0f * x) - 1.0f) / (expf(3.0f * x) + 1.0f)', rule: 'unstable-tanh', activation: 'tanh', scale: 1.5, dtype: 'float32' },
  { expr: '(1.0 - std::exp(-(2.0 * x))) / (std::exp(-(2.0 * x)) + 1.0)', rule: 'unstable-tanh', activation: 'tanh' },
]);

const C_PROOF = cLikeProof('c', [
  { expr: '1.0 / (1.0 + exp(-x))', rule: 'unstable-sigmoid', activation: 'sigmoid' },
  { expr: '1.0 / (1.0 + exp(-(x * 2.0)))', rule: 'unstable-sigmoid', activation: 'sigmoid', scale: 2 },
  { expr: '1.0f / (1.0f + expf(-(2.0f * x)))', rule: 'unstable-sigmoid', activation: 'sigmoid', scale: 2, dtype: 'float32' },
  { expr: 'log(1.0 + exp(x))', rule: 'unstable-softplus', activation: 'softplus' },
  { expr: 'log(1 + exp(2.0 * x))', rule: 'unstable-softplus', activation: 'softplus', scale: 2 },
  { expr: 'log(1.0 / (1.0 + exp(-x)))', rule: 'unstable-log-sigmoid', activation: 'log_sigmoid' },
  { expr: '(1.0 - exp(-2.0 * x)) / (1.0 + exp(-2.0 * x))', rule: 'unstable-tanh', activation: 'tanh' },
  { expr: '(1.0f - expf(-2.0f * x)) / (1.0f + expf(-2.0f * x))', rule: 'unstable-tanh', activation: 'tanh', dtype: 'float32' },
]);

const JS_CASES: ProofCase[] = [
  { expr: '1 / (1 + Math.exp(-x))', rule: 'unstable-sigmoid', activation: 'sigmoid' },
  { expr: '1 / (1 + Math.exp(-(x * 2)))', rule: 'unstable-sigmoid', activation: 'sigmoid', scale: 2 },
  { expr: 'Math.exp(x) / (1 + Math.exp(x))', rule: 'unstable-sigmoid', activation: 'sigmoid' },
  { expr: '1 / (1 + Math.pow(Math.E, -x))', rule: 'unstable-sigmoid', activation: 'sigmoid' },
  { expr: '(1 + Math.exp(-x)) ** -1', rule: 'unstable-sigmoid', activation: 'sigmoid' },
  { expr: '1 / (1 + Math.exp(-2 * x))', rule: 'unstable-sigmoid', activation: 'sigmoid', scale: 2 },
  { expr: '1 / (1 + Math.exp(x))', rule: 'unstable-sigmoid', activation: 'sigmoid', scale: -1 },
  { expr: 'Math.log(1 + Math.exp(x))', rule: 'unstable-softplus', activation: 'softplus' },
  { expr: 'Math.log1p(Math.exp(2 * x))', rule: 'unstable-softplus', activation: 'softplus', scale: 2 },
  { expr: 'Math.log(1 / (1 + Math.exp(-x)))', rule: 'unstable-log-sigmoid', activation: 'log_sigmoid' },
  { expr: 'Math.log(1 / (1 + Math.exp(-(x * 2))))', rule: 'unstable-log-sigmoid', activation: 'log_sigmoid', scale: 2 },
  { expr: '(Math.exp(x) - Math.exp(-x)) / (Math.exp(x) + Math.exp(-x))', rule: 'unstable-tanh', activation: 'tanh' },
  { expr: '(Math.exp(2 * x) - 1) / (1 + Math.exp(2 * x))', rule: 'unstable-tanh', activation: 'tanh' },
  { expr: '(Math.exp(2 * 3 * x) - 1) / (Math.exp(2 * 3 * x) + 1)', rule: 'unstable-tanh', activation: 'tanh', scale: 3 },
  // (exp(u) - 1) / (exp(u) + 1) for any u is tanh(u / 2).
  { expr: '(Math.exp(x) - 1) / (Math.exp(x) + 1)', rule: 'unstable-tanh', activation: 'tanh', scale: 0.5 },
  { expr: '(Math.exp(3 * x) - 1) / (1 + Math.exp(3 * x))', rule: 'unstable-tanh', activation: 'tanh', scale: 1.5 },
  { expr: '(Math.exp(x + x / 2) - 1) / (Math.exp(x + x / 2) + 1)', rule: 'unstable-tanh', activation: 'tanh', scale: 0.75 },
  // The bare names JS_HEADER takes out of Math.
  { expr: '1 / (1 + exp(-x))', rule: 'unstable-sigmoid', activation: 'sigmoid' },
  { expr: '1 / (1 + exp(-(x * 2)))', rule: 'unstable-sigmoid', activation: 'sigmoid', scale: 2 },
  { expr: 'log(1 + exp(x))', rule: 'unstable-softplus', activation: 'softplus' },
  { expr: 'log1p(exp(x))', rule: 'unstable-softplus', activation: 'softplus' },
  { expr: 'log(1 / (1 + exp(-x)))', rule: 'unstable-log-sigmoid', activation: 'log_sigmoid' },
  { expr: '(exp(x) - exp(-x)) / (exp(x) + exp(-x))', rule: 'unstable-tanh', activation: 'tanh' },
  { expr: '(exp(-x) - 1) / (exp(-x) + 1)', rule: 'unstable-tanh', activation: 'tanh', scale: -0.5 },
];

/** `var` so that the original and the fixed program, run as one script, may both declare it. */
const JS_HEADER = 'var { exp, log, log1p } = Math;\n\n';

function jsProof(language: 'javascript' | 'typescript'): LanguageProof {
  const typed = language === 'typescript';
  return {
    toolchain: 'node',
    language,
    cases: JS_CASES,
    source: (cs) => layout(cs, JS_HEADER, (k) => [typed ? `export function orig_${k}(x: number): number {\n  return ` : `function orig_${k}(x) {\n  return `, ';\n}\n\n'], ''),
    program(original, fixed, cs) {
      let body = `${original}\n${fixed.replace(/\borig_(\d+)/g, 'fixed_$1')}\n`;
      if (typed) {
        typeCheckStrict(fixed);
        body = ts.transpileModule(body, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS } }).outputText;
      }
      const calls = cs.map((c, k) => `for (const [i, x] of [${gridFor(c).map((x) => (Object.is(x, -0) ? '-0' : String(x))).join(', ')}].entries()) console.log(\`${k}\\t\${i}\\t\${orig_${k}(x)}\\t\${fixed_${k}(x)}\`);`);
      return { files: { 'proof.js': `${body}\n${calls.join('\n')}\n` }, main: 'proof.js' };
    },
  };
}

/** The fixed TypeScript must type-check under `strict` (an IIFE's parameter is typed from its argument). */
function typeCheckStrict(source: string): void {
  const file = 'fixed.ts';
  const options: ts.CompilerOptions = { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, lib: ['lib.es2022.d.ts'], types: [] };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (name) => (name === file ? source : readFile(name));
  host.fileExists = (name) => name === file || ts.sys.fileExists(name);
  host.getSourceFile = (name, version) => (name === file ? ts.createSourceFile(file, source, version) : getSourceFile(name, version));
  const program = ts.createProgram([file], options, host);
  const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  assert.deepEqual(diagnostics, [], `fixed TypeScript does not type-check:\n${source}`);
}

const PROOFS: readonly LanguageProof[] = [jsProof('javascript'), jsProof('typescript'), CSHARP_PROOF, JAVA_PROOF, CPP_PROOF, C_PROOF];

describe('C-family fixes, proven on the real toolchains', () => {
  for (const proof of PROOFS) {
    const status = ensureToolchain(proof.toolchain);
    it(`${proof.language}: every unstable snippet is found, fixed, re-parsed, and agrees with the math core`, { skip: status.available ? false : `skipped: ${status.reason}` }, () => {
      const { text, offsets } = proof.source(proof.cases);
      const result = analyzeCFamilyText(text, proof.language);
      proof.cases.forEach((c, k) => {
        const start = offsets[k]!;
        // The form itself is flagged: the whole snippet, or the part inside a cast (`(float)(...)`).
        const finding = result.findings.find((f) => f.rule === c.rule && f.span.start >= start && f.span.end <= start + c.expr.length
          && f.span.end - f.span.start >= c.expr.replace(/^\((float|double)\)\(/, '').length - 1);
        assert.ok(finding, `${proof.language} case ${k}: no ${c.rule} finding for ${c.expr}; got ${JSON.stringify(result.findings.map((f) => [f.rule, text.slice(f.span.start, f.span.end)]))}`);
        assert.ok(finding.fixes.length > 0, `${proof.language} case ${k}: ${c.expr} has no fix`);
      });
      // "Fix all" as the editor does it: fixes that clash (two helpers added at one place) wait for the next round.
      let fixed = text;
      let pending = result.findings.filter((f) => f.severity === 'warning');
      for (let round = 0; round < 8 && pending.length > 0; round++) {
        const combined = combineFirstFixes(pending);
        assert.ok(combined.fixed.length > 0, 'each round fixes something');
        fixed = applyEdits(fixed, combined.edits);
        pending = analyzeCFamilyText(fixed, proof.language).findings.filter((f) => f.severity === 'warning');
      }
      // The fixed text is clean: no stability warning is left.
      const again = pending;
      assert.deepEqual(again.map((f) => [f.rule, fixed.slice(f.span.start, f.span.end)]), [], `fixed ${proof.language} still has findings:\n${fixed}`);

      const { files, main } = proof.program(text, fixed, proof.cases);
      const run = runProgram(proof.toolchain, files, main);
      assert.ok(run.ok, `${proof.language} program failed:\n${run.error}\n--- fixed source ---\n${fixed}`);
      const lines = run.stdout.trim().split('\n').map((l) => l.split('\t'));
      let worst = 0;
      const seen = new Set<number>();
      for (const [kText, iText, origText, fixedText] of lines) {
        const k = Number(kText);
        const c = proof.cases[k]!;
        const x = gridFor(c)[Number(iText)]!;
        const dtype = c.dtype ?? 'float64';
        const expected = truth(c, x);
        const fixedValue = parsePrinted(fixedText!);
        const originalValue = parsePrinted(origText!);
        seen.add(k);
        if (!Number.isFinite(expected)) continue;
        assert.ok(Number.isFinite(fixedValue), `${proof.language} case ${k} (${c.expr}) at x=${x}: fixed gives ${fixedText}, true value ${expected}`);
        const d = ulpDistance(fixedValue, expected, dtype);
        worst = Math.max(worst, d);
        assert.ok(d <= MAX_ULP, `${proof.language} case ${k} (${c.expr}) at x=${x}: fixed ${fixedValue} vs math core ${expected}: ${d} ulp (original ${originalValue})`);
      }
      assert.equal(seen.size, proof.cases.length, 'every case printed its grid');
      console.log(`  ${proof.language}: ${proof.cases.length} forms × grid, worst ${worst} ulp from the math core (limit ${MAX_ULP})`);
    });
  }
});

// Softmax loops: the max-subtraction fix, run on vectors whose naive exps overflow (elements ≥ 710) or all
// underflow (≤ -746), against softmax computed with 60 significant digits (decimal.js).
const VECTORS: readonly (readonly number[])[] = [[1, 2, 3], [1000, 999, 0], [-1000, -1000, -999], [710, 0, -710], [0.5], [-746, -747], [88.8, 88.7, 100]];

const D60 = Decimal.clone({ precision: 60 });

/** The exact value of a finite double (88.8 is 88.79999999999999715...), not its shortest decimal. */
function exactDecimal(x: number): Decimal {
  let k = 0;
  let m = x;
  while (!Number.isInteger(m)) {
    m *= 2;
    k++;
  }
  return new D60(BigInt(m).toString()).div(new D60(2).pow(k));
}

function softmaxReference(v: readonly number[]): number[] {
  const exps = v.map((x) => D60.exp(exactDecimal(x)));
  const sum = exps.reduce((a, b) => a.plus(b), new D60(0));
  return exps.map((e) => e.div(sum).toNumber());
}

interface SoftmaxProof {
  readonly toolchain: ToolchainId;
  readonly language: LanguageId;
  readonly source: string;
  program(original: string, fixed: string): { files: Record<string, string>; main: string };
}

const JS_SOFTMAX = `function softmaxMap(z) {
  const e = z.map((v) => Math.exp(v));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

function softmaxLoop(z) {
  const out = new Array(z.length);
  let sum = 0;
  for (let i = 0; i < z.length; i++) {
    out[i] = Math.exp(z[i]);
    sum += out[i];
  }
  for (let i = 0; i < z.length; i++) out[i] /= sum;
  return out;
}

// The same loop in ES5, inside a UMD module wrapper (its factory is a function expression passed as an argument).
var softmaxIife = (function (root, factory) {
  return factory();
}(this, function () {
  function normalise(scores) {
    var out = [], sum = 0;
    for (var k = 0; k < scores.length; k++) {
      out[k] = Math.exp(scores[k]);
      sum += out[k];
    }
    for (var j = 0; j < scores.length; j++) out[j] /= sum;
    return out;
  }
  return normalise;
}));
`;

const CS_SOFTMAX = `using System;
using System.Linq;

public static class Orig
{
    public static double[] Loop(double[] z)
    {
        var r = new double[z.Length];
        double t = 0;
        for (int i = 0; i < z.Length; i++)
        {
            r[i] = Math.Exp(z[i]);
            t += r[i];
        }
        for (int i = 0; i < r.Length; i++) r[i] /= t;
        return r;
    }

    public static double[] Linq(double[] z)
    {
        var e = z.Select(v => Math.Exp(v)).ToArray();
        double s = e.Sum();
        return e.Select(x => x / s).ToArray();
    }
}
`;

const JAVA_SOFTMAX = `public class Orig {
    public static double[] loop(double[] z) {
        double[] out = new double[z.length];
        double sum = 0.0;
        for (int i = 0; i < z.length; i++) {
            out[i] = Math.exp(z[i]);
            sum += out[i];
        }
        for (int i = 0; i < out.length; i++) {
            out[i] /= sum;
        }
        return out;
    }
}
`;

const CPP_SOFTMAX = `#include <cmath>

void orig_loop(const double* z, double* o, int n) {
  double s = 0;
  for (int i = 0; i < n; i++) {
    o[i] = std::exp(z[i]);
    s += o[i];
  }
  for (int i = 0; i < n; i++) o[i] /= s;
}

void orig_two(const double* z, double* o, int n) {
  double s = 0.0;
  for (int i = 0; i < n; ++i) s += exp(z[i]);
  for (int i = 0; i < n; ++i) o[i] = exp(z[i]) / s;
}

void orig_floatstd(const float* z, float* o, int n) {
  float sum = 0.0f;
  for (int i = 0; i < n; i++) {
    o[i] = std::exp(z[i]);
    sum += o[i];
  }
  for (int i = 0; i < n; i++) o[i] = o[i] / sum;
}
`;

const C_SOFTMAX = `#include <math.h>

void orig_loop(const double *z, double *o, int n)
{
    double sum = 0.0;
    for (int i = 0; i < n; i++) {
        o[i] = exp(z[i]);
        sum += o[i];
    }
    for (int i = 0; i < n; i++)
        o[i] /= sum;
}

void orig_floatone(const float *z, float *o, int n)
{
    float s = 0.0f;
    for (int i = 0; i < n; ++i) {
        o[i] = expf(z[i]);
        s += o[i];
    }
    for (int i = 0; i < n; ++i) o[i] /= s;
}
`;

/** One C or C++ file: the original and the renamed fixed functions, and a main printing both outputs per vector. */
function cLikeSoftmaxProgram(toolchain: 'c' | 'cpp', forms: readonly string[], original: string, fixed: string): { files: Record<string, string>; main: string } {
  const lines: string[] = [];
  for (const form of forms) {
    const float = form.startsWith('float');
    const type = float ? 'float' : 'double';
    const fmt = float ? '%.9g' : '%.17g';
    VECTORS.forEach((v, k) => {
      const items = v.map((x) => `${Number.isInteger(x) ? `${x}.0` : String(x)}${float ? 'f' : ''}`).join(', ');
      lines.push(`    { ${type} z[] = { ${items} }; ${type} a[${v.length}], b[${v.length}]; orig_${form}(z, a, ${v.length}); fixed_${form}(z, b, ${v.length}); printf("${k}\\t${form}\\t"); `
        + `for (int i = 0; i < ${v.length}; i++) printf(i ? " ${fmt}" : "${fmt}", (double)a[i]); printf("\\t"); for (int i = 0; i < ${v.length}; i++) printf(i ? " ${fmt}" : "${fmt}", (double)b[i]); printf("\\n"); }`);
    });
  }
  const ext = toolchain === 'cpp' ? 'cpp' : 'c';
  const source = `#include <stdio.h>\n${original}\n${fixed.replace(/\borig_(\w+)/g, 'fixed_$1')}\nint main(void)\n{\n${lines.join('\n')}\n    return 0;\n}\n`;
  return { files: { [`softmax.${ext}`]: source }, main: `softmax.${ext}` };
}

const vectorLiteral = (v: readonly number[], open: string, close: string): string => `${open}${v.map((x) => (Number.isInteger(x) ? `${x}.0` : String(x))).join(', ')}${close}`;

const SOFTMAX_PROOFS: readonly SoftmaxProof[] = [
  { toolchain: 'cpp', language: 'cpp', source: CPP_SOFTMAX, program: (original, fixed) => cLikeSoftmaxProgram('cpp', ['loop', 'two', 'floatstd'], original, fixed) },
  { toolchain: 'c', language: 'c', source: C_SOFTMAX, program: (original, fixed) => cLikeSoftmaxProgram('c', ['loop', 'floatone'], original, fixed) },
  {
    toolchain: 'node', language: 'javascript', source: JS_SOFTMAX,
    program(original, fixed) {
      const renamed = fixed.replace(/(function|var) softmax(\w+)/g, '$1 fixedSoftmax$2');
      const calls = VECTORS.map((v, k) => ['Map', 'Loop', 'Iife'].map((f) => `console.log(['${k}', '${f}', softmax${f}(${JSON.stringify(v)}).join(' '), fixedSoftmax${f}(${JSON.stringify(v)}).join(' ')].join('\\t'));`).join('\n'));
      return { files: { 'proof.js': `${original}\n${renamed}\n${calls.join('\n')}\n` }, main: 'proof.js' };
    },
  },
  {
    toolchain: 'csharp', language: 'csharp', source: CS_SOFTMAX,
    program(original, fixed) {
      const calls = VECTORS.map((v, k) => ['Loop', 'Linq'].map((f) => `        Print("${k}", "${f}", Orig.${f}(${vectorLiteral(v, 'new double[] { ', ' }')}), Fixed.${f}(${vectorLiteral(v, 'new double[] { ', ' }')}));`).join('\n'));
      const main = `using System;\nusing System.Globalization;\nusing System.Linq;\npublic static class ProofMain\n{\n`
        + `    static string D(double v) { return double.IsNaN(v) ? "NaN" : double.IsPositiveInfinity(v) ? "Infinity" : double.IsNegativeInfinity(v) ? "-Infinity" : v.ToString("G17", CultureInfo.InvariantCulture); }\n`
        + `    static void Print(string k, string f, double[] a, double[] b) { Console.WriteLine(k + "\\t" + f + "\\t" + string.Join(" ", a.Select(D)) + "\\t" + string.Join(" ", b.Select(D))); }\n`
        + `    public static void Main()\n    {\n${calls.join('\n')}\n    }\n}\n`;
      return { files: { 'Orig.cs': original, 'Fixed.cs': fixed.replace('public static class Orig', 'public static class Fixed'), 'Main.cs': main }, main: 'Main.cs' };
    },
  },
  {
    toolchain: 'java', language: 'java', source: JAVA_SOFTMAX,
    program(original, fixed) {
      const calls = VECTORS.map((v, k) => `        print("${k}", Orig.loop(${vectorLiteral(v, 'new double[] { ', ' }')}), Fixed.loop(${vectorLiteral(v, 'new double[] { ', ' }')}));`);
      const main = `public class ProofMain {\n    static String join(double[] a) { StringBuilder s = new StringBuilder(); for (int i = 0; i < a.length; i++) { if (i > 0) s.append(' '); s.append(a[i]); } return s.toString(); }\n`
        + `    static void print(String k, double[] a, double[] b) { System.out.println(k + "\\tloop\\t" + join(a) + "\\t" + join(b)); }\n`
        + `    public static void main(String[] args) {\n${calls.join('\n')}\n    }\n}\n`;
      return { files: { 'Orig.java': original, 'Fixed.java': fixed.replace('public class Orig', 'public class Fixed'), 'ProofMain.java': main }, main: 'ProofMain' };
    },
  },
];

describe('C-family softmax max-subtraction, proven on the real toolchains', () => {
  for (const proof of SOFTMAX_PROOFS) {
    const status = ensureToolchain(proof.toolchain);
    it(`${proof.language}: softmax loops are fixed by subtracting the maximum and agree with a 60-digit softmax`, { skip: status.available ? false : `skipped: ${status.reason}` }, () => {
      const result = analyzeCFamilyText(proof.source, proof.language);
      const softmax = result.findings.filter((f) => f.rule === 'unstable-softmax');
      assert.ok(softmax.length >= 1 && softmax.every((f) => f.fixes.length > 0), `every softmax finding has a fix: ${JSON.stringify(result.findings.map((f) => [f.rule, f.fixes.length]))}`);
      const combined = combineFirstFixes(result.findings);
      assert.equal(combined.deferred.length, 0);
      const fixed = applyEdits(proof.source, combined.edits);
      assert.deepEqual(analyzeCFamilyText(fixed, proof.language).findings.map((f) => f.rule), [], `fixed source is clean:\n${fixed}`);
      const { files, main } = proof.program(proof.source, fixed);
      const run = runProgram(proof.toolchain, files, main);
      assert.ok(run.ok, `${run.error}\n--- fixed ---\n${fixed}`);
      let worst = 0;
      let naiveNaN = 0;
      for (const line of run.stdout.trim().split('\n')) {
        const [k, form, originalText, fixedText] = line.split('\t');
        // Forms named float* compute in float: compared in float ulp with the softmax of the float inputs.
        const dtype: Dtype = form!.startsWith('float') ? 'float32' : 'float64';
        const vector = VECTORS[Number(k)]!;
        const expected = dtype === 'float32' ? softmaxReference(vector.map(Math.fround)).map(Math.fround) : softmaxReference(vector);
        const got = fixedText!.split(' ').map(parsePrinted);
        if (originalText!.split(' ').map(parsePrinted).some((x) => Number.isNaN(x))) naiveNaN++;
        assert.equal(got.length, expected.length);
        got.forEach((g, i) => {
          const d = ulpDistance(g, expected[i]!, dtype);
          worst = Math.max(worst, d);
          assert.ok(d <= MAX_ULP, `${proof.language} ${form} vector ${k}: element ${i} ${g} vs ${expected[i]} (${d} ulp)`);
        });
      }
      assert.ok(naiveNaN > 0, 'the grid includes vectors where the original gives NaN');
      console.log(`  ${proof.language} softmax: worst ${worst} ulp from the 60-digit softmax; the original gave NaN on ${naiveNaN} runs`);
    });
  }
});

// Log-sum-exp: the max-shifted fix (m + log(sum(exp(v - m))), with a shift of 0 where the maximum is not
// finite), run on vectors whose naive exps overflow or all underflow, against log-sum-exp with 60 significant
// digits; on an empty vector, all -Infinity, an Infinity or a NaN the fixed code must give what the original gives.
const LSE_VECTORS64: readonly (readonly number[])[] = [[1, 2, 3], [1000, 999, 0], [-1000, -1000, -999], [710, 0, -710], [0.5], [-746, -747],
  [88.8, 88.7, 100], [1e308, 1e308], [-Infinity, 2], [], [-Infinity, -Infinity], [Infinity, 1], [NaN, 1]];
const LSE_VECTORS32: readonly (readonly number[])[] = [[1, 2, 3], [100, 99, 0], [-100, -100, -99], [89, 0, -89], [0.5], [-104, -105],
  [88.8, 88.7, 100], [-Infinity, 2], [], [-Infinity, -Infinity], [Infinity, 1], [NaN, 1]];

/** log(sum(exp(v))) to 60 digits for finite inputs; the IEEE answer of the naive form where an input is not finite. */
function logSumExpReference(v: readonly number[], dtype: Dtype): number {
  const xs = dtype === 'float32' ? v.map(Math.fround) : v;
  if (xs.some(Number.isNaN)) return NaN;
  if (xs.includes(Infinity)) return Infinity;
  const finite = xs.filter((x) => x !== -Infinity);
  if (finite.length === 0) return -Infinity;
  const max = finite.reduce((a, b) => Math.max(a, b));
  const sum = finite.reduce((a, x) => a.plus(D60.exp(exactDecimal(x).minus(exactDecimal(max)))), new D60(0));
  const r = sum.ln().plus(exactDecimal(max)).toNumber();
  return dtype === 'float32' ? Math.fround(r) : r;
}

interface LseProof {
  readonly toolchain: ToolchainId;
  readonly language: LanguageId;
  readonly source: string;
  /** The functions of the source and their precision. */
  readonly forms: ReadonlyArray<{ readonly name: string; readonly dtype: Dtype }>;
  program(original: string, fixed: string): { files: Record<string, string>; main: string };
}

/** A number as a literal of the language (`1e+308`, `2.0`, `2.0f`), with the language's spellings of Infinity and NaN. */
function numberLiteral(x: number, specials: { inf: string; nan: string }, suffix = ''): string {
  if (Number.isNaN(x)) return specials.nan;
  if (x === Infinity) return specials.inf;
  if (x === -Infinity) return `-${specials.inf}`;
  const s = String(x);
  return /[.e]/.test(s) ? `${s}${suffix}` : `${s}.0${suffix}`;
}

function vectorsFor(dtype: Dtype): readonly (readonly number[])[] {
  return dtype === 'float32' ? LSE_VECTORS32 : LSE_VECTORS64;
}

const JS_LSE = `function lseReduce(xs) {
  return Math.log(xs.reduce((a, v) => a + Math.exp(v), 0));
}

function lseLoop(xs) {
  let s = 0;
  for (const v of xs) s += Math.exp(v);
  return Math.log(s);
}
`;

const TS_LSE = `export function lseReduce(xs: number[]): number {
  return Math.log(xs.reduce((a, v) => a + Math.exp(v), 0));
}

export function lseLoop(xs: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) {
    s += Math.exp(xs[i]!);
  }
  return Math.log(s);
}

export function lseTyped(xs: readonly number[]): number {
  return Math.log(xs.reduce<number>((a, v) => a + Math.exp(v), 0));
}
`;

const CS_LSE = `using System;
using System.Linq;

public static class Orig
{
    public static double Sum(double[] xs)
    {
        return Math.Log(xs.Sum(v => Math.Exp(v)));
    }

    public static double Loop(double[] xs)
    {
        double s = 0;
        foreach (var v in xs) s += Math.Exp(v);
        return Math.Log(s);
    }

    public static float LoopF(float[] xs)
    {
        float s = 0f;
        for (int i = 0; i < xs.Length; i++)
        {
            s += MathF.Exp(xs[i]);
        }
        return MathF.Log(s);
    }
}
`;

const JAVA_LSE = `import java.util.Arrays;
import java.util.List;

public class Orig {
    public static double stream(double[] xs) {
        return Math.log(Arrays.stream(xs).map(v -> Math.exp(v)).sum());
    }

    public static double list(List<Double> xs) {
        double r = Math.log(xs.stream().mapToDouble(v -> Math.exp(v)).sum());
        return r;
    }

    public static double loop(double[] xs) {
        double sum = 0.0;
        for (int i = 0; i < xs.length; i++) {
            sum += Math.exp(xs[i]);
        }
        return Math.log(sum);
    }

    public static double each(double[] xs) {
        double s = 0;
        for (double v : xs) s += Math.exp(v);
        return Math.log(s);
    }
}
`;

const CPP_LSE = `#include <cmath>
#include <vector>

double orig_lse(const double* x, int n) {
  double s = 0;
  for (int i = 0; i < n; i++) s += std::exp(x[i]);
  return std::log(s);
}

float orig_lsef(const std::vector<float>& v) {
  float acc = 0.0f;
  for (float e : v) {
    acc += std::exp(e);
  }
  return std::log(acc);
}
`;

const C_LSE = `#include <math.h>

double orig_lse(const double* x, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; ++i)
        s += exp(x[i]);
    return log(s);
}

float orig_lsef(const float* x, int n)
{
    float s = 0.0f;
    for (int i = 0; i < n; ++i) {
        s += expf(x[i]);
    }
    return logf(s);
}
`;

/** One C or C++ file: the original, the fixed code with its functions renamed, and a main printing both. */
function cLikeLseProgram(toolchain: 'c' | 'cpp', original: string, fixed: string): { files: Record<string, string>; main: string } {
  const specials = { inf: 'INFINITY', nan: 'NAN' };
  const lines: string[] = [];
  for (const [name, dtype] of [['lse', 'float64'], ['lsef', 'float32']] as const) {
    const type = dtype === 'float32' ? 'float' : 'double';
    const digits = dtype === 'float32' ? 9 : 17;
    vectorsFor(dtype).forEach((v, k) => {
      const items = v.length === 0 ? '0' : v.map((x) => numberLiteral(x, specials, dtype === 'float32' ? 'f' : '')).join(', ');
      const args = toolchain === 'cpp' && name === 'lsef' ? 'std::vector<float>(xs, xs + n)' : 'xs, n';
      lines.push(`    { ${type} xs[] = { ${items} }; int n = ${v.length}; printf("${k}\\t${name}\\t%.${digits}g\\t%.${digits}g\\n", (double)orig_${name}(${args}), (double)fixed_${name}(${args})); }`);
    });
  }
  const ext = toolchain === 'cpp' ? 'cpp' : 'c';
  const source = `#include <stdio.h>\n${original}\n${fixed.replace(/\borig_(\w+)/g, 'fixed_$1')}\nint main(void)\n{\n${lines.join('\n')}\n    return 0;\n}\n`;
  return { files: { [`lse.${ext}`]: source }, main: `lse.${ext}` };
}

const LSE_PROOFS: readonly LseProof[] = [
  {
    toolchain: 'node', language: 'javascript', source: JS_LSE,
    forms: [{ name: 'Reduce', dtype: 'float64' }, { name: 'Loop', dtype: 'float64' }],
    program(original, fixed) {
      const renamed = fixed.replace(/function lse(\w+)/g, 'function fixedLse$1');
      const lit = (v: readonly number[]): string => `[${v.map((x) => numberLiteral(x, { inf: 'Infinity', nan: 'NaN' })).join(', ')}]`;
      const calls = LSE_VECTORS64.map((v, k) => ['Reduce', 'Loop'].map((f) => `console.log(['${k}', '${f}', lse${f}(${lit(v)}), fixedLse${f}(${lit(v)})].join('\\t'));`).join('\n'));
      return { files: { 'proof.js': `${original}\n${renamed}\n${calls.join('\n')}\n` }, main: 'proof.js' };
    },
  },
  {
    toolchain: 'node', language: 'typescript', source: TS_LSE,
    forms: [{ name: 'Reduce', dtype: 'float64' }, { name: 'Loop', dtype: 'float64' }, { name: 'Typed', dtype: 'float64' }],
    program(original, fixed) {
      // The fixed TypeScript must type-check under strict; then both run as JavaScript.
      typeCheckStrict(fixed);
      const renamed = fixed.replace(/function lse(\w+)/g, 'function fixedLse$1');
      const body = ts.transpileModule(`${original}\n${renamed}\n`, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS } }).outputText;
      const lit = (v: readonly number[]): string => `[${v.map((x) => numberLiteral(x, { inf: 'Infinity', nan: 'NaN' })).join(', ')}]`;
      const calls = LSE_VECTORS64.map((v, k) => ['Reduce', 'Loop', 'Typed'].map((f) => `console.log(['${k}', '${f}', lse${f}(${lit(v)}), fixedLse${f}(${lit(v)})].join('\\t'));`).join('\n'));
      return { files: { 'proof.js': `${body}\n${calls.join('\n')}\n` }, main: 'proof.js' };
    },
  },
  {
    toolchain: 'csharp', language: 'csharp', source: CS_LSE,
    forms: [{ name: 'Sum', dtype: 'float64' }, { name: 'Loop', dtype: 'float64' }, { name: 'LoopF', dtype: 'float32' }],
    program(original, fixed) {
      const calls: string[] = [];
      for (const [f, dtype] of [['Sum', 'float64'], ['Loop', 'float64'], ['LoopF', 'float32']] as const) {
        const t = dtype === 'float32' ? 'float' : 'double';
        const specials = { inf: `${t}.PositiveInfinity`, nan: `${t}.NaN` };
        vectorsFor(dtype).forEach((v, k) => {
          const arr = `new ${t}[] { ${v.map((x) => numberLiteral(x, specials, dtype === 'float32' ? 'f' : '')).join(', ')} }`;
          const p = dtype === 'float32' ? 'F' : 'D';
          calls.push(`        Console.WriteLine("${k}\\t${f}\\t" + ${p}(Orig.${f}(${arr})) + "\\t" + ${p}(Fixed.${f}(${arr})));`);
        });
      }
      const main = `using System;\nusing System.Globalization;\npublic static class ProofMain\n{\n`
        + `    static string D(double v) { return double.IsNaN(v) ? "NaN" : double.IsPositiveInfinity(v) ? "Infinity" : double.IsNegativeInfinity(v) ? "-Infinity" : v.ToString("G17", CultureInfo.InvariantCulture); }\n`
        + `    static string F(float v) { return float.IsNaN(v) ? "NaN" : float.IsPositiveInfinity(v) ? "Infinity" : float.IsNegativeInfinity(v) ? "-Infinity" : v.ToString("G9", CultureInfo.InvariantCulture); }\n`
        + `    public static void Main()\n    {\n${calls.join('\n')}\n    }\n}\n`;
      return { files: { 'Orig.cs': original, 'Fixed.cs': fixed.replace('public static class Orig', 'public static class Fixed'), 'Main.cs': main }, main: 'Main.cs' };
    },
  },
  {
    toolchain: 'java', language: 'java', source: JAVA_LSE,
    forms: [{ name: 'loop', dtype: 'float64' }, { name: 'each', dtype: 'float64' }, { name: 'stream', dtype: 'float64' }, { name: 'list', dtype: 'float64' }],
    program(original, fixed) {
      const specials = { inf: 'Double.POSITIVE_INFINITY', nan: 'Double.NaN' };
      const calls = LSE_VECTORS64.map((v, k) => ['loop', 'each', 'stream', 'list'].map((f) => {
        const items = v.map((x) => numberLiteral(x, specials)).join(', ');
        const arr = f === 'list' ? `java.util.Arrays.asList(new Double[] { ${items} })` : `new double[] { ${items} }`;
        return `        System.out.println("${k}\\t${f}\\t" + Orig.${f}(${arr}) + "\\t" + Fixed.${f}(${arr}));`;
      }).join('\n'));
      const main = `public class ProofMain {\n    public static void main(String[] args) {\n${calls.join('\n')}\n    }\n}\n`;
      return { files: { 'Orig.java': original, 'Fixed.java': fixed.replace('public class Orig', 'public class Fixed'), 'ProofMain.java': main }, main: 'ProofMain' };
    },
  },
  {
    toolchain: 'cpp', language: 'cpp', source: CPP_LSE,
    forms: [{ name: 'lse', dtype: 'float64' }, { name: 'lsef', dtype: 'float32' }],
    program: (original, fixed) => cLikeLseProgram('cpp', original, fixed),
  },
  {
    toolchain: 'c', language: 'c', source: C_LSE,
    forms: [{ name: 'lse', dtype: 'float64' }, { name: 'lsef', dtype: 'float32' }],
    program: (original, fixed) => cLikeLseProgram('c', original, fixed),
  },
];

describe('C-family log-sum-exp shifted by the maximum, proven on the real toolchains', () => {
  for (const proof of LSE_PROOFS) {
    const status = ensureToolchain(proof.toolchain);
    it(`${proof.language}: log-sum-exp loops and reductions agree with a 60-digit log-sum-exp, and behave as before on empty and non-finite input`, { skip: status.available ? false : `skipped: ${status.reason}` }, () => {
      const result = analyzeCFamilyText(proof.source, proof.language);
      const lse = result.findings.filter((f) => f.rule === 'unstable-logsumexp');
      assert.equal(lse.length, proof.forms.length, `one finding per form: ${JSON.stringify(result.findings.map((f) => f.rule))}`);
      assert.ok(lse.every((f) => f.fixes.length > 0), 'every log-sum-exp finding has a fix');
      const combined = combineFirstFixes(result.findings);
      assert.equal(combined.deferred.length, 0);
      const fixed = applyEdits(proof.source, combined.edits);
      assert.deepEqual(analyzeCFamilyText(fixed, proof.language).findings.map((f) => f.rule), [], `fixed source is clean:\n${fixed}`);
      const { files, main } = proof.program(proof.source, fixed);
      const run = runProgram(proof.toolchain, files, main);
      assert.ok(run.ok, `${run.error}\n--- fixed ---\n${fixed}`);
      let worst = 0;
      let naiveWrong = 0;
      let specials = 0;
      const seen = new Set<string>();
      for (const line of run.stdout.trim().split('\n')) {
        const [k, form, originalText, fixedText] = line.split('\t');
        const dtype = proof.forms.find((f) => f.name === form)!.dtype;
        const v = vectorsFor(dtype)[Number(k)]!;
        const expected = logSumExpReference(v, dtype);
        const got = parsePrinted(fixedText!);
        const original = parsePrinted(originalText!);
        seen.add(form!);
        if (v.some((x) => !Number.isFinite(x) && x !== -Infinity) || v.every((x) => x === -Infinity)) {
          // Empty, all -Infinity, an Infinity or a NaN: exactly what the original gives.
          specials++;
          assert.ok(Object.is(got, original) && Object.is(got, expected), `${proof.language} ${form} [${v.join(', ')}]: fixed ${fixedText}, original ${originalText}, expected ${expected}`);
          continue;
        }
        if (!Object.is(original, expected) && ulpDistance(original, expected, dtype) > MAX_ULP) naiveWrong++;
        const d = ulpDistance(got, expected, dtype);
        worst = Math.max(worst, d);
        assert.ok(d <= MAX_ULP, `${proof.language} ${form} [${v.join(', ')}]: fixed ${got} vs ${expected} (${d} ulp; original ${originalText})`);
      }
      assert.equal(seen.size, proof.forms.length, 'every form printed');
      assert.ok(naiveWrong > 0, 'the vectors include ones where the original is wrong');
      console.log(`  ${proof.language} log-sum-exp: worst ${worst} ulp from the 60-digit value; the original was wrong on ${naiveWrong} runs; ${specials} empty/non-finite runs as before`);
    });
  }
});

// `#define` bodies (C++): the fixed macro is compiled and run beside the original over the grid; it must agree
// with the math core and evaluate its argument exactly once, as the original does (the argument counts its calls).
const CPP_MACROS = `#include <cmath>

#define SIGMOID(x) (1.0 / (1.0 + std::exp(-(x))))
#define SIGMOIDF(x) (1.0f / (1.0f + expf(-(x))))
#define SOFTPLUS(x) (std::log(1.0 + std::exp(x)))
`;

const MACRO_CASES: ReadonlyArray<{ readonly name: string; readonly activation: ActivationId; readonly dtype: Dtype }> = [
  { name: 'SIGMOID', activation: 'sigmoid', dtype: 'float64' },
  { name: 'SIGMOIDF', activation: 'sigmoid', dtype: 'float32' },
  { name: 'SOFTPLUS', activation: 'softplus', dtype: 'float64' },
];

describe('C++ #define bodies, proven on the real toolchain', () => {
  const status = ensureToolchain('cpp');
  it('fixed macros agree with the math core and evaluate their argument once', { skip: status.available ? false : `skipped: ${status.reason}` }, () => {
    const result = analyzeCFamilyText(CPP_MACROS, 'cpp');
    assert.deepEqual(result.findings.map((f) => f.rule), ['unstable-sigmoid', 'unstable-sigmoid', 'unstable-softplus']);
    assert.ok(result.findings.every((f) => f.fixes.length > 0));
    const fixed = applyEdits(CPP_MACROS, combineFirstFixes(result.findings).edits);
    assert.deepEqual(analyzeCFamilyText(fixed, 'cpp').findings.map((f) => f.rule), [], `fixed macros are clean:\n${fixed}`);
    const lines = MACRO_CASES.map((c, k) => {
      const type = c.dtype === 'float32' ? 'float' : 'double';
      const digits = c.dtype === 'float32' ? 9 : 17;
      const grid = c.dtype === 'float32' ? GRID32 : GRID64;
      return `    { ${type} xs[] = { ${literalList(grid, c.dtype === 'float32' ? 'f' : '')} }; for (int i = 0; i < (int)(sizeof xs / sizeof xs[0]); i++) { `
        + `calls = 0; double a = ${c.name}(counted(xs[i])); int ca = calls; calls = 0; double b = FIXED_${c.name}(counted(xs[i])); `
        + `printf("${k}\\t%d\\t%.${digits}g\\t%.${digits}g\\t%d\\t%d\\n", i, a, b, ca, calls); } }`;
    });
    const program = `#include <stdio.h>\n${CPP_MACROS}\n${fixed.replace(/#define (\w+)/g, '#define FIXED_$1')}\n`
      + 'static int calls = 0;\ntemplate <typename T> static T counted(T x) { calls++; return x; }\n'
      + `int main()\n{\n${lines.join('\n')}\n    return 0;\n}\n`;
    const run = runProgram('cpp', { 'macros.cpp': program }, 'macros.cpp');
    assert.ok(run.ok, `${run.error}\n--- fixed ---\n${fixed}`);
    let worst = 0;
    for (const line of run.stdout.trim().split('\n')) {
      const [kText, iText, , fixedText, originalCalls, fixedCalls] = line.split('\t');
      const c = MACRO_CASES[Number(kText)]!;
      const x = (c.dtype === 'float32' ? GRID32 : GRID64)[Number(iText)]!;
      assert.equal(originalCalls, '1');
      assert.equal(fixedCalls, '1', `${c.name}(x) must evaluate x once, as the original does`);
      const truthValue = truth({ expr: c.name, rule: 'unstable-sigmoid', activation: c.activation, dtype: c.dtype }, x);
      if (!Number.isFinite(truthValue)) continue;
      const d = ulpDistance(parsePrinted(fixedText!), truthValue, c.dtype);
      worst = Math.max(worst, d);
      assert.ok(d <= MAX_ULP, `${c.name}(${x}): fixed ${fixedText} vs math core ${truthValue} (${d} ulp)`);
    }
    console.log(`  cpp macros: ${MACRO_CASES.length} macros × grid, worst ${worst} ulp from the math core, argument evaluated once`);
  });
});
