// TorchSharp (.NET's libtorch binding) names activations as PyTorch does; they resolve through the file's using
// directives, with the parameters Python's torch gets.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, usesOf } from './analysisProbe';

const MODEL = [
  'using TorchSharp;',
  'using static TorchSharp.torch;',
  'using F = TorchSharp.torch.nn.functional;',
  'public class Net : nn.Module<Tensor, Tensor> {',
  '  private readonly nn.Module<Tensor, Tensor> act = nn.ReLU();',
  '  private readonly nn.Module<Tensor, Tensor> leaky = nn.LeakyReLU(0.1);',
  '  private readonly nn.Module<Tensor, Tensor> head = torch.nn.Softmax(1);',
  '  public override Tensor forward(Tensor x) {',
  '    var h = F.gelu(x);',
  '    var g = torch.sigmoid(h) * nn.functional.tanh(h) + TorchSharp.torch.nn.functional.silu(h);',
  '    return F.log_softmax(g, 1);',
  '  }',
  '}',
].join('\n');

describe('C#: TorchSharp activations', () => {
  it('functions, modules and an alias resolve through the using directives', () => {
    assert.deepEqual(usesOf(MODEL, 'csharp'), [
      'relu:module nn.ReLU', 'leaky_relu:module nn.LeakyReLU', 'softmax:module torch.nn.Softmax', 'gelu:call F.gelu',
      'sigmoid:call torch.sigmoid', 'tanh:call nn.functional.tanh', 'silu:call TorchSharp.torch.nn.functional.silu',
      'log_softmax:call F.log_softmax',
    ]);
    const leaky = analyze(MODEL, 'csharp').uses.find((u) => u.activation === 'leaky_relu')!;
    assert.deepEqual(leaky.params, { negative_slope: 0.1 });
    assert.equal(leaky.framework, 'torch');
  });

  it('`using static TorchSharp.torch.nn;` makes `functional.relu` and `Sigmoid()` bare; a method the file declares is its own', () => {
    const cs = [
      'using static TorchSharp.torch.nn;',
      'class M { Tensor f(Tensor x) => functional.relu(x) + Sigmoid().forward(x); }',
    ].join('\n');
    assert.deepEqual(usesOf(cs, 'csharp'), ['relu:call functional.relu', 'sigmoid:module Sigmoid']);
    // The file's own method of that name: `Sigmoid()` calls it, not TorchSharp's module.
    const own = [
      'using static TorchSharp.torch.nn;',
      'class M {',
      '  static Gate Sigmoid() => new Gate();',
      '  object f() => Sigmoid();',
      '}',
    ].join('\n');
    assert.deepEqual(analyze(own, 'csharp').uses.filter((u) => u.framework === 'torch'), []);
  });

  it('without TorchSharp imported, `torch.sigmoid` and `nn.ReLU()` are some other library\'s; a global using imports it', () => {
    const cs = 'class M { object f(object x) => torch.sigmoid(x) ?? nn.ReLU(); }';
    assert.deepEqual(usesOf(cs, 'csharp'), []);
    const global = `global using TorchSharp;\nglobal using static TorchSharp.torch;\n${cs}`;
    assert.deepEqual(usesOf(global, 'csharp'), ['sigmoid:call torch.sigmoid', 'relu:module nn.ReLU']);
  });
});
