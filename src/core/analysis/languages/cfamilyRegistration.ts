// Registers JavaScript/TypeScript, C#, Java and C/C++ with the analysis registry (imported once by ../index.ts).
import { registerAnalyzer } from '../registry';
import type { LanguageId } from '../types';
import { analyzeCFamilyText, C_FAMILY_EXTENSIONS, C_FAMILY_LANGUAGES } from './cfamilyLanguages';

registerAnalyzer(
  {
    languages: [...C_FAMILY_LANGUAGES.keys()],
    extensions: [...C_FAMILY_EXTENSIONS.keys()],
    commentPrefix: '//',
    analyze: (text, languageId) => analyzeCFamilyText(text, languageId),
  },
  Object.fromEntries(C_FAMILY_EXTENSIONS) as Record<string, LanguageId>,
);
