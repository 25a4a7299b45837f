// The plot panel's commands and restore, loaded on first use by register.ts: the palette command (with a
// multi-select quick pick of the catalog), the hover link's command argument, the editor context-menu entry
// on a detected activation, and reviving the panel after a window reload.
import * as vscode from 'vscode';
import type { ActivationUse } from '../../core/analysis/types';
import type { PlotCatalog } from '../../core/render/plotCompute';
import type { PanelTimeline } from '../../core/render/plotMessages';
import { readOpenArgument, type PlotSelection } from '../../core/render/plotState';
import { formatString, PANEL_STRINGS } from '../../core/render/plotStrings';
import { mathCorePlotCatalog } from '../../core/render/plotOverflow';
import { commandArgumentIn, selectionOfUse } from './links';
import { OPEN_PLOT_PANEL, PlotPanel, type PanelLogger, type PlotPanelOptions } from './plotPanel';

export interface PanelCommandOptions {
  readonly log: PanelLogger;
  /** The use under the cursor from the editor's analysis cache; without it the hover is asked (same link). */
  readonly useAt?: (doc: vscode.TextDocument, offset: number) => ActivationUse | undefined;
  readonly catalog?: PlotCatalog;
}

/** `marks` (epoch ms, see PanelTimeline): when the command ran and when this module was loaded for it. */
export interface PanelCommands {
  open(arg: unknown, marks?: PanelTimeline): Promise<unknown>;
  openAtCursor(marks?: PanelTimeline): Promise<unknown>;
  revive(panel: vscode.WebviewPanel, state: unknown): void;
  disposeActive(): void;
}

export function createPanelCommands(extensionUri: vscode.Uri, options: PanelCommandOptions): PanelCommands {
  const { log } = options;
  const panelOptions: PlotPanelOptions = { catalog: options.catalog ?? mathCorePlotCatalog(), log, ...(options.useAt ? { useAt: options.useAt } : {}) };
  return {
    async open(arg, marks = {}) {
      const { value, problems } = readOpenArgument(arg);
      if (problems.length > 0) {
        log.warn(`${OPEN_PLOT_PANEL}: ${problems.join('; ')}`);
        if (!value) void vscode.window.showWarningMessage(formatString(vscode.l10n.t(PANEL_STRINGS.invalidArgument), problems[0] ?? ''));
      }
      if (value) return PlotPanel.show(extensionUri, panelOptions, value, marks).currentState;
      if (arg !== undefined && problems.length > 0) return undefined;
      const picked = await pickActivations(panelOptions.catalog);
      if (!picked || picked.length === 0) return undefined;
      return PlotPanel.show(extensionUri, panelOptions, picked, { ...marks, picked: Date.now() }).currentState;
    },
    async openAtCursor(marks = {}) {
      const editor = vscode.window.activeTextEditor;
      if (!editor) return undefined;
      const selection = await selectionAtCursor(editor, panelOptions);
      if (!selection) {
        void vscode.window.showInformationMessage(vscode.l10n.t(PANEL_STRINGS.noUseAtCursor));
        return undefined;
      }
      return PlotPanel.show(extensionUri, panelOptions, [selection], marks).currentState;
    },
    revive(panel, state) {
      PlotPanel.revive(panel, extensionUri, panelOptions, state);
    },
    disposeActive() {
      PlotPanel.active?.panel.dispose();
    },
  };
}

/** A multi-select pick of the catalog; aliases are in the description so "logistic" finds sigmoid. */
async function pickActivations(catalog: PlotCatalog): Promise<PlotSelection[] | undefined> {
  const current = new Set(PlotPanel.active?.currentState.selections.map((s) => s.id) ?? []);
  const items = catalog.activations.map((a) => ({
    label: a.id,
    description: [a.displayName !== a.id ? a.displayName : '', ...a.aliases].filter(Boolean).join(', '),
    detail: a.formula.text,
    picked: current.has(a.id),
    id: a.id,
  }));
  const picked = await vscode.window.showQuickPick(items, {
    canPickMany: true,
    matchOnDescription: true,
    matchOnDetail: false,
    placeHolder: vscode.l10n.t(PANEL_STRINGS.choose),
    title: vscode.l10n.t(PANEL_STRINGS.title),
  });
  return picked?.map((p) => ({ id: p.id, params: {} }));
}

/**
 * The activation under the cursor: from the analysis cache when the editor passed one in, otherwise
 * from our own hover's "Open in plot panel" link, which carries exactly the call's id, params and framework.
 */
async function selectionAtCursor(editor: vscode.TextEditor, options: PlotPanelOptions): Promise<PlotSelection | undefined> {
  const doc = editor.document;
  const position = editor.selection.active;
  if (options.useAt) {
    const use = options.useAt(doc, doc.offsetAt(position));
    return use ? selectionOfUse(use) : undefined;
  }
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, position);
  for (const hover of hovers ?? []) {
    for (const content of hover.contents) {
      const text = typeof content === 'string' ? content : 'value' in content ? content.value : '';
      const arg = commandArgumentIn(text, OPEN_PLOT_PANEL);
      if (arg === undefined) continue;
      const { value } = readOpenArgument(arg);
      if (value?.[0]) return value[0];
    }
  }
  return undefined;
}
