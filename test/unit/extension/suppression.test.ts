import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isSuppressed, suppressionEdit, suppressionOnLine } from '../../../src/extension/suppression';

describe('suppression comments', () => {
  it('reads rule lists and bare ignores after the comment prefix', () => {
    assert.deepEqual(suppressionOnLine('y = 1/(1+np.exp(-x))  # activation-lens: ignore[unstable-sigmoid]', 'python'), new Set(['unstable-sigmoid']));
    assert.deepEqual(suppressionOnLine('y = f(x) # activation-lens: ignore[unstable-softmax, unstable-tanh]', 'python'), new Set(['unstable-softmax', 'unstable-tanh']));
    assert.equal(suppressionOnLine('y = f(x)  # activation-lens: ignore', 'python'), 'all');
    assert.equal(suppressionOnLine('y = f(x);  // activation-lens: ignore', 'javascript'), 'all');
    assert.equal(suppressionOnLine('y = f(x);  //activation-lens:ignore[unstable-sigmoid]', 'csharp') instanceof Set, true);
  });

  it('ignores the marker outside a comment of the language or with other words', () => {
    assert.equal(suppressionOnLine('y = f(x)', 'python'), undefined);
    assert.equal(suppressionOnLine('y = f(x)  // activation-lens: ignore', 'python'), undefined);
    assert.equal(suppressionOnLine('y = f(x)  # see activation-lens: ignore', 'python'), undefined);
    assert.equal(suppressionOnLine('y = f(x)  # activation-lens: ignored', 'python'), undefined);
    assert.equal(suppressionOnLine('y = f(x)  # activation-lens: ignore[unstable-sigmoid', 'python'), undefined);
  });

  it('suppresses a rule when any line of the finding carries it', () => {
    const lines = ['y = 1 / (1 +', '     np.exp(-x))  # activation-lens: ignore[unstable-sigmoid]'];
    assert.equal(isSuppressed(lines, 'unstable-sigmoid', 'python'), true);
    assert.equal(isSuppressed(lines, 'unstable-softplus', 'python'), false);
  });

  it('adds a trailing comment, or the rule to an existing list, and nothing when already silenced', () => {
    const line = 'y = 1/(1+np.exp(-x))   ';
    const e = suppressionEdit(line, 'unstable-sigmoid', 'python')!;
    const fixed = line.slice(0, e.start) + e.newText + line.slice(e.end);
    assert.equal(fixed, 'y = 1/(1+np.exp(-x))  # activation-lens: ignore[unstable-sigmoid]');
    assert.deepEqual(suppressionOnLine(fixed, 'python'), new Set(['unstable-sigmoid']));

    const e2 = suppressionEdit(fixed, 'unstable-softplus', 'python')!;
    const twice = fixed.slice(0, e2.start) + e2.newText + fixed.slice(e2.end);
    assert.deepEqual(suppressionOnLine(twice, 'python'), new Set(['unstable-sigmoid', 'unstable-softplus']));

    assert.equal(suppressionEdit(fixed, 'unstable-sigmoid', 'python'), undefined);
    assert.equal(suppressionEdit('x  # activation-lens: ignore', 'unstable-sigmoid', 'python'), undefined);
    const js = suppressionEdit('const y = 1 / (1 + Math.exp(-x));', 'unstable-sigmoid', 'javascript')!;
    assert.equal(js.newText, '  // activation-lens: ignore[unstable-sigmoid]');
  });
});
