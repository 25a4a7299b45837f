import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText } from '../../../src/core/analysis/index';
import type { ActivationUse, Finding } from '../../../src/core/analysis/types';
import { frameworkDefaults, getActivation } from '../../../src/core/math/catalog';
import { thresholds } from '../../../src/core/math/thresholds';
import { buildHoverContent, tellingPoints, type HoverRequest } from '../../../src/core/render/hoverContent';
import { formatFull, formatNumber, untranslated } from '../../../src/core/render/hoverValues';

const SOURCE = `import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
p = torch.sigmoid(torch.tensor(2.0))
q = F.leaky_relu(x)
m = nn.LeakyReLU(0.3)
r = F.relu(x)

def f(z):
    return 1 / (1 + np.exp(-z))
`;
const analysis = analyzeText(SOURCE, 'python')!;
function useNamed(name: string): ActivationUse {
  const u = analysis.uses.find((x) => x.name === name);
  assert.ok(u, `the engine reports ${name}; it reported ${analysis.uses.map((x) => x.name).join(', ')}`);
  return u;
}
const base: Omit<HoverRequest, 'use' | 'finding'> = { theme: 'dark', defaultFramework: 'torch', thresholdDtype: 'float64', plotHalfWidth: 0 };

function svgOf(markdown: string): string {
  const m = /!\[[^\]]*\]\(data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)\|width=(\d+),height=(\d+)\)/.exec(markdown);
  assert.ok(m, 'markdown image with a base64 SVG data URI and a fixed size');
  return Buffer.from(m[1]!, 'base64').toString('utf8');
}

