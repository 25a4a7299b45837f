// The hover's markdown for an activation use or an unstable hand-written form. Every number in it comes
// from the math core (values, derivatives, properties, framework defaults, failure thresholds); every
// sentence goes through the injected `t` so the extension can localize it with vscode.l10n.
import type { ActivationUse, Finding } from '../analysis/types';
import { getActivation } from '../math/catalog';
import { FRAMEWORKS, type Activation, type ActivationId, type Dtype, type Framework, type Interval, type Params } from '../math/types';
import { svgDataUri } from './base64';
import { unstableFormFacts } from './hoverUnstable';
import { renderHoverSvg, type HoverSvg, type ThemeKind } from './hoverSvg';
import {
  formatFull,
  formatNumber,
  formatParam,
  presetFor,
  resolvedParams,
  safeFrameworkDefaults,
  untranslated,
  type Translate,
} from './hoverValues';

export const OPEN_PLOT_PANEL_COMMAND = 'activationLens.openPlotPanel';

/** The plot panel command's argument (agreed with the panel): one entry per activation to show. */
export interface PlotPanelArgs {
  readonly activations: ReadonlyArray<{ readonly id: ActivationId; readonly params?: Params; readonly framework?: Framework }>;
}

export interface HoverRequest {
  readonly use?: ActivationUse;
  readonly finding?: Finding;
  readonly theme: ThemeKind;
  /** Preset for names that belong to no framework (numpy, user code, plain strings). */
  readonly defaultFramework: Framework;
  /** The dtype whose failure thresholds lead; the other follows. */
  readonly thresholdDtype: Dtype;
  /** Half-width of the plot's x range; 0 picks one that shows the shape. */
  readonly plotHalfWidth: number;
  readonly t?: Translate;
}

export interface HoverContent {
  readonly markdown: string;
  readonly panelArgs: PlotPanelArgs;
  readonly graph: HoverSvg;
}

const MAX_TELLING_POINTS = 5;

export function buildHoverContent(req: HoverRequest): HoverContent | undefined {
  const t = req.t ?? untranslated;
  const id = req.use?.activation ?? req.finding?.activation;
  if (!id) return undefined;
  const activation = getActivation(id);
  const preset = presetFor(req.use?.framework ?? 'user', req.defaultFramework);
  const passed = req.use?.params ?? {};
  const params = resolvedParams(id, preset, passed);
  const literal = req.use?.literalArgument ?? req.finding?.literalArgument;
  const dtype: Dtype = 'float64';

  const graph = renderHoverSvg(activation, {
    theme: req.theme,
    params,
    dtype,
    literal,
    ...(req.plotHalfWidth > 0 ? { range: { lo: -req.plotHalfWidth, hi: req.plotHalfWidth } } : {}),
    labels: { f: 'f', derivative: "f′", title: t('{0}: f (solid) and its derivative (dashed)', activation.displayName) },
  });
  const alt = t('Graph of {0} and its derivative', activation.displayName);
  const image = `![${escapeMarkdown(alt)}](${svgDataUri(graph.svg)}|width=${graph.width},height=${graph.height})`;

  // A hover opens about 250 px tall: the name, the values at a literal argument (one line) and the graph
  // come first so they show without scrolling; formula, parameters and the rest follow.
  const out: string[] = [header(activation, req, t)];
  if (literal !== undefined && Number.isFinite(literal)) out.push(literalValues(activation, params, dtype, literal, t));
  out.push(image);
  out.push(`\`${activation.formula.text}\``);
  const paramLines = describeParams(activation, preset, passed, params, t);
  if (paramLines.length > 0) out.push(paramLines.join('  \n'));
  if (literal === undefined || !Number.isFinite(literal)) out.push(tellingValues(activation, params, dtype, t));
  const facts = factLines(activation, params, dtype, t);
  if (facts.length > 0) out.push(facts.map((f) => `- ${f}`).join('\n'));

  if (req.finding) out.push(unstableSection(req.finding, req.thresholdDtype, t));

  const panelArgs: PlotPanelArgs = { activations: [{ id, params, framework: preset }] };
  out.push(`[${escapeMarkdown(t('Open in plot panel'))}](${commandUri(OPEN_PLOT_PANEL_COMMAND, panelArgs)})`);
  return { markdown: out.join('\n\n'), panelArgs, graph };
}

/** `command:` link whose arguments VS Code decodes as a JSON array, one element per argument. */
export function commandUri(command: string, arg: unknown): string {
  return `command:${command}?${encodeURIComponent(JSON.stringify([arg]))}`;
}

