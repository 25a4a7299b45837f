// `activation-lens eval` and `list` through main() with captured I/O, and once through the built
// dist/cli.js with a real pipe of 100,000 points whose printed values are checked against the reference.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli/main';
import type { CliIo } from '../../../src/cli/io';
import { CATALOG } from '../../../src/core/math/catalog';
import { BF, bfExp, ulpError } from '../math/bigfloat';

const ROOT = join(__dirname, '..', '..', '..');

async function run(args: string[], stdin = '', stdinIsTTY = false) {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => void (out += t), err: (t) => void (err += t), readStdin: async () => stdin, stdinIsTTY, cwd: ROOT };
  const code = await main(args, io);
  return { code, out, err };
}

test('eval prints x, f, f\', f\'\' as tsv with String(n) forms and empty fields where undefined', async () => {
  const r = await run(['eval', 'relu', '-1', '0', '2.5', 'NaN', 'Infinity', '-inf', '--format', 'tsv']);
  assert.equal(r.code, 0, r.err);
  assert.equal(r.out, ['-1\t0\t0\t0', '0\t0\t0\t', '2.5\t2.5\t1\t0', 'NaN\tNaN\tNaN\tNaN', 'Infinity\tInfinity\t1\t0', '-Infinity\t0\t0\t0', ''].join('\n'));
});

test('eval sigmoid gets the subnormal tail right where the naive form returns 0', async () => {
  const r = await run(['eval', 'sigmoid', '-740', '-40', '0', '--format=tsv']);
  assert.equal(r.code, 0);
  const [a, b, c] = r.out.trim().split('\n').map((l) => l.split('\t'));
  assert.ok(Number(a![1]) > 0 && Number(a![1]) < 1e-320, `sigmoid(-740) = ${a![1]}`);
  assert.equal(1 / (1 + Math.exp(740)), 0);
  assert.equal(b![1], '4.248354255291589e-18');
  assert.deepEqual(c, ['0', '0.5', '0.25', '0']);
});

