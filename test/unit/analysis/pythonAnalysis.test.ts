import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzePythonCells, analyzeText, applyEdits, suppressionEdit, type AnalysisResult } from '../../../src/core/analysis/index';
import { THRESHOLDS } from '../../../src/core/math/thresholds';

function analyze(src: string): AnalysisResult {
  return analyzeText(src, 'python')!;
}

function uses(src: string): string[] {
  const r = analyze(src);
  return r.uses.map((u) => `${u.kind} ${u.activation} ${u.name} ${u.framework}`);
}

function rules(src: string): string[] {
  return analyze(src).findings.map((f) => `${f.rule} ${src.slice(f.span.start, f.span.end)}`);
}

/** Applies the finding's n-th fix and returns the new text. */
function fixed(src: string, n = 0, finding = 0): string {
  const f = analyze(src).findings[finding];
  assert.ok(f, `a finding in ${src}`);
  const fix = f.fixes[n];
  assert.ok(fix, `fix ${n} for ${f.rule}`);
  return applyEdits(src, fix.edits);
}

test('calls resolve through imports and aliases', () => {
  const src = [
    'import torch', 'import torch.nn.functional as F', 'from torch import sigmoid', 'import tensorflow as tf',
    'from tensorflow.keras import activations', 'import jax', 'import flax.linen as nn', 'from scipy.special import expit, log_expit',
    'import numpy as np',
    'a = torch.sigmoid(x) + torch.special.expit(x) + F.leaky_relu(x, 0.3) + sigmoid(x)',
    'b = tf.nn.relu(x) + tf.math.sigmoid(x) + tf.keras.activations.swish(x) + activations.gelu(x)',
    'c = jax.nn.softplus(x) + nn.relu(x) + expit(2.0) + log_expit(x) + np.tanh(x)',
  ].join('\n');
  assert.deepEqual(uses(src), [
    'call sigmoid torch.sigmoid torch', 'call sigmoid torch.special.expit torch', 'call leaky_relu F.leaky_relu torch', 'call sigmoid sigmoid torch',
    'call relu tf.nn.relu tf', 'call sigmoid tf.math.sigmoid tf', 'call silu tf.keras.activations.swish keras', 'call gelu activations.gelu keras',
    'call softplus jax.nn.softplus jax', 'call relu nn.relu flax', 'call sigmoid expit scipy', 'call log_sigmoid log_expit scipy', 'call tanh np.tanh numpy',
  ]);
  const r = analyze(src);
  assert.deepEqual(r.uses[2]!.params, { negative_slope: 0.3 });
  assert.equal(r.uses[2]!.qualifiedName, 'torch.nn.functional.leaky_relu');
  assert.equal(r.uses.find((u) => u.name === 'expit')!.literalArgument, 2);
  const wrapped = analyze('import torch\nimport numpy as np\na = torch.sigmoid(torch.tensor(2.0))\nb = np.tanh(np.float32(-1.5))\nc = torch.sigmoid(g(3))\n');
  assert.deepEqual(wrapped.uses.map((u) => u.literalArgument), [2, -1.5, undefined]);
});

test('module constructors with parameters, string activation arguments, user definitions and their calls', () => {
  const src = [
    'import torch.nn as nn', 'from keras.layers import Dense, Conv2D', 'from sklearn.neural_network import MLPClassifier',
    'layers = [nn.Sigmoid(), nn.ReLU(inplace=True), nn.LeakyReLU(0.2), nn.GELU(approximate="tanh"), nn.Linear(3, 4)]',
    "d = Dense(64, activation='relu')", 'c = Conv2D(8, 3, activation="sigmoid")',
    'def sigmoid(z):', '    return 0.5 * (1 + np.tanh(z / 2))', 'swish = lambda z: z * sigmoid(z)', 'y = sigmoid(-40)',
  ].join('\n');
  const r = analyze(src);
  assert.deepEqual(r.uses.map((u) => `${u.kind} ${u.activation}`), [
    'module sigmoid', 'module relu', 'module leaky_relu', 'module gelu', 'string relu', 'string sigmoid', 'definition sigmoid', 'definition silu', 'call sigmoid', 'call sigmoid',
  ]);
  assert.deepEqual(r.uses[2]!.params, { negative_slope: 0.2 });
  assert.deepEqual(r.uses[3]!.params, { approximate: 'tanh' });
  assert.equal(r.uses[9]!.literalArgument, -40);
  assert.equal(r.uses[4]!.framework, 'keras');
});

