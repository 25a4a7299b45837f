// What Python names mean: the activation functions, module classes and string names of the libraries
// (torch, tf/keras, jax/flax, numpy, scipy, math, sklearn), and the elementary functions (exp, log, sum,
// max, clip, ...) the stability rules look for. Keys are canonical qualified names: the alias table in
// pythonImports.ts turns what a file writes (`F.relu`, `tf.keras.activations.gelu`) into these.
import type { ActivationId } from '../../math/types';
import type { ElementaryOp } from '../stabilityRules';
import type { UseFramework } from '../types';

export interface KnownActivation {
  readonly activation: ActivationId;
  readonly framework: UseFramework;
  readonly kind: 'call' | 'module';
  /** Library parameter names by position: for functions after the input, for module constructors from the first. */
  readonly positional: readonly string[];
}

const table = new Map<string, KnownActivation>();

function add(prefixes: readonly string[], framework: UseFramework, kind: 'call' | 'module', entries: Record<string, [ActivationId, ...string[]]>): void {
  for (const prefix of prefixes) {
    for (const [name, [activation, ...positional]] of Object.entries(entries)) {
      table.set(`${prefix}.${name}`, { activation, framework, kind, positional });
    }
  }
}

const TORCH_FUNCTIONAL: Record<string, [ActivationId, ...string[]]> = {
  relu: ['relu'], relu_: ['relu'], relu6: ['relu6'], leaky_relu: ['leaky_relu', 'negative_slope'], leaky_relu_: ['leaky_relu', 'negative_slope'],
  elu: ['elu', 'alpha'], elu_: ['elu', 'alpha'], selu: ['selu'], celu: ['celu', 'alpha'], gelu: ['gelu'], silu: ['silu'], mish: ['mish'],
  softplus: ['softplus', 'beta', 'threshold'], softsign: ['softsign'], hardsigmoid: ['hard_sigmoid'], hardtanh: ['hard_tanh', 'min_val', 'max_val'],
  hardswish: ['hard_swish'], logsigmoid: ['log_sigmoid'], softmax: ['softmax'], log_softmax: ['log_softmax'], tanhshrink: ['tanhshrink'],
  softshrink: ['softshrink', 'lambd'], hardshrink: ['hardshrink', 'lambd'], threshold: ['threshold', 'threshold', 'value'],
  sigmoid: ['sigmoid'], tanh: ['tanh'], prelu: ['prelu'],
};
add(['torch.nn.functional'], 'torch', 'call', TORCH_FUNCTIONAL);
add(['torch'], 'torch', 'call', {
  sigmoid: ['sigmoid'], sigmoid_: ['sigmoid'], tanh: ['tanh'], relu: ['relu'], relu_: ['relu'], selu: ['selu'], celu: ['celu', 'alpha'],
  softmax: ['softmax'], log_softmax: ['log_softmax'], prelu: ['prelu'], hardshrink: ['hardshrink', 'lambd'],
});
add(['torch.special'], 'torch', 'call', { expit: ['sigmoid'], softmax: ['softmax'], log_softmax: ['log_softmax'] });
add(['torch.nn'], 'torch', 'module', {
  Sigmoid: ['sigmoid'], Tanh: ['tanh'], ReLU: ['relu'], ReLU6: ['relu6'], LeakyReLU: ['leaky_relu', 'negative_slope'], PReLU: ['prelu', 'num_parameters', 'init'],
  ELU: ['elu', 'alpha'], SELU: ['selu'], CELU: ['celu', 'alpha'], GELU: ['gelu'], SiLU: ['silu'], Mish: ['mish'], Softplus: ['softplus', 'beta', 'threshold'],
  Softsign: ['softsign'], Hardsigmoid: ['hard_sigmoid'], Hardtanh: ['hard_tanh', 'min_val', 'max_val'], Hardswish: ['hard_swish'], LogSigmoid: ['log_sigmoid'],
  Softmax: ['softmax', 'dim'], LogSoftmax: ['log_softmax', 'dim'], Tanhshrink: ['tanhshrink'], Softshrink: ['softshrink', 'lambd'], Hardshrink: ['hardshrink', 'lambd'],
  Threshold: ['threshold', 'threshold', 'value'],
});

