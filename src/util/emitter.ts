// A small event emitter in plain ECMAScript (the subset of node:events' EventEmitter qmi4g uses).

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Listener = (...args: any[]) => void;

/**
 * Events by name. Listeners run synchronously in registration order, on a snapshot (adding or
 * removing during emit affects the next emit). Like node:events, emitting 'error' with no listener
 * throws the error (or an Error wrapping a non-Error), so failures are never dropped silently.
 * A listener that throws propagates out of emit (the remaining listeners of that emit do not run).
 */
export class Emitter {
  private readonly listeners = new Map<string, { fn: Listener; once: boolean }[]>();

  /** Adds `fn` for `event`. */
  on(event: string, fn: Listener): this { return this.add(event, fn, false); }
  /** Alias of on. */
  addListener(event: string, fn: Listener): this { return this.add(event, fn, false); }
  /** Adds `fn` for the next `event` only. */
  once(event: string, fn: Listener): this { return this.add(event, fn, true); }

  /** Removes the most recently added registration of `fn` for `event`. */
  off(event: string, fn: Listener): this {
    const list = this.listeners.get(event);
    if (!list) return this;
    for (let i = list.length - 1; i >= 0; i--) {
      if (list[i].fn === fn) { list.splice(i, 1); break; }
    }
    if (list.length === 0) this.listeners.delete(event);
    return this;
  }
  /** Alias of off. */
  removeListener(event: string, fn: Listener): this { return this.off(event, fn); }

  /** Removes every listener of `event`, or of all events. */
  removeAllListeners(event?: string): this {
    if (event === undefined) this.listeners.clear(); else this.listeners.delete(event);
    return this;
  }

  /** Number of listeners of `event`. */
  listenerCount(event: string): number { return this.listeners.get(event)?.length ?? 0; }

  /** Calls the listeners of `event` with `args`; true when there was one. Throws for an unheard 'error'. */
  emit(event: string, ...args: unknown[]): boolean {
    const list = this.listeners.get(event);
    if (!list || list.length === 0) {
      if (event === 'error') {
        const e = args[0];
        throw e instanceof Error ? e : new Error(`unhandled 'error' event: ${String(e)}`);
      }
      return false;
    }
    const snapshot = list.slice();
    for (const l of snapshot) {
      if (l.once) this.off(event, l.fn);
      l.fn.apply(this, args);
    }
    return true;
  }

  private add(event: string, fn: Listener, once: boolean): this {
    if (typeof fn !== 'function') throw new TypeError(`listener for ${event} must be a function`);
    const list = this.listeners.get(event);
    if (list) list.push({ fn, once }); else this.listeners.set(event, [{ fn, once }]);
    return this;
  }
}
