// "Eventually" for tests: what arrives asynchronously (an indication, an identity read off the critical path) is polled for
// until it shows, with a deadline, instead of a fixed sleep followed by an assertion that fails on a loaded machine.

/**
 * Calls `read()` every `everyMs` (ms) until `pred` holds for its value; resolves with that value. Rejects after `timeoutMs`
 * (ms) with an Error naming `what` and the last value read (JSON, at most 500 characters); an error from `read` is kept as
 * that last value and reading goes on.
 */
export async function eventually<T>(what: string, read: () => Promise<T>, pred: (v: T) => boolean, timeoutMs = 10_000, everyMs = 25): Promise<T> {
  const t0 = Date.now();
  let last: unknown;
  for (;;) {
    try {
      const v = await read();
      if (pred(v)) return v;
      last = v;
    } catch (e) { last = `error: ${(e as Error).message}`; }
    if (Date.now() - t0 > timeoutMs) throw new Error(`${what}: not so after ${timeoutMs} ms; last: ${JSON.stringify(last)?.slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
