import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const read = (p: string): Record<string, string> => JSON.parse(readFileSync(p, 'utf8')) as Record<string, string>;
const placeholders = (s: string): string[] => [...s.matchAll(/\{\d+\}/g)].map((m) => m[0]).sort();

/** First-argument string literals of `t(...)` and `vscode.l10n.t(...)` calls in the editor features' sources. */
function messagesIn(files: string[]): Set<string> {
  const out = new Set<string>();
  for (const f of files) {
    const src = readFileSync(f, 'utf8');
    for (const m of src.matchAll(/(?<![\w.])(?:vscode\.l10n\.)?t\(\s*(['"])((?:\\.|(?!\1).)*)\1/g)) {
      out.add(m[2]!.replace(/\\(['"\\])/g, '$1'));
    }
  }
  return out;
}

const editorSources = [
  ...['hoverContent.ts', 'hoverValues.ts', 'hoverUnstable.ts'].map((f) => join('src/core/render', f)),
  ...readdirSync('src/extension').filter((f) => f.endsWith('.ts')).map((f) => join('src/extension', f)),
];

describe('localization (English, Japanese, Korean)', () => {
  it('every manifest %key% has an English, Japanese and Korean string', () => {
    const manifest = readFileSync('package.json', 'utf8');
    const keys = [...manifest.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]!);
    assert.ok(keys.length > 20);
    const en = read('package.nls.json');
    for (const locale of ['ja', 'ko']) {
      const tr = read(`package.nls.${locale}.json`);
      for (const k of keys) {
        assert.ok(en[k], `package.nls.json lacks ${k}`);
        assert.ok(tr[k], `package.nls.${locale}.json lacks ${k}`);
      }
    }
  });

  it('every message the hovers, diagnostics and commands show is translated, with the same placeholders', () => {
    const messages = messagesIn(editorSources);
    assert.ok(messages.size > 40, `found only ${messages.size} messages`);
    for (const locale of ['ja', 'ko']) {
      const bundle = read(`l10n/bundle.l10n.${locale}.json`);
      let differing = 0;
      for (const m of messages) {
        const tr = bundle[m];
        assert.ok(tr, `l10n/bundle.l10n.${locale}.json lacks "${m}"`);
        assert.deepEqual(placeholders(tr), placeholders(m), `placeholders differ in ${locale} for "${m}"`);
        if (tr !== m) differing++;
      }
      assert.ok(differing >= messages.size - 2, `${locale}: ${messages.size - differing} messages are left in English`);
    }
  });
});