test('not uses: comments, docstrings, strings, names containing a word, a user exp, nn.Linear, optimizer.step()', () => {
  const src = [
    'import numpy as np', 'import torch.nn as nn', '# torch.sigmoid(x) and 1/(1+np.exp(-x))', '"""sigmoid(x) = 1/(1+np.exp(-x))"""',
    's = "torch.sigmoid(x)"', 'sigmoid_threshold = 0.5', 'plot_relu_curve(x)', 'def exp(v):', '    return v', 'r = 1/(1+exp(-x))',
    'l = nn.Linear(3, 4)', 'optimizer.step()', "cfg = {'activation': 'relu'}",
  ].join('\n');
  assert.deepEqual(uses(src), []);
  assert.deepEqual(rules(src), []);
});

test('every spelling of the unstable sigmoid, with the library chosen for the fix', () => {
  const np = 'import numpy as np\nimport math\nfrom math import exp\n';
  for (const form of ['1.0/(1.0+np.exp(-z))', '1/(np.exp(-x)+1)', '(1+np.exp(-x))**-1', 'np.power(1+np.exp(-x), -1)', 'np.reciprocal(1+np.exp(-x))', '1/(1+np.e**-x)', '1/(1+math.exp(-x))', '1/(1+exp(-x))', 'np.exp(x)/(1+np.exp(x))']) {
    assert.deepEqual(rules(`${np}y = ${form}\n`), [`unstable-sigmoid ${form}`], form);
  }
  assert.deepEqual(rules('import torch\ny = 1/(1+torch.exp(-x))\n'), ['unstable-sigmoid 1/(1+torch.exp(-x))']);
  assert.deepEqual(rules('import numpy as np\ny = 1/(1+np.exp(-np.clip(x, -500, 500)))\n'), [], 'clipped into the safe range');
  assert.deepEqual(rules('import numpy as np\ny = 1/(1+np.exp(-x)) + 2*np.exp(-x)\n').length, 1);
});

test('messages quote the math core thresholds for the dtype of the library', () => {
  const t64 = THRESHOLDS.float64.naiveSigmoidOverflow;
  const t32 = THRESHOLDS.float32.naiveSigmoidOverflow;
  const msg = analyze('import numpy as np\ny = 1/(1+np.exp(-x))\n').findings[0]!.message;
  assert.ok(msg.includes(`x < ${(Math.ceil(t64 * 100) / 100).toFixed(2)} (float64; < ${(Math.ceil(t32 * 100) / 100).toFixed(2)} in float32)`), msg);
  assert.ok(msg.includes('overflow encountered in exp'));
  const torchMsg = analyze('import torch\ny = 1/(1+torch.exp(-x))\n').findings[0]!.message;
  assert.ok(torchMsg.startsWith(`1/(1+exp(-x)) overflows in exp for x < ${(Math.ceil(t32 * 100) / 100).toFixed(2)} (float32`), torchMsg);
  assert.ok(analyze('import math\ny = 1/(1+math.exp(-x))\n').findings[0]!.message.includes('OverflowError'));
});

