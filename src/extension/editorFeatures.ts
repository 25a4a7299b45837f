// Wires the editor features (hover, diagnostics, code actions, inlay hints, commands) to VS Code.
// Activation does no analysis itself: open documents are picked up on the next tick so `activate`
// returns at once.
import * as vscode from 'vscode';
import type { ActivationUse } from '../core/analysis/types';
import { AnalysisCache } from './analysisCache';
import { ActivationCodeActions, FIX_ALL_COMMAND } from './codeActions';
import { DiagnosticsController } from './diagnostics';
import { DOCUMENT_SELECTOR, isHandled, snapshot } from './documents';
import { analyzeDocumentText } from './engine';
import { ActivationHover } from './hover';
import { ActivationInlayHints } from './inlayHints';
import { createLogger, guard, type Logger } from './log';
import { readSettings, SETTINGS_SECTION, type EditorSettings } from './settings';

export const SHOW_LOG_COMMAND = 'activationLens.showLog';

/** What the other features (the plot panel) reuse: the shared log and the analysis cache's lookup. */
export interface EditorFeatures {
  readonly cache: AnalysisCache;
  readonly log: Logger;
  /** The activation use under an offset of a document (innermost first), from the cached analysis. */
  readonly useAt: (doc: vscode.TextDocument, offset: number) => ActivationUse | undefined;
}

export function registerEditorFeatures(context: vscode.ExtensionContext): EditorFeatures {
  const channel = vscode.window.createOutputChannel('Activation Lens', { log: true });
  const log = createLogger(channel);
  const cache = new AnalysisCache((text, languageId) => analyzeDocumentText(text, languageId, log));

  // Settings are read once per change, per resource scope (a folder may override them).
  const settingsCache = new Map<string, EditorSettings>();
  const settingsFor = (doc: vscode.TextDocument): EditorSettings => {
    const folder = vscode.workspace.getWorkspaceFolder(doc.uri)?.uri.toString() ?? '';
    const key = `${folder}|${doc.languageId}`;
    let s = settingsCache.get(key);
    if (!s) {
      const config = vscode.workspace.getConfiguration(SETTINGS_SECTION, { uri: doc.uri, languageId: doc.languageId });
      s = readSettings((k) => config.get(k));
      settingsCache.set(key, s);
    }
    return s;
  };

  const diagnostics = new DiagnosticsController(cache, settingsFor, log);
  const codeActions = new ActivationCodeActions(cache, settingsFor, log);
  const inlayHints = new ActivationInlayHints(cache, settingsFor, log);

  context.subscriptions.push(
    channel,
    diagnostics,
    vscode.languages.registerHoverProvider(DOCUMENT_SELECTOR, new ActivationHover(cache, settingsFor, log)),
    vscode.languages.registerCodeActionsProvider(DOCUMENT_SELECTOR, codeActions, ActivationCodeActions.metadata),
    vscode.languages.registerInlayHintsProvider(DOCUMENT_SELECTOR, inlayHints),
    vscode.commands.registerCommand(FIX_ALL_COMMAND, () =>
      guard(log, 'fixAll', Promise.resolve(), () => codeActions.fixAllInEditor(vscode.window.activeTextEditor)).catch((e: unknown) =>
        log.error('fixAll', e),
      ),
    ),
    vscode.commands.registerCommand(SHOW_LOG_COMMAND, () => log.show()),
    vscode.workspace.onDidChangeConfiguration((e) =>
      guard(log, 'settings', undefined, () => {
        if (!e.affectsConfiguration(SETTINGS_SECTION)) return;
        settingsCache.clear();
        diagnostics.refreshAll();
        inlayHints.refresh();
      }),
    ),
  );

  const start = setTimeout(() => guard(log, 'diagnostics.start', undefined, () => diagnostics.start()), 0);
  context.subscriptions.push({ dispose: () => clearTimeout(start) });
  const useAt = (doc: vscode.TextDocument, offset: number): ActivationUse | undefined =>
    guard(log, 'useAt', undefined, () => (isHandled(doc) ? cache.get(snapshot(doc))?.usesAt(offset)[0] : undefined));
  return { cache, log, useAt };
}
