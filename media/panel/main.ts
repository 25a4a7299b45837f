// The plot panel's front end. The extension host sends sampled data (the math core runs there); this
// script builds the controls, turns the data into a vega-lite spec with the core's pure builder, and
// draws it with vega in CSP-safe mode: expressions through vega's AST interpreter (no `new Function`), no
// injected styles (panel.css has them), sizes set through the CSSOM. A redraw that keeps the chart's layers
// (every change of the controls does) updates the running view (plotUpdate.ts) rather than compiling a new
// one, and rebuilds only the controls whose content changed. vega's View is used
// directly: vega-embed's extras (actions menu, themes, tooltip handler, its stylesheet) are all off here,
// and leaving it out of the bundle saves the webview fetching and parsing them.
import '../panel.css';
import { parse as parseVega, View } from 'vega';
import { expressionInterpreter } from 'vega-interpreter';
import { compile as compileVegaLite } from 'vega-lite';
import type { DerivativeOrder } from '../../src/core/math/sample';
import type { Framework, ParamSpec, ParamValue } from '../../src/core/math/types';
import type { PlotData } from '../../src/core/render/plotData';
import { BOOT_ELEMENT_ID, type CatalogEntry, type DataMessage, type HostMessage, type InitMessage, type PanelBoot, type PanelMessage } from '../../src/core/render/plotMessages';
import { buildPlotSpec, exportPlotSpec, HOVER_PARAM, type PlotLabels, type PlotTheme, type VegaLiteSpec } from '../../src/core/render/plotSpec';
import { opaqueColour } from '../../src/core/render/plotTheme';
import { attachSegmentArrays } from '../../src/core/render/plotWire';
import { applyPlotUpdate, plotSpecParts, type PlotSpecParts, type UpdatableView } from '../../src/core/render/plotUpdate';
import { buildTooltipTable, nearestRow, tooltipEntries, type TooltipTable } from '../../src/core/render/plotTooltip';
import type { PlotSelection, PlotState } from '../../src/core/render/plotState';
import { DEFAULT_VANISHING_THRESHOLD, MAX_SELECTIONS } from '../../src/core/render/plotState';
import { formatString, PANEL_STRINGS, type PanelStringKey } from '../../src/core/render/plotStrings';

interface VsCodeApi {
  postMessage(message: PanelMessage | Record<string, unknown>): void;
  setState(state: unknown): void;
  getState(): unknown;
}
declare function acquireVsCodeApi(): VsCodeApi;

// Load timeline (ms since this document was created), read by the e2e run's timing report.
const scriptStartMs = performance.now();
let firstDataMs: number | undefined;

/**
 * The opening's marks in epoch ms (see PanelTimeline): the host's, from the first data, and this document's,
 * each kept at its first occurrence. Written to #chart's data-timeline once the first chart is painted.
 */
const timeline: Record<string, number> = {};
function mark(name: string): void {
  timeline[name] ??= performance.timeOrigin + performance.now();
}

/** This document's loading marks: frame navigation, the bundle's fetch (resource timing), parse, run. */
function loadMarks(): Record<string, number> {
  const origin = performance.timeOrigin;
  const out: Record<string, number> = { frame: origin, scriptRun: origin + scriptStartMs };
  const bundle = performance.getEntriesByType('resource').find((e) => /\/panel\.js(\?|$)/.test(e.name)) as PerformanceResourceTiming | undefined;
  if (bundle) {
    out.bundleRequested = origin + bundle.fetchStart;
    out.bundleLoaded = origin + bundle.responseEnd;
  }
  // Set by the bundle's first statement (esbuild banner), before vega's modules initialise.
  const parsed = (globalThis as { __panelScriptStart?: unknown }).__panelScriptStart;
  if (typeof parsed === 'number') out.scriptParsed = origin + parsed;
  return out;
}

const vscode = acquireVsCodeApi();
const app = document.getElementById('app')!;

let strings: Record<string, string> = { ...PANEL_STRINGS };
let catalog: readonly CatalogEntry[] = [];
let frameworks: readonly Framework[] = [];
let state: PlotState | undefined;
let data: PlotData | undefined;
let sampleMs = 0;
/** The chart on screen: its vega view, drawn into #chart's only child. */
interface DrawnChart {
  readonly view: View;
  finalize(): void;
}
let chart: DrawnChart | undefined;
let lastSpec: VegaLiteSpec | undefined;
/** The parts (see plotSpecParts) of the spec `chart` shows. */
let chartParts: PlotSpecParts | undefined;
/** When the last change was sent to the host, for the change → redraw time. */
let changeSentAt: number | undefined;
/** The last change's way through (epoch ms): sent, received and computed by the host, data in; see afterDraw. */
let trip: Record<string, number> = {};
let tooltipTable: TooltipTable | undefined;
/** What the chart on screen was drawn from: its tooltip table is built from it when the pointer first needs it. */
let tooltipSource: { readonly data: PlotData; readonly state: PlotState } | undefined;
let hoverRow = -1;

const t = (key: PanelStringKey, ...args: (string | number)[]) => formatString(strings[key] ?? PANEL_STRINGS[key], ...args);
const post = (m: PanelMessage | Record<string, unknown>) => vscode.postMessage(m);

