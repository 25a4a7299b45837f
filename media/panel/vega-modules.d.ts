// vega's internal packages, which media/panel/vega.ts re-exports, ship no typings of their own;
// vega-lite's typings describe the `vega` module the panel code sees.
declare module 'vega-dataflow';
declare module 'vega-encode';
declare module 'vega-format';
declare module 'vega-functions';
declare module 'vega-loader';
declare module 'vega-parser';
declare module 'vega-runtime';
declare module 'vega-scale';
declare module 'vega-scenegraph';
declare module 'vega-statistics';
declare module 'vega-time';
declare module 'vega-transforms';
declare module 'vega-view';
declare module 'vega-view-transforms';
