// Python analysis speed on a generated 10,000-line file (~220 KB of numpy/torch/keras code, comments,
// docstrings and some unstable forms), next to peers measured on the same text in the same run:
//   - Ruff's WASM build (@astral-sh/ruff-wasm-nodejs) with its default rules E4, E7, E9, F
//   - a plain keyword scan (indexOf of a few activation words), the floor any analysis sits above
// Also: re-analysis after a one-line edit, and the peak extra heap while analysing.
// Figures and ratios only; the goals from issue 3 (≤ 10 ms, ≤ 0.25 × Ruff, edit ≤ 2 ms, heap ≤ 5 MB) are printed, not asserted.
import { createRequire } from 'node:module';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import * as esbuild from 'esbuild';
import type { analyzeText as AnalyzeText, clearPythonAnalysisCache as ClearCache } from '../src/core/analysis/index';
import { generateFromBlocks, medianTime } from './support/generatedSource';

/**
 * The analysis as it ships: bundled and minified by esbuild (tsx's on-the-fly module wrappers add a getter
 * call to every imported binding, which would be measured otherwise).
 */
async function shippedAnalyzer(): Promise<{ analyzeText: typeof AnalyzeText; clearPythonAnalysisCache: typeof ClearCache }> {
  const out = join(mkdtempSync(join(tmpdir(), 'al-bench-')), 'analysis.cjs');
  await esbuild.build({ entryPoints: ['src/core/analysis/index.ts'], bundle: true, minify: true, format: 'cjs', platform: 'neutral', outfile: out, logLevel: 'warning' });
  return createRequire(import.meta.url)(out) as { analyzeText: typeof AnalyzeText; clearPythonAnalysisCache: typeof ClearCache };
}

const BLOCKS: ReadonlyArray<(i: number) => string> = [
  (i) => `import numpy as np\nimport torch\nimport torch.nn as nn\nimport torch.nn.functional as F\nfrom tensorflow import keras\n\n`,
  (i) => `def sigmoid_${i}(x):\n    """Logistic function number ${i}: 1 / (1 + exp(-x))."""\n    return 1 / (1 + np.exp(-x))\n\n`,
  (i) => `class Block${i}(nn.Module):\n    def __init__(self, dim):\n        super().__init__()\n        self.fc = nn.Linear(dim, dim)\n        self.act = nn.GELU()\n        self.drop = nn.Dropout(0.1)\n\n    def forward(self, x):\n        # residual connection\n        return x + self.drop(self.act(self.fc(x)))\n\n`,
  (i) => `def train_step_${i}(model, batch, optimizer):\n    optimizer.zero_grad()\n    logits = model(batch["x"])\n    loss = F.cross_entropy(logits, batch["y"])\n    loss.backward()\n    optimizer.step()\n    return loss.item()\n\n`,
  (i) => `def softmax_${i}(z, axis=-1):\n    z = z - np.max(z, axis=axis, keepdims=True)\n    e = np.exp(z)\n    return e / np.sum(e, axis=axis, keepdims=True)\n\n`,
  (i) => `def build_model_${i}(units=64):\n    model = keras.Sequential([\n        keras.layers.Dense(units, activation="relu"),\n        keras.layers.Dense(units, activation="relu"),\n        keras.layers.Dense(10, activation="softmax"),\n    ])\n    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")\n    return model\n\n`,
  (i) => `def metrics_${i}(y_true, y_pred):\n    tp = np.sum((y_true == 1) & (y_pred == 1))\n    fp = np.sum((y_true == 0) & (y_pred == 1))\n    fn = np.sum((y_true == 1) & (y_pred == 0))\n    precision = tp / max(tp + fp, 1)\n    recall = tp / max(tp + fn, 1)\n    print(f"precision={precision:.3f} recall={recall:.3f} run {${i}}")\n    return precision, recall\n\n`,
  (i) => `CONFIG_${i} = {\n    "lr": 1e-3,\n    "epochs": ${i % 50},\n    "layers": [128, 64, 32],\n    "name": "experiment-${i}",\n}\n\n`,
];

export function generatePython(lines: number): string {
  return generateFromBlocks(BLOCKS, lines);
}



async function ruffTime(text: string, runs: number): Promise<number | undefined> {
  try {
    const ruff = (await import('@astral-sh/ruff-wasm-nodejs')) as unknown as {
      Workspace: new (options: unknown, encoding: number) => { check(s: string): unknown[] };
      PositionEncoding: { Utf16: number };
    };
    const ws = new ruff.Workspace({ lint: { select: ['E4', 'E7', 'E9', 'F'] } }, ruff.PositionEncoding.Utf16);
    const diagnostics = ws.check(text);
    console.log(`  ruff reports ${diagnostics.length} diagnostics on the file`);
    return medianTime(() => ws.check(text), runs);
  } catch (e) {
    console.log(`  ruff: not measured (${e instanceof Error ? e.message : String(e)})`);
    return undefined;
  }
}

