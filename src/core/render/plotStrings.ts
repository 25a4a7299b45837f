// The plot panel's user-facing strings in English. The extension host passes each through vscode.l10n.t
// (keyed by the English text, as l10n/bundle.l10n.*.json are) and sends the result to the webview, which
// has no access to vscode.l10n. {0}-style placeholders are filled in by the webview.
export const PANEL_STRINGS = {
  title: 'Activation Lens: Plot',
  activations: 'Activations',
  add: 'Add',
  remove: 'Remove',
  xRange: 'x range',
  yRange: 'y range',
  auto: 'auto',
  fixed: 'fixed',
  framework: 'Framework defaults',
  dtype: 'Precision',
  curves: 'Curves',
  vanishingThreshold: "Shade where |f'| <",
  shadeVanishing: 'Shade vanishing gradient',
  shadeOverflow: 'Shade where the naive form overflows',
  parameters: 'Parameters',
  properties: 'Properties',
  range: 'Range',
  maxSlope: 'Max slope',
  where: 'at',
  zeroCentred: 'Zero-centred',
  monotonic: 'Monotonic',
  smooth: 'Smooth',
  yes: 'yes',
  no: 'no',
  exportPng: 'Export PNG',
  exportSvg: 'Export SVG',
  openSpec: 'Open vega-lite spec',
  copyMatplotlib: 'Copy matplotlib script',
  vanishing: 'vanishing gradient',
  overflow: 'naive form overflows',
  activation: 'activation',
  curve: 'curve',
  copied: 'Copied the matplotlib script to the clipboard.',
  saved: 'Saved {0}.',
  noSelection: 'Choose at least one activation.',
  renderFailed: 'The chart could not be drawn: {0}',
  timing: 'sampled in {0} ms, drawn in {1} ms',
  choose: 'Choose activations to plot (search by name or alias: logistic, expit, swish)',
  noUseAtCursor: 'No activation function at the cursor.',
  invalidArgument: 'Activation Lens: the plot panel could not read its argument ({0}); see the log.',
} as const;

export type PanelStringKey = keyof typeof PANEL_STRINGS;

/** Fills {0}, {1}, ... in a localized string. */
export function formatString(template: string, ...args: readonly (string | number)[]): string {
  return template.replace(/\{(\d+)\}/g, (m, i: string) => (Number(i) < args.length ? String(args[Number(i)]) : m));
}
