import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { opaqueColour } from '../../../src/core/render/plotTheme';

describe('opaqueColour', () => {
  it('drops the alpha of theme colours and keeps opaque ones', () => {
    assert.equal(opaqueColour('#d1861699'), '#d18616');
    assert.equal(opaqueColour('#abc8'), '#abc');
    assert.equal(opaqueColour('#1a85ff'), '#1a85ff');
    assert.equal(opaqueColour(' #fff '), '#fff');
    assert.equal(opaqueColour('rgba(209, 134, 22, 0.5)'), 'rgb(209, 134, 22)');
    assert.equal(opaqueColour('rgb(209 134 22 / 50%)'), 'rgb(209, 134, 22)');
    assert.equal(opaqueColour('hsla(30, 80%, 45%, .4)'), 'hsl(30, 80%, 45%)');
    assert.equal(opaqueColour('rgb(1, 2, 3)'), 'rgb(1, 2, 3)');
    assert.equal(opaqueColour('orange'), 'orange');
  });
});