const KERAS_ACTIVATIONS: Record<string, [ActivationId, ...string[]]> = {
  sigmoid: ['sigmoid'], tanh: ['tanh'], relu: ['relu'], relu6: ['relu6'], leaky_relu: ['leaky_relu', 'negative_slope'], elu: ['elu', 'alpha'],
  selu: ['selu'], celu: ['celu', 'alpha'], gelu: ['gelu', 'approximate'], silu: ['silu'], swish: ['silu'], mish: ['mish'], softplus: ['softplus'],
  softsign: ['softsign'], hard_sigmoid: ['hard_sigmoid'], hard_silu: ['hard_swish'], hard_swish: ['hard_swish'], log_sigmoid: ['log_sigmoid'],
  softmax: ['softmax'], log_softmax: ['log_softmax'], exponential: ['exponential'], linear: ['linear'], squareplus: ['squareplus'],
  sparse_plus: ['sparse_plus'], tanh_shrink: ['tanhshrink'], hard_tanh: ['hard_tanh'], soft_shrink: ['softshrink'], hard_shrink: ['hardshrink'],
};
add(['keras.activations', 'keras.ops', 'keras.ops.nn'], 'keras', 'call', KERAS_ACTIVATIONS);
add(['keras.layers'], 'keras', 'module', {
  ReLU: ['relu'], LeakyReLU: ['leaky_relu', 'negative_slope'], PReLU: ['prelu'], ELU: ['elu', 'alpha'], Softmax: ['softmax'],
});
add(['tensorflow.nn'], 'tf', 'call', {
  sigmoid: ['sigmoid'], tanh: ['tanh'], relu: ['relu'], relu6: ['relu6'], leaky_relu: ['leaky_relu', 'alpha'], elu: ['elu'], selu: ['selu'],
  gelu: ['gelu', 'approximate'], silu: ['silu'], swish: ['silu'], softplus: ['softplus'], softsign: ['softsign'], softmax: ['softmax'],
  log_softmax: ['log_softmax'], log_sigmoid: ['log_sigmoid'],
});
add(['tensorflow.math'], 'tf', 'call', {
  sigmoid: ['sigmoid'], tanh: ['tanh'], softplus: ['softplus'], log_sigmoid: ['log_sigmoid'], softsign: ['softsign'],
});
add(['tensorflow'], 'tf', 'call', { sigmoid: ['sigmoid'], tanh: ['tanh'] });

const JAX_NN: Record<string, [ActivationId, ...string[]]> = {
  sigmoid: ['sigmoid'], relu: ['relu'], relu6: ['relu6'], leaky_relu: ['leaky_relu', 'negative_slope'], elu: ['elu', 'alpha'], selu: ['selu'],
  celu: ['celu', 'alpha'], gelu: ['gelu', 'approximate'], silu: ['silu'], swish: ['silu'], mish: ['mish'], softplus: ['softplus'], soft_sign: ['softsign'],
  hard_sigmoid: ['hard_sigmoid'], hard_tanh: ['hard_tanh'], hard_swish: ['hard_swish'], hard_silu: ['hard_swish'], log_sigmoid: ['log_sigmoid'],
  softmax: ['softmax'], log_softmax: ['log_softmax'], sparse_plus: ['sparse_plus'], squareplus: ['squareplus'],
};
add(['jax.nn'], 'jax', 'call', JAX_NN);
add(['flax.linen'], 'flax', 'call', { ...JAX_NN, tanh: ['tanh'] });
add(['flax.linen'], 'flax', 'module', { PReLU: ['prelu'] });
add(['jax.numpy'], 'jax', 'call', { tanh: ['tanh'] });
add(['jax.scipy.special'], 'jax', 'call', { expit: ['sigmoid'] });
add(['numpy'], 'numpy', 'call', { tanh: ['tanh'] });
add(['math'], 'math', 'call', { tanh: ['tanh'] });
add(['scipy.special'], 'scipy', 'call', { expit: ['sigmoid'], log_expit: ['log_sigmoid'], softmax: ['softmax'], log_softmax: ['log_softmax'] });

/** Canonical qualified name → activation; module prefixes are already canonical (see `canonicalModule`). */
export function knownActivation(qualified: string): KnownActivation | undefined {
  return table.get(qualified);
}

/** `tensorflow.keras.x` and `tf_keras.x` are keras; `tensorflow.python.keras` too. */
export function canonicalModule(qualified: string): string {
  if (qualified.startsWith('tensorflow.keras.') || qualified === 'tensorflow.keras') return 'keras' + qualified.slice('tensorflow.keras'.length);
  if (qualified.startsWith('tf_keras.') || qualified === 'tf_keras') return 'keras' + qualified.slice('tf_keras'.length);
  if (qualified.startsWith('tensorflow.python.keras')) return 'keras' + qualified.slice('tensorflow.python.keras'.length);
  if (qualified.startsWith('torch.nn.modules.activation.')) return 'torch.nn.' + qualified.slice('torch.nn.modules.activation.'.length);
  return qualified;
}