function header(activation: Activation, req: HoverRequest, t: Translate): string {
  const use = req.use;
  const handWritten = `**${escapeMarkdown(t('Hand-written {0}', activation.displayName))}**`;
  if (!use) return handWritten;
  // An unstable form is also reported as a use spanning the same expression: name it for what it is.
  const finding = req.finding;
  if (finding && finding.span.start === use.span.start && finding.span.end === use.span.end) return `${handWritten} \`${code(use.name)}\``;
  const kind: Record<ActivationUse['kind'], string> = {
    call: t('call'),
    module: t('module'),
    string: t('activation argument'),
    definition: t('definition'),
    reference: t('reference'),
  };
  const resolved = use.qualifiedName && use.qualifiedName !== use.name ? ` → \`${code(use.qualifiedName)}\`` : '';
  return `**\`${code(use.name)}\`**${resolved} · ${escapeMarkdown(activation.displayName)} *(${kind[use.kind]})*`;
}

function describeParams(activation: Activation, preset: Framework, passed: Params, params: Params, t: Translate): string[] {
  const lines: string[] = [];
  for (const spec of activation.params) {
    const value = params[spec.name];
    if (value === undefined) continue;
    const given = passed[spec.name] !== undefined;
    const own = safeFrameworkDefaults(preset, activation.id)[spec.name];
    // Group the other frameworks by their default so `keras, tf: 0.2` reads as one difference.
    const others = new Map<string, Framework[]>();
    for (const fw of FRAMEWORKS) {
      if (fw === preset) continue;
      const d = safeFrameworkDefaults(fw, activation.id)[spec.name];
      if (d === undefined || d === (given ? value : own)) continue;
      const key = formatParam(d);
      others.set(key, [...(others.get(key) ?? []), fw]);
    }
    const elsewhere = [...others].map(([v, fws]) => `${fws.join(', ')}: ${v}`).join('; ');
    let line = `\`${spec.name}\` = ${formatParam(value)} `;
    line += given
      ? own !== undefined && own !== value
        ? t('(passed; {0} default {1})', preset, formatParam(own))
        : t('(passed)')
      : t("({0}'s default)", preset);
    if (elsewhere) line += ' · ' + t('other defaults: {0}', elsewhere);
    lines.push(line);
  }
  return lines;
}

/** f, f′ and f″ at a literal argument on one line, at full precision (what the code computes). */
function literalValues(activation: Activation, params: Params, dtype: Dtype, x: number, t: Translate): string {
  const fmt = (fn: () => number): string => {
    const y = safe(fn);
    return Number.isNaN(y) ? t('undefined') : formatFull(y);
  };
  const at = formatFull(x);
  return [
    `f(${at}) = ${fmt(() => activation.value(x, params, dtype))}`,
    `f′(${at}) = ${fmt(() => activation.derivative(x, params, dtype))}`,
    `f″(${at}) = ${fmt(() => activation.secondDerivative(x, params, dtype))}`,
  ].join(' · ');
}

/** f, f′ and f″ at the telling points, as a table. */
function tellingValues(activation: Activation, params: Params, dtype: Dtype, t: Translate): string {
  const fmt = (fn: () => number): string => {
    const y = safe(fn);
    return Number.isNaN(y) ? t('undefined') : formatNumber(y);
  };
  const rows: string[] = [`| x | f(x) | f′(x) | f″(x) |`, `|---|---|---|---|`];
  for (const x of tellingPoints(activation, params, dtype)) {
    const f = fmt(() => activation.value(x, params, dtype));
    const d1 = fmt(() => activation.derivative(x, params, dtype));
    const d2 = fmt(() => activation.secondDerivative(x, params, dtype));
    rows.push(`| ${formatNumber(x)} | ${f} | ${d1} | ${d2} |`);
  }
  return rows.join('\n');
}

/** 0, ±2, every breakpoint and every finite edge of the saturation region that is not far out. */
export function tellingPoints(activation: Activation, params: Params, dtype: Dtype): number[] {
  const xs = new Set<number>([-2, 0, 2]);
  try {
    for (const b of activation.breakpoints(params)) if (Math.abs(b.x) <= 100) xs.add(b.x);
    for (const s of activation.properties(params, dtype).saturation) {
      for (const edge of [s.lo, s.hi]) if (Number.isFinite(edge) && Math.abs(edge) <= 100) xs.add(roundEdge(edge));
    }
  } catch {
    // A core failure costs the extra points, not the hover.
  }
  const sorted = [...xs].sort((a, b) => a - b);
  if (sorted.length <= MAX_TELLING_POINTS) return sorted;
  // Keep 0 and the outermost points; drop the ±2 probes first.
  const keep = sorted.filter((x) => Math.abs(x) !== 2);
  return keep.slice(0, MAX_TELLING_POINTS);
}

