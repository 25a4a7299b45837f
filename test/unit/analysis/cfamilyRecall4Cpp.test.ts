// C and C++ shapes the fourth held-out set (test/fixtures/cpp/heldout4) showed the analyzer missing, one describe per
// class of miss; each has the look-alikes that must stay silent next to the shapes that must be found.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, usesOf, findingsOf, fixOf } from './analysisProbe';

describe('C++: libtorch through namespace aliases and using-directives', () => {
  it('namespace F = torch::nn::functional makes F::gelu, F::log_softmax the torch functions, under their full name', () => {
    const text = [
      '#include <torch/torch.h>',
      'namespace F = torch::nn::functional;',
      'namespace tnn = torch::nn;',
      'namespace G = F;',
      'torch::Tensor a(torch::Tensor x) { return F::gelu(x) + G::mish(x); }',
      'torch::Tensor b(torch::Tensor x) { return F::log_softmax(x, F::LogSoftmaxFuncOptions(1)); }',
      'auto act = tnn::Hardswish();',
      'auto f = tnn::functional::elu(y);',
    ].join('\n');
    assert.deepEqual(usesOf(text, 'cpp'), [
      'gelu:call F::gelu', 'mish:call G::mish', 'log_softmax:call F::log_softmax', 'hard_swish:module tnn::Hardswish', 'elu:call tnn::functional::elu',
    ]);
    const r = analyze(text, 'cpp');
    assert.deepEqual(r.uses.map((u) => u.qualifiedName), [
      'torch::nn::functional::gelu', 'torch::nn::functional::mish', 'torch::nn::functional::log_softmax', 'torch::nn::Hardswish', 'torch::nn::functional::elu',
    ]);
    assert.ok(r.uses.every((u) => u.framework === 'torch'));
  });

  it('using namespace torch::nn::functional / torch makes the unqualified names the torch ones', () => {
    const text = [
      'using namespace torch::nn::functional;',
      'torch::Tensor a(torch::Tensor x) { return silu(x) + leaky_relu(x); }',
    ].join('\n');
    assert.deepEqual(usesOf(text, 'cpp'), ['silu:call silu', 'leaky_relu:call leaky_relu']);
    const top = ['using namespace torch;', 'auto p = sigmoid(logits);', 'auto m = nn::ReLU();'].join('\n');
    assert.deepEqual(usesOf(top, 'cpp'), ['sigmoid:call sigmoid', 'relu:module nn::ReLU']);
  });

  it('aliases of other namespaces, a file\'s own function of that name, and alias look-alikes stay silent', () => {
    const silent = [
      // An alias of a namespace that is not torch's.
      ['namespace F = mylib::ops;', 'auto y = F::gelu(x);'],
      // The file's own relu, with a using-directive in force.
      ['using namespace torch::nn::functional;', 'double relu(double v) { return v; }', 'double y = relu(2.0);'],
      // An alias that names nothing known; a using-declaration of an unrelated namespace.
      ['namespace F = torch::nn::functional::detail;', 'auto y = F::silu(x);'],
      ['using namespace cv;', 'auto y = sigmoid(x);'],
    ];
    for (const lines of silent) {
      const text = lines.join('\n');
      // The file's own relu is a definition by its name, and its call a call of it: neither is torch's.
      assert.deepEqual(analyze(text, 'cpp').uses.filter((u) => u.framework === 'torch'), [], text);
    }
  });
});
