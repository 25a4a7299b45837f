// The activation catalog: one entry per activation with its formula, parameters, framework defaults,
// value and derivatives (from the accurate per-family modules) and computed properties.
// float32 mode: the argument and the parameters are rounded to float32 and the accurate float64 result
// is rounded once to float32, which is what a correctly rounded float32 kernel returns; that shows where
// float32 saturates (σ rounds to 1 from x ≈ 16.6) and overflows (exp beyond 88.72). The naive forms,
// rounded at every step, are in naive.ts.
import {
  ACTIVATION_IDS, FRAMEWORKS, type Activation, type ActivationId, type ActivationProperties, type Breakpoint,
  type Dtype, type Framework, type GridValues, type Interval, type ParamSpec, type ParamValue, type Params,
} from './types';
import {
  logSigmoid, sigmoidJoint, sigmoidSecondDerivative, softplus, softplusDerivative, softplusSecondDerivative,
  stableSigmoid, stableSigmoidDerivative,
} from './sigmoid';
import { accurateTanh } from './elementary';
import { accurateExp } from './exp';
import {
  geluErf, geluErfDerivative, geluErfJoint, geluErfSecondDerivative, geluTanh, geluTanhDerivative, geluTanhSecondDerivative,
} from './gelu';
import {
  celu, celuDerivative, celuSecondDerivative, elu, eluDerivative, eluSecondDerivative, mish, mishDerivative,
  mishSecondDerivative, selu, seluDerivative, seluSecondDerivative, silu, siluDerivative, siluSecondDerivative,
  softsign, softsignDerivative, softsignSecondDerivative, squareplus, squareplusDerivative,
  squareplusSecondDerivative, tanhDerivative, tanhSecondDerivative, tanhshrink, tanhshrinkDerivative,
  tanhshrinkSecondDerivative,
} from './smooth';
import {
  clip, clipDerivative, hardSigmoid, hardSigmoidDerivative, hardSwish, hardSwishDerivative,
  hardSwishSecondDerivative, hardshrink, leaky, leakyDerivative, relu, reluDerivative, shrinkDerivative,
  softshrink, sparsePlus, sparsePlusDerivative, sparsePlusSecondDerivative, step, thresholdValue,
} from './piecewise';
import { maximize, slopeProperties } from './properties';

/** Resolved parameters: every declared parameter present, numbers as numbers. */
type P = Readonly<Record<string, number | string>>;
const num = (p: P, name: string): number => p[name] as number;

// SELU's constants as torch, JAX and Keras define them (torch.nn.SELU docs: alpha = 1.6732632423543772848170429916717,
// scale = 1.0507009873554804934193349852946); stored as the nearest doubles.
const SELU_ALPHA = 1.6732632423543772848170429916717;
const SELU_SCALE = 1.0507009873554804934193349852946;

interface Definition {
  readonly id: ActivationId;
  readonly displayName: string;
  readonly aliases: readonly string[];
  readonly text: string;
  readonly latex: string;
  readonly params?: readonly ParamSpec[];
  readonly vector?: boolean;
  readonly f: (x: number, p: P) => number;
  readonly d1: (x: number, p: P) => number;
  /** Omitted for piecewise-linear functions: 0 away from breakpoints, NaN on them. */
  readonly d2?: (x: number, p: P) => number;
  /**
   * f, f' and (when withSecond) f'' at x into out[0..2], bit-identical to f, d1 and d2, for activations
   * whose orders share their costly part; false when it does not apply to these parameters (the caller
   * then uses f, d1 and d2). Breakpoints are the caller's business, as for d2.
   */
  readonly joint?: (x: number, p: P, out: Float64Array, withSecond: boolean) => boolean;
  readonly breakpoints?: (p: P) => Breakpoint[];
  /** minima: the points where f' turns from negative to positive, computed with the slope properties. */
  readonly range: (p: P, f: (x: number) => number, minima: readonly number[]) => Interval;
  readonly monotonic: boolean | ((p: P) => boolean);
  readonly zeroCentred: boolean | ((p: P) => boolean);
  readonly smooth: boolean | ((p: P) => boolean);
  /** Per-framework parameter defaults that differ from `params`' defaults. */
  readonly frameworks?: Partial<Record<Framework, Readonly<Record<string, ParamValue>>>>;
}

const iv = (lo: number, hi: number, loClosed = isFinite(lo), hiClosed = isFinite(hi)): Interval => ({ lo, hi, loClosed, hiClosed });
const REAL = iv(-Infinity, Infinity);
const kink = (x: number): Breakpoint => ({ x, kind: 'kink' });
const jump = (x: number): Breakpoint => ({ x, kind: 'jump' });

/** The minimum of a function that dips below 0 before rising (gelu, silu, mish, hard_swish), computed. */
function rangeFromMinimum(f: (x: number) => number, minima: readonly number[] = []): Interval {
  // the local minima of f are where f' turns from negative to positive (found while sampling f' for the
  // slope properties): the lowest f there, without sampling f again
  if (minima.length > 0) return iv(Math.min(...minima.map(f)), Infinity, true, false);
  const m = maximize((x) => (isFinite(x) ? -f(x) : -Infinity), [], false);
  return iv(-m.value, Infinity, true, false);
}

