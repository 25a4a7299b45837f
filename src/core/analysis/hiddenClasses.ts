// Keeps the hidden classes of the analysis's own objects alive between analyses.
//
// Why: V8's optimized code holds the hidden classes (maps) it was specialized on only weakly. A class instance's map
// is reached from the constructor's initial map through transitions, which are weak as well, so when no instance of a
// class is alive at a full collection, its map is collected, and every optimized function that checked for it is
// thrown away ("weak objects"). The analysis's scanner, token columns, parser, segments, facts and findings all die
// with the analysis, and an editor or a CLI collects between analyses: measured on the 10,000-line C++ bench file, the
// analysis after a full collection took 50-100 ms instead of 10, and the next 5-25 ran at 1.3-1.8x while V8
// re-optimized (most of the spread between the bench's minimum and median). Keeping one small instance of each, made
// by the same code on a small input, keeps the maps and the optimized code with them, for a few kilobytes.
//
// A sample must be made the way the analysis makes its own objects (same constructor, same fields in the same order
// with values of the same kinds), or it holds a map no real analysis uses.

const samples: unknown[] = [];

/** Keeps `sample` (and all it references) for the life of the process. */
export function keepHiddenClassesOf(sample: unknown): void {
  samples.push(sample);
}

/** How many samples are kept (tests check that each analysis path keeps its own). */
export function keptSampleCount(): number {
  return samples.length;
}
