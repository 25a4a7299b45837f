// The plug-in point for languages: each analyzer registers the VS Code language ids and file extensions it
// handles. `analyzeText` is what adapters call; it never throws (an analyzer bug yields an empty result
// with `error` set, so one bad file cannot take down the extension host or a CLI run).
import type { AnalysisResult, LanguageId } from './types';

export interface LanguageAnalyzer {
  readonly languages: readonly LanguageId[];
  /** File extensions with the dot, lower case: `.py`. */
  readonly extensions: readonly string[];
  /** `#` or `//`: how suppression comments start in this language. */
  readonly commentPrefix: string;
  analyze(text: string, languageId: LanguageId): AnalysisResult;
}

const byLanguage = new Map<string, LanguageAnalyzer>();
const byExtension = new Map<string, { analyzer: LanguageAnalyzer; language: LanguageId }>();

export function registerAnalyzer(analyzer: LanguageAnalyzer, extensionLanguages: Readonly<Record<string, LanguageId>> = {}): void {
  for (const id of analyzer.languages) byLanguage.set(id, analyzer);
  for (const ext of analyzer.extensions) {
    byExtension.set(ext.toLowerCase(), { analyzer, language: extensionLanguages[ext] ?? analyzer.languages[0]! });
  }
}

export function analyzerFor(languageId: string): LanguageAnalyzer | undefined {
  return byLanguage.get(languageId);
}

/** The language of a file by its extension, when an analyzer handles it (`.ipynb` is handled by notebook.ts). */
export function languageForPath(path: string): LanguageId | undefined {
  const dot = path.lastIndexOf('.');
  if (dot < 0 || dot < path.lastIndexOf('/')) return undefined;
  return byExtension.get(path.slice(dot).toLowerCase())?.language;
}

export function registeredExtensions(): string[] {
  return [...byExtension.keys()];
}

export interface SafeAnalysisResult extends AnalysisResult {
  /** Set when the analyzer failed on this text (a bug); uses and findings are then empty. */
  readonly error?: string;
}

/** Analyses `text` as `languageId`; undefined when no analyzer handles the language. */
export function analyzeText(text: string, languageId: string): SafeAnalysisResult | undefined {
  const analyzer = byLanguage.get(languageId);
  if (analyzer === undefined) return undefined;
  try {
    return analyzer.analyze(text, languageId as LanguageId);
  } catch (e) {
    return { language: languageId as LanguageId, uses: [], findings: [], error: e instanceof Error ? e.message : String(e) };
  }
}
