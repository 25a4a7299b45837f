// The one place the adapter calls the analysis engine. The engine never throws (an analyzer bug comes back
// as an empty result with `error`), but a failure is still worth a line in our log.
import { analyzePythonCells, analyzerFor, analyzeText } from '../core/analysis/index';
import type { AnalysisResult } from '../core/analysis/types';
import type { Logger } from './log';

export function analyzeDocumentText(
  text: string,
  languageId: string,
  log: Logger,
  precedingCells?: readonly string[],
): AnalysisResult | undefined {
  if (precedingCells && precedingCells.length > 0 && languageId === 'python') {
    // A notebook cell: imports and aliases of the cells above it apply (`import torch.nn.functional as F`
    // in the first cell, `F.relu` in a later one).
    try {
      return analyzePythonCells([...precedingCells, text]).at(-1);
    } catch (e) {
      log.error('analysis (notebook cell)', e);
      return analyzeText(text, languageId);
    }
  }
  const result = analyzeText(text, languageId);
  if (result?.error) log.error(`analysis (${languageId})`, result.error);
  return result;
}

/** `#` or `//`: how a suppression comment starts in this language, per the analyzer that handles it. */
export function commentPrefixFor(languageId: string): string {
  return analyzerFor(languageId)?.commentPrefix ?? (languageId === 'python' ? '#' : '//');
}
