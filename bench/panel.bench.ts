// The plot panel's extension-host and spec-building costs, with the same math core and data the panel uses:
//   1. sampling 5 activations × 2,000 points (f, f' and f'' as the panel does; and f, f' only), next to the
//      floor: the bare loop of activation.value/derivative over the same grid (what any sampler must pay)
//   2. computePlotData: sampling + properties + overflow regions + wire form, and the data message's JSON size
//   3. buildPlotSpec and the tooltip table (the webview's share before vega), and vega-lite compile + vega
//      parse/run headless (renderer 'none') for the same spec: the part of a redraw that is vega's
//   4. the webview bundle's size
// Figures only; the issue's goals (sampling ≤ 5 ms) are printed beside them for reading, never asserted.
// Panel ready and re-render times in the real webview are measured by test/e2e/panel.e2e.mjs.
import { existsSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { getActivation } from '../src/core/math/catalog';
import { sampleActivations, sampleGrid, type DerivativeOrder } from '../src/core/math/sample';
import type { ActivationId } from '../src/core/math/types';
import { computePlotData } from '../src/core/render/plotCompute';
import { mathCorePlotCatalog } from '../src/core/render/plotOverflow';
import { buildPlotSpec, DEFAULT_PLOT_LABELS, type PlotTheme } from '../src/core/render/plotSpec';
import { DEFAULT_PLOT_STATE } from '../src/core/render/plotState';
import { buildTooltipTable } from '../src/core/render/plotTooltip';
import { applyPlotUpdate, plotSpecParts, type UpdatableView } from '../src/core/render/plotUpdate';
import { scriptDataJson } from '../src/extension/panel/html';

const IDS: ActivationId[] = ['sigmoid', 'gelu', 'leaky_relu', 'softplus', 'hard_sigmoid'];
const RANGE = { xMin: -6, xMax: 6, points: 2000 };

function stats(samples: number[]): { p50: number; p95: number; min: number } {
  const s = [...samples].sort((a, b) => a - b);
  return { p50: s[Math.floor(s.length * 0.5)]!, p95: s[Math.floor(s.length * 0.95)]!, min: s[0]! };
}

function measure(fn: () => unknown, runs: number, warmup = 5): { p50: number; p95: number; min: number } {
  for (let i = 0; i < warmup; i++) fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    out.push(performance.now() - t0);
  }
  return stats(out);
}

async function measureAsync(fn: () => Promise<unknown>, runs: number, warmup = 3): Promise<{ p50: number; p95: number; min: number }> {
  for (let i = 0; i < warmup; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return stats(out);
}

const fmt = (s: { p50: number; p95: number; min: number }) => `p50 ${s.p50.toFixed(2)} ms, p95 ${s.p95.toFixed(2)} ms, min ${s.min.toFixed(2)} ms`;

const items = IDS.map((id) => ({ activation: getActivation(id) }));
const all: DerivativeOrder[] = [0, 1, 2];

console.log(`5 activations (${IDS.join(', ')}) × ${RANGE.points} points over [${RANGE.xMin}, ${RANGE.xMax}]`);

// 1. sampling vs the bare loop. The four are measured interleaved (one run of each per round), so a burst of
// load from other processes hits all of them alike; the CPU time per run (this process's user + system time)
// is printed next to the wall times, since a busy machine inflates it far less.
const grid = sampleGrid(RANGE, 'float64');
let sink = 0;
const samplingCases = {
  floor: () => {
    for (const { activation } of items) for (const x of grid) sink += activation.value(x) + activation.derivative(x);
  },
  fd: () => sampleActivations(items, RANGE, 'float64', [0, 1]),
  all: () => sampleActivations(items, RANGE, 'float64', all),
  f32: () => sampleActivations(items, RANGE, 'float32', all),
};
type SamplingCase = keyof typeof samplingCases;
const sampling = measureInterleaved(samplingCases, 60);
const withCpu = (k: SamplingCase) => `${fmt(sampling[k])}, CPU p50 ${sampling[k].cpu.toFixed(2)} ms`;
console.log(`\n1. sampling (goal ≤ 5 ms for 5 × 2,000; load average ${loadavg()[0]!.toFixed(1)})`);
console.log(`   bare loop f + f' (floor)        ${withCpu('floor')}`);
console.log(`   sampler f + f'                  ${withCpu('fd')}  (${(sampling.fd.cpu / sampling.floor.cpu).toFixed(2)}× the floor by CPU)`);
console.log(`   sampler f + f' + f'' (panel)    ${withCpu('all')}`);
console.log(`   sampler f + f' + f'', float32   ${withCpu('f32')}`);

function measureInterleaved<K extends string>(
  cases: Record<K, () => unknown>,
  rounds: number,
  warmup = 5,
): Record<K, { p50: number; p95: number; min: number; cpu: number }> {
  const keys = Object.keys(cases) as K[];
  for (let i = 0; i < warmup; i++) for (const k of keys) cases[k]();
  const wall = new Map<K, number[]>(keys.map((k) => [k, []]));
  const cpu = new Map<K, number[]>(keys.map((k) => [k, []]));
  for (let r = 0; r < rounds; r++) {
    for (const k of keys) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      cases[k]();
      wall.get(k)!.push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      cpu.get(k)!.push((c.user + c.system) / 1000);
    }
  }
  const out = {} as Record<K, { p50: number; p95: number; min: number; cpu: number }>;
  for (const k of keys) out[k] = { ...stats(wall.get(k)!), cpu: stats(cpu.get(k)!).p50 };
  return out;
}

