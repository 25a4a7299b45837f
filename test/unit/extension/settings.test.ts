import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_SETTINGS, diagnosticLevel, readSettings } from '../../../src/extension/settings';

function from(values: Record<string, unknown>) {
  return readSettings((k) => values[k]);
}

describe('settings', () => {
  it('uses the defaults when nothing is set', () => {
    assert.deepEqual(from({}), DEFAULT_SETTINGS);
    assert.equal(diagnosticLevel(DEFAULT_SETTINGS, 'unstable-sigmoid', 'warning'), 'warning');
    assert.equal(diagnosticLevel(DEFAULT_SETTINGS, 'lossy-sigmoid-derivative', 'information'), 'information');
  });

  it('reads every setting and per-rule levels', () => {
    const s = from({
      'hover.enabled': false,
      'diagnostics.enabled': false,
      'inlayHints.enabled': false,
      rules: { 'unstable-sigmoid': 'error', 'unstable-softmax': 'off', 'unstable-tanh': false },
      defaultFramework: 'keras',
      'hover.plotRange': 10,
      thresholdDtype: 'float32',
    });
    assert.equal(s.hoverEnabled, false);
    assert.equal(s.diagnosticsEnabled, false);
    assert.equal(s.inlayHintsEnabled, false);
    assert.equal(s.defaultFramework, 'keras');
    assert.equal(s.plotHalfWidth, 10);
    assert.equal(s.thresholdDtype, 'float32');
    assert.equal(diagnosticLevel(s, 'unstable-sigmoid', 'warning'), 'error');
    assert.equal(diagnosticLevel(s, 'unstable-softmax', 'warning'), undefined);
    assert.equal(diagnosticLevel(s, 'unstable-tanh', 'warning'), undefined);
    assert.equal(diagnosticLevel(s, 'unstable-softplus', 'warning'), 'warning');
  });

  it('falls back to defaults on wrong types and values, and on a throwing getter', () => {
    const s = from({ 'hover.enabled': 'yes', rules: { 'unstable-sigmoid': 'loud' }, defaultFramework: 'caffe', 'hover.plotRange': -3, thresholdDtype: 'float16' });
    assert.deepEqual(s, DEFAULT_SETTINGS);
    assert.deepEqual(readSettings(() => { throw new Error('boom'); }), DEFAULT_SETTINGS);
    assert.equal(from({ 'hover.plotRange': Infinity }).plotHalfWidth, 0);
  });
});