// CSP violations would mean something vega does is blocked; report them so the log and the e2e see them.
document.addEventListener('securitypolicyviolation', (e) => {
  document.body.dataset.cspViolations = String(Number(document.body.dataset.cspViolations ?? '0') + 1);
  post({ type: 'log', level: 'error', message: `CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})` });
});
window.addEventListener('error', (e) => post({ type: 'log', level: 'error', message: `webview error: ${e.message}` }));

// ---------- theme ----------

function cssVar(name: string, fallback: string): string {
  const v = getComputedStyle(document.body).getPropertyValue(name).trim();
  return v || fallback;
}

function isHighContrast(): boolean {
  return document.body.classList.contains('vscode-high-contrast') || document.body.classList.contains('vscode-high-contrast-light');
}

/** Chart colours from the theme: VS Code's chart palette, which themes (high contrast too) define. */
function currentTheme(): PlotTheme {
  const fg = cssVar('--vscode-editor-foreground', cssVar('--vscode-foreground', '#333333'));
  return {
    foreground: fg,
    background: cssVar('--vscode-editor-background', '#ffffff'),
    axisColor: cssVar('--vscode-descriptionForeground', fg),
    gridColor: cssVar('--vscode-editorWidget-border', cssVar('--vscode-widget-border', 'rgba(128,128,128,0.35)')),
    fontFamily: cssVar('--vscode-font-family', 'sans-serif'),
    fontSize: Number.parseFloat(cssVar('--vscode-font-size', '13')) || 13,
    palette: [
      cssVar('--vscode-charts-blue', '#1a85ff'),
      cssVar('--vscode-charts-orange', '#d18616'),
      cssVar('--vscode-charts-green', '#388a34'),
      cssVar('--vscode-charts-purple', '#652d90'),
      cssVar('--vscode-charts-red', '#e51400'),
      cssVar('--vscode-charts-yellow', '#bf8803'),
      cssVar('--vscode-terminal-ansiCyan', '#0598bc'),
      cssVar('--vscode-terminal-ansiMagenta', '#bc05bc'),
    ].map(opaqueColour),
    overflowColor: cssVar('--vscode-charts-red', cssVar('--vscode-errorForeground', '#e51400')),
    highContrast: isHighContrast(),
  };
}

function plotLabels(): PlotLabels {
  return {
    x: 'x',
    y: 'y',
    activation: t('activation'),
    curve: t('curve'),
    orders: ['f', "f'", "f''"],
    vanishing: t('vanishing'),
    overflow: t('overflow'),
  };
}

// ---------- DOM helpers (properties only: the CSP forbids inline style attributes) ----------

type Attrs = Record<string, string | number | boolean | undefined>;
function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: (Node | string | undefined)[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (k === 'class') el.className = String(v);
    else if (k.startsWith('data-') || k.startsWith('aria-') || k === 'for' || k === 'role') el.setAttribute(k, String(v));
    else (el as unknown as Record<string, unknown>)[k] = v;
  }
  for (const c of children) if (c !== undefined) el.append(c);
  return el;
}

function numberInput(id: string, value: number, onChange: (v: number) => void, attrs: Attrs = {}): HTMLInputElement {
  const input = h('input', { type: 'number', id, value: String(value), step: 'any', ...attrs });
  input.addEventListener('change', () => {
    const v = input.valueAsNumber;
    if (Number.isFinite(v)) onChange(v);
  });
  return input;
}

function checkbox(id: string, checked: boolean, label: string, onChange: (v: boolean) => void): HTMLLabelElement {
  const input = h('input', { type: 'checkbox', id, checked });
  input.addEventListener('change', () => onChange(input.checked));
  return h('label', { for: id }, input, label);
}

function select(id: string, options: readonly { value: string; label: string }[], value: string, onChange: (v: string) => void, attrs: Attrs = {}): HTMLSelectElement {
  const el = h('select', { id, ...attrs }, ...options.map((o) => h('option', { value: o.value, selected: o.value === value }, o.label)));
  el.addEventListener('change', () => onChange(el.value));
  return el;
}

// ---------- state changes ----------

function change(patch: Partial<PlotState>): void {
  if (!state) return;
  const next = { ...state, ...patch };
  // A field's change event can repeat the value it has (Enter after an edit, a blur): no new data, no redraw.
  if (canonicalJson(next) === canonicalJson(state)) return;
  state = next;
  changeSentAt = performance.now();
  trip = { sent: Date.now() };
  post({ type: 'state', state: patch });
}

function setSelections(selections: PlotSelection[]): void {
  change({ selections });
}

function setParam(index: number, name: string, value: ParamValue): void {
  if (!state) return;
  const selections = state.selections.map((s, i) => (i === index ? { ...s, params: { ...s.params, [name]: value } } : s));
  setSelections(selections);
}

// ---------- controls ----------

