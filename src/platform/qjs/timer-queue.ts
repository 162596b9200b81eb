// Timers in deadline order on top of one host timer. QuickJS's os.setTimeout fires expired timers in
// creation order, not by deadline (quickjs-libc.c js_os_poll walks its list and runs the first
// expired one), so a 10 ms timer made after a 50 ms one could run first once both expired. This queue
// keeps its own binary heap ordered by (deadline, creation) and arms a single host timer for the
// earliest deadline. Runtime-independent: the host timer and clock are injected (tests use fakes).

/** The host timer the queue drives: arm(fn, ms) → handle; disarm(handle). */
export interface HostTimer {
  arm(fn: () => void, ms: number): unknown;
  disarm(handle: unknown): void;
  /** Monotonic clock, ms (may be fractional). */
  now(): number;
}

/** A scheduled timer; `index` is its heap slot (-1 once fired or cancelled). */
export interface QueuedTimer {
  readonly deadline: number;
  readonly seq: number;
  readonly fn: () => void;
  index: number;
}

/**
 * Host timers fire at whole milliseconds; a deadline less than this far ahead counts as due, so a
 * timer never re-arms for a sub-millisecond remainder.
 */
const DUE_SLACK_MS = 1;

/**
 * A timer queue: add(fn, ms) returns a handle for cancel(). Timers run one per host callback (so the
 * engine runs promise jobs between two timers, as Node does), earliest deadline first, ties in
 * creation order. A timer's exception propagates to the host (the loop reports it) after the queue
 * has re-armed for the next one.
 */
export class TimerQueue {
  private heap: QueuedTimer[] = [];
  private seq = 0;
  private armed: unknown = undefined;
  private armedFor = Infinity;

  constructor(private readonly host: HostTimer) {}

  /** Number of pending timers. */
  get size(): number { return this.heap.length; }

  /** Schedules `fn` after `ms` (negative or NaN: 0). Returns its handle. */
  add(fn: () => void, ms: number): QueuedTimer {
    const delay = ms > 0 ? ms : 0;
    const t: QueuedTimer = { deadline: this.host.now() + delay, seq: this.seq++, fn, index: this.heap.length };
    this.heap.push(t);
    this.up(t.index);
    this.arm();
    return t;
  }

  /** Cancels a timer; ignores one that fired or was cancelled already, and anything not a handle. */
  cancel(t: unknown): void {
    if (!t || typeof t !== 'object') return;
    const timer = t as QueuedTimer;
    const i = timer.index;
    if (typeof i !== 'number' || i < 0 || this.heap[i] !== timer) return;
    this.removeAt(i);
    this.arm();
  }

  private fire = (): void => {
    this.armed = undefined;
    this.armedFor = Infinity;
    const top = this.heap[0];
    if (!top) return;
    if (top.deadline - this.host.now() >= DUE_SLACK_MS) {
      this.arm();
      return;
    }
    this.removeAt(0);
    this.arm();
    top.fn();
  };

  private arm(): void {
    const top = this.heap[0];
    if (!top) {
      if (this.armed !== undefined) this.host.disarm(this.armed);
      this.armed = undefined;
      this.armedFor = Infinity;
      return;
    }
    if (this.armed !== undefined && this.armedFor <= top.deadline) return;
    if (this.armed !== undefined) this.host.disarm(this.armed);
    this.armedFor = top.deadline;
    this.armed = this.host.arm(this.fire, Math.max(0, Math.ceil(top.deadline - this.host.now())));
  }

  private less(a: QueuedTimer, b: QueuedTimer): boolean {
    return a.deadline < b.deadline || (a.deadline === b.deadline && a.seq < b.seq);
  }

  private removeAt(i: number): void {
    const h = this.heap;
    const t = h[i];
    const last = h.pop()!;
    t.index = -1;
    if (last === t) return;
    h[i] = last;
    last.index = i;
    this.down(i);
    this.up(last.index);
  }

  private up(i: number): void {
    const h = this.heap;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i], h[p])) break;
      this.swap(i, p);
      i = p;
    }
  }

  private down(i: number): void {
    const h = this.heap;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && this.less(h[l], h[m])) m = l;
      if (r < h.length && this.less(h[r], h[m])) m = r;
      if (m === i) return;
      this.swap(i, m);
      i = m;
    }
  }

  private swap(a: number, b: number): void {
    const h = this.heap;
    [h[a], h[b]] = [h[b], h[a]];
    h[a].index = a;
    h[b].index = b;
  }
}
