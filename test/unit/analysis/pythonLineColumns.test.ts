// The per-line columns the Python scan writes (indentation, first keyword, word-class flags and hits, name
// signatures) against the same facts computed afresh from its tokens: on every Python fixture, on mutated
// fixtures and on random text. The analysis skips lines by these columns, so a wrong one would hide a use.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { keywordAt } from '../../../src/core/analysis/expressionParser';
import { columnOfOffset } from '../../../src/core/analysis/lineIndex';
import {
  KIND_COMMENT, KIND_NAME, LINE_ASSIGNMENT_WORD, LINE_CANDIDATE, LINE_SPECIAL_WORD, LineWordTable, nameSignatureBit, scanPython,
} from '../../../src/core/analysis/languages/pythonTokenizer';
import { analyzeText, clearPythonAnalysisCache } from '../../../src/core/analysis/index';

const WORDS = new LineWordTable();
for (const w of ['np', 'exp', 'sigmoid', 'activation', 'F']) WORDS.add(w, LINE_CANDIDATE);
for (const w of ['max', 'e', 'clip']) WORDS.add(w, LINE_ASSIGNMENT_WORD);
for (const w of ['float32', 'BCELoss']) WORDS.add(w, LINE_SPECIAL_WORD);

/** Every per-line column of a scan of `text`, checked against its tokens. */
function checkLineColumns(text: string, label: string): void {
  const toks = scanPython(text, WORDS);
  const { kinds, starts, ends, lines } = toks;
  for (let k = 0; k < lines.length; k += 2) {
    const a = lines[k]!;
    const b = lines[k + 1]!;
    const line = k >> 1;
    const where = `${label}: line ${line} at ${starts[a]}`;
    assert.notEqual(kinds[a], KIND_COMMENT, where);
    assert.equal(toks.lineIndents[line], columnOfOffset(text, starts[a]!), `${where}: indent`);
    assert.equal(toks.lineFirstWords[line], kinds[a] === KIND_NAME ? keywordAt(text, starts[a]!, ends[a]!) : 0, `${where}: first word`);
    let flags = 0;
    let firstHit = -1;
    let lastHit = -1;
    let low = 0;
    let high = 0;
    for (let j = a; j < b; j++) {
      if (kinds[j] !== KIND_NAME) continue;
      for (const flag of [LINE_CANDIDATE, LINE_ASSIGNMENT_WORD, LINE_SPECIAL_WORD]) {
        if (!WORDS.mayHold(text, starts[j]!, ends[j]!, flag)) continue;
        flags |= flag;
        if (flag === LINE_CANDIDATE) {
          if (firstHit < 0) firstHit = j;
          lastHit = j;
        }
      }
      const bit = nameSignatureBit(toks.textOf(j));
      if (bit < 32) low |= 1 << bit;
      else high |= 1 << bit;
    }
    assert.equal(toks.lineFlags[line], flags, `${where}: flags`);
    assert.equal(toks.lineFirstHits[line], firstHit, `${where}: first hit`);
    assert.equal(toks.lineLastHits[line], lastHit, `${where}: last hit`);
    assert.equal(toks.lineSignaturesLow[line], low, `${where}: signature`);
    assert.equal(toks.lineSignaturesHigh[line], high, `${where}: signature`);
  }
}

function pythonFixtures(): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const f of readdirSync(d)) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (f.endsWith('.py')) out.push(p);
    }
  };
  walk('test/fixtures');
  return out.sort();
}

test('the scan\'s per-line columns agree with its tokens on every Python fixture', () => {
  const files = pythonFixtures();
  assert.ok(files.length > 20);
  for (const f of files) checkLineColumns(readFileSync(f, 'utf8'), f);
});

test('flags, hits and signatures of a few lines, with the table\'s words as names and inside strings and comments', () => {
  const toks = scanPython('y = np.exp(x)  # sigmoid\nz = "np.exp"\n    w = max(e, v)\nq: float32 = 1\n', WORDS);
  assert.deepEqual(Array.from(toks.lineFlags.subarray(0, 4)), [LINE_CANDIDATE, 0, LINE_ASSIGNMENT_WORD, LINE_SPECIAL_WORD]);
  assert.deepEqual([toks.lineFirstHits[0], toks.lineLastHits[0]], [2, 4], 'np and exp, not the comment');
  assert.deepEqual(Array.from(toks.lineIndents.subarray(0, 4)), [0, 0, 4, 0]);
  assert.equal(toks.lineFirstHits[1], -1);
});

test('per-line columns on mutated fixtures and random text (CR, CRLF, BOM, tabs, continuations, open brackets and strings)', () => {
  const samples = pythonFixtures().slice(0, 12).map((f) => readFileSync(f, 'utf8'));
  const unit = fc.constantFrom('\n', '\r\n', '\r', '\t', ' ', '\\', '(', ')', '[', ']', '{', '}', '"', "'", '"""', '#', 'f"', 'rb\'', 'np', 'exp', 'def', 'async',
    'import', 'sigmoid', ':', '=', '.', '0', 'x', '\ufeff', 'é', 'if', '  ', 'max');
  fc.assert(fc.property(fc.array(unit, { maxLength: 120 }), (parts) => checkLineColumns(parts.join(''), JSON.stringify(parts.join('')))), { numRuns: 400 });
  fc.assert(fc.property(fc.nat(samples.length - 1), fc.nat(), fc.array(unit, { maxLength: 6 }), (i, at, parts) => {
    const s = samples[i]!;
    const p = at % (s.length + 1);
    checkLineColumns(s.slice(0, p) + parts.join('') + s.slice(p), `fixture ${i} + ${JSON.stringify(parts.join(''))} at ${p}`);
  }), { numRuns: 200 });
});

test('a line skipped by its columns names no candidate: names bound late, names of notebooks and uncommon aliases still count', () => {
  clearPythonAnalysisCache();
  // `expit` is bound after the line that calls it (a function body read before the import at the bottom).
  const late = 'def f(x):\n    return expit(x)\n\nfrom scipy.special import expit\n';
  assert.deepEqual(analyzeText(late, 'python')!.uses.map((u) => u.qualifiedName), ['scipy.special.expit']);
  // An alias the table does not know (found through the line signatures).
  const alias = 'import torch.nn.functional as fn\ny = fn.relu(x)\n';
  assert.deepEqual(analyzeText(alias, 'python')!.uses.map((u) => u.qualifiedName), ['torch.nn.functional.relu']);
  // The file's own activation defined after its use.
  const own = 'class M:\n    def forward(self, x):\n        return self.Sigmoid(x)\n\n    def Sigmoid(self, x):\n        return 1 / (1 + np.exp(-x))\n';
  assert.ok(analyzeText(own, 'python')!.uses.some((u) => u.kind === 'call' && u.name === 'self.Sigmoid'));
});
