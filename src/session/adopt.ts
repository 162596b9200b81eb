// What a session persists so that a restarted daemon can take its running data call over (adoption), and what that needs.
import type { Adopted, DataSession, ModemHandoff } from '../modem/modem';

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