// Strings that name an activation where a library takes one (`activation='relu'`, sklearn's 'logistic').
const STRING_NAMES: Record<string, ActivationId> = {
  sigmoid: 'sigmoid', logistic: 'sigmoid', expit: 'sigmoid', tanh: 'tanh', relu: 'relu', relu6: 'relu6', leaky_relu: 'leaky_relu',
  elu: 'elu', selu: 'selu', celu: 'celu', gelu: 'gelu', silu: 'silu', swish: 'silu', mish: 'mish', softplus: 'softplus', softsign: 'softsign',
  hard_sigmoid: 'hard_sigmoid', hard_silu: 'hard_swish', hard_swish: 'hard_swish', log_sigmoid: 'log_sigmoid', softmax: 'softmax',
  log_softmax: 'log_softmax', exponential: 'exponential', linear: 'linear', identity: 'linear', squareplus: 'squareplus',
  sparse_plus: 'sparse_plus', tanh_shrink: 'tanhshrink', hard_tanh: 'hard_tanh', soft_shrink: 'softshrink', hard_shrink: 'hardshrink',
  gelu_new: 'gelu', gelu_pytorch_tanh: 'gelu', quick_gelu: 'gelu', leakyrelu: 'leaky_relu', prelu: 'prelu',
};

// As a map: a string from the text is looked up there without being interned first, as an object key would be.
const STRING_NAME_MAP = new Map(Object.entries(STRING_NAMES));

export function activationForString(value: string): ActivationId | undefined {
  return STRING_NAME_MAP.get(value);
}

/** Keyword arguments whose string value selects an activation. */
export const ACTIVATION_KEYWORDS = new Set(['activation', 'recurrent_activation', 'hidden_act', 'activation_fn', 'act_fn', 'act', 'nonlinearity', 'hidden_activation', 'output_activation']);

/** Callees whose first positional string argument selects an activation. */
export const STRING_ACTIVATION_CALLEES = new Set(['keras.layers.Activation', 'keras.activations.get', 'transformers.activations.get_activation']);

// User definitions named after an activation: the exact ids and aliases, compared without case and underscores
// (`def sigmoid`, `class LeakyReLU`, `def hard_swish`). Too generic to mean an activation: linear, identity, step,
// threshold, exponential; the step function's longer catalog names (`step_function`, `heaviside`) are not.
const DEFINITION_NAMES: Record<string, ActivationId> = {
  sigmoid: 'sigmoid', logistic: 'sigmoid', expit: 'sigmoid', tanh: 'tanh', relu: 'relu', relu6: 'relu6', leakyrelu: 'leaky_relu',
  prelu: 'prelu', elu: 'elu', selu: 'selu', celu: 'celu', gelu: 'gelu', silu: 'silu', swish: 'silu', mish: 'mish', softplus: 'softplus',
  softsign: 'softsign', hardsigmoid: 'hard_sigmoid', hardtanh: 'hard_tanh', hardswish: 'hard_swish', hardsilu: 'hard_swish',
  logsigmoid: 'log_sigmoid', softmax: 'softmax', logsoftmax: 'log_softmax', tanhshrink: 'tanhshrink', softshrink: 'softshrink',
  hardshrink: 'hardshrink', squareplus: 'squareplus', sparseplus: 'sparse_plus', stablesigmoid: 'sigmoid', stablesoftmax: 'softmax',
  stepfunction: 'step', heaviside: 'step', binarystep: 'step', unitstep: 'step',
};

// Length, first and last character of each key: most names are rejected before any string is built.
const DEFINITION_KEYS = new Set(Object.keys(DEFINITION_NAMES).map((k) => definitionKey(k.length, k.charCodeAt(0), k.charCodeAt(k.length - 1))));
// The same table as a map: looking up a string built from a name is cheaper there than as an object's key.
const DEFINITION_MAP = new Map(Object.entries(DEFINITION_NAMES));

function definitionKey(length: number, first: number, last: number): number {
  return (length * 128 + first) * 128 + last;
}

