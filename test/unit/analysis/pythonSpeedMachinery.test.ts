// The shortcuts the Python analysis takes for speed give the answers of the plain code they replace:
// shared token columns, the definition-name pre-check, statement keywords after a bracketed line break.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type CompactTokens, pythonStringValue, scanPython, scanPythonShared } from '../../../src/core/analysis/languages/pythonTokenizer';
import { activationForDefinition } from '../../../src/core/analysis/languages/pythonNames';
import { analyzeText, clearPythonAnalysisCache } from '../../../src/core/analysis/index';

function snapshot(t: CompactTokens): string {
  const rows: string[] = [];
  for (let i = 0; i < t.count; i++) rows.push(`${t.kinds[i]}:${t.starts[i]}-${t.ends[i]}`);
  return `${rows.join(' ')} | lines ${t.lines.join(',')} | depth ${t.finalDepth} | open ${t.unterminatedString}`;
}

const TEXTS = [
  'import numpy as np\n\ndef f(x):\n    return 1 / (1 + np.exp(-x))\n',
  'x = """never\nclosed\n',
  'y = (1 +\n  2\ndef g():\n    pass\n',
  "s = f'{a!r:>{w}}' # sigmoid in a comment\n",
  '',
  '\ufeffa = 1\r\nb = [\r\n 2]\r\n',
  'z = ' + '('.repeat(3000) + ')'.repeat(3000) + '\n',
];

test('shared token columns give the same tokens as fresh ones, whatever was scanned before (longer, shorter, unbalanced)', () => {
  const expected = TEXTS.map((t) => snapshot(scanPython(t)));
  for (const order of [TEXTS.keys(), [...TEXTS.keys()].reverse()]) {
    for (const i of order) assert.equal(snapshot(scanPythonShared(TEXTS[i]!)), expected[i], `text ${i}`);
  }
  // A text larger than the shared columns are kept for gets columns of its own, and the shared ones still work after it.
  const big = 'v = 1\n'.repeat(140_000);
  const shared = scanPythonShared(TEXTS[0]!);
  const own = scanPythonShared(big);
  assert.notEqual(own, shared);
  assert.equal(own.count, 3 * 140_000);
  assert.equal(snapshot(scanPythonShared(TEXTS[2]!)), expected[2]);
});

test('analyses one after another (as the shared columns are reused) give the results of each text analysed alone', () => {
  const a = 'import torch\nimport numpy as np\ndef sigmoid(x):\n    return 1 / (1 + np.exp(-x))\ny = torch.sigmoid(z)\n';
  const b = 'import numpy as np\ne = np.exp(z)\nout = e / np.sum(e)\n';
  clearPythonAnalysisCache();
  const alone = [JSON.stringify(analyzeText(a, 'python')), JSON.stringify(analyzeText(b, 'python'))];
  for (let k = 0; k < 3; k++) {
    clearPythonAnalysisCache();
    assert.equal(JSON.stringify(analyzeText(b, 'python')), alone[1]);
    clearPythonAnalysisCache();
    assert.equal(JSON.stringify(analyzeText(a, 'python')), alone[0]);
  }
});

test('the definition-name pre-check (length, first and last character) rejects no name the full comparison accepts', () => {
  const spellings = (id: string): string[] => [id, id.toUpperCase(), `_${id}_`, id.split('').join('_'), id[0]!.toUpperCase() + id.slice(1)];
  for (const id of ['sigmoid', 'logistic', 'expit', 'tanh', 'relu', 'relu6', 'leakyrelu', 'gelu', 'swish', 'softplus', 'softsign', 'hardswish', 'logsoftmax', 'tanhshrink', 'stablesoftmax']) {
    for (const name of spellings(id)) assert.notEqual(activationForDefinition(name), undefined, name);
  }
  assert.equal(activationForDefinition('LeakyReLU'), 'leaky_relu');
  assert.equal(activationForDefinition('hard_swish'), 'hard_swish');
  // Same length and first letter as an activation, another last letter; or a digit appended.
  for (const name of ['softmaz', 'softmax_4', 'sigmoid1', 'tanhshrinq', 'train_step_3', 'relu_layer', 'sigmoid_threshold', 'linear', '']) {
    assert.equal(activationForDefinition(name), undefined, name);
  }
  // Non-ASCII names take the full comparison.
  assert.equal(activationForDefinition('ſigmoid'), undefined);
});

