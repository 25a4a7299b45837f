// Proof that the Python fixes keep the meaning, run with the real libraries: for every rule and library,
// an unstable snippet goes through the analyzer, each offered fix is applied, and the original and fixed
// functions run in Debian's python3 with numpy, scipy and torch over a grid of x including ±1000.
// The fixed form must: agree with the math core's value within MAX_ULP ulp everywhere (not only where the
// original was finite), never warn, raise or return NaN, and in torch have finite gradients. Softmax-like
// forms (vector and matrix inputs) also run in float32, torch tensors and numpy arrays alike.
// Missing packages are installed with apt when running as root; otherwise the test says what it skipped.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { analyzeText, applyEdits } from '../../../src/core/analysis/index';
import { frameworkDefaults, getActivation } from '../../../src/core/math/catalog';
import { logSumExp, stableSoftmax } from '../../../src/core/math/vector';

const PYTHON = '/usr/bin/python3';
const MAX_ULP = 4;
// scipy's expit and log_expit return 0 / lose digits where the true value is subnormal (documented in the
// foundation issue: up to 9e14 ulp there); below the smallest normal we compare absolutely.
const SMALLEST_NORMAL = 2 ** -1022;

const GRID = [
  -1000, -800, -746, -745.2, -740, -720, -709.8, -709.78, -700, -500, -104, -88.73, -88.72, -50, -38, -37, -36.7, -20, -5, -1, -1e-3, -1e-12,
  0, 1e-12, 1e-3, 1, 5, 16.7, 17, 20, 30, 36.7, 37, 38, 50, 88.72, 88.73, 104, 500, 700, 709.78, 709.8, 720, 745.2, 800, 1000,
];

type Kind = 'scalar' | 'vector' | 'matrix' | 'list' | 'bce';

interface Case {
  readonly name: string;
  readonly lib: 'numpy' | 'math' | 'torch';
  readonly kind: Kind;
  /**
   * Body of `f`: an expression in `x` (a scalar, or the vector [x, 0, -x/2] for softmax forms; logits for bce).
   * Kind `matrix` passes [[x, 0, -x/2], [-x, x/3, 1]] and reads element [0][0]; kind `list` passes a Python list.
   */
  readonly expr: string;
  /** Statements before `return expr` in f's body, one per line (forms written over several statements). */
  readonly before?: readonly string[];
  /** Module-level statements between the imports and `def f` (a criterion built once). */
  readonly prelude?: string;
  readonly imports: string;
  /** The math-core value for input x (vectors: the first component of the result or the scalar result). */
  readonly reference: (x: number) => number;
  /**
   * Absolute error allowed on top of MAX_ULP (float64, float32): torch's binary_cross_entropy_with_logits computes
   * log(1 + exp(-|z|)) without log1p, so for large logits it returns 0 where the loss is below one ulp of 1.
   */
  readonly absolute?: readonly [number, number];
}

const sigmoid = getActivation('sigmoid');
const logSigmoid = getActivation('log_sigmoid');
const softplus = getActivation('softplus');
const tanh = getActivation('tanh');
const plainSoftplus = { beta: 1, threshold: Infinity };
const vec = (x: number): number[] => [x, 0, -x / 2];
/** The `matrix` input's rows and columns (see Case.expr). */
const matrixRows = (x: number): number[][] => [[x, 0, -x / 2], [-x, x / 3, 1]];
const firstColumn = (x: number): number[] => matrixRows(x).map((r) => r[0]!);

const NP = 'import numpy as np\nfrom scipy.special import expit\n';
const MATH = 'import math\n';
const TORCH = 'import torch\nimport torch.nn.functional as F\n';
const TORCH_NN = 'import torch\nimport torch.nn as nn\n';