export function activationForDefinition(name: string): ActivationId | undefined {
  let key: string;
  let ascii = true;
  let length = 0;
  let first = -1;
  let last = -1;
  for (let i = 0; i < name.length && ascii; i++) {
    const c = name.charCodeAt(i);
    if (c >= 128) ascii = false;
    else if (c !== 95) {
      length++;
      last = c >= 65 && c <= 90 ? c + 32 : c;
      if (first < 0) first = last;
    }
  }
  if (ascii) {
    // ASCII lower-cases one character to one: the key's length, first and last characters are known without building it.
    if (!DEFINITION_KEYS.has(definitionKey(length, first, last))) return undefined;
    key = length === name.length ? name.toLowerCase() : name.replaceAll('_', '').toLowerCase();
  } else {
    key = '';
    for (const ch of name) if (ch !== '_') key += ch.toLowerCase();
  }
  return DEFINITION_MAP.get(key);
}

/** Tensor methods that are activations (`logits.sigmoid()`), counted in files that import torch. */
export const TORCH_TENSOR_METHODS: Readonly<Record<string, ActivationId>> = {
  sigmoid: 'sigmoid', sigmoid_: 'sigmoid', tanh: 'tanh', tanh_: 'tanh', relu: 'relu', relu_: 'relu', softmax: 'softmax', log_softmax: 'log_softmax',
};

/** Libraries the elementary functions come from; fixes are written for the library the unstable form uses. */
export type MathLibrary = 'numpy' | 'torch' | 'tf' | 'jax' | 'math';


const ELEMENTARY = new Map<string, [ElementaryOp, MathLibrary]>();
function elementary(lib: MathLibrary, modules: readonly string[], ops: Record<string, ElementaryOp>): void {
  for (const m of modules) for (const [name, op] of Object.entries(ops)) ELEMENTARY.set(m ? `${m}.${name}` : name, [op, lib]);
}
elementary('numpy', ['numpy', 'cupy', 'autograd.numpy'], {
  exp: 'exp', log: 'log', log1p: 'log1p', sum: 'sum', max: 'max', amax: 'max', nanmax: 'max', clip: 'clip', power: 'power', float_power: 'power',
  reciprocal: 'reciprocal', e: 'e', abs: 'abs', absolute: 'abs', fabs: 'abs',
});
elementary('math', ['math'], { exp: 'exp', log: 'log', log1p: 'log1p', fsum: 'sum', pow: 'power', e: 'e', fabs: 'abs' });
elementary('torch', ['torch'], {
  exp: 'exp', log: 'log', log1p: 'log1p', sum: 'sum', max: 'max', amax: 'max', clamp: 'clip', clip: 'clip', pow: 'power', reciprocal: 'reciprocal', e: 'e',
  abs: 'abs',
});
elementary('tf', ['tensorflow', 'tensorflow.math'], {
  exp: 'exp', log: 'log', log1p: 'log1p', reduce_sum: 'sum', reduce_max: 'max', pow: 'power', reciprocal: 'reciprocal', abs: 'abs',
});
elementary('tf', ['tensorflow'], { clip_by_value: 'clip' });
elementary('jax', ['jax.numpy'], { exp: 'exp', log: 'log', log1p: 'log1p', sum: 'sum', max: 'max', amax: 'max', clip: 'clip', power: 'power', reciprocal: 'reciprocal', e: 'e', abs: 'abs' });

/** The elementary function a canonical qualified name denotes, and its library. */
export function elementaryFunction(qualified: string): [ElementaryOp, MathLibrary] | undefined {
  return ELEMENTARY.get(qualified);
}

/** Builtins the rules know: `sum(...)`, `max(...)` (unless the file rebinds them). */
export const BUILTIN_ELEMENTARY: Readonly<Record<string, ElementaryOp>> = { sum: 'sum', max: 'max', abs: 'abs' };

/** Tensor/array methods: `z.exp()`, `e.sum(axis=1)`, `x.max()`, `x.clamp(-500, 500)`. */
export const METHOD_ELEMENTARY: Readonly<Record<string, ElementaryOp>> = {
  exp: 'exp', log: 'log', log1p: 'log1p', sum: 'sum', max: 'max', amax: 'max', clip: 'clip', clamp: 'clip', abs: 'abs',
};

/** torch binary cross-entropy on probabilities, and its logits form. */
export const BCE_FUNCTIONS: Readonly<Record<string, string>> = {
  'torch.nn.functional.binary_cross_entropy': 'binary_cross_entropy_with_logits',
};
export const BCE_MODULES: Readonly<Record<string, string>> = { 'torch.nn.BCELoss': 'BCEWithLogitsLoss' };
