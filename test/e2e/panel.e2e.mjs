// The plot panel as a user meets it: opened from the command palette through the catalog quick pick
// (found by an alias), curves drawn under the strict CSP, a parameter change redrawn, a theme change
// followed, and opened from the editor on a detected activation. Prints the panel's timings (not asserted:
// benchmarks report, tests do not time). Set ACTIVATION_LENS_SCREENSHOTS=1 to refresh the README's
// media/screenshots/panel-{light,dark}.png.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { allowDevelopmentPayload } from '../../scripts/code-server.mjs';
import { check } from './helpers.mjs';

const README_SHOTS = process.env.ACTIVATION_LENS_SCREENSHOTS === '1';

/**
 * The chart's drawn curves. The chart is a canvas: the webview reports the curve pieces in vega's scenegraph
 * (line marks with at least two points), and the canvas's own pixels must show every series' colour inside
 * the plot area (the legend's swatches are outside it), counted per colour.
 */
async function drawnCurves(wb) {
  const d = await chartData(wb);
  const pixels = await wb.webview().locator('#chart canvas').evaluate((canvas, area) => {
    const [ox, oy, w, h] = area.split(',').map(Number);
    const scale = canvas.width / canvas.getBoundingClientRect().width;
    const ctx = canvas.getContext('2d');
    const img = ctx.getImageData(Math.round(ox * scale), Math.round(oy * scale), Math.round(w * scale), Math.round(h * scale)).data;
    const rgb = (css) => (css.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map(Number);
    const colours = [...document.querySelectorAll('.chip .swatch')].map((s) => rgb(getComputedStyle(s).backgroundColor));
    const counts = colours.map(() => 0);
    for (let i = 0; i < img.length; i += 4) {
      colours.forEach(([r, g, b], k) => {
        if (Math.abs(img[i] - r) + Math.abs(img[i + 1] - g) + Math.abs(img[i + 2] - b) < 30) counts[k] += 1;
      });
    }
    return counts;
  }, d.plotArea ?? '0,0,0,0');
  return { pieces: Number(d.curvePieces ?? 0), pixels, widths: (d.lineWidths ?? '').split(',').filter(Boolean).map(Number) };
}

/** A hash of the canvas's pixels, to tell a redrawn chart from the one before. */
async function canvasDigest(wb) {
  return wb.webview().locator('#chart canvas').evaluate((c) => {
    const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let h = 0;
    for (let i = 0; i < data.length; i++) h = (h * 31 + data[i]) | 0;
    return `${c.width}x${c.height}:${h}`;
  });
}

/** Waits until the chart's canvas is there with curves drawn on it. */
async function waitForCurves(wb, timeout) {
  await wb.webview().locator('#chart[data-curve-pieces] canvas').first().waitFor({ state: 'attached', timeout });
}

/** A redraw's way through (data-trip, epoch ms): to the host, sampling, back, controls and drawing. */
function tripText(d) {
  const t = d.trip ? JSON.parse(d.trip) : {};
  if (![t.sent, t.received, t.computed, t.dataIn, t.drawn].every((x) => typeof x === 'number')) return `incomplete trip marks ${d.trip}`;
  return `to host ${t.received - t.sent}, host ${t.computed - t.received}, back ${t.dataIn - t.computed}, webview ${t.drawn - t.dataIn}`;
}

async function chartData(wb) {
  return wb.webview().locator('#chart').evaluate((el) => ({ ...el.dataset }));
}

async function cspViolations(wb) {
  return wb.webview().locator('body').evaluate((b) => Number(b.dataset.cspViolations ?? '0'));
}

async function waitForRenderCount(wb, moreThan, timeout = 15_000) {
  const started = Date.now();
  for (;;) {
    const d = await chartData(wb).catch(() => ({}));
    if (Number(d.renderCount ?? 0) > moreThan) return d;
    if (Date.now() - started > timeout) throw new Error(`the chart did not redraw (render count ${d.renderCount ?? 0}, expected > ${moreThan})`);
    await wb.page.waitForTimeout(50);
  }
}

/** Waits until the chart has been redrawn for one reason (its dataset counter `key`, e.g. rendersTheme) more than `moreThan` times. */
async function waitForRendersOf(wb, key, moreThan, timeout = 15_000) {
  const started = Date.now();
  for (;;) {
    const d = await chartData(wb).catch(() => ({}));
    if (Number(d[key] ?? 0) > moreThan) return d;
    if (Date.now() - started > timeout) throw new Error(`the chart was not redrawn for ${key} (${d[key] ?? 0}, expected > ${moreThan}; last reason ${d.reason})`);
    await wb.page.waitForTimeout(50);
  }
}

/** Ticks an entry of the open multi-select quick pick, found by typing `query` (an alias works). */
async function tickQuickPickItem(wb, query, label) {
  const input = wb.page.locator('.quick-input-widget .quick-input-box input').first();
  await input.fill(query);
  const row = wb.page.locator('.quick-input-list .monaco-list-row', { has: wb.page.locator('.label-name', { hasText: new RegExp(`^${label}$`) }) }).first();
  await row.waitFor({ timeout: 15_000 });
  await wb.page.waitForTimeout(300); // the filtered list settles
  for (let i = 0; i < 3; i++) {
    if ((await row.getAttribute('aria-checked')) === 'true') return;
    const box = row.locator('input[type="checkbox"], .quick-input-list-checkbox, .monaco-checkbox, .monaco-custom-toggle').first();
    if ((await box.count()) > 0) await box.click();
    else await row.click();
    await wb.page.waitForTimeout(200);
  }
  assert.equal(await row.getAttribute('aria-checked'), 'true', `${label} could not be ticked in the quick pick`);
}

/** Accepts the multi-select quick pick with its OK button. */
async function acceptQuickPick(wb) {
  const ok = wb.page.locator('.quick-input-widget .quick-input-action .monaco-button, .quick-input-widget a.monaco-button', { hasText: 'OK' }).first();
  if ((await ok.count()) > 0) await ok.click();
  else await wb.page.keyboard.press('Enter');
}

async function setTheme(wb, name) {
  await runOurCommand(wb, 'Preferences: Color Theme');
  const input = wb.page.locator('.quick-input-widget input').first();
  await input.waitFor({ state: 'visible' });
  await input.fill(name);
  await wb.page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ timeout: 15_000 });
  await wb.page.keyboard.press('Enter');
}

