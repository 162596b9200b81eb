// A manual Clock for tests: time moves only on advance(), which fires due timers in order, so state machines run on fake time.
import type { Clock } from '../../src/util/wait';

interface Timer { id: number; at: number; fn: () => void }

/** Lets every pending promise continuation run (one macrotask turn drains the microtask queue; a few for safety). */
export async function settle(turns = 3): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise<void>((r) => setImmediate(r));
}

/** A Clock whose time only moves when the test says so. Handles are numbers. */
export class FakeClock implements Clock {
  private t: number;
  private nextId = 1;
  private readonly timers = new Map<number, Timer>();

  constructor(start = 1_700_000_000_000) { this.t = start; }

  now(): number { return this.t; }

  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.set(id, { id, at: this.t + Math.max(0, ms), fn });
    return id;
  }

  clearTimeout(handle: unknown): void { this.timers.delete(handle as number); }

  /** Timers not yet fired or cleared. */
  get pending(): number { return this.timers.size; }

  /** Due time of the earliest pending timer, relative to now (undefined when none). */
  nextDueIn(): number | undefined {
    let best: number | undefined;
    for (const t of this.timers.values()) if (best === undefined || t.at < best) best = t.at;
    return best === undefined ? undefined : best - this.t;
  }

  /**
   * Moves time forward by `ms`, firing every timer that falls due on the way, earliest first (ties in
   * creation order). Promise continuations run between timers, so timers they schedule inside the
   * window fire too.
   */
  async advance(ms: number): Promise<void> {
    const target = this.t + ms;
    for (;;) {
      await settle();
      let due: Timer | undefined;
      for (const t of this.timers.values()) if (t.at <= target && (!due || t.at < due.at || (t.at === due.at && t.id < due.id))) due = t;
      if (!due) break;
      this.timers.delete(due.id);
      this.t = due.at;
      due.fn();
    }
    this.t = target;
    await settle();
  }
}
