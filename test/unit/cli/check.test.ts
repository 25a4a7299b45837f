import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { CliIo } from '../../../src/cli/io';
import { main } from '../../../src/cli/main';

interface Run {
  code: number;
  out: string;
  err: string;
}

async function run(args: string[], cwd: string, stdin = ''): Promise<Run> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => void (out += t), err: (t) => void (err += t), readStdin: async () => stdin, stdinIsTTY: false, cwd };
  const code = await main(['check', ...args], io);
  return { code, out, err };
}

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'al-check-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

const UNSTABLE = 'import numpy as np\n\ndef sigmoid(x):\n    return 1 / (1 + np.exp(-x))\n';
const CLEAN = 'import numpy as np\nfrom scipy.special import expit\n\ny = expit(np.zeros(3))\n';

test('text output: path:line:col: rule [*] message, a summary, exit 1 with findings and 0 without', async () => {
  const dir = project({ 'a.py': UNSTABLE, 'b.py': CLEAN });
  const r = await run(['a.py'], dir);
  assert.equal(r.code, 1);
  assert.match(r.out, /^a\.py:4:12: unstable-sigmoid \[\*\] 1\/\(1\+exp\(-x\)\) overflows in exp for x < -709\.78/m);
  assert.match(r.out, /Found 1 finding \(1 fixable with --fix\)\.\n$/);
  const clean = await run(['b.py'], dir);
  assert.equal(clean.code, 0);
  assert.equal(clean.out, 'All checks passed!\n');
});

test('JSON: schema version 1, 1-based lines, UTF-16 columns + 1, activations and fixes', async () => {
  const dir = project({ 'u.py': 'import numpy as np\ns = "😀"; y = 1/(1+np.exp(-x))\n' });
  const r = await run(['--format', 'json', 'u.py'], dir);
  assert.equal(r.code, 1);
  const json = JSON.parse(r.out);
  assert.equal(json.version, 1);
  const file = json.files[0];
  assert.equal(file.path, 'u.py');
  assert.equal(file.language, 'python');
  const d = file.diagnostics[0];
  // "s = \"😀\"; y = " is 14 UTF-16 code units (the emoji counts two), so the form starts at column 15.
  assert.deepEqual([d.line, d.column, d.endLine, d.endColumn], [2, 15, 2, 31]);
  assert.equal(d.rule, 'unstable-sigmoid');
  assert.equal(d.severity, 'warning');
  assert.equal(d.fixes[0].edits.length, 2, 'the expit call and its import');
  assert.deepEqual(file.activations.map((a: { activation: string; kind: string }) => `${a.activation}/${a.kind}`), ['sigmoid/call']);
  assert.equal(json.timing, undefined);
});

test('notebooks: one entry per code cell with "cell" and cell-relative lines; `# In[3]:` scripts are plain Python', async () => {
  const nb = readFileSync('test/fixtures/notebooks/activations.ipynb', 'utf8');
  const dir = project({ 'n.ipynb': nb, 'exported.py': readFileSync('test/fixtures/python/corpus/exported_notebook.py', 'utf8') });
  const r = await run(['--format', 'json', 'n.ipynb'], dir);
  const json = JSON.parse(r.out);
  const cell2 = json.files.find((f: { cell: number }) => f.cell === 2);
  assert.equal(cell2.diagnostics[0].line, 2);
  assert.equal(cell2.diagnostics[0].rule, 'unstable-sigmoid');
  assert.ok(json.files.every((f: { cell?: number }) => typeof f.cell === 'number'));
  const text = await run(['n.ipynb', 'exported.py'], dir);
  assert.match(text.out, /^n\.ipynb:cell 2:2:5: unstable-sigmoid/m);
  assert.match(text.out, /^exported\.py:\d+:\d+: unstable-softplus/m);
});

