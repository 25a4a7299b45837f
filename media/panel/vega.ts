// The `vega` module as the panel's bundle sees it (esbuild aliases 'vega' here, for vega-lite
// too): vega's own index minus the transforms no panel chart uses. vega registers every transform it has
// (geo, force, hierarchy, label, regression, voronoi, wordcloud, crossfilter); our specs compile to data
// values, formula/filter/extent/aggregate/identifier and the mark, scale, axis and legend transforms, all
// in vega-transforms, vega-view-transforms and vega-encode. Leaving the rest out makes the script the
// webview must fetch, parse and run before the first chart about 100 KB smaller. Kept in step with
// node_modules/vega/build/vega.module.js; the e2e check draws every layer the spec builder makes.
import { extend } from 'vega-util';
import { transforms } from 'vega-dataflow';
import * as tx from 'vega-transforms';
import * as vtx from 'vega-view-transforms';
import * as encode from 'vega-encode';

export * from 'vega-util';
export { Dataflow, EventStream, MultiPulse, Operator, Parameters, Pulse, Transform, changeset, definition, ingest, isTuple, transform, transforms, tupleid } from 'vega-dataflow';
export * from 'vega-statistics';
export * from 'vega-time';
export * from 'vega-loader';
export * from 'vega-scenegraph';
export { interpolate, interpolateColors, interpolateRange, quantizeInterpolator, scale, scheme } from 'vega-scale';
export { View } from 'vega-view';
export { defaultLocale, numberFormatDefaultLocale as formatLocale, locale, resetDefaultLocale, timeFormatDefaultLocale as timeFormatLocale } from 'vega-format';
export { expressionFunction } from 'vega-functions';
export { parse } from 'vega-parser';
export { context as runtimeContext } from 'vega-runtime';
export { codegenExpression, parseExpression } from 'vega-expression';
export { parseSelector } from 'vega-event-selector';

/** vega's version (part of vega's own exports), read from its package.json by esbuild.config.mjs. */
declare const __VEGA_VERSION__: string;
export const version: string = __VEGA_VERSION__;

extend(transforms, tx, vtx, encode);
