// The last hour of signal per interface, in RAM: a fixed ring of one slot per SAMPLE_INTERVAL_MS,
// filled from the signal the modem indicates (no extra round trips), for the LuCI signal graph.
import type { Rat, SignalInfo } from '../modem/modem';

/** One slot every 10 s. */
export const SAMPLE_INTERVAL_MS = 10_000;
/** 360 slots = the last hour. */
export const HISTORY_SLOTS = 360;
/** "No value" in the Int16 columns. */
const NONE = -32768;
const RATS: Rat[] = ['unknown', 'gsm', 'umts', 'lte', 'nr5g', 'cdma', 'evdo', 'tdscdma'];

/** One sample: `t` epoch s (slot start); RSSI/RSRP dBm, RSRQ/SNR dB (0.1 resolution); absent values left out. */
export interface SignalSample { t: number; rat: Rat; rssi?: number; rsrp?: number; rsrq?: number; snr?: number }

/**
 * Ring buffer of signal samples. Memory is fixed at construction: per slot 4 bytes of time,
 * 4 × 2 bytes of values (0.1 units), 1 byte of RAT — 13 bytes × 360 slots ≈ 4.7 KB per interface.
 * Between two reports the last known signal holds (the modem indicates every threshold crossing,
 * nas Config Signal Info); after `update(now, undefined)` (modem closed) slots stay empty.
 */
export class SignalHistory {
  private readonly t: Int32Array;
  private readonly cols: Int16Array[];
  private readonly rat: Uint8Array;
  private head = 0;
  private count = 0;
  /** Slot number (epoch / interval) of the newest slot written; -1 before the first. */
  private lastSlot = -1;
  private current?: SignalInfo;

  constructor(private readonly slots = HISTORY_SLOTS, private readonly intervalMs = SAMPLE_INTERVAL_MS) {
    this.t = new Int32Array(slots);
    this.cols = [0, 1, 2, 3].map(() => new Int16Array(slots));
    this.rat = new Uint8Array(slots);
  }

  /** Bytes the buffers hold (fixed). */
  get bytes(): number { return this.t.byteLength + this.cols.reduce((n, c) => n + c.byteLength, 0) + this.rat.byteLength; }

  /** Records the signal known from `now` (epoch ms) on; undefined = none known (modem closed). */
  update(now: number, s: SignalInfo | undefined): void {
    this.advance(now, true);
    this.current = s;
    const slot = Math.floor(now / this.intervalMs);
    if (s) this.write(slot, s, slot === this.lastSlot);
  }

  /** The samples of the last `slots` intervals up to `now`, oldest first. */
  samples(now: number): SignalSample[] {
    this.advance(now, false);
    const out: SignalSample[] = [];
    const oldest = Math.floor(now / this.intervalMs) - this.slots;
    for (let i = 0; i < this.count; i++) {
      const k = (this.head - this.count + i + this.slots) % this.slots;
      if (this.t[k] * 1000 < oldest * this.intervalMs) continue;
      const s: SignalSample = { t: this.t[k], rat: RATS[this.rat[k]] ?? 'unknown' };
      const names = ['rssi', 'rsrp', 'rsrq', 'snr'] as const;
      for (let c = 0; c < 4; c++) if (this.cols[c][k] !== NONE) s[names[c]] = this.cols[c][k] / 10;
      out.push(s);
    }
    return out;
  }

  /** Fills the slots after the newest one with the held signal: up to `now`'s slot, or up to the one before it (`beforeNow`, a new value is about to take it). */
  private advance(now: number, beforeNow: boolean): void {
    const slot = Math.floor(now / this.intervalMs);
    if (!this.current || this.lastSlot < 0) return;
    const end = beforeNow ? slot - 1 : slot;
    const from = Math.max(this.lastSlot + 1, end - this.slots + 1);
    for (let n = from; n <= end; n++) this.write(n, this.current, false);
  }

  private write(slot: number, s: SignalInfo, overwrite: boolean): void {
    const k = overwrite ? (this.head - 1 + this.slots) % this.slots : this.head;
    this.t[k] = Math.floor((slot * this.intervalMs) / 1000);
    const v = [s.rssi, s.rsrp, s.rsrq, s.snr];
    for (let c = 0; c < 4; c++) {
      const x = v[c];
      this.cols[c][k] = x === undefined || !Number.isFinite(x) ? NONE : Math.max(-32767, Math.min(32767, Math.round(x * 10)));
    }
    this.rat[k] = Math.max(0, RATS.indexOf(s.rat));
    if (!overwrite) {
      this.head = (this.head + 1) % this.slots;
      this.count = Math.min(this.count + 1, this.slots);
    }
    this.lastSlot = slot;
  }
}