const CASES: Case[] = [
  { name: 'numpy sigmoid', lib: 'numpy', kind: 'scalar', imports: NP, expr: '1/(1+np.exp(-x))', reference: (x) => sigmoid.value(x) },
  { name: 'numpy sigmoid ratio', lib: 'numpy', kind: 'scalar', imports: NP, expr: 'np.exp(x)/(1+np.exp(x))', reference: (x) => sigmoid.value(x) },
  { name: 'numpy sigmoid power', lib: 'numpy', kind: 'scalar', imports: NP, expr: '(1 + np.exp(-x)) ** -1', reference: (x) => sigmoid.value(x) },
  { name: 'numpy softplus', lib: 'numpy', kind: 'scalar', imports: NP, expr: 'np.log(1 + np.exp(x))', reference: (x) => softplus.value(x, plainSoftplus) },
  { name: 'numpy softplus log1p', lib: 'numpy', kind: 'scalar', imports: NP, expr: 'np.log1p(np.exp(x))', reference: (x) => softplus.value(x, plainSoftplus) },
  { name: 'numpy log-sigmoid', lib: 'numpy', kind: 'scalar', imports: NP, expr: 'np.log(1/(1+np.exp(-x)))', reference: (x) => logSigmoid.value(x) },
  { name: 'numpy log(1-sigmoid)', lib: 'numpy', kind: 'scalar', imports: NP, expr: 'np.log(1 - expit(x))', reference: (x) => logSigmoid.value(-x) },
  { name: 'numpy tanh', lib: 'numpy', kind: 'scalar', imports: NP, expr: '(np.exp(x)-np.exp(-x))/(np.exp(x)+np.exp(-x))', reference: (x) => tanh.value(x) },
  { name: 'numpy lossy derivative', lib: 'numpy', kind: 'scalar', imports: NP, expr: 'expit(x) * (1 - expit(x))', reference: (x) => sigmoid.derivative(x) },
  { name: 'numpy softmax', lib: 'numpy', kind: 'vector', imports: NP, expr: 'np.exp(x) / np.sum(np.exp(x))', reference: (x) => stableSoftmax(vec(x))[0]! },
  { name: 'numpy softmax axis', lib: 'numpy', kind: 'vector', imports: NP, expr: 'np.exp(x) / np.exp(x).sum(axis=-1, keepdims=True)', reference: (x) => stableSoftmax(vec(x))[0]! },
  { name: 'numpy logsumexp', lib: 'numpy', kind: 'vector', imports: NP, expr: 'np.log(np.sum(np.exp(x)))', reference: (x) => logSumExp(vec(x)) },
  { name: 'math sigmoid', lib: 'math', kind: 'scalar', imports: MATH, expr: '1/(1+math.exp(-x))', reference: (x) => sigmoid.value(x) },
  { name: 'math sigmoid of a call', lib: 'math', kind: 'scalar', imports: MATH, expr: '1/(1+math.exp(-float(x)))', reference: (x) => sigmoid.value(x) },
  { name: 'math softplus', lib: 'math', kind: 'scalar', imports: MATH, expr: 'math.log(1 + math.exp(x))', reference: (x) => softplus.value(x, plainSoftplus) },
  { name: 'math log-sigmoid', lib: 'math', kind: 'scalar', imports: MATH, expr: 'math.log(1/(1+math.exp(-x)))', reference: (x) => logSigmoid.value(x) },
  // Plain Python over a list (kind `list`: x is the list [x, 0, -x/2]); the fix hoists the maximum into a local.
  { name: 'math softmax over a list', lib: 'math', kind: 'list', imports: MATH, expr: '[math.exp(v) / sum(math.exp(u) for u in x) for v in x]', reference: (x) => stableSoftmax(vec(x))[0]! },
  { name: 'math softmax over a list, sum in a variable', lib: 'math', kind: 'list', imports: MATH, before: ['total = sum(math.exp(u) for u in x)'], expr: '[math.exp(v) / total for v in x]', reference: (x) => stableSoftmax(vec(x))[0]! },
  { name: 'math softmax over a list, tempered, other names', lib: 'math', kind: 'list', imports: 'from math import exp as _exp\n', expr: '[_exp(p / 0.5) / sum(_exp(q / 0.5) for q in x) for p in x]', reference: (x) => stableSoftmax(vec(x).map((v) => v / 0.5))[0]! },
  // A static method of the file's own class named sigmoid, called through the class.
  {
    name: 'math log(1 - Class.sigmoid)', lib: 'math', kind: 'scalar', imports: MATH, expr: 'math.log(1 - Perceptron.sigmoid(x))', reference: (x) => logSigmoid.value(-x),
    prelude: 'class Perceptron:\n    @staticmethod\n    def sigmoid(z):\n        return 1 / (1 + math.exp(-z)) if z >= 0 else math.exp(z) / (1 + math.exp(z))\n',
  },
  { name: 'math logsumexp over a list', lib: 'math', kind: 'list', imports: MATH, expr: 'math.log(sum(math.exp(v) for v in x))', reference: (x) => logSumExp(vec(x)) },
  { name: 'math logsumexp of scaled elements', lib: 'math', kind: 'list', imports: 'from math import exp, log\n', expr: 'log(sum([exp(2 * v) for v in x])) / 2', reference: (x) => logSumExp(vec(x).map((v) => 2 * v)) / 2 },
  { name: 'math tanh', lib: 'math', kind: 'scalar', imports: MATH, expr: '(math.exp(2*x)-1)/(math.exp(2*x)+1)', reference: (x) => tanh.value(x) },
  { name: 'numpy tanh from exp(-2x)', lib: 'numpy', kind: 'scalar', imports: NP, expr: '(1 - np.exp(-2*x))/(1 + np.exp(-2*x))', reference: (x) => tanh.value(x) },
  { name: 'math tanh from exp(-(2x))', lib: 'math', kind: 'scalar', imports: MATH, expr: '(1.0 - math.exp(-(2.0 * x)))/(math.exp(-(2.0 * x)) + 1.0)', reference: (x) => tanh.value(x) },
  { name: 'torch sigmoid', lib: 'torch', kind: 'scalar', imports: TORCH, expr: '1/(1+torch.exp(-x))', reference: (x) => sigmoid.value(x) },
  { name: 'torch softplus', lib: 'torch', kind: 'scalar', imports: TORCH, expr: 'torch.log(1 + torch.exp(x))', reference: (x) => softplus.value(x, frameworkDefaults('torch', 'softplus')) },
  { name: 'torch log-sigmoid', lib: 'torch', kind: 'scalar', imports: TORCH, expr: 'torch.log(torch.sigmoid(x))', reference: (x) => logSigmoid.value(x) },
  { name: 'torch tanh', lib: 'torch', kind: 'scalar', imports: TORCH, expr: '(torch.exp(x)-torch.exp(-x))/(torch.exp(x)+torch.exp(-x))', reference: (x) => tanh.value(x) },
  { name: 'torch lossy derivative', lib: 'torch', kind: 'scalar', imports: TORCH, expr: 'torch.sigmoid(x) * (1 - torch.sigmoid(x))', reference: (x) => sigmoid.derivative(x) },
  { name: 'torch softmax', lib: 'torch', kind: 'vector', imports: TORCH, expr: 'torch.exp(x) / torch.sum(torch.exp(x), dim=-1, keepdim=True)', reference: (x) => stableSoftmax(vec(x))[0]! },
  { name: 'torch logsumexp', lib: 'torch', kind: 'vector', imports: TORCH, expr: 'torch.log(torch.sum(torch.exp(x), dim=-1))', reference: (x) => logSumExp(vec(x)) },
  // Softmax written over several statements, and over all elements in torch: the max-shift fix edits each exponential where it is computed.
  { name: 'numpy softmax in two statements', lib: 'numpy', kind: 'matrix', imports: NP, before: ['e = np.exp(x)'], expr: 'e / e.sum(axis=1, keepdims=True)', reference: (x) => stableSoftmax(matrixRows(x)[0]!)[0]! },
  { name: 'numpy softmax over axis 0 in two statements', lib: 'numpy', kind: 'matrix', imports: NP, before: ['e = np.exp(x)'], expr: 'e / np.sum(e, axis=0)', reference: (x) => stableSoftmax(firstColumn(x))[0]! },
  { name: 'numpy softmax num / den', lib: 'numpy', kind: 'vector', imports: NP, before: ['num = np.exp(x)', 'den = np.sum(np.exp(x))'], expr: 'num / den', reference: (x) => stableSoftmax(vec(x))[0]! },
  { name: 'numpy softmax with the sum in a variable', lib: 'numpy', kind: 'matrix', imports: NP, before: ['e = np.exp(x)', 's = np.sum(e, axis=-1, keepdims=True)'], expr: 'e / s', reference: (x) => stableSoftmax(matrixRows(x)[0]!)[0]! },
  { name: 'torch softmax in two statements', lib: 'torch', kind: 'matrix', imports: TORCH, before: ['e = torch.exp(x)'], expr: 'e / e.sum(dim=1, keepdim=True)', reference: (x) => stableSoftmax(matrixRows(x)[0]!)[0]! },
  { name: 'torch softmax with exp as a method', lib: 'torch', kind: 'matrix', imports: TORCH, before: ['e = x.exp()'], expr: 'e / e.sum(-1, keepdim=True)', reference: (x) => stableSoftmax(matrixRows(x)[0]!)[0]! },
  // The sum indexed to put the summed axis back: keepdims written as `[:, None]` / `[..., np.newaxis]`.
  { name: 'numpy softmax, sum indexed [:, None]', lib: 'numpy', kind: 'matrix', imports: NP, expr: 'np.exp(x) / np.sum(np.exp(x), axis=1)[:, None]', reference: (x) => stableSoftmax(matrixRows(x)[0]!)[0]! },
  { name: 'numpy softmax, sum indexed [..., np.newaxis]', lib: 'numpy', kind: 'matrix', imports: NP, expr: 'np.exp(x) / np.exp(x).sum(axis=-1)[..., np.newaxis]', reference: (x) => stableSoftmax(matrixRows(x)[0]!)[0]! },
  { name: 'numpy softmax in two statements, sum indexed [:, None]', lib: 'numpy', kind: 'matrix', imports: NP, before: ['e = np.exp(x)'], expr: 'e / e.sum(axis=1)[:, None]', reference: (x) => stableSoftmax(matrixRows(x)[0]!)[0]! },
  { name: 'torch softmax, sum unsqueezed', lib: 'torch', kind: 'matrix', imports: TORCH, expr: 'torch.exp(x) / torch.exp(x).sum(dim=1).unsqueeze(1)', reference: (x) => stableSoftmax(matrixRows(x)[0]!)[0]! },
  { name: 'torch softmax, sum indexed [:, None]', lib: 'torch', kind: 'matrix', imports: TORCH, expr: 'torch.exp(x) / torch.exp(x).sum(1)[:, None]', reference: (x) => stableSoftmax(matrixRows(x)[0]!)[0]! },
  { name: 'torch softmax over all elements', lib: 'torch', kind: 'matrix', imports: TORCH, expr: 'torch.exp(x) / torch.exp(x).sum()', reference: (x) => stableSoftmax(matrixRows(x).flat())[0]! },
  { name: 'torch bce', lib: 'torch', kind: 'bce', imports: TORCH, expr: "F.binary_cross_entropy(torch.sigmoid(x), y, reduction='none')", reference: (x) => -logSigmoid.value(x), absolute: [2 ** -52, 2 ** -23] },
  // The criterion held in a variable: the constructor and the call are both edited; reduction carries over.
  { name: 'torch bce criterion variable', lib: 'torch', kind: 'bce', imports: TORCH_NN, prelude: "criterion = nn.BCELoss(reduction='none')\n", expr: 'criterion(torch.sigmoid(x), y)', reference: (x) => -logSigmoid.value(x), absolute: [2 ** -52, 2 ** -23] },
  { name: 'torch bce criterion, summed, sigmoid as a method', lib: 'torch', kind: 'bce', imports: TORCH_NN, prelude: "criterion = nn.BCELoss(reduction='sum')\n", expr: 'criterion(x.sigmoid(), y)', reference: (x) => -logSigmoid.value(x), absolute: [2 ** -52, 2 ** -23] },
];

