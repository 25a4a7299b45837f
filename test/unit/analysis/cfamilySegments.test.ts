// Statement-sized segments (CSegments): parsed one by one, in any order, they give exactly the top-level
// expressions of parsing the code whole, and the analysis then never has to fall back to the whole parse.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import fc from 'fast-check';
import { CSegments, type CNode } from '../../../src/core/analysis/languages/cfamilyParser';
import { codeStreamOf } from '../../../src/core/analysis/languages/cfamilyCodeTokens';
import type { CFamilyLanguage } from '../../../src/core/analysis/languages/cfamilyLanguage';
import { C_FAMILY_EXTENSIONS, C_FAMILY_LANGUAGES } from '../../../src/core/analysis/languages/cfamilyLanguages';
import { analyzeText } from '../../../src/core/analysis/index';

function segmentsOf(text: string, lang: CFamilyLanguage, segmented: boolean): CSegments {
  const stream = codeStreamOf(lang.scan(text));
  return new CSegments(stream, stream.match, lang.parse, segmented);
}

/** Every segment's expressions, the segments parsed from last to first (each must parse alone, as the analysis asks). */
function segmentedParse(segments: CSegments): CNode[] {
  const parts: CNode[][] = [];
  for (let k = segments.count - 1; k >= 0; k--) parts[k] = segments.expressions(k);
  return parts.flat();
}

function assertSameParse(text: string, language: string): void {
  const lang = C_FAMILY_LANGUAGES.get(language as never)!;
  const segments = segmentsOf(text, lang, true);
  const pieces = segmentedParse(segments);
  const whole = segmentsOf(text, lang, false).expressions(0);
  if (!segments.inconsistent) assert.deepEqual(pieces, whole, `${language}: ${JSON.stringify(text.slice(0, 80))}`);
}

const SNIPPETS: Array<[string, string, number]> = [
  // [language, text, at least this many segments]
  ['cpp', 'auto y = [](double t) { return 1.0 / (1.0 + std::exp(-t)); }(x);\nint z = 1;', 2],
  ['cpp', 'namespace net { inline double relu(double x) { return x > 0 ? x : 0; } }\nstruct P { int exp = 0; };', 6],
  ['javascript', 'const f = (x) => { const y = Math.exp(-x); return 1 / (1 + y); };\nclass A { m() { return `${ {a: 1}.a }`; } }', 5],
  ['javascript', 'const config = { lr: 1e-3, act: "relu" };\nmodel.add(tf.layers.dense({ units: 1, activation: "sigmoid" }));', 3],
  ['typescript', 'export function f(x: number): { a: number } { return { a: Math.tanh(x) }; }', 3],
  ['csharp', 'var p = new Person { Name = $"{first} {last}", Age = 3 };\nfloat A(float d) => 1f / (1f + Mathf.Exp(-d));', 3],
  ['java', 'Runnable r = () -> { double s = 1.0 / (1.0 + Math.exp(-x)); };\nnew Thread(r) { public void run() {} };', 4],
];

describe('C-family statement segments', () => {
  it('split at top-level `;`, `{` and `}` and parse to the whole parse, C++ lambda calls and JS holes included', () => {
    for (const [language, text, atLeast] of SNIPPETS) {
      const lang = C_FAMILY_LANGUAGES.get(language as never)!;
      const segments = segmentsOf(text, lang, true);
      assert.ok(segments.count >= atLeast, `${language}: ${segments.count} segments in ${JSON.stringify(text)}`);
      assert.deepEqual(segmentedParse(segments), segmentsOf(text, lang, false).expressions(0), text);
      assert.equal(segments.inconsistent, false, text);
    }
  });

  it('a C++ lambda body is never split from the call after it', () => {
    const text = 'double y = [&](double t) { double e = std::exp(-t); return 1.0 / (1.0 + e); }(x);';
    const lang = C_FAMILY_LANGUAGES.get('cpp')!;
    const segments = segmentsOf(text, lang, true);
    const calls = segmentedParse(segments).filter((e) => e.kind === 'binary' && e.right.kind === 'call');
    assert.equal(calls.length, 1, 'the lambda and its call stay one expression');
    assert.equal(segments.count, 1);
  });

  it('parse every fixture file as the whole parse would', () => {
    const files: string[] = [];
    const walk = (d: string) => { for (const f of readdirSync(d)) { const p = join(d, f); if (statSync(p).isDirectory()) walk(p); else files.push(p); } };
    walk(join(__dirname, '../../fixtures'));
    let checked = 0;
    for (const file of files) {
      const language = C_FAMILY_EXTENSIONS.get(extname(file).toLowerCase());
      if (!language) continue;
      assertSameParse(readFileSync(file, 'utf8'), language);
      checked++;
    }
    assert.ok(checked > 40, `${checked} C-family fixtures`);
  });

  it('parse random token soups as the whole parse would (or report that they cannot)', () => {
    const pieces = ['{', '}', '(', ')', '[', ']', ';', '=>', '->', 'x', 'f', '1', '+', '=', '?', ':', ',', '.', '"s"', '`a${', '}b`', '$"{', '}"', '[]', 'new', 'return', '\n'];
    fc.assert(fc.property(fc.constantFrom('javascript', 'csharp', 'java', 'cpp'), fc.array(fc.constantFrom(...pieces), { maxLength: 40 }), (language, parts) => {
      assertSameParse(parts.join(' '), language);
    }), { numRuns: 400 });
  });
});

