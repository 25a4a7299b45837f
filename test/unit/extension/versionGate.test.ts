import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Debouncer, VersionGate, type Timers } from '../../../src/extension/versionGate';

class FakeTimers implements Timers {
  now = 0;
  private next = 1;
  private readonly queue = new Map<number, { at: number; fn: () => void }>();
  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.next++;
    this.queue.set(id, { at: this.now + ms, fn });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.queue.delete(handle as number);
  }
  advance(ms: number): void {
    this.now += ms;
    for (const [id, t] of [...this.queue].sort((a, b) => a[1].at - b[1].at)) {
      if (t.at <= this.now) {
        this.queue.delete(id);
        t.fn();
      }
    }
  }
}

describe('version gate', () => {
  it('refuses results for versions older than one the editor has shown', () => {
    const gate = new VersionGate();
    gate.observe('a', 1);
    assert.equal(gate.accepts('a', 1), true);
    gate.observe('a', 3);
    assert.equal(gate.accepts('a', 1), false, 'a result computed from v1 must not land on v3');
    assert.equal(gate.accepts('a', 3), true);
    gate.observe('a', 2); // out-of-order event: the newest stays 3
    assert.equal(gate.accepts('a', 2), false);
  });

  it('refuses everything for closed or unknown documents, independently per document', () => {
    const gate = new VersionGate();
    assert.equal(gate.accepts('a', 1), false);
    gate.observe('a', 1);
    gate.observe('b', 7);
    gate.forget('a');
    assert.equal(gate.accepts('a', 1), false);
    assert.equal(gate.accepts('b', 7), true);
  });
});

describe('debouncer', () => {
  it('runs once after the last of a burst of edits, per key', () => {
    const timers = new FakeTimers();
    const runs: string[] = [];
    const d = new Debouncer(250, (k) => runs.push(`${k}@${timers.now}`), timers);
    d.schedule('a');
    timers.advance(100);
    d.schedule('a');
    d.schedule('b');
    timers.advance(200);
    assert.deepEqual(runs, []);
    timers.advance(50);
    assert.deepEqual(runs, ['a@350', 'b@350']);
    assert.equal(d.isPending('a'), false);
  });

  it('cancels on close and on dispose', () => {
    const timers = new FakeTimers();
    const runs: string[] = [];
    const d = new Debouncer(10, (k) => runs.push(k), timers);
    d.schedule('a');
    d.schedule('b');
    d.cancel('a');
    timers.advance(10);
    assert.deepEqual(runs, ['b']);
    d.schedule('c');
    d.dispose();
    timers.advance(10);
    assert.deepEqual(runs, ['b']);
  });
});
