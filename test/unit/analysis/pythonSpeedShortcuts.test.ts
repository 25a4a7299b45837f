// More speed shortcuts of the Python analysis checked against the plain code they replace: decimal literals read
// digit by digit, suppression comments looked for in comments only, the parsed statement refilled from one
// statement to the next.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pythonNumberValue } from '../../../src/core/analysis/languages/pythonGrammar';
import { analyzeText, clearPythonAnalysisCache } from '../../../src/core/analysis/index';

test('decimal literals read digit by digit have the value Number gives; other literals keep the general reading', () => {
  for (const t of ['0', '1', '7', '64', '00', '123456789012345', '999999999999999']) assert.equal(pythonNumberValue(t), Number(t), t);
  assert.equal(pythonNumberValue('1234567890123456789'), 1234567890123456789);
  assert.equal(pythonNumberValue('1_000'), 1000);
  assert.equal(pythonNumberValue('1.5'), 1.5);
  assert.equal(pythonNumberValue('1e3'), 1000);
  assert.equal(pythonNumberValue('0x1F'), 31);
  assert.ok(Number.isNaN(pythonNumberValue('2j')));
});

function rules(text: string): string[] {
  clearPythonAnalysisCache();
  return analyzeText(text, 'python')!.findings.map((f) => f.rule);
}

test('suppression: only a comment with the marker suppresses, on its own line; the marker in a string does nothing', () => {
  const form = 'y = 1/(1+np.exp(-z))';
  assert.deepEqual(rules(`import numpy as np\n# plain comment\n${form}  # activation-lens: ignore\n`), []);
  assert.deepEqual(rules(`import numpy as np\n${form}  # an activation-lens note, no marker\n`), ['unstable-sigmoid']);
  assert.deepEqual(rules(`import numpy as np\ns = "# activation-lens: ignore"; ${form}\n`), ['unstable-sigmoid']);
  assert.deepEqual(rules(`import numpy as np\n# activation-lens: ignore\n${form}\n`), ['unstable-sigmoid']);
  assert.deepEqual(rules(`import numpy as np\n${form}  # activation-lens: ignore[unstable-softmax]\n${form}  #activation-lens:ignore\n`), ['unstable-sigmoid']);
});

// The uses of the statements below without the broken one, as the analyzer gave them before statements were refilled.
const EXPECTED_USES = ['definition:sigmoid', 'call:1 / (1 + np.exp(-x))', 'call:c / np.sum(c)', 'call:sigmoid'];

test('statements parsed one after another into the same object keep nothing of the one before', () => {
  // A definition, an assignment with a rebound target, a broken statement, then plain statements: each reads alone.
  const text = [
    'import numpy as np',
    'def sigmoid(x): return 1 / (1 + np.exp(-x))',
    'a, b = np.exp(1), 2',
    'bad = (1 +',
    'c = np.exp(z)',
    'd = c / np.sum(c)',
    'print(sigmoid(3))',
    '',
  ].join('\n');
  clearPythonAnalysisCache();
  const r = analyzeText(text, 'python')!;
  assert.deepEqual(r.findings.map((f) => f.rule), ['unstable-sigmoid']);
  const again = analyzeText(text.replace('bad = (1 +\n', ''), 'python')!;
  assert.deepEqual(again.findings.map((f) => f.rule), ['unstable-sigmoid', 'unstable-softmax']);
  assert.deepEqual(again.uses.map((u) => `${u.kind}:${u.name}`), EXPECTED_USES);
});

test('a `return` of plain names is not parsed, yet names that are uses there still count', () => {
  const uses = (text: string): string[] => {
    clearPythonAnalysisCache();
    return analyzeText(text, 'python')!.uses.map((u) => `${u.kind}:${u.name}@${u.span.start}`);
  };
  // The outputs the analyzer gave when it parsed every such line.
  assert.deepEqual(uses('import numpy as np\ndef f(z):\n    e = np.exp(z)\n    return e\n'), []);
  assert.deepEqual(uses('import torch\ndef sigmoid(x):\n    return 1 / (1 + torch.exp(-x))\ndef g(x):\n    s = sigmoid(x)\n    return sigmoid, s  # returns the function\n'),
    ['definition:sigmoid@17', 'call:1 / (1 + torch.exp(-x))@40', 'call:sigmoid@82', 'reference:sigmoid@104']);
  assert.deepEqual(uses('from torch.nn.functional import *\ndef g(x):\n    y = exp(x)\n    return relu\n'), ['reference:relu@70']);
  assert.deepEqual(uses('import torch.nn.functional as F\ndef g(x):\n    act = F.relu\n    return act, F\n'), ['reference:F.relu@52']);
  assert.deepEqual(uses('import numpy as np\ndef h(z):\n    m = np.max(z)\n    return m,\n'), []);
});