describe('C-family assignment sites', () => {
  it('a clipped input is safe and an undone clip is not, for a few and for many distinct names (sites filtered, then tabled)', () => {
    // Twelve functions, each clipping its own variable name; every third one undoes the clip with `+= 1000`.
    const names = Array.from({ length: 12 }, (_, k) => `t${k}`);
    const text = names.map((t, k) => `function f${k}(x) {\n  let ${t} = Math.min(Math.max(x, -500), 500);\n${k % 3 === 0 ? `  ${t} += 1000;\n` : ''}`
      + `  return 1 / (1 + Math.exp(-${t}));\n}\n`).join('');
    for (const count of [3, 12]) {
      const part = text.split('function ').slice(1, count + 1).map((f) => `function ${f}`).join('');
      const r = analyzeText(part, 'javascript')!;
      const flagged = r.findings.filter((f) => f.rule === 'unstable-sigmoid').map((f) => part.slice(f.span.start, f.span.end));
      const expected = names.slice(0, count).filter((_, k) => k % 3 === 0).map((t) => `1 / (1 + Math.exp(-${t}))`);
      assert.deepEqual(flagged, expected, `${count} functions`);
      assert.equal(r.uses.filter((u) => u.activation === 'sigmoid').length, count, 'each form is still a sigmoid use');
    }
  });
});

// Which segments are parsed at all is decided on tokens: a definition's own name and a variable merely named like exp
// leave a segment unparsed, but anything beside them that could be a use or a form must still be read.
describe('C-family candidate segments', () => {
  const usesOf = (text: string, language: 'cpp' | 'csharp' | 'java' | 'javascript'): string[] =>
    analyzeText(text, language)!.uses.map((u) => `${u.kind}:${u.activation}:${text.slice(u.span.start, u.span.end)}`);
  const rulesOf = (text: string, language: 'cpp' | 'csharp'): string[] => analyzeText(text, language)!.findings.map((f) => `${f.rule}:${text.slice(f.span.start, f.span.end)}`);

  it('a call beside a definition header is still a use: a default argument, an expression body, a C++ out-of-class definition', () => {
    assert.deepEqual(usesOf('#include <cmath>\ndouble sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }\ndouble activate(double x, double s = sigmoid(0.5)) { return s * x; }\n', 'cpp'),
      ['definition:sigmoid:sigmoid', 'call:sigmoid:1.0 / (1.0 + std::exp(-x))', 'call:sigmoid:sigmoid']);
    assert.deepEqual(usesOf('class N {\n  static double Sigmoid(double v) { return 1.0 / (1.0 + Math.Exp(-v)); }\n  public static double Act(double x) => Sigmoid(x);\n}\n', 'csharp'),
      ['definition:sigmoid:Sigmoid', 'call:sigmoid:1.0 / (1.0 + Math.Exp(-v))', 'call:sigmoid:Sigmoid']);
    assert.deepEqual(usesOf('function relu(x) { return Math.max(0, x); } function relu6(x) { return Math.min(relu(x), 6); }\n', 'javascript'),
      ['definition:relu:relu', 'definition:relu6:relu6', 'call:relu:relu']);
  });

  it('a variable named exp is not a call of exp, but a form in the same statement is still found', () => {
    const text = '#include <cmath>\nstruct P { int exp = 0; };\nvoid f(double x, double& exp) { exp = 1.0 / (1.0 + std::exp(-x)); }\n';
    assert.deepEqual(rulesOf(text, 'cpp'), ['unstable-sigmoid:1.0 / (1.0 + std::exp(-x))']);
    assert.deepEqual(rulesOf('class E { int exp; void Up(double d) { exp += 1; var s = 1.0 / (1.0 + Math.Exp(-d)); } }\n', 'csharp'),
      ['unstable-sigmoid:1.0 / (1.0 + Math.Exp(-d))']);
  });

  it('a function passed by name beside its own definition is a reference', () => {
    const text = 'class S { static double sigmoid(double x) { return 1.0 / (1.0 + Math.exp(-x)); } double[] all(double[] v) { return java.util.Arrays.stream(v).map(S::sigmoid).toArray(); } }\n';
    assert.ok(usesOf(text, 'java').includes('reference:sigmoid:sigmoid'), usesOf(text, 'java').join(', '));
  });
});