test('eval text output shows formula, aligned columns and properties; json is parseable with NaN/Infinity as strings', async () => {
  const t = await run(['eval', 'logistic', '0', '2']);
  assert.equal(t.code, 0);
  assert.match(t.out, /Sigmoid \(sigmoid\)/);
  assert.match(t.out, /σ\(x\) = 1 \/ \(1 \+ e\^\(−x\)\)/);
  assert.match(t.out, /max \|f'\|\s+0\.25 at 0/);
  const rows = t.out.split('\n').filter((l) => /^\s*-?\d/.test(l));
  assert.equal(rows.length, 2);
  assert.equal(rows[0]!.length, rows[1]!.length, 'columns are aligned');
  const j = await run(['eval', 'relu', '0', 'NaN', '--format', 'json']);
  const doc = JSON.parse(j.out);
  assert.equal(doc.activation, 'relu');
  assert.deepEqual(doc.points[0], { x: 0, f: 0, df: 0, d2f: null });
  assert.deepEqual(doc.points[1], { x: 'NaN', f: 'NaN', df: 'NaN', d2f: 'NaN' });
  assert.deepEqual(doc.breakpoints, [{ x: 0, kind: 'kink' }]);
  assert.equal(doc.properties.range.hi, 'Infinity');
});

test('eval applies --framework defaults and --param (aliases too) and float32', async () => {
  const keras = await run(['eval', 'leaky_relu', '-1', '--framework', 'keras', '--format', 'tsv']);
  assert.equal(keras.out.split('\t')[1], '-0.2');
  const torch = await run(['eval', 'leaky_relu', '-1', '--framework', 'torch', '--format', 'tsv']);
  assert.equal(torch.out.split('\t')[1], '-0.01');
  const alias = await run(['eval', 'leaky_relu', '-1', '--param', 'alpha=0.3', '--format', 'tsv']);
  assert.equal(alias.out.split('\t')[1], '-0.3');
  const jax = await run(['eval', 'gelu', '1', '--framework', 'jax', '--format', 'json']);
  assert.equal(JSON.parse(jax.out).params.approximate, 'tanh');
  const f32 = await run(['eval', 'exponential', '88.7', '88.8', '--dtype', 'float32', '--format', 'tsv']);
  const lines = f32.out.trim().split('\n').map((l) => l.split('\t'));
  assert.ok(Number.isFinite(Number(lines[0]![1])));
  assert.equal(lines[1]![1], 'Infinity');
  assert.equal(Math.fround(Number(lines[0]![1])), Number(lines[0]![1]), 'float32 results are float32 values');
});

test('eval errors: unknown activation lists close names, bad numbers name the token, bad params list the valid ones; exit 2', async () => {
  const unknown = await run(['eval', 'sigmod', '1']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.err, /unknown activation 'sigmod'.*Did you mean: sigmoid/);
  const leaky = await run(['eval', 'leaky-rleu', '1']);
  assert.match(leaky.err, /leaky_relu/);
  const badArg = await run(['eval', 'relu', '1', 'x2']);
  assert.equal(badArg.code, 2);
  assert.match(badArg.err, /'x2' is not a number/);
  const badStdin = await run(['eval', 'relu'], '1 2\n3 four 5\n');
  assert.equal(badStdin.code, 2);
  assert.match(badStdin.err, /'four' on line 2 of standard input is not a number/);
  const badParam = await run(['eval', 'elu', '1', '--param', 'beta=2']);
  assert.equal(badParam.code, 2);
  assert.match(badParam.err, /elu has no parameter 'beta'.*alpha/s);
  const badChoice = await run(['eval', 'gelu', '1', '--param', 'approximate=fast']);
  assert.match(badChoice.err, /approximate must be one of none, tanh/);
  const badValue = await run(['eval', 'elu', '1', '--param', 'alpha=abc']);
  assert.match(badValue.err, /alpha must be a number/);
  const badFormat = await run(['eval', 'relu', '1', '--format', 'xml']);
  assert.equal(badFormat.code, 2);
  const tty = await run(['eval', 'relu'], '', true);
  assert.equal(tty.code, 2);
  assert.match(tty.err, /no x given/);
});

test('eval reads numbers from stdin (any whitespace, blank lines)', async () => {
  const r = await run(['eval', 'linear', '--format', 'tsv'], '  1\t2\n\n3 -4e2  \r\n.5');
  assert.equal(r.code, 0);
  assert.deepEqual(r.out.trim().split('\n').map((l) => l.split('\t')[1]), ['1', '2', '3', '-400', '0.5']);
});

test('list prints every activation with aliases and framework differences; --format json', async () => {
  const t = await run(['list']);
  assert.equal(t.code, 0);
  for (const a of CATALOG) assert.match(t.out, new RegExp(`^${a.id}\\s`, 'm'));
  assert.match(t.out, /negative_slope: torch\/jax\/onnx 0\.01, keras\/tf\/tfjs 0\.2/);
  const j = JSON.parse((await run(['list', '--format', 'json'])).out);
  assert.equal(j.length, CATALOG.length);
  const softplus = j.find((a: { id: string }) => a.id === 'softplus');
  assert.equal(softplus.frameworkDefaults.torch.threshold, 20);
  assert.equal(softplus.frameworkDefaults.keras.threshold, 'Infinity');
  assert.equal((await run(['list', '--bogus'])).code, 2);
});

function ensureBuilt(): string {
  const cli = join(ROOT, 'dist', 'cli.js');
  if (!existsSync(cli)) {
    const b = spawnSync(process.execPath, ['esbuild.config.mjs'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(b.status, 0, b.stderr);
  }
  return cli;
}

test('built CLI: 100,000 points piped through `eval sigmoid --format tsv` come back within 1 ulp (f) and 2 ulps (f\')', { timeout: 300_000 }, () => {
  ensureBuilt();
  let seed = 99;
  const xs: number[] = [];
  for (let i = 0; i < 100_000; i++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    const u = seed / 4294967296;
    const mag = Math.exp(Math.log(1e-12) + u * (Math.log(800) - Math.log(1e-12)));
    xs.push(i % 2 ? -mag : mag);
  }
  // As a user would: the package's bin through npx, the points from a file on standard input.
  const dir = mkdtempSync(join(tmpdir(), 'al-eval-'));
  const file = join(dir, 'points');
  writeFileSync(file, xs.join('\n') + '\n');
  const r = spawnSync('sh', ['-c', `npx activation-lens eval sigmoid --format tsv < "${file}"`], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
  rmSync(dir, { recursive: true, force: true });
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trimEnd().split("\n");
  assert.equal(lines.length, xs.length);
  let maxF = 0;
  let maxD = 0;
  for (let i = 0; i < lines.length; i += 7) {
    const [x, f, d] = lines[i]!.split('\t');
    assert.equal(Number(x), xs[i], 'x round-trips');
    const X = BF.from(xs[i]!);
    const e = bfExp(X.abs().neg());
    const d1 = BF.ONE.add(e);
    const sig = xs[i]! >= 0 ? BF.ONE.div(d1) : e.div(d1);
    maxF = Math.max(maxF, ulpError(Number(f), sig));
    maxD = Math.max(maxD, ulpError(Number(d), e.div(d1.mul(d1))));
  }
  console.log(`piped 100,000 points through 'npx activation-lens eval sigmoid --format tsv': max error ${maxF.toFixed(3)} ulp (f), ${maxD.toFixed(3)} ulp (f') on every 7th`);
  assert.ok(maxF <= 1, `f: ${maxF} ulp`);
  assert.ok(maxD <= 2, `f': ${maxD} ulp`);
});
