import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sampleActivation } from '../../../src/core/math/sample';
import type { Activation } from '../../../src/core/math/types';
import { toPlotCurves, type PlotData } from '../../../src/core/render/plotData';
import { buildMatplotlibScript, pyFloat, pyString } from '../../../src/core/render/matplotlibScript';

// Debian's python has numpy (and matplotlib when python3-matplotlib is installed); pyenv's does not.
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const hasPython = spawnSync(PYTHON, ['-c', 'pass']).status === 0;
const hasMatplotlib = hasPython && spawnSync(PYTHON, ['-c', 'import matplotlib']).status === 0;

const step: Activation = {
  id: 'step',
  displayName: 'step',
  aliases: [],
  formula: { text: '', latex: '' },
  params: [],
  vector: false,
  value: (x) => (x > 0 ? 1 : x < 0 ? 0 : 0.5),
  derivative: () => 0,
  secondDerivative: (x) => (x === 0 ? NaN : 0),
  breakpoints: () => [{ x: 0, kind: 'jump' }],
  properties: () => {
    throw new Error('unused');
  },
};
const sigmoid: Activation = { ...step, id: 'sigmoid', value: (x) => 1 / (1 + Math.exp(-x)), derivative: (x) => Math.exp(-x) / (1 + Math.exp(-x)) ** 2, breakpoints: () => [] };

function data(): PlotData {
  const range = { xMin: -10, xMax: 10, points: 201 };
  return {
    xMin: -10,
    xMax: 10,
    dtype: 'float64',
    series: [sigmoid, step].map((a, i) => ({
      key: `${a.id}#${i}`,
      id: a.id,
      label: a.id === 'step' ? 'step (label with "quotes" and ünïcode)' : a.id,
      params: {},
      curves: toPlotCurves(sampleActivation(a, {}, range, 'float64', [0, 1])),
      overflow: a.id === 'sigmoid' ? [{ lo: -Infinity, hi: -709.78, what: 'exp(-x)' }, { lo: -Infinity, hi: -8, what: 'float32 exp(-x)' }] : [],
    })),
  };
}
const options = { orders: [0, 1] as const, yDomain: 'auto' as const, vanishingThreshold: 1e-3, showOverflow: true };

function pyEval(expr: string): string {
  const r = spawnSync(PYTHON, ['-c', `print(repr(${expr}))`], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

describe('buildMatplotlibScript', () => {
  it('is valid Python', { skip: !hasPython && 'no python3' }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'al-mpl-'));
    const file = join(dir, 'plot.py');
    writeFileSync(file, buildMatplotlibScript(data(), options));
    const r = spawnSync(PYTHON, ['-c', 'import ast, sys; ast.parse(open(sys.argv[1], encoding="utf-8").read())', file], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  });

  it('carries the sampled values exactly, with a jump as two segments', { skip: !hasPython && 'no python3' }, () => {
    const script = buildMatplotlibScript(data(), options);
    const dir = mkdtempSync(join(tmpdir(), 'al-mpl-'));
    const file = join(dir, 'plot.py');
    // Everything before the drawing: the data tables alone, evaluated without matplotlib.
    writeFileSync(file, script.slice(0, script.indexOf('\nfig, ax')).replace('import matplotlib.pyplot as plt', ''));
    const r = spawnSync(
      PYTHON,
      ['-c', 'import json, sys; exec(open(sys.argv[1], encoding="utf-8").read()); print(json.dumps({"curves": CURVES, "dots": DOTS, "vanishing": VANISHING, "overflow": OVERFLOW}))', file],
      { encoding: 'utf8' },
    );
    assert.equal(r.status, 0, r.stderr);
    const back = JSON.parse(r.stdout) as { curves: [string, string, string, [number[], number[]][]][]; dots: [string, number, number][]; vanishing: unknown[]; overflow: [string, number, number][] };
    const d = data();
    const sig = back.curves.find((c) => c[0] === 'sigmoid' && c[1] === 'f')!;
    assert.deepEqual(sig[3][0]![1], d.series[0]!.curves[0]!.segments[0]!.y, 'bit-exact round trip');
    const stepF = back.curves.find((c) => c[0].startsWith('step') && c[1] === 'f')!;
    assert.equal(stepF[3].length, 2);
    assert.deepEqual(back.dots.filter((x) => x[0].startsWith('step') && x[2] === 0.5).length, 1);
    assert.ok(back.vanishing.length >= 2);
    // Overflow regions are clipped to the plotted range; the one outside it is dropped.
    assert.deepEqual(back.overflow, [['sigmoid: float32 exp(-x)', -10, -8]]);
  });

  it('runs and draws with matplotlib', { skip: !hasMatplotlib && 'matplotlib not installed for ' + PYTHON }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'al-mpl-'));
    const file = join(dir, 'plot.py');
    const png = join(dir, 'plot.png');
    writeFileSync(file, buildMatplotlibScript(data(), { ...options, orders: [0, 1, 2] }));
    const r = spawnSync(PYTHON, ['-c', 'import sys; exec(open(sys.argv[1], encoding="utf-8").read()); plt.savefig(sys.argv[2])', file, png], {
      encoding: 'utf8',
      env: { ...process.env, MPLBACKEND: 'Agg' },
    });
    assert.equal(r.status, 0, r.stderr);
    assert.ok(statSync(png).size > 5000);
    assert.equal(readFileSync(png).subarray(1, 4).toString(), 'PNG');
  });
});

describe('Python literals', () => {
  it('round-trips doubles and strings', { skip: !hasPython && 'no python3' }, () => {
    for (const v of [0.1, -0, 1e-320, 1.7976931348623157e308, 5e-324, 2, -3.5e-7]) {
      assert.equal(Number(pyEval(`float.hex(${pyFloat(v)}) == float.hex(float.fromhex(${JSON.stringify(floatHex(v))}))`) === 'True' ? v : NaN), v, `${v}`);
    }
    assert.equal(pyEval(pyString('a "b" \\ ü\n')), `'a "b" \\\\ ü\\n'`);
  });
});

/** C99 hex float of a double, computed independently of Python to compare against. */
function floatHex(v: number): string {
  if (Object.is(v, -0)) return '-0x0.0p+0';
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, v);
  const bits = view.getBigUint64(0);
  const sign = bits >> 63n ? '-' : '';
  const exp = Number((bits >> 52n) & 0x7ffn);
  const mant = (bits & ((1n << 52n) - 1n)).toString(16).padStart(13, '0');
  return exp === 0 ? `${sign}0x0.${mant}p-1022` : `${sign}0x1.${mant}p${exp - 1023 >= 0 ? '+' : ''}${exp - 1023}`;
}
