import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ActivationUse } from '../../../src/core/analysis/types';
import type { HoverRequest } from '../../../src/core/render/hoverContent';
import { HoverMemo } from '../../../src/extension/hoverMemo';

function use(start: number, literal?: number): ActivationUse {
  return { span: { start, end: start + 6 }, activation: 'relu', name: 'F.relu', qualifiedName: 'torch.nn.functional.relu', framework: 'torch', kind: 'call', params: {}, ...(literal !== undefined ? { literalArgument: literal } : {}) };
}
const request = (u: ActivationUse, theme: HoverRequest['theme'] = 'dark'): HoverRequest => ({ use: u, theme, defaultFramework: 'torch', thresholdDtype: 'float64', plotHalfWidth: 0 });

describe('hover memo', () => {
  it('renders the same call once wherever it occurs, and anew for another theme or literal', () => {
    const built: HoverRequest[] = [];
    const memo = new HoverMemo((r) => (built.push(r), `md ${built.length}`));
    assert.equal(memo.get(request(use(10))), 'md 1');
    assert.equal(memo.get(request(use(500))), 'md 1', 'same call elsewhere in the file');
    assert.equal(memo.get(request(use(10), 'light')), 'md 2');
    assert.equal(memo.get(request(use(10, 2))), 'md 3');
    assert.equal(built.length, 3);
  });

  it('remembers "no hover" too, and forgets the least recently used beyond capacity', () => {
    let calls = 0;
    const memo = new HoverMemo(() => (calls++, undefined), 2);
    assert.equal(memo.get(request(use(0))), undefined);
    assert.equal(memo.get(request(use(0))), undefined);
    assert.equal(calls, 1);
    memo.get(request(use(0, 1)));
    memo.get(request(use(0, 2)));
    memo.get(request(use(0)));
    assert.equal(calls, 4, 'the first entry was evicted');
  });
});
