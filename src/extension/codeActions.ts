// Quick fixes from the engine's fixes (first one preferred), a suppression comment per rule and line,
// "Fix all unstable forms in this file", and `source.fixAll.activationLens` for editor.codeActionsOnSave.
import * as vscode from 'vscode';
import { suppressionEdit } from '../core/analysis/index';
import type { Finding, TextEdit } from '../core/analysis/types';
import type { AnalysisCache } from './analysisCache';
import { DIAGNOSTIC_SOURCE, visibleFindings } from './diagnostics';
import { FIX_ALL_KIND, isHandled, snapshot, toRange } from './documents';
import { commentPrefixFor } from './engine';
import { combineFirstFixes } from './fixAll';
import { guard, type Logger } from './log';
import type { EditorSettings } from './settings';

export class ActivationCodeActions implements vscode.CodeActionProvider {
  constructor(
    private readonly cache: AnalysisCache,
    private readonly settingsFor: (doc: vscode.TextDocument) => EditorSettings,
    private readonly log: Logger,
  ) {}

  provideCodeActions(
    doc: vscode.TextDocument,
    range: vscode.Range | vscode.Selection,
    context: vscode.CodeActionContext,
  ): vscode.CodeAction[] {
    return guard(this.log, 'codeActions', [], () => {
      if (!isHandled(doc)) return [];
      const analysis = this.cache.get(snapshot(doc));
      if (!analysis) return [];
      const settings = this.settingsFor(doc);
      const visible = visibleFindings(analysis.result.findings, settings);
      const only = context.only;
      const actions: vscode.CodeAction[] = [];

      if (only && (only.contains(FIX_ALL_KIND) || FIX_ALL_KIND.contains(only))) {
        const all = this.fixAllAction(doc, visible, FIX_ALL_KIND);
        return all ? [all] : [];
      }
      if (only && !only.contains(vscode.CodeActionKind.QuickFix) && !vscode.CodeActionKind.QuickFix.contains(only)) return [];

      const start = doc.offsetAt(range.start);
      const end = doc.offsetAt(range.end);
      const here = new Set(analysis.findingsOverlapping(start, end));
      const diagnostics = context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE);
      for (const finding of visible) {
        if (!here.has(finding)) continue;
        const diagnostic = diagnostics.find((d) => codeValue(d) === finding.rule && d.range.isEqual(toRange(doc, finding.span)));
        finding.fixes.forEach((fix, i) => {
          const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
          action.edit = workspaceEdit(doc, fix.edits);
          action.isPreferred = i === 0;
          if (diagnostic) action.diagnostics = [diagnostic];
          actions.push(action);
        });
        const suppress = this.suppressAction(doc, finding);
        if (suppress) {
          if (diagnostic) suppress.diagnostics = [diagnostic];
          actions.push(suppress);
        }
      }
      if (actions.length > 0 && visible.filter((f) => f.fixes.length > 0).length > 1) {
        const all = this.fixAllAction(doc, visible, vscode.CodeActionKind.QuickFix);
        if (all) actions.push(all);
      }
      return actions;
    });
  }

  private suppressAction(doc: vscode.TextDocument, finding: Finding): vscode.CodeAction | undefined {
    const edit = suppressionEdit(doc.getText(), finding, commentPrefixFor(doc.languageId));
    // An empty insertion means the line already silences every rule.
    if (edit.newText === '' && edit.span.start === edit.span.end) return undefined;
    const action = new vscode.CodeAction(
      vscode.l10n.t('Suppress {0} on this line', finding.rule),
      vscode.CodeActionKind.QuickFix,
    );
    action.edit = workspaceEdit(doc, [edit]);
    return action;
  }

  private fixAllAction(doc: vscode.TextDocument, findings: readonly Finding[], kind: vscode.CodeActionKind): vscode.CodeAction | undefined {
    const combined = combineFirstFixes(findings);
    if (combined.edits.length === 0) return undefined;
    const action = new vscode.CodeAction(vscode.l10n.t('Fix all unstable forms in this file'), kind);
    action.edit = workspaceEdit(doc, combined.edits);
    return action;
  }

  /** The command palette's "Fix All Unstable Forms in This File" on the active editor. */
  async fixAllInEditor(editor: vscode.TextEditor | undefined): Promise<void> {
    if (!editor || !isHandled(editor.document)) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Open a file in a supported language to fix its unstable forms.'));
      return;
    }
    const doc = editor.document;
    const analysis = this.cache.get(snapshot(doc));
    const visible = analysis ? visibleFindings(analysis.result.findings, this.settingsFor(doc)) : [];
    const combined = combineFirstFixes(visible);
    if (combined.edits.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('No unstable forms with a fix in this file.'));
      return;
    }
    const applied = await vscode.workspace.applyEdit(workspaceEdit(doc, combined.edits));
    if (applied) {
      void vscode.window.setStatusBarMessage(vscode.l10n.t('Activation Lens: fixed {0} unstable form(s).', combined.fixed.length), 4000);
    }
  }
}

function workspaceEdit(doc: vscode.TextDocument, edits: readonly TextEdit[]): vscode.WorkspaceEdit {
  const we = new vscode.WorkspaceEdit();
  for (const e of edits) we.replace(doc.uri, toRange(doc, e.span), e.newText);
  return we;
}

function codeValue(d: vscode.Diagnostic): string | undefined {
  const code = d.code;
  if (code === undefined) return undefined;
  return typeof code === 'object' ? String(code.value) : String(code);
}
