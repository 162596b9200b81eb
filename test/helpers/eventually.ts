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

/**
 * Resolves once one of `log`'s lines matches `re` (checked every 25 ms); rejects after `timeoutMs` (ms) naming `what`.
 * For a daemon in another process: its stderr arrives through a pipe, possibly after the ubus reply or event that followed
 * the line, so a log line is awaited, never read at the moment something else arrived.
 */
export async function logged(log: string[], re: RegExp, what: string, timeoutMs = 15_000): Promise<void> {
  await eventually(what, async () => log.some((l) => re.test(l)), (x) => x, timeoutMs);
}
