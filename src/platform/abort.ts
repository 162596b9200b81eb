// A pure-ECMAScript AbortController/AbortSignal for runtimes without them (QuickJS), after the DOM
// standard (https://dom.spec.whatwg.org/#aborting-ongoing-activities).
//
// The subset qmi4g's code (everything outside src/platform/) may use — test/unit/platform-boundary
// checks that no other member is used:
//   new AbortController()      controller.signal      controller.abort(reason?)
//   signal.aborted             signal.reason
//   signal.addEventListener('abort', fn, { once?: boolean })
//   signal.removeEventListener('abort', fn)
//   AbortSignal.timeout(ms)    (needs installAbortTimers first, done by the platform)
// Listeners get one argument `{ type: 'abort', target: signal }`, run in registration order; a
// listener that throws does not stop the others (the error is rethrown asynchronously, as in the DOM).
// Not provided: onabort, throwIfAborted, AbortSignal.any/abort, dispatchEvent.

type Listener = (ev: { type: 'abort'; target: PolyAbortSignal }) => void;

/** The timer the polyfill's AbortSignal.timeout uses; set by installAbortTimers. */
let startTimer: ((fn: () => void, ms: number) => unknown) | undefined;

/** Gives AbortSignal.timeout its timer (the platform's setTimeout). */
export function installAbortTimers(setTimeoutFn: (fn: () => void, ms: number) => unknown): void {
  startTimer = setTimeoutFn;
}

/** A DOMException-like error for a default abort reason (`name` AbortError or TimeoutError). */
function abortReason(name: 'AbortError' | 'TimeoutError', message: string): Error {
  const e = new Error(message);
  e.name = name;
  return e;
}

/** The signal half: `aborted`, `reason`, and 'abort' listeners. */
export class PolyAbortSignal {
  private abortedFlag = false;
  private why: unknown = undefined;
  private listeners: { fn: Listener; once: boolean }[] = [];

  /** True once aborted. */
  get aborted(): boolean { return this.abortedFlag; }
  /** What abort() was given (default: an Error named AbortError; TimeoutError for timeout()). */
  get reason(): unknown { return this.why; }

  /** Adds an 'abort' listener (other event types are ignored; the same fn twice is added once). */
  addEventListener(type: string, fn: Listener | null | undefined, opts?: { once?: boolean } | boolean): void {
    if (type !== 'abort' || typeof fn !== 'function' || this.abortedFlag) return;
    if (this.listeners.some((l) => l.fn === fn)) return;
    this.listeners.push({ fn, once: typeof opts === 'object' && opts !== null && opts.once === true });
  }

  /** Removes an 'abort' listener; unknown ones are ignored. */
  removeEventListener(type: string, fn: Listener | null | undefined): void {
    if (type !== 'abort') return;
    this.listeners = this.listeners.filter((l) => l.fn !== fn);
  }

  /** A signal that aborts after `ms` with a TimeoutError reason. Throws Error when no timer was installed. */
  static timeout(ms: number): PolyAbortSignal {
    if (!startTimer) throw new Error('AbortSignal.timeout: no timer installed (installAbortTimers)');
    const s = new PolyAbortSignal();
    startTimer(() => s.signalAbort(abortReason('TimeoutError', 'The operation timed out.')), ms);
    return s;
  }

  /** @internal Aborts once: sets reason, runs the listeners, drops them. */
  signalAbort(reason: unknown): void {
    if (this.abortedFlag) return;
    this.abortedFlag = true;
    this.why = reason;
    const list = this.listeners;
    this.listeners = [];
    for (const l of list) {
      try { l.fn.call(this, { type: 'abort', target: this }); } catch (e) { Promise.reject(e); }
    }
  }
}

/** The controller half: owns a signal and aborts it. */
export class PolyAbortController {
  /** The signal this controller aborts. */
  readonly signal = new PolyAbortSignal();
  /** Aborts the signal with `reason` (default an Error named AbortError); later calls do nothing. */
  abort(reason?: unknown): void {
    this.signal.signalAbort(reason === undefined ? abortReason('AbortError', 'This operation was aborted') : reason);
  }
}

/** Puts the polyfill on `g` (globalThis) where AbortController or AbortSignal is missing. Returns whether it did. */
export function installAbortGlobals(g: Record<string, unknown> = globalThis as unknown as Record<string, unknown>): boolean {
  if (typeof g.AbortController === 'function' && typeof g.AbortSignal === 'function') return false;
  g.AbortController = PolyAbortController;
  g.AbortSignal = PolyAbortSignal;
  return true;
}