/**
 * The controls' sections as built, by slot, each with the key (what it shows) it was built for. A redraw
 * rebuilds only the sections whose key changed and leaves the others in the document as they are: a node
 * put in anew is styled and laid out anew, which for the whole panel cost a redraw more than vega's update.
 * Sections whose options never change are built once and take the state's values from syncControls. The
 * sections' handlers read the current `state`, never the one they were built with. Cleared when the strings
 * change, or when the host's state is not the one the webview expected.
 */
const sections = new Map<string, { readonly key: string; readonly el: HTMLElement }>();

function section(slot: string, key: unknown, build: () => HTMLElement): HTMLElement {
  const k = JSON.stringify(key);
  const found = sections.get(slot);
  if (found?.key === k) return found.el;
  const el = build();
  sections.set(slot, { key: k, el });
  return el;
}

/** Makes `children` the children of `parent`, in order, touching only the nodes that differ. */
function reconcile(parent: HTMLElement, children: readonly Node[]): void {
  children.forEach((child, i) => {
    const at = parent.childNodes[i];
    if (at !== child) parent.insertBefore(child, at ?? null);
  });
  while (parent.childNodes.length > children.length) parent.lastChild!.remove();
}

/** A section's container, made once (see `section`). */
function container(id: string, make: () => HTMLElement): HTMLElement {
  return document.getElementById(id) ?? make();
}

