// The editor features proper: the analysis cache and the providers over it. This module and everything it
// imports from the core (catalog tables, thresholds, the analysis engine) is loaded on first use through a
// dynamic import in editorFeatures.ts, so activating the extension costs only the registration of shims.
import type * as vscode from 'vscode';
import { AnalysisCache } from './analysisCache';
import { ActivationCodeActions } from './codeActions';
import { DiagnosticsController } from './diagnostics';
import { analyzeDocumentText } from './engine';
import { ActivationHover } from './hover';
import { ActivationInlayHints } from './inlayHints';
import type { Logger } from './log';
import type { EditorSettings } from './settings';

export interface Features extends vscode.Disposable {
  readonly cache: AnalysisCache;
  readonly diagnostics: DiagnosticsController;
  readonly hover: ActivationHover;
  readonly codeActions: ActivationCodeActions;
  readonly inlayHints: ActivationInlayHints;
}

export function createFeatures(settingsFor: (doc: vscode.TextDocument) => EditorSettings, log: Logger): Features {
  const cache = new AnalysisCache((text, languageId, preceding) => analyzeDocumentText(text, languageId, log, preceding));
  const diagnostics = new DiagnosticsController(cache, settingsFor, log);
  return {
    cache,
    diagnostics,
    hover: new ActivationHover(cache, settingsFor, log),
    codeActions: new ActivationCodeActions(cache, settingsFor, log),
    inlayHints: new ActivationInlayHints(cache, settingsFor, log),
    dispose: () => {
      diagnostics.dispose();
      cache.clear();
    },
  };
}
