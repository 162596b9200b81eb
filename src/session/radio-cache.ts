// What `status` shows of the radio picture (cell, neighbours, bands, carriers, reject cause, network
// time) without modem round trips per call: read at most once per window while someone asks, again
// sooner after the modem told of a change, and never while a connect is in flight (the session decides).
import type { Modem, ModemEvent } from '../modem/modem';
import type { NetworkTimeInfo, RadioInfo, RegistrationReject } from '../modem/radio';
import type { Logger } from '../log';
import type { Clock } from '../util/wait';

/** How old the radio picture may be before a `status` call reads it again, ms. */
export const RADIO_WINDOW_MS = 10_000;
/** After a registration indication (cell or RAT changed) it is read again on the next ask, but not more often than this, ms. */
export const RADIO_STALE_MIN_MS = 2_000;

/** Where the cache keeps its values (the session's snapshot data). */
export interface RadioCacheTarget {
  radio?: RadioInfo;
  networkTime?: NetworkTimeInfo;
  /** The last registration the network refused (Network Reject indication), with when. */
  networkReject?: RegistrationReject;
}

/**
 * The radio picture for `status`, answered from memory. `refresh` starts a read (Modem.radio,
 * QMI: 6 round trips) when the picture is older than RADIO_WINDOW_MS, or older than
 * RADIO_STALE_MIN_MS after a registration event; only the first call of a modem, with nothing
 * known, waits for it (bounded by `timeoutMs`). Network time and network rejects come from
 * events. Errors are logged at debug and keep the old picture.
 */
export class RadioCache {
  private at = -Infinity;
  private stale = false;
  private reading?: Promise<void>;
  private of?: Modem;

  constructor(private readonly target: RadioCacheTarget, private readonly clock: Clock, private readonly log: Logger) {}

  /** Takes what the modem told: network time, a network reject, a registration change (makes the picture stale; registered forgets the reject). */
  event(e: ModemEvent): void {
    if (e.type === 'network-time') this.target.networkTime = e.time;
    else if (e.type === 'network-reject') this.target.networkReject = e.reject;
    else if (e.type === 'registration') {
      this.stale = true;
      // A reject belongs to the attempt it refused: once registered it no longer says why anything fails.
      if (e.registration.state === 'registered') this.target.networkReject = undefined;
    }
  }

  /** Forgets the picture (the modem closed: its cell is no longer known). Network time and the last reject stay. */
  reset(): void { this.target.radio = undefined; this.at = -Infinity; this.of = undefined; }

  /** Brings the picture up to date as the class doc says: a promise (never rejects) only while nothing is known yet, else undefined. */
  refresh(modem: Modem, timeoutMs: number): Promise<void> | undefined {
    if (!modem.radio) return undefined;
    if (this.of !== modem) { this.reset(); this.of = modem; }
    if (this.reading) return this.target.radio === undefined ? this.reading : undefined;
    const age = this.clock.now() - this.at;
    if (age < RADIO_WINDOW_MS && !(this.stale && age >= RADIO_STALE_MIN_MS)) return undefined;
    this.at = this.clock.now();
    this.stale = false;
    const first = this.target.radio === undefined;
    const p = modem.radio({ signal: AbortSignal.timeout(timeoutMs) })
      .then((r) => { if (this.of === modem) this.target.radio = r; }, (e) => this.log.debug(`radio: ${(e as Error).message}`));
    this.reading = p.finally(() => { this.reading = undefined; });
    return first ? this.reading : undefined;
  }
}