function renderControls(): void {
  if (!state || !data) return;
  const s = state;
  const focused = document.activeElement?.id;
  const palette = currentTheme().palette;
  const labels = s.selections.map((sel, i) => data?.series[i]?.label ?? sel.id);

  // Built per activation list and palette; the labels (which carry the parameters) are set in place below.
  const chips = section('chips', [s.selections.map((sel) => sel.id), palette], () => h(
    'span',
    { class: 'chips' },
    ...s.selections.map((sel, i) => {
      const swatch = h('span', { class: 'swatch', 'aria-hidden': 'true' });
      swatch.style.backgroundColor = palette[i % palette.length]!;
      const remove = h('button', { id: `remove-${i}` }, '×');
      remove.addEventListener('click', () => state && setSelections(state.selections.filter((_, k) => k !== i)));
      return h('span', { class: 'chip', 'data-activation': sel.id }, swatch, h('span', { class: 'chip-label' }), remove);
    }),
  ));
  chips.querySelectorAll('.chip').forEach((chip, i) => {
    const label = labels[i] ?? '';
    setText(chip.querySelector('.chip-label'), label);
    const remove = chip.querySelector('button');
    if (remove && remove.title !== `${t('remove')} ${label}`) {
      remove.title = `${t('remove')} ${label}`;
      remove.setAttribute('aria-label', remove.title);
    }
  });
  const add = section('add', s.selections.length >= MAX_SELECTIONS, () => {
    const addOptions = [{ value: '', label: `${t('add')}…` }, ...catalog.map((c) => ({ value: c.id, label: c.aliases.length > 0 ? `${c.id} (${c.aliases.join(', ')})` : c.id }))];
    return select('add-activation', addOptions, '', (v) => {
      const entry = catalog.find((c) => c.id === v);
      if (entry && state && state.selections.length < MAX_SELECTIONS) setSelections([...state.selections, { id: entry.id, params: {} }]);
    }, { 'aria-label': t('add'), disabled: s.selections.length >= MAX_SELECTIONS });
  });
  const activations = container('activations-group', () => h('span', { id: 'activations-group', class: 'group' }, h('span', { class: 'group-title' }, t('activations'))));
  reconcile(activations, [activations.firstChild!, chips, add]);

  const framework = section('framework', null, () => h('label', { for: 'framework' }, h('span', { class: 'group-title' }, t('framework')),
    select('framework', frameworks.map((f) => ({ value: f, label: f })), s.framework, (v) => {
      // A preset replaces every activation's parameters with that framework's defaults.
      if (state) change({ framework: v as Framework, selections: state.selections.map((sel) => ({ id: sel.id, params: {} })) });
    })));
  const dtype = section('dtype', null, () => h('label', { for: 'dtype' }, h('span', { class: 'group-title' }, t('dtype')),
    select('dtype', [{ value: 'float64', label: 'float64' }, { value: 'float32', label: 'float32' }], s.dtype, (v) => change({ dtype: v as PlotState['dtype'] }))));
  const curves = section('curves', null, () => h('span', { class: 'group', role: 'group', 'aria-label': t('curves') }, h('span', { class: 'group-title' }, t('curves')),
    ...([0, 1, 2] as const).map((o) =>
      checkbox(`order-${o}`, s.orders.includes(o), ['f', "f'", "f''"][o]!, (on) => {
        if (!state) return;
        const orders = on ? [...state.orders, o] : state.orders.filter((x) => x !== o);
        change({ orders: [...new Set(orders)].sort() as DerivativeOrder[] });
      }),
    )));
  const toolbar = container('toolbar', () => h('div', { id: 'toolbar', class: 'toolbar', role: 'group', 'aria-label': t('activations') }));
  reconcile(toolbar, [activations, framework, dtype, curves]);

  const xRange = section('x-range', null, () => h('span', { class: 'group' }, h('span', { class: 'group-title' }, t('xRange')),
    numberInput('x-min', s.xMin, (v) => state && change({ xMin: v, xMax: state.xMax }), { 'aria-label': `${t('xRange')} min` }),
    '…',
    numberInput('x-max', s.xMax, (v) => state && change({ xMin: state.xMin, xMax: v }), { 'aria-label': `${t('xRange')} max` })));
  const yRange = section('y-range', null, () => {
    const fixedY = s.yDomain !== 'auto';
    const fixed = () => (state && state.yDomain !== 'auto' ? state.yDomain : { lo: -1, hi: 1 });
    return h('span', { class: 'group' }, h('span', { class: 'group-title' }, t('yRange')),
      select('y-mode', [{ value: 'auto', label: t('auto') }, { value: 'fixed', label: t('fixed') }], fixedY ? 'fixed' : 'auto', (v) => {
        if (v === 'auto') change({ yDomain: 'auto' });
        else change({ yDomain: currentYDomain() });
      }, { 'aria-label': t('yRange') }),
      numberInput('y-min', fixed().lo, (v) => change({ yDomain: { lo: v, hi: fixed().hi } }), { disabled: !fixedY, 'aria-label': `${t('yRange')} min` }),
      '…',
      numberInput('y-max', fixed().hi, (v) => change({ yDomain: { lo: fixed().lo, hi: v } }), { disabled: !fixedY, 'aria-label': `${t('yRange')} max` }));
  });
  const vanishing = section('vanishing', null, () => h('span', { class: 'group' },
    checkbox('shade-vanishing', s.vanishingThreshold !== null, t('shadeVanishing'), (on) => change({ vanishingThreshold: on ? lastThreshold : null })),
    numberInput('vanishing-threshold', s.vanishingThreshold ?? lastThreshold, (v) => {
      lastThreshold = v;
      change({ vanishingThreshold: v });
    }, { min: 0, max: 1, disabled: s.vanishingThreshold === null, 'aria-label': t('vanishingThreshold') })));
  const overflow = section('overflow', null, () => checkbox('shade-overflow', s.showOverflow, t('shadeOverflow'), (on) => change({ showOverflow: on })));
  const controls = container('controls', () => h('div', { id: 'controls', class: 'controls' }));
  reconcile(controls, [xRange, yRange, vanishing, overflow]);

  const params = container('params', () => h('div', { id: 'params', class: 'params', role: 'group', 'aria-label': t('parameters') }));
  reconcile(params, s.selections.flatMap((sel, i) => {
    const entry = catalog.find((c) => c.id === sel.id);
    if (!entry || entry.params.length === 0) return [];
    const series = data?.series[i];
    const fieldset = section(`params-${i}`, [sel.id, palette], () => paramFieldset(entry, i, palette));
    setText(fieldset.querySelector('.param-label'), series?.label ?? entry.id);
    for (const p of entry.params) {
      const field = fieldset.querySelector<HTMLInputElement | HTMLSelectElement>(`#param-${i}-${p.name}`);
      const value = String(series?.params[p.name] ?? p.default);
      if (field && field.value !== value) field.value = value;
    }
    return [fieldset];
  }));

  const actions = section('actions', null, () => h('div', { class: 'actions' },
    button('export-png', t('exportPng'), () => void exportImage('png')),
    button('export-svg', t('exportSvg'), () => void exportImage('svg')),
    button('open-spec', t('openSpec'), () => lastSpec && post({ type: 'openSpec', json: JSON.stringify(exportPlotSpec(lastSpec), null, 2) })),
    button('copy-matplotlib', t('copyMatplotlib'), () => post({ type: 'copyMatplotlib' })),
  ));
  const properties = section('properties', (data?.series ?? []).length, propertiesTable);
  syncPropertiesTable(properties);

  const chartHost = document.getElementById('chart') ?? newChartHost();
  const status = document.getElementById('status') ?? h('div', { id: 'status', class: 'status', role: 'status' });
  reconcile(app, [toolbar, controls, params, chartHost, actions, properties, status]);
  syncControls(s);
  app.setAttribute('aria-busy', 'false');
  // Only a control that was rebuilt lost the focus.
  if (focused && document.activeElement?.id !== focused) document.getElementById(focused)?.focus();
}

/**
 * Puts the state's values into the controls whose options never change (built once, see renderControls):
 * setting a value or a check mark costs no new element, layout of a new subtree, or focus to restore.
 */
function syncControls(s: PlotState): void {
  const field = (id: string) => document.getElementById(id) as HTMLInputElement | HTMLSelectElement | null;
  const value = (id: string, v: string | number) => {
    const el = field(id);
    if (el && el.value !== String(v)) el.value = String(v);
  };
  const checked = (id: string, on: boolean) => {
    const el = field(id);
    if (el instanceof HTMLInputElement && el.checked !== on) el.checked = on;
  };
  const enabled = (id: string, on: boolean) => {
    const el = field(id);
    if (el && el.disabled === on) el.disabled = !on;
  };
  // The add menu is a command, not a value: back to its "Add…" entry, so the same activation can be added again.
  value('add-activation', '');
  value('framework', s.framework);
  value('dtype', s.dtype);
  for (const o of [0, 1, 2] as const) checked(`order-${o}`, s.orders.includes(o));
  value('x-min', s.xMin);
  value('x-max', s.xMax);
  const fixedY = s.yDomain === 'auto' ? undefined : s.yDomain;
  value('y-mode', fixedY ? 'fixed' : 'auto');
  value('y-min', fixedY?.lo ?? -1);
  value('y-max', fixedY?.hi ?? 1);
  enabled('y-min', fixedY !== undefined);
  enabled('y-max', fixedY !== undefined);
  checked('shade-vanishing', s.vanishingThreshold !== null);
  value('vanishing-threshold', s.vanishingThreshold ?? lastThreshold);
  enabled('vanishing-threshold', s.vanishingThreshold !== null);
  checked('shade-overflow', s.showOverflow);
}

