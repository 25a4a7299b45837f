// The analysis engine's public API. Adapters (extension, CLI) import from here only.
//   analyzeText(text, languageId)         → uses and findings of one document (undefined: language not handled)
//   analyzeNotebook(json)                 → per code cell, cell-relative offsets
//   analyzePythonCells(cellTexts)         → the same for notebook cells the editor already has as documents
//   suppressionEdit(text, finding, '#')   → the edit that adds `# activation-lens: ignore[rule]`
//   applyEdits(text, edits)               → text with a fix's edits applied
// Languages register themselves in registry.ts; each new language adds one import line below.
import { analyzePython } from './languages/pythonIncremental';
import { registerAnalyzer } from './registry';

registerAnalyzer({ languages: ['python'], extensions: ['.py', '.pyw', '.pyi'], commentPrefix: '#', analyze: (text) => analyzePython(text) });
import './languages/cfamilyRegistration';

export { analyzeText, analyzerFor, languageForPath, registerAnalyzer, registeredExtensions } from './registry';
export type { LanguageAnalyzer, SafeAnalysisResult } from './registry';
export { analyzeNotebook, applyCellEdits, applyEdits, notebookCodeCells, NotebookFormatError } from './notebook';
export type { NotebookAnalysis, NotebookCell } from './notebook';
export { analyzePythonCells } from './languages/python';
export { clearPythonAnalysisCache } from './languages/pythonIncremental';
export { parseSuppression, suppressionEdit } from './suppression';
export { LineIndex } from './lineIndex';
export * from './types';
