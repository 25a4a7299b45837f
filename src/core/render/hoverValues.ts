// Numbers as the editor shows them (hover tables and inline values) and the framework whose defaults
// apply to a use. Shared by the hover markdown and the inlay hints so both say the same thing.
import type { ActivationUse, Finding, RuleId, UseFramework } from '../analysis/types';
import { frameworkDefaults, getActivation } from '../math/catalog';
import { naiveLogSigmoid, naiveSigmoid, naiveSigmoidGradient, naiveSoftplus, naiveTanh } from '../math/naive';
import type { ActivationId, Dtype, Framework, Params, ParamValue } from '../math/types';

/** `t(message, ...args)`: VS Code's l10n.t in the extension, a `{0}` substitution in tests and the CLI. */
export type Translate = (message: string, ...args: Array<string | number | boolean>) => string;

/** A `{n}` substitution without translation, for callers that do not localize. */
export const untranslated: Translate = (message, ...args) =>
  message.replace(/\{(\d+)\}/g, (whole, i: string) => (Number(i) < args.length ? String(args[Number(i)]) : whole));

/** The math core's framework preset for a use: library frameworks map to themselves, the rest to the setting. */
export function presetFor(framework: UseFramework, fallback: Framework): Framework {
  switch (framework) {
    case 'torch':
    case 'keras':
    case 'tf':
    case 'jax':
    case 'tfjs':
      return framework;
    case 'flax':
      return 'jax';
    default:
      return fallback;
  }
}

/** Defaults of `framework` for this activation, or {} when the framework has no such activation. */
export function safeFrameworkDefaults(framework: Framework, id: ActivationId): Params {
  try {
    return frameworkDefaults(framework, id);
  } catch {
    return {};
  }
}

/** The parameters a use computes with: the framework's defaults overridden by what the code passed. */
export function resolvedParams(id: ActivationId, framework: Framework, passed: Params): Params {
  return { ...safeFrameworkDefaults(framework, id), ...passed };
}

/** A number for a hover or an inline hint: `digits` significant digits, trailing zeros dropped, − for minus. */
export function formatNumber(v: number, digits = 4): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '∞';
  if (v === -Infinity) return '−∞';
  if (v === 0) return '0';
  const abs = Math.abs(v);
  let s: string;
  if (abs >= 1e-4 && abs < 1e6) {
    s = Number(v.toPrecision(digits)).toString();
    if (s.includes('e')) s = v.toExponential(digits - 1).replace(/\.?0+e/, 'e');
  } else {
    s = v.toExponential(digits - 1).replace(/\.?0+e/, 'e');
  }
  return s.replace(/^-/, '−').replace('e-', 'e−').replace('e+', 'e');
}

/** `= 2` when the short form is the value itself, `≈ 0.8808` when it was rounded. */
export function approx(v: number, digits = 4): string {
  const short = formatNumber(v, digits);
  const exact = Number.isFinite(v) && Number(short.replace(/−/g, '-')) === v;
  return `${exact || !Number.isFinite(v) ? '=' : '≈'} ${short}`;
}

export function formatParam(v: ParamValue): string {
  return typeof v === 'number' ? formatNumber(v, 6) : `'${v}'`;
}

/** Full precision (shortest round-trip) for tooltips and the hover's literal row. */
export function formatFull(v: number): string {
  return Number.isFinite(v) ? String(v).replace(/^-/, '−') : formatNumber(v);
}

export interface InlineValue {
  readonly text: string;
  readonly tooltip: string;
}

export function inlineValueForUse(use: ActivationUse, fallback: Framework, t: Translate = untranslated): InlineValue | undefined {
  const x = use.literalArgument;
  if (x === undefined || !Number.isFinite(x)) return undefined;
  const activation = getActivation(use.activation);
  const params = resolvedParams(use.activation, presetFor(use.framework, fallback), use.params);
  const y = activation.value(x, params);
  return {
    text: approx(y),
    tooltip: t('{0}({1}) = {2} (float64)', use.name, formatFull(x), formatFull(y)),
  };
}

export type NaiveEvaluator = (x: number, dtype: Dtype) => number;

/** What a rule's hand-written form computes at a scalar, and the true value it stands for. */
interface ScalarForm {
  readonly naive: NaiveEvaluator;
  readonly exact: (x: number, dtype: Dtype, activation: ReturnType<typeof getActivation>) => number;
}

const SCALAR_FORMS: Partial<Record<RuleId, ScalarForm>> = {
  'unstable-sigmoid': { naive: naiveSigmoid, exact: (x, d, a) => a.value(x, {}, d) },
  'unstable-softplus': { naive: naiveSoftplus, exact: (x, d, a) => a.value(x, {}, d) },
  'unstable-log-sigmoid': { naive: naiveLogSigmoid, exact: (x, d, a) => a.value(x, {}, d) },
  'unstable-tanh': { naive: naiveTanh, exact: (x, d, a) => a.value(x, {}, d) },
  // s*(1-s) stands for the sigmoid's derivative, not the sigmoid.
  'lossy-sigmoid-derivative': { naive: naiveSigmoidGradient, exact: (x, d, a) => a.derivative(x, {}, d) },
};

/** The core's naive evaluator for a rule's form, when the form is a scalar function (not softmax, logsumexp, BCE). */
export function naiveEvaluatorFor(rule: RuleId): NaiveEvaluator | undefined {
  return SCALAR_FORMS[rule]?.naive;
}

/**
 * For an unstable form applied to a literal: the true value and what the naive formula gives in `dtype`,
 * e.g. `= 0 · naive: NaN`. Vector forms (softmax, logsumexp) and BCE get none.
 */
export function inlineValueForFinding(
  finding: Finding,
  dtype: Dtype,
  t: Translate = untranslated,
): InlineValue | undefined {
  const x = finding.literalArgument;
  const form = SCALAR_FORMS[finding.rule];
  if (x === undefined || !Number.isFinite(x) || !form) return undefined;
  const activation = getActivation(finding.activation);
  const y = form.exact(x, dtype, activation);
  const naive = form.naive(x, dtype);
  return {
    text: t('{0} · naive: {1}', approx(y), formatNumber(naive)),
    tooltip: t('True value {0}; the hand-written form gives {1} in {2}.', formatFull(y), formatFull(naive), dtype),
  };
}
