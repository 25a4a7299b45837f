// Precision and recall of activation uses and of each rule over the labelled corpus (test/fixtures/python,
// test/fixtures/notebooks). `corpus/` is the part the analyzer was tuned on; `heldout/` was written
// afterwards and not tuned to, and is reported separately. Goals: precision ≥ 0.98, recall ≥ 0.97.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyzeNotebook, analyzeText } from '../../../src/core/analysis/index';
import { type Tally, actualLabels, precision, readLabels, recall, tally } from './corpusLabels';

const ROOT = 'test/fixtures';

function measure(files: string[]): Map<string, Tally> {
  const tallies = new Map<string, Tally>();
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    if (file.endsWith('.ipynb')) {
      for (const { cell, result } of analyzeNotebook(text).cells) {
        tally(tallies, `${file}#${cell.index}`, readLabels(cell.source), actualLabels(cell.source, result));
      }
    } else {
      const result = analyzeText(text, 'python')!;
      tally(tallies, file, readLabels(text), actualLabels(text, result));
    }
  }
  return tallies;
}

function report(title: string, tallies: Map<string, Tally>): { p: number; r: number } {
  const rows = [...tallies.entries()].sort(([a], [b]) => (a === 'uses' ? -1 : b === 'uses' ? 1 : a.localeCompare(b)));
  let tp = 0;
  let fp = 0;
  let fn = 0;
  console.log(`\n${title}`);
  console.log(`  ${'category'.padEnd(26)} ${'tp'.padStart(4)} ${'fp'.padStart(4)} ${'fn'.padStart(4)}  precision  recall`);
  for (const [k, t] of rows) {
    console.log(`  ${k.padEnd(26)} ${String(t.tp).padStart(4)} ${String(t.fp).padStart(4)} ${String(t.fn).padStart(4)}  ${precision(t).toFixed(3).padStart(9)}  ${recall(t).toFixed(3).padStart(6)}`);
    tp += t.tp;
    fp += t.fp;
    fn += t.fn;
    for (const m of t.misses) console.log(`      ${m}`);
  }
  const total = { tp, fp, fn, misses: [] };
  console.log(`  ${'all'.padEnd(26)} ${String(tp).padStart(4)} ${String(fp).padStart(4)} ${String(fn).padStart(4)}  ${precision(total).toFixed(3).padStart(9)}  ${recall(total).toFixed(3).padStart(6)}`);
  return { p: precision(total), r: recall(total) };
}

function filesIn(dir: string, ext: string): string[] {
  return readdirSync(dir).filter((f) => f.endsWith(ext)).sort().map((f) => join(dir, f));
}

test('tuned corpus: precision ≥ 0.98 and recall ≥ 0.97 for uses and every rule', () => {
  const files = [...filesIn(join(ROOT, 'python/corpus'), '.py'), ...filesIn(join(ROOT, 'notebooks'), '.ipynb')];
  assert.ok(files.length >= 10, 'the corpus has its files');
  const tallies = measure(files);
  report(`tuned corpus (${files.length} files)`, tallies);
  for (const [k, t] of tallies) {
    assert.ok(precision(t) >= 0.98, `${k}: precision ${precision(t).toFixed(3)}`);
    assert.ok(recall(t) >= 0.97, `${k}: recall ${recall(t).toFixed(3)}`);
  }
});

test('held-out corpus (not tuned to): reported, and above a floor that catches regressions', () => {
  const files = filesIn(join(ROOT, 'python/heldout'), '.py');
  assert.ok(files.length >= 5, 'the held-out corpus has its files');
  const { p, r } = report(`held-out corpus (${files.length} files)`, measure(files));
  assert.ok(p >= 0.9, `held-out precision ${p.toFixed(3)}`);
  assert.ok(r >= 0.85, `held-out recall ${r.toFixed(3)}`);
});

/**
 * A held-out set written from the spec (python/<dir> and notebooks/<dir>): reported per category and held at the
 * goal, precision ≥ 0.98 and recall ≥ 0.97.
 */
function assertHeldOutAtGoal(dir: string, label: string, minFiles: number): void {
  const files = [...filesIn(join(ROOT, `python/${dir}`), '.py'), ...filesIn(join(ROOT, `notebooks/${dir}`), '.ipynb')];
  assert.ok(files.length >= minFiles, `the ${label} corpus has its files`);
  const { p, r } = report(`${label} corpus (${files.length} files)`, measure(files));
  assert.ok(p >= 0.98, `${label} precision ${p.toFixed(3)}`);
  assert.ok(r >= 0.97, `${label} recall ${r.toFixed(3)}`);
}

// heldout2/ (python/heldout2 and notebooks/heldout2) was written by an outsider to the analyzer from the issue
// texts, the README and the labelled files only, and labelled before the analyzer was first run on it.
// Its first run gave P 1.000, R 0.996; the miss was fixed, so it is tuned to now and held at the goal.
test('second held-out corpus (written from the spec, tuned to after its first run): precision ≥ 0.98 and recall ≥ 0.97', () => {
  assertHeldOutAtGoal('heldout2', 'held-out 2', 5);
});

// heldout3/ (python/heldout3 and notebooks/heldout3) is a third set written from the issue texts, the README and the
// labelled corpus/heldout files only, by an author who read neither the analyzer nor heldout2, and labelled before
// the analyzer was first run on it. First run (analyzer at 8cf705b): P 0.991, R 0.948; its misses were analyzer bugs,
// fixed in general (fc1d6fb, 9323f51, 592e843), so it is tuned to now and held at the goal.
test('third held-out corpus (written from the spec, tuned to after its first run): precision ≥ 0.98 and recall ≥ 0.97', () => {
  assertHeldOutAtGoal('heldout3', 'held-out 3', 4);
});

// heldout4/ (python/heldout4 and notebooks/heldout4) is a fourth set in styles the others lack (scientific helpers,
// RL agents, flax loops, pandas/scikit-learn scripts, a Python 2-era textbook, Lightning and Keras functional models),
// written from the issue texts, the README and the labelled corpus/heldout files only, by an author who read neither
// the analyzer nor heldout2/heldout3, and labelled before the analyzer was first run on it. First run on the analyzer
// with the heldout3 fixes (592e843): P 1.000, R 1.000 (without them, at 9a008a0: two false positives, P 0.991). Nothing
// was changed for it; held at the goal so a regression on unseen-style code fails here.
test('fourth held-out corpus (written from the spec, not tuned to): precision ≥ 0.98 and recall ≥ 0.97', () => {
  assertHeldOutAtGoal('heldout4', 'held-out 4', 4);
});
