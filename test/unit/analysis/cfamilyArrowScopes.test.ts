// Expression-bodied arrows as function scopes (cfamilyArrowScopes.ts): found from the `=>` tokens only, whatever else
// spells `=>` in the text (strings, comments, templates, regular expressions, `==>`).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { expressionArrowScopes, innermostArrowAt } from '../../../src/core/analysis/languages/cfamilyArrowScopes';
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

  it('gives each token the innermost arrow holding it (the one starting last), heads in text order or not', () => {
    const check = (text: string): void => {
      const stream = codeStreamOf(scanJavaScript(text));
      const arrows = expressionArrowScopes(stream, stream.match, text);
      for (let idx = -1; idx <= stream.count; idx++) {
        let expected = -1;
        for (let s = 0; s < arrows.scopes.length; s++) if (arrows.heads[s]! <= idx && idx <= arrows.lasts[s]!) expected = s;
        assert.equal(innermostArrowAt(arrows, idx), expected, `token ${idx} of ${JSON.stringify(text)}`);
      }
    };
    // Nested, side by side, and an arrow in another's default parameter (its head comes after the outer one's).
    check('const f = (a = (x) => x * 2) => a(1) + ((y) => y)(2);\nconst h = (p) => p, k = q => q;');
    check('const g = v => w => u => v + w + u;\nconst h = (p) => p, k = q => q;\nconst m = (s) => s\nconst n = t => (r) => r + t, o = 1;');
    const soup = fc.array(fc.constantFrom('x', 'y', '=>', '(', ')', ',', '=', ';', '\n', ' ', '+', 'f', '[', ']', '{', '}', ':', 'const '), { maxLength: 60 });
    fc.assert(fc.property(soup, (parts) => check(parts.join(' '))), { numRuns: 300 });
  });
});