interface Variant {
  readonly caseName: string;
  readonly label: string;
  readonly lib: Case['lib'];
  readonly kind: Kind;
  readonly source: string;
  readonly reference: (x: number) => number;
  readonly checkMeaning: boolean;
  readonly absolute: readonly [number, number];
}

/** The original and each fixed version of a case, through the analyzer. */
function variants(c: Case): Variant[] {
  const body = [...(c.before ?? []), `return ${c.expr}`].map((line) => `    ${line}\n`).join('');
  const src = `${c.imports}\n${c.prelude ?? ''}def f(x, y=None):\n${body}`;
  const result = analyzeText(src, 'python')!;
  assert.equal(result.findings.length, 1, `${c.name}: one finding in\n${src}\n${result.findings.map((f) => f.rule).join(', ')}`);
  const finding = result.findings[0]!;
  assert.ok(finding.fixes.length > 0, `${c.name}: a fix is offered`);
  const absolute = c.absolute ?? [0, 0];
  const out: Variant[] = [{ caseName: c.name, label: 'original', lib: c.lib, kind: c.kind, source: src, reference: c.reference, checkMeaning: false, absolute }];
  finding.fixes.forEach((fix, i) => {
    const fixedSource = applyEdits(src, fix.edits);
    assert.deepEqual(analyzeText(fixedSource, 'python')!.findings.map((f) => f.rule), [], `${c.name}: fix ${i} re-analyses clean:\n${fixedSource}`);
    out.push({ caseName: c.name, label: `fix ${i}: ${fix.title}`, lib: c.lib, kind: c.kind, source: fixedSource, reference: c.reference, checkMeaning: true, absolute });
  });
  return out;
}

