// Session states and the table of allowed transitions (README.md "States"); the name is what status shows.

/** A session's state. */
export type SessionState =
  | 'down' | 'opening' | 'sim' | 'registering' | 'connecting' | 'connected' | 'reconnecting' | 'disconnecting' | 'failed';

/** Allowed next states per state. `disconnecting` is reachable from everywhere but `down`. */
export const TRANSITIONS: Readonly<Record<SessionState, readonly SessionState[]>> = Object.freeze({
  down: ['opening'],
  // opening → connected: a running data session taken over from a previous daemon (adoption).
  opening: ['sim', 'connected', 'reconnecting', 'failed', 'disconnecting'],
  sim: ['registering', 'reconnecting', 'failed', 'disconnecting'],
  registering: ['connecting', 'reconnecting', 'failed', 'disconnecting'],
  connecting: ['connected', 'reconnecting', 'failed', 'disconnecting'],
  connected: ['reconnecting', 'disconnecting'],
  reconnecting: ['opening', 'sim', 'registering', 'connecting', 'connected', 'reconnecting', 'failed', 'disconnecting'],
  disconnecting: ['down'],
  failed: ['disconnecting', 'opening'],
});

/** Is `from → to` allowed? */
export function canTransition(from: SessionState, to: SessionState): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Thrown on a transition the table does not allow (a bug, never user input). */
export class InvalidTransitionError extends Error {
  override readonly name = 'InvalidTransitionError';
  constructor(readonly from: SessionState, readonly to: SessionState) { super(`invalid session transition ${from} → ${to}`); }
}
