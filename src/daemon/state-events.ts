// Coalesced `qmi4g.state` events: one per state change (state or error code); per interface a
// burst of EVENT_BURST then at most one every EVENT_MIN_INTERVAL_MS (a token bucket, so a normal
// down → … → connected run goes out whole and a flood is cut to 4 per second), at most one in
// flight towards ubusd, and the latest always sent last (a change that ends where it began is
// still sent, so a reconnect is never invisible). A registration flapping 84,000 times makes a
// handful of events, and a stalled ubusd holds at most one request per interface.

import type { Clock } from '../util/wait';
import { systemClock } from '../util/wait';

/** The `qmi4g.state` event body (README: `{interface, state, reason, error}`). */
export interface StateEvent { interface: string; state: string; reason: string; error: string }

/** Gap between two events of one interface once its burst is spent, ms (so at most 4 per second). */
export const EVENT_MIN_INTERVAL_MS = 250;
/** Events an interface may send back to back before the rate limit applies. */
export const EVENT_BURST = 8;

interface PerInterface {
  /** state|error of the last event handed to `send`. */
  sentKey?: string;
  /** Token bucket: tokens left and when it was last refilled (ms). */
  tokens: number;
  refilledAt: number;
  inFlight: boolean;
  pending?: StateEvent;
  pendingKey?: string;
  timer?: unknown;
}

const keyOf = (e: StateEvent, epoch: string) => `${e.state}\u0000${e.error}\u0000${epoch}`;

/**
 * Sends state events through `send` (e.g. ubus `send`), coalesced as the file header says.
 * `send` rejections are passed to `onError` and never retried (events are for listeners; netifd
 * gets its own notify_proto). Queued work is bounded: one pending event per interface.
 */
export class StateEventPublisher {
  private readonly ifaces = new Map<string, PerInterface>();

  constructor(private readonly send: (e: StateEvent) => Promise<void>, private readonly onError: (e: Error) => void = () => undefined,
    private readonly clock: Clock = systemClock, private readonly minIntervalMs = EVENT_MIN_INTERVAL_MS) {}

  /**
   * Offers a snapshot's event: queued when its state, error or `epoch` differs from the last one
   * sent; replaces an already queued one (the latest wins). `epoch` names one occurrence of a state
   * (the daemon passes the snapshot's `since` and last error time), so a second failure with the
   * same code is an event too while a reason-only change is not.
   */
  publish(e: StateEvent, epoch = ''): void {
    let p = this.ifaces.get(e.interface);
    if (!p) { p = { tokens: EVENT_BURST, refilledAt: this.clock.now(), inFlight: false }; this.ifaces.set(e.interface, p); }
    if (p.pending) {
      p.pending = e;
      p.pendingKey = keyOf(e, epoch);
      return;
    }
    if (keyOf(e, epoch) === p.sentKey) return;
    p.pending = e;
    p.pendingKey = keyOf(e, epoch);
    this.schedule(e.interface, p);
  }

  /** Events queued but not yet handed to `send` (for tests and status): at most one per interface. */
  get queued(): number {
    let n = 0;
    for (const p of this.ifaces.values()) if (p.pending) n++;
    return n;
  }

  /** Sends requests in flight towards ubusd: at most one per interface. */
  get inFlight(): number {
    let n = 0;
    for (const p of this.ifaces.values()) if (p.inFlight) n++;
    return n;
  }

  private schedule(iface: string, p: PerInterface): void {
    if (p.inFlight || p.timer !== undefined || !p.pending) return;
    const now = this.clock.now();
    const earned = Math.floor((now - p.refilledAt) / this.minIntervalMs);
    if (earned > 0) { p.tokens = Math.min(EVENT_BURST, p.tokens + earned); p.refilledAt += earned * this.minIntervalMs; }
    if (p.tokens < 1) {
      p.timer = this.clock.setTimeout(() => { p.timer = undefined; this.schedule(iface, p); }, p.refilledAt + this.minIntervalMs - now);
      return;
    }
    if (p.tokens >= EVENT_BURST) p.refilledAt = now;
    p.tokens--;
    const e = p.pending;
    p.pending = undefined;
    p.sentKey = p.pendingKey;
    p.inFlight = true;
    const done = () => {
      p.inFlight = false;
      if (p.pending) this.schedule(iface, p);
      else if (e.state === 'down') this.ifaces.delete(iface);
    };
    let sent: Promise<void>;
    try { sent = this.send(e); } catch (err) { sent = Promise.reject(err); }
    sent.then(done, (err) => { this.onError(err as Error); done(); });
  }
}
