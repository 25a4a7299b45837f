// Registers the editor features (hover, diagnostics, code actions, inlay hints, commands) with VS Code.
// Activation stays cheap: the providers registered here are shims, and the features with the core behind
// them (features.ts) are loaded by a dynamic import on the next tick, or on the first request if that
// comes sooner. A failure to load is logged, and every shim then answers "nothing here".
import * as vscode from 'vscode';
import type { ActivationUse } from '../core/analysis/types';
import { DOCUMENT_SELECTOR, FIX_ALL_COMMAND, FIX_ALL_KIND, isHandled, snapshot } from './documents';
import type { Features } from './features';
import { createLogger, guard, type Logger } from './log';
import { readSettings, SETTINGS_SECTION, type EditorSettings } from './settings';

export const SHOW_LOG_COMMAND = 'activationLens.showLog';

/** What the other features (the plot panel) reuse: the shared log and the analysis cache's lookup. */
export interface EditorFeatures {
  readonly log: Logger;
  /** The activation use under an offset of a document (innermost first); undefined until the core has loaded. */
  readonly useAt: (doc: vscode.TextDocument, offset: number) => ActivationUse | undefined;
  /** Resolves once the core is loaded and the providers are live (undefined if loading failed). */
  readonly ready: () => Promise<Features | undefined>;
}

export function registerEditorFeatures(context: vscode.ExtensionContext): EditorFeatures {
  const channel = vscode.window.createOutputChannel('Activation Lens', { log: true });
  const log = createLogger(channel);

  // Settings are read once per change, per folder and language (both may override them).
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

  let loaded: Features | undefined;
  let loading: Promise<Features | undefined> | undefined;
  const load = (): Promise<Features | undefined> =>
    (loading ??= import('./lazy')
      .then((m) => {
        const t0 = Date.now();
        loaded = m.createFeatures(settingsFor, log);
        context.subscriptions.push(loaded);
        loaded.diagnostics.start();
        inlayHintsChanged.fire();
        log.info(`editor features ready (${Date.now() - t0} ms to start)`);
        return loaded;
      })
      .catch((e: unknown) => {
        log.error('loading the editor features', e);
        return undefined;
      }));

  const inlayHintsChanged = new vscode.EventEmitter<void>();
  context.subscriptions.push(
    channel,
    inlayHintsChanged,
    vscode.languages.registerHoverProvider(DOCUMENT_SELECTOR, {
      provideHover: async (doc, position) => (await load())?.hover.provideHover(doc, position),
    }),
    vscode.languages.registerCodeActionsProvider(
      DOCUMENT_SELECTOR,
      {
        provideCodeActions: async (doc, range, ctx) => (await load())?.codeActions.provideCodeActions(doc, range, ctx) ?? [],
      },
      { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, FIX_ALL_KIND] },
    ),
    vscode.languages.registerInlayHintsProvider(DOCUMENT_SELECTOR, {
      onDidChangeInlayHints: inlayHintsChanged.event,
      provideInlayHints: async (doc, range) => (await load())?.inlayHints.provideInlayHints(doc, range) ?? [],
    }),
    vscode.commands.registerCommand(FIX_ALL_COMMAND, async () => {
      try {
        await (await load())?.codeActions.fixAllInEditor(vscode.window.activeTextEditor);
      } catch (e) {
        log.error('fixAll', e);
      }
    }),
    vscode.commands.registerCommand(SHOW_LOG_COMMAND, () => log.show()),
    vscode.workspace.onDidChangeConfiguration((e) =>
      guard(log, 'settings', undefined, () => {
        if (!e.affectsConfiguration(SETTINGS_SECTION)) return;
        settingsCache.clear();
        loaded?.diagnostics.refreshAll();
        inlayHintsChanged.fire();
      }),
    ),
  );

  const start = setTimeout(() => void load(), 0);
  context.subscriptions.push({ dispose: () => clearTimeout(start) });

  const useAt = (doc: vscode.TextDocument, offset: number): ActivationUse | undefined =>
    guard(log, 'useAt', undefined, () => (loaded && isHandled(doc) ? loaded.cache.get(snapshot(doc))?.usesAt(offset)[0] : undefined));
  return { log, useAt, ready: load };
}
