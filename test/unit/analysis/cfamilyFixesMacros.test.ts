// `#define` bodies in C and C++: the unstable forms inside are found at their place in the file, with fixes that
// keep the macro a macro and evaluate its argument once (a lambda in C++), and none in C, where no such form exists.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeCFamilyText } from '../../../src/core/analysis/languages/cfamilyLanguages';
import { applyEdits } from '../../../src/extension/fixAll';
import type { LanguageId } from '../../../src/core/analysis/types';

function findings(text: string, language: LanguageId): Array<[string, string, string[]]> {
  return analyzeCFamilyText(text, language).findings.map((f) => [f.rule, text.slice(f.span.start, f.span.end), f.fixes.map((x) => applyEdits(text, x.edits))]);
}

describe('#define bodies', () => {
  it('C: the sigmoid in a macro is reported at its place, with the use, and without a fix', () => {
    const text = '#include <math.h>\n#define SIGMOID(x) (1.0/(1.0+exp(-(x))))\nint n;\n';
    const r = analyzeCFamilyText(text, 'c');
    assert.deepEqual(findings(text, 'c'), [['unstable-sigmoid', '1.0/(1.0+exp(-(x)))', []]]);
    assert.deepEqual(r.uses.map((u) => [u.activation, text.slice(u.span.start, u.span.end)]), [['sigmoid', '1.0/(1.0+exp(-(x)))']]);
  });

  it('C++: a lambda called on the argument, so it is evaluated once and the macro stays an expression', () => {
    const text = '#include <cmath>\n#define SIGMOID(x) (1.0f / (1.0f + std::exp(-(x))))\n';
    assert.deepEqual(findings(text, 'cpp'), [['unstable-sigmoid', '1.0f / (1.0f + std::exp(-(x)))', [
      '#include <cmath>\n#define SIGMOID(x) ([](auto t) { return (t >= 0 ? 1.0f / (1.0f + std::exp(-t)) : std::exp(t) / (1.0f + std::exp(t))); }(x))\n',
    ]]]);
  });

  it('a continued body keeps its offsets; tanh gets tanh(x) in C too (one evaluation)', () => {
    const text = '#include <math.h>\n#define TANH(x) \\\n  ((exp(x) - exp(-(x))) / (exp(x) + exp(-(x))))\n';
    assert.deepEqual(findings(text, 'c'), [['unstable-tanh', '(exp(x) - exp(-(x))) / (exp(x) + exp(-(x)))', [
      '#include <math.h>\n#define TANH(x) \\\n  (tanh(x))\n',
    ]]]);
  });

  it('constants, object-like macros without forms, strings and comments are not analysed', () => {
    const text = '#define N 10\n#define SCALE 2.0f\n// #define S(x) (1.0/(1.0+exp(-(x))))\nconst char* s = "#define S(x) (1.0/(1.0+exp(-(x))))";\n';
    assert.deepEqual(findings(text, 'c'), []);
  });

  it('a suppression comment on the directive line applies', () => {
    const text = '#define S(x) (1.0/(1.0+exp(-(x)))) // activation-lens: ignore[unstable-sigmoid]\n';
    assert.deepEqual(findings(text, 'c'), []);
  });

  it('C# #define lines (symbols only) are left alone', () => {
    assert.deepEqual(findings('#define exp\nclass A {}\n', 'csharp'), []);
  });
});
