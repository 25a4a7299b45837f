// Functions registered under an activation's name in a framework's registry, and that name used later to call them:
// Spark's `spark.udf().register("sigmoid", (UDF1<Double, Double>) m -> 1.0 / (1.0 + Math.exp(-m)), DoubleType)` then
// `functions.call_udf("sigmoid", col("margin"))`, Excel's `CustomFunctions.associate("SIGMOID", SIGMOID)`. The name
// selects the activation only when what is registered under it computes that activation: a lambda is judged by the uses
// found inside it, which are known only once the whole file has been analysed, so registrations are gathered during
// the walk and judged here after it.
import type { ActivationId } from '../../math/types';
import type { CodeColumns } from './cfamilyParser';
import { K_NAME, K_OP, K_STRING } from './cfamilyTokens';

/** A string naming an activation, passed right before a lambda: `register("sigmoid", m -> …)`. */
export interface LambdaRegistration {
  readonly start: number;
  readonly end: number;
  readonly value: string;
  readonly activation: ActivationId;
  /**
   * Where the lambda's results begin, as [from, to] offset pairs: its expression body, or each `return` value of its
   * block body, from the first token to the first one past any opening parentheses.
   */
  readonly results: readonly number[];
}

export interface SpanOfActivation {
  readonly start: number;
  readonly end: number;
  readonly activation: ActivationId;
}

/**
 * The registrations whose lambda returns the activation they are named after: a use of that activation other than a
 * string is what the lambda returns (a hand-written form, a library call, a call of the file's own function). A lambda
 * that merely calls it somewhere (a test suite's `describe('sigmoid', () => { … })`) registers nothing. `uses` are
 * sorted by start.
 */
export function confirmedRegistrations(registrations: readonly LambdaRegistration[], uses: readonly SpanOfActivation[]): LambdaRegistration[] {
  return registrations.filter((r) => {
    for (let k = 0; k + 1 < r.results.length; k += 2) {
      const from = r.results[k]!;
      const to = r.results[k + 1]!;
      for (let i = firstAtOrAfter(uses, from); i < uses.length && uses[i]!.start <= to; i++) {
        if (uses[i]!.activation === r.activation) return true;
      }
    }
    return false;
  });
}

function firstAtOrAfter(uses: readonly SpanOfActivation[], offset: number): number {
  let lo = 0;
  let hi = uses.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (uses[mid]!.start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// Calls that put a function into a registry under a name: Spark's `udf().register`, Excel's `associate`, pybind11's
// `m.def`, a map's `set`/`put`/`Add`, `define`, `bind`, `expose`, `provide` (also as the first word: `addFunction`,
// `set_handler`). Others that take a label before a function (a plot's `curve('rectifier', relu, reluPrime)`) name a
// curve, not the function.
const REGISTERS = /[Rr]egist|^(?:[Aa]ssociate|[Aa]dd|[Ss]et|[Pp]ut|[Dd]ef|[Dd]efine|[Bb]ind|[Ee]xpose|[Pp]rovide)(?![a-z])/;

/** `callee` (a call's last name) puts a function into a registry under the name before it. */
export function registersUnderName(callee: string | undefined): boolean {
  return callee !== undefined && REGISTERS.test(callee);
}

// Calls that invoke or look up a function by the name it was registered under: Spark's `call_udf`/`callUDF`, Flink's
// `call("sigmoid", $("x"))`, `registry.get("sigmoid")`, `getFunction`, `lookup`, `invoke`. Others that take a string first
// (`withColumn("sigmoid", …)`, Eleventy's `getFilteredByTag("relu")`, a column or a label) do not say the string is the
// function's name.
const CALLS_BY_NAME = /^(?:call|get|lookup|resolve|invoke|find|apply)(?:_?(?:udf|function|func|fn|filter|by_?name))?$/i;

/**
 * The code indices of strings that call a registered function by its name: a string equal to a registered name
 * (`names`, by its value) as the first argument of a call that invokes or looks up a function (CALLS_BY_NAME).
 * `exclude` are the registrations' own string tokens.
 */
export function callsByRegisteredName(c: CodeColumns, names: ReadonlyMap<string, ActivationId>, exclude: ReadonlySet<number>,
  valueOf: (written: string) => string | undefined): Array<{ index: number; value: string; activation: ActivationId }> {
  const out: Array<{ index: number; value: string; activation: ActivationId }> = [];
  if (names.size === 0) return out;
  const { count, kinds, texts, starts } = c;
  for (let i = 2; i < count; i++) {
    if (kinds[i] !== K_STRING || kinds[i - 1] !== K_OP || texts[i - 1] !== '(' || kinds[i - 2] !== K_NAME) continue;
    if (exclude.has(starts[i]!) || !CALLS_BY_NAME.test(texts[i - 2]!)) continue;
    const value = valueOf(texts[i]!);
    const activation = value === undefined ? undefined : names.get(value);
    if (activation !== undefined) out.push({ index: i, value: value!, activation });
  }
  return out;
}