/** The chart's size for the panel's current layout. */
function chartSize(host: HTMLElement): { width: number; height: number } {
  const width = Math.max(320, host.clientWidth - 140);
  // Wide charts are half as tall as wide, but leave room for the controls and the properties table.
  const height = Math.round(Math.max(240, Math.min(520, width * 0.5, window.innerHeight - 440)));
  return { width, height };
}

/** What the last chart was drawn for: a resize or theme event that changes neither draws nothing new. */
let drawn: { width: number; themeKey: string } | undefined;

/** The threshold to restore when shading is switched back on. */
let lastThreshold = DEFAULT_VANISHING_THRESHOLD;

function newChartHost(): HTMLDivElement {
  const el = h('div', { id: 'chart', role: 'img', 'aria-label': t('title') });
  el.addEventListener('pointermove', onPointerMove);
  el.addEventListener('pointerleave', onPointerLeave);
  return el;
}

function currentYDomain(): { lo: number; hi: number } {
  const y = chart?.view.scale('y')?.domain() as number[] | undefined;
  return y && y.length === 2 ? { lo: y[0]!, hi: y[1]! } : { lo: -1, hi: 1 };
}

function button(id: string, label: string, onClick: () => void): HTMLButtonElement {
  const b = h('button', { id, type: 'button' }, label);
  b.addEventListener('click', onClick);
  return b;
}

/** An activation's parameter fields, built per activation and palette; its label and values are set in place (renderControls). */
function paramFieldset(entry: CatalogEntry, index: number, palette: readonly string[]): HTMLFieldSetElement {
  const swatch = h('span', { class: 'swatch', 'aria-hidden': 'true' });
  swatch.style.backgroundColor = palette[index % palette.length]!;
  const fields = entry.params.map((p: ParamSpec) => {
    const id = `param-${index}-${p.name}`;
    const control =
      p.kind === 'choice'
        ? select(id, (p.choices ?? []).map((c) => ({ value: c, label: c })), String(p.default), (v) => setParam(index, p.name, v))
        : numberInput(id, Number(p.default), (v) => setParam(index, p.name, v), { min: p.min, max: p.max, title: p.description });
    return h('label', { for: id, title: p.description }, p.name, control);
  });
  return h('fieldset', { 'data-activation': entry.id }, h('legend', {}, swatch, h('span', { class: 'param-label' })), ...fields);
}

/** The properties table with one empty row per series; syncPropertiesTable fills it. */
function propertiesTable(): HTMLTableElement {
  const head = h('tr', {}, ...['', t('range'), t('maxSlope'), t('zeroCentred'), t('monotonic'), t('smooth')].map((c) => h('th', { scope: 'col' }, c)));
  const rows = (data?.series ?? []).map(() => h('tr', {}, h('th', { scope: 'row' }), ...[0, 1, 2, 3, 4].map(() => h('td'))));
  return h('table', { class: 'properties', 'aria-label': t('properties') }, h('caption', { class: 'visually-hidden' }, t('properties')), h('thead', {}, head), h('tbody', {}, ...rows));
}

function syncPropertiesTable(table: HTMLElement): void {
  const yesNo = (b: boolean) => (b ? t('yes') : t('no'));
  table.querySelectorAll('tbody tr').forEach((row, i) => {
    const s = data?.series[i];
    const p = s?.properties;
    const cells = [s?.label ?? '', ...(p ? [p.range, `${p.maxSlope} ${t('where')} ${p.maxSlopeAt}`, yesNo(p.zeroCentred), yesNo(p.monotonic), yesNo(p.smooth)] : ['', '', '', '', ''])];
    row.querySelectorAll('th, td').forEach((cell, k) => setText(cell, cells[k] ?? ''));
  });
}

/** Sets an element's text when it differs (an equal text set again still costs a new text node and its layout). */
function setText(el: Element | null, text: string): void {
  if (el && el.textContent !== text) el.textContent = text;
}

// ---------- chart ----------

/** The chart drawing in progress, and the reason for a drawing asked for meanwhile. */
let drawing: Promise<void> | undefined;
let drawAgain: string | undefined;

/**
 * Draws the chart for the current state and data. One drawing at a time: one asked for during another is
 * made once that one is done, with the data current then (any in between are never drawn), so two updates
 * of the running view never interleave (an older one's values set after a newer one's).
 */
