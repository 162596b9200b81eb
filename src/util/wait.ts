// Awaiting with a timeout and an AbortSignal: the only way this project waits.
import { platform } from '../platform';

/** Injectable timers, so state machines can run on fake time in tests. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * The real clock (ms). Its timers keep the process alive, like any pending work: a daemon waiting
 * out a reconnect backoff with nothing else open must not exit.
 */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => platform.setTimeout(fn, ms),
  clearTimeout: (h) => platform.clearTimeout(h),
};

/** Thrown when a wait is cancelled through its AbortSignal. */
export class AbortedError extends Error {
  override readonly name = 'AbortedError';
  readonly code = 'Aborted';
  constructor(what = 'operation') { super(`${what} aborted`); }
}

/** Thrown when a wait ran out of time (ms). */
export class WaitTimeoutError extends Error {
  override readonly name = 'WaitTimeoutError';
  readonly code = 'Timeout';
  constructor(readonly what: string, readonly timeoutMs: number) { super(`${what}: timed out after ${timeoutMs} ms`); }
}

/**
 * Waits for `subscribe` to call its `done` (value) or `fail` (error), at most `timeoutMs`
 * (Infinity = no limit); rejects with AbortedError when `signal` aborts and WaitTimeoutError
 * on timeout. `subscribe` returns its own cleanup, always called exactly once.
 */
export function waitFor<T>(
  what: string,
  subscribe: (done: (v: T) => void, fail: (e: Error) => void) => (() => void) | void,
  opts: { timeoutMs?: number; signal?: AbortSignal; clock?: Clock } = {},
): Promise<T> {
  const clock = opts.clock ?? systemClock;
  return new Promise<T>((resolve, reject) => {
    if (opts.signal?.aborted) { reject(new AbortedError(what)); return; }
    let settled = false;
    let cleanup: (() => void) | void;
    let timer: unknown;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      if (timer !== undefined) clock.clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      if (cleanup) cleanup();
      fn();
    };
    const onAbort = () => finish(() => reject(new AbortedError(what)));
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    if (opts.timeoutMs !== undefined && Number.isFinite(opts.timeoutMs)) {
      timer = clock.setTimeout(() => finish(() => reject(new WaitTimeoutError(what, opts.timeoutMs!))), opts.timeoutMs);
    }
    cleanup = subscribe((v) => finish(() => resolve(v)), (e) => finish(() => reject(e)));
    if (settled && cleanup) cleanup();
  });
}

/** Resolves after `ms` unless aborted (for backoff between retries — never to wait for a modem). */
export function delay(ms: number, signal?: AbortSignal, clock: Clock = systemClock): Promise<void> {
  return waitFor<void>('delay', (done) => { const t = clock.setTimeout(() => done(), ms); return () => clock.clearTimeout(t); }, { signal, clock });
}
