// The hover on an activation use or an unstable form: markdown and the graph come from the core
// (render/hoverContent.ts); this adapter finds what is under the cursor, picks the theme, and marks the
// markdown trusted for exactly one command, the plot panel.
import * as vscode from 'vscode';
import { buildHoverContent, OPEN_PLOT_PANEL_COMMAND, type HoverRequest } from '../core/render/hoverContent';
import type { ThemeKind } from '../core/render/hoverSvg';
import type { AnalysisCache } from './analysisCache';
import { isHandled, snapshot, toRange } from './documents';
import { HoverMemo } from './hoverMemo';
import { guard, type Logger } from './log';
import type { EditorSettings } from './settings';

export function themeKindOf(kind: vscode.ColorThemeKind): ThemeKind {
  switch (kind) {
    case vscode.ColorThemeKind.Light:
      return 'light';
    case vscode.ColorThemeKind.HighContrast:
      return 'highContrast';
    case vscode.ColorThemeKind.HighContrastLight:
      return 'highContrastLight';
    default:
      return 'dark';
  }
}

/** vscode.l10n.t with the core's `t(message, ...args)` shape. */
export const translate = (message: string, ...args: Array<string | number | boolean>): string => vscode.l10n.t(message, ...args);

export class ActivationHover implements vscode.HoverProvider {
  private readonly memo = new HoverMemo((request) => buildHoverContent(request)?.markdown);

  constructor(
    private readonly cache: AnalysisCache,
    private readonly settingsFor: (doc: vscode.TextDocument) => EditorSettings,
    private readonly log: Logger,
  ) {}

  provideHover(doc: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    return guard(this.log, 'hover', undefined, () => {
      if (!isHandled(doc)) return undefined;
      const settings = this.settingsFor(doc);
      if (!settings.hoverEnabled) return undefined;
      const analysis = this.cache.get(snapshot(doc));
      if (!analysis) return undefined;
      const offset = doc.offsetAt(position);
      const use = analysis.usesAt(offset)[0];
      const finding = analysis.findingsAt(offset)[0];
      if (!use && !finding) return undefined;
      const request: HoverRequest = {
        use,
        finding,
        theme: themeKindOf(vscode.window.activeColorTheme.kind),
        defaultFramework: settings.defaultFramework,
        thresholdDtype: settings.thresholdDtype,
        plotHalfWidth: settings.plotHalfWidth,
        t: translate,
      };
      const content = this.memo.get(request);
      if (content === undefined) return undefined;
      const markdown = new vscode.MarkdownString(content);
      markdown.isTrusted = { enabledCommands: [OPEN_PLOT_PANEL_COMMAND] };
      markdown.supportHtml = false;
      const span = use && (!finding || use.span.end - use.span.start <= finding.span.end - finding.span.start) ? use.span : finding!.span;
      return new vscode.Hover(markdown, toRange(doc, span));
    });
  }
}