const numberParam = (name: string, def: number, description: string, extra: Partial<ParamSpec> = {}): ParamSpec => ({
  name, kind: 'number', default: def, description, ...extra,
});

const DEFINITIONS: readonly Definition[] = [
  {
    id: 'sigmoid', displayName: 'Sigmoid', aliases: ['logistic', 'expit', 'sigmoid_', 'logistic_sigmoid'],
    text: 'σ(x) = 1 / (1 + e^(−x))', latex: '\\sigma(x) = \\frac{1}{1 + e^{-x}}',
    f: (x) => stableSigmoid(x), d1: (x) => stableSigmoidDerivative(x), d2: (x) => sigmoidSecondDerivative(x),
    joint: (x, _p, out, withSecond) => (sigmoidJoint(x, out, withSecond), true),
    range: () => iv(0, 1, false, false), monotonic: true, zeroCentred: false, smooth: true,
  },
  {
    id: 'tanh', displayName: 'Tanh', aliases: ['hyperbolic_tangent', 'tanh_'],
    text: 'tanh(x) = (e^x − e^(−x)) / (e^x + e^(−x))', latex: '\\tanh(x) = \\frac{e^{x} - e^{-x}}{e^{x} + e^{-x}}',
    f: (x) => accurateTanh(x), d1: (x) => tanhDerivative(x), d2: (x) => tanhSecondDerivative(x),
    range: () => iv(-1, 1, false, false), monotonic: true, zeroCentred: true, smooth: true,
  },
  {
    id: 'relu', displayName: 'ReLU', aliases: ['rectified_linear', 'relu_'],
    text: 'ReLU(x) = max(0, x)', latex: '\\mathrm{ReLU}(x) = \\max(0, x)',
    f: (x) => relu(x), d1: (x) => reluDerivative(x), breakpoints: () => [kink(0)],
    range: () => iv(0, Infinity), monotonic: true, zeroCentred: false, smooth: false,
  },
  {
    id: 'relu6', displayName: 'ReLU6', aliases: [],
    text: 'ReLU6(x) = min(max(0, x), 6)', latex: '\\mathrm{ReLU6}(x) = \\min(\\max(0, x), 6)',
    f: (x) => clip(x, 0, 6), d1: (x) => clipDerivative(x, 0, 6), breakpoints: () => [kink(0), kink(6)],
    range: () => iv(0, 6), monotonic: true, zeroCentred: false, smooth: false,
  },
  {
    id: 'leaky_relu', displayName: 'Leaky ReLU', aliases: ['leakyrelu', 'lrelu', 'leaky'],
    text: 'LeakyReLU(x) = x if x > 0, else a·x', latex: '\\mathrm{LeakyReLU}(x) = \\begin{cases} x & x > 0 \\\\ a x & x \\le 0 \\end{cases}',
    // torch.nn.functional.leaky_relu negative_slope=0.01; jax.nn.leaky_relu negative_slope=0.01; ONNX LeakyRelu alpha=0.01;
    // keras.activations.leaky_relu negative_slope=0.2 (Keras 3); tf.nn.leaky_relu alpha=0.2; tf.leakyRelu (tfjs) alpha=0.2.
    params: [numberParam('negative_slope', 0.01, 'slope a for x ≤ 0', { aliases: ['alpha', 'slope', 'negslope'] })],
    frameworks: { keras: { negative_slope: 0.2 }, tf: { negative_slope: 0.2 }, tfjs: { negative_slope: 0.2 } },
    f: (x, p) => leaky(x, num(p, 'negative_slope')), d1: (x, p) => leakyDerivative(x, num(p, 'negative_slope')),
    breakpoints: (p) => (num(p, 'negative_slope') === 1 ? [] : [kink(0)]),
    range: (p) => (num(p, 'negative_slope') > 0 ? REAL : num(p, 'negative_slope') === 0 ? iv(0, Infinity) : iv(0, Infinity)),
    monotonic: (p) => num(p, 'negative_slope') >= 0, zeroCentred: (p) => num(p, 'negative_slope') > 0, smooth: (p) => num(p, 'negative_slope') === 1,
  },
  {
    id: 'prelu', displayName: 'PReLU', aliases: ['parametric_relu'],
    text: 'PReLU(x) = x if x > 0, else w·x (w learned)', latex: '\\mathrm{PReLU}(x) = \\begin{cases} x & x > 0 \\\\ w x & x \\le 0 \\end{cases}',
    // torch.nn.PReLU init=0.25; keras.layers.PReLU alpha_initializer='zeros'; tfjs prelu alphaInitializer zeros.
    params: [numberParam('weight', 0.25, 'learned slope w for x ≤ 0 (its initial value)', { aliases: ['alpha', 'init', 'slope'] })],
    frameworks: { keras: { weight: 0 }, tf: { weight: 0 }, tfjs: { weight: 0 } },
    f: (x, p) => leaky(x, num(p, 'weight')), d1: (x, p) => leakyDerivative(x, num(p, 'weight')),
    breakpoints: (p) => (num(p, 'weight') === 1 ? [] : [kink(0)]),
    range: (p) => (num(p, 'weight') > 0 ? REAL : iv(0, Infinity)),
    monotonic: (p) => num(p, 'weight') >= 0, zeroCentred: (p) => num(p, 'weight') > 0, smooth: (p) => num(p, 'weight') === 1,
  },
  {
    id: 'elu', displayName: 'ELU', aliases: [],
    text: 'ELU(x) = x if x > 0, else α(e^x − 1)', latex: '\\mathrm{ELU}(x) = \\begin{cases} x & x > 0 \\\\ \\alpha (e^{x} - 1) & x \\le 0 \\end{cases}',
    // torch.nn.ELU alpha=1.0; keras.activations.elu alpha=1.0; jax.nn.elu alpha=1.0; ONNX Elu alpha=1.0.
    params: [numberParam('alpha', 1, 'α: the negative saturation value is −α', { min: 0 })],
    f: (x, p) => elu(x, num(p, 'alpha')), d1: (x, p) => eluDerivative(x, num(p, 'alpha')), d2: (x, p) => eluSecondDerivative(x, num(p, 'alpha')),
    breakpoints: (p) => (num(p, 'alpha') === 1 ? [] : [kink(0)]),
    range: (p) => iv(-num(p, 'alpha'), Infinity, false, false), monotonic: (p) => num(p, 'alpha') >= 0, zeroCentred: true, smooth: false,
  },
  {
    id: 'selu', displayName: 'SELU', aliases: ['scaled_elu'],
    text: 'SELU(x) = λx if x > 0, else λα(e^x − 1)', latex: '\\mathrm{SELU}(x) = \\lambda \\begin{cases} x & x > 0 \\\\ \\alpha (e^{x} - 1) & x \\le 0 \\end{cases}',
    params: [
      numberParam('alpha', SELU_ALPHA, 'α ≈ 1.6733 (self-normalising constant)'),
      numberParam('scale', SELU_SCALE, 'λ ≈ 1.0507 (self-normalising constant)', { aliases: ['gamma', 'lambda'] }),
    ],
    f: (x, p) => selu(x, num(p, 'alpha'), num(p, 'scale')), d1: (x, p) => seluDerivative(x, num(p, 'alpha'), num(p, 'scale')),
    d2: (x, p) => seluSecondDerivative(x, num(p, 'alpha'), num(p, 'scale')),
    breakpoints: (p) => (num(p, 'alpha') === 1 ? [] : [kink(0)]),
    range: (p) => iv(-num(p, 'alpha') * num(p, 'scale'), Infinity, false, false), monotonic: true, zeroCentred: true, smooth: false,
  },
  {
    id: 'celu', displayName: 'CELU', aliases: ['continuously_differentiable_elu'],
    text: 'CELU(x) = max(0, x) + min(0, α(e^(x/α) − 1))', latex: '\\mathrm{CELU}(x) = \\max(0, x) + \\min\\left(0, \\alpha (e^{x/\\alpha} - 1)\\right)',
    // torch.nn.CELU alpha=1.0; jax.nn.celu alpha=1.0; ONNX Celu alpha=1.0.
    params: [numberParam('alpha', 1, 'α > 0', { min: Number.MIN_VALUE })],
    f: (x, p) => celu(x, num(p, 'alpha')), d1: (x, p) => celuDerivative(x, num(p, 'alpha')), d2: (x, p) => celuSecondDerivative(x, num(p, 'alpha')),
    range: (p) => iv(-num(p, 'alpha'), Infinity, false, false), monotonic: true, zeroCentred: true, smooth: false,
  },
  {
    id: 'gelu', displayName: 'GELU', aliases: ['gaussian_error_linear_unit', 'gelu_new', 'gelu_fast', 'gelu_pytorch_tanh', 'approximate_gelu'],
    text: 'GELU(x) = x·Φ(x) = x/2·(1 + erf(x/√2)); tanh form: x/2·(1 + tanh(√(2/π)(x + 0.044715x³)))',
    latex: '\\mathrm{GELU}(x) = x\\,\\Phi(x) = \\frac{x}{2}\\left(1 + \\operatorname{erf}\\frac{x}{\\sqrt 2}\\right)',
    // torch.nn.functional.gelu approximate='none'; jax.nn.gelu approximate=True; keras.activations.gelu approximate=False;
    // tf.nn.gelu approximate=False; ONNX Gelu approximate='none'.
    params: [{ name: 'approximate', kind: 'choice', default: 'none', choices: ['none', 'tanh'], description: "'none': exact erf form; 'tanh': the tanh approximation" }],
    frameworks: { jax: { approximate: 'tanh' } },
    f: (x, p) => (p.approximate === 'tanh' ? geluTanh(x) : geluErf(x)),
    d1: (x, p) => (p.approximate === 'tanh' ? geluTanhDerivative(x) : geluErfDerivative(x)),
    d2: (x, p) => (p.approximate === 'tanh' ? geluTanhSecondDerivative(x) : geluErfSecondDerivative(x)),
    joint: (x, p, out, withSecond) => p.approximate !== 'tanh' && (geluErfJoint(x, out, withSecond), true),
    range: (_p, f, minima) => rangeFromMinimum(f, minima), monotonic: false, zeroCentred: false, smooth: true,
  },
  {
    id: 'silu', displayName: 'SiLU (Swish)', aliases: ['swish', 'swish1', 'sigmoid_linear_unit'],
    text: 'SiLU(x) = x·σ(x) = x / (1 + e^(−x))', latex: '\\mathrm{SiLU}(x) = x\\,\\sigma(x) = \\frac{x}{1 + e^{-x}}',
    f: (x) => silu(x), d1: (x) => siluDerivative(x), d2: (x) => siluSecondDerivative(x),
    range: (_p, f, minima) => rangeFromMinimum(f, minima), monotonic: false, zeroCentred: false, smooth: true,
  },
  {
    id: 'mish', displayName: 'Mish', aliases: [],
    text: 'Mish(x) = x·tanh(softplus(x)) = x·tanh(ln(1 + e^x))', latex: '\\mathrm{Mish}(x) = x \\tanh\\left(\\ln(1 + e^{x})\\right)',
    f: (x) => mish(x), d1: (x) => mishDerivative(x), d2: (x) => mishSecondDerivative(x),
    range: (_p, f, minima) => rangeFromMinimum(f, minima), monotonic: false, zeroCentred: false, smooth: true,
  },
  {
    id: 'softplus', displayName: 'Softplus', aliases: ['smooth_relu'],
    text: 'softplus(x) = ln(1 + e^(βx)) / β; x where βx > threshold', latex: '\\mathrm{softplus}(x) = \\frac{1}{\\beta} \\ln\\left(1 + e^{\\beta x}\\right)',
    // torch.nn.functional.softplus beta=1, threshold=20 (reverts to x above it, in forward and backward);
    // keras/tf/jax/onnx/tfjs softplus has neither: threshold = Infinity.
    params: [
      numberParam('beta', 1, 'β: sharpness (torch)', { min: Number.MIN_VALUE }),
      numberParam('threshold', 20, 'torch switches to the identity where βx > threshold; Infinity for the plain softplus', { max: Infinity }),
    ],
    frameworks: { keras: { threshold: Infinity }, tf: { threshold: Infinity }, jax: { threshold: Infinity }, onnx: { threshold: Infinity }, tfjs: { threshold: Infinity } },
    f: (x, p) => softplus(x, num(p, 'beta'), num(p, 'threshold')),
    d1: (x, p) => softplusDerivative(x, num(p, 'beta'), num(p, 'threshold')),
    d2: (x, p) => softplusSecondDerivative(x, num(p, 'beta'), num(p, 'threshold')),
    breakpoints: (p) => (isFinite(num(p, 'threshold')) ? [jump(num(p, 'threshold') / num(p, 'beta'))] : []),
    range: () => iv(0, Infinity, false, false), monotonic: true, zeroCentred: false, smooth: (p) => !isFinite(num(p, 'threshold')),
  },
  {
    id: 'softsign', displayName: 'Softsign', aliases: [],
    text: 'softsign(x) = x / (1 + |x|)', latex: '\\mathrm{softsign}(x) = \\frac{x}{1 + |x|}',
    f: (x) => softsign(x), d1: (x) => softsignDerivative(x), d2: (x) => softsignSecondDerivative(x),
    range: () => iv(-1, 1, false, false), monotonic: true, zeroCentred: true, smooth: false,
  },
  {
    id: 'hard_sigmoid', displayName: 'Hard sigmoid', aliases: ['hardsigmoid', 'hard_sigmoid_'],
    text: 'hard_sigmoid(x) = clip(a·x + b, 0, 1)  (torch/JAX/Keras 3: relu6(x + 3)/6; ONNX/tfjs: 0.2x + 0.5)',
    latex: '\\mathrm{hard\\_sigmoid}(x) = \\min(\\max(a x + b, 0), 1)',
    // torch.nn.Hardsigmoid, jax.nn.hard_sigmoid, keras.activations.hard_sigmoid (Keras 3): relu6(x + 3)/6;
    // ONNX HardSigmoid alpha=0.2, beta=0.5; tfjs 'hardSigmoid': 0.2x + 0.5.
    params: [
      numberParam('slope', 1 / 6, 'a (1/6 in torch/JAX/Keras 3, 0.2 in ONNX/tfjs)', { aliases: ['alpha'] }),
      numberParam('offset', 0.5, 'b', { aliases: ['beta'] }),
    ],
    frameworks: { onnx: { slope: 0.2 }, tfjs: { slope: 0.2 } },
    f: (x, p) => hardSigmoid(x, num(p, 'slope'), num(p, 'offset')),
    d1: (x, p) => hardSigmoidDerivative(x, num(p, 'slope'), num(p, 'offset')),
    breakpoints: (p) => {
      const a = num(p, 'slope');
      const b = num(p, 'offset');
      if (a === 0) return [];
      if (a === 1 / 6 && b === 0.5) return [kink(-3), kink(3)];
      return [(0 - b) / a, (1 - b) / a].sort((u, v) => u - v).map(kink);
    },
    range: () => iv(0, 1), monotonic: (p) => num(p, 'slope') >= 0, zeroCentred: false, smooth: false,
  },
  {
    id: 'hard_tanh', displayName: 'Hard tanh', aliases: ['hardtanh'],
    text: 'hard_tanh(x) = clip(x, min_val, max_val)', latex: '\\mathrm{hard\\_tanh}(x) = \\min(\\max(x, m), M)',
    // torch.nn.Hardtanh min_val=-1, max_val=1.
    params: [numberParam('min_val', -1, 'lower clip value'), numberParam('max_val', 1, 'upper clip value')],
    f: (x, p) => clip(x, num(p, 'min_val'), num(p, 'max_val')), d1: (x, p) => clipDerivative(x, num(p, 'min_val'), num(p, 'max_val')),
    breakpoints: (p) => [kink(num(p, 'min_val')), kink(num(p, 'max_val'))],
    range: (p) => iv(num(p, 'min_val'), num(p, 'max_val')), monotonic: true,
    zeroCentred: (p) => num(p, 'min_val') === -num(p, 'max_val'), smooth: false,
  },
  {
    id: 'hard_swish', displayName: 'Hard swish', aliases: ['hardswish', 'hard_silu', 'hardsilu'],
    text: 'hard_swish(x) = x·relu6(x + 3)/6', latex: '\\mathrm{hard\\_swish}(x) = x \\, \\frac{\\mathrm{ReLU6}(x + 3)}{6}',
    f: (x) => hardSwish(x), d1: (x) => hardSwishDerivative(x), d2: (x) => hardSwishSecondDerivative(x),
    breakpoints: () => [kink(-3), kink(3)],
    range: (_p, f, minima) => rangeFromMinimum(f, minima), monotonic: false, zeroCentred: false, smooth: false,
  },
  {
    id: 'log_sigmoid', displayName: 'Log-sigmoid', aliases: ['logsigmoid', 'log_logistic'],
    text: 'log σ(x) = −ln(1 + e^(−x))', latex: '\\log\\sigma(x) = -\\ln\\left(1 + e^{-x}\\right)',
    f: (x) => logSigmoid(x), d1: (x) => stableSigmoid(-x), d2: (x) => -stableSigmoidDerivative(x),
    range: () => iv(-Infinity, 0, false, false), monotonic: true, zeroCentred: false, smooth: true,
  },
  {
    id: 'softmax', displayName: 'Softmax', aliases: ['soft_max'], vector: true,
    text: 'softmax(x)_i = e^(x_i) / Σ_j e^(x_j); scalar view: softmax([x, 0])_0 = σ(x)',
    latex: '\\mathrm{softmax}(\\mathbf{x})_i = \\frac{e^{x_i}}{\\sum_j e^{x_j}}',
    f: (x) => stableSigmoid(x), d1: (x) => stableSigmoidDerivative(x), d2: (x) => sigmoidSecondDerivative(x),
    joint: (x, _p, out, withSecond) => (sigmoidJoint(x, out, withSecond), true),
    range: () => iv(0, 1, false, false), monotonic: true, zeroCentred: false, smooth: true,
  },
  {
    id: 'log_softmax', displayName: 'Log-softmax', aliases: ['logsoftmax'], vector: true,
    text: 'log_softmax(x)_i = x_i − ln Σ_j e^(x_j); scalar view: log_softmax([x, 0])_0 = log σ(x)',
    latex: '\\mathrm{log\\_softmax}(\\mathbf{x})_i = x_i - \\ln \\sum_j e^{x_j}',
    f: (x) => logSigmoid(x), d1: (x) => stableSigmoid(-x), d2: (x) => -stableSigmoidDerivative(x),
    range: () => iv(-Infinity, 0, false, false), monotonic: true, zeroCentred: false, smooth: true,
  },
  {
    id: 'step', displayName: 'Step (Heaviside)', aliases: ['heaviside', 'binary_step', 'unit_step', 'step_function'],
    text: 'step(x) = 1 if x > 0, else 0', latex: 'H(x) = \\begin{cases} 1 & x > 0 \\\\ 0 & x \\le 0 \\end{cases}',
    f: (x) => step(x), d1: (x) => (x !== x ? x : 0), breakpoints: () => [jump(0)],
    range: () => iv(0, 1), monotonic: true, zeroCentred: false, smooth: false,
  },
  {
    id: 'exponential', displayName: 'Exponential', aliases: ['exp'],
    text: 'exp(x) = e^x', latex: 'e^{x}',
    f: (x) => accurateExp(x), d1: (x) => accurateExp(x), d2: (x) => accurateExp(x),
    range: () => iv(0, Infinity, false, false), monotonic: true, zeroCentred: false, smooth: true,
  },
  {
    id: 'linear', displayName: 'Linear (identity)', aliases: ['identity', 'none'],
    text: 'linear(x) = x', latex: 'f(x) = x',
    f: (x) => x, d1: (x) => (x !== x ? x : 1), d2: (x) => (x !== x ? x : 0),
    range: () => REAL, monotonic: true, zeroCentred: true, smooth: true,
  },
  {
    id: 'tanhshrink', displayName: 'Tanhshrink', aliases: ['tanh_shrink'],
    text: 'tanhshrink(x) = x − tanh(x)', latex: '\\mathrm{tanhshrink}(x) = x - \\tanh(x)',
    f: (x) => tanhshrink(x), d1: (x) => tanhshrinkDerivative(x), d2: (x) => tanhshrinkSecondDerivative(x),
    range: () => REAL, monotonic: true, zeroCentred: true, smooth: true,
  },
  {
    id: 'softshrink', displayName: 'Softshrink', aliases: ['soft_shrink'],
    text: 'softshrink(x) = x − λ if x > λ, x + λ if x < −λ, else 0', latex: '\\mathrm{softshrink}(x) = \\operatorname{sign}(x) \\max(|x| - \\lambda, 0)',
    // torch.nn.Softshrink lambd=0.5; ONNX Shrink lambd=0.5; keras.activations.soft_shrink threshold=0.5.
    params: [numberParam('lambd', 0.5, 'λ ≥ 0', { min: 0, aliases: ['lambda', 'threshold'] })],
    f: (x, p) => softshrink(x, num(p, 'lambd')), d1: (x, p) => shrinkDerivative(x, num(p, 'lambd')),
    breakpoints: (p) => (num(p, 'lambd') > 0 ? [kink(-num(p, 'lambd')), kink(num(p, 'lambd'))] : []),
    range: () => REAL, monotonic: true, zeroCentred: true, smooth: false,
  },
  {
    id: 'hardshrink', displayName: 'Hardshrink', aliases: ['hard_shrink'],
    text: 'hardshrink(x) = x if |x| > λ, else 0', latex: '\\mathrm{hardshrink}(x) = \\begin{cases} x & |x| > \\lambda \\\\ 0 & |x| \\le \\lambda \\end{cases}',
    // torch.nn.Hardshrink lambd=0.5; keras.activations.hard_shrink threshold=0.5.
    params: [numberParam('lambd', 0.5, 'λ ≥ 0', { min: 0, aliases: ['lambda', 'threshold'] })],
    f: (x, p) => hardshrink(x, num(p, 'lambd')), d1: (x, p) => shrinkDerivative(x, num(p, 'lambd')),
    breakpoints: (p) => (num(p, 'lambd') > 0 ? [jump(-num(p, 'lambd')), jump(num(p, 'lambd'))] : []),
    range: () => REAL, monotonic: true, zeroCentred: true, smooth: false,
  },
  {
    id: 'threshold', displayName: 'Threshold', aliases: ['thresholded_relu', 'thresholdedrelu'],
    text: 'threshold(x) = x if x > θ, else v', latex: '\\mathrm{threshold}(x) = \\begin{cases} x & x > \\theta \\\\ v & x \\le \\theta \\end{cases}',
    // torch.nn.Threshold(threshold, value) has no defaults; ONNX ThresholdedRelu alpha=1.0 and Keras 2
    // ThresholdedReLU theta=1.0 (value 0) give the defaults here.
    params: [
      numberParam('threshold', 1, 'θ', { aliases: ['theta', 'alpha'] }),
      numberParam('value', 0, 'v: the output at and below θ'),
    ],
    f: (x, p) => thresholdValue(x, num(p, 'threshold'), num(p, 'value')),
    d1: (x, p) => (x !== x ? x : x > num(p, 'threshold') ? 1 : 0),
    breakpoints: (p) => [num(p, 'value') === num(p, 'threshold') ? kink(num(p, 'threshold')) : jump(num(p, 'threshold'))],
    range: (p) => iv(Math.min(num(p, 'value'), num(p, 'threshold')), Infinity, num(p, 'value') <= num(p, 'threshold'), false),
    monotonic: (p) => num(p, 'value') <= num(p, 'threshold'), zeroCentred: false, smooth: false,
  },
  {
    id: 'squareplus', displayName: 'Squareplus', aliases: ['square_plus'],
    text: 'squareplus(x) = (x + √(x² + b)) / 2', latex: '\\mathrm{squareplus}(x) = \\frac{x + \\sqrt{x^2 + b}}{2}',
    // jax.nn.squareplus b=4; keras.activations.squareplus b=4.
    params: [numberParam('b', 4, 'b ≥ 0: smoothness near 0', { min: 0 })],
    f: (x, p) => squareplus(x, num(p, 'b')), d1: (x, p) => squareplusDerivative(x, num(p, 'b')), d2: (x, p) => squareplusSecondDerivative(x, num(p, 'b')),
    breakpoints: (p) => (num(p, 'b') === 0 ? [kink(0)] : []),
    range: (p) => (num(p, 'b') === 0 ? iv(0, Infinity) : iv(0, Infinity, false, false)), monotonic: true, zeroCentred: false,
    smooth: (p) => num(p, 'b') > 0,
  },
  {
    id: 'sparse_plus', displayName: 'Sparse plus', aliases: ['sparseplus'],
    text: 'sparse_plus(x) = 0 if x ≤ −1, (x + 1)²/4 if −1 < x < 1, x if x ≥ 1',
    latex: '\\mathrm{sparse\\_plus}(x) = \\begin{cases} 0 & x \\le -1 \\\\ \\frac{(x+1)^2}{4} & -1 < x < 1 \\\\ x & x \\ge 1 \\end{cases}',
    f: (x) => sparsePlus(x), d1: (x) => sparsePlusDerivative(x), d2: (x) => sparsePlusSecondDerivative(x),
    range: () => iv(0, Infinity), monotonic: true, zeroCentred: false, smooth: false,
  },
];

