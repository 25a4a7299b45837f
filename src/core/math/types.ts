// The contracts every other part of the product codes against. The math core (catalog.ts and the
// per-family modules) implements them; render/, analysis/, the CLI and the extension only read them.

/** Canonical activation ids. Analysis findings, CLI output and settings use exactly these strings. */
export const ACTIVATION_IDS = [
  'sigmoid', 'tanh', 'relu', 'relu6', 'leaky_relu', 'prelu', 'elu', 'selu', 'celu',
  'gelu', 'silu', 'mish', 'softplus', 'softsign', 'hard_sigmoid', 'hard_tanh', 'hard_swish',
  'log_sigmoid', 'softmax', 'log_softmax', 'step', 'exponential', 'linear', 'tanhshrink',
  'softshrink', 'hardshrink', 'threshold', 'squareplus', 'sparse_plus',
] as const;
export type ActivationId = (typeof ACTIVATION_IDS)[number];

export type Dtype = 'float64' | 'float32';
export const FRAMEWORKS = ['torch', 'keras', 'tf', 'jax', 'onnx', 'tfjs'] as const;
export type Framework = (typeof FRAMEWORKS)[number];

export type ParamValue = number | string;
export type Params = Readonly<Record<string, ParamValue>>;

export interface ParamSpec {
  readonly name: string;
  /** 'number' params take any finite number within [min, max]; 'choice' params one of `choices`. */
  readonly kind: 'number' | 'choice';
  readonly default: ParamValue;
  readonly choices?: readonly string[];
  readonly min?: number;
  readonly max?: number;
  readonly description: string;
  /** Other names frameworks give this parameter (keras `alpha` for leaky_relu's `negative_slope`, ...). */
  readonly aliases?: readonly string[];
}

/** An interval of the real line; ±Infinity for unbounded ends. */
export interface Interval {
  readonly lo: number;
  readonly hi: number;
  readonly loClosed: boolean;
  readonly hiClosed: boolean;
}

/** A point where the function or a derivative is not defined or not continuous. */
export interface Breakpoint {
  readonly x: number;
  /** 'jump': f itself is discontinuous (step, threshold, hardshrink); 'kink': f continuous, f' jumps (relu at 0). */
  readonly kind: 'jump' | 'kink';
}

export interface ActivationProperties {
  readonly range: Interval;
  readonly monotonic: boolean;
  readonly zeroCentred: boolean;
  /** Infinitely differentiable everywhere. */
  readonly smooth: boolean;
  /** sup |f'| and where it is reached (an interval for piecewise-linear pieces, e.g. relu: [0, ∞)). */
  readonly maxSlope: { readonly value: number; readonly at: Interval };
  /** Where |f'(x)| < 1e-3 (vanishing gradient), as a union of intervals; empty when nowhere. */
  readonly saturation: readonly Interval[];
}

/** Output arrays of `Activation.evaluateGrid`, filled in place; an absent order is not evaluated. */
export interface GridValues {
  readonly f?: Float64Array;
  readonly d1?: Float64Array;
  readonly d2?: Float64Array;
}

export interface Activation {
  readonly id: ActivationId;
  readonly displayName: string;
  /** Other names users and libraries give it: 'logistic', 'expit', 'swish', 'hard_silu', ... */
  readonly aliases: readonly string[];
  readonly formula: { readonly text: string; readonly latex: string };
  readonly params: readonly ParamSpec[];
  /** softmax and log_softmax act on vectors; their scalar functions are the two-class view f([x, 0])[0]. */
  readonly vector: boolean;
  /** f(x). NaN in gives NaN out; never NaN for finite x (except where the activation itself is undefined). */
  value(x: number, params?: Params, dtype?: Dtype): number;
  /** f'(x); at a kink, the value torch's autograd reports there (relu'(0) = 0), documented per activation; see `breakpoints`. */
  derivative(x: number, params?: Params, dtype?: Dtype): number;
  /** f''(x); NaN exactly where it is undefined (kinks and jumps). */
  secondDerivative(x: number, params?: Params, dtype?: Dtype): number;
  /**
   * f, f' and f'' at every x of `xs` at once, into the arrays of `out` that are present (each as long as
   * `xs`): the same numbers `value`, `derivative` and `secondDerivative` return one by one, with the
   * parameters resolved once and the work the orders share done once (one exp for sigmoid's f and f', one
   * e^(-x²/2) for GELU's f, f' and f''). Optional: the sampler falls back to the scalar methods without it.
   */
  evaluateGrid?(xs: ArrayLike<number>, out: GridValues, params?: Params, dtype?: Dtype): void;
  /** Kinks and jumps for these params, sorted by x. Empty for smooth activations. */
  breakpoints(params?: Params): readonly Breakpoint[];
  properties(params?: Params, dtype?: Dtype): ActivationProperties;
}
