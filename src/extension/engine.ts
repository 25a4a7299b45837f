// The one place the adapter calls the analysis engine. The engine never throws (an analyzer bug comes back
// as an empty result with `error`), but a failure is still worth a line in our log.
import { analyzerFor, analyzeText } from '../core/analysis/index';
import type { AnalysisResult } from '../core/analysis/types';
import type { Logger } from './log';

export function analyzeDocumentText(text: string, languageId: string, log: Logger): AnalysisResult | undefined {
  const result = analyzeText(text, languageId);
  if (result?.error) log.error(`analysis (${languageId})`, result.error);
  return result;
}

/** `#` or `//`: how a suppression comment starts in this language, per the analyzer that handles it. */
export function commentPrefixFor(languageId: string): string {
  return analyzerFor(languageId)?.commentPrefix ?? (languageId === 'python' ? '#' : '//');
}
