// Expression-bodied arrows as function scopes (cfamilyArrowScopes.ts): found from the `=>` tokens only, whatever else
// spells `=>` in the text (strings, comments, templates, regular expressions, `==>`).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { expressionArrowScopes } from '../../../src/core/analysis/languages/cfamilyArrowScopes';
import { codeStreamOf } from '../../../src/core/analysis/languages/cfamilyCodeTokens';
import { scanJavaScript } from '../../../src/core/analysis/languages/javascriptTokenizer';

function arrowTexts(text: string): string[] {
  const stream = codeStreamOf(scanJavaScript(text));
  return expressionArrowScopes(stream, stream.match, text).scopes.map((s) => text.slice(s.start, s.end));
}

describe('expression-bodied arrow scopes', () => {
  it('reads only `=>` tokens: not in strings, comments, templates, regular expressions or `==>`', () => {
    const text = [
      'const s = "=>"; // a => b',
      'const t = `x => ${"=>"}`; /* (y) => y */',
      'const r = /=>/g;',
      'const f = (x: number): number => x * 2;',
      'if (a ==> b) {}',
      'const g = v => w => v + w;',
      'xs.map((v) => v + 1);',
    ].join('\n');
    assert.deepEqual(arrowTexts(text), ['(x: number): number => x * 2', 'v => w => v + w', 'w => v + w']);
  });

  it('finds none in a text without arrows, and the first and last tokens are never one', () => {
    assert.deepEqual(arrowTexts('const a = 1;'), []);
    assert.deepEqual(arrowTexts('=> x'), []);
    assert.deepEqual(arrowTexts('x =>'), []);
  });
});
