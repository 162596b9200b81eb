// Exponential backoff with jitter for reconnect attempts (pure).

/** Backoff limits in ms. */
export interface BackoffPolicy { initialMs: number; maxMs: number; factor: number; jitter: number }

/** Defaults: 1 s doubling to 5 min, ±20 % jitter. */
export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 1000, maxMs: 300_000, factor: 2, jitter: 0.2 };

/** Delay before attempt `attempt` (0-based) in ms; `random` in [0,1) (injectable for tests); jitter applies around the capped base. */
export function backoffDelay(attempt: number, p: BackoffPolicy = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const base = Math.min(p.maxMs, p.initialMs * p.factor ** Math.max(0, attempt));
  const spread = base * p.jitter;
  return Math.max(0, Math.round(base - spread + random() * 2 * spread));
}

/**
 * Delay before reconnecting after a drop (pure): the first drop after a stable connection
 * reconnects at once (`consecutive` 0); consecutive drops back off as `backoffDelay(consecutive - 1)`.
 */
export function dropDelay(consecutive: number, p: BackoffPolicy = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  return consecutive <= 0 ? 0 : backoffDelay(consecutive - 1, p, random);
}