let openedAt = 0;

/** The opening's steps in the order they happen (see PanelTimeline in src/core/render/plotMessages.ts). */
const TIMELINE_STEPS = [
  ['invoked', 'host: command ran'],
  ['loaded', 'host: panel code loaded'],
  ['picked', 'host: quick pick closed'],
  ['created', 'host: createWebviewPanel returned'],
  ['computed', 'host: first data sampled, HTML set'],
  ['frame', 'webview: content frame navigated'],
  ['bundleRequested', 'webview: panel.js requested'],
  ['bundleLoaded', 'webview: panel.js loaded'],
  ['scriptParsed', 'webview: panel.js parsed, starts'],
  ['scriptRun', "webview: vega's modules initialised"],
  ['bootRead', "webview: HTML's data read"],
  ['dataIn', 'webview: data in, controls next'],
  ['renderStart', 'webview: chart render starts'],
  ['specBuilt', 'webview: vega-lite spec built'],
  ['compiled', 'webview: vega-lite compiled'],
  ['drawn', 'webview: vega parsed, ran, canvas drawn'],
  ['painted', 'webview: frame painted'],
];

/** Prints the opening's timeline relative to `zero` (epoch ms): each step's time and its share. Figures only. */
function printTimeline(timeline, zero) {
  let previous;
  for (const [key, what] of TIMELINE_STEPS) {
    const at = timeline[key];
    if (typeof at !== 'number') continue;
    const share = previous === undefined ? '' : ` (+${Math.round(at - previous)})`;
    console.log(`        ${String(Math.round(at - zero)).padStart(6)} ms  ${what}${share}`);
    previous = at;
  }
}

