// Precision and recall of activation uses and of each rule over the labelled C-family corpus
// (test/fixtures/{javascript,typescript,csharp,java,cpp}). Labels are comments on the line where an item
// starts: `// expect: use sigmoid; unstable-sigmoid` (or `/* expect: ... */` in C). `corpus/` is what the
// analyzer was tuned on; `heldout/` was written afterwards and not tuned to, and is reported separately.
// Goals: precision ≥ 0.98, recall ≥ 0.97.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { extname, join } from 'node:path';
import { test } from 'node:test';
import { analyzeText, languageForPath } from '../../../src/core/analysis/index';
import { type Labels, type Tally, actualLabels, precision, recall, tally } from './corpusLabels';

const LANGUAGE_DIRS = ['javascript', 'typescript', 'csharp', 'java', 'cpp'] as const;

/** `// expect: a; b` or `/* expect: a; b *\/` on a line; `expect-below:` labels the next line. */
export function readCLabels(text: string): Labels {
  const out: Labels = new Map();
  const lines = text.split(/\r\n|\r|\n/);
  lines.forEach((line, i) => {
    const m = /(?:\/\/|\/\*)\s*expect(-below)?:(.*?)(?:\*\/\s*)?$/.exec(line);
    if (!m) return;
    const target = m[1] ? i + 1 : i;
    for (const item of m[2]!.split(';')) {
      const key = item.trim();
      if (key === '') continue;
      const k = `${target + 1}:${key}`;
      out.set(k, (out.get(k) ?? 0) + 1);
    }
  });
  return out;
}

function filesOf(dir: string): string[] {
  try {
    return readdirSync(dir).sort().map((f) => join(dir, f));
  } catch {
    return [];
  }
}

function measure(files: readonly string[]): Map<string, Tally> {
  const tallies = new Map<string, Tally>();
  for (const file of files) {
    const language = languageForPath(file);
    assert.ok(language, `no language registered for ${extname(file)}`);
    const text = readFileSync(file, 'utf8');
    const result = analyzeText(text, language);
    assert.ok(result && result.error === undefined, `${file}: analysis failed ${result?.error ?? ''}`);
    tally(tallies, file, readCLabels(text), actualLabels(text, result));
  }
  return tallies;
}

function report(title: string, tallies: Map<string, Tally>): Tally {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const misses: string[] = [];
  console.log(`\n${title}`);
  const rows = [...tallies.entries()].sort(([a], [b]) => (a === 'uses' ? -1 : b === 'uses' ? 1 : a.localeCompare(b)));
  for (const [k, t] of rows) {
    console.log(`  ${k.padEnd(26)} tp ${String(t.tp).padStart(3)} fp ${String(t.fp).padStart(3)} fn ${String(t.fn).padStart(3)}  precision ${precision(t).toFixed(3)}  recall ${recall(t).toFixed(3)}`);
    tp += t.tp;
    fp += t.fp;
    fn += t.fn;
    misses.push(...t.misses);
  }
  const all = { tp, fp, fn, misses };
  console.log(`  ${'all'.padEnd(26)} tp ${String(tp).padStart(3)} fp ${String(fp).padStart(3)} fn ${String(fn).padStart(3)}  precision ${precision(all).toFixed(3)}  recall ${recall(all).toFixed(3)}`);
  for (const m of misses) console.log(`      ${m}`);
  return all;
}

for (const language of LANGUAGE_DIRS) {
  test(`${language} corpus (tuned): precision ≥ 0.98 and recall ≥ 0.97`, () => {
    const files = filesOf(join('test/fixtures', language, 'corpus'));
    assert.ok(files.length >= 4, `${language} corpus has its files`);
    const all = report(`${language} corpus (${files.length} files)`, measure(files));
    assert.ok(precision(all) >= 0.98, `${language}: precision ${precision(all).toFixed(3)}`);
    assert.ok(recall(all) >= 0.97, `${language}: recall ${recall(all).toFixed(3)}`);
  });
}