test('fixes per library keep the argument text and the file aliases, adding imports where needed', () => {
  assert.equal(fixed('import numpy as np\ny = 1/(1+np.exp(-(a+b)))\n'), 'import numpy as np\nfrom scipy.special import expit\ny = expit(a+b)\n');
  assert.equal(fixed('import numpy as np\nimport scipy.special as sp\ny = 1/(1+np.exp(-z))\n'), 'import numpy as np\nimport scipy.special as sp\ny = sp.expit(z)\n');
  assert.equal(fixed('import numpy as np\ny = 1/(1+np.exp(-z))\n', 1), 'import numpy as np\ny = np.where(z >= 0, 1, np.exp(-np.abs(z))) / (1 + np.exp(-np.abs(z)))\n');
  assert.equal(fixed('import torch as T\ny = 2 * (1/(1+T.exp(-z)))\n'), 'import torch as T\ny = 2 * (T.sigmoid(z))\n');
  assert.equal(fixed('import tensorflow as tf\ny = 1/(1+tf.exp(-z))\n'), 'import tensorflow as tf\ny = tf.math.sigmoid(z)\n');
  assert.equal(fixed('import jax.numpy as jnp\ny = jnp.log(1+jnp.exp(z))\n'), 'import jax.numpy as jnp\nimport jax\ny = jax.nn.softplus(z)\n');
  assert.equal(fixed('import numpy as np\ny = np.log(1 + np.exp(z))\n'), 'import numpy as np\ny = np.logaddexp(0, z)\n');
  assert.equal(fixed('import torch\nimport torch.nn.functional as F\ny = torch.log(1 + torch.exp(z))\n'), 'import torch\nimport torch.nn.functional as F\ny = F.softplus(z)\n');
  assert.equal(fixed('from math import exp\ndef s(x):\n    return 1/(1+exp(-x))\n'), 'from math import exp\ndef s(x):\n    return 1 / (1 + exp(-x)) if x >= 0 else exp(x) / (1 + exp(x))\n');
  assert.equal(fixed('import math\ny = 2 * (1/(1+math.exp(-f(v))))\n'), 'import math\ny = 2 * ((lambda t: 1 / (1 + math.exp(-t)) if t >= 0 else math.exp(t) / (1 + math.exp(t)))(f(v)))\n');
  assert.equal(fixed('import numpy as np\ny = (np.exp(v)-np.exp(-v))/(np.exp(v)+np.exp(-v))\n'), 'import numpy as np\ny = np.tanh(v)\n');
  assert.equal(fixed('import math\ny = (math.exp(2*v)-1)/(math.exp(2*v)+1)\n'), 'import math\ny = math.tanh(v)\n');
  assert.equal(fixed('import numpy as np\ny = np.log(sigmoid(v))\ndef sigmoid(q):\n    return q\n'), 'import numpy as np\ny = -np.logaddexp(0, -v)\ndef sigmoid(q):\n    return q\n');
  assert.equal(fixed('import torch\nimport torch.nn.functional as F\nl = torch.log(torch.sigmoid(v))\n'), 'import torch\nimport torch.nn.functional as F\nl = F.logsigmoid(v)\n');
});

test('softmax and logsumexp fixes keep axis/dim/keepdims and are withheld when broadcasting would change', () => {
  const np = 'import numpy as np\n';
  assert.equal(fixed(`${np}p = np.exp(z) / np.sum(np.exp(z), axis=1, keepdims=True)\n`), `${np}p = np.exp(z - np.max(z, axis=1, keepdims=True)) / np.sum(np.exp(z - np.max(z, axis=1, keepdims=True)), axis=1, keepdims=True)\n`);
  assert.equal(fixed(`${np}p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)\n`, 1), `import numpy as np\nfrom scipy.special import softmax\np = softmax(z, axis=1)\n`);
  assert.equal(analyze(`${np}p = np.exp(z) / np.sum(np.exp(z), axis=1)\n`).findings[0]!.fixes.length, 0);
  assert.equal(fixed('import torch\np = torch.exp(z) / torch.sum(torch.exp(z), dim=-1, keepdim=True)\n'), 'import torch\np = torch.softmax(z, dim=-1)\n');
  assert.equal(fixed('import torch\nl = torch.log(torch.sum(torch.exp(z), dim=1))\n'), 'import torch\nl = torch.logsumexp(z, dim=1)\n');
  assert.equal(fixed(`${np}l = np.log(np.sum(np.exp(z), axis=0, keepdims=True))\n`), `${np}from scipy.special import logsumexp\nl = logsumexp(z, axis=0, keepdims=True)\n`);
  assert.deepEqual(rules(`${np}def f(z):\n    z = z - z.max()\n    return np.exp(z)/np.exp(z).sum()\n`), [], 'max subtracted in an earlier statement');
  assert.deepEqual(rules(`${np}def f(z):\n    e = np.exp(z)\n    return e / e.sum()\n`), ['unstable-softmax e / e.sum()']);
});

