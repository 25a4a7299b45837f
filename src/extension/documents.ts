// Which documents we work on, and the bridge from a VS Code TextDocument to the cache's snapshot.
import * as vscode from 'vscode';
import { LANGUAGE_IDS } from '../core/analysis/types';
import type { DocumentSnapshot } from './analysisCache';

const HANDLED = new Set<string>(LANGUAGE_IDS);

export const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('activationLens');
export const FIX_ALL_COMMAND = 'activationLens.fixAllUnstableForms';

/**
 * One `{ language }` filter per handled language and no scheme, so files, untitled documents and
 * Jupyter cells (`vscode-notebook-cell:`) are all covered; every other language costs nothing.
 */
export const DOCUMENT_SELECTOR: vscode.DocumentFilter[] = LANGUAGE_IDS.map((language) => ({ language }));

export function isHandled(doc: vscode.TextDocument): boolean {
  return HANDLED.has(doc.languageId) && doc.uri.scheme !== 'output' && doc.uri.scheme !== 'git';
}

export function snapshot(doc: vscode.TextDocument): DocumentSnapshot {
  const base = { uri: doc.uri.toString(), version: doc.version, languageId: doc.languageId, getText: () => doc.getText() };
  const preceding = precedingCells(doc);
  if (!preceding || preceding.length === 0) return base;
  return {
    ...base,
    context: { key: preceding.map((d) => `${d.uri.toString()}@${d.version}`).join('|'), texts: () => preceding.map((d) => d.getText()) },
  };
}

export const NOTEBOOK_CELL_SCHEME = 'vscode-notebook-cell';

/** The code cells of the same language above a notebook cell, in order; undefined for other documents. */
export function precedingCells(doc: vscode.TextDocument): vscode.TextDocument[] | undefined {
  if (doc.uri.scheme !== NOTEBOOK_CELL_SCHEME) return undefined;
  const cells = cellsOfNotebookOf(doc);
  if (!cells) return undefined;
  const at = cells.findIndex((c) => c === doc);
  return cells.slice(0, Math.max(0, at));
}

/** The code cells (same language) after a notebook cell: they see its imports, so they need a fresh analysis when it changes. */
export function followingCells(doc: vscode.TextDocument): vscode.TextDocument[] {
  if (doc.uri.scheme !== NOTEBOOK_CELL_SCHEME) return [];
  const cells = cellsOfNotebookOf(doc);
  if (!cells) return [];
  return cells.slice(cells.findIndex((c) => c === doc) + 1);
}

function cellsOfNotebookOf(doc: vscode.TextDocument): vscode.TextDocument[] | undefined {
  const key = doc.uri.toString();
  for (const notebook of vscode.workspace.notebookDocuments) {
    const cells = notebook.getCells();
    if (!cells.some((c) => c.document.uri.toString() === key)) continue;
    return cells
      .filter((c) => c.kind === vscode.NotebookCellKind.Code && c.document.languageId === doc.languageId)
      .map((c) => (c.document.uri.toString() === key ? doc : c.document));
  }
  return undefined;
}

export function toRange(doc: vscode.TextDocument, span: { readonly start: number; readonly end: number }): vscode.Range {
  return new vscode.Range(doc.positionAt(span.start), doc.positionAt(span.end));
}
