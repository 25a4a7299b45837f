// What the recall tests read off an analysis: uses and findings as `kind "source text"` strings, and the first
// fix's replacement texts, so an expectation reads like the code it is about.
import assert from 'node:assert/strict';
import { analyzeText } from '../../../src/core/analysis/index';
import type { AnalysisResult, LanguageId } from '../../../src/core/analysis/types';

export function analyze(text: string, language: LanguageId): AnalysisResult {
  const r = analyzeText(text, language);
  assert.ok(r, `${language} is registered`);
  assert.equal(r.error, undefined);
  return r;
}

/** `activation:kind "source text"` per use, in order. */
export function usesOf(text: string, language: LanguageId): string[] {
  return analyze(text, language).uses.map((u) => `${u.activation}:${u.kind} ${text.slice(u.span.start, u.span.end)}`);
}

/** `rule "source text"` per finding, in order. */
export function findingsOf(text: string, language: LanguageId): string[] {
  return analyze(text, language).findings.map((f) => `${f.rule} ${text.slice(f.span.start, f.span.end)}`);
}

/** The first fix's replacement texts of the finding whose span is `source`. */
export function fixOf(text: string, language: LanguageId, source: string): string[] | undefined {
  const f = analyze(text, language).findings.find((x) => text.slice(x.span.start, x.span.end) === source);
  return f?.fixes[0]?.edits.map((e) => e.newText);
}
