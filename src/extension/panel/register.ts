// Wires the plot panel into VS Code at activation: its two commands and the serializer that brings the panel
// back after a window reload. Only ids are imported here; the panel, the core behind it and the catalog are
// loaded on the first command or restore (commands.ts), so activation stays cheap for people who never plot.
import * as vscode from 'vscode';
import type { ActivationUse } from '../../core/analysis/types';
import type { PlotCatalog } from '../../core/render/plotCompute';
import type { PanelCommands } from './commands';
import type { PanelTimeline } from '../../core/render/plotMessages';
import { OPEN_PLOT_PANEL, OPEN_PLOT_PANEL_AT_CURSOR, PLOT_VIEW_TYPE } from './ids';
import type { PanelLogger } from './plotPanel';

export interface RegisterPlotPanelOptions {
  /** The editor's logger; without one the panel logs to its own output channel. */
  readonly log?: { info(message: string): void; error(where: string, err: unknown): void };
  /** The use under the cursor from the editor's analysis cache; without it the hover is asked (same link). */
  readonly useAt?: (doc: vscode.TextDocument, offset: number) => ActivationUse | undefined;
  readonly catalog?: PlotCatalog;
}

function panelLogger(context: vscode.ExtensionContext, given: RegisterPlotPanelOptions['log']): PanelLogger {
  if (given) return { info: (m) => given.info(m), warn: (m) => given.info(`warning: ${m}`), error: (w, e) => given.error(w, e) };
  const channel = vscode.window.createOutputChannel('Activation Lens: Plot', { log: true });
  context.subscriptions.push(channel);
  return {
    info: (m) => channel.info(m),
    warn: (m) => channel.warn(m),
    error: (w, e) => channel.error(`${w}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`),
  };
}

export function registerPlotPanel(context: vscode.ExtensionContext, options: RegisterPlotPanelOptions = {}): void {
  const log = panelLogger(context, options.log);
  let loaded: PanelCommands | undefined;
  let loading: Promise<PanelCommands> | undefined;
  const load = (): Promise<PanelCommands> =>
    (loading ??= import('../lazy').then((m) => {
      loaded = m.createPanelCommands(context.extensionUri, {
        log,
        ...(options.useAt ? { useAt: options.useAt } : {}),
        ...(options.catalog ? { catalog: options.catalog } : {}),
      });
      return loaded;
    }));
  // Errors are logged and answered with undefined: nothing we do may throw into the extension host.
  // The marks time the panel's opening (PanelTimeline): from here, through loading its code, to the chart.
  const guarded = (name: string, fn: (commands: PanelCommands, marks: PanelTimeline, ...args: unknown[]) => Promise<unknown>) =>
    vscode.commands.registerCommand(name, async (...args: unknown[]) => {
      try {
        const invoked = Date.now();
        const commands = await load();
        return await fn(commands, { invoked, loaded: Date.now() }, ...args);
      } catch (e) {
        log.error(name, e);
        return undefined;
      }
    });

  context.subscriptions.push(
    guarded(OPEN_PLOT_PANEL, (commands, marks, arg) => commands.open(arg, marks)),
    guarded(OPEN_PLOT_PANEL_AT_CURSOR, (commands, marks) => commands.openAtCursor(marks)),
    vscode.window.registerWebviewPanelSerializer(PLOT_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state: unknown) => {
        try {
          (await load()).revive(panel, state);
        } catch (e) {
          log.error('plot panel: restore', e);
        }
      },
    }),
    { dispose: () => loaded?.disposeActive() },
  );
}