const RUNNER = String.raw`
import json, math, sys, warnings
cases = json.load(sys.stdin)
have = {}
for mod in ("numpy", "scipy", "torch"):
    try:
        __import__(mod); have[mod] = True
    except Exception:
        have[mod] = False
out = []
def enc(v):
    v = float(v)
    return repr(v)
for c in cases:
    if c["lib"] == "torch" and not have["torch"] or c["lib"] == "numpy" and not (have["numpy"] and have["scipy"]):
        out.append(None); continue
    ns = {}
    exec(c["source"], ns)
    f = ns["f"]
    rows = []
    for x in c["grid"]:
        row = {"x": x}
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                if c["lib"] == "torch":
                    import torch
                    for dtype in ("float64", "float32"):
                        data = [x, 0.0, -x / 2] if c["kind"] == "vector" else [[x, 0.0, -x / 2], [-x, x / 3, 1.0]] if c["kind"] == "matrix" else [x]
                        t = torch.tensor(data, dtype=getattr(torch, dtype), requires_grad=True)
                        if c["kind"] == "bce":
                            v = f(t, torch.ones_like(t))
                        else:
                            v = f(t)
                        first = v.reshape(-1)[0]
                        first.backward()
                        row["value" if dtype == "float64" else "value32"] = enc(first.item())
                        row["grad" if dtype == "float64" else "grad32"] = [enc(g) for g in t.grad.reshape(-1).tolist()]
                elif c["kind"] in ("vector", "matrix"):
                    import numpy as np
                    data = [x, 0.0, -x / 2] if c["kind"] == "vector" else [[x, 0.0, -x / 2], [-x, x / 3, 1.0]]
                    # float32 arrays too: numpy keeps float32 through exp, max and sum.
                    row["value"] = enc(np.asarray(f(np.array(data))).reshape(-1)[0])
                    row["value32"] = enc(np.asarray(f(np.array(data, dtype=np.float32))).reshape(-1)[0])
                elif c["kind"] == "list":
                    v = f([x, 0.0, -x / 2])
                    row["value"] = enc(v[0] if isinstance(v, list) else v)
                elif c["lib"] == "numpy":
                    import numpy as np
                    row["value"] = enc(f(np.float64(x)))
                else:
                    row["value"] = enc(f(float(x)))
            except Exception as e:
                row["error"] = type(e).__name__ + ": " + str(e)
        if caught:
            row["warnings"] = sorted(set(str(w.message) for w in caught))
        rows.append(row)
    out.append(rows)
json.dump({"have": have, "results": out}, sys.stdout)
`;

