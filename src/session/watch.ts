// Watching a connected session: drops, registration loss (with grace), port loss, hangs (liveness checks, watchdog).
import type { DataSession, IpFamily, Modem, ModemEvent, Registration, SignalInfo } from '../modem/modem';
import { Clock, WaitTimeoutError, waitFor } from '../util/wait';

/** Why a connected session must be re-established; `kind` picks the recovery (see Session.run). */
export type WatchEnd =
  | { kind: 'drop'; reason: string }
  | { kind: 'registration'; reason: string }
  | { kind: 'gone'; reason: string }
  | { kind: 'hang'; reason: string };

/** The end a modem event means for a connection still being set up: the port gone, or a drop of one of `sessions`' families; undefined for any other event. */
export function earlyEndOf(e: ModemEvent, sessions: readonly DataSession[]): WatchEnd | undefined {
  if (e.type === 'gone') return { kind: 'gone', reason: `modem gone: ${e.reason}` };
  if (e.type === 'session-down' && sessions.some((x) => x.family === e.family)) return { kind: 'drop', reason: `data session IPv${e.family} dropped: ${e.reason ?? 'no reason given'}` };
  return undefined;
}

/** The connectivity watchdog the session starts while connected (src/session/watchdog.ts fits). */
export interface WatchdogLike { start(ifname: string, onUnhealthy: (why: string) => void): () => void }

/** What watchConnected needs; callbacks keep the session's snapshot current. */
export interface WatchContext {
  modem: Modem;
  families: readonly IpFamily[];
  registrationGraceMs: number;
  /** Liveness check period and its timeout, ms (0 period = off). */
  livenessIntervalMs: number;
  livenessTimeoutMs: number;
  clock: Clock;
  signal: AbortSignal;
  watchdog?: WatchdogLike;
  ifname?: string;
  setReason(reason: string): void;
  onRegistration(r: Registration): void;
  onSignal(s: SignalInfo): void;
}

/**
 * Resolves with the first reason the connection is lost: a Packet Service Status drop of a family
 * in use, registration lost for longer than the grace period while the modem also says the data
 * session is down (a shorter flap is held; a live call is kept however long), the port
 * gone, or a hang — the modem's own `unresponsive` event, a liveness check (is the session still
 * up?) that gets no answer in time, or the watchdog's `unhealthy`. A liveness answer "not
 * connected" is a drop whose indication was lost. Rejects with AbortedError when `signal` aborts.
 */
export function watchConnected(c: WatchContext): Promise<WatchEnd> {
  const { modem, clock } = c;
  return waitFor<WatchEnd>('connected', (done) => {
    let graceTimer: unknown;
    let liveTimer: unknown;
    let checking: AbortController | undefined;
    let lostSince = 0;
    let graceCheck: AbortController | undefined;
    // Grace over: the packet service status decides (a short loss — cell reselection, a tunnel —
    // often keeps the bearer). While WDS says every family is connected the call is kept and the
    // registration change only reported; checked again every grace period. Reopening the modem
    // here would release the call's client ids (CTL Sync) and kill a working call.
    let lostState = '';
    const armGrace = () => {
      graceTimer = clock.setTimeout(() => {
        const ctl = new AbortController();
        graceCheck = ctl;
        const lost = `registration lost (${lostState}) for ${Math.round((clock.now() - lostSince) / 1000)} s`;
        waitFor<boolean[]>('packet service status', (ok, fail) => { Promise.all(c.families.map((f) => modem.isConnected(f, { signal: ctl.signal }))).then(ok, fail); },
          { timeoutMs: c.livenessTimeoutMs, signal: ctl.signal, clock })
          .then((up) => {
            if (graceTimer === undefined) return; // registration came back meanwhile
            if (up.length > 0 && up.every(Boolean)) {
              c.setReason(`${lost}; the data session is still up (packet service connected): kept`);
              armGrace();
            } else done({ kind: 'registration', reason: `${lost} and the data session is down` });
          }, (err: Error) => {
            if (ctl.signal.aborted || graceTimer === undefined) return;
            if (err instanceof WaitTimeoutError || (err as { code?: string }).code === 'MODEM_UNRESPONSIVE') done({ kind: 'hang', reason: `${lost}; modem did not answer Get Packet Service Status` });
            else done({ kind: 'registration', reason: `${lost} (${err.message})` });
          });
      }, c.registrationGraceMs);
    };
    const off = modem.onEvent((e) => {
      if (e.type === 'gone') done({ kind: 'gone', reason: `modem gone: ${e.reason}` });
      else if (e.type === 'unresponsive') done({ kind: 'hang', reason: `modem not answering: ${e.reason}` });
      else if (e.type === 'session-down' && c.families.includes(e.family)) done({ kind: 'drop', reason: `data session IPv${e.family} dropped: ${e.reason ?? 'no reason given'}` });
      else if (e.type === 'signal') c.onSignal(e.signal);
      else if (e.type === 'registration') {
        c.onRegistration(e.registration);
        if (e.registration.state !== 'registered') lostState = e.registration.state;
        if (e.registration.state === 'registered') {
          if (graceTimer !== undefined) { clock.clearTimeout(graceTimer); graceTimer = undefined; graceCheck?.abort(); c.setReason('registration back'); }
        } else if (graceTimer === undefined) {
          lostState = e.registration.state;
          lostSince = clock.now();
          c.setReason(`registration lost (${e.registration.state}); holding the link for ${c.registrationGraceMs / 1000} s`);
          armGrace();
        }
      }
    });
    const live = () => {
      liveTimer = clock.setTimeout(() => {
        liveTimer = undefined;
        checking = new AbortController();
        const ctl = checking;
        const family = c.families[0];
        waitFor<boolean>('liveness check', (ok, fail) => { modem.isConnected(family, { signal: ctl.signal }).then(ok, fail); }, { timeoutMs: c.livenessTimeoutMs, signal: ctl.signal, clock })
          .then((up) => {
            if (up) live();
            else done({ kind: 'drop', reason: `data session IPv${family} found down (indication lost)` });
          }, (e: Error) => {
            if (ctl.signal.aborted) return;
            if (e instanceof WaitTimeoutError || (e as { code?: string }).code === 'MODEM_UNRESPONSIVE') done({ kind: 'hang', reason: `modem did not answer a liveness check within ${c.livenessTimeoutMs / 1000} s` });
            else if ((e as { code?: string }).code === 'NO_DEVICE') done({ kind: 'gone', reason: `modem gone: ${e.message}` });
            else live();
          });
      }, c.livenessIntervalMs);
    };
    if (c.livenessIntervalMs > 0 && c.families.length > 0) live();
    const stopWatchdog = c.watchdog && c.ifname ? c.watchdog.start(c.ifname, (why) => done({ kind: 'hang', reason: `watchdog: ${why}` })) : undefined;
    return () => {
      off();
      if (graceTimer !== undefined) clock.clearTimeout(graceTimer);
      if (liveTimer !== undefined) clock.clearTimeout(liveTimer);
      checking?.abort();
      graceCheck?.abort();
      stopWatchdog?.();
    };
  }, { signal: c.signal, clock });
}
