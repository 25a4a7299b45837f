// DJL (Deep Java Library): `ai.djl.nn.Activation`'s functions over NDArrays and its block factories.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, usesOf } from './analysisProbe';

describe('Java: DJL activations', () => {
  it('functions, block factories and method references are uses, with their literal parameters', () => {
    const java = [
      'import ai.djl.nn.Activation;',
      'import ai.djl.nn.SequentialBlock;',
      'class Mlp {',
      '  static SequentialBlock build() {',
      '    SequentialBlock net = new SequentialBlock();',
      '    net.add(Activation::relu);',
      '    net.add(Activation.leakyReluBlock(0.1f));',
      '    net.add(Activation.geluBlock());',
      '    return net;',
      '  }',
      '  static NDArray head(NDArray x) { return Activation.sigmoid(Activation.elu(x, 0.5f)); }',
      '}',
    ].join('\n');
    assert.deepEqual(usesOf(java, 'java'), [
      'relu:reference Activation::relu', 'leaky_relu:module Activation.leakyReluBlock', 'gelu:module Activation.geluBlock',
      'sigmoid:call Activation.sigmoid', 'elu:call Activation.elu',
    ]);
    const uses = analyze(java, 'java').uses;
    assert.deepEqual(uses.find((u) => u.activation === 'leaky_relu')!.params, { negative_slope: 0.1 });
    assert.deepEqual(uses.find((u) => u.activation === 'elu')!.params, { alpha: 0.5 });
  });

  it('without the DJL import, `Activation.relu(x)` is the project\'s own class; DL4J\'s `Activation.RELU` stays a selection', () => {
    // A class named for activations that the file does not define is still a use, but not DJL's.
    const other = 'class A { double f(double x) { return Activation.relu(x) + Activation.swishBlock(2.0).hashCode(); } }';
    assert.deepEqual(analyze(other, 'java').uses.map((u) => `${u.activation} ${u.qualifiedName}`), ['relu Activation.relu']);
    const dl4j = [
      'import org.deeplearning4j.nn.conf.layers.DenseLayer;',
      'import org.nd4j.linalg.activations.Activation;',
      'class C { Object l = new DenseLayer.Builder().nOut(64).activation(Activation.RELU).build(); }',
    ].join('\n');
    assert.deepEqual(usesOf(dl4j, 'java'), ['relu:reference Activation.RELU']);
  });
});
