// The message of each finding: what goes wrong, from which x, in the dtype the code computes in (and the
// other one), with thresholds from the math core (stabilityFacts.ts), never typed in.
import type { Dtype } from '../math/types';
import { type ThresholdName, formatThreshold, stabilityThresholds } from './stabilityFacts';
import type { RuleMatch } from './stabilityRules';

type Edge = ThresholdName;

/** "x < -709.78 (float64; < -88.72 in float32)", primary dtype first. */
function range(edge: Edge, dtype: Dtype, side: '<' | '>', scale = 1, variable = 'x'): string {
  const other: Dtype = dtype === 'float64' ? 'float32' : 'float64';
  const value = (d: Dtype): string => {
    const v = stabilityThresholds(d)[edge] * scale;
    return side === '<' ? formatThreshold(v, 'ceil') : formatThreshold(v, 'floor');
  };
  return `${variable} ${side} ${value(dtype)} (${dtype}; ${side} ${value(other)} in ${other})`;
}

const OVERFLOW_CONSEQUENCE: Record<string, string> = {
  numpy: "numpy warns 'overflow encountered in exp'",
  math: 'math.exp raises OverflowError',
  torch: 'the gradient is NaN',
  tf: 'the gradient is NaN',
  jax: 'the gradient is NaN',
};

/** Autograd libraries: where the gradient of the naive form turns NaN (only when it differs from the overflow edge). */
function gradientNote(lib: string, dtype: Dtype): string {
  if (lib !== 'torch' && lib !== 'tf' && lib !== 'jax') return '';
  const t = stabilityThresholds(dtype);
  return t.naiveSigmoidGradientNaN === t.naiveSigmoidOverflow
    ? ''
    : `; its gradient is NaN for ${range('naiveSigmoidGradientNaN', dtype, '<')}`;
}

// Python's math.exp does not return inf past the edge: it raises, so the message names the exception.
function raisesInMath(m: RuleMatch, instead: string): string {
  return m.lib === 'math' ? 'raises OverflowError (math.exp)' : instead;
}

export function stabilityMessage(m: RuleMatch, dtype: Dtype): string {
  const consequence = OVERFLOW_CONSEQUENCE[m.lib] ?? 'exp overflows to inf';
  switch (m.rule) {
    case 'unstable-sigmoid':
      if (m.variant === 'ratio') {
        return `exp(x)/(1+exp(x)) ${raisesInMath(m, 'returns NaN (inf/inf)')} for ${range('naiveRatioSigmoidNaN', dtype, '>')}; use a stable sigmoid.`;
      }
      return m.negated
        ? `1/(1+exp(x)) overflows in exp for ${range('expOverflow', dtype, '>')}: ${consequence}; use a stable sigmoid.`
        : `1/(1+exp(-x)) overflows in exp for ${range('naiveSigmoidOverflow', dtype, '<')}: ${consequence}${gradientNote(m.lib, dtype)}; use a stable sigmoid.`;
    case 'unstable-softplus':
      if (m.variant === 'log1p') return `log1p(exp(x)) ${raisesInMath(m, 'overflows to inf')} for ${range('expOverflow', dtype, '>')}; use a stable softplus.`;
      return `log(1+exp(x)) ${raisesInMath(m, 'overflows to inf')} for ${range('naiveSoftplusOverflow', dtype, '>')} and is 0 instead of exp(x) for ${range('naiveSigmoidSaturates', dtype, '<', -1)}; use a stable softplus.`;
    case 'unstable-log-sigmoid':
      if (m.variant === 'complement') {
        return `log(1 - sigmoid(x)) is -inf for ${range('naiveSigmoidSaturates', dtype, '>')}, where sigmoid rounds to 1; use log_sigmoid(-x).`;
      }
      return `log(sigmoid(x)) is -inf for ${range('expUnderflow', dtype, '<')}, where sigmoid underflows to 0, and loses all relative precision well before; use log_sigmoid.`;
    case 'unstable-softmax':
      return `exp ${m.lib === 'math' ? 'raises OverflowError (math.exp)' : 'overflows'} for elements ${range('expOverflow', dtype, '>', 1, '').trimStart()}${m.lib === 'math' ? '' : ': the quotient becomes NaN (inf/inf)'}${m.lib === 'numpy' ? ", with numpy's 'overflow encountered in exp'" : ''}; subtract the maximum first or use a library softmax.`;
    case 'unstable-logsumexp':
      return `log(sum(exp(x))) ${raisesInMath(m, 'is inf')} when an element is ${range('expOverflow', dtype, '>', 1, '').trimStart()}, and ${m.lib === 'math' ? 'raises ValueError (math.log of 0)' : 'is -inf'} when all are ${range('expUnderflow', dtype, '<', 1, '').trimStart()}; use logsumexp, which subtracts the maximum.`;
    case 'unstable-tanh':
      if (m.variant === 'complement') {
        return `(1-exp(-2x))/(1+exp(-2x)) ${raisesInMath(m, 'returns NaN (inf/inf)')} for ${range('expOverflow', dtype, '<', -0.5)}; use tanh.`;
      }
      return m.halved
        ? `(exp(2x)-1)/(exp(2x)+1) ${raisesInMath(m, 'returns NaN (inf/inf)')} for ${range('expOverflow', dtype, '>', 0.5)}; use tanh.`
        : `(exp(x)-exp(-x))/(exp(x)+exp(-x)) ${raisesInMath(m, 'returns NaN (inf/inf)')} for |x| > ${formatThreshold(stabilityThresholds(dtype).expOverflow)} (${dtype}; > ${formatThreshold(stabilityThresholds(dtype === 'float64' ? 'float32' : 'float64').expOverflow)} in ${dtype === 'float64' ? 'float32' : 'float64'}); use tanh.`;
    case 'lossy-sigmoid-derivative':
      return `s*(1-s) loses all precision for ${range('naiveSigmoidGradientZero', dtype, '>')}: sigmoid rounds to 1 and the derivative becomes 0 (true value about exp(-x)); sigmoid(x)*sigmoid(-x) keeps it.`;
    case 'bce-after-sigmoid':
      return `binary cross-entropy on sigmoid(logits) saturates: sigmoid rounds to 1 for ${range('naiveSigmoidSaturates', dtype, '>', 1, 'logits')} and to 0 for ${range('expUnderflow', dtype, '<', 1, 'logits')}, BCE clamps the log at -100 and the gradient vanishes; the with-logits loss computes it from the logits exactly.`;
    default:
      return 'numerically unstable form.';
  }
}
