// Hang recovery ladder (pure): which step to take after the N-th consecutive "modem does not answer".
import type { ModemResetOffer } from '../modem/modem';

/**
 * One recovery step: reopen the port (QMI: CTL Sync; MBIM: OPEN), start a new MBIM session
 * (CLOSE, then OPEN), reset through the control protocol (QMI DMS reset, natively or as
 * QMI-over-MBIM), reset on the AT port.
 */
export type RecoveryAction = 'reopen' | 'session-reset' | 'modem-reset' | 'at-reset';

/** What this modem offers beyond reopening the port. */
export interface RecoveryAvailable {
  /** An MBIM function: CLOSE then OPEN starts a new MBIM session (absent = false). */
  sessionReset?: boolean;
  /** A control-protocol reset exists (QMI DMS Set Operating Mode reset, also over MBIM). */
  modemReset: boolean;
  /** An AT port is configured (`atdevice`) for AT+CFUN=1,1. */
  atReset: boolean;
  /**
   * The control-protocol reset needs the modem's own word (MBIM: QMI-over-MBIM in Device Services
   * at open): without an offer that says yes, `modem-reset` is skipped (absent = false: QMI).
   */
  modemResetNeedsOffer?: boolean;
}

/** The decision for one hang: the action, whether to report MODEM_UNRESPONSIVE to netifd, and whether to retry slowly. */
export interface RecoveryStep {
  action: RecoveryAction;
  /** Report MODEM_UNRESPONSIVE now: the whole ladder was tried without an answer. */
  report: boolean;
  /** The ladder is exhausted: wait the longest backoff before the step (keep trying, slowly). */
  slow: boolean;
  /** A rung passed over just before this step because the modem does not offer it, and why (for the log). */
  skipped?: { action: RecoveryAction; reason: string };
}

/** The ladder in order, cheapest and least disruptive first. */
export const LADDER: readonly RecoveryAction[] = ['reopen', 'session-reset', 'modem-reset', 'at-reset'];

/** The ladder as this modem offers it (steps it cannot take are skipped). */
export function ladderFor(avail: RecoveryAvailable): RecoveryAction[] {
  const offered: Record<RecoveryAction, boolean> = { reopen: true, 'session-reset': avail.sessionReset === true, 'modem-reset': avail.modemReset, 'at-reset': avail.atReset };
  return LADDER.filter((a) => offered[a]);
}

/**
 * The step after hang number `hangs` (1-based, consecutive, reset once connected). Hangs 1..L take
 * the ladder's steps in order; after that the ladder starts over slowly, and MODEM_UNRESPONSIVE is
 * reported each time a full round has failed (hang L+1, 2L+1, …) — never permanent: the modem may
 * come back, and a person reading `status` sees why it is not connected meanwhile.
 * With `avail.modemResetNeedsOffer`, `modem-reset` is in the ladder only when `offer` (what the
 * modem said at its last open; undefined = never opened) says so; otherwise the step that comes
 * in its place each round carries `skipped` with the offer's reason.
 */
export function nextRecoveryStep(hangs: number, avail: RecoveryAvailable, offer?: ModemResetOffer): RecoveryStep {
  const gated = avail.modemReset && avail.modemResetNeedsOffer === true && offer?.offered !== true;
  const ladder = ladderFor(gated ? { ...avail, modemReset: false } : avail);
  const n = Math.max(1, Math.floor(hangs));
  const i = (n - 1) % ladder.length;
  const step: RecoveryStep = n <= ladder.length ? { action: ladder[i], report: false, slow: false } : { action: ladder[i], report: i === 0, slow: true };
  if (gated) {
    // Where modem-reset stood in the full ladder: the rung at that index (wrapping to the next round) now comes instead.
    const at = ladderFor(avail).indexOf('modem-reset');
    if (i === at % ladder.length && (at < ladder.length || n > ladder.length)) {
      step.skipped = { action: 'modem-reset', reason: offer?.reason ?? 'the modem has not been opened, so whether it offers it is unknown' };
    }
  }
  return step;
}
