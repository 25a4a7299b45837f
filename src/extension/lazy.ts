// Everything the extension loads after activation: the editor features and the plot panel's commands, with
// the core behind them. The Node build emits this as its own file (dist/lazy.js) that dist/extension.js requires
// on first use, so activation parses only the shims; the web build inlines it (one file, loaded the same lazy way).
export { createFeatures } from './features';
export { createPanelCommands } from './panel/commands';
