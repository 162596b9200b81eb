// Reporting link-up to netifd with retries: a netifd or ubus failure is not a modem hang (it never climbs the reset ladder).
import type { DataSession, Modem } from '../modem/modem';
import { ModemError } from '../modem/modem-errors';
import type { Logger } from '../log';
import { AbortedError, Clock, waitFor } from '../util/wait';
import { BackoffPolicy, backoffDelay } from './backoff';
import type { SessionHooks } from './session-types';

/**
 * netifd (or ubusd in between) refused or did not answer a report: notify_proto rejected,
 * `network.interface.X` not found, a ubus timeout. The modem is not involved; `cause` is the
 * original error (a UbusError from src/ubus, usually).
 */
export class NetifdError extends Error {
  override readonly name = 'NetifdError';
  constructor(message: string, override readonly cause?: unknown) { super(message); }
}

/** Is `e` a failure of the modem (ModemError) rather than of netifd/ubus or the host? */
export function isModemFailure(e: unknown): e is ModemError { return e instanceof ModemError; }

function isAbort(e: unknown): boolean { return e instanceof AbortedError || (e instanceof Error && /abort/i.test(e.name)); }

/** What the retry loop needs from its session. */
export interface LinkReportContext {
  hooks: SessionHooks;
  clock: Clock;
  log: Logger;
  policy: BackoffPolicy;
  random?: () => number;
  /** Shows the current step in status (`reason`). */
  setReason(reason: string): void;
  /** Records the netifd failure as the session's last error (code NETIFD_ERROR). */
  recordError(message: string): void;
  /**
   * Subscribes to "the connection ended meanwhile" (drop, port gone): the retry wait stops at
   * once and the loop returns false, so the session handles the loss. Returns the unsubscribe.
   */
  onEnded(listener: () => void): () => void;
  /** True when the connection has already ended. */
  ended(): boolean;
}

/**
 * Calls `hooks.linkUp` until netifd takes it. A ModemError (e.g. NO_IFACE) and an abort are
 * thrown as they are; any other failure is netifd's or ubus's: logged, recorded (NETIFD_ERROR),
 * and retried after backoffDelay(0, 1, …) of the session's policy without a single request to
 * the modem — the data session stays up meanwhile. Resolves true once reported, false when the
 * connection ended while waiting.
 */
export async function reportLinkUp(x: LinkReportContext, sessions: DataSession[], modem: Modem, signal: AbortSignal): Promise<boolean> {
  for (let attempt = 0; ; attempt++) {
    if (x.ended()) return false;
    try {
      await x.hooks.linkUp(sessions, modem);
      return true;
    } catch (e) {
      if (isModemFailure(e) || isAbort(e) || signal.aborted) throw e;
      const wait = backoffDelay(attempt, x.policy, x.random);
      const message = `netifd did not take the link-up: ${(e as Error).message}`;
      x.log.warn(`NETIFD_ERROR: ${message}; the modem is fine and the data session stays up; retrying in ${wait} ms`);
      x.recordError(message);
      x.setReason(`${message}; retrying in ${Math.round(wait / 1000)} s`);
      await waitFor<void>('link-up retry', (done) => {
        const t = x.clock.setTimeout(() => done(), wait);
        const off = x.onEnded(() => done());
        return () => { x.clock.clearTimeout(t); off(); };
      }, { signal, clock: x.clock });
    }
  }
}