/** Per language, the held-out set in test/fixtures/<language>/<dir> reported, and what falls short of the bounds. */
function heldOutShortfalls(dir: string, label: string, minPrecision: number, minRecall: number): string[] {
  const failures: string[] = [];
  for (const language of LANGUAGE_DIRS) {
    const files = filesOf(join('test/fixtures', language, dir));
    if (files.length === 0) continue;
    const all = report(`${language} ${label} (${files.length} files)`, measure(files));
    if (precision(all) < minPrecision) failures.push(`${language} ${label} precision ${precision(all).toFixed(3)}`);
    if (recall(all) < minRecall) failures.push(`${language} ${label} recall ${recall(all).toFixed(3)}`);
  }
  return failures;
}

test('held-out C-family corpus (not tuned to): reported per language, above a floor that catches regressions', () => {
  assert.deepEqual(heldOutShortfalls('heldout', 'held-out', 0.9, 0.85), []);
});

// heldout2/ was written by outsiders to the analyzer from the issue texts, the README and the labelled files
// only, and labelled before the analyzer was first run on it. First run: JS P 0.994 R 0.839, TS P 0.986 R 0.771,
// C# P 1.000 R 0.840, Java P 0.994 R 0.871 (after two label corrections), C/C++ P 0.986 R 0.793; the classes of
// misses it showed were fixed in the analyzer (test/unit/analysis/cfamilyRecall.test.ts has one test per class), and
// every language now meets the goal, which this test holds it to.
test('second held-out C-family corpus (written from the spec): precision ≥ 0.98 and recall ≥ 0.97 per language', () => {
  assert.deepEqual(heldOutShortfalls('heldout2', 'held-out 2', 0.98, 0.97), []);
});

// heldout3/ is a third set written from the issue texts, the README and the labelled corpus/heldout files only, by
// authors who did not read the analyzer or heldout2, and labelled before the analyzer was first run on it. First run:
// JS P 0.992 R 0.800, TS P 1.000 R 0.952, C# P 1.000 R 0.988, Java P 0.993 R 0.974, C/C++ P 1.000 R 0.925; the classes
// of misses it showed were fixed in the analyzer (test/unit/analysis/cfamilyRecall3.test.ts has one describe per class),
// and every language now meets the goal, which this test holds it to.
test('third held-out C-family corpus (written from the spec): precision ≥ 0.98 and recall ≥ 0.97 per language', () => {
  assert.deepEqual(heldOutShortfalls('heldout3', 'held-out 3', 0.98, 0.97), []);
});

// heldout4/ is a fourth set, written this time because heldout3's misses were fixed and so no untuned C-family set
// was left: authors who read neither the analyzer nor heldout2/heldout3, labelling from the issue texts, the README
// and the corpus/heldout labels before the analyzer first ran on it. First run (analyzer 859433d): JS P 0.969 R 0.898,
// TS P 1.000 R 0.888, C# P 1.000 R 0.822, Java P 1.000 R 0.985, C/C++ P 1.000 R 0.880 — so on unseen code the goal
// held only for Java. The classes of misses were fixed in general (cfamilyRecall4{JsTs,CsJava,Cpp}.test.ts); what is
// left are seven tanh-bodied helpers with generic names (`hyperbolic`, `squashedReward`, `bipolar`), which the earlier
// sets label as forms, not definitions (README, "Not recognised yet"). Every language now meets the goal, held here.
test('fourth held-out C-family corpus (written from the spec): precision ≥ 0.98 and recall ≥ 0.97 per language', () => {
  assert.deepEqual(heldOutShortfalls('heldout4', 'held-out 4', 0.98, 0.97), []);
});

