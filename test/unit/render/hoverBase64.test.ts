import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { base64FromBytes, base64FromText, svgDataUri, utf8Bytes } from '../../../src/core/render/base64';

describe('base64 for hover data URIs', () => {
  it('matches Node for every string, including astral characters and lone surrogates', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 64 }), (s) => {
        assert.equal(base64FromText(s), Buffer.from(s, 'utf8').toString('base64'));
      }),
      { numRuns: 500 },
    );
    for (const s of ['', 'a', 'ab', 'abc', 'f′ − σ', '𝑥 → 😀', '\ud800x', 'x\udc00']) {
      assert.equal(base64FromText(s), Buffer.from(s, 'utf8').toString('base64'), JSON.stringify(s));
    }
  });

  it('encodes arbitrary bytes like Node', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 50 }), (bytes) => {
        assert.equal(base64FromBytes(bytes), Buffer.from(bytes).toString('base64'));
      }),
    );
  });

  it('produces UTF-8 like TextEncoder', () => {
    const s = 'sigmoid σ′(x) ≈ 0.25 😀';
    assert.deepEqual([...utf8Bytes(s)], [...new TextEncoder().encode(s)]);
  });

  it('wraps an SVG in a decodable data URI', () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg"><text>f′</text></svg>';
    const uri = svgDataUri(svg);
    assert.ok(uri.startsWith('data:image/svg+xml;base64,'));
    assert.equal(Buffer.from(uri.slice('data:image/svg+xml;base64,'.length), 'base64').toString('utf8'), svg);
  });
});
