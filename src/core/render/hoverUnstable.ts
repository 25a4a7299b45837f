// What an unstable hand-written form gets wrong, per dtype, for the hover. The x limits are the math core's
// thresholds (found by bisection over the floats on the naive evaluation itself, never typed in); this
// module only says, per rule, which limits matter and what happens beyond them.
import { thresholds } from '../math/thresholds';
import type { RuleId } from '../analysis/types';
import type { Dtype } from '../math/types';
import { formatNumber, type Translate } from './hoverValues';

const DTYPES: readonly Dtype[] = ['float64', 'float32'];

/** One line per dtype, the leading dtype first. */
export function unstableFormFacts(rule: RuleId, leading: Dtype, t: Translate): string[] {
  const order = leading === 'float32' ? [...DTYPES].reverse() : DTYPES;
  return order.map((dtype) => {
    const th = thresholds(dtype);
    const n = (x: number): string => formatNumber(x, 5);
    const d = `**${dtype}**`;
    switch (rule) {
      case 'unstable-sigmoid':
        return t(
          '{0}: exp(−x) overflows for x ≤ {1} (NumPy warns “overflow encountered in exp”, math.exp raises OverflowError); autograd’s gradient is 0 from x ≤ {2} and NaN from x ≤ {3}; exp(x)/(1+exp(x)) is NaN for x ≥ {4}',
          d,
          n(th.naiveSigmoidOverflow),
          n(th.naiveSigmoidGradientOverflowZero),
          n(th.naiveSigmoidGradientNaN),
          n(th.naiveRatioSigmoidNaN),
        );
      case 'unstable-softplus':
        return t('{0}: log(1+exp(x)) is ∞ for x ≥ {1}, though the true value is ≈ x', d, n(th.naiveSoftplusOverflow));
      case 'unstable-log-sigmoid':
        return t('{0}: the naive sigmoid is 0 for x ≤ {1}, so its log is −∞ though the true value is ≈ x', d, n(th.naiveSigmoidOverflow));
      case 'unstable-softmax':
        return t('{0}: any input ≥ {1} makes exp overflow: ∞/∞ = NaN', d, n(th.expOverflow));
      case 'unstable-logsumexp':
        return t('{0}: ∞ once the largest input is ≥ {1}; −∞ once every input is ≤ {2}', d, n(th.expOverflow), n(th.expUnderflow));
      case 'unstable-tanh':
        return t('{0}: exp(±x) overflows for |x| ≥ {1}: ∞/∞ = NaN', d, n(th.expOverflow));
      case 'lossy-sigmoid-derivative':
        return t('{0}: s·(1−s) is exactly 0 for x ≥ {1}, though the true derivative is ≈ exp(−x)', d, n(th.naiveSigmoidGradientZero));
      case 'bce-after-sigmoid':
        return t('{0}: sigmoid rounds to 1 for logits ≥ {1}, so log(1 − p) is −∞ (torch clamps it to −100): the loss saturates and its gradient vanishes', d, n(th.sigmoidSaturates));
    }
  });
}
