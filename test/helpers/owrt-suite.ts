// Small helpers the real-stack e2e suites share: run a test on a fresh stack, read netifd's errors, count PIN tries.
import type { IfaceStatus, OwrtStack, OwrtStackOptions, StateEvent } from './owrt-stack';
import { startOwrtStack } from './owrt-stack';
import { waitFor } from '../../src/util/wait';

/** Runs `fn` on a fresh stack and always closes it; a failure's message gets the last daemon and netifd log lines. */
export async function withStack<P extends 'qmi' | 'mbim' = 'qmi'>(o: OwrtStackOptions<P>, fn: (s: OwrtStack<P>) => Promise<void>): Promise<void> {
  const s = await startOwrtStack<P>(o);
  try {
    await fn(s);
  } catch (e) {
    if (e instanceof Error) e.message += `\n  qmi4gd: ${s.daemonLog.filter((l) => !l.includes("debug:")).slice(-30).join('\n    ')}\n  netifd: ${s.netifdLog.slice(-20).join('\n    ')}`;
    throw e;
  } finally { await s.close(); }
}

/** True once netifd shows an IPv4 address on the interface (DHCP lease or static settings). */
export const leased = (st: IfaceStatus): boolean => (st['ipv4-address'] ?? []).length > 0;

/** The error codes netifd holds for an interface (proto_notify_error), in order. */
export const errorCodes = (st: IfaceStatus): string[] => (st.errors ?? []).map((e) => e.code);

/** How many Verify PIN requests the QMI simulator saw. */
export function verifyCount(s: OwrtStack<'qmi'>): number {
  return Object.entries(s.sim.stats.requests).filter(([k]) => /Verify PIN/.test(k)).reduce((a, [, n]) => a + n, 0);
}

/**
 * netifd's `ifup NAME`, then the first `qmi4g.state` of NAME matching `until` (the listener is
 * registered with ubusd before the ifup). Rejects after timeoutMs.
 */
export async function ifupUntil(s: OwrtStack<'qmi' | 'mbim'>, name: string, until: (e: StateEvent) => boolean, timeoutMs = 20_000): Promise<StateEvent> {
  const w = s.waitState(name, until, timeoutMs);
  await w.ready;
  await s.ifup(name);
  return w;
}

/** A state that ends a connect attempt either way. */
export const settled = (e: StateEvent): boolean => e.state === 'connected' || e.state === 'failed';

/**
 * A predicate for waitState that holds on the first event matching `then` after one matching
 * `first` (qmi4g.state is sent on every snapshot change, so a plain `connected` may be a late
 * update of the old connection rather than the reconnect).
 */
export function after(first: (e: StateEvent) => boolean, then: (e: StateEvent) => boolean): (e: StateEvent) => boolean {
  let seen = false;
  return (e) => { if (!seen) { seen = first(e); return false; } return then(e); };
}

/**
 * Resolves with `qmi4g status {interface}` once `pred` holds; checked on every `qmi4g.state` event
 * and every 200 ms (an unchanged state sends no event); rejects after timeoutMs.
 */
export function waitStatus(s: OwrtStack<'qmi' | 'mbim'>, iface: string, pred: (q: Record<string, unknown>) => boolean, what: string, timeoutMs = 10_000): Promise<Record<string, unknown>> {
  return waitFor<Record<string, unknown>>(`qmi4g status ${iface}: ${what}`, (done) => {
    let busy = false; let gone = false; let l: { close(): Promise<void> } | undefined;
    const check = () => {
      if (busy || gone) return; busy = true;
      s.client.call('qmi4g', 'status', { interface: iface }).then((q) => { busy = false; if (q && pred(q)) done(q); }, () => { busy = false; });
    };
    s.client.listen('qmi4g.state', check).then((x) => { l = x; if (gone) void x.close().catch(() => undefined); }, () => undefined);
    const t = setInterval(check, 200);
    check();
    return () => { gone = true; clearInterval(t); void l?.close().catch(() => undefined); };
  }, { timeoutMs });
}
