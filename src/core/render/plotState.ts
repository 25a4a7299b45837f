// The plot panel's view state: what is plotted and how. It is what the webview keeps in setState (so the
// panel survives a reload), what a hover link or the command palette opens the panel with, and what the
// extension host samples. Everything arriving from outside (webview messages, restored state, command
// arguments) goes through the readers below, which keep what is valid and say what they dropped.
import { SATURATION_SLOPE } from '../math/properties';
import { SAMPLE_LIMITS, type DerivativeOrder } from '../math/sample';
import { ACTIVATION_IDS, FRAMEWORKS, type ActivationId, type Dtype, type Framework, type ParamValue, type Params } from '../math/types';

export interface PlotSelection {
  readonly id: ActivationId;
  /** Parameters set explicitly (from a call's literal arguments or the panel); others take the framework's defaults. */
  readonly params: Params;
  /** The framework of the call this came from; when absent, the panel's preset applies. */
  readonly framework?: Framework;
}

export interface PlotState {
  readonly selections: readonly PlotSelection[];
  readonly framework: Framework;
  readonly xMin: number;
  readonly xMax: number;
  readonly points: number;
  readonly yDomain: 'auto' | { readonly lo: number; readonly hi: number };
  readonly dtype: Dtype;
  readonly orders: readonly DerivativeOrder[];
  /** Shade where |f'| is below this; null: no shading. */
  readonly vanishingThreshold: number | null;
  readonly showOverflow: boolean;
}

export const MAX_SELECTIONS = 8;
export const MAX_PARAMS_PER_SELECTION = 8;
/** The threshold the core's `properties().saturation` uses, so the panel's default shading matches the hover's. */
export const DEFAULT_VANISHING_THRESHOLD = SATURATION_SLOPE;
/**
 * About one sample per pixel of a wide panel: the drawn lines are simplified to 0.25 px anyway, and the
 * tooltip's nearest sample is within 0.006 of the pointer on [-6, 6]. Twice that costs the math core
 * twice the time per update for no visible difference.
 */
export const DEFAULT_POINTS = 1000;
const MAX_Y = 1e12;

export const DEFAULT_PLOT_STATE: PlotState = {
  selections: [{ id: 'sigmoid', params: {} }],
  framework: 'torch',
  xMin: -6,
  xMax: 6,
  points: DEFAULT_POINTS,
  yDomain: 'auto',
  dtype: 'float64',
  orders: [0, 1],
  vanishingThreshold: DEFAULT_VANISHING_THRESHOLD,
  showOverflow: true,
};

