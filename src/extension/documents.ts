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
  return { uri: doc.uri.toString(), version: doc.version, languageId: doc.languageId, getText: () => doc.getText() };
}

export function toRange(doc: vscode.TextDocument, span: { readonly start: number; readonly end: number }): vscode.Range {
  return new vscode.Range(doc.positionAt(span.start), doc.positionAt(span.end));
}