// heldout5/ is a fifth set, needed because heldout4's misses were fixed: authors who read neither the analyzer nor
// the earlier held-out sets (heldout2–4), labelling from the issue texts, the README and the corpus/heldout labels,
// and committing the labels before the analyzer first ran on it, this time each file in the style of a kind of real
// public project (brain.js/synaptic, tfjs examples, AForge/Accord, Neuroph, DL4J, darknet, ggml, tiny-dnn, ...).
// First run (analyzer 1b38065): JS P 0.987 R 0.981, TS P 0.904 R 0.964, C# P 0.987 R 1.000 (one label corrected
// afterwards, 8a7b880: HyperbolicTangent is a definition named after tanh), Java P 0.993 R 1.000, C/C++ P 1.000
// R 0.879 — the goal held on unseen code for JS, C# and Java, not for TS and C/C++. The classes of misses were fixed
// in general (cfamilyRecall5{JsTs,Cpp,RangeGuards}.test.ts: TS arrow scopes and type syntax, C enumerators, constants
// through conversions, struct-member softmax loops, early-exit range guards); every language now meets the goal, held here.
test('fifth held-out C-family corpus (written from the spec): precision ≥ 0.98 and recall ≥ 0.97 per language', () => {
  assert.deepEqual(heldOutShortfalls('heldout5', 'held-out 5', 0.98, 0.97), []);
});

// heldout6/ is a sixth set, needed because heldout5's misses were fixed: authors who read neither the analyzer nor
// the earlier held-out sets (heldout2–5), labelling from the issue texts, the README and the corpus/heldout labels and
// committing the labels before the analyzer first ran on it, each file in the style of a kind of real public project
// the earlier sets lack (ml.js, Node-RED, D3, NestJS, tfjs-node layers; Godot, Math.NET, WinForms; micrograd, Weka,
// Commons Math, libGDX; genann, CMSIS-NN, a llama.cpp-style sampler, ATen kernels, CUDA, C++20). First run (outputs as
// at 78251be): JS P 1.000 R 1.000, TS P 0.988 R 1.000, C# P 0.994 R 0.988 (one label corrected afterwards, 97dd8e4:
// HyperbolicTangent is a definition named after tanh, as in heldout5), Java P 1.000 R 0.796 (a field named exp hid the
// statically imported Math.exp: 30 misses in one file), C/C++ P 0.989 R 0.989 — the goal held on unseen code for every
// language but Java. The classes of misses were fixed in general (cfamilyRecall6{JavaCsTs,Cpp}.test.ts); every
// language now meets the goal, held here.
test('sixth held-out C-family corpus (written from the spec): precision ≥ 0.98 and recall ≥ 0.97 per language', () => {
  assert.deepEqual(heldOutShortfalls('heldout6', 'held-out 6', 0.98, 0.97), []);
});

// heldout7/ is a seventh set, needed because heldout6's misses were fixed: authors who read neither the analyzer nor
// the earlier held-out sets, labelling from the issue texts, the README and the corpus/heldout labels and committing
// the labels (a9ecace) before the analyzer first ran on it. First run (analyzer 66c36bf): JS P 1.000 R 0.969,
// TS P 1.000 R 0.933, C# P 1.000 R 0.852, Java P 1.000 R 1.000, C/C++ P 1.000 R 0.990 — precision held everywhere;
// recall held on unseen code for Java and C/C++ only. The classes of misses were fixed in general
// (cfamilyRecall7.test.ts; one C# label corrected, as in heldout5 and heldout6); every language now meets the goal, held here.
test('seventh held-out C-family corpus (written from the spec): precision ≥ 0.98 and recall ≥ 0.97 per language', () => {
  assert.deepEqual(heldOutShortfalls('heldout7', 'held-out 7', 0.98, 0.97), []);
});

// heldout8/ is an eighth set, needed because heldout7's misses were fixed: five outsiders, one per language, who read
// neither the analyzer nor the earlier held-out sets, labelling from the issue text, the README and the corpus/heldout
// labels and committing the labels (a6848b5) before the analyzer first ran on it. First run (analyzer c717a17):
// JS P 0.990 R 1.000, TS P 0.989 R 1.000, C# P 1.000 R 1.000, Java P 1.000 R 0.946, C/C++ P 0.991 R 0.955 — the goal
// held on unseen code in three languages. The classes of misses were fixed in general (cfamilyRecall8.test.ts), the
// last, Java's two Spark UDF name strings, later (cfamilyRecallOpen.test.ts). Every language meets the goal, held here.
test('eighth held-out C-family corpus (written from the spec): precision ≥ 0.98 and recall ≥ 0.97 per language', () => {
  assert.deepEqual(heldOutShortfalls('heldout8', 'held-out 8', 0.98, 0.97), []);
});

