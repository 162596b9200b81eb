// OpenWrt's own `ubus listen EVENT` inside the stack's namespace, read line by line: the judge that events reach a
// real ubus subscriber. Ready once a probe event (sent by the test's client with `probe` set) shows up in its output,
// so nothing is missed between the start of the process and its registration with ubusd.
import type { OwrtStack } from './owrt-stack';
import { waitFor } from '../../src/util/wait';

/** A running `ubus listen`: `next(pred)` resolves with the next event data (not a probe) matching pred. */
export interface EventListen {
  /** Resolves with [data] of the next unconsumed event matching `pred`; rejects after timeoutMs. */
  next(pred: (d: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<[Record<string, unknown>]>;
  /** Every event data seen so far (probes excluded). */
  readonly seen: Record<string, unknown>[];
  close(): void;
}

/**
 * Starts `ubus listen EVENT` in the namespace and resolves once it receives events (probe events are sent by
 * the test's own ubus client every 100 ms until one is printed; rejects after 10 s). `ubus listen` prints one
 * JSON object per line: `{ "EVENT": { data } }`.
 */
export async function listenEvents(s: OwrtStack<'qmi' | 'mbim'>, event: string): Promise<EventListen> {
  const child = s.spawnInside(['ubus', 'listen', event]);
  const seen: Record<string, unknown>[] = [];
  let consumed = 0;
  let probed = false;
  const waiters = new Set<() => void>();
  let buf = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => {
    buf += d;
    let nl;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl).trim();
      buf = buf.slice(nl + 1);
      if (!line) continue;
      try {
        const data = (JSON.parse(line) as Record<string, Record<string, unknown>>)[event];
        if (!data) continue;
        if ('probe' in data) probed = true; else seen.push(data);
      } catch { /* not one of ours */ }
      for (const w of [...waiters]) w();
    }
  });
  await waitFor<void>(`ubus listen ${event} registered`, (done) => {
    const check = () => { if (probed) done(); };
    waiters.add(check);
    const t = setInterval(() => { void s.client.send(event, { probe: 1 }).catch(() => undefined); }, 100);
    return () => { clearInterval(t); waiters.delete(check); };
  }, { timeoutMs: 10_000 });
  return {
    seen,
    next(pred, timeoutMs = 10_000) {
      return waitFor<[Record<string, unknown>]>(`${event} event from ubus listen`, (done) => {
        const check = () => {
          for (; consumed < seen.length; consumed++) if (pred(seen[consumed])) { done([seen[consumed++]]); return; }
        };
        waiters.add(check);
        check();
        return () => { waiters.delete(check); };
      }, { timeoutMs });
    },
    close() { child.kill('SIGTERM'); },
  };
}
