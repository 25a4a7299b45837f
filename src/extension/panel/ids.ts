// The plot panel's command ids and view type: all that activation needs to know of the panel, kept apart
// from the panel itself so registering the commands loads none of the core.
export const PLOT_VIEW_TYPE = 'activationLens.plot';
export const OPEN_PLOT_PANEL = 'activationLens.openPlotPanel';
export const OPEN_PLOT_PANEL_AT_CURSOR = 'activationLens.openPlotPanelAtCursor';
