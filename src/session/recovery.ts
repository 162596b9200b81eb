// How a Session recovers, by the kind of loss or error: a drop reconnects on the same modem, lost
// registration reopens it, a vanished port waits for hotplug, a hang climbs the reset ladder
// (escalation.ts); a failure that is not the modem's is reported and retried, never a reset.
import type { ModemResetOffer } from '../modem/modem';
import { ModemError } from '../modem/modem-errors';
import type { Logger } from '../log';
import { AbortedError, Clock } from '../util/wait';
import { BackoffPolicy, backoffDelay, dropDelay } from './backoff';
import { DeviceWaiter, deviceExists } from './device-wait';
import { nextRecoveryStep } from './escalation';
import type { SessionDeps } from './session-deps';
import type { SessionConfig, SessionSnapshot } from './session-types';
import type { SessionState } from './states';
import type { WatchEnd } from './watch';

/** Is `e` an abort (AbortedError, or an AbortError of the platform)? */
export function isAbort(e: unknown): boolean { return e instanceof AbortedError || (e instanceof Error && /abort/i.test(e.name)); }

/** The Session's counters recovery reads and moves, and what the modem said of itself at its last open. */
export interface RecoveryCounters {
  /** Consecutive failures/unstable drops since the last stable connection: picks the backoff. */
  attempt: number;
  /** Consecutive hangs (no answer) since the last connection: picks the ladder step. */
  hangs: number;
  /** Reconnects so far (status shows them). */
  reconnects: number;
  /** True while the control port is gone and netifd was told the interface is unavailable. */
  unavailable: boolean;
  /** Modem.modemResetOffer at the last open (kept while the modem is closed for recovery); undefined = never opened. */
  resetOffer?: ModemResetOffer;
}

/** What recovery needs of its Session. */
export interface RecoveryHost {
  config: SessionConfig;
  deps: SessionDeps;
  log: Logger;
  clock: Clock;
  policy: BackoffPolicy;
  counters: RecoveryCounters;
  /** The snapshot's lastError is written here. */
  snap: { lastError?: SessionSnapshot['lastError'] };
  devices: DeviceWaiter;
  /** Has the port spoken QMI/MBIM before (a later DEVICE_NOT_SUPPORTED is then a hang)? */
  everOpened(): boolean;
  /** When the last connection came up (clock ms, 0 = never). */
  connectedAt(): number;
  setState(to: SessionState, reason: string): void;
  /** Stops the data sessions (unless `polite` is false) and closes the modem. */
  teardownModem(polite?: boolean): Promise<void>;
  /** Stops the data sessions, keeps the modem open. */
  teardownSessionsOnly(): Promise<void>;
  /** Logs the error, keeps it for status and reports it to netifd. */
  reportError(err: ModemError): Promise<void>;
}

/** Handles the end of a connection (after linkDown to netifd); returns the delay before connecting again, ms. */
export async function afterLoss(x: RecoveryHost, end: WatchEnd, signal: AbortSignal): Promise<number> {
  await x.deps.hooks.linkDown(end.reason).catch(() => undefined);
  x.counters.reconnects++;
  if (x.clock.now() - x.connectedAt() >= (x.config.stableMs ?? 60_000)) x.counters.attempt = 0;
  x.setState('reconnecting', end.reason);
  switch (end.kind) {
    case 'drop':
      await x.teardownSessionsOnly();
      return dropDelay(x.counters.attempt++, x.policy, x.deps.random);
    case 'registration':
      await x.teardownModem();
      return dropDelay(x.counters.attempt++, x.policy, x.deps.random);
    case 'gone':
      await x.teardownModem(false);
      return 0; // the next open finds out whether the port is still there
    case 'hang':
      return onHang(x, new ModemError('MODEM_UNRESPONSIVE', end.reason), signal);
  }
}