test('--select and --ignore filter rules; unknown rules and options are usage errors (exit 2)', async () => {
  const dir = project({ 'a.py': UNSTABLE + 'z = np.log(1 + np.exp(x))\n' });
  const sel = await run(['--select', 'unstable-softplus', 'a.py'], dir);
  assert.match(sel.out, /unstable-softplus/);
  assert.doesNotMatch(sel.out, /unstable-sigmoid/);
  const ign = await run(['--ignore=unstable-softplus,unstable-sigmoid', 'a.py'], dir);
  assert.equal(ign.code, 0);
  const bad = await run(['--select', 'unstable-nothing', 'a.py'], dir);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /unknown rule 'unstable-nothing'/);
  assert.equal((await run(['--frobnicate'], dir)).code, 2);
  assert.equal((await run(['--format', 'xml'], dir)).code, 2);
});

test('directories are walked respecting .gitignore; unreadable paths are reported and the rest analysed (exit 2)', async () => {
  const dir = project({
    '.gitignore': 'ignored/\nskip_me.py\n', 'src/a.py': UNSTABLE, 'src/skip_me.py': UNSTABLE, 'ignored/b.py': UNSTABLE,
    'node_modules/x.py': UNSTABLE, 'src/notes.txt': UNSTABLE, 'src/.gitignore': 'local.py\n', 'src/local.py': UNSTABLE,
  });
  const r = await run(['--format', 'json', '.'], dir);
  assert.deepEqual(JSON.parse(r.out).files.map((f: { path: string }) => f.path), [join('src', 'a.py')]);
  const missing = await run(['src/a.py', 'nope.py'], dir);
  assert.equal(missing.code, 2);
  assert.match(missing.err, /nope\.py: no such file or directory/);
  assert.match(missing.out, /src\/a\.py:4:12: unstable-sigmoid/);
  if (process.getuid?.() !== 0) {
    chmodSync(join(dir, 'src/a.py'), 0o000);
    assert.equal((await run(['src/a.py'], dir)).code, 2);
  }
});

test('--fix rewrites files atomically, reports what it changed, and the result checks clean', async () => {
  const dir = project({ 'a.py': UNSTABLE + 'sp = np.log(1 + np.exp(x))\n', 'n.ipynb': readFileSync('test/fixtures/notebooks/activations.ipynb', 'utf8') });
  const r = await run(['--fix', 'a.py', 'n.ipynb'], dir);
  assert.match(r.out, /Fixed \d+ findings in 2 file\(s\)\./);
  assert.equal(r.code, 0, r.out);
  const fixed = readFileSync(join(dir, 'a.py'), 'utf8');
  assert.equal(fixed, 'import numpy as np\nfrom scipy.special import expit\n\ndef sigmoid(x):\n    return expit(x)\nsp = np.logaddexp(0, x)\n');
  const nb = JSON.parse(readFileSync(join(dir, 'n.ipynb'), 'utf8'));
  assert.ok(nb.cells[2].source.join('').includes('expit(x)'), nb.cells[2].source.join(''));
  assert.deepEqual(readdirSync(dir).sort(), ['a.py', 'n.ipynb'], 'no temp files left');
  assert.equal((await run(['a.py', 'n.ipynb'], dir)).code, 0);
});

test('standard input with -, and --timing', async () => {
  const dir = project({});
  const r = await run(['-', '--format', 'json', '--timing'], dir, UNSTABLE);
  const json = JSON.parse(r.out);
  assert.equal(json.files[0].path, '-');
  assert.equal(typeof json.files[0].analysisMs, 'number');
  assert.equal(typeof json.timing.analysisMs, 'number');
  const fixed = await run(['-', '--fix'], dir, UNSTABLE);
  assert.ok(fixed.out.includes('return expit(x)'), 'the fixed source goes to standard output');
  assert.match(fixed.err, /Fixed 1 finding/);
  const help = await run(['--help'], dir);
  assert.equal(help.code, 0);
  assert.match(help.out, /usage: activation-lens check/);
});