test('a line break inside brackets followed by a statement keyword ends the statement; a longer name or an expression word does not', () => {
  const lines = (src: string): number => scanPython(src).lines.length / 2;
  assert.equal(lines('x = foo(1,\ndef g():\n    pass\n'), 3);
  assert.equal(lines('x = foo(1,\n  nonlocal_value)\n'), 1);
  assert.equal(lines('x = foo(1,\n  classy)\n'), 1);
  assert.equal(lines('x = foo(1,\n  not y)\n'), 1);
  assert.equal(lines('x = foo(1,\n    continue\n'), 2);
});

test('dotted import names read as one slice when written without spaces, joined from their parts otherwise', async () => {
  const { AliasTable, readImportColumns } = await import('../../../src/core/analysis/languages/pythonImports');
  const { TokenColumns } = await import('../../../src/core/analysis/expressionParser');
  const { KIND_COMMENT } = await import('../../../src/core/analysis/languages/pythonTokenizer');
  const read = (src: string): string => {
    const toks = scanPython(src);
    const cols = new TokenColumns();
    cols.reset(src);
    cols.appendColumns(toks.kinds, toks.starts, toks.ends, 0, toks.count, KIND_COMMENT);
    const table = new AliasTable();
    readImportColumns(cols, 0, cols.count, table);
    return [...table.bindings].map(([k, v]) => `${k}=${v}`).join(' ') + (table.starModules.length > 0 ? ` *${table.starModules.join(',')}` : '');
  };
  assert.equal(read('import torch.nn.functional as F'), 'F=torch.nn.functional');
  assert.equal(read('import torch . nn .functional as F'), 'F=torch.nn.functional');
  assert.equal(read('import torch.nn.functional, numpy'), 'torch=torch numpy=numpy');
  assert.equal(read('import tensorflow.keras.activations as A'), 'A=keras.activations');
  assert.equal(read('from torch.nn import (ReLU as R,\n  GELU)  # c'), 'R=torch.nn.ReLU GELU=torch.nn.GELU');
  assert.equal(read('from scipy . special import expit'), 'expit=scipy.special.expit');
  assert.equal(read('from ..pkg.mod import f'), 'f=..pkg.mod.f');
  assert.equal(read('from jax.nn import *'), ' *jax.nn');
});

test('string values read by character codes equal those of the plain reading (prefixes, triple quotes, escapes, broken literals)', () => {
  // The reading pythonStringValue replaced, kept here as the reference.
  const reference = (tokenText: string): string | undefined => {
    let i = 0;
    let raw = false;
    while (i < tokenText.length && tokenText[i] !== '"' && tokenText[i] !== "'") {
      const l = tokenText[i]!.toLowerCase();
      if (l === 'f' || l === 'b' || l === 't') return undefined;
      if (l === 'r') raw = true;
      i++;
    }
    const quote = tokenText[i];
    if (quote === undefined) return undefined;
    const triple = tokenText.startsWith(quote.repeat(3), i);
    const q = triple ? 3 : 1;
    if (tokenText.length < i + 2 * q || !tokenText.endsWith(quote.repeat(q))) return undefined;
    const body = tokenText.slice(i + q, tokenText.length - q);
    if (!raw && body.includes('\\')) return undefined;
    return body;
  };
  const prefixes = ['', 'r', 'R', 'u', 'U', 'b', 'B', 'f', 'F', 't', 'rb', 'Rb', 'br', 'fr', 'rf', 'x', 'İ'];
  const bodies = ['', 'relu', 'a\\nb', "it's", 'say "hi"', '\\u00e9', "x\\'", '"', "'", '""', "''"];
  const quotes = ['"', "'", '"""', "'''"];
  let checked = 0;
  for (const p of prefixes) for (const b of bodies) for (const open of quotes) for (const close of [...quotes, '']) {
    const text = `${p}${open}${b}${close}`;
    assert.equal(pythonStringValue(text), reference(text), JSON.stringify(text));
    checked++;
  }
  for (const text of ['', '"', "'", '""', '"""', '""""', '"""""', 'r', 'rb']) assert.equal(pythonStringValue(text), reference(text), JSON.stringify(text));
  assert.ok(checked > 2000);
});
