// The plot panel's trust boundary: state and messages from the webview, the command argument from hover
// links, restored state after a reload, and the HTML's CSP.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BOOT_ELEMENT_ID, decodeDataUrl, readPanelMessage } from '../../src/core/render/plotMessages';
import { DEFAULT_PLOT_STATE, MAX_SELECTIONS, rangeFor, readOpenArgument, readPlotState } from '../../src/core/render/plotState';
import { contentSecurityPolicy, makeNonce, panelHtml } from '../../src/extension/panel/html';
import { commandArgumentIn, selectionOfUse } from '../../src/extension/panel/links';
import { formatString } from '../../src/core/render/plotStrings';

const S = DEFAULT_PLOT_STATE;

describe('readPanelMessage', () => {
  it('accepts the known message types', () => {
    assert.deepEqual(readPanelMessage({ type: 'ready' }, S), { ok: true, message: { type: 'ready' } });
    assert.deepEqual(readPanelMessage({ type: 'ready', booted: true }, S), { ok: true, message: { type: 'ready', booted: true } });
    // Only a literal true says the webview drew its HTML's data; anything else asks for everything.
    assert.deepEqual(readPanelMessage({ type: 'ready', booted: 'yes' }, S), { ok: true, message: { type: 'ready' } });
    assert.deepEqual(readPanelMessage({ type: 'copyMatplotlib', extra: 1 }, S), { ok: true, message: { type: 'copyMatplotlib' } });
    assert.deepEqual(readPanelMessage({ type: 'rendered', renderMs: 12.5 }, S), { ok: true, message: { type: 'rendered', renderMs: 12.5 } });
    const r = readPanelMessage({ type: 'state', state: { dtype: 'float32', xMin: -3, xMax: 3 } }, S);
    assert.ok(r.ok && r.message.type === 'state');
    assert.equal(r.message.state.dtype, 'float32');
    assert.equal(r.message.state.xMin, -3);
    assert.equal(r.message.state.points, S.points, 'untouched fields keep the current value');
  });

  it('ignores unknown types and wrong shapes without throwing', () => {
    for (const bad of [null, undefined, 42, 'ready', [], { type: 'nope' }, { type: 'export', format: 'gif', dataUrl: 'data:image/gif;base64,' }, { type: 'export', format: 'png', dataUrl: 'https://example.com/x.png' }, { type: 'openSpec', json: '{' }, { type: 'openSpec', json: 5 }, { type: 'rendered', renderMs: -1 }, { type: 'rendered', renderMs: NaN }, { type: 'log', level: 'fatal', message: 'x' }, { type: 'state', state: 'x' }, { type: 'state', state: { dtype: 'float16' } }]) {
      const r = readPanelMessage(bad, S);
      assert.equal(r.ok, false, JSON.stringify(bad));
      assert.ok(!r.ok && r.reason.length > 0);
    }
  });

  it('keeps the valid part of a state update and reports the rest', () => {
    const r = readPanelMessage({ type: 'state', state: { dtype: 'float32', xMin: 5, xMax: -5, points: 1e9 } }, S);
    assert.ok(r.ok && r.message.type === 'state');
    assert.equal(r.message.state.dtype, 'float32');
    assert.equal(r.message.state.xMin, S.xMin);
    assert.equal(r.message.state.points, S.points);
    assert.equal(r.message.problems.length, 2);
  });

  it('bounds log text and export sizes', () => {
    const r = readPanelMessage({ type: 'log', level: 'info', message: 'x'.repeat(10_000) }, S);
    assert.ok(r.ok && r.message.type === 'log' && r.message.message.length === 2000);
    const huge = readPanelMessage({ type: 'export', format: 'png', dataUrl: 'data:image/png;base64,' + 'A'.repeat(33 * 1024 * 1024) }, S);
    assert.equal(huge.ok, false);
  });
});