async function waitForFile(path, timeoutMs = 15_000) {
  const started = Date.now();
  while (!existsSync(path) || readFileSync(path, 'utf8').length === 0) {
    if (Date.now() - started > timeoutMs) throw new Error(`${path} was not written`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return readFileSync(path, 'utf8');
}

/**
 * Runs a palette command once the extension's commands are listed: right after the workbench opens, the
 * palette may not list contributed commands yet, so a missing row is retried.
 */
async function runOurCommand(wb, title, attempts = 5) {
  for (let i = 1; ; i++) {
    try {
      await wb.dismissWidgets();
      await wb.page.keyboard.press('Control+Shift+P');
      const input = wb.page.locator('.quick-input-widget input').first();
      await input.waitFor({ state: 'visible' });
      await input.fill(`>${title}`);
      // Click the row whose label is exactly this title (Enter would take whatever fuzzy match is first).
      const row = wb.page.locator('.quick-input-list .monaco-list-row').filter({ has: wb.page.locator('.label-name', { hasText: new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }) }).first();
      await row.waitFor({ timeout: 10_000 });
      await row.click();
      return;
    } catch (e) {
      if (i >= attempts) throw e;
      await wb.page.waitForTimeout(1000);
    }
  }
}

check('the palette command opens the panel on activations picked by alias, and draws the curves', async (wb) => {
  // Opening a Python file activates the extension, as a user's first contact would.
  await wb.openFile('hello_activations.py');
  await runOurCommand(wb, 'Activation Lens: Open Plot Panel');
  await wb.page.locator('.quick-input-list .monaco-list-row', { hasText: 'sigmoid' }).first().waitFor({ timeout: 15_000 });
  // "expit" is scipy's name for the sigmoid: the pick searches aliases.
  await tickQuickPickItem(wb, 'expit', 'sigmoid');
  await tickQuickPickItem(wb, 'leaky', 'leaky_relu');
  openedAt = Date.now();
  await acceptQuickPick(wb);
  await waitForCurves(wb, 30_000);
  const readyMs = Date.now() - openedAt;
  const drawn = await drawnCurves(wb);
  // sigmoid f and f' in one piece each; leaky_relu f in one piece, f' in two (its jump at 0).
  assert.equal(drawn.pieces, 5, `expected 5 drawn curve pieces, got ${drawn.pieces}`);
  assert.equal(drawn.pixels.length, 2);
  assert.ok(drawn.pixels.every((n) => n > 200), `each series' colour is drawn in the plot area (pixels: ${drawn.pixels.join(', ')})`);
  const chips = await wb.webview().locator('.chip').allInnerTexts();
  assert.equal(chips.length, 2, chips.join(' | '));
  assert.match(chips[0], /sigmoid/);
  assert.match(chips[1], /leaky_relu/);
  const table = await wb.webview().locator('table.properties').innerText();
  assert.match(table, /0\.25/, 'sigmoid max slope 0.25 in the properties table');
  assert.equal(await cspViolations(wb), 0, 'no securitypolicyviolation in the webview');
  const d = await chartData(wb);
  console.log(`      panel ready ${readyMs} ms after accepting the pick; in the webview: script running at ${d.scriptStartMs} ms, data in at ${d.firstDataMs} ms (host sampling ${d.sampleMs} ms), chart drawn at ${d.firstDrawnMs} ms`);
  const timelineText = await wb.webview().locator('#chart[data-timeline]').getAttribute('data-timeline', { timeout: 5000 }).catch(() => undefined);
  if (timelineText) {
    const timeline = JSON.parse(timelineText);
    const renders = (await chartData(wb)).renderCount;
    console.log(`      timeline (ms after accepting the pick; ${renders} chart render(s) so far; load average ${(await import('node:os')).loadavg().map((l) => l.toFixed(2)).join(' ')}):`);
    printTimeline(timeline, openedAt);
  }
  await wb.screenshot('panel-opened');
}, { timeoutMs: 90_000 });

check('changing a parameter redraws the chart', async (wb) => {
  const before = await chartData(wb);
  const slopeBefore = await canvasDigest(wb);
  const input = wb.webview().locator('#param-1-negative_slope');
  await input.fill('0.3');
  await input.press('Enter');
  await input.evaluate((el) => el.dispatchEvent(new Event('change', { bubbles: true })));
  const after = await waitForRenderCount(wb, Number(before.renderCount));
  assert.match((await wb.webview().locator('.chip').allInnerTexts())[1], /negative_slope=0\.3/);
  assert.notEqual(await canvasDigest(wb), slopeBefore);
  assert.equal((await drawnCurves(wb)).pieces, 5);
  assert.equal(await cspViolations(wb), 0);
  console.log(`      re-render after a parameter change (the first change; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}): ${after.roundTripMs} ms (change → host sampling → redraw), of which drawing ${after.renderMs} ms (${after.drawnBy}); ${tripText(after)}`);
  assert.equal(after.drawnBy, 'update', 'a parameter change updates the chart on screen');
  await wb.screenshot('panel-parameter-changed');
  // More changes that keep the chart's layers (parameters, x range, threshold): figures only.
  const figures = [];
  const trips = [];
  for (const [id, value] of [['#param-1-negative_slope', '0.1'], ['#param-1-negative_slope', '0.2'], ['#x-min', '-8'], ['#x-max', '7'], ['#vanishing-threshold', '0.01'], ['#param-1-negative_slope', '0.3']]) {
    const n = Number((await chartData(wb)).renderCount);
    const field = wb.webview().locator(id);
    await field.fill(value);
    await field.evaluate((el) => el.dispatchEvent(new Event('change', { bubbles: true })));
    const d = await waitForRenderCount(wb, n);
    // The x range from -6 to -8 brings in sigmoid's vanishing-gradient shading: still the same chart's update.
    assert.equal(d.drawnBy, 'update', `${id} = ${value}: drawn by updating the chart on screen`);
    figures.push(`${d.roundTripMs}/${d.renderMs}`);
    trips.push(tripText(d));
  }
  const redrawn = await drawnCurves(wb);
  assert.equal(redrawn.pieces, 5);
  assert.ok(redrawn.pixels.every((n) => n > 200), `pixels: ${redrawn.pixels.join(', ')}`);
  console.log(`      re-render after ${figures.length} more changes (round trip/drawing, ms; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}): ${figures.join(', ')}`);
  console.log(`      their ways through: ${trips.join('; ')}`);
});

check('switching curves, shading, precision and activations redraws the running chart', async (wb) => {
  // Each of these used to build a new vega view (a layer came or went); the chart's layers no longer depend on
  // them, so each must be drawn by updating the chart on screen, with the curves really redrawn.
  const pieces = async () => (await drawnCurves(wb)).pieces;
  const basePieces = await pieces();
  assert.equal(basePieces, 5);
  const steps = [
    ["f'' on", () => wb.webview().locator('#order-2').check(), async () => assert.ok((await pieces()) > basePieces, "f'' adds curve pieces")],
    ["f'' off", () => wb.webview().locator('#order-2').uncheck(), async () => assert.equal(await pieces(), basePieces)],
    ['gelu added', () => wb.webview().locator('#add-activation').selectOption('gelu'), async () => {
      assert.equal(await wb.webview().locator('.chip').count(), 3);
      const drawn = await drawnCurves(wb);
      assert.equal(drawn.pieces, basePieces + 2, 'gelu f and f\' in one piece each');
      assert.ok(drawn.pixels.length === 3 && drawn.pixels.every((n) => n > 200), `each series' colour is drawn (pixels: ${drawn.pixels.join(', ')})`);
    }],
    ['gelu removed', () => wb.webview().locator('#remove-2').click(), async () => {
      assert.equal(await wb.webview().locator('.chip').count(), 2);
      assert.equal(await pieces(), basePieces);
    }],
    ['float32', () => wb.webview().locator('#dtype').selectOption('float32'), async () => assert.equal(await pieces(), basePieces)],
    ['float64', () => wb.webview().locator('#dtype').selectOption('float64'), async () => assert.equal(await pieces(), basePieces)],
    ['vanishing shading off', () => wb.webview().locator('#shade-vanishing').uncheck(), async () => assert.equal(await pieces(), basePieces)],
    ['vanishing shading on', () => wb.webview().locator('#shade-vanishing').check(), async () => assert.equal(await pieces(), basePieces)],
    ['overflow shading off', () => wb.webview().locator('#shade-overflow').uncheck(), async () => assert.equal(await pieces(), basePieces)],
    ['overflow shading on', () => wb.webview().locator('#shade-overflow').check(), async () => assert.equal(await pieces(), basePieces)],
  ];
  const figures = [];
  const trips = [];
  const digests = [await canvasDigest(wb)];
  for (const [what, act, verify] of steps) {
    const n = Number((await chartData(wb)).renderCount);
    await act();
    const d = await waitForRenderCount(wb, n);
    assert.equal(d.drawnBy, 'update', `${what}: drawn by updating the chart on screen`);
    await verify();
    digests.push(await canvasDigest(wb));
    figures.push(`${what} ${d.roundTripMs}/${d.renderMs}`);
    trips.push(`${what}: ${tripText(d)}`);
  }
  // The pixels change where the picture does: the curves and shading toggles; float32 and float64 may draw alike.
  for (const k of [0, 1, 2, 3, 6, 7]) assert.notEqual(digests[k + 1], digests[k], `${steps[k][0]} changes the canvas`);
  assert.equal(digests[2], digests[0], "f'' off draws the chart as before");
  assert.equal(digests[4], digests[2], 'gelu removed draws the chart as before');
  assert.equal(digests[8], digests[6], 'the vanishing shading back on draws the chart as before');
  assert.equal(await cspViolations(wb), 0);
  console.log(`      re-render after toggles and selections (round trip/drawing, ms; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}): ${figures.join(', ')}`);
  console.log(`      their ways through: ${trips.join('; ')}`);
});

check('the tooltip, exports and toggles work without CSP violations', async (wb) => {
  const box = await wb.webview().locator('#chart canvas').boundingBox();
  assert.ok(box);
  await wb.page.mouse.move(box.x + box.width * 0.55, box.y + box.height * 0.5);
  await wb.page.mouse.move(box.x + box.width * 0.56, box.y + box.height * 0.5);
  const tooltip = wb.webview().locator('#vg-tooltip-element.visible');
  await tooltip.waitFor({ timeout: 10_000 });
  const text = await tooltip.innerText();
  assert.match(text, /sigmoid f\(x\)/);
  assert.match(text, /leaky_relu.*f'\(x\)/);
  await wb.screenshot('panel-tooltip');
  const before = Number((await chartData(wb)).renderCount);
  await wb.webview().locator('#order-2').check();
  await waitForRenderCount(wb, before);
  assert.equal(await cspViolations(wb), 0);

  // PNG export: vega renders the image in the webview (a data URL, allowed by img-src data:), the host asks where to save.
  await wb.webview().locator('#export-png').click();
  const saveInput = wb.page.locator('.quick-input-widget .quick-input-box input').first();
  await saveInput.waitFor({ state: 'visible', timeout: 15_000 });
  await wb.page.waitForFunction(() => /\.png$/.test(document.querySelector('.quick-input-widget .quick-input-box input')?.value ?? ''), undefined, { timeout: 10_000 });
  assert.match(await saveInput.inputValue(), /sigmoid-leaky_relu\.png$/);
  await wb.page.keyboard.press('Escape');
  await wb.page.waitForTimeout(300);
  // SVG export, saved for real into the workspace and read back.
  await wb.webview().locator('#export-svg').click();
  await wb.page.waitForFunction(() => /\.svg$/.test(document.querySelector('.quick-input-widget .quick-input-box input')?.value ?? ''), undefined, { timeout: 15_000 });
  const svgFile = join(wb.folder, 'exported-chart.svg');
  await saveInput.fill(svgFile);
  await wb.page.keyboard.press('Enter');
  const svgText = await waitForFile(svgFile);
  assert.match(svgText, /^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.ok((svgText.match(/<path[^>]* d="M[^"]*L/g) ?? []).length >= 5, 'the exported SVG has the curves');
  // Copy matplotlib script: the host confirms with a notification.
  await wb.webview().locator('#copy-matplotlib').click();
  await wb.page.locator('.notifications-toasts', { hasText: 'matplotlib' }).first().waitFor({ timeout: 15_000 });
  // The spec as JSON opens in an editor beside.
  await wb.webview().locator('#open-spec').click();
  await wb.page.locator('.editor-instance .view-lines', { hasText: 'vega-lite' }).first().waitFor({ timeout: 15_000 });
  await wb.screenshot('panel-spec-opened');
  await wb.page.keyboard.press('Control+W');
  await wb.page.waitForTimeout(300);
  const dontSave = wb.page.locator('.monaco-dialog-box .monaco-button', { hasText: /Don.t Save/ }).first();
  if ((await dontSave.count()) > 0) await dontSave.click();
  assert.equal(await cspViolations(wb), 0, 'exports under the CSP');
});

check('the panel follows a theme change', async (wb) => {
  // The chart's background: a canvas pixel in its top-left padding.
  const bg = () => wb.webview().locator('#chart canvas').first().evaluate((c) => [...c.getContext('2d').getImageData(1, 1, 1, 1).data].join(','));
  const shots = [];
  let previous;
  for (const [theme, file] of [['Dark Modern', 'panel-dark'], ['Light Modern', 'panel-light']]) {
    // Counted per reason: a resize redraw right after the theme's (the workbench relayouts) must not hide it.
    const before = Number((await chartData(wb)).rendersTheme ?? 0);
    await setTheme(wb, theme);
    await waitForRendersOf(wb, 'rendersTheme', before);
    const now = await bg();
    if (previous !== undefined) assert.notEqual(now, previous, `the chart background follows ${theme}`);
    previous = now;
    await wb.page.mouse.move(2, 2);
    await wb.page.waitForTimeout(300);
    if (process.env.ACTIVATION_LENS_TEST_VERBOSE) {
      console.log(`      ${theme}: ${await wb.webview().locator('body').evaluate((b) => ['blue', 'orange', 'green'].map((c) => getComputedStyle(b).getPropertyValue(`--vscode-charts-${c}`)).join(' '))}`);
    }
    if (README_SHOTS) await shootReadme(wb, `${file}.png`);
    shots.push(await wb.screenshot(file));
  }
  // High contrast: the same chart with thicker lines, colours from the high-contrast theme.
  const before = Number((await chartData(wb)).renderCount);
  await setTheme(wb, 'Dark High Contrast');
  await waitForRenderCount(wb, before);
  const { widths } = await drawnCurves(wb);
  assert.ok(widths.length > 0 && widths.every((w) => w > 2), `line widths in high contrast: ${widths.join(', ')}`);
  await wb.page.mouse.move(2, 2);
  await wb.screenshot('panel-high-contrast');
  await wb.webview().locator('#order-2').uncheck();
  assert.equal(await cspViolations(wb), 0);
});

check('"Plot Activation at Cursor" on a detected activation opens it with that call', async (wb) => {
  // The file is open since the first check (the panel beside it): focus its tab rather than open a second copy.
  await wb.page.locator('.tabs-container .tab', { hasText: 'hello_activations.py' }).first().click();
  await wb.clickWord('sigmoid');
  await runOurCommand(wb, 'Activation Lens: Plot Activation at Cursor');
  await wb.page.waitForFunction(() => document.querySelector('iframe.webview.ready') !== null, undefined, { timeout: 20_000 });
  const chip = wb.webview().locator('.chip').first();
  await chip.waitFor({ timeout: 20_000 });
  await wb.page.waitForTimeout(500);
  const chips = await wb.webview().locator('.chip').allInnerTexts();
  assert.equal(chips.length, 1, chips.join(' | '));
  assert.match(chips[0], /sigmoid/);
  await wb.screenshot('panel-from-editor');
});

/** The README's screenshot: the panel's editor group maximized, so the chart gets the window's width. */
async function shootReadme(wb, name) {
  const dir = join(process.cwd(), 'media', 'screenshots');
  mkdirSync(dir, { recursive: true });
  await wb.webview().locator('#chart').click({ position: { x: 2, y: 2 } });
  await runOurCommand(wb, 'View: Toggle Maximize Editor Group');
  const before = Number((await chartData(wb)).renderCount);
  await waitForRenderCount(wb, before, 5000).catch(() => {});
  await wb.page.mouse.move(2, 2);
  await wb.page.waitForTimeout(500);
  await wb.page.locator('iframe.webview.ready').screenshot({ path: join(dir, name) });
  await runOurCommand(wb, 'View: Toggle Maximize Editor Group');
  await wb.page.waitForTimeout(500);
}

check('the hover\'s "Open in plot panel" link opens the panel on that call', async (wb) => {
  await wb.page.locator('.tabs-container .tab', { hasText: 'hello_activations.py' }).first().click();
  const hover = await wb.hover(/GELU/, { expectText: 'Open in plot panel' });
  await hover.locator('a', { hasText: 'Open in plot panel' }).first().click();
  await wb.page.waitForFunction(() => document.querySelector('iframe.webview.ready') !== null, undefined, { timeout: 20_000 });
  const chip = wb.webview().locator('.chip[data-activation="gelu"]');
  await chip.waitFor({ timeout: 20_000 });
  assert.equal(await wb.webview().locator('.chip').count(), 1);
  await waitForCurves(wb, 20_000);
  assert.equal(await cspViolations(wb), 0);
  await wb.screenshot('panel-from-hover');
});

check('the panel survives a window reload with its state', async (wb) => {
  const chipsBefore = await wb.webview().locator('.chip').allInnerTexts();
  await wb.page.waitForTimeout(1000);
  // The user's reload: the workbench saves its state (the webview's setState included) before reloading.
  await runOurCommand(wb, 'Developer: Reload Window');
  await wb.page.waitForTimeout(3000);
  await wb.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  const chip = wb.webview().locator('.chip').first();
  await chip.waitFor({ timeout: 60_000 });
  assert.deepEqual(await wb.webview().locator('.chip').allInnerTexts(), chipsBefore);
  await waitForCurves(wb, 30_000);
  assert.ok((await drawnCurves(wb)).pieces >= 2);
  await wb.screenshot('panel-after-reload');
}, { timeoutMs: 120_000 });

/** Loads the workbench again with test/e2e/panel-floor/ as a development extension (test only, never packaged). */
async function reloadWithFloorExtension(wb) {
  await allowDevelopmentPayload(wb.page);
  const floorDir = fileURLToPath(new URL('./panel-floor', import.meta.url));
  const payload = [['extensionDevelopmentPath', `vscode-remote://${new URL(wb.baseUrl).host}${floorDir}`], ['skipWelcome', 'true']];
  await wb.page.goto(`${wb.baseUrl}/?folder=${encodeURIComponent(wb.folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
  await wb.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  await wb.page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
}

async function closeAllEditors(wb) {
  await runOurCommand(wb, 'View: Close All Editor Groups');
  await wb.page.waitForFunction(() => document.querySelector('iframe.webview') === null, undefined, { timeout: 15_000 }).catch(() => {});
  await wb.page.waitForTimeout(500);
  await wb.openFile('hello_activations.py');
  await wb.page.waitForTimeout(1000);
}

check('the platform floor: an empty webview opened the same way, next to the panel (figures only)', async (wb) => {
  await reloadWithFloorExtension(wb);
  await closeAllEditors(wb);
  const ms = (a, b) => (typeof a === 'number' && typeof b === 'number' ? Math.round(b - a) : NaN);
  const lines = [];
  // Alternately, twice each, in one workbench session. The panel goes first: it is this session's first webview,
  // the case of a user who opens VS Code and then the panel. (The e2e's very first panel, earlier, is also the
  // browser profile's first webview ever, and pays code-server's one-time service-worker install on top; a
  // browser that has run VS Code before has that worker registered already, as the reloaded page here does.)
  const openEmpty = async (note) => {
    await runOurCommand(wb, 'Activation Lens Test: Open Empty Webview');
    const floor = JSON.parse(await wb.webview().locator('body[data-timeline]').getAttribute('data-timeline', { timeout: 60_000 }));
    assert.ok(floor.painted >= floor.frame, 'the empty webview painted');
    lines.push(`empty webview ${ms(floor.invoked, floor.painted)} ms (frame up ${ms(floor.created, floor.frame)} ms after createWebviewPanel, painted ${ms(floor.frame, floor.painted)} ms after)${note}`);
    await closeAllEditors(wb);
  };
  const openPanel = async (note) => {
    await runOurCommand(wb, 'Activation Lens: Open Plot Panel');
    await wb.page.locator('.quick-input-list .monaco-list-row', { hasText: 'sigmoid' }).first().waitFor({ timeout: 15_000 });
    await tickQuickPickItem(wb, 'expit', 'sigmoid');
    await tickQuickPickItem(wb, 'leaky', 'leaky_relu');
    await acceptQuickPick(wb);
    const ours = JSON.parse(await wb.webview().locator('#chart[data-timeline]').getAttribute('data-timeline', { timeout: 60_000 }));
    assert.equal((await drawnCurves(wb)).pieces, 5);
    lines.push(`plot panel    ${ms(ours.picked, ours.painted)} ms (frame up ${ms(ours.created, ours.frame)} ms after createWebviewPanel, chart painted ${ms(ours.frame, ours.painted)} ms after)${note}`);
    await closeAllEditors(wb);
  };
  await openPanel(" — the reloaded window's first webview");
  await openEmpty('');
  await openEmpty('');
  await openPanel('');
  console.log(`      from the command creating the webview to painted (load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}):`);
  for (const l of lines) console.log(`        ${l}`);
  // Generous: at load 15-20 code-server has taken up to a minute to bring one webview frame up.
}, { timeoutMs: 360_000 });