function renderChart(reason: string): Promise<void> {
  if (drawing) {
    drawAgain = reason;
    return drawing;
  }
  drawing = (async () => {
    for (let next: string | undefined = reason; next !== undefined; next = drawAgain) {
      drawAgain = undefined;
      await drawChart(next).catch((e: unknown) => {
        setStatus(t('renderFailed', e instanceof Error ? e.message : String(e)), true);
        post({ type: 'log', level: 'error', message: `render failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}` });
      });
    }
  })().finally(() => {
    drawing = undefined;
  });
  return drawing;
}

async function drawChart(reason: string): Promise<void> {
  if (!state || !data) return;
  const host = document.getElementById('chart');
  if (!host) return;
  const theme = currentTheme();
  const t0 = performance.now();
  mark('renderStart');
  const size = chartSize(host);
  const spec = buildPlotSpec(data, {
    orders: state.orders,
    yDomain: state.yDomain,
    vanishingThreshold: state.vanishingThreshold,
    showOverflow: state.showOverflow,
    width: size.width,
    height: size.height,
    labels: plotLabels(),
  }, theme);
  lastSpec = spec;
  drawn = { width: size.width, themeKey: JSON.stringify(theme) };
  const parts = plotSpecParts(spec);
  mark('specBuilt');
  const drawnData = data;
  const drawnState = state;
  // The same layers as the chart on screen: its view takes the new data and domains.
  if (chart && chartParts?.structure === parts.structure) {
    try {
      const previous = chartParts;
      // Unknown until the update is through: a failed one leaves the view partly updated, so the next draws anew.
      chartParts = undefined;
      await applyPlotUpdate(chart.view as unknown as UpdatableView, parts, previous);
      chartParts = parts;
      afterDraw(host, reason, 'update', t0, drawnData, drawnState);
      return;
    } catch (e) {
      post({ type: 'log', level: 'warning', message: `chart update failed, drawing anew: ${e instanceof Error ? e.message : String(e)}` });
    }
  }
  try {
    // Compiled and parsed as separate steps so the timeline can tell vega-lite's share from vega's.
    const compiled = compileVegaLite(spec as never).spec;
    mark('compiled');
    const result = await newChart(compiled);
    // The new chart replaces the old one only once drawn, so a redraw never shows an empty panel.
    host.replaceChildren(result.surface);
    chart?.finalize();
    chart = result;
    chartParts = parts;
    afterDraw(host, reason, 'embed', t0, drawnData, drawnState);
  } catch (e) {
    setStatus(t('renderFailed', e instanceof Error ? e.message : String(e)), true);
    post({ type: 'log', level: 'error', message: `render failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}` });
  }
}

/**
 * The renderer of the chart on screen. Canvas: drawing it costs a fraction of building vega's SVG DOM (axes,
 * legends and curves as elements), and vega scales it to the display's pixel ratio. Exports still render
 * exact SVG or PNG from the same view (toSVG / toImageURL are renderer-independent).
 */
const CHART_RENDERER = 'canvas';

/** A vega view of a compiled spec, run and drawn into a new element that is not yet in the document. */
async function newChart(compiled: object): Promise<DrawnChart & { readonly surface: HTMLElement }> {
  const view = new View(parseVega(compiled as never, undefined, { ast: true }), {
    renderer: CHART_RENDERER,
    expr: expressionInterpreter,
    // Errors only: the panel reports failures itself (status line and log).
    logLevel: 1,
  } as never);
  const surface = h('div', { class: 'chart-surface' });
  try {
    await view.initialize(surface).runAsync();
  } catch (e) {
    view.finalize();
    throw e;
  }
  return { view, surface, finalize: () => view.finalize() };
}

/**
 * What the canvas shows, from vega's scenegraph, for the e2e checks (a canvas has no elements to inspect):
 * the curve pieces drawn (line marks with at least two points), their stroke widths, and the plot area.
 */
function describeDrawing(host: HTMLElement, view: View): void {
  const widths: number[] = [];
  type SceneNode = { marktype?: string; role?: string; items?: SceneNode[]; strokeWidth?: number };
  const visit = (node: SceneNode) => {
    if (node.marktype === 'line' && node.role === 'mark') {
      if ((node.items?.length ?? 0) >= 2) widths.push(node.items?.[0]?.strokeWidth ?? 1);
      return;
    }
    for (const child of node.items ?? []) visit(child);
  };
  visit((view.scenegraph() as unknown as { root: SceneNode }).root);
  host.dataset.curvePieces = String(widths.length);
  host.dataset.lineWidths = widths.join(',');
  const [ox, oy] = view.origin();
  host.dataset.plotArea = [ox, oy, view.width(), view.height()].join(',');
}