test('lossy sigmoid derivative (information) and BCE after sigmoid', () => {
  const r = analyze('import torch\nd = torch.sigmoid(x) * (1 - torch.sigmoid(x))\n');
  assert.equal(r.findings[0]!.severity, 'information');
  assert.equal(applyEdits('import torch\nd = torch.sigmoid(x) * (1 - torch.sigmoid(x))\n', r.findings[0]!.fixes[0]!.edits), 'import torch\nd = torch.sigmoid(x) * torch.sigmoid(-x)\n');
  assert.ok(r.findings[0]!.message.includes((Math.floor(THRESHOLDS.float32.naiveSigmoidGradientZero * 100) / 100).toFixed(2)));
  const bce = 'import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\nl1 = F.binary_cross_entropy(torch.sigmoid(z), y, reduction="sum")\nl2 = nn.BCELoss()(torch.sigmoid(z), y)\n';
  assert.equal(fixed(bce, 0, 0), 'import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\nl1 = F.binary_cross_entropy_with_logits(z, y, reduction="sum")\nl2 = nn.BCELoss()(torch.sigmoid(z), y)\n');
  assert.equal(fixed(bce, 0, 1), 'import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\nl1 = F.binary_cross_entropy(torch.sigmoid(z), y, reduction="sum")\nl2 = nn.BCEWithLogitsLoss()(z, y)\n');
  assert.deepEqual(rules('import torch\nimport torch.nn as nn\ncrit = nn.BCELoss()\nloss = crit(torch.sigmoid(out), y)\n'), ['bce-after-sigmoid crit(torch.sigmoid(out), y)']);
});

test('lossy sigmoid derivative after another factor: a * s * (1 - s) parses as (a * s) * (1 - s)', () => {
  const delta = 'import torch\nd = err * torch.sigmoid(x) * (1 - torch.sigmoid(x))\n';
  assert.deepEqual(rules(delta), ['lossy-sigmoid-derivative torch.sigmoid(x) * (1 - torch.sigmoid(x))']);
  // The fix replaces the last two factors only, grouped so that it stays one factor of the product.
  assert.equal(fixed(delta), 'import torch\nd = err * (torch.sigmoid(x) * torch.sigmoid(-x))\n');
  assert.deepEqual(rules(fixed(delta)), []);
  assert.deepEqual(rules('import torch\nd = a * b * (1 - torch.sigmoid(x)) * torch.sigmoid(x) + c\n'), ['lossy-sigmoid-derivative (1 - torch.sigmoid(x)) * torch.sigmoid(x)']);
  // Not adjacent, or not the same sigmoid: nothing.
  assert.deepEqual(rules('import torch\nd = torch.sigmoid(x) * a * (1 - torch.sigmoid(x))\n'), []);
  assert.deepEqual(rules('import torch\nd = a * torch.sigmoid(x) * (1 - torch.sigmoid(y))\n'), []);
});

test('applied fixes re-analyse clean (no finding left, nothing new)', () => {
  const sources = [
    'import numpy as np\ny = 1/(1+np.exp(-z))\n', 'import math\ny = 1/(1+math.exp(-z))\n', 'import math\ny = math.log(1+math.exp(f(z)))\n',
    'import math\ny = math.log(1/(1+math.exp(-z)))\n', 'import numpy as np\ny = np.log(1-1/(1+np.exp(-z)))\n',
  ];
  for (const src of sources) {
    for (const [i, fix] of analyze(src).findings[0]!.fixes.entries()) {
      const after = applyEdits(src, fix.edits);
      assert.deepEqual(rules(after), [], `fix ${i} of ${src} → ${after}`);
    }
  }
});

