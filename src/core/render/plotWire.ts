// The sampled curves as binary on their way to the webview. VS Code sends typed arrays in a webview message
// as raw buffers beside the message's JSON (and hands them on to the webview's frame without copying them
// again), while plain arrays of numbers are written to JSON and parsed back at every hop. A redraw's data
// message is mostly these arrays, so the host detaches them as Float64Arrays and the webview puts them back.
// Doubles travel bit for bit either way; the HTML's first data stays JSON (a document cannot hold binary).
import type { PlotCurve, PlotData, PlotSegment } from './plotData';

/** `data` with every segment's x and y left empty, and those arrays in order (series, curve, segment; x then y). */
export function detachSegmentArrays(data: PlotData): { data: PlotData; arrays: Float64Array[] } {
  const arrays: Float64Array[] = [];
  const series = data.series.map((s) => ({
    ...s,
    curves: s.curves.map((c): PlotCurve => ({
      ...c,
      segments: c.segments.map((seg): PlotSegment => {
        arrays.push(Float64Array.from(seg.x), Float64Array.from(seg.y));
        return { x: [], y: [] };
      }),
    })),
  }));
  return { data: { ...data, series }, arrays };
}

/**
 * The data with its segments' arrays put back, or undefined when they do not fit it (a count, a length, or
 * an element that is not a Float64Array): a webview message is checked, not trusted.
 */
export function attachSegmentArrays(data: PlotData, arrays: unknown): PlotData | undefined {
  if (!Array.isArray(arrays)) return undefined;
  let next = 0;
  let fits = true;
  const take = (): number[] => {
    const a: unknown = arrays[next++];
    if (!(a instanceof Float64Array)) {
      fits = false;
      return [];
    }
    return Array.from(a);
  };
  const series = data.series.map((s) => ({
    ...s,
    curves: s.curves.map((c): PlotCurve => ({
      ...c,
      segments: c.segments.map((): PlotSegment => {
        const x = take();
        const y = take();
        if (x.length !== y.length) fits = false;
        return { x, y };
      }),
    })),
  }));
  return fits && next === arrays.length ? { ...data, series } : undefined;
}
