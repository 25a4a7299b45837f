// Fix text shared by the C-family languages. Every form evaluates exp only of a non-positive number, so it
// cannot overflow, and keeps the original's spelling of exp and of the literal one (so `float` stays float).
/** `-a` for a plain operand, `-(a)` otherwise (never `--a`). */
export function negate(arg: string): string {
  return /^[A-Za-z_$][\w$.]*(\[[^\]]*\])?$/.test(arg) || /^\d/.test(arg) ? `-${arg}` : `-(${arg})`;
}

/** Sign-split sigmoid of a simple operand: `(x >= 0 ? 1 / (1 + exp(-x)) : exp(x) / (1 + exp(x)))`. */
export function sigmoidTernary(x: string, exp: string, one: string, zero = '0'): string {
  return `(${x} >= ${zero} ? ${one} / (${one} + ${exp}(${negate(x)})) : ${exp}(${x}) / (${one} + ${exp}(${x})))`;
}

export interface SoftplusSpelling {
  /** max(x, 0) as an expression of x. */
  readonly positivePart: (x: string) => string;
  /** min(x, 0) as an expression of x. */
  readonly negativePart: (x: string) => string;
  readonly log1p: string;
  readonly abs: string;
}

/** softplus(x) = max(x, 0) + log1p(exp(-|x|)). */
export function softplusSum(x: string, exp: string, s: SoftplusSpelling): string {
  return `(${s.positivePart(x)} + ${s.log1p}(${exp}(-${s.abs}(${x}))))`;
}

/** log_sigmoid(x) = min(x, 0) - log1p(exp(-|x|)). */
export function logSigmoidDifference(x: string, exp: string, s: SoftplusSpelling): string {
  return `(${s.negativePart(x)} - ${s.log1p}(${exp}(-${s.abs}(${x}))))`;
}

/** The class or namespace prefix of a callee (`Math.Exp` → `Math.`, `std::exp` → `std::`, `exp` → ''). */
export function calleePrefix(callee: string): string {
  const dot = Math.max(callee.lastIndexOf('.'), callee.lastIndexOf('::') >= 0 ? callee.lastIndexOf('::') + 1 : -1);
  return dot < 0 ? '' : callee.slice(0, dot + 1);
}
