// Names users and C-family libraries give activations, for user definitions (`function leakyRelu`),
// selecting strings (`activation: 'hardSigmoid'`) and enum members (`ActivationType.Sigmoid`).
// Matching is on whole names, lowercased with `_`/`-` removed: `sigmoid_threshold` is not `sigmoid`.
import type { ActivationId } from '../../math/types';

const NAME_TO_ACTIVATION: Readonly<Record<string, ActivationId>> = {
  sigmoid: 'sigmoid', logistic: 'sigmoid', expit: 'sigmoid', sigm: 'sigmoid',
  tanh: 'tanh', hyperbolictangent: 'tanh',
  relu: 'relu', rectifiedlinear: 'relu', rectifier: 'relu',
  relu6: 'relu6',
  leakyrelu: 'leaky_relu', lrelu: 'leaky_relu',
  prelu: 'prelu',
  elu: 'elu', selu: 'selu', celu: 'celu', gelu: 'gelu',
  silu: 'silu', swish: 'silu',
  mish: 'mish', softplus: 'softplus', softsign: 'softsign',
  hardsigmoid: 'hard_sigmoid', hardtanh: 'hard_tanh', hardswish: 'hard_swish',
  logsigmoid: 'log_sigmoid', softmax: 'softmax', logsoftmax: 'log_softmax',
  step: 'step', heaviside: 'step', binarystep: 'step',
  linear: 'linear', identity: 'linear',
  exponential: 'exponential', tanhshrink: 'tanhshrink', softshrink: 'softshrink', hardshrink: 'hardshrink',
  thresholdedrelu: 'threshold',
};

/** Names that mean "the activation" without saying which; their body decides (`double Activation(double val)`). */
const GENERIC_NAMES = new Set(['activation', 'activate', 'activationfunction', 'activationfn', 'activationfunc', 'act', 'transfer', 'transferfunction', 'squash']);

/** Object names whose members select an activation (`ActivationType.Sigmoid`, DL4J `Activation.RELU`). */
const SELECTOR_TYPES = new Set(['activation', 'activations', 'activationtype', 'activationfunction', 'activationfunctions',
  'activationkind', 'activationfunctiontype', 'activationenum', 'acttype', 'activationid']);

export function normalizeName(name: string): string {
  return name.replace(/[_\-\s]/g, '').toLowerCase();
}

// Names repeat a lot within a file; remember the answers (bounded, so a huge file cannot grow it without limit).
const lookupCache = new Map<string, ActivationId | null>();

export function activationForName(name: string): ActivationId | undefined {
  const known = lookupCache.get(name);
  if (known !== undefined) return known ?? undefined;
  const key = normalizeName(name);
  const found = Object.prototype.hasOwnProperty.call(NAME_TO_ACTIVATION, key) ? NAME_TO_ACTIVATION[key] : undefined;
  if (lookupCache.size > 10_000) lookupCache.clear();
  lookupCache.set(name, found ?? null);
  return found;
}

// Short names enums of activation kinds give members (darknet's `LEAKY`, `HARDTAN`): activations only as such a member,
// where the enum's other members already say what it lists (`leaky` alone may be a bucket or an integrator).
const MEMBER_NAME_TO_ACTIVATION: Readonly<Record<string, ActivationId>> = { leaky: 'leaky_relu', hardtan: 'hard_tanh' };

/** The activation a member of an enum of activation kinds names (`SIGMOID`, `Tanh`, `LEAKY`), if any. */
export function activationForMemberName(name: string): ActivationId | undefined {
  const found = activationForName(name);
  if (found) return found;
  const key = normalizeName(name);
  return Object.prototype.hasOwnProperty.call(MEMBER_NAME_TO_ACTIVATION, key) ? MEMBER_NAME_TO_ACTIVATION[key] : undefined;
}

// Per-name answers of the predicates below, remembered like `lookupCache` (every name token of a file asks).
const genericCache = new Map<string, boolean>();
const derivativeCache = new Map<string, boolean>();

function remembered(cache: Map<string, boolean>, name: string, compute: (name: string) => boolean): boolean {
  const known = cache.get(name);
  if (known !== undefined) return known;
  const answer = compute(name);
  if (cache.size > 10_000) cache.clear();
  cache.set(name, answer);
  return answer;
}

export function isGenericActivationName(name: string): boolean {
  return remembered(genericCache, name, (n) => GENERIC_NAMES.has(normalizeName(n)));
}

const selectorCache = new Map<string, boolean>();

export function isActivationSelectorType(name: string): boolean {
  return remembered(selectorCache, name, (n) => SELECTOR_TYPES.has(normalizeName(n)));
}

/** Keys whose string value selects an activation: `activation`, `hiddenActivation`, `outputActivation`. */
export function isActivationKey(name: string): boolean {
  const key = normalizeName(name);
  return key === 'activation' || key.endsWith('activation') || key === 'activationfunction' || key === 'activationfn';
}

/** Names of functions computing a sigmoid's derivative: `DActivation`, `sigmoidDerivative`, `dsigmoid`, `sigmoid_prime`. */
export function isSigmoidDerivativeName(name: string): boolean {
  return remembered(derivativeCache, name, sigmoidDerivativeName);
}

function sigmoidDerivativeName(name: string): boolean {
  const key = normalizeName(name);
  // `dactivate` too (the verb, as `activate` is the function), but not `activated` after it: that is a past tense.
  return /^(d|derivative|deriv|derivativeof|grad|gradient)(sigmoid|logistic|activation|activate|act)$/.test(key)
    || /^(sigmoid|logistic|activation|act)(derivative|deriv|prime|grad|gradient|d|dx)$/.test(key);
}
