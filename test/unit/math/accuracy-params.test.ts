// The accuracy goals for non-default parameters, where the argument is scaled before the exponential
// (softplus β, celu α, elu α, leaky slopes): 5,000 log-uniform points each against the big-float reference.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getActivation } from '../../../src/core/math/catalog';
import type { ActivationId, Params } from '../../../src/core/math/types';
import { BF, bfExp, bfExpm1, bfLog1p, ulpError } from './bigfloat';

const ONE = BF.ONE;

function sigmoidOf(z: BF): BF {
  const e = bfExp(z.abs().neg());
  return z.sign >= 0 ? ONE.div(ONE.add(e)) : e.div(ONE.add(e));
}

function softplusOf(z: BF): BF {
  const l = bfLog1p(bfExp(z.abs().neg()));
  return z.sign >= 0 ? z.add(l) : l;
}

interface ParamCase {
  readonly name: string;
  readonly id: ActivationId;
  readonly params: Params;
  readonly goal: readonly [number, number];
  readonly f: (x: BF, v: number) => BF;
  readonly d1: (x: BF, v: number) => BF;
}

const b = (v: number) => BF.from(v);
const CASES: readonly ParamCase[] = [
  ...[2, 0.3].map((beta): ParamCase => ({
    name: `softplus β=${beta} (no threshold)`, id: 'softplus', params: { beta, threshold: Infinity }, goal: [1, 2],
    f: (x) => softplusOf(x.mul(b(beta))).div(b(beta)), d1: (x) => sigmoidOf(x.mul(b(beta))),
  })),
  ...[2, 0.3].map((alpha): ParamCase => ({
    name: `celu α=${alpha}`, id: 'celu', params: { alpha }, goal: [2, 2],
    f: (x, v) => (v > 0 ? x : bfExpm1(x.div(b(alpha))).mul(b(alpha))), d1: (x, v) => (v > 0 ? ONE : bfExp(x.div(b(alpha)))),
  })),
  {
    name: 'elu α=0.5', id: 'elu', params: { alpha: 0.5 }, goal: [2, 2],
    f: (x, v) => (v > 0 ? x : bfExpm1(x).mul(b(0.5))), d1: (x, v) => (v > 0 ? ONE : bfExp(x).mul(b(0.5))),
  },
  {
    name: 'leaky_relu slope 0.2', id: 'leaky_relu', params: { negative_slope: 0.2 }, goal: [1, 2],
    f: (x, v) => (v > 0 ? x : x.mul(b(0.2))), d1: (_x, v) => (v > 0 ? ONE : b(0.2)),
  },
  {
    name: 'squareplus b=1', id: 'squareplus', params: { b: 1 }, goal: [2, 2],
    f: (x) => x.add(sqrt(x.mul(x).add(ONE))).scale(-1), d1: (x) => ONE.add(x.div(sqrt(x.mul(x).add(ONE)))).scale(-1),
  },
];

function sqrt(a: BF): BF {
  let y = BF.from(Math.sqrt(a.toNumber()));
  for (let i = 0; i < 4; i++) y = y.add(a.div(y)).scale(-1);
  return y;
}

test('accuracy with non-default parameters (softplus β, celu α, elu α, leaky slope, squareplus b)', { timeout: 300_000 }, () => {
  let seed = 4242;
  const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const xs = Array.from({ length: 5000 }, () => (rnd() < 0.5 ? -1 : 1) * Math.exp(Math.log(1e-12) + rnd() * (Math.log(800) - Math.log(1e-12))));
  const lines: string[] = [];
  for (const c of CASES) {
    const a = getActivation(c.id);
    let maxF = 0;
    let maxD = 0;
    for (const v of xs) {
      const x = BF.from(v);
      maxF = Math.max(maxF, ulpError(a.value(v, c.params), c.f(x, v)));
      maxD = Math.max(maxD, ulpError(a.derivative(v, c.params), c.d1(x, v)));
    }
    lines.push(`${c.name.padEnd(30)} f ${maxF.toFixed(3)} (goal ${c.goal[0]})   f' ${maxD.toFixed(3)} (goal ${c.goal[1]})`);
    assert.ok(maxF <= c.goal[0] && maxD <= c.goal[1], lines[lines.length - 1]);
  }
  console.log(lines.join('\n'));
});