// heldout9/ is a ninth set, written the same way after heldout8's misses were fixed (labels committed in d1f93eb before
// the analyzer first ran on it). First run (analyzer 8e940bb): precision 1.000 in every language; recall JS 0.958,
// TS 0.952, C# 0.957, Java 0.943, C/C++ 0.952 — short of the goal everywhere. Fixed since (cfamilyRecall9.test.ts): C
// members named exp of anonymous structs in typedefs, the sigmoid of a class named for activations inside log and
// derivative forms, a softmax over logits computed from the elements or read through get(i), and a function registered
// under its activation's name (`CustomFunctions.associate("SIGMOID", SIGMOID)`): now JS 0.979, C# 0.983, TS, Java and
// C/C++ 1.000. The two left open, fixed later (cfamilyRecallOpen.test.ts): a softmax in a script's loop whose file had
// taken an argmax in an earlier loop (its template-literal division was not the cause), and a log-sum-exp in the naive
// branch of a ternary whose other branch subtracts the maximum. Every language meets the goal, held here.
test('ninth held-out C-family corpus (written from the spec): precision ≥ 0.98 and recall ≥ 0.97 per language', () => {
  assert.deepEqual(heldOutShortfalls('heldout9', 'held-out 9', 0.98, 0.97), []);
});

// heldout10/ is a tenth set, written the same way after heldout9's misses were fixed (labels committed in a916981 before
// the analyzer first ran on it). First run (analyzer 9621da4): JS P 1.000 R 1.000, TS P 1.000 R 0.716, C# P 1.000
// R 0.983, Java P 1.000 R 1.000, C/C++ P 0.982 R 1.000 (1.000 / 1.000 after one label correction: a two-loop softmax
// is reported at both exps, one fix shifting both, as the README documents) — the goal held on unseen code in four
// languages. TypeScript's misses were one class (31 of 33): calls through a namespace import of the project's own
// module (`import * as act from './activations'` then `act.sigmoid(x)`), now read (cfamilyRecall9.test.ts). The C#
// log-sum-exp taken before its maximum was fixed later (cfamilyRecallOpen.test.ts). Every language meets the goal, held here.
test('tenth held-out C-family corpus (written from the spec): precision ≥ 0.98 and recall ≥ 0.97 per language', () => {
  assert.deepEqual(heldOutShortfalls('heldout10', 'held-out 10', 0.98, 0.97), []);
});

// heldout11/ is an eleventh set, written the same way after the misses heldout8–10 left open were fixed (labels
// committed in c8485e1 before the analyzer first ran on it). First run (analyzer 0966b31): JS P 0.991 R 1.000,
// TS P 1.000 R 1.000, C# P 1.000 R 0.982, Java P 1.000 R 1.000, C/C++ P 1.000 R 1.000 — the first set to meet the goal
// on its first run in all five languages. Its three mismatches are fixed (cfamilyRecall11.test.ts): .NET's
// TensorPrimitives.Sigmoid/SoftMax, and a plot label before a function read as a registered name. Held here.
test('eleventh held-out C-family corpus (written from the spec): precision ≥ 0.98 and recall ≥ 0.97 per language', () => {
  assert.deepEqual(heldOutShortfalls('heldout11', 'held-out 11', 0.98, 0.97), []);
});

// heldout12/ is a twelfth set, written the same way after heldout11 met the goal on its first run, to see whether that
// holds (labels committed in 3e359ec before the analyzer first ran on it). First run (analyzer b3bae95): JS P 0.980
// R 0.855, TS P 1.000 R 0.964, C# P 1.000 R 1.000, Java P 1.000 R 0.982, C/C++ P 1.000 R 0.902 — it did not hold. Each
// shortfall was one pattern in one file, fixed in general (cfamilyRecall12.test.ts): a JS property `this.exp` taken
// for a rebinding of `const { exp } = Math`, a C local `int exp` hiding exp file-wide, TypeScript overload signatures,
// a cast softmax exp stored and summed, and a linear model named `linear` read as the identity (heldout2's Java labels
// of `linear(beta, x)` were corrected to that rule). Held here.
test('twelfth held-out C-family corpus (written from the spec): precision ≥ 0.98 and recall ≥ 0.97 per language', () => {
  assert.deepEqual(heldOutShortfalls('heldout12', 'held-out 12', 0.98, 0.97), []);
});