/** Handles a failed attempt; returns the delay before the next one, or undefined when the session ends in failed. */
export async function afterError(x: RecoveryHost, e: unknown, signal: AbortSignal): Promise<number | undefined> {
  // Only the modem's own silence is a hang (ModemError MODEM_UNRESPONSIVE from request
  // timeouts or failed liveness). Anything else — netifd, ubus, a bug — never resets a modem.
  const silent = e instanceof Error && /^(Qmi|Mbim)TimeoutError$/.test(e.name); // a request timeout that escaped mapping
  if (!(e instanceof ModemError) && !silent) return afterHostError(x, e);
  let err = e instanceof ModemError ? e : new ModemError('MODEM_UNRESPONSIVE', (e as Error).message);
  // A port that spoke QMI/MBIM before and stops answering at open is hung, not unsupported.
  if (err.code === 'DEVICE_NOT_SUPPORTED' && x.everOpened()) err = new ModemError('MODEM_UNRESPONSIVE', `${err.message}; it answered before`);
  if (err.code === 'MODEM_UNRESPONSIVE') return onHang(x, err, signal);
  const exists = x.deps.deviceExists ?? deviceExists;
  if (err.code === 'NO_DEVICE' && !exists(x.config.device)) {
    await x.teardownModem(false);
    await awaitDevice(x, err, signal);
    return 0;
  }
  await x.reportError(err);
  if (err.permanent) {
    await x.teardownModem();
    x.setState('failed', err.message);
    return undefined;
  }
  if (err.code === 'NO_DEVICE') await x.teardownModem(false);
  else await x.teardownSessionsOnly(); // e.g. linkUp failed after connect: do not leave a session up on the modem
  x.setState('reconnecting', err.message);
  return backoffDelay(x.counters.attempt++, x.policy, x.deps.random);
}

/** A failure that is not the modem's: reported in status and the log, retried with backoff; the modem is not reset. */
async function afterHostError(x: RecoveryHost, e: unknown): Promise<number> {
  const message = `not a modem failure: ${(e as Error)?.message ?? String(e)}`;
  x.log.error(`INTERNAL_ERROR: ${message}`);
  x.snap.lastError = { code: 'INTERNAL_ERROR', message, data: [], permanent: false, at: x.clock.now() };
  await x.teardownSessionsOnly();
  x.setState('reconnecting', message);
  return backoffDelay(x.counters.attempt++, x.policy, x.deps.random);
}

/**
 * One more hang: take the ladder's next step (reopen; reset through the control protocol; AT
 * reset), report MODEM_UNRESPONSIVE when a whole round failed, and keep trying (slowly after that).
 */
async function onHang(x: RecoveryHost, err: ModemError, signal: AbortSignal): Promise<number> {
  x.counters.hangs++;
  const step = nextRecoveryStep(x.counters.hangs, x.deps.recover ? x.deps.recoveryAvailable ?? { modemReset: false, atReset: false } : { modemReset: false, atReset: false }, x.counters.resetOffer);
  if (step.skipped) x.log.info(`hang ladder: skipping ${step.skipped.action}: ${step.skipped.reason}; next rung: ${step.action}`);
  x.log.warn(`modem hang #${x.counters.hangs}: ${err.message}; recovery: ${step.action}${step.report ? ' (ladder exhausted, reporting)' : ''}`);
  if (step.report) {
    await x.reportError(new ModemError('MODEM_UNRESPONSIVE', `${err.message}; no answer after reopening and resetting the modem, still retrying`));
  } else {
    x.snap.lastError = { code: err.code, message: err.message, data: [], permanent: false, at: x.clock.now() };
  }
  await x.teardownModem(false);
  x.setState('reconnecting', `${err.message}; recovery step ${x.counters.hangs}: ${step.action}`);
  if (step.action !== 'reopen' && x.deps.recover) {
    try {
      await x.deps.recover(step.action, x.config.device, signal);
    } catch (e) {
      if (isAbort(e) || signal.aborted) throw e;
      x.log.warn(`${step.action} failed: ${(e as Error).message}`);
    }
  }
  return step.slow ? x.policy.maxMs : dropDelay(x.counters.hangs - 1, x.policy, x.deps.random);
}

/** The port is gone: report NO_DEVICE, tell netifd the interface is unavailable, wait for hotplug (or the slow probe). */
async function awaitDevice(x: RecoveryHost, err: ModemError, signal: AbortSignal): Promise<void> {
  await x.reportError(err);
  if (!x.counters.unavailable) {
    x.counters.unavailable = true;
    await x.deps.hooks.available?.(false).catch((e) => x.log.warn(`set unavailable: ${(e as Error).message}`));
  }
  x.setState('reconnecting', `${x.config.device} is gone; waiting for it to come back (hotplug)`);
  await x.devices.wait(x.config.device, x.deps.deviceExists ?? deviceExists, x.config.deviceProbeMs ?? 5000, signal, x.clock);
  x.counters.unavailable = false;
  x.log.info(`${x.config.device} is back`);
  await x.deps.hooks.available?.(true).catch((e) => x.log.warn(`set available: ${(e as Error).message}`));
}