function paramDefaults(def: Definition, framework?: Framework): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = {};
  for (const p of def.params ?? []) out[p.name] = p.default;
  if (framework) Object.assign(out, def.frameworks?.[framework] ?? {});
  return out;
}

/** Looks a parameter up by its name or one of its aliases (case-insensitive). */
export function findParam(specs: readonly ParamSpec[], name: string): ParamSpec | undefined {
  const n = name.toLowerCase();
  return specs.find((s) => s.name.toLowerCase() === n) ?? specs.find((s) => (s.aliases ?? []).some((a) => a.toLowerCase() === n));
}

/** Problems with a parameter set (unknown names, non-numbers, out of range, unknown choices); empty when valid. */
export function validateParams(activation: Activation, params: Params): string[] {
  const problems: string[] = [];
  for (const [name, value] of Object.entries(params)) {
    const spec = findParam(activation.params, name);
    if (!spec) {
      const valid = activation.params.map((p) => p.name);
      problems.push(`${activation.id} has no parameter '${name}'${valid.length ? ` (parameters: ${valid.join(', ')})` : ' (it takes no parameters)'}`);
      continue;
    }
    if (spec.kind === 'choice') {
      if (!spec.choices?.includes(String(value))) problems.push(`${spec.name} must be one of ${spec.choices?.join(', ')}, not '${String(value)}'`);
      continue;
    }
    const v = typeof value === 'number' ? value : Number(value);
    const maxOk = spec.max === Infinity;
    if (typeof value === 'string' && (value.trim() === '' || Number.isNaN(v))) problems.push(`${spec.name} must be a number, not '${value}'`);
    else if (Number.isNaN(v) || (!isFinite(v) && !(maxOk && v === Infinity))) problems.push(`${spec.name} must be a finite number${maxOk ? ' or Infinity' : ''}`);
    else if (spec.min !== undefined && v < spec.min) problems.push(`${spec.name} must be ≥ ${spec.min}`);
    else if (spec.max !== undefined && v > spec.max) problems.push(`${spec.name} must be ≤ ${spec.max}`);
  }
  return problems;
}

