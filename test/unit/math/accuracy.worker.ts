// One share of accuracy.test.ts's points: evaluates every catalog case and its reference at each point and
// posts back the largest errors (in ulps) with where they occurred.
import { parentPort, workerData } from 'node:worker_threads';
import { getActivation } from '../../../src/core/math/catalog';
import type { ActivationId } from '../../../src/core/math/types';
import { ulpError } from './bigfloat';
import { Point, REF_CASES } from './reference';

export interface MeasuredRow {
  name: string;
  goal: readonly [number, number];
  maxF: number;
  atF: number;
  maxD: number;
  atD: number;
}

export function measure(points: readonly number[]): MeasuredRow[] {
  const cases = REF_CASES.map((c) => ({ c, a: getActivation(c.id as ActivationId) }));
  const rows: MeasuredRow[] = REF_CASES.map((c) => ({ name: c.name, goal: c.goal, maxF: 0, atF: NaN, maxD: 0, atD: NaN }));
  for (const x of points) {
    const p = new Point(x);
    for (let i = 0; i < cases.length; i++) {
      const { c, a } = cases[i]!;
      const row = rows[i]!;
      const ef = ulpError(c.impl ? c.impl.f(x) : a.value(x, c.params), c.f(p));
      if (!(ef <= row.maxF)) {
        row.maxF = ef;
        row.atF = x;
      }
      const ed = ulpError(c.impl ? c.impl.d1(x) : a.derivative(x, c.params), c.d1(p));
      if (!(ed <= row.maxD)) {
        row.maxD = ed;
        row.atD = x;
      }
    }
  }
  return rows;
}

if (parentPort && Array.isArray(workerData)) parentPort.postMessage(measure(workerData as number[]));
