// What a Session is given: the modem opener, the hooks to netifd, the PIN ledger, and the injectable
// clock, backoff, watchdog, hang-ladder steps and adoption of a previous daemon's data session.
import type { Modem } from '../modem/modem';
import type { Logger } from '../log';
import type { Clock } from '../util/wait';
import type { BackoffPolicy } from './backoff';
import type { DeviceExists } from './device-wait';
import type { RecoveryAction, RecoveryAvailable } from './escalation';
import type { ModemAdopter, SavedSession } from './adopt';
import type { PinLedger } from './pin-policy';
import type { WatchdogLike } from './watch';
import type { SessionHooks } from './session-types';

/** Opens the modem of a session (QmiModem.open / MbimModem.open, or a fake in tests). */
export type ModemOpener = (device: string, signal: AbortSignal) => Promise<Modem>;

/** Runs a reset step of the hang ladder on a device (the daemon: QMI DMS reset, AT+CFUN=1,1); rejects when it could not. */
export type ModemRecoverer = (action: Exclude<RecoveryAction, 'reopen'>, device: string, signal: AbortSignal) => Promise<void>;

/** Session dependencies; clock, random and the device check injectable for tests. */
export interface SessionDeps {
  openModem: ModemOpener;
  hooks: SessionHooks;
  pinLedger: PinLedger;
  log?: Logger;
  clock?: Clock;
  /** Overrides the backoff built from the config's reconnect_min/max. */
  backoff?: BackoffPolicy;
  random?: () => number;
  /** Connectivity probes while connected; `unhealthy` feeds the hang ladder. */
  watchdog?: WatchdogLike;
  /** Reset steps of the hang ladder, with which of them this modem offers. Without it: reopen only. */
  recover?: ModemRecoverer;
  recoveryAvailable?: RecoveryAvailable;
  deviceExists?: DeviceExists;
  /** Takes a previous daemon's running data session over (start(saved)); without it, saved state is ignored. */
  adoptModem?: ModemAdopter;
  /** Called with what a later daemon needs to adopt, each time data sessions are up (before link-up is reported). */
  persist?: (saved: SavedSession) => void;
}
