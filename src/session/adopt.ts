// What a session persists so that a restarted daemon can take its running data call over (adoption), and what that needs.
import type { Adopted, DataSession, ModemHandoff } from '../modem/modem';
import type { Logger } from '../log';
import { AbortedError } from '../util/wait';
import type { SessionSnapshot } from './session-types';

/**
 * A session's state as the daemon persists it (JSON under the state dir): the modem handoff
 * (client ids / MBIM session) and the data sessions with their settings, once connected.
 * Times are epoch ms. Holds no secrets (the interface config is kept beside it by the daemon).
 */
export interface SavedSession {
  handoff?: ModemHandoff;
  sessions?: DataSession[];
  /** When the adopted connection started (status keeps showing it). */
  connectedSince?: number;
  /** The network device link-up named. */
  ifname?: string;
  /** Which rule chose the APN (apn-step.ts), so status keeps saying it after a take-over. */
  apnChoice?: SessionSnapshot['apnChoice'];
  /**
   * Not persisted: whether netifd has the interface up now (the daemon asks before adopting).
   * false: the previous daemon died before netifd took the link-up, so it is reported after adoption.
   */
  netifdUp?: boolean;
}

/**
 * Takes a modem over from its handoff and confirms the saved data sessions are still running
 * (QMI: qmi-adopt.ts, MBIM: mbim-adopt.ts). Rejects (AdoptionError) when that is impossible.
 */
export type ModemAdopter = (handoff: ModemHandoff, saved: DataSession[], signal: AbortSignal) => Promise<Adopted>;

/** Is there anything to adopt in `s`: a handoff and at least one data session? */
export function adoptable(s: SavedSession | undefined): s is SavedSession & { handoff: ModemHandoff; sessions: DataSession[] } {
  return !!s?.handoff && Array.isArray(s.sessions) && s.sessions.length > 0;
}

/**
 * Runs the adopter for `saved`. Resolves with what was adopted, or undefined after `refused`
 * (called with the reason) when adoption is impossible; an abort is rethrown.
 */
export async function takeOver(adopt: ModemAdopter, saved: SavedSession & { handoff: ModemHandoff; sessions: DataSession[] }, signal: AbortSignal,
  log: Logger, refused: (why: string) => Promise<void>): Promise<Adopted | undefined> {
  try {
    return await adopt(saved.handoff, saved.sessions, signal);
  } catch (e) {
    if (e instanceof AbortedError || (e instanceof Error && /abort/i.test(e.name)) || signal.aborted) throw e;
    const why = (e as Error).message;
    log.warn(`cannot take over the running data session (${why}); connecting afresh`);
    await refused(why);
    return undefined;
  }
}

/** The status fields an adopted connection fills at once (protocol, data format, registration, APN, IP settings). */
export function adoptedSnapshot(a: Adopted): Partial<SessionSnapshot> {
  return {
    protocol: a.modem.protocol, dataFormat: a.modem.dataFormat, registration: a.registration, apn: a.sessions[0]?.apn,
    ipv4: a.sessions.find((s) => s.family === 4)?.settings, ipv6: a.sessions.find((s) => s.family === 6)?.settings,
  };
}
