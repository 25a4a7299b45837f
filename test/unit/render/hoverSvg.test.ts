import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Activation, Breakpoint, Interval, Params } from '../../../src/core/math/types';
import { autoPlotRange, renderHoverSvg, type ThemeKind } from '../../../src/core/render/hoverSvg';

// Small hand-written activations with known shapes, so the renderer is tested apart from the catalog.
const interval = (lo: number, hi: number): Interval => ({ lo, hi, loClosed: false, hiClosed: false });
function fixture(
  id: Activation['id'],
  f: (x: number) => number,
  df: (x: number) => number,
  breakpoints: Breakpoint[],
  saturation: Interval[],
): Activation {
  return {
    id,
    displayName: id,
    aliases: [],
    formula: { text: '', latex: '' },
    params: [],
    vector: false,
    value: (x) => f(x),
    derivative: (x) => df(x),
    secondDerivative: () => NaN,
    breakpoints: (_p?: Params) => breakpoints,
    properties: () => ({
      range: interval(-Infinity, Infinity),
      monotonic: true,
      zeroCentred: false,
      smooth: breakpoints.length === 0,
      maxSlope: { value: 1, at: interval(0, 0) },
      saturation,
    }),
  };
}
const s = (x: number): number => 1 / (1 + Math.exp(-x));
// |σ'| < 1e-3 beyond |x| ≈ 6.9 (σ' = σ(1-σ)); the fixture states it as the core would compute it.
const edge = Math.log(1 / 1e-3);
const sigmoid = fixture('sigmoid', s, (x) => s(x) * (1 - s(x)), [], [interval(-Infinity, -edge), interval(edge, Infinity)]);
const relu = fixture('relu', (x) => Math.max(0, x), (x) => (x > 0 ? 1 : 0), [{ x: 0, kind: 'kink' }], [interval(-Infinity, 0)]);
const step = fixture('step', (x) => (x > 0 ? 1 : 0), () => 0, [{ x: 0, kind: 'jump' }], [interval(-Infinity, Infinity)]);
const exponential = fixture('exponential', Math.exp, Math.exp, [], [interval(-Infinity, Math.log(1e-3))]);
const THEMES: ThemeKind[] = ['light', 'dark', 'highContrast', 'highContrastLight'];

/** Every `M x y` / `L x y` command of a path's d attribute, grouped into subpaths. */
function subpaths(svg: string, cls: string): Array<Array<[number, number]>> {
  const d = new RegExp(`class="${cls}" d="([^"]*)"`).exec(svg)?.[1];
  assert.ok(d !== undefined, `no path with class ${cls}`);
  const out: Array<Array<[number, number]>> = [];
  for (const m of d.matchAll(/([ML])(-?[\d.]+) (-?[\d.]+)/g)) {
    if (m[1] === 'M') out.push([]);
    out[out.length - 1]!.push([Number(m[2]), Number(m[3])]);
  }
  return out;
}

