// JavaScript/TypeScript shapes the fifth held-out sets (test/fixtures/{javascript,typescript}/heldout5) showed the
// analyzer missing or over-reporting, one describe per class; each has the look-alikes that must stay silent next to
// the shapes that must be found.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, findingsOf, fixOf, usesOf } from './analysisProbe';

// A function whose division, sum and log sit in the same file (before the arrows asked about).
const DIVIDING_NEIGHBOURS = [
  'export function logSumExp(values: readonly number[]): number {',
  '  let s = 0;',
  '  for (const v of values) s += Math.exp(v);',
  '  return Math.log(s);',
  '}',
  'export function gate(y: number[], dx: number[]): void {',
  '  for (let i = 0; i < y.length; i++) dx[i] = 1 / (1 + Math.exp(-y[i]!));',
  '}',
].join('\n');

describe('an arrow function with an expression body is a scope of its own', () => {
  it('an exp in a typed or untyped arrow, one line or several, shares no division or sum with the functions around it', () => {
    const text = [
      DIVIDING_NEIGHBOURS,
      'export const backoffMs = (attempt: number): number => Math.min(2000, 50 * Math.exp(attempt));',
      'export const grow = async (p0: number, r: number) =>',
      '  p0 * Math.exp(r)',
      'const decay = t => Math.exp(-t) * 3',
      'const table = { rate: (t) => Math.exp(t) / 2, gain: (g: number): Promise<number[]> => fetchAll(Math.exp(g)) };',
    ].join('\n');
    assert.deepEqual(findingsOf(text, 'typescript'), ['unstable-logsumexp Math.log(s)', 'unstable-sigmoid 1 / (1 + Math.exp(-y[i]!))']);
    assert.deepEqual(findingsOf(text.replace(/: (readonly )?number(\[\])?|: Promise<number\[\]>|!/g, ''), 'javascript'),
      ['unstable-logsumexp Math.log(s)', 'unstable-sigmoid 1 / (1 + Math.exp(-y[i]))']);
  });

  it('a log-sum-exp in an object-literal arrow is found whatever the factory around it computes (a maximum elsewhere shifts nothing)', () => {
    const text = [
      '(function (root, factory) { root.util = factory(); })(this, function () {',
      '  var top = Math.max(lo, hi);',
      '  var smoothMax = function (x) { return Math.log1p(Math.pow(Math.E, x)); };',
      '  return {',
      '    lse: (xs) => Math.log(xs.reduce((s, x) => s + Math.exp(x), 0)),',
      '    shifted: (xs, m) => m + Math.log(xs.reduce((s, x) => s + Math.exp(x - m), 0)),',
      '  };',
      '});',
    ].join('\n');
    assert.deepEqual(findingsOf(text, 'javascript'), [
      'unstable-softplus Math.log1p(Math.pow(Math.E, x))',
      'unstable-logsumexp Math.log(xs.reduce((s, x) => s + Math.exp(x), 0))',
    ]);
  });

  it('a softmax written in one arrow is still found, and one spread over top-level statements still is one softmax', () => {
    const text = [
      'const softmax = (xs: number[]): number[] => xs.map((v) => Math.exp(v) / xs.reduce((a, u) => a + Math.exp(u), 0));',
      'const exps = logits.map((v) => Math.exp(v));',
      'const total = exps.reduce((a, b) => a + b, 0);',
      'const probs = exps.map((e) => e / total);',
    ].join('\n');
    assert.deepEqual(findingsOf(text, 'typescript'), ['unstable-softmax Math.exp(v)', 'unstable-softmax Math.exp(v)']);
  });

  it('a function type (`const f: (x: number) => number = ...`) is no arrow body that swallows the code after it', () => {
    const text = [
      'const f: (x: number) => number = function (x) {',
      '  const e = xs.map((v) => Math.exp(v));',
      '  const z = e.reduce((a, b) => a + b, 0);',
      '  return e.map((v) => v / z)[0]!;',
      '};',
    ].join('\n');
    assert.deepEqual(findingsOf(text, 'typescript'), ['unstable-softmax Math.exp(v)']);
  });
});

