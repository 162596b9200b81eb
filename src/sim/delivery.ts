// Outgoing frame pacing for the simulator: one frame per write (cdc-wdm-like), split frames, coalesced frames, garbage.
import { Clock, delay, systemClock } from '../util/wait';
import type { DeliveryMode } from './scenario';

/** Delivery knobs: mode, gaps in ms, optional garbage bytes before every Nth frame. */
export interface DeliveryOptions {
  mode: DeliveryMode;
  /** Gap after each write in 'whole' mode so each frame lands in its own client read, ms. */
  gapMs: number;
  /** Gap between the two halves of a frame in 'split' mode, ms. */
  splitGapMs: number;
  /** How long an indication waits for a response to share its write in 'coalesced' mode, ms. */
  coalesceHoldMs?: number;
  garbage?: { everyNthFrame: number; bytes: Buffer };
}

interface Item { frame: Uint8Array; kind: 'response' | 'indication' }

/**
 * A queue in front of the pty. 'whole': each frame in its own write, `gapMs` apart.
 * 'split': each frame in two writes `splitGapMs` apart. 'coalesced': frames queued together
 * (and an indication waiting up to `coalesceHoldMs` for the next response) go out in one write.
 * Garbage bytes are written in front of every Nth frame. Write errors drop the queue.
 */
export class FrameSender {
  private readonly queue: Item[] = [];
  private pumping = false;
  private frameCount = 0;
  private holdTimer: unknown;
  private idleWaiters: (() => void)[] = [];
  /** Writes made, and frames sent (for tests). */
  readonly counters = { writes: 0, frames: 0, garbageWrites: 0 };

  constructor(private readonly sink: (b: Uint8Array) => Promise<void>, private readonly opts: DeliveryOptions, private readonly clock: Clock = systemClock) {}

  /** Queues one whole encoded frame. */
  send(frame: Uint8Array, kind: 'response' | 'indication'): void {
    this.queue.push({ frame, kind });
    if (this.opts.mode === 'coalesced' && kind === 'indication' && !this.queue.some((i) => i.kind === 'response')) {
      if (this.holdTimer === undefined) {
        this.holdTimer = this.clock.setTimeout(() => { this.holdTimer = undefined; void this.pump(); }, this.opts.coalesceHoldMs ?? 30);
      }
      return;
    }
    void this.pump();
  }

  /** Resolves when nothing is queued or being written. */
  idle(): Promise<void> {
    if (!this.pumping && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Drops everything queued (e.g. the pty closed). */
  clear(): void {
    this.queue.length = 0;
    this.clock.clearTimeout(this.holdTimer);
    this.holdTimer = undefined;
  }

  private withGarbage(frame: Uint8Array): Uint8Array {
    this.frameCount++;
    const g = this.opts.garbage;
    if (!g || this.frameCount % g.everyNthFrame !== 0) return frame;
    this.counters.garbageWrites++;
    return Buffer.concat([g.bytes, frame]);
  }

  private async write(b: Uint8Array): Promise<void> {
    this.counters.writes++;
    await this.sink(b);
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      if (this.opts.mode === 'coalesced') await new Promise<void>((r) => setImmediate(r));
      while (this.queue.length > 0) {
        if (this.opts.mode === 'coalesced') {
          this.clock.clearTimeout(this.holdTimer);
          this.holdTimer = undefined;
          const items = this.queue.splice(0);
          this.counters.frames += items.length;
          await this.write(Buffer.concat(items.map((i) => this.withGarbage(i.frame))));
          continue;
        }
        const item = this.queue.shift()!;
        this.counters.frames++;
        const bytes = this.withGarbage(item.frame);
        if (this.opts.mode === 'split' && bytes.length > 1) {
          const cut = Math.max(1, Math.floor(bytes.length / 2));
          await this.write(bytes.subarray(0, cut));
          await delay(this.opts.splitGapMs, undefined, this.clock);
          await this.write(bytes.subarray(cut));
        } else {
          await this.write(bytes);
        }
        if (this.opts.gapMs > 0) await delay(this.opts.gapMs, undefined, this.clock);
      }
    } catch {
      this.clear();
    } finally {
      this.pumping = false;
      if (this.queue.length === 0) for (const w of this.idleWaiters.splice(0)) w();
    }
  }
}
