// The VS Code adapter's entry, shared by the Node bundle (dist/extension.js) and the web bundle
// (dist/web/extension.js). It only wires providers to the core; no analysis or math happens here.
import type * as vscode from 'vscode';
import { registerEditorFeatures } from './editorFeatures';
import { registerPlotPanel } from './panel/register';

export function activate(context: vscode.ExtensionContext): void {
  // `editor.log` and `editor.useAt` (the cached analysis's use at an offset) are there for the plot panel.
  const editor = registerEditorFeatures(context);
  editor.log.info('editor features registered');
  registerPlotPanel(context, { log: editor.log, useAt: editor.useAt });
}

export function deactivate(): void {}
