import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { callEndOffset } from '../../../src/extension/callEnd';

function endAfter(text: string, callee: string): string | undefined {
  const end = callEndOffset(text, text.indexOf(callee) + callee.length);
  return end === undefined ? undefined : text.slice(0, end);
}

describe('end of a call for inline values', () => {
  it('matches nested brackets and steps over strings and comments', () => {
    assert.equal(endAfter('y = torch.sigmoid(torch.tensor(2.0)) + 1', 'torch.sigmoid'), 'y = torch.sigmoid(torch.tensor(2.0))');
    assert.equal(endAfter('f(g(")"), [1, 2], {"a": ")"})', 'f'), 'f(g(")"), [1, 2], {"a": ")"})');
    assert.equal(endAfter('sigmoid (\n  2.0,  # a ) comment\n)\nz', 'sigmoid'), 'sigmoid (\n  2.0,  # a ) comment\n)');
    assert.equal(endAfter("f('''a ) b''', 1)", 'f'), "f('''a ) b''', 1)");
  });

  it('gives up on what is not a call or never closes', () => {
    assert.equal(endAfter('x = sigmoid + 1', 'sigmoid'), undefined);
    assert.equal(endAfter('x = sigmoid(2.0', 'sigmoid'), undefined);
    assert.equal(endAfter('x = sigmoid(2.0]', 'sigmoid'), undefined);
    assert.equal(endAfter('x = sigmoid("abc\n)', 'sigmoid'), undefined);
  });
});