describe('TypeScript type arguments of a call: xs.reduce<number>(...)', () => {
  it('a log-sum-exp and a one-line softmax through reduce<number> are found once each', () => {
    const text = [
      'export function lse(xs: readonly number[]): number {',
      '  return Math.log(xs.reduce<number>((s, x) => s + Math.exp(x), 0));',
      '}',
      'export function posterior(l: readonly number[]): number[] {',
      '  return l.map((v) => Math.exp(v) / l.reduce<number>((s, m) => s + Math.exp(m), 0));',
      '}',
      'export const total = (xs: number[]) => Math.log(xs.reduce<Array<number>[number]>((s, x) => s + Math.exp(x), 0));',
    ].join('\n');
    assert.deepEqual(findingsOf(text, 'typescript'), [
      'unstable-logsumexp Math.log(xs.reduce<number>((s, x) => s + Math.exp(x), 0))',
      'unstable-softmax Math.exp(v)',
      'unstable-logsumexp Math.log(xs.reduce<Array<number>[number]>((s, x) => s + Math.exp(x), 0))',
    ]);
    assert.deepEqual(fixOf(text, 'typescript', 'Math.log(xs.reduce<number>((s, x) => s + Math.exp(x), 0))'), [
      'const xsMax = xs.reduce((a, b) => Math.max(a, b), -Infinity);\n  const xsShift = Number.isFinite(xsMax) ? xsMax : 0;\n  ',
      '(xsShift + Math.log(xs.reduce<number>((s, x) => s + Math.exp(x - xsShift), 0)))',
    ]);
  });

  it('comparisons that look like brackets stay comparisons', () => {
    const text = [
      'const inRange = a < b && c > (Math.exp(d) / 2);',
      'const nested = lo < hi >> (Math.exp(k) + 1);',
    ].join('\n');
    assert.deepEqual(findingsOf(text, 'typescript'), []);
    assert.deepEqual(usesOf(text, 'typescript'), []);
  });
});

describe('TypeScript assertions are transparent to form matching: x!, x as T, x satisfies T, <T>x', () => {
  it('the sigmoid derivative s * (1 - s) is found through each wrapper', () => {
    const text = [
      'export function back(y: Float32Array, dy: Float32Array, dx: Float32Array): void {',
      '  for (let i = 0; i < y.length; i++) {',
      '    const s = 1 / (1 + Math.exp(-y[i]!));',
      '    dx[i] = dy[i]! * s * (1 - s);',
      '    dx[i] = (dy[i] as number) * (s as number) * (1 - s);',
      '    dx[i] = <number>dy[i] * s! * (1 - (s satisfies number));',
      '  }',
      '}',
    ].join('\n');
    assert.deepEqual(findingsOf(text, 'typescript'), [
      'unstable-sigmoid 1 / (1 + Math.exp(-y[i]!))',
      'lossy-sigmoid-derivative dy[i]! * s * (1 - s)',
      'lossy-sigmoid-derivative (dy[i] as number) * (s as number) * (1 - s)',
      'lossy-sigmoid-derivative <number>dy[i] * s! * (1 - (s satisfies number))',
    ]);
  });

  it('a fix keeps the assertion and passes the operand once: `Math.exp(-y[i]!)` becomes a call with (y[i]!)', () => {
    const text = 'export const g = (y: number[], i: number): number => 1 / (1 + Math.exp(-y[i]!));';
    assert.deepEqual(fixOf(text, 'typescript', '1 / (1 + Math.exp(-y[i]!))'),
      ['((t) => (t >= 0 ? 1 / (1 + Math.exp(-t)) : Math.exp(t) / (1 + Math.exp(t))))(y[i]!)']);
  });

  it('a logical not and a JSX `<` stay what they are', () => {
    assert.deepEqual(findingsOf('const on = !ready && s * (1 - s) > 0;\nconst t = a !== b;', 'typescript'), []);
    const tsx = 'export const Row = (p: { s: number }) => <td>{(p.s as number) * (1 - p.s)}</td>;';
    assert.deepEqual(findingsOf(tsx, 'typescriptreact'), []);
  });
});