// 2. what the extension host does per update
const catalog = mathCorePlotCatalog();
const state = { ...DEFAULT_PLOT_STATE, selections: IDS.map((id) => ({ id, params: {} })), points: RANGE.points };
const host = measure(() => computePlotData(state, catalog), 40);
const { data } = computePlotData(state, catalog);
const messageBytes = JSON.stringify({ type: 'data', state, data, sampleMs: 0 }).length;
// On opening, the same data travels inside the panel's HTML (PanelBoot) instead of a message.
const bootJson = measure(() => scriptDataJson({ data: { type: 'data', state, data, sampleMs: 0 } }), 20);
console.log('\n2. extension host per update (sample + properties + overflow + wire form)');
console.log(`   computePlotData                 ${fmt(host)}`);
console.log(`   data message                    ${(messageBytes / 1024).toFixed(0)} KB of JSON`);
console.log(`   same data as the HTML's block   ${fmt(bootJson)}  (JSON.stringify, '<' escaped)`);

// 3. spec and tooltip table (webview, before vega), then vega's own share headless
const theme: PlotTheme = {
  foreground: '#cccccc', background: '#1f1f1f', axisColor: '#9d9d9d', gridColor: '#3c3c3c', fontFamily: 'sans-serif', fontSize: 13,
  palette: ['#3794ff', '#d18616', '#388a34', '#b180d7', '#f14c4c'], overflowColor: '#f14c4c', highContrast: false,
};
const view = { orders: [0, 1] as DerivativeOrder[], yDomain: 'auto' as const, vanishingThreshold: 1e-3, showOverflow: true, width: 800, height: 400 };
const spec = measure(() => buildPlotSpec(data, view, theme), 60);
const tooltip = measure(() => buildTooltipTable(data, view, DEFAULT_PLOT_LABELS), 60);
const built = buildPlotSpec(data, view, theme);
const lineRows = ((built.layer as { mark: { type: string }; data?: { values: unknown[] } }[]).find((l) => l.mark.type === 'line')?.data?.values.length) ?? 0;
const sampledPoints = data.series.reduce((n, s) => n + s.curves.filter((c) => c.order < 2).reduce((m, c) => m + c.segments.reduce((k, g) => k + g.x.length, 0), 0), 0);
console.log('\n3. webview side');
console.log(`   buildPlotSpec                   ${fmt(spec)}  (${lineRows} line points drawn of ${sampledPoints} sampled, 0.25 px simplification)`);
console.log(`   tooltip table                   ${fmt(tooltip)}`);

void vegaShare().then(printBundle);