test('suppression comments drop findings; suppressionEdit adds or extends one', () => {
  assert.deepEqual(rules('import numpy as np\ny = 1/(1+np.exp(-z))  # activation-lens: ignore[unstable-sigmoid]\n'), []);
  assert.deepEqual(rules('import numpy as np\ny = 1/(1+np.exp(-z))  # activation-lens: ignore\n'), []);
  assert.equal(rules('import numpy as np\ny = 1/(1+np.exp(-z))  # activation-lens: ignore[unstable-softmax]\n').length, 1);
  const src = 'import numpy as np\ny = 1/(1+np.exp(-z))   \n';
  const f = analyze(src).findings[0]!;
  const once = applyEdits(src, [suppressionEdit(src, f, '#')]);
  assert.equal(once, 'import numpy as np\ny = 1/(1+np.exp(-z))  # activation-lens: ignore[unstable-sigmoid]\n');
  assert.deepEqual(rules(once), []);
  const two = 'import numpy as np\ny = np.log(1+np.exp(z))  # activation-lens: ignore[unstable-sigmoid]\n';
  assert.equal(applyEdits(two, [suppressionEdit(two, analyze(two).findings[0]!, '#')]), 'import numpy as np\ny = np.log(1+np.exp(z))  # activation-lens: ignore[unstable-sigmoid, unstable-softplus]\n');
});

test('notebook cells carry imports forward and keep cell-relative offsets', () => {
  const results = analyzePythonCells(['import numpy as np\n', 'x = 1\ny = 1/(1+np.exp(-x))\n', 'bad = (\n', 'z = np.tanh(x)\n']);
  assert.equal(results[1]!.findings.length, 1);
  assert.equal(results[1]!.findings[0]!.span.start, 'x = 1\ny = '.length);
  assert.deepEqual(results[3]!.uses.map((u) => u.activation), ['tanh']);
});

test('bad input: syntax errors, CRLF, tabs, a 100,000-character line, 10,000 nested parentheses, 5 MB', () => {
  const broken = 'import numpy as np\ny = (1/(1+np.exp(-x)) +\nz = 1/(1+np.exp(-x))\n';
  // The broken statement runs into the next line (open bracket): nothing is reported inside it.
  assert.deepEqual(rules(broken), []);
  const recovered = 'import numpy as np\ndef f(:\n    pass\nz = 1/(1+np.exp(-x))\n';
  assert.deepEqual(rules(recovered), ['unstable-sigmoid 1/(1+np.exp(-x))']);
  assert.deepEqual(rules('import numpy as np\r\nif True:\r\n\ty = 1/(1+np.exp(-x))\r\n'), ['unstable-sigmoid 1/(1+np.exp(-x))']);
  const long = `import numpy as np\nx = [${'1, '.repeat(33_000)}]\ny = 1/(1+np.exp(-x))\n`;
  assert.ok(long.split('\n')[1]!.length > 99_000);
  let t0 = performance.now();
  assert.equal(rules(long).length, 1);
  console.log(`  100,000-character line: ${(performance.now() - t0).toFixed(1)} ms`);
  const deep = `import numpy as np\nv = ${'('.repeat(10_000)}x${')'.repeat(10_000)}\ny = 1/(1+np.exp(-x))\n`;
  t0 = performance.now();
  assert.equal(rules(deep).length, 1);
  console.log(`  10,000 nested parentheses: ${(performance.now() - t0).toFixed(1)} ms`);
  const chunk = 'import numpy as np\n\ndef sigmoid(z):\n    return 1 / (1 + np.exp(-z))\n\nclass A:\n    """Doc with torch.sigmoid."""\n    def f(self, x):\n        return np.tanh(x) * 2  # comment\n';
  const big = chunk.repeat(Math.ceil(5_000_000 / chunk.length));
  t0 = performance.now();
  const r = analyze(big);
  console.log(`  ${(big.length / 1e6).toFixed(1)} MB file: ${(performance.now() - t0).toFixed(0)} ms, ${r.findings.length} findings`);
  assert.equal(r.findings.length, Math.ceil(5_000_000 / chunk.length));
  const garbage = Array.from({ length: 20_000 }, (_, i) => String.fromCharCode((i * 7919) % 0x2fff)).join('');
  assert.doesNotThrow(() => analyze(garbage));
});