/** Defaults overlaid with the valid entries of `params` (invalid ones fall back to the default, never throw). */
function resolve(def: Definition, specs: readonly ParamSpec[], params: Params | undefined, dtype: Dtype): P {
  const out = paramDefaults(def);
  if (params) {
    for (const [name, value] of Object.entries(params)) {
      const spec = findParam(specs, name);
      if (!spec) continue;
      if (spec.kind === 'choice') {
        if (spec.choices?.includes(String(value))) out[spec.name] = String(value);
        continue;
      }
      const v = typeof value === 'number' ? value : Number(value);
      if (v === v && (isFinite(v) || (spec.max === Infinity && v === Infinity))) out[spec.name] = v;
    }
  }
  if (dtype === 'float32') for (const k of Object.keys(out)) if (typeof out[k] === 'number') out[k] = Math.fround(out[k] as number);
  return out;
}

function paramsKey(p: P): string {
  return Object.keys(p).sort().map((k) => `${k}=${String(p[k])}`).join(',');
}

function build(def: Definition): Activation {
  const specs: readonly ParamSpec[] = def.params ?? [];
  const pick = <T>(v: T | ((p: P) => T), p: P): T => (typeof v === 'function' ? (v as (p: P) => T)(p) : v);
  const bpsOf = (p: P): Breakpoint[] => (def.breakpoints ? def.breakpoints(p) : []).sort((a, b) => a.x - b.x);
  const d2 = (x: number, p: P): number => {
    const bps = bpsOf(p);
    if (bps.some((b) => b.x === x)) return NaN;
    if (def.d2) return def.d2(x, p);
    return x !== x ? x : 0;
  };
  // Sampling loops pass the same parameters thousands of times: resolve them once, keyed by a shallow copy
  // (so a caller that mutates its params object between calls still gets fresh values).
  let lastParams: Record<string, ParamValue> | undefined;
  let lastDtype: Dtype | undefined;
  let lastResolved: P | undefined;
  const sameParams = (params: Params | undefined): boolean => {
    if (params === undefined || lastParams === undefined) return params === lastParams;
    let n = 0;
    for (const k in params) {
      if (!Object.is(params[k], lastParams[k])) return false;
      n++;
    }
    return n === Object.keys(lastParams).length;
  };
  const resolved = (params: Params | undefined, dtype: Dtype): P => {
    if (lastResolved === undefined || dtype !== lastDtype || !sameParams(params)) {
      lastResolved = resolve(def, specs, params, dtype);
      lastParams = params ? { ...params } : undefined;
      lastDtype = dtype;
    }
    return lastResolved;
  };
  const evalIn = (fn: (x: number, p: P) => number) => (x: number, params?: Params, dtype: Dtype = 'float64'): number => {
    const p = resolved(params, dtype);
    if (dtype === 'float32') return Math.fround(fn(Math.fround(x), p));
    return fn(x, p);
  };
  const jointOut = new Float64Array(3);
  // The loop of value/derivative/secondDerivative over xs, with what each call would redo done once.
  const evaluateGrid = (xs: ArrayLike<number>, out: GridValues, params?: Params, dtype: Dtype = 'float64'): void => {
    const p = resolved(params, dtype);
    const f32 = dtype === 'float32';
    const { f, d1, d2: second } = out;
    const bps = second ? bpsOf(p) : [];
    const onBreakpoint = (x: number): boolean => {
      for (const b of bps) if (b.x === x) return true;
      return false;
    };
    const joint = def.joint;
    for (let i = 0; i < xs.length; i++) {
      const x = f32 ? Math.fround(xs[i]!) : xs[i]!;
      if (joint !== undefined && f && d1 && joint(x, p, jointOut, second !== undefined)) {
        f[i] = f32 ? Math.fround(jointOut[0]!) : jointOut[0]!;
        d1[i] = f32 ? Math.fround(jointOut[1]!) : jointOut[1]!;
        if (second) second[i] = onBreakpoint(x) ? NaN : f32 ? Math.fround(jointOut[2]!) : jointOut[2]!;
        continue;
      }
      if (f) f[i] = f32 ? Math.fround(def.f(x, p)) : def.f(x, p);
      if (d1) d1[i] = f32 ? Math.fround(def.d1(x, p)) : def.d1(x, p);
      if (second) {
        const v = onBreakpoint(x) ? NaN : def.d2 ? def.d2(x, p) : x !== x ? x : 0;
        second[i] = f32 ? Math.fround(v) : v;
      }
    }
  };
  const cache = new Map<string, ActivationProperties>();
  const activation: Activation = {
    id: def.id,
    displayName: def.displayName,
    aliases: def.aliases,
    formula: { text: def.text, latex: def.latex },
    params: specs,
    vector: def.vector ?? false,
    value: evalIn(def.f),
    derivative: evalIn(def.d1),
    secondDerivative: evalIn(d2),
    evaluateGrid,
    breakpoints: (params?: Params) => bpsOf(resolve(def, specs, params, 'float64')),
    properties: (params?: Params, dtype: Dtype = 'float64') => {
      const p = resolve(def, specs, params, dtype);
      const key = `${dtype}|${paramsKey(p)}`;
      const hit = cache.get(key);
      if (hit) return hit;
      const round = dtype === 'float32' ? Math.fround : (v: number) => v;
      const f = (x: number) => round(def.f(round(x), p));
      const d1 = (x: number) => round(def.d1(round(x), p));
      const bps = bpsOf(p);
      const { maxSlope: slope, saturation, minima } = slopeProperties(d1, bps, pick(def.smooth, p));
      const props: ActivationProperties = {
        range: def.range(p, f, minima),
        monotonic: pick(def.monotonic, p),
        zeroCentred: pick(def.zeroCentred, p),
        smooth: pick(def.smooth, p),
        maxSlope: { value: slope.value, at: slope.at },
        saturation,
      };
      cache.set(key, props);
      return props;
    },
  };
  return activation;
}