/** Bookkeeping once a chart is on screen: the tooltip's table, the figures the status line and the e2e read. */
function afterDraw(host: HTMLElement, reason: string, how: 'embed' | 'update', t0: number, drawnData: PlotData, drawnState: PlotState): void {
  // Built on the pointer's first move over this chart, not on every redraw (a redraw while typing a value
  // needs no tooltip).
  tooltipTable = undefined;
  tooltipSource = { data: drawnData, state: drawnState };
  hoverRow = -1;
  hideTooltip();
  const renderMs = performance.now() - t0;
  const roundTripMs = changeSentAt !== undefined ? performance.now() - changeSentAt : undefined;
  changeSentAt = undefined;
  host.dataset.renderCount = String(Number(host.dataset.renderCount ?? '0') + 1);
  host.dataset.renderMs = renderMs.toFixed(1);
  if (roundTripMs !== undefined) {
    host.dataset.roundTripMs = roundTripMs.toFixed(1);
    host.dataset.trip = JSON.stringify({ ...trip, drawn: Date.now() });
  }
  host.dataset.reason = reason;
  // Per reason too: a theme change may be followed at once by a resize redraw, which must not hide it from the e2e.
  const perReason = `renders${reason.charAt(0).toUpperCase()}${reason.slice(1).replace(/[^A-Za-z0-9]/g, '')}`;
  host.dataset[perReason] = String(Number(host.dataset[perReason] ?? '0') + 1);
  host.dataset.drawnBy = how;
  if (chart) describeDrawing(host, chart.view);
  if (host.dataset.firstDrawnMs === undefined) {
    mark('drawn');
    host.dataset.scriptStartMs = scriptStartMs.toFixed(0);
    host.dataset.firstDataMs = (firstDataMs ?? 0).toFixed(0);
    host.dataset.firstDrawnMs = performance.now().toFixed(0);
    host.dataset.sampleMs = sampleMs.toFixed(1);
    // Painted: after the next frame's rendering (a task queued from requestAnimationFrame runs after it).
    requestAnimationFrame(() => setTimeout(() => {
      mark('painted');
      host.dataset.timeline = JSON.stringify({ ...loadMarks(), ...timeline });
    }, 0));
  }
  setStatus(t('timing', sampleMs.toFixed(1), renderMs.toFixed(1)));
  post({ type: 'rendered', renderMs });
}

function setStatus(text: string, error = false): void {
  const el = document.getElementById('status');
  if (!el) return;
  el.textContent = text;
  el.classList.toggle('error', error);
}

async function exportImage(format: 'png' | 'svg'): Promise<void> {
  if (!chart || !lastSpec) return;
  try {
    // toImageURL gives a data URL for PNG but a blob: URL for SVG, which the host cannot read: SVG goes as text.
    // The PNG is the chart's pixels; the SVG comes from the exported spec (exportPlotSpec), so the file holds
    // what is drawn and not the chart's empty layers and transparent grid lines.
    const dataUrl = format === 'png' ? await chart.view.toImageURL('png', 2) : `data:image/svg+xml;charset=utf-8,${encodeURIComponent(await exportedSvg(lastSpec))}`;
    post({ type: 'export', format, dataUrl });
  } catch (e) {
    post({ type: 'log', level: 'error', message: `export ${format} failed: ${e instanceof Error ? e.message : String(e)}` });
  }
}

