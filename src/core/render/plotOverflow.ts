// Where the textbook form of an activation overflows, for the panel's shading. The boundaries are the math
// core's thresholds (found by bisection on the naive evaluation itself, per dtype), never typed in; the
// descriptions are formulas, which read the same in every language.
import { CATALOG, frameworkDefaults, getActivation } from '../math/catalog';
import { naiveTanh } from '../math/naive';
import { firstWhere, lastWhere, thresholds } from '../math/thresholds';
import { isActivationId } from './plotState';
import type { ActivationId, Dtype, Params } from '../math/types';
import type { OverflowRegion } from './plotData';
import type { PlotCatalog } from './plotCompute';

const BIG = 5000;

/** Where the naive tanh turns NaN on each side, per dtype; found on first use so activation pays nothing. */
const tanhNaN = new Map<Dtype, { below: number; above: number }>();
function naiveTanhNaN(dtype: Dtype): { below: number; above: number } {
  let t = tanhNaN.get(dtype);
  if (!t) {
    const isNaNAt = (x: number) => Number.isNaN(naiveTanh(x, dtype));
    t = { below: lastWhere(isNaNAt, -BIG, 0, dtype), above: firstWhere(isNaNAt, 0, BIG, dtype) };
    tanhNaN.set(dtype, t);
  }
  return t;
}

/** The overflow regions of the naive form of `id` in this dtype; empty for activations whose textbook form is safe. */
export function naiveOverflowRegions(id: ActivationId, dtype: Dtype): OverflowRegion[] {
  const t = thresholds(dtype);
  const below = (hi: number, what: string): OverflowRegion[] => (Number.isFinite(hi) ? [{ lo: -Infinity, hi, what }] : []);
  const above = (lo: number, what: string): OverflowRegion[] => (Number.isFinite(lo) ? [{ lo, hi: Infinity, what }] : []);
  switch (id) {
    case 'sigmoid':
      return below(t.naiveSigmoidOverflow, '1/(1+exp(−x)) = 0: exp(−x) = ∞');
    case 'log_sigmoid':
      return below(t.naiveSigmoidOverflow, 'log(1/(1+exp(−x))) = −∞: exp(−x) = ∞');
    case 'silu':
      return below(t.naiveSigmoidOverflow, 'x/(1+exp(−x)): exp(−x) = ∞');
    case 'softplus':
      return above(t.naiveSoftplusOverflow, 'log(1+exp(x)) = ∞: exp(x) = ∞');
    case 'mish':
      return above(t.naiveSoftplusOverflow, 'x·tanh(log(1+exp(x))): exp(x) = ∞');
    case 'exponential':
      return above(t.expOverflow, 'exp(x) = ∞');
    case 'softmax':
      return above(t.naiveRatioSigmoidNaN, 'exp(x)/Σexp(xᵢ) = NaN: exp(x) = ∞');
    case 'log_softmax':
      return above(t.naiveRatioSigmoidNaN, 'log(exp(x)/Σexp(xᵢ)) = NaN: exp(x) = ∞');
    case 'tanh':
    {
      const nan = naiveTanhNaN(dtype);
      return [...below(nan.below, '(eˣ−e⁻ˣ)/(eˣ+e⁻ˣ) = NaN: e⁻ˣ = ∞'), ...above(nan.above, '(eˣ−e⁻ˣ)/(eˣ+e⁻ˣ) = NaN: eˣ = ∞')];
    }
    default:
      return [];
  }
}

/** The math core's catalog as the panel uses it. */
export function mathCorePlotCatalog(): PlotCatalog {
  return {
    activations: CATALOG,
    get: (id) => (isActivationId(id) ? getActivation(id) : undefined),
    defaults: (id, framework) => frameworkDefaults(framework, id),
    overflow: (id: ActivationId, _params: Params, dtype: Dtype) => naiveOverflowRegions(id, dtype),
  };
}
