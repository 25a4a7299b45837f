// The VS Code adapter's entry, shared by the Node bundle (dist/extension.js) and the web bundle
// (dist/web/extension.js). It only wires providers to the core; no analysis or math happens here.
import type * as vscode from 'vscode';

export function activate(_context: vscode.ExtensionContext): void {}

export function deactivate(): void {}