export const CATALOG: readonly Activation[] = DEFINITIONS.map(build);

const BY_ID = new Map<ActivationId, Activation>(CATALOG.map((a) => [a.id, a]));

export function getActivation(id: ActivationId): Activation {
  const a = BY_ID.get(id);
  if (!a) throw new Error(`no activation '${String(id)}' in the catalog`);
  return a;
}

export function isActivationId(s: string): s is ActivationId {
  return (ACTIVATION_IDS as readonly string[]).includes(s);
}

/** Case, '-', '_', '.' and spaces do not matter: 'LeakyReLU', 'leaky-relu' and 'leaky_relu' are one name. */
function normalize(name: string): string {
  return name.toLowerCase().replace(/[\s_.\-]+/g, '');
}

const BY_NAME = new Map<string, Activation>();
for (const a of CATALOG) {
  for (const n of [a.id, ...a.aliases, a.displayName]) {
    const k = normalize(n);
    if (!BY_NAME.has(k)) BY_NAME.set(k, a);
  }
}

/** The activation a name or alias refers to (case-insensitive: 'Logistic', 'expit', 'swish', 'hard_silu'). */
export function findActivation(nameOrAlias: string): Activation | undefined {
  return BY_NAME.get(normalize(nameOrAlias));
}

/** The full parameter set of an activation with one framework's defaults. */
export function frameworkDefaults(framework: Framework, id: ActivationId): Params {
  const def = DEFINITIONS.find((d) => d.id === id);
  return def ? paramDefaults(def, framework) : {};
}

/** Catalog defaults (no framework): the same as torch's except where torch has none. */
export function defaultParams(id: ActivationId): Params {
  const def = DEFINITIONS.find((d) => d.id === id);
  return def ? paramDefaults(def) : {};
}

export { FRAMEWORKS };

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

/** Catalog ids close to a misspelt name (edit distance or substring), best first, at most five. */
export function closestActivationNames(name: string): string[] {
  const n = normalize(name);
  if (!n) return [];
  const scored: { id: string; score: number }[] = [];
  for (const a of CATALOG) {
    let best = Infinity;
    for (const cand of [a.id, ...a.aliases]) {
      const c = normalize(cand);
      let d = editDistance(n, c);
      if (c.includes(n) || n.includes(c)) d = Math.min(d, 1 + Math.abs(c.length - n.length) / 4);
      best = Math.min(best, d);
    }
    if (best <= Math.max(2, Math.floor(n.length / 3))) scored.push({ id: a.id, score: best });
  }
  return scored.sort((x, y) => x.score - y.score || x.id.localeCompare(y.id)).slice(0, 5).map((s) => s.id);
}