describe('a negated product in the exponent is no softmax: exp(-d * d / (2 * s))', () => {
  it('Gaussian and Boltzmann-like weights summed and divided stay silent; the plain and scaled exponents are still found', () => {
    const silent = [
      'function g(d, s) { const w = []; let sum = 0; for (let i = 0; i < d.length; i++) { w[i] = Math.exp(-d[i] * d[i] / (2 * s)); sum += w[i]; } return w.map((v) => v / sum); }',
      'function k(d, s) { const w = []; let sum = 0; for (let i = 0; i < d.length; i++) { w[i] = Math.exp(d[i] * -d[i] / s); sum += w[i]; } return w.map((v) => v / sum); }',
    ];
    for (const text of silent) assert.deepEqual(findingsOf(text, 'javascript'), [], text);
    const found = 'function t(z, tau) { const w = []; let sum = 0; for (let i = 0; i < z.length; i++) { w[i] = Math.exp(z[i] / tau); sum += w[i]; } return w.map((v) => v / sum); }';
    assert.deepEqual(findingsOf(found, 'javascript'), ['unstable-softmax Math.exp(z[i] / tau)']);
    const twoNegations = found.replace('Math.exp(z[i] / tau)', 'Math.exp(-z[i] * -tau)');
    assert.deepEqual(findingsOf(twoNegations, 'javascript'), ['unstable-softmax Math.exp(-z[i] * -tau)']);
  });
});

describe('a softmax split over statements is one softmax: the sum into a name, then exp(v) / name', () => {
  it('the exp of the sum is not reported beside the numerator (function or arrow callbacks, var/const/typed/later assignment)', () => {
    const text = [
      'function boltzmann(logits) {',
      '  var denom = logits.reduce(function (s, v) { return s + Math.exp(v); }, 0);',
      '  return logits.map(function (v) { return Math.exp(v) / denom; });',
      '}',
      'function typed(logits: number[]): number[] {',
      '  const z: number = logits.reduce((s, v) => s + Math.exp(v), 0);',
      '  return logits.map((v) => Math.exp(v) / z);',
      '}',
      'function later(logits: number[]): number[] {',
      '  let z = 0;',
      '  z = logits.reduce((s, v) => s + Math.exp(v), 0);',
      '  const out: number[] = [];',
      '  for (const v of logits) out.push(Math.exp(v) / z);',
      '  return out;',
      '}',
    ].join('\n');
    const lineOf = (offset: number): number => text.slice(0, offset).split('\n').length;
    const r = analyze(text, 'typescript');
    // Each at the division's line (1-based), one use each.
    assert.deepEqual(r.findings.map((f) => `${f.rule}@${lineOf(f.span.start)}`), ['unstable-softmax@3', 'unstable-softmax@7', 'unstable-softmax@13']);
    assert.deepEqual(r.uses.map((u) => `${u.activation}@${lineOf(u.span.start)}`), ['softmax@3', 'softmax@7', 'softmax@13']);
  });

  it('a sum whose name divides no exp keeps its finding (it is the only exp of the softmax)', () => {
    const text = [
      'function normalise(logits) {',
      '  const z = logits.reduce((s, v) => s + Math.exp(v), 0);',
      '  return logits.map((v) => v / z);',
      '}',
    ].join('\n');
    assert.deepEqual(findingsOf(text, 'javascript'), ['unstable-softmax Math.exp(v)']);
  });
});

describe('ES5 calls through a prototype: Layer.prototype.sigmoid(x)', () => {
  it('is a call of the method defined on that prototype; another constructor\'s prototype or an undefined method is not', () => {
    const text = [
      'function SigmoidLayer() {}',
      'SigmoidLayer.prototype.sigmoid = function (x) { return 1 / (1 + Math.exp(-x)); };',
      'function other(x) { return Other.prototype.sigmoid(x) + SigmoidLayer.prototype.relu(x) + SigmoidLayer.prototype.sigmoid(x); }',
      'var boundLog = function (x) { return Math.log(1 - SigmoidLayer.prototype.sigmoid(x)); };',
    ].join('\n');
    assert.deepEqual(usesOf(text, 'javascript'), [
      'sigmoid:definition sigmoid',
      'sigmoid:call 1 / (1 + Math.exp(-x))',
      'sigmoid:call sigmoid',
      'log_sigmoid:call Math.log(1 - SigmoidLayer.prototype.sigmoid(x))',
      'sigmoid:call sigmoid',
    ]);
  });
});

