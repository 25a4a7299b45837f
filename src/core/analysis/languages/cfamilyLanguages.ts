// The C-family languages by VS Code language id and by file extension, and their analysis entry point.
import type { AnalysisResult, LanguageId } from '../types';
import { analyzeCFamily } from './cfamilyAnalysis';
import type { CFamilyLanguage } from './cfamilyLanguage';
import { C, CPP } from './cppLanguage';
import { CSHARP } from './csharpLanguage';
import { JAVA } from './javaLanguage';
import { JAVASCRIPT, JAVASCRIPT_REACT, TYPESCRIPT, TYPESCRIPT_REACT } from './javascriptLanguage';

export const C_FAMILY_LANGUAGES: ReadonlyMap<LanguageId, CFamilyLanguage> = new Map<LanguageId, CFamilyLanguage>([
  ['javascript', JAVASCRIPT], ['javascriptreact', JAVASCRIPT_REACT], ['typescript', TYPESCRIPT], ['typescriptreact', TYPESCRIPT_REACT],
  ['csharp', CSHARP], ['java', JAVA], ['c', C], ['cpp', CPP],
]);

/** File extensions (lowercase, with the dot) of the C-family languages. `.h` is C unless its text is C++ (decided per file). */
export const C_FAMILY_EXTENSIONS: ReadonlyMap<string, LanguageId> = new Map<string, LanguageId>([
  ['.js', 'javascript'], ['.mjs', 'javascript'], ['.cjs', 'javascript'], ['.jsx', 'javascriptreact'],
  ['.ts', 'typescript'], ['.mts', 'typescript'], ['.cts', 'typescript'], ['.tsx', 'typescriptreact'],
  ['.cs', 'csharp'], ['.java', 'java'],
  ['.c', 'c'], ['.h', 'c'], ['.cc', 'cpp'], ['.cpp', 'cpp'], ['.cxx', 'cpp'], ['.hpp', 'cpp'], ['.hh', 'cpp'], ['.hxx', 'cpp'], ['.cu', 'cpp'],
]);

export function isCFamilyLanguage(language: LanguageId): boolean {
  return C_FAMILY_LANGUAGES.has(language);
}

/** Activation uses and stability findings of a JavaScript/TypeScript, C#, Java or C/C++ text. Never throws. */
export function analyzeCFamilyText(text: string, language: LanguageId): AnalysisResult {
  const lang = C_FAMILY_LANGUAGES.get(language);
  if (!lang) return { language, uses: [], findings: [] };
  try {
    return analyzeCFamily(text, lang);
  } catch {
    // Tokenizing and parsing are total; this guards against a defect costing the user the whole editor feature.
    return { language, uses: [], findings: [] };
  }
}
