// Re-analysis after an edit inside one function must give exactly what a full analysis of the new text gives.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyzePythonFull } from '../../../src/core/analysis/languages/python';
import { analyzePython, clearPythonAnalysisCache, pythonAnalysisCounts } from '../../../src/core/analysis/languages/pythonIncremental';
import type { AnalysisResult } from '../../../src/core/analysis/types';

function snapshot(r: AnalysisResult): unknown {
  return {
    uses: r.uses.map((u) => ({ ...u })),
    findings: r.findings.map((f) => ({ span: f.span, rule: f.rule, message: f.message, literalArgument: f.literalArgument, fixes: f.fixes.map((x) => ({ title: x.title, edits: x.edits })) })),
  };
}

const EDITS = [
  (line: string) => line.replace(/\S/, (c) => `${c}`) + '  # edited',
  (line: string) => (line.trim() === '' ? line : line.replace(/(\w+)/, '$1_x')),
  (line: string) => line.replace(/^(\s+)\S.*$/, '$1y = 1 / (1 + np.exp(-y))'),
  (line: string) => line.replace(/^(\s+)\S.*$/, '$1z = np.log(1 + np.exp(z)) if z > 0 else z'),
  (line: string) => line.replace(/^(\s+)\S.*$/, '$1return foo(('),
  (line: string) => line.replace(/^(\s+)\S.*$/, '$1import math'),
  (line: string) => line.replace(/^(\s+)\S.*$/, '$1np = None'),
  () => 'def sigmoid(q):',
];

test('incremental re-analysis equals full analysis after single-line edits anywhere in the corpus', () => {
  const dir = 'test/fixtures/python/corpus';
  let compared = 0;
  const before = pythonAnalysisCounts.incremental;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.py')).sort()) {
    const original = readFileSync(join(dir, file), 'utf8');
    const lines = original.split('\n');
    for (let i = 0; i < lines.length; i++) {
      for (const edit of EDITS) {
        const changed = lines.slice();
        changed[i] = edit(lines[i]!);
        const text = changed.join('\n');
        if (text === original) continue;
        clearPythonAnalysisCache();
        analyzePython(original);
        const incremental = analyzePython(text);
        const full = analyzePythonFull(text).result;
        assert.deepEqual(snapshot(incremental), snapshot(full), `${file}:${i + 1} edited to ${JSON.stringify(changed[i])}`);
        compared++;
      }
    }
  }
  const incremental = pythonAnalysisCounts.incremental - before;
  console.log(`  ${compared} edits compared, ${incremental} of them re-analysed incrementally`);
  assert.ok(compared > 1000);
  assert.ok(incremental > compared / 4, 'the incremental path is taken for edits inside functions');
});

test('a long run of edits, none reading the fixes, still yields the fixes a full analysis gives', () => {
  // Each edit shifts the findings below the edited function again; past a few unread shifts their fixes are
  // built at once rather than kept as a chain back to the first analysis (which could never be freed).
  const head = 'import numpy as np\n\ndef work(v):\n    v = v + 0\n    return v\n\n';
  const tail = 'def act(x):\n    return 1 / (1 + np.exp(-x))\n\ndef soft(x):\n    return np.log(1 + np.exp(x))\n';
  clearPythonAnalysisCache();
  let text = head + tail;
  analyzePython(text);
  const before = pythonAnalysisCounts.incremental;
  for (let i = 1; i <= 30; i++) {
    text = text.replace(/v = v \+ \d+/, `v = v + ${i * 1000}`);
    analyzePython(text);
  }
  assert.ok(pythonAnalysisCounts.incremental - before >= 25, 'the edits took the incremental path');
  const incremental = analyzePython(text);
  assert.equal(incremental.findings.length, 2);
  assert.deepEqual(snapshot(incremental), snapshot(analyzePythonFull(text).result));
});
