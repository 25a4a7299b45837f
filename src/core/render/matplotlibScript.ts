// "Copy matplotlib script": a standalone Python script that redraws the panel's plot in a notebook.
// It carries the panel's own sampled values rather than re-deriving formulas in numpy, so the notebook
// shows exactly what the panel (and the hover and the CLI) computed, jumps as gaps included.
import type { DerivativeOrder } from '../math/sample';
import type { PlotData } from './plotData';
import { autoYDomain } from './plotSpec';
import { vanishingGradientIntervals } from '../math/sample';

export interface MatplotlibOptions {
  readonly orders: readonly DerivativeOrder[];
  readonly yDomain: 'auto' | { readonly lo: number; readonly hi: number };
  readonly vanishingThreshold: number | null;
  readonly showOverflow: boolean;
  /** Version line in the header, so a pasted script says where it came from. */
  readonly generator?: string;
}

const ORDER_NAMES = ['f', "f'", "f''"] as const;
const LINESTYLES = ["'-'", "'--'", "':'"] as const;

/** A Python float literal that reads back as exactly this double (JS's shortest round-trip form). */
export function pyFloat(v: number): string {
  if (Number.isNaN(v)) return "float('nan')";
  if (v === Infinity) return "float('inf')";
  if (v === -Infinity) return "-float('inf')";
  if (Object.is(v, -0)) return '-0.0';
  const s = String(v);
  return /[.eE]/.test(s) ? s : `${s}.0`;
}

/** A Python string literal; JSON's escapes are all valid in Python source. */
export function pyString(s: string): string {
  return JSON.stringify(s);
}

function pyList(values: readonly number[]): string {
  return `[${values.map(pyFloat).join(', ')}]`;
}

export function buildMatplotlibScript(data: PlotData, options: MatplotlibOptions): string {
  const orders = [...new Set(options.orders)].sort();
  const names = data.series.map((s) => s.label).join(', ');
  const lines: string[] = [];
  lines.push(`# Plot of ${names} (${orders.map((o) => ORDER_NAMES[o]).join(', ')}), ${data.dtype}, x in [${pyFloat(data.xMin)}, ${pyFloat(data.xMax)}].`);
  lines.push(`# Values computed by ${options.generator ?? 'Activation Lens'}; each curve is a list of segments so jumps stay gaps.`);
  lines.push('import matplotlib.pyplot as plt', '');
  lines.push('# (label, curve, linestyle, [(xs, ys), ...])');
  lines.push('CURVES = [');
  for (const s of data.series) {
    for (const o of orders) {
      const c = s.curves.find((cv) => cv.order === o);
      if (!c) continue;
      lines.push(`    (${pyString(s.label)}, ${pyString(ORDER_NAMES[o])}, ${LINESTYLES[o]}, [`);
      for (const seg of c.segments) lines.push(`        (${pyList(seg.x)},`, `         ${pyList(seg.y)}),`);
      lines.push('    ]),');
    }
  }
  lines.push(']');

  // Values at discontinuities (step(0), relu'(0)) are dots, as in the panel.
  lines.push('DOTS = [');
  for (const s of data.series) {
    for (const o of orders) {
      for (const b of s.curves.find((cv) => cv.order === o)?.breakpoints ?? []) {
        if (b.discontinuous && b.value !== null) lines.push(`    (${pyString(s.label)}, ${pyFloat(b.x)}, ${pyFloat(b.value)}),`);
      }
    }
  }
  lines.push(']');

  lines.push('VANISHING = [');
  if (options.vanishingThreshold !== null) {
    for (const s of data.series) {
      const df = s.curves.find((c) => c.order === 1);
      for (const iv of vanishingGradientIntervals(df?.segments ?? [], options.vanishingThreshold)) {
        lines.push(`    (${pyString(s.label)}, ${pyFloat(iv.lo)}, ${pyFloat(iv.hi)}),`);
      }
    }
  }
  lines.push(']');
  lines.push('OVERFLOW = [');
  if (options.showOverflow) {
    for (const s of data.series) {
      for (const r of s.overflow) {
        const lo = Math.max(r.lo, data.xMin);
        const hi = Math.min(r.hi, data.xMax);
        if (lo < hi) lines.push(`    (${pyString(`${s.label}: ${r.what}`)}, ${pyFloat(lo)}, ${pyFloat(hi)}),`);
      }
    }
  }
  lines.push(']');

  const y = options.yDomain === 'auto' ? autoYDomain(data, orders) : options.yDomain;
  lines.push(
    '',
    'fig, ax = plt.subplots(figsize=(8, 5))',
    'colors = {}',
    'for label, curve, style, segments in CURVES:',
    '    color = colors.setdefault(label, f"C{len(colors)}")',
    '    for k, (xs, ys) in enumerate(segments):',
    '        ax.plot(xs, ys, color=color, linestyle=style, label=f"{label} {curve}" if k == 0 else None)',
    'for label, x, y in DOTS:',
    '    ax.plot([x], [y], "o", color=colors.get(label, "k"), markersize=4)',
    'for label, lo, hi in VANISHING:',
    `    ax.axvspan(lo, hi, color=colors.get(label, "0.5"), alpha=0.1, linewidth=0)`,
    'for i, (what, lo, hi) in enumerate(OVERFLOW):',
    `    ax.axvspan(lo, hi, facecolor="red", alpha=0.12, hatch="//", linewidth=0, label=${pyString('naive form overflows')} if i == 0 else None)`,
    'ax.axhline(0, color="0.6", linewidth=0.8)',
    'ax.axvline(0, color="0.6", linewidth=0.8)',
    `ax.set_xlim(${pyFloat(data.xMin)}, ${pyFloat(data.xMax)})`,
    `ax.set_ylim(${pyFloat(y.lo)}, ${pyFloat(y.hi)})`,
    'ax.set_xlabel("x")',
    'ax.grid(True, alpha=0.3)',
    'ax.legend()',
    'plt.show()',
    '',
  );
  return lines.join('\n');
}
