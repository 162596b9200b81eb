// What a Session's `status` shows live of its open modem: signal and data counters (status-cache.ts), the radio
// picture (radio-cache.ts) and the last hour of signal (signal-history.ts), kept current from the modem's own events.
import type { Logger } from '../log';
import type { Modem, SignalInfo } from '../modem/modem';
import type { Clock } from '../util/wait';
import { RadioCache, RadioCacheTarget } from './radio-cache';
import { SignalHistory, SignalSample } from './signal-history';
import { StatusCache, StatusCacheTarget } from './status-cache';
import type { SessionState } from './states';

/**
 * The live part of one session's snapshot: writes signal, counters and the radio picture into `snap` (the
 * session's snapshot data), keeps the signal history, follows one open modem's events at a time.
 */
export class LiveStatus {
  private readonly statusCache: StatusCache;
  private readonly radioCache: RadioCache;
  private readonly history = new SignalHistory();
  private offSignal?: () => void;

  constructor(snap: StatusCacheTarget & RadioCacheTarget, private readonly clock: Clock, log: Logger) {
    this.statusCache = new StatusCache(snap, clock, log, (sig) => this.history.update(clock.now(), sig));
    this.radioCache = new RadioCache(snap, clock, log);
  }

  /**
   * Brings signal and counters up to date for `status` without a modem round trip per call
   * (status-cache.ts: signal from indications, counters at most once a second, in the
   * background) while the session is `registering` or `connected` on `modem`. Waits (≤ timeoutMs)
   * only while nothing is known yet: then returns a promise (never rejects), otherwise undefined.
   */
  refresh(modem: Modem | undefined, state: SessionState, timeoutMs: number): Promise<void> | undefined {
    if (!modem || (state !== 'connected' && state !== 'registering')) return undefined;
    const status = this.statusCache.refresh(modem, state === 'connected', timeoutMs);
    const radio = this.radioCache.refresh(modem, timeoutMs);
    if (!status && !radio) return undefined;
    return Promise.all([status, radio]).then(() => undefined);
  }

  /** The last hour of signal (signal-history.ts), oldest first; no modem round trip. */
  samples(): SignalSample[] { return this.history.samples(this.clock.now()); }

  /** Keeps signal and the radio picture current from `modem`'s events while `current(modem)` holds. */
  follow(modem: Modem, current: (m: Modem) => boolean): void {
    this.offSignal?.();
    this.offSignal = modem.onEvent((e) => {
      if (!current(modem)) return;
      if (e.type === 'signal') this.statusCache.signal(e.signal);
      else this.radioCache.event(e);
    });
  }

  /** A signal reading (a query's answer, or the watch's). */
  signal(sig: SignalInfo): void { this.statusCache.signal(sig); }

  /** A new data session is up: its counters start again. */
  newDataSession(): void { this.statusCache.reset(); }

  /** The modem is being closed: stop following it; `hadModem` marks a gap in the signal history. */
  closed(hadModem: boolean): void {
    this.offSignal?.();
    this.offSignal = undefined;
    this.radioCache.reset();
    if (hadModem) this.history.update(this.clock.now(), undefined);
  }
}
