// The plot panel is localized with the rest (en, ja, ko): every panel string and command title has a
// Japanese and a Korean translation keeping its {0} placeholders.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { PANEL_STRINGS } from '../../src/core/render/plotStrings';

const read = (f: string) => JSON.parse(readFileSync(f, 'utf8')) as Record<string, string>;
const placeholders = (s: string) => (s.match(/\{\d+\}/g) ?? []).sort();

describe('plot panel localization', () => {
  for (const lang of ['ja', 'ko']) {
    it(`has every panel string in ${lang}`, () => {
      const bundle = read(`l10n/bundle.l10n.${lang}.json`);
      for (const english of Object.values(PANEL_STRINGS)) {
        const translated = bundle[english];
        assert.ok(translated && translated.trim().length > 0, `${lang}: missing "${english}"`);
        assert.deepEqual(placeholders(translated), placeholders(english), `${lang}: placeholders of "${english}"`);
      }
    });
    it(`has the panel's command titles in package.nls.${lang}.json`, () => {
      const nls = read(`package.nls.${lang}.json`);
      const en = read('package.nls.json');
      for (const key of ['command.openPlotPanel', 'command.openPlotPanelAtCursor']) {
        assert.ok(en[key], `en: ${key}`);
        assert.ok(nls[key] && nls[key] !== en[key], `${lang}: ${key}`);
      }
    });
  }
});
