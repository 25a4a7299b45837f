// Inline values after calls with a numeric literal argument (`sigmoid(2.0)  ≈ 0.8808`), and for an
// unstable form applied to a literal the value its naive formula gives next to the true one.
import * as vscode from 'vscode';
import { inlineValueForFinding, inlineValueForUse } from '../core/render/hoverValues';
import { translate } from './hover';
import type { AnalysisCache } from './analysisCache';
import { callEndOffset } from './callEnd';
import { isHandled, snapshot } from './documents';
import { guard, type Logger } from './log';
import type { EditorSettings } from './settings';

export class ActivationInlayHints implements vscode.InlayHintsProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeInlayHints = this.changed.event;

  constructor(
    private readonly cache: AnalysisCache,
    private readonly settingsFor: (doc: vscode.TextDocument) => EditorSettings,
    private readonly log: Logger,
  ) {}

  /** Settings changed: VS Code asks again. */
  refresh(): void {
    this.changed.fire();
  }

  provideInlayHints(doc: vscode.TextDocument, range: vscode.Range): vscode.InlayHint[] {
    return guard(this.log, 'inlayHints', [], () => {
      if (!isHandled(doc)) return [];
      const settings = this.settingsFor(doc);
      if (!settings.inlayHintsEnabled) return [];
      const analysis = this.cache.get(snapshot(doc));
      if (!analysis) return [];
      const from = doc.offsetAt(range.start);
      const to = doc.offsetAt(range.end);
      const text = doc.getText();
      const hints: vscode.InlayHint[] = [];
      const placed = new Set<number>();

      // Unstable forms first: their hint carries both values, and a use inside the same form should not repeat it.
      for (const finding of analysis.findingsByStart) {
        if (finding.literalArgument === undefined || finding.span.end < from || finding.span.start > to) continue;
        const label = inlineValueForFinding(finding, settings.thresholdDtype, translate);
        if (!label) continue;
        placed.add(finding.span.end);
        hints.push(hint(doc, finding.span.end, label.text, label.tooltip));
      }
      for (const use of analysis.usesByStart) {
        if (use.span.start > to) break;
        if (use.kind !== 'call' || use.literalArgument === undefined || use.span.end < from) continue;
        const at = callEndOffset(text, use.span.end) ?? use.span.end;
        if (placed.has(at)) continue;
        const label = inlineValueForUse(use, settings.defaultFramework, translate);
        if (!label) continue;
        placed.add(at);
        hints.push(hint(doc, at, label.text, label.tooltip));
      }
      return hints;
    });
  }
}

function hint(doc: vscode.TextDocument, offset: number, text: string, tooltip: string): vscode.InlayHint {
  const h = new vscode.InlayHint(doc.positionAt(offset), text);
  h.paddingLeft = true;
  h.tooltip = tooltip;
  return h;
}