describe('a static method called through its class is one use, not also an enum-member reference', () => {
  it('Activations.sigmoid(x) with `class Activations { static sigmoid(...) }` and an activation enum in the file', () => {
    const text = [
      'export enum ActivationKind { Sigmoid, Tanh, ReLU }',
      'export class Activations {',
      '  static sigmoid(x: number): number { return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)); }',
      '  static relu(x: number): number { return Math.max(0, x); }',
      '}',
      'export const y = Activations.sigmoid(2) + Activations.relu(-1);',
      'export const pick = Activations.Tanh;',
    ].join('\n');
    assert.deepEqual(usesOf(text, 'typescript').filter((u) => !u.includes('definition')), [
      'sigmoid:call 1 / (1 + Math.exp(-x))',
      'sigmoid:call Math.exp(x) / (1 + Math.exp(x))',
      'sigmoid:call sigmoid',
      'relu:call relu',
      'tanh:reference Activations.Tanh',
    ]);
  });

  it('an enum member is still a reference where it is not called: ActivationKind.Sigmoid', () => {
    const text = 'enum ActivationKind { Sigmoid, Tanh, ReLU }\nfunction sigmoid(x: number): number { return x; }\nconst k = ActivationKind.Sigmoid;\n';
    assert.deepEqual(usesOf(text, 'typescript'), ['sigmoid:definition sigmoid', 'sigmoid:reference ActivationKind.Sigmoid']);
  });
});

describe('the same function name in a class and a namespace: each owner\'s call finds its own definition', () => {
  it('Careful.sigmoid(g) into `namespace Careful` is a use beside Activations.sigmoid of a class with the same method names', () => {
    const text = [
      'export class Activations {',
      '  static sigmoid(x: number): number { return 0.5 * (1 + Math.tanh(x / 2)); }',
      '  static softplus(x: number): number { return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x))); }',
      '}',
      'export namespace Careful {',
      '  export function sigmoid(x: number): number { return 0.5 * (1 + Math.tanh(x / 2)); }',
      '  export function softplus(x: number): number { return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x))); }',
      '}',
      'export const gated = (g: number, x: number): number => Careful.sigmoid(g) * Careful.softplus(x) + Activations.softplus(x);',
      'export const other = (g: number): number => Reckless.sigmoid(g);',
    ].join('\n');
    const calls = usesOf(text, 'typescript').filter((u) => u.includes(':call'));
    assert.deepEqual(calls.filter((u) => u.endsWith(' sigmoid') || u.endsWith(' softplus')), ['sigmoid:call sigmoid', 'softplus:call softplus', 'softplus:call softplus']);
  });
});

describe('object-literal tables of activations: a typed derivative table, and calls through a table', () => {
  it('the keys of a derivative table define nothing whether or not the table has a type annotation', () => {
    const body = '{\n  sigmoid: (x) => x * (1 - x),\n  relu: (x) => (x > 0 ? 1 : 0),\n}';
    for (const head of [
      'const derivatives = ',
      'const DERIVATIVES: Record<Name, (x: number) => number> = ',
      'export const grads: { [k: string]: (x: number) => number } = ',
      'let primes: Table = ',
    ]) assert.deepEqual(usesOf(`${head}${body};\n`, 'typescript'), [], head);
    // A table that is no derivative table still defines its keys, typed or not.
    assert.deepEqual(usesOf(`const CURVES: Record<Name, (x: number) => number> = ${body};\n`, 'typescript'), ['sigmoid:definition sigmoid', 'relu:definition relu']);
  });

  it('TABLE.key(x) calls the key that defines an activation; another object\'s or an undefined key is no call', () => {
    const text = [
      'const CURVES: Record<string, (x: number) => number> = {',
      '  sigmoid: (x) => 0.5 * (1 + Math.tanh(x / 2)),',
      '  relu: (x) => Math.max(0, x),',
      '};',
      'const acts = { softplus: function (x) { return Math.log1p(Math.exp(-Math.abs(x))) + Math.max(x, 0); } };',
      'const slope = (x: number) => CURVES.sigmoid(x) * (1 - CURVES.sigmoid(x)) + acts.softplus(x) + other.relu(x) + CURVES.gelu(x);',
    ].join('\n');
    assert.deepEqual(usesOf(text, 'typescript').filter((u) => u.includes(':call') && !u.includes('Math.')), [
      'sigmoid:call sigmoid',
      'sigmoid:call sigmoid',
      'softplus:call softplus',
    ]);
    assert.deepEqual(findingsOf(text, 'typescript'), ['lossy-sigmoid-derivative CURVES.sigmoid(x) * (1 - CURVES.sigmoid(x))']);
  });
});
