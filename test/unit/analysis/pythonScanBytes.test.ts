// The scan's byte copy of the text (CompactTokens.chars) and its interned names (nameAt) stand for the text exactly:
// the bytes are the ASCII characters with every other code unit marked, and a name handed out again equals its slice.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KIND_NAME, NON_ASCII, codeUnitAt, scanPython, scanPythonShared } from '../../../src/core/analysis/languages/pythonTokenizer';

const TEXTS = [
  'import numpy as np\n\ndef f(x):\n    return 1 / (1 + np.exp(-x))\n',
  'é1 = ñ1 + é1\nnaïve = 1\u00a0+\u3000x\n',
  '\ufeffa = 1\r\nb = [\r\n 2]\r\n',
  "s = '😀' + f'{a!r:>{w}}'  # ü\n",
  '',
  'x = """never\nclosed\n',
];

test('chars holds each ASCII character as itself, any other code unit as NON_ASCII, then zeros, after longer and shorter texts', () => {
  // Shared columns keep the bytes of a longer text past a shorter one's end: only the padding after it is read.
  for (const text of [...TEXTS, ...[...TEXTS].reverse()]) {
    for (const toks of [scanPython(text), scanPythonShared(text)]) {
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        assert.equal(toks.chars[i], c < 128 ? c : NON_ASCII, `${JSON.stringify(text)} at ${i}`);
        assert.equal(codeUnitAt(toks.chars, text, i), c);
      }
      for (let i = text.length; i < text.length + 2; i++) assert.equal(toks.chars[i], 0);
    }
  }
});

test('nameAt equals the slice of every token, also for names of one slot that differ past ASCII', () => {
  for (const text of TEXTS) {
    const toks = scanPythonShared(text);
    for (let i = 0; i < toks.count; i++) assert.equal(toks.nameOf(i), toks.textOf(i));
  }
  // Names of one slot (same length, first and last byte) that differ only past ASCII are told apart.
  const text = 'é1 = ñ1\nñ1 = é1\n';
  const toks = scanPythonShared(text);
  const names: string[] = [];
  for (let i = 0; i < toks.count; i++) if (toks.kinds[i] === KIND_NAME) names.push(toks.nameOf(i));
  assert.deepEqual(names, ['é1', 'ñ1', 'ñ1', 'é1']);
  // (Whether it is the very same string object is not observable from JavaScript: equal strings are equal.)
});
