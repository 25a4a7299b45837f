// A TensorFlow.js model in the browser or Node: activations as layer options and as ops.
// Run: node tfjs_model.js   (needs @tensorflow/tfjs)
const tf = require('@tensorflow/tfjs');

function buildModel(nFeatures) {
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [nFeatures], units: 32, activation: 'relu' }));
  model.add(tf.layers.dense({ units: 16, activation: 'elu' }));
  model.add(tf.layers.leakyReLU({ alpha: 0.3 })); // tfjs' default slope is 0.3
  model.add(tf.layers.dense({ units: 1, activation: 'sigmoid' }));
  return model;
}

// Hand-written, as often seen in tutorials: overflows in exp for x < -709.78 (float64; -88.72 in float32,
// which is what tfjs tensors hold).
function sigmoid(x) {
  return 1 / (1 + Math.exp(-x));
}

const model = buildModel(8);
model.summary();
console.log('sigmoid(2) =', tf.sigmoid(tf.scalar(2)).dataSync()[0], sigmoid(2));
console.log('relu(-1) =', tf.relu(tf.scalar(-1)).dataSync()[0]);
console.log('softmax sums to', tf.softmax(tf.tensor1d([1, 2, 3])).sum().dataSync()[0]);
