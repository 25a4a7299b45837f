// The plot panel: one webview, reused, restored after a reload. The extension host samples with the math
// core and sends plain data; the webview (media/panel/main.ts) builds the vega-lite spec and draws it.
// Every message from the webview is validated (src/core/render/plotMessages.ts); a bad one is logged and
// ignored, never thrown.
import * as vscode from 'vscode';
import type { ActivationUse } from '../../core/analysis/types';
import { buildMatplotlibScript } from '../../core/render/matplotlibScript';
import { catalogEntries, computePlotData, PlotSampleCache, withSelections, type PlotCatalog } from '../../core/render/plotCompute';
import type { PlotData } from '../../core/render/plotData';
import { decodeDataUrl, readPanelMessage, type DataMessage, type HostMessage, type InitMessage, type PanelBoot, type PanelMessage, type PanelTimeline } from '../../core/render/plotMessages';
import { DEFAULT_PLOT_STATE, readPlotState, type PlotSelection, type PlotState } from '../../core/render/plotState';
import { formatString, PANEL_STRINGS } from '../../core/render/plotStrings';
import { detachSegmentArrays } from '../../core/render/plotWire';
import { FRAMEWORKS } from '../../core/math/types';
import { makeNonce, panelHtml } from './html';

import { OPEN_PLOT_PANEL, OPEN_PLOT_PANEL_AT_CURSOR, PLOT_VIEW_TYPE } from './ids';

export { OPEN_PLOT_PANEL, OPEN_PLOT_PANEL_AT_CURSOR, PLOT_VIEW_TYPE };

export interface PanelLogger {
  info(message: string): void;
  warn(message: string): void;
  error(where: string, err: unknown): void;
}

export interface PlotPanelOptions {
  readonly catalog: PlotCatalog;
  readonly log: PanelLogger;
  /** The activation use under the cursor (from the editor's analysis cache); see OPEN_PLOT_PANEL_AT_CURSOR. */
  readonly useAt?: (doc: vscode.TextDocument, offset: number) => ActivationUse | undefined;
}

/** Localized panel strings: each English text through vscode.l10n (keyed by the English text). */
export function localizedStrings(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(PANEL_STRINGS)) out[k] = vscode.l10n.t(v);
  return out;
}

/** Where the webview may load from: the bundle folder only (panel.js and the panel.css esbuild emits beside it). */
function mediaRoot(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'dist', 'media');
}

export class PlotPanel {
  private static current: PlotPanel | undefined;
  private state: PlotState;
  private lastData: PlotData | undefined;
  /** The state whose data the current HTML carries (see PanelBoot); newer states are posted on `ready`. */
  private htmlState: PlotState | undefined;
  private ready = false;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly samples = new PlotSampleCache();

  static get active(): PlotPanel | undefined {
    return PlotPanel.current;
  }

  /** Shows the panel (creating it once), optionally switching it to these activations. `marks`: see PanelTimeline. */
  static show(extensionUri: vscode.Uri, options: PlotPanelOptions, selections?: readonly PlotSelection[], marks: PanelTimeline = {}): PlotPanel {
    const existing = PlotPanel.current;
    if (existing) {
      existing.panel.reveal(undefined, false);
      if (selections) existing.select(selections);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(PLOT_VIEW_TYPE, vscode.l10n.t(PANEL_STRINGS.title), { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false }, {
      enableScripts: true,
      localResourceRoots: [mediaRoot(extensionUri)],
    });
    const created = Date.now();
    const state = selections ? withSelections(DEFAULT_PLOT_STATE, selections, options.catalog) : DEFAULT_PLOT_STATE;
    return new PlotPanel(panel, extensionUri, options, state, { ...marks, created });
  }

  /** Restores a panel VS Code kept across a reload, with the state the webview saved. */
  static revive(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, options: PlotPanelOptions, saved: unknown): PlotPanel {
    const { value, problems } = readPlotState(saved);
    if (problems.length > 0) options.log.warn(`plot panel: restored state partly ignored: ${problems.join('; ')}`);
    PlotPanel.current?.panel.dispose();
    return new PlotPanel(panel, extensionUri, options, value);
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly extensionUri: vscode.Uri,
    private readonly options: PlotPanelOptions,
    state: PlotState,
    marks: PanelTimeline = {},
  ) {
    this.state = state;
    PlotPanel.current = this;
    panel.webview.options = { enableScripts: true, localResourceRoots: [mediaRoot(extensionUri)] };
    // The first data goes inside the HTML: sampled here while VS Code is still setting up the webview's
    // frame, and drawn as soon as the script runs, with no request round trip.
    panel.webview.html = this.html(this.boot(marks));
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icon.png');
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((m: unknown) => this.receive(m)),
    );
  }

  get currentState(): PlotState {
    return this.state;
  }

  private initMessage(): InitMessage {
    return { type: 'init', catalog: catalogEntries(this.options.catalog), frameworks: FRAMEWORKS, strings: localizedStrings() };
  }