function ensurePythonPackages(): { ok: boolean; note: string } {
  const probe = (): boolean => spawnSync(PYTHON, ['-c', 'import numpy, scipy, torch'], { encoding: 'utf8' }).status === 0;
  if (spawnSync(PYTHON, ['-c', 'pass']).status !== 0) return { ok: false, note: `${PYTHON} is missing` };
  if (probe()) return { ok: true, note: '' };
  if (process.getuid?.() === 0) {
    spawnSync('apt-get', ['update'], { stdio: 'ignore' });
    spawnSync('apt-get', ['install', '-y', 'python3-numpy', 'python3-scipy', 'python3-torch'], { stdio: 'ignore', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (probe()) return { ok: true, note: 'installed python3-numpy, python3-scipy, python3-torch with apt' };
  }
  return { ok: false, note: 'python3-numpy/python3-scipy/python3-torch are missing and could not be installed (not root or no apt)' };
}

function parseFloatRepr(s: string): number {
  if (s === 'inf') return Infinity;
  if (s === '-inf') return -Infinity;
  if (s === 'nan') return NaN;
  return Number(s);
}

function ulp(x: number): number {
  const a = Math.abs(x);
  if (a < SMALLEST_NORMAL) return 2 ** -1074;
  return 2 ** (Math.floor(Math.log2(a)) - 52);
}

function agrees(got: number, want: number, maxUlp: number, f32 = false, absolute = 0): boolean {
  if (Object.is(got, want) || got === want) return true;
  if (!Number.isFinite(got) || !Number.isFinite(want)) return false;
  const diff = Math.abs(got - want);
  if (diff <= absolute) return true;
  if (f32) {
    const a = Math.abs(want);
    const u = a < 2 ** -126 ? 2 ** -149 : 2 ** (Math.floor(Math.log2(a)) - 23);
    return diff <= maxUlp * u || (a < 2 ** -126 && diff <= 2 ** -126);
  }
  return diff <= maxUlp * ulp(want) || (Math.abs(want) < SMALLEST_NORMAL && diff <= SMALLEST_NORMAL);
}

test('Python fixes keep the meaning: real numpy, scipy, torch over x in ±1000', (t) => {
  const env = ensurePythonPackages();
  if (!env.ok) {
    t.skip(`SKIPPED the numeric proof of Python fixes: ${env.note}`);
    return;
  }
  if (env.note) console.log(`  ${env.note}`);
  const all = CASES.flatMap(variants);
  const payload = all.map((v) => ({ lib: v.lib, kind: v.kind, source: v.source, grid: GRID }));
  // One python process for every case: torch's import alone costs seconds.
  const run = spawnSync(PYTHON, ['-c', RUNNER], { input: JSON.stringify(payload), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  assert.equal(run.status, 0, run.stderr);
  const { results } = JSON.parse(run.stdout) as { results: Array<Array<Record<string, unknown>> | null> };
  const problems: string[] = [];
  let checkedPoints = 0;
  let worstUlp = 0;
  const summary = new Map<string, string>();
  all.forEach((v, i) => {
    const rows = results[i];
    if (rows === null || rows === undefined) {
      problems.push(`${v.caseName} ${v.label}: not run`);
      return;
    }
    if (!v.checkMeaning) {
      // The original must fail somewhere on the grid, or the case proves nothing.
      const fails = rows.some((r) => r.error !== undefined || r.warnings !== undefined || (typeof r.value === 'string' && !Number.isFinite(parseFloatRepr(r.value))) || (Array.isArray(r.grad) && r.grad.some((g: string) => !Number.isFinite(parseFloatRepr(g)))) || (Array.isArray(r.grad32) && r.grad32.some((g: string) => !Number.isFinite(parseFloatRepr(g)))));
      const wrong = rows.some((r) => typeof r.value === 'string' && !agrees(parseFloatRepr(r.value), v.reference(r.x as number), 1e6));
      if (!fails && !wrong) problems.push(`${v.caseName}: the original never fails on the grid`);
      return;
    }
    let caseWorst = 0;
    for (const r of rows) {
      const x = r.x as number;
      const want = v.reference(x);
      checkedPoints++;
      if (r.error !== undefined) problems.push(`${v.caseName} ${v.label} x=${x}: raised ${String(r.error)}`);
      if (r.warnings !== undefined) problems.push(`${v.caseName} ${v.label} x=${x}: warned ${JSON.stringify(r.warnings)}`);
      const got = parseFloatRepr(r.value as string);
      if (Number.isNaN(got)) problems.push(`${v.caseName} ${v.label} x=${x}: NaN`);
      else if (!agrees(got, want, MAX_ULP, false, v.absolute[0])) problems.push(`${v.caseName} ${v.label} x=${x}: ${got} vs reference ${want}`);
      else if (Number.isFinite(want) && Math.abs(want) >= SMALLEST_NORMAL && v.absolute[0] === 0) caseWorst = Math.max(caseWorst, Math.abs(got - want) / ulp(want));
      if (v.lib === 'torch' || r.value32 !== undefined) {
        // The float32 tensor or array holds x rounded to float32; the reference is taken there and rounded once.
        const want32 = Math.fround(v.reference(Math.fround(x)));
        const got32 = parseFloatRepr(r.value32 as string);
        // A float32 softmax rounds x - max(x) before exp; that rounding alone moves exp by |x - max| float32 ulps.
        const conditioning = v.kind === 'vector' || v.kind === 'matrix' ? 1.5 * Math.abs(x) : 0;
        if (Number.isNaN(got32) || !agrees(got32, want32, MAX_ULP + conditioning, true, v.absolute[1])) problems.push(`${v.caseName} ${v.label} x=${x} float32: ${got32} vs ${want32}`);
        for (const key of ['grad', 'grad32'] as const) {
          for (const g of (r[key] as string[] | undefined) ?? []) if (!Number.isFinite(parseFloatRepr(g))) problems.push(`${v.caseName} ${v.label} x=${x}: ${key} ${g}`);
        }
      }
    }
    worstUlp = Math.max(worstUlp, caseWorst);
    summary.set(`${v.caseName} / ${v.label}`, caseWorst.toFixed(2));
  });
  for (const [k, w] of summary) console.log(`  ${k.padEnd(90)} max ${w} ulp (float64, normal range)`);
  console.log(`  ${all.length} variants, ${checkedPoints} fixed points checked, worst ${worstUlp.toFixed(2)} ulp; tf and jax fixes are checked by re-parse and re-analysis only (no TensorFlow/JAX in Debian)`);
  assert.deepEqual(problems, []);
});
