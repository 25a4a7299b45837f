// Shared helpers for the extension-host tests (see test/integration/README.md).
// The workspace the tests run in is a fresh copy of test/integration/workspace/, so tests may edit and
// save its files freely.
import * as vscode from 'vscode';

export const EXTENSION_ID = 'activation-lens.activation-lens';

/** The workspace folder the suite runs in (a copy of test/integration/workspace/). */
export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the integration tests need a workspace folder; the runner opens a copy of test/integration/workspace/');
  return folder.uri;
}

/** URI of a file in the test workspace, by its path relative to the workspace root. */
export function fixtureUri(relativePath: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), ...relativePath.split('/'));
}

/** Opens a workspace file in an editor and returns the editor. */
export async function openFixture(relativePath: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(fixtureUri(relativePath));
  return vscode.window.showTextDocument(doc);
}

/** Opens a new untitled document with the given text and language, in an editor. */
export async function openUntitled(language: string, content: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument({ language, content });
  return vscode.window.showTextDocument(doc);
}

/** Opens a workspace .ipynb as a notebook editor and returns the notebook. */
export async function openNotebookFixture(relativePath: string): Promise<vscode.NotebookDocument> {
  const notebook = await vscode.workspace.openNotebookDocument(fixtureUri(relativePath));
  await vscode.window.showNotebookDocument(notebook);
  return notebook;
}

/** The extension under test; fails the test when it is not installed. */
export function extension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not installed in this VS Code`);
  return ext;
}

/**
 * Polls `probe` until it returns a value other than undefined/false, or fails after `timeoutMs` with
 * `what` in the message. For results that arrive asynchronously (diagnostics after an edit, activation).
 */
export async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined && v !== false) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Diagnostics the extension reported for a document (source `Activation Lens`), waiting until there are `atLeast`. */
export function ourDiagnostics(uri: vscode.Uri, atLeast = 1, timeoutMs = 10_000): Promise<vscode.Diagnostic[]> {
  return waitFor(`${atLeast} Activation Lens diagnostic(s) on ${uri.toString()}`, () => {
    const ds = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Activation Lens');
    return ds.length >= atLeast ? ds : undefined;
  }, timeoutMs);
}

/** Position of the first occurrence of `text` in a document (optionally `offsetInText` characters into it). */
export function positionOf(doc: vscode.TextDocument, text: string, offsetInText = 0): vscode.Position {
  const at = doc.getText().indexOf(text);
  if (at < 0) throw new Error(`"${text}" does not occur in ${doc.uri.toString()}`);
  return doc.positionAt(at + offsetInText);
}

/** The plain text of every hover the providers return at a position (markdown strings joined). */
export async function hoverTextAt(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position)) ?? [];
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
    .join('\n');
}
