// A manual Clock for the MBIM device tests: time moves only on advance(), so timeout and retry tests never race a busy CPU.
import type { Clock } from '../../../src/util/wait';

/** Lets pending promise continuations run (one macrotask turn drains the microtask queue). */
export async function flush(turns = 3): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise<void>((r) => setImmediate(r));
}

/** A Clock whose time moves only when the test calls advance(). Handles are numbers. */
export class ManualClock implements Clock {
  private t = 1_000_000;
  private id = 0;
  private readonly timers = new Map<number, { at: number; fn: () => void }>();

  now(): number { return this.t; }
  setTimeout(fn: () => void, ms: number): unknown { this.timers.set(++this.id, { at: this.t + Math.max(0, ms), fn }); return this.id; }
  clearTimeout(h: unknown): void { this.timers.delete(h as number); }

  /** Timers not fired or cleared yet. */
  get pending(): number { return this.timers.size; }

  /** Moves time forward by `ms`, firing due timers earliest first with promise continuations run in between. */
  async advance(ms: number): Promise<void> {
    const target = this.t + ms;
    for (;;) {
      await flush();
      let next: [number, { at: number; fn: () => void }] | undefined;
      for (const e of this.timers) if (e[1].at <= target && (!next || e[1].at < next[1].at)) next = e;
      if (!next) break;
      this.timers.delete(next[0]);
      this.t = next[1].at;
      next[1].fn();
    }
    this.t = target;
    await flush();
  }
}