/** The SVG of the exported spec, from a view that draws nowhere (renderer 'none'). */
async function exportedSvg(spec: VegaLiteSpec): Promise<string> {
  const view = new View(parseVega(compileVegaLite(exportPlotSpec(spec) as never).spec, undefined, { ast: true }), {
    renderer: 'none',
    expr: expressionInterpreter,
    logLevel: 1,
  } as never);
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

// ---------- tooltip ----------

function tooltipElement(): HTMLDivElement {
  let el = document.getElementById('vg-tooltip-element') as HTMLDivElement | null;
  if (!el) {
    el = h('div', { id: 'vg-tooltip-element', role: 'tooltip' });
    document.body.append(el);
  }
  return el;
}

function hideTooltip(): void {
  document.getElementById('vg-tooltip-element')?.classList.remove('visible');
}

/** The plot area's x in data units under a client x, or undefined off the plot. */
function dataXAt(clientX: number, clientY: number): number | undefined {
  const host = document.getElementById('chart');
  const surface = host?.querySelector('svg, canvas');
  if (!chart || !surface) return undefined;
  const rect = surface.getBoundingClientRect();
  const [ox, oy] = chart.view.origin();
  const px = clientX - rect.left - ox;
  const py = clientY - rect.top - oy;
  if (px < 0 || px > chart.view.width() || py < 0 || py > chart.view.height()) return undefined;
  const x = chart.view.scale('x')?.invert(px) as number | undefined;
  return typeof x === 'number' && Number.isFinite(x) ? x : undefined;
}

function onPointerMove(e: PointerEvent): void {
  if (!tooltipTable && tooltipSource) tooltipTable = buildTooltipTable(tooltipSource.data, tooltipSource.state, plotLabels());
  if (!tooltipTable || !chart) return;
  const x = dataXAt(e.clientX, e.clientY);
  if (x === undefined) {
    onPointerLeave();
    return;
  }
  const row = nearestRow(tooltipTable, x);
  const el = tooltipElement();
  if (row !== hoverRow) {
    hoverRow = row;
    const rows = tooltipEntries(tooltipTable, row, plotLabels()).map((entry) => h('tr', {}, h('td', { class: 'key' }, entry.title), h('td', { class: 'value' }, entry.value)));
    el.replaceChildren(h('table', {}, h('tbody', {}, ...rows)));
    void chart.view.signal(HOVER_PARAM, tooltipTable.xs[row]).runAsync();
  }
  el.classList.add('visible');
  // Beside the pointer, flipped to the other side near the window's right or bottom edge (CSSOM, not a style attribute).
  const pad = 14;
  const w = el.offsetWidth;
  const hgt = el.offsetHeight;
  const left = e.clientX + pad + w > window.innerWidth ? e.clientX - pad - w : e.clientX + pad;
  const top = e.clientY + pad + hgt > window.innerHeight ? Math.max(0, e.clientY - pad - hgt) : e.clientY + pad;
  el.style.left = `${Math.max(0, left)}px`;
  el.style.top = `${top}px`;
}

function onPointerLeave(): void {
  hideTooltip();
  if (hoverRow !== -1 && chart) {
    hoverRow = -1;
    void chart.view.signal(HOVER_PARAM, null).runAsync();
  }
}

// ---------- messages ----------

function onInit(m: InitMessage): void {
  strings = { ...PANEL_STRINGS, ...m.strings };
  catalog = m.catalog;
  frameworks = m.frameworks;
  document.title = t('title');
  // New strings or catalog: every control is built anew.
  resetControls();
}

function resetControls(): void {
  sections.clear();
  for (const id of ['toolbar', 'controls', 'params']) document.getElementById(id)?.remove();
}

function onData(m: DataMessage): void {
  if (firstDataMs === undefined) firstDataMs = performance.now();
  mark('dataIn');
  if (m.timeline) for (const [k, v] of Object.entries(m.timeline)) if (typeof v === 'number') timeline[k] ??= v;
  if (m.reply) trip = { ...trip, received: m.reply.received, computed: m.reply.computed, dataIn: Date.now() };
  const full = m.arrays ? attachSegmentArrays(m.data, m.arrays) : m.data;
  if (!full) {
    post({ type: 'log', level: 'warning', message: "the host's curves did not fit their data message; ignored" });
    return;
  }
  // A state other than the one the webview expects (the host dropped an invalid value, or the change came from
  // the host, e.g. a hover's link): rebuild every control from it.
  if (state && canonicalJson(m.state) !== canonicalJson(state)) resetControls();
  state = m.state;
  data = full;
  sampleMs = m.sampleMs;
  if (state.vanishingThreshold !== null) lastThreshold = state.vanishingThreshold;
  vscode.setState(state);
  renderControls();
  if (state.selections.length === 0) {
    setStatus(t('noSelection'));
  }
  void renderChart('data');
}

window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  const m = event.data;
  if (!m || typeof m !== 'object') return;
  if (m.type === 'init') onInit(m);
  else if (m.type === 'data') onData(m);
});

// Theme changes swap the body's classes (vscode-light / vscode-dark / vscode-high-contrast[-light]). VS Code
// also re-applies the same classes when the frame finishes loading: that changes no colour, so draws nothing.
new MutationObserver(() => {
  if (drawn && JSON.stringify(currentTheme()) === drawn.themeKey) return;
  renderControls();
  void renderChart('theme');
}).observe(document.body, { attributes: true, attributeFilter: ['class'] });

let resizeTimer: ReturnType<typeof setTimeout> | undefined;
let lastWidth = 0;
new ResizeObserver((entries) => {
  const w = Math.round(entries[0]?.contentRect.width ?? 0);
  if (Math.abs(w - lastWidth) < 8) return;
  lastWidth = w;
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => {
    const host = document.getElementById('chart');
    // The first observation (and any that leaves the chart's width as drawn) needs no second drawing.
    if (host && drawn && chartSize(host).width === drawn.width) return;
    void renderChart('resize');
  }, 120);
}).observe(app);

/** The first data from the panel's HTML (see PanelBoot), removed from the document once read. */
function readBoot(): PanelBoot | undefined {
  const el = document.getElementById(BOOT_ELEMENT_ID);
  if (!el) return undefined;
  el.remove();
  try {
    const boot = JSON.parse(el.textContent ?? '') as PanelBoot;
    return boot?.init?.type === 'init' && boot.data?.type === 'data' ? boot : undefined;
  } catch (e) {
    post({ type: 'log', level: 'warning', message: `the panel's first data did not parse: ${e instanceof Error ? e.message : String(e)}` });
    return undefined;
  }
}

/** JSON with object keys sorted: equal for equal states whatever order their fields were written in. */
function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`).join(',')}}`;
  return JSON.stringify(v) ?? 'null';
}

const boot = readBoot();
if (boot) {
  mark('bootRead');
  onInit(boot.init);
  // Hidden and shown again, the webview reloads the HTML it was created with; a state saved since is newer,
  // so draw nothing stale and ask for the current data instead.
  const saved = vscode.getState();
  if (saved === undefined || saved === null || canonicalJson(saved) === canonicalJson(boot.data.state)) {
    onData(boot.data);
    post({ type: 'ready', booted: true });
  } else {
    post({ type: 'ready' });
  }
} else {
  post({ type: 'ready' });
}
