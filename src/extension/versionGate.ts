// Diagnostics run debounced after edits. These two pieces keep that honest without touching `vscode`:
// the gate refuses a result computed for a version older than one the editor has already shown (a late
// result never lands on newer text), and the debouncer coalesces a burst of edits into one run per document.

export class VersionGate {
  private readonly newest = new Map<string, number>();

  /** Record that the editor holds `version` of the document (on open and on every change). */
  observe(uri: string, version: number): void {
    const seen = this.newest.get(uri);
    if (seen === undefined || version > seen) this.newest.set(uri, version);
  }

  /** Whether a result computed from `version` may be published: the document is open and nothing newer was seen. */
  accepts(uri: string, version: number): boolean {
    const seen = this.newest.get(uri);
    return seen !== undefined && version >= seen;
  }

  /** The document closed: nothing computed for it may be published any more. */
  forget(uri: string): void {
    this.newest.delete(uri);
  }
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Runs `run(key)` once `delayMs` after the last `schedule(key)`; other keys are independent. */
export class Debouncer {
  private readonly pending = new Map<string, unknown>();

  constructor(
    private readonly delayMs: number,
    private readonly run: (key: string) => void,
    private readonly timers: Timers = realTimers,
  ) {}

  schedule(key: string): void {
    this.cancel(key);
    const handle = this.timers.setTimeout(() => {
      this.pending.delete(key);
      this.run(key);
    }, this.delayMs);
    this.pending.set(key, handle);
  }

  cancel(key: string): void {
    const handle = this.pending.get(key);
    if (handle !== undefined) {
      this.timers.clearTimeout(handle);
      this.pending.delete(key);
    }
  }

  isPending(key: string): boolean {
    return this.pending.has(key);
  }

  dispose(): void {
    for (const handle of this.pending.values()) this.timers.clearTimeout(handle);
    this.pending.clear();
  }
}