describe('hover content', () => {
  it('torch.sigmoid(torch.tensor(2.0)): values at the literal from the core, the graph with a dot, the facts', () => {
    const use = useNamed('torch.sigmoid');
    assert.equal(use.literalArgument, 2);
    const { markdown, panelArgs } = buildHoverContent({ ...base, use })!;
    const sigmoid = getActivation('sigmoid');
    assert.match(markdown, /\*\*`torch\.sigmoid`\*\*/);
    assert.ok(markdown.includes(sigmoid.formula.text));
    assert.ok(markdown.includes(`f(2) = ${formatFull(sigmoid.value(2))} · f′(2) = ${formatFull(sigmoid.derivative(2))} · f″(2) = ${formatFull(sigmoid.secondDerivative(2))}`));
    assert.ok(markdown.indexOf('f′(2)') < markdown.indexOf('data:image/svg+xml'), 'the values at the literal come before the graph');
    const props = sigmoid.properties();
    assert.ok(markdown.includes(`Max slope ${formatNumber(props.maxSlope.value)} at x = 0`));
    assert.match(markdown, /Max slope 0\.25 at x = 0[^\n]*vanishing gradients/);
    assert.match(markdown, /Outputs centred on 0\.5, not 0/);
    const svg = svgOf(markdown);
    assert.ok(svg.length <= 8192);
    assert.match(svg, /<circle id="literal"/);
    assert.ok(markdown.length < 100_000);
    assert.deepEqual(panelArgs, { activations: [{ id: 'sigmoid', params: {}, framework: 'torch' }] });
  });

  it('links to the plot panel with the activation, its resolved params and framework', () => {
    const { markdown } = buildHoverContent({ ...base, use: useNamed('F.leaky_relu') })!;
    const link = /\[Open in plot panel\]\(command:activationLens\.openPlotPanel\?([^)]+)\)/.exec(markdown);
    assert.ok(link);
    const args = JSON.parse(decodeURIComponent(link[1]!)) as unknown;
    assert.deepEqual(args, [{ activations: [{ id: 'leaky_relu', params: frameworkDefaults('torch', 'leaky_relu'), framework: 'torch' }] }]);
  });

  it("F.leaky_relu: resolution, torch's default slope and the frameworks that differ (keras 0.2)", () => {
    const { markdown } = buildHoverContent({ ...base, use: useNamed('F.leaky_relu') })!;
    assert.match(markdown, /`F\.leaky_relu`\*\* → `torch\.nn\.functional\.leaky_relu`/);
    assert.equal(frameworkDefaults('torch', 'leaky_relu').negative_slope, 0.01);
    assert.equal(frameworkDefaults('keras', 'leaky_relu').negative_slope, 0.2);
    assert.match(markdown, /`negative_slope` = 0\.01 \(torch's default\) · other defaults: [^\n]*keras[^\n]*: 0\.2/);
    assert.match(markdown, /Kink at x = 0: the slope jumps from 0\.01 to 1/);
    // No literal: telling points, including the kink.
    assert.match(markdown, /\| 0 \| 0 \| 0\.01 \| undefined \|/);
  });

  it('nn.LeakyReLU(0.3): the passed slope, with the default it replaces', () => {
    const { markdown, panelArgs } = buildHoverContent({ ...base, use: useNamed('nn.LeakyReLU') })!;
    assert.match(markdown, /`negative_slope` = 0\.3 \(passed; torch default 0\.01\)/);
    assert.equal(panelArgs.activations[0]!.params!.negative_slope, 0.3);
  });

  it('ReLU: slope 1 where it is linear, never negative, kink at 0', () => {
    const { markdown } = buildHoverContent({ ...base, use: useNamed('F.relu') })!;
    assert.match(markdown, /Slope 1 on \(0, ∞\) — gradients pass through unchanged/);
    assert.match(markdown, /never negative/);
    assert.match(markdown, /Saturated \(\|f′\| < 0\.001\) on \(−∞, 0\]/);
  });

  it('an unstable form: the engine message, thresholds per dtype from the core, and the stable form', () => {
    const finding = analysis.findings.find((f) => f.rule === 'unstable-sigmoid') as Finding;
    assert.ok(finding);
    const use = analysis.uses.find((u) => u.span.start === finding.span.start && u.span.end === finding.span.end);
    const { markdown } = buildHoverContent({ ...base, use, finding })!;
    assert.match(markdown, /\*\*Hand-written Sigmoid\*\*/);
    assert.ok(markdown.includes(finding.message));
    const f64 = formatNumber(thresholds('float64').naiveSigmoidOverflow, 5);
    const f32 = formatNumber(thresholds('float32').naiveSigmoidOverflow, 5);
    assert.equal(f64, '−709.78');
    assert.equal(f32, '−88.723');
    const at64 = markdown.indexOf(`**float64**: exp(−x) overflows for x ≤ ${f64}`);
    const at32 = markdown.indexOf(`**float32**: exp(−x) overflows for x ≤ ${f32}`);
    assert.ok(at64 > 0 && at32 > at64, 'float64 first by default');
    const fixText = finding.fixes[0]!.edits.find((e) => e.span.start < finding.span.end && e.span.end > finding.span.start)!.newText;
    assert.ok(markdown.includes('```\n' + fixText.trim() + '\n```'), 'the stable form is shown');

    const f32First = buildHoverContent({ ...base, finding, thresholdDtype: 'float32' })!.markdown;
    assert.ok(f32First.indexOf('**float32**') < f32First.indexOf('**float64**'));
  });

  it('sends every sentence through t, so the extension can localize it', () => {
    const t = (m: string, ...a: Array<string | number | boolean>) => `«${untranslated(m, ...a)}»`;
    const { markdown } = buildHoverContent({ ...base, use: useNamed('torch.sigmoid'), t })!;
    for (const line of markdown.split('\n').filter((l) => l.startsWith('- '))) assert.match(line, /^- «/, line);
    assert.match(markdown, /\[«Open in plot panel»\]/);
  });

  it('renders the graph for the theme and the configured range', () => {
    const use = useNamed('torch.sigmoid');
    const light = svgOf(buildHoverContent({ ...base, use, theme: 'light' })!.markdown);
    const dark = svgOf(buildHoverContent({ ...base, use, theme: 'dark' })!.markdown);
    assert.notEqual(light, dark);
    const wide = buildHoverContent({ ...base, use, plotHalfWidth: 20 })!;
    assert.deepEqual(wide.graph.range, { lo: -20, hi: 20 });
  });

  it('telling points: 0, ±2 and the edges of saturation', () => {
    const sigmoid = getActivation('sigmoid');
    const pts = tellingPoints(sigmoid, {}, 'float64');
    assert.ok(pts.includes(0) && pts.includes(2) && pts.includes(-2));
    assert.ok(pts.some((x) => x > 6 && x < 7.5), JSON.stringify(pts));
    assert.ok(pts.length <= 5);
  });

  it('nothing to say without a use or a finding', () => {
    assert.equal(buildHoverContent({ ...base }), undefined);
  });
});
