// Reads the labels of the corpus: `# expect: use sigmoid; unstable-sigmoid` on the line where an item
// starts, or `# expect-below: ...` on the line above (for lines that cannot carry a comment, such as one
// ending in a backslash). Lines without a label expect nothing. Compares multisets per line.
import { LineIndex } from '../../../src/core/analysis/lineIndex';
import type { AnalysisResult } from '../../../src/core/analysis/types';

/** "12:use sigmoid", "12:unstable-sigmoid" → count. */
export type Labels = Map<string, number>;

export function readLabels(text: string): Labels {
  const out: Labels = new Map();
  const lines = text.split(/\r\n|\r|\n/);
  lines.forEach((line, i) => {
    for (const [marker, target] of [['# expect:', i], ['# expect-below:', i + 1]] as const) {
      const at = line.indexOf(marker);
      if (at < 0) continue;
      for (const item of line.slice(at + marker.length).split(';')) {
        const key = item.trim();
        if (key === '') continue;
        const k = `${target + 1}:${key}`;
        out.set(k, (out.get(k) ?? 0) + 1);
      }
    }
  });
  return out;
}

export function actualLabels(text: string, result: AnalysisResult): Labels {
  const out: Labels = new Map();
  const index = new LineIndex(text);
  const add = (k: string): void => void out.set(k, (out.get(k) ?? 0) + 1);
  for (const u of result.uses) add(`${index.lineOf(u.span.start) + 1}:use ${u.activation}`);
  for (const f of result.findings) add(`${index.lineOf(f.span.start) + 1}:${f.rule}`);
  return out;
}

export interface Tally {
  tp: number;
  fp: number;
  fn: number;
  misses: string[];
}

/** Adds one file's comparison to per-category tallies ('uses' and each rule id). */
export function tally(into: Map<string, Tally>, file: string, expected: Labels, actual: Labels): void {
  const keys = new Set([...expected.keys(), ...actual.keys()]);
  for (const k of keys) {
    const item = k.slice(k.indexOf(':') + 1);
    const category = item.startsWith('use ') ? 'uses' : item;
    const t = into.get(category) ?? { tp: 0, fp: 0, fn: 0, misses: [] };
    const e = expected.get(k) ?? 0;
    const a = actual.get(k) ?? 0;
    t.tp += Math.min(e, a);
    if (a > e) {
      t.fp += a - e;
      t.misses.push(`FP ${file}:${k}`);
    }
    if (e > a) {
      t.fn += e - a;
      t.misses.push(`FN ${file}:${k}`);
    }
    into.set(category, t);
  }
}

export function precision(t: Tally): number {
  return t.tp + t.fp === 0 ? 1 : t.tp / (t.tp + t.fp);
}

export function recall(t: Tally): number {
  return t.tp + t.fn === 0 ? 1 : t.tp / (t.tp + t.fn);
}
