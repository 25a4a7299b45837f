import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { computePlotData } from '../../../src/core/render/plotCompute';
import { mathCorePlotCatalog } from '../../../src/core/render/plotOverflow';
import { DEFAULT_PLOT_STATE, type PlotState } from '../../../src/core/render/plotState';
import { attachSegmentArrays, detachSegmentArrays } from '../../../src/core/render/plotWire';

const state: PlotState = {
  ...DEFAULT_PLOT_STATE,
  // step and leaky_relu' jump: curves of several segments; f'' too.
  selections: [{ id: 'sigmoid', params: {} }, { id: 'step', params: {} }, { id: 'leaky_relu', params: {} }],
  orders: [0, 1, 2],
  dtype: 'float32',
};

describe('plotWire', () => {
  it('detaches every segment as Float64Arrays and puts them back bit for bit', () => {
    const { data } = computePlotData(state, mathCorePlotCatalog());
    const { data: bare, arrays } = detachSegmentArrays(data);
    const segments = data.series.flatMap((s) => s.curves.flatMap((c) => c.segments));
    assert.ok(segments.length > data.series.length * 3, 'several segments per series');
    assert.equal(arrays.length, segments.length * 2);
    assert.ok(arrays.every((a) => a instanceof Float64Array));
    assert.ok(bare.series.every((s) => s.curves.every((c) => c.segments.every((seg) => seg.x.length === 0 && seg.y.length === 0))), 'no numbers left in the JSON part');
    // What crosses postMessage: the JSON part, and the arrays as buffers.
    const back = attachSegmentArrays(JSON.parse(JSON.stringify(bare)), arrays.map((a) => new Float64Array(a)));
    assert.deepEqual(back, JSON.parse(JSON.stringify(data)));
    assert.ok(back!.series.every((s, i) => s.curves.every((c, j) => c.segments.every((seg, k) => seg.y.every((v, n) => Object.is(v, data.series[i]!.curves[j]!.segments[k]!.y[n]))))));
  });

  it('refuses arrays that do not fit the data', () => {
    const { data } = computePlotData(state, mathCorePlotCatalog());
    const { data: bare, arrays } = detachSegmentArrays(data);
    assert.equal(attachSegmentArrays(bare, arrays.slice(1)), undefined, 'one missing');
    assert.equal(attachSegmentArrays(bare, [...arrays, new Float64Array(1)]), undefined, 'one too many');
    assert.equal(attachSegmentArrays(bare, arrays.map((a, i) => (i === 1 ? a.subarray(1) : a))), undefined, 'x and y of different lengths');
    assert.equal(attachSegmentArrays(bare, arrays.map((a, i) => (i === 0 ? Array.from(a) : a))), undefined, 'not a Float64Array');
    assert.equal(attachSegmentArrays(bare, 'nope'), undefined);
  });
});