/** A minimal well-formedness check: tags balance, attributes are quoted, no stray `<` or `&`. */
function assertWellFormed(svg: string): void {
  const stack: string[] = [];
  for (const m of svg.matchAll(/<(\/?)([a-zA-Z]+)((?:\s+[a-zA-Z:-]+="[^"<]*")*)\s*(\/?)>/g)) {
    if (m[1]) assert.equal(stack.pop(), m[2], `closing </${m[2]}> out of order`);
    else if (!m[4]) stack.push(m[2]!);
  }
  assert.deepEqual(stack, [], 'unclosed tags');
  const withoutTags = svg.replace(/<[^>]*>/g, '');
  assert.doesNotMatch(withoutTags, /[<>]/);
  assert.doesNotMatch(withoutTags, /&(?!amp;|lt;|gt;|quot;)/);
  assert.ok(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"'));
}

describe('hover SVG', () => {
  it('is small, well-formed and has f solid and f′ dashed for every theme', () => {
    const seen = new Set<string>();
    for (const theme of THEMES) {
      const { svg, width, height } = renderHoverSvg(sigmoid, { theme });
      assert.ok(svg.length <= 8192, `${theme}: ${svg.length} bytes`);
      assertWellFormed(svg);
      assert.match(svg, new RegExp(`width="${width}" height="${height}"`));
      assert.match(svg, /class="df"[^>]*stroke-dasharray/);
      assert.doesNotMatch(/<path class="f"[^>]*>/.exec(svg)![0], /dasharray/);
      const fColour = /class="f"[^>]*stroke="(#[0-9a-f]{6})"/.exec(svg)![1]!;
      seen.add(fColour);
    }
    assert.equal(seen.size, THEMES.length, 'each theme kind has its own curve colour');
  });

  it('stays under 8 KB for every shape, literal and range', () => {
    for (const a of [sigmoid, relu, step, exponential]) {
      for (const literal of [undefined, 0, -3.5, 40, -1000]) {
        for (const range of [undefined, { lo: -100, hi: 100 }]) {
          const { svg } = renderHoverSvg(a, { theme: 'dark', ...(literal !== undefined ? { literal } : {}), ...(range ? { range } : {}) });
          assert.ok(svg.length <= 8192, `${a.id} literal ${literal}: ${svg.length} bytes`);
          assertWellFormed(svg);
        }
      }
    }
  });

  it('marks a literal argument with a dot on the curve, and one beyond the plot at the edge', () => {
    const { svg } = renderHoverSvg(sigmoid, { theme: 'light', literal: 2 });
    const dot = /<circle id="literal"[^>]*cx="([\d.]+)" cy="([\d.]+)"/.exec(svg);
    assert.ok(dot, 'dot present');
    // The dot sits on the drawn curve: the nearest f sample at that x has (almost) the same y.
    const pts = subpaths(svg, 'f').flat();
    const nearest = pts.reduce((a, b) => (Math.abs(b[0] - Number(dot[1])) < Math.abs(a[0] - Number(dot[1])) ? b : a));
    assert.ok(Math.abs(nearest[1] - Number(dot[2])) < 2, `dot at y ${dot[2]}, curve at ${nearest[1]}`);

    assert.doesNotMatch(renderHoverSvg(sigmoid, { theme: 'light' }).svg, /id="literal"/);
    const far = renderHoverSvg(sigmoid, { theme: 'light', literal: -1000 }).svg;
    assert.match(far, /id="literal" class="literal-offscale"/);
  });

  it('widens the range for a moderate literal and for saturation, not for a far one', () => {
    assert.deepEqual(autoPlotRange(relu), { lo: -6, hi: 6 });
    const sig = autoPlotRange(sigmoid);
    assert.ok(sig.hi > edge && sig.lo < -edge, `sigmoid range ${JSON.stringify(sig)} shows where saturation starts`);
    const withLiteral = autoPlotRange(relu, {}, -40);
    assert.ok(withLiteral.lo <= -40);
    assert.deepEqual(autoPlotRange(relu, {}, 1e6), { lo: -6, hi: 6 });
  });

  it('shades the saturation region within the range', () => {
    const { svg, range } = renderHoverSvg(sigmoid, { theme: 'dark' });
    const rects = [...svg.matchAll(/<rect class="saturation" x="([\d.]+)" y="[\d.]+" width="([\d.]+)"/g)];
    assert.equal(rects.length, 2);
    assert.ok(range.hi > edge);
    const { svg: reluSvg } = renderHoverSvg(relu, { theme: 'dark' });
    assert.equal([...reluSvg.matchAll(/class="saturation"/g)].length, 1, 'relu: x < 0');
  });

  it('draws a jump without a line across it and a kink exactly at its corner', () => {
    const { svg } = renderHoverSvg(step, { theme: 'light', range: { lo: -6, hi: 6 } });
    const pieces = subpaths(svg, 'f');
    assert.equal(pieces.length, 2, 'two separate pieces for the step');
    const [left, right] = pieces as [Array<[number, number]>, Array<[number, number]>];
    const leftEnd = left[left.length - 1]!;
    const rightStart = right[0]!;
    assert.ok(Math.abs(leftEnd[0] - rightStart[0]) < 0.2, 'the pieces meet at x = 0 …');
    assert.ok(Math.abs(leftEnd[1] - rightStart[1]) > 10, '… at different heights, unconnected');

    const kink = renderHoverSvg(relu, { theme: 'light', range: { lo: -6, hi: 6 } }).svg;
    const fPieces = subpaths(kink, 'f');
    const corner = fPieces.flat().filter((p) => Math.abs(p[0] - fPieces[0]![fPieces[0]!.length - 1]![0]) < 0.05);
    assert.ok(corner.length >= 2, 'the corner x is a sample of both sides');
    const dfPieces = subpaths(kink, 'df');
    assert.equal(dfPieces.length, 2, "relu' is drawn as two pieces, no vertical line at 0");
  });

  it('fits the y range to both curves and keeps the axes through 0', () => {
    const { svg } = renderHoverSvg(exponential, { theme: 'dark', range: { lo: -6, hi: 6 } });
    const pts = subpaths(svg, 'f').flat();
    const ys = pts.map((p) => p[1]);
    assert.ok(Math.min(...ys) >= 0 && Math.max(...ys) <= 150, 'every point inside the image');
    assert.match(svg, /class="axes" d="M34 [\d.]+H\d+M[\d.]+ \d+V[\d.]+"/);
  });

  it('survives an activation that throws or returns NaN', () => {
    const broken = fixture('linear', () => { throw new Error('boom'); }, () => NaN, [], []);
    const { svg } = renderHoverSvg(broken, { theme: 'dark', literal: 1 });
    assertWellFormed(svg);
  });
});