  /** The messages the HTML carries, or undefined (the webview then asks with `ready`) if sampling failed. */
  private boot(marks: PanelTimeline): PanelBoot | undefined {
    try {
      const data = this.dataMessage();
      this.htmlState = this.state;
      return { init: this.initMessage(), data: { ...data, timeline: { ...marks, computed: Date.now() } } };
    } catch (e) {
      this.options.log.error('plot panel: first data', e);
      return undefined;
    }
  }

  private html(boot: PanelBoot | undefined): string {
    const webview = this.panel.webview;
    const root = mediaRoot(this.extensionUri);
    return panelHtml({
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(root, 'panel.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(root, 'panel.css')).toString(),
      nonce: makeNonce(),
      language: vscode.env.language,
      title: vscode.l10n.t(PANEL_STRINGS.title),
      ...(boot ? { boot } : {}),
    });
  }

  select(selections: readonly PlotSelection[]): void {
    this.update(withSelections(this.state, selections, this.options.catalog));
  }

  /** `received`: when the webview's state change being answered came in (echoed for the e2e's timings). */
  private update(state: PlotState, received?: number): void {
    this.state = state;
    if (this.ready) this.sendData(received);
  }

  private post(message: HostMessage): void {
    void this.panel.webview.postMessage(message).then(undefined, (e: unknown) => this.options.log.error('plot panel: postMessage', e));
  }

  private dataMessage(): DataMessage {
    const t0 = performance.now();
    const { data, problems } = computePlotData(this.state, this.options.catalog, this.samples);
    const sampleMs = performance.now() - t0;
    if (problems.length > 0) this.options.log.warn(`plot panel: ${problems.join('; ')}`);
    this.lastData = data;
    return { type: 'data', state: this.state, data, sampleMs };
  }

  /** Posts the current data, its curves as binary (plotWire.ts); `received`: when the state change it answers came in. */
  private sendData(received?: number): void {
    const message = this.dataMessage();
    const { data, arrays } = detachSegmentArrays(message.data);
    this.post({ ...message, data, arrays, ...(received !== undefined ? { reply: { received, computed: Date.now() } } : {}) });
  }

  private receive(raw: unknown): void {
    try {
      const read = readPanelMessage(raw, this.state);
      if (!read.ok) {
        this.options.log.warn(`plot panel: ignored a message from the webview: ${read.reason}`);
        return;
      }
      void this.handle(read.message).catch((e: unknown) => this.options.log.error(`plot panel: ${read.message.type}`, e));
    } catch (e) {
      this.options.log.error('plot panel: message', e);
    }
  }

  private async handle(m: PanelMessage): Promise<void> {
    switch (m.type) {
      case 'ready': {
        this.ready = true;
        // A webview that drew its HTML's data needs only a newer state's (after a hide and show, the HTML it
        // reloads is the first one); one that did not gets everything.
        if (!m.booted) this.post(this.initMessage());
        if (!m.booted || this.state !== this.htmlState) this.sendData();
        return;
      }
      case 'state': {
        const received = Date.now();
        if (m.problems.length > 0) this.options.log.warn(`plot panel: part of a state update ignored: ${m.problems.join('; ')}`);
        this.update(m.state, received);
        return;
      }
      case 'rendered':
        this.options.log.info(`plot panel: chart drawn in ${m.renderMs.toFixed(1)} ms`);
        return;
      case 'log':
        if (m.level === 'error') this.options.log.error('plot panel webview', m.message);
        else if (m.level === 'warning') this.options.log.warn(`plot panel webview: ${m.message}`);
        else this.options.log.info(`plot panel webview: ${m.message}`);
        return;
      case 'copyMatplotlib': {
        if (!this.lastData) return;
        const script = buildMatplotlibScript(this.lastData, { ...this.state, generator: 'Activation Lens (VS Code)' });
        await vscode.env.clipboard.writeText(script);
        void vscode.window.showInformationMessage(vscode.l10n.t(PANEL_STRINGS.copied));
        return;
      }
      case 'openSpec': {
        const doc = await vscode.workspace.openTextDocument({ language: 'json', content: m.json });
        await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: false });
        return;
      }
      case 'export': {
        const bytes = decodeDataUrl(m.dataUrl);
        if (!bytes) {
          this.options.log.warn('plot panel: export data URL did not decode');
          return;
        }
        const name = `${this.state.selections.map((s) => s.id).join('-') || 'plot'}.${m.format}`;
        const base = vscode.workspace.workspaceFolders?.[0]?.uri;
        const target = await vscode.window.showSaveDialog({
          ...(base ? { defaultUri: vscode.Uri.joinPath(base, name) } : {}),
          filters: m.format === 'png' ? { PNG: ['png'] } : { SVG: ['svg'] },
        });
        if (!target) return;
        await vscode.workspace.fs.writeFile(target, bytes);
        void vscode.window.showInformationMessage(formatString(vscode.l10n.t(PANEL_STRINGS.saved), target.fsPath || target.toString()));
        return;
      }
    }
  }

  dispose(): void {
    if (PlotPanel.current === this) PlotPanel.current = undefined;
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