/** vega-lite and vega are ESM with top-level await: loaded dynamically from this CommonJS bench. */
async function vegaShare(): Promise<void> {
  const vega = await import('vega');
  const vegaLite = await import('vega-lite');
  const { expressionInterpreter } = await import('vega-interpreter');
  const compile = measure(() => vegaLite.compile(built as never), 15, 3);
  const vgSpec = vegaLite.compile(built as never).spec;
  const run = await measureAsync(async () => {
    const v = new vega.View(vega.parse(vgSpec, undefined, { ast: true }), { renderer: 'none', expr: expressionInterpreter } as never);
    await v.runAsync();
    v.finalize();
  }, 15);
  console.log(`   vega-lite compile (peer)        ${fmt(compile)}`);
  console.log(`   vega parse + run, headless      ${fmt(run)}  (the webview adds drawing its canvas on top)`);

  // Each kind of change the panel's controls make, redrawn both ways, interleaved: a new view (compile +
  // parse + run, what a change that added or removed a layer cost before every layer was always there) and
  // the running view's update. Each round goes from the base state to the changed one and back.
  // Over [-10, 10], where sigmoid's gradient vanishes, so the shading toggle has regions to take away.
  const base = { ...state, selections: state.selections.slice(0, 2), xMin: -10, xMax: 10 };
  const changes: [string, typeof state][] = [
    ["gelu's approximation (relabels)", { ...base, selections: base.selections.map((sel) => (sel.id === 'gelu' ? { ...sel, params: { approximate: 'tanh' } } : sel)) }],
    ["f'' switched on", { ...base, orders: [0, 1, 2] }],
    ['an activation added', { ...base, selections: [...base.selections, { id: 'leaky_relu', params: {} }] }],
    ['float32', { ...base, dtype: 'float32' }],
    ['vanishing shading off', { ...base, vanishingThreshold: null }],
  ];
  const specOf = (st: typeof state) => buildPlotSpec(computePlotData(st, catalog).data, { ...view, orders: st.orders, vanishingThreshold: st.vanishingThreshold }, theme);
  const newView = (spec: object) => new vega.View(vega.parse(vegaLite.compile(spec as never).spec, undefined, { ast: true }), { renderer: 'none', expr: expressionInterpreter } as never);
  console.log(`   redraw after a change, ${base.selections.map((sel) => sel.id).join(' + ')} over [${base.xMin}, ${base.xMax}] (load average ${loadavg()[0]!.toFixed(1)}): new view (compile + parse + run) vs the running view's update`);
  for (const [what, changed] of changes) {
    const specs = [specOf(base), specOf(changed)];
    const parts = specs.map(plotSpecParts);
    if (parts[0]!.structure !== parts[1]!.structure) throw new Error(`${what}: the structure changed, so the panel would draw a new view`);
    const running = newView(specs[0]!);
    await running.runAsync();
    let shown = 0;
    const wall = { fresh: [] as number[], update: [] as number[] };
    const cpu = { fresh: [] as number[], update: [] as number[] };
    for (let round = 0; round < 23; round++) {
      const next = 1 - shown;
      for (const way of ['fresh', 'update'] as const) {
        const t0 = performance.now();
        const c0 = process.cpuUsage();
        if (way === 'fresh') {
          const v = newView(specs[next]!);
          await v.runAsync();
          v.finalize();
        } else {
          await applyPlotUpdate(running as unknown as UpdatableView, parts[next]!, parts[shown]!);
        }
        const c = process.cpuUsage(c0);
        if (round >= 3) {
          wall[way].push(performance.now() - t0);
          cpu[way].push((c.user + c.system) / 1000);
        }
      }
      shown = next;
    }
    running.finalize();
    const fresh = stats(wall.fresh);
    const update = stats(wall.update);
    console.log(`     ${what.padEnd(34)} new view p50 ${fresh.p50.toFixed(2)} ms (CPU ${stats(cpu.fresh).p50.toFixed(2)}), update p50 ${update.p50.toFixed(2)} ms (CPU ${stats(cpu.update).p50.toFixed(2)}), ${(fresh.p50 / update.p50).toFixed(1)}× faster by medians`);
  }
}

function printBundle(): void {
  // 4. bundle
  const bundle = 'dist/media/panel.js';
  console.log('\n4. webview bundle');
  console.log(`   ${bundle}              ${existsSync(bundle) ? `${(statSync(bundle).size / 1024).toFixed(1)} KB` : 'not built (npm run build)'} (vega without the transforms the panel never uses, and vega-lite; vega's View is used without vega-embed; the issue's reference: vega + vega-lite + vega-embed in full ≈ 840 KB)`);
  if (sink === 42) console.log('');
}