describe('readPlotState', () => {
  it('rejects out-of-range numbers field by field', () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ xMin: -Infinity }, /x range/],
      [{ xMin: 2e6, xMax: 3e6 }, /x range/],
      [{ xMin: '1', xMax: 2 }, /x range/],
      [{ points: 1 }, /points/],
      [{ points: 2.5 }, /points/],
      [{ yDomain: { lo: 1, hi: 0 } }, /y range/],
      [{ yDomain: 'fit' }, /y range/],
      [{ orders: [0, 3] }, /orders/],
      [{ vanishingThreshold: 0 }, /threshold/],
      [{ vanishingThreshold: 2 }, /threshold/],
      [{ showOverflow: 'yes' }, /showOverflow/],
      [{ framework: 'pytorch' }, /framework/],
      [{ selections: [{ id: 'nope' }] }, /unknown activation/],
      [{ selections: [{ id: 'relu', params: { 'a.b': 1 } }] }, /identifier/],
      [{ selections: [{ id: 'relu', params: { a: Infinity } }] }, /finite/],
      [{ selections: [{ id: 'relu', framework: 'caffe' }] }, /framework/],
    ];
    for (const [input, message] of cases) {
      const { value, problems } = readPlotState(input);
      assert.ok(problems.some((p) => message.test(p)), `${JSON.stringify(input)}: ${problems.join('; ')}`);
      // Only selections can be partly kept; every other invalid field leaves the base value.
      if (!('selections' in input)) assert.deepEqual(value, S, JSON.stringify(input));
    }
  });

  it('restores a saved state and normalises the orders', () => {
    const saved = { ...S, selections: [{ id: 'leaky_relu', params: { negative_slope: 0.2 }, framework: 'keras' }], orders: [2, 0, 0], yDomain: { lo: -2, hi: 2 } };
    const { value, problems } = readPlotState(JSON.parse(JSON.stringify(saved)));
    assert.deepEqual(problems, []);
    assert.deepEqual(value.orders, [0, 2]);
    assert.deepEqual(value.selections, [{ id: 'leaky_relu', params: { negative_slope: 0.2 }, framework: 'keras' }]);
    assert.deepEqual(value.yDomain, { lo: -2, hi: 2 });
    assert.deepEqual(readPlotState(undefined).value, S);
  });

  it('keeps at most MAX_SELECTIONS activations', () => {
    const many = Array.from({ length: MAX_SELECTIONS + 3 }, () => ({ id: 'relu' }));
    const { value, problems } = readPlotState({ selections: many });
    assert.equal(value.selections.length, MAX_SELECTIONS);
    assert.ok(problems.length > 0);
  });
});

describe('readOpenArgument', () => {
  it('reads the hover link shape { activations: [{ id, params?, framework? }] }', () => {
    const { value, problems } = readOpenArgument({ activations: [{ id: 'leaky_relu', params: { negative_slope: 0.2 }, framework: 'keras' }, { id: 'sigmoid' }] });
    assert.deepEqual(problems, []);
    assert.deepEqual(value, [
      { id: 'leaky_relu', params: { negative_slope: 0.2 }, framework: 'keras' },
      { id: 'sigmoid', params: {} },
    ]);
  });

  it('treats no argument as the palette and reports bad ones', () => {
    assert.deepEqual(readOpenArgument(undefined), { value: undefined, problems: [] });
    for (const bad of [5, 'relu', { activations: 'relu' }, { activations: [] }, { activations: [{ id: 'nope' }] }, { activations: [{}] }]) {
      const r = readOpenArgument(bad);
      assert.equal(r.value, undefined, JSON.stringify(bad));
    }
    assert.ok(readOpenArgument({ activations: [{ id: 'nope' }] }).problems.length > 0);
  });
});

describe('hover links and analysis uses', () => {
  it('reads the argument of the hover\'s command link', () => {
    const arg = { activations: [{ id: 'gelu', params: { approximate: 'tanh' }, framework: 'torch' }] };
    const md = `**gelu**\n\n[Open in plot panel](command:activationLens.openPlotPanel?${encodeURIComponent(JSON.stringify([arg]))} "Open")`;
    assert.deepEqual(commandArgumentIn(md, 'activationLens.openPlotPanel'), arg);
    assert.equal(commandArgumentIn('no link here', 'activationLens.openPlotPanel'), undefined);
    assert.equal(commandArgumentIn('(command:activationLens.openPlotPanel?%7Bbroken)', 'activationLens.openPlotPanel'), undefined);
  });

  it('maps a use\'s library to the framework whose defaults apply', () => {
    const use = { span: { start: 0, end: 1 }, activation: 'leaky_relu', name: 'F.leaky_relu', qualifiedName: 'torch.nn.functional.leaky_relu', framework: 'torch', kind: 'call', params: { negative_slope: 0.1 } } as const;
    assert.deepEqual(selectionOfUse(use), { id: 'leaky_relu', params: { negative_slope: 0.1 }, framework: 'torch' });
    assert.deepEqual(selectionOfUse({ ...use, framework: 'flax' }).framework, 'jax');
    assert.equal(selectionOfUse({ ...use, framework: 'numpy' }).framework, undefined);
  });
});