// heldout13/ is a thirteenth set, written the same way after heldout12's shortfalls were fixed (labels committed in
// f4fab10 before the analyzer first ran on it). First run (analyzer 68c3cdc): JS, TS, C#, C/C++ P 1.000 R 1.000, Java
// P 1.000 R 0.991 — the goal met in all five languages. Its one miss, a key-value selection
// (`put("activation", "sigmoid")`), is fixed (cfamilyRecall13.test.ts). Held here.
test('thirteenth held-out C-family corpus (written from the spec): precision ≥ 0.98 and recall ≥ 0.97 per language', () => {
  assert.deepEqual(heldOutShortfalls('heldout13', 'held-out 13', 0.98, 0.97), []);
});

// heldout14/ is a fourteenth set, written the same way after heldout13's miss was fixed (labels committed in d9a75a8
// before the analyzer first ran on it). First run (analyzer 272079f): JS P 1.000 R 1.000, TS P 1.000 R 0.980, C#
// P 1.000 R 0.983, Java P 1.000 R 1.000, C/C++ P 1.000 R 0.982 — the goal met in all five languages. Its three shapes of
// miss are fixed (cfamilyRecall14.test.ts). Held here.
test('fourteenth held-out C-family corpus (written from the spec): precision ≥ 0.98 and recall ≥ 0.97 per language', () => {
  assert.deepEqual(heldOutShortfalls('heldout14', 'held-out 14', 0.98, 0.97), []);
});

// heldout15/ is a fifteenth set, written the same way after heldout14's misses were fixed (labels committed in c2de28b
// before the analyzer first ran on it). First run (analyzer b884ba6): JS P 0.991 R 0.982, TS P 1.000 R 0.979, C#, Java
// and C/C++ P 1.000 R 1.000 — the goal met in all five languages, as in heldout11, 13 and 14. Its three shapes of
// mismatch are fixed (cfamilyRecall15.test.ts). Held here.
test('fifteenth held-out C-family corpus (written from the spec): precision ≥ 0.98 and recall ≥ 0.97 per language', () => {
  assert.deepEqual(heldOutShortfalls('heldout15', 'held-out 15', 0.98, 0.97), []);
});

// heldout16/ is a sixteenth set, written the same way after heldout15's mismatches were fixed (labels committed in
// a35a182 before the analyzer first ran on it). First run (analyzer 5f809e0): JS P 1.000 R 0.922, TS P 1.000 R 0.981,
// C# and Java P 1.000 R 1.000, C/C++ P 0.971 R 1.000 — the goal met in three languages; JavaScript's and C's shortfalls
// were one file's pattern each (hapi's `internals.logistic = function`; a guard lost at CUDA's `__expf` and a shifted
// exponent scaled by a temperature). All fixed (cfamilyRecall16.test.ts). Held here.
test('sixteenth held-out C-family corpus (written from the spec): precision ≥ 0.98 and recall ≥ 0.97 per language', () => {
  assert.deepEqual(heldOutShortfalls('heldout16', 'held-out 16', 0.98, 0.97), []);
});

// heldout17/ is a seventeenth set, written the same way after heldout16's shortfalls were fixed (labels committed in
// 16ff984 before the analyzer first ran on it). First run (analyzer d23acb6): JS, Java, C/C++ P 1.000 R 1.000, TS and
// C# P 0.990 R 1.000 — the goal met in all five languages. Its two false positives are fixed (cfamilyRecall17.test.ts).
// Held here.
test('seventeenth held-out C-family corpus (written from the spec): precision ≥ 0.98 and recall ≥ 0.97 per language', () => {
  assert.deepEqual(heldOutShortfalls('heldout17', 'held-out 17', 0.98, 0.97), []);
});