export interface Read<T> {
  readonly value: T;
  /** What was ignored and why, for the log. Empty when everything was valid. */
  readonly problems: readonly string[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

export function isActivationId(v: unknown): v is ActivationId {
  return typeof v === 'string' && (ACTIVATION_IDS as readonly string[]).includes(v);
}

export function isFramework(v: unknown): v is Framework {
  return typeof v === 'string' && (FRAMEWORKS as readonly string[]).includes(v);
}

function readParams(v: unknown, where: string, problems: string[]): Params {
  if (v === undefined) return {};
  if (!isObject(v)) {
    problems.push(`${where}: params must be an object`);
    return {};
  }
  const out: Record<string, ParamValue> = {};
  for (const [name, value] of Object.entries(v)) {
    if (Object.keys(out).length >= MAX_PARAMS_PER_SELECTION) {
      problems.push(`${where}: more than ${MAX_PARAMS_PER_SELECTION} params`);
      break;
    }
    if (!/^[A-Za-z_][A-Za-z0-9_]{0,40}$/.test(name)) {
      problems.push(`${where}: param name ${JSON.stringify(name.slice(0, 40))} is not an identifier`);
    } else if (isFiniteNumber(value) && Math.abs(value) <= MAX_Y) {
      out[name] = value;
    } else if (typeof value === 'string' && value.length <= 40) {
      out[name] = value;
    } else {
      problems.push(`${where}: param ${name} must be a finite number or a short string`);
    }
  }
  return out;
}

/** Reads one `{ id, params?, framework? }`, the shape of the openPlotPanel argument's items. */
export function readSelection(v: unknown, where: string, problems: string[]): PlotSelection | undefined {
  if (!isObject(v)) {
    problems.push(`${where}: expected { id, params?, framework? }`);
    return undefined;
  }
  if (!isActivationId(v.id)) {
    problems.push(`${where}: unknown activation id ${JSON.stringify(String(v.id).slice(0, 40))}`);
    return undefined;
  }
  const params = readParams(v.params, where, problems);
  if (v.framework !== undefined && !isFramework(v.framework)) {
    problems.push(`${where}: unknown framework ${JSON.stringify(String(v.framework).slice(0, 40))}`);
    return { id: v.id, params };
  }
  return v.framework === undefined ? { id: v.id, params } : { id: v.id, params, framework: v.framework };
}

/** Reads a list of selections, keeping the valid ones (at most MAX_SELECTIONS). */
export function readSelections(v: unknown, where: string, problems: string[]): PlotSelection[] | undefined {
  if (!Array.isArray(v)) {
    problems.push(`${where}: expected an array`);
    return undefined;
  }
  const out: PlotSelection[] = [];
  v.forEach((item, i) => {
    const s = readSelection(item, `${where}[${i}]`, problems);
    if (s && out.length < MAX_SELECTIONS) out.push(s);
    else if (s) problems.push(`${where}: more than ${MAX_SELECTIONS} activations; the rest are left out`);
  });
  return out;
}

/**
 * Reads a state from outside, field by field, on top of `base`: a missing field keeps the base's value;
 * an invalid one keeps it too and is reported. Never throws.
 */
export function readPlotState(v: unknown, base: PlotState = DEFAULT_PLOT_STATE): Read<PlotState> {
  const problems: string[] = [];
  if (!isObject(v)) return { value: base, problems: ['state: expected an object'] };
  let s: PlotState = base;
  const set = <K extends keyof PlotState>(k: K, value: PlotState[K]) => {
    s = { ...s, [k]: value };
  };

  if (v.selections !== undefined) {
    const sel = readSelections(v.selections, 'selections', problems);
    if (sel) set('selections', sel);
  }
  if (v.framework !== undefined) {
    if (isFramework(v.framework)) set('framework', v.framework);
    else problems.push('framework: unknown framework');
  }
  if (v.xMin !== undefined || v.xMax !== undefined) {
    const xMin = v.xMin ?? s.xMin;
    const xMax = v.xMax ?? s.xMax;
    if (isFiniteNumber(xMin) && isFiniteNumber(xMax) && xMin < xMax && Math.abs(xMin) <= SAMPLE_LIMITS.maxAbsX && Math.abs(xMax) <= SAMPLE_LIMITS.maxAbsX) {
      set('xMin', xMin);
      set('xMax', xMax);
    } else {
      problems.push(`x range: expected finite xMin < xMax within ±${SAMPLE_LIMITS.maxAbsX}`);
    }
  }
  if (v.points !== undefined) {
    if (Number.isInteger(v.points) && (v.points as number) >= 2 && (v.points as number) <= SAMPLE_LIMITS.maxPoints) set('points', v.points as number);
    else problems.push(`points: expected an integer from 2 to ${SAMPLE_LIMITS.maxPoints}`);
  }
  if (v.yDomain !== undefined) {
    const y = v.yDomain;
    if (y === 'auto') set('yDomain', 'auto');
    else if (isObject(y) && isFiniteNumber(y.lo) && isFiniteNumber(y.hi) && y.lo < y.hi && Math.abs(y.lo) <= MAX_Y && Math.abs(y.hi) <= MAX_Y) {
      set('yDomain', { lo: y.lo, hi: y.hi });
    } else problems.push(`y range: expected 'auto' or finite { lo < hi } within ±${MAX_Y}`);
  }
  if (v.dtype !== undefined) {
    if (v.dtype === 'float64' || v.dtype === 'float32') set('dtype', v.dtype);
    else problems.push("dtype: expected 'float64' or 'float32'");
  }
  if (v.orders !== undefined) {
    if (Array.isArray(v.orders) && v.orders.every((o) => o === 0 || o === 1 || o === 2)) {
      set('orders', [...new Set(v.orders as DerivativeOrder[])].sort());
    } else problems.push('orders: expected a list of 0, 1, 2');
  }
  if (v.vanishingThreshold !== undefined) {
    const t = v.vanishingThreshold;
    if (t === null || (isFiniteNumber(t) && t > 0 && t <= 1)) set('vanishingThreshold', t);
    else problems.push('vanishing-gradient threshold: expected null or a number in (0, 1]');
  }
  if (v.showOverflow !== undefined) {
    if (typeof v.showOverflow === 'boolean') set('showOverflow', v.showOverflow);
    else problems.push('showOverflow: expected a boolean');
  }
  return { value: s, problems };
}

/**
 * The openPlotPanel command's argument: `{ activations: [{ id, params?, framework? }] }`, as the hover's
 * command link sends it. Undefined (palette use) or invalid gives undefined and the problems.
 */
export function readOpenArgument(arg: unknown): Read<PlotSelection[] | undefined> {
  const problems: string[] = [];
  if (arg === undefined) return { value: undefined, problems };
  if (!isObject(arg)) return { value: undefined, problems: ['openPlotPanel: expected { activations: [...] }'] };
  const sel = readSelections(arg.activations, 'openPlotPanel.activations', problems);
  return { value: sel && sel.length > 0 ? sel : undefined, problems };
}

/** A range that shows these activations' shape: `base` (the default range), widened to include their breakpoints. */
export function rangeFor(breakpointXs: readonly number[], base: { readonly xMin: number; readonly xMax: number } = DEFAULT_PLOT_STATE): { xMin: number; xMax: number } {
  let xMin = base.xMin;
  let xMax = base.xMax;
  for (const x of breakpointXs) {
    if (!Number.isFinite(x) || Math.abs(x) > SAMPLE_LIMITS.maxAbsX / 2) continue;
    if (x - 1 < xMin) xMin = Math.floor(x - 1);
    if (x + 1 > xMax) xMax = Math.ceil(x + 1);
  }
  return { xMin, xMax };
}
