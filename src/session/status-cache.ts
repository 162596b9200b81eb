// What `status` shows of signal and counters without a modem round trip per call: indications keep signal current, counters are read at most once a window.
import type { DataCounters, Modem, SignalInfo } from '../modem/modem';
import type { Logger } from '../log';
import type { Clock } from '../util/wait';

/** How old counters may be before a `status` call reads them again, ms (one read per status second-window). */
export const COUNTERS_WINDOW_MS = 1000;

/** Where the cache keeps its values (the session's snapshot data) and how it learns the state. */
export interface StatusCacheTarget {
  signal?: SignalInfo;
  counters?: DataCounters;
}

/**
 * Signal and counters for `status`, answered from memory. Signal is written by the modem's own
 * `signal` events (QMI NAS Signal Info indications after NAS Config Signal Info, MBIM Signal
 * State notifications) and read from the modem only while nothing is known yet. Counters (WDS
 * Get Packet Statistics / MBIM Packet Statistics) are read at most once per COUNTERS_WINDOW_MS,
 * in the background: a call inside the window, or while a read is in flight, answers with what
 * is known. Only the very first call, with nothing known, waits (bounded by `timeoutMs`).
 * Errors are logged at debug and leave the old values.
 */
export class StatusCache {
  private countersAt = -Infinity;
  private countersRead?: Promise<void>;
  private signalRead?: Promise<void>;

  /** `onSignal` sees every signal recorded (the session's signal history). */
  constructor(private readonly target: StatusCacheTarget, private readonly clock: Clock, private readonly log: Logger, private readonly onSignal?: (s: SignalInfo) => void) {}

  /** Records a signal the modem told (event) or answered. */
  signal(s: SignalInfo): void { this.target.signal = s; this.onSignal?.(s); }

  /** Forgets the counters' age (a new data session: they restart). */
  reset(): void { this.countersAt = -Infinity; this.target.counters = undefined; }

  /**
   * Brings signal and (when `withCounters`) counters up to date as described in the class doc.
   * Returns undefined when there is nothing to wait for (every call but the very first: the
   * caller answers at once, without a promise round), else a promise that never rejects.
   */
  refresh(modem: Modem, withCounters: boolean, timeoutMs: number): Promise<void> | undefined {
    const waits: Promise<void>[] = [];
    if (this.target.signal === undefined && !this.signalRead) {
      const p = modem.signal({ signal: AbortSignal.timeout(timeoutMs) }).then((s) => { if (this.target.signal === undefined) this.signal(s); }, (e) => this.log.debug(`signal: ${(e as Error).message}`));
      this.signalRead = p.finally(() => { this.signalRead = undefined; });
      waits.push(this.signalRead);
    }
    if (withCounters && !this.countersRead && this.clock.now() - this.countersAt >= COUNTERS_WINDOW_MS) {
      this.countersAt = this.clock.now();
      const first = this.target.counters === undefined;
      const p = modem.counters({ signal: AbortSignal.timeout(timeoutMs) }).then((c) => { this.target.counters = c; }, (e) => this.log.debug(`counters: ${(e as Error).message}`));
      this.countersRead = p.finally(() => { this.countersRead = undefined; });
      if (first) waits.push(this.countersRead);
    }
    if (waits.length === 0) return undefined;
    return Promise.all(waits).then(() => undefined);
  }
}
