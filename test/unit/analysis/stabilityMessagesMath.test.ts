// Python's math module raises instead of returning inf or NaN. The message of each finding on a math form names
// the exception and the edge; this runs the original function in Python just past that edge and checks that it
// raises exactly what the message says (and returns a finite number just inside it).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { analyzeText } from '../../../src/core/analysis/index';

const SOURCE = `import math
def softplus(x):
    return math.log(1 + math.exp(x))
def lse_big(x):
    return math.log(sum(math.exp(v) for v in [x, 0.0]))
def lse_small(x):
    return math.log(sum(math.exp(v) for v in [x, x]))
def tanh_by_hand(x):
    return (math.exp(x) - math.exp(-x)) / (math.exp(x) + math.exp(-x))
def sigmoid_ratio(x):
    return math.exp(x) / (1 + math.exp(x))
`;

/** Runs `fn(x)` in Python; returns the exception's class name, or 'ok' for a finite result. */
function outcome(fn: string, x: number): string {
  const program = `${SOURCE}\ntry:\n    r = ${fn}(${x})\n    print('ok' if math.isfinite(r) else 'nonfinite')\nexcept Exception as e:\n    print(type(e).__name__)\n`;
  const r = spawnSync('python3', ['-c', program], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

/** The first "x > 709.78" / "< -745.13" edge in the message (the float64 one: messages give it first). */
function edgeOf(message: string, after: string): { side: '<' | '>'; value: number } {
  const m = new RegExp(`${after}[^<>]*?([<>]) (-?[\\d.]+)`).exec(message);
  assert.ok(m, `no edge after '${after}' in: ${message}`);
  return { side: m[1] as '<' | '>', value: Number(m[2]) };
}

const python = spawnSync('python3', ['--version']).status === 0;

test('math forms: each message names the exception Python raises past its edge', { skip: !python && 'python3 is not installed' }, () => {
  const result = analyzeText(SOURCE, 'python');
  assert.ok(result);
  const byFunction = (name: string) => {
    const start = SOURCE.indexOf(`def ${name}(`);
    const end = SOURCE.indexOf('\ndef ', start + 1);
    return result.findings.filter((f) => f.span.start > start && (end < 0 || f.span.start < end));
  };
  const cases: Array<{ fn: string; rule: string; raises: string; after: string }> = [
    { fn: 'softplus', rule: 'unstable-softplus', raises: 'OverflowError', after: 'OverflowError' },
    { fn: 'lse_big', rule: 'unstable-logsumexp', raises: 'OverflowError', after: 'OverflowError' },
    { fn: 'lse_small', rule: 'unstable-logsumexp', raises: 'ValueError', after: 'ValueError' },
    { fn: 'tanh_by_hand', rule: 'unstable-tanh', raises: 'OverflowError', after: '\\|x\\|' },
    { fn: 'sigmoid_ratio', rule: 'unstable-sigmoid', raises: 'OverflowError', after: 'OverflowError' },
  ];
  for (const c of cases) {
    const [finding] = byFunction(c.fn).filter((f) => f.rule === c.rule);
    assert.ok(finding, `${c.fn}: no ${c.rule} finding`);
    assert.match(finding.message, new RegExp(c.raises), `${c.fn}: ${finding.message}`);
    assert.doesNotMatch(finding.message, /returns NaN|overflows to inf/, `${c.fn}: ${finding.message}`);
    const edge = edgeOf(finding.message, c.after);
    const outside = edge.side === '>' ? edge.value + 0.5 : edge.value - 0.5;
    const inside = edge.side === '>' ? edge.value - 0.5 : edge.value + 0.5;
    assert.equal(outcome(c.fn, outside), c.raises, `${c.fn}(${outside})`);
    assert.equal(outcome(c.fn, inside), 'ok', `${c.fn}(${inside})`);
  }
});