async function main(): Promise<void> {
  const { analyzeText: analyzeCached, clearPythonAnalysisCache } = await shippedAnalyzer();
  // A full analysis each time: the engine keeps recent texts and would answer a repeated one from memory.
  const analyzeText = (t: string, language: string): ReturnType<typeof AnalyzeText> => {
    clearPythonAnalysisCache();
    return analyzeCached(t, language);
  };
  const text = generatePython(10_000);
  console.log(`generated file: ${text.split('\n').length - 1} lines, ${(text.length / 1024).toFixed(0)} KB`);
  const coldStart = performance.now();
  const result = analyzeText(text, 'python')!;
  const cold = performance.now() - coldStart;
  console.log(`  analysis: ${result.uses.length} uses, ${result.findings.length} findings`);

  const words = ['sigmoid', 'relu', 'tanh', 'softmax', 'gelu', 'exp('];
  const keywordScan = (): number => {
    let n = 0;
    for (const w of words) for (let at = text.indexOf(w); at >= 0; at = text.indexOf(w, at + 1)) n++;
    return n;
  };
  const runs = 40;
  const ours = medianTime(() => analyzeText(text, 'python'), runs);
  // CPU time of this process per analysis: on a loaded machine the wall-clock median also counts waiting for a core.
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < runs; i++) analyzeText(text, 'python');
  const cpu = process.cpuUsage(cpu0);
  const oursCpu = (cpu.user + cpu.system) / 1000 / runs;
  const scan = medianTime(keywordScan, runs);
  const ruff = await ruffTime(text, 15);

  // One-line edits in the middle of the file, each a new version after the previous one, as an editor sends them.
  const lines = text.split('\n');
  const versions = Array.from({ length: runs + 4 }, (_, k) => {
    const copy = lines.slice();
    copy[5000] = k % 2 === 0 ? `    x = 1 / (1 + np.exp(-x)) + ${k}` : `    x = x + ${k}`;
    return copy.join('\n');
  });
  clearPythonAnalysisCache();
  analyzeCached(text, 'python');
  let k = 0;
  const edit = medianTime(() => analyzeCached(versions[k++ % versions.length]!, 'python'), runs);

  // Memory: the JS heap plus ArrayBuffer backing stores (the tokenizer keeps typed-array columns from one analysis to
  // the next, outside the heap), measured around a fresh copy of the bundle (its own module state, so the buffers it
  // keeps count) after a full GC.
  const gc = (globalThis as { gc?: () => void }).gc;
  let heap = 'not measured (run with --expose-gc)';
  if (gc !== undefined) {
    const memory = (): number => { const m = process.memoryUsage(); return m.heapUsed + m.arrayBuffers; };
    const fresh = await shippedAnalyzer();
    gc();
    const before = memory();
    const r = fresh.analyzeText(text, 'python');
    const after = memory();
    heap = `${((after - before) / 1024 / 1024).toFixed(2)} MB retained by the result and the analyzer plus garbage not yet collected`;
    void r;
    gc();
    const kept = fresh.analyzeText(text, 'python');
    gc();
    const retained = memory() - before;
    heap += `; ${(retained / 1024 / 1024).toFixed(2)} MB retained by the result and the analyzer's buffers after GC`;
    void kept;
  }

  console.log('');
  const [load1] = (await import('node:os')).loadavg();
  console.log(`  (machine load average ${load1!.toFixed(1)} on ${(await import('node:os')).cpus().length} cores while measuring)`);
  console.log(`  activation-lens analysis  median ${ours.toFixed(2)} ms   (goal ≤ 10 ms); CPU time ${oursCpu.toFixed(2)} ms per analysis (incl. GC threads)`);
  console.log(`  first analysis (cold: V8 still compiling the analyzer) ${cold.toFixed(1)} ms`);
  console.log(`  keyword scan              median ${scan.toFixed(2)} ms   → analysis / scan = ${(ours / scan).toFixed(1)}×`);
  if (ruff !== undefined) console.log(`  ruff (E4,E7,E9,F) WASM    median ${ruff.toFixed(2)} ms   → analysis / ruff = ${(ours / ruff).toFixed(3)} (goal ≤ 0.25)`);
  console.log(`  after a one-line edit     median ${edit.toFixed(2)} ms   (goal ≤ 2 ms)`);
  console.log(`  memory (heap + array buffers): ${heap} (goal ≤ 5 MB)`);
}

// Run only as the bench entry, not when a test or profile imports generatePython.
if (process.argv[1]?.endsWith("analysis-python.bench.ts")) void main();