describe('panel HTML', () => {
  it('has the strict CSP: nonce scripts, no unsafe-eval or unsafe-inline', () => {
    const csp = contentSecurityPolicy('https://res.example', 'abc123');
    assert.equal(csp, "default-src 'none'; script-src 'nonce-abc123'; style-src https://res.example; img-src https://res.example data: blob:; font-src https://res.example");
    const html = panelHtml({ cspSource: 'https://res.example', scriptUri: 'https://res.example/panel.js', styleUri: 'https://res.example/panel.css', nonce: 'abc123', language: 'ja', title: 'Plot "x"' });
    assert.ok(html.includes(`content="${csp.replace(/'/g, "'")}"`));
    assert.ok(!/unsafe-(eval|inline)/.test(html));
    assert.ok(!/ style=/.test(html), 'no inline style attributes');
    assert.match(html, /<head>[^]*<script defer nonce="abc123" src="https:\/\/res.example\/panel.js"><\/script>[^]*<\/head>/);
    assert.equal((html.match(/<script/g) ?? []).length, 1);
    assert.match(html, /<html lang="ja">/);
    assert.match(html, /Plot &quot;x&quot;/);
  });

  it('carries the first data as a JSON block no text inside can end or turn into a script', () => {
    const boot = { init: { type: 'init', title: '</script><script>alert(1)</script> <!-- \u2028' }, data: { type: 'data', values: [0.1, -2e-308, 5e-324] } };
    const html = panelHtml({ cspSource: 'https://res.example', scriptUri: 'https://res.example/panel.js', styleUri: 'https://res.example/panel.css', nonce: 'abc123', language: 'en', title: 'Plot', boot });
    const blocks = [...html.matchAll(/<script([^>]*)>([^]*?)<\/script>/g)];
    assert.equal(blocks.length, 2, 'the data block and the one nonce-bearing script');
    assert.equal(blocks[0]![1], ' defer nonce="abc123" src="https://res.example/panel.js"');
    assert.equal(blocks[1]![1], ` type="application/json" id="${BOOT_ELEMENT_ID}"`);
    assert.deepEqual(JSON.parse(blocks[1]![2]!), boot, 'the numbers and text come back exactly');
    assert.ok(!blocks[1]![2]!.includes('<'));
    assert.ok(!/unsafe-(eval|inline)/.test(html));
  });

  it('makes a fresh nonce each time', () => {
    const a = makeNonce();
    const b = makeNonce();
    assert.match(a, /^[A-Za-z0-9_-]{24}$/);
    assert.notEqual(a, b);
  });
});

describe('small helpers', () => {
  it('decodes export data URLs', () => {
    assert.deepEqual(Array.from(decodeDataUrl('data:image/png;base64,iVBORw0=')!), [0x89, 0x50, 0x4e, 0x47, 0x0d]);
    assert.equal(new TextDecoder().decode(decodeDataUrl('data:image/svg+xml;charset=utf-8,%3Csvg%3E%C3%BC%3C%2Fsvg%3E')), '<svg>ü</svg>');
    assert.equal(decodeDataUrl('data:image/png;base64,@@@'), undefined);
    assert.equal(decodeDataUrl('nocomma'), undefined);
  });
  it('fills placeholders', () => {
    assert.equal(formatString('sampled in {0} ms, drawn in {1} ms', 1.5, 20), 'sampled in 1.5 ms, drawn in 20 ms');
    assert.equal(formatString('{0} and {2}', 'a'), 'a and {2}');
  });
  it('widens the default range to show breakpoints', () => {
    assert.deepEqual(rangeFor([]), { xMin: -6, xMax: 6 });
    assert.deepEqual(rangeFor([0, 3]), { xMin: -6, xMax: 6 });
    assert.deepEqual(rangeFor([20]), { xMin: -6, xMax: 21 });
    assert.deepEqual(rangeFor([-7.5]), { xMin: -9, xMax: 6 });
  });
});