function factLines(activation: Activation, params: Params, dtype: Dtype, t: Translate): string[] {
  let props;
  try {
    props = activation.properties(params, dtype);
  } catch {
    return [];
  }
  const facts: string[] = [];
  facts.push(t('Output range: {0}', formatInterval(props.range)));

  const slope = props.maxSlope;
  if (Number.isFinite(slope.value)) {
    const at = slope.at;
    if (at.lo === at.hi) {
      let line = t('Max slope {0} at x = {1}', formatNumber(slope.value), formatNumber(at.lo));
      if (slope.value < 1) {
        line += ' — ' + t('each such layer scales gradients by at most {0} (through 10 layers: {1}): vanishing gradients', formatNumber(slope.value), formatNumber(Math.pow(slope.value, 10), 2));
      }
      facts.push(line);
    } else {
      let line = t('Slope {0} on {1}', formatNumber(slope.value), formatInterval(at));
      if (slope.value === 1) line += ' — ' + t('gradients pass through unchanged there');
      facts.push(line);
    }
  }

  if (props.zeroCentred) facts.push(t('Zero-centred outputs'));
  else if (Number.isFinite(props.range.lo) && Number.isFinite(props.range.hi)) {
    facts.push(t('Outputs centred on {0}, not 0', formatNumber((props.range.lo + props.range.hi) / 2)));
  } else if (props.range.lo >= 0) facts.push(t('Outputs are never negative (not zero-centred)'));
  else facts.push(t('Not zero-centred'));

  if (!props.monotonic) facts.push(t('Not monotonic'));

  for (const b of safeBreakpointsOf(activation, params)) {
    const h = Math.max(1e-9, Math.abs(b.x) * 1e-9);
    if (b.kind === 'kink') {
      const left = safe(() => activation.derivative(b.x - h, params, dtype));
      const right = safe(() => activation.derivative(b.x + h, params, dtype));
      facts.push(t('Kink at x = {0}: the slope jumps from {1} to {2}', formatNumber(b.x), formatNumber(left), formatNumber(right)));
    } else {
      const left = safe(() => activation.value(b.x - h, params, dtype));
      const right = safe(() => activation.value(b.x + h, params, dtype));
      facts.push(t('Jump at x = {0}: f jumps from {1} to {2}', formatNumber(b.x), formatNumber(left), formatNumber(right)));
    }
  }

  const saturation = props.saturation.map(formatInterval);
  if (saturation.length > 0) facts.push(t('Saturated (|f′| < 0.001) on {0}', saturation.join(' ∪ ')));

  if (activation.vector && activation.id === 'softmax') {
    // The two-class view f([x, 0]) has components f(x) and f(−x); their sum is the distribution's total.
    const total = safe(() => activation.value(2, params, dtype) + activation.value(-2, params, dtype));
    facts.push(t('Outputs form a probability distribution: they sum to {0} (two classes at x = ±2)', formatNumber(total, 6)));
  } else if (activation.vector) {
    facts.push(t('Acts on a vector; plotted as the two-class view f([x, 0])₀'));
  }
  return facts;
}

function unstableSection(finding: Finding, leading: Dtype, t: Translate): string {
  const parts: string[] = [`**${escapeMarkdown(t('Unstable form'))}** (\`${finding.rule}\`): ${finding.message}`];
  const facts = unstableFormFacts(finding.rule, leading, t);
  if (facts.length > 0) parts.push(facts.map((f) => `- ${f}`).join('\n'));
  const fix = finding.fixes[0];
  if (fix) {
    // The edit that replaces the form itself (others add imports or helpers).
    const onForm = fix.edits.filter((e) => e.span.start < finding.span.end && e.span.end > finding.span.start);
    const main = [...(onForm.length > 0 ? onForm : fix.edits)].sort((a, b) => b.newText.length - a.newText.length)[0];
    parts.push(`${escapeMarkdown(t('Stable form'))} (${escapeMarkdown(fix.title)}):`);
    if (main) parts.push('```\n' + main.newText.trim().replace(/```/g, '`\u200b``') + '\n```');
  } else {
    parts.push(escapeMarkdown(t('No automatic fix is offered here: the rewrite could not be made safely.')));
  }
  return parts.join('\n\n');
}

export function formatInterval(i: Interval): string {
  const lo = i.lo === -Infinity ? '−∞' : formatNumber(i.lo);
  const hi = i.hi === Infinity ? '∞' : formatNumber(i.hi);
  return `${i.loClosed && Number.isFinite(i.lo) ? '[' : '('}${lo}, ${hi}${i.hiClosed && Number.isFinite(i.hi) ? ']' : ')'}`;
}

function roundEdge(x: number): number {
  return Number(x.toPrecision(3));
}

function safe(fn: () => number): number {
  try {
    return fn();
  } catch {
    return NaN;
  }
}

function safeBreakpointsOf(activation: Activation, params: Params): ReadonlyArray<{ x: number; kind: 'jump' | 'kink' }> {
  try {
    return activation.breakpoints(params);
  } catch {
    return [];
  }
}

function code(s: string): string {
  return s.replace(/`/g, "'").replace(/\s+/g, ' ');
}

function escapeMarkdown(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+!|<>]/g, (c) => `\\${c}`);
}
