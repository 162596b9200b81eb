// Connect steps of a session that wait on the modem: SIM unlock (PIN safety), going online and registration, the data sessions.
import type { DataSession, IpFamily, Modem, ModemEvent, Registration, SimStatus } from '../modem/modem';
import { ModemError } from '../modem/modem-errors';
import { connectChecked } from '../modem/checked-connect';
import type { Logger } from '../log';
import { AbortedError, Clock, waitFor, withTimeout } from '../util/wait';
import { PinLedger, decidePin } from './pin-policy';
import type { SessionConfig, SessionSnapshot } from './session-types';

/** What the steps read and update of their session. `snap` is the session's live snapshot data. */
export interface StepContext {
  config: SessionConfig;
  clock: Clock;
  log: Logger;
  pinLedger: PinLedger;
  snap: Partial<SessionSnapshot>;
  setReason(reason: string): void;
  /** Fetches the modem identity once (status, and the ICCID the PIN ledger keys on). */
  identity(modem: Modem, signal: AbortSignal): Promise<void>;
}

function isAbort(e: unknown): boolean { return e instanceof AbortedError || (e instanceof Error && /abort/i.test(e.name)); }

/** Awaits two promises together; when one fails the other's later failure is not left unhandled. */
function both<A, B>(a: Promise<A>, b: Promise<B>): Promise<[A, B]> {
  a.catch(() => undefined);
  b.catch(() => undefined);
  return Promise.all([a, b]);
}

/**
 * Turns the radio on (setOnline, with the FCC unlock the config allows; its outcome goes into
 * `snap.fcc` whether or not going online worked) and waits for registration (waitRegistered).
 * With radio preferences (modes, plmn, allow_roaming 0, bands) they are written alongside going
 * online, before registration is awaited; without, registration is asked for at once. Throws what
 * those steps throw (ModemError NETWORK_REGISTRATION_FAILED, PLMN_FAILED…).
 */
export async function registerOnline(x: StepContext, modem: Modem, signal: AbortSignal): Promise<Registration> {
  const c = x.config;
  const r = c.radio;
  const online = () => modem.setOnline({ signal, fccAuth: c.fccAuth }).finally(() => { if (modem.fcc) x.snap.fcc = modem.fcc; });
  if (r.modes !== undefined || r.plmn !== undefined || r.allowRoaming === false || r.lteBands !== undefined || r.nr5gBands !== undefined) {
    await both(online(), modem.setRadioPreferences(r, { signal }));
    return waitRegistered(x, modem, signal);
  }
  // Nothing changes the radio's choice: ask for registration while making sure it is online.
  const [, reg] = await both(online(), waitRegistered(x, modem, signal));
  return reg;
}

/**
 * Gets the SIM ready: waits while it initialises (bounded by the registration timeout), sends the
 * PIN only when decidePin allows (recording a rejection in the ledger), fails with the netifd code
 * otherwise.
 */
export async function unlockSim(x: StepContext, modem: Modem, signal: AbortSignal, first?: SimStatus): Promise<void> {
  const deadline = x.clock.now() + x.config.registrationTimeoutMs;
  let known = first;
  for (;;) {
    const sim = known ?? await modem.simStatus({ signal });
    known = undefined;
    x.snap.sim = sim;
    const pin = x.config.pincode;
    if (sim.state === 'pin-required' && pin) await x.identity(modem, signal);
    const simId = x.snap.modem?.iccid ?? x.config.device;
    const d = decidePin(sim, pin, !!pin && x.pinLedger.wasRejected(simId, pin));
    if (d.action === 'proceed') return;
    if (d.action === 'fail') throw new ModemError(d.code, d.reason);
    if (d.action === 'wait') {
      const left = deadline - x.clock.now();
      if (left <= 0) throw new ModemError('SIM_NOT_INITIALIZED', `SIM still initialising after ${x.config.registrationTimeoutMs / 1000} s`);
      x.setReason(d.reason);
      await nextEvent(x, modem, (e) => e.type === 'sim', Math.min(left, 5000), signal).catch((e) => { if (isAbort(e)) throw e; });
      continue;
    }
    x.setReason(`sending the PIN (${sim.pinRetries} tries left)`);
    try {
      x.snap.sim = await modem.verifyPin(pin!, { signal });
    } catch (e) {
      // Only a judged wrong PIN goes into the ledger (PIN_FAILED); PIN_STATUS_FAILED (modem busy,
      // card not ready) is retried with backoff by the session, and the PIN stays trusted.
      if (e instanceof ModemError && e.code === 'PIN_FAILED') {
        try { x.pinLedger.reject(simId, pin!); } catch (w) { x.log.error(`PIN ledger not saved: ${(w as Error).message}`); }
        const left = e.details.pinRetries as number | undefined;
        x.snap.sim = { state: 'pin-required', pinRetries: left, pukRetries: e.details.pukRetries as number | undefined };
      }
      throw e;
    }
    if (x.snap.sim.state !== 'ready' && x.snap.sim.state !== 'initializing') {
      throw new ModemError('SIM_ILLEGAL_STATE', `SIM state ${x.snap.sim.state} after PIN`);
    }
  }
}

/** The next modem event matching `match`; a `gone` event fails with NO_DEVICE. */
function nextEvent(x: StepContext, modem: Modem, match: (e: ModemEvent) => boolean, timeoutMs: number, signal: AbortSignal): Promise<ModemEvent> {
  return waitFor<ModemEvent>('modem event', (done, fail) => modem.onEvent((e) => {
    if (e.type === 'gone') fail(new ModemError('NO_DEVICE', `modem gone: ${e.reason}`));
    else if (match(e)) done(e);
  }), { timeoutMs, signal, clock: x.clock });
}

/** Waits until registered (indications or the first answer), setting the reason as it goes; NETWORK_REGISTRATION_FAILED after the timeout. */
export async function waitRegistered(x: StepContext, modem: Modem, signal: AbortSignal): Promise<Registration> {
  const start = x.clock.now();
  const limit = x.config.registrationTimeoutMs;
  let latest: Registration | undefined;
  // `registered` is enough (OpenWrt qmi.sh waits for "registered" only): modems that attach on
  // demand, or report PS attach unknown, attach when Start Network asks for a bearer.
  const registered = (r: Registration) => r.state === 'registered';
  const needIdentity = () => { void x.identity(modem, signal); };
  // Why the network refuses, once known (Network Reject indication, or System Info's reject cause; radio-cache.ts).
  const refusal = () => {
    const r = x.snap.networkReject ?? x.snap.radio?.reject;
    return r && latest?.state !== 'registered' ? `${r.causeName} (${r.cause})` : undefined;
  };
  const describe = () => `waiting for registration: ${latest?.state ?? 'unknown'}${refusal() ? `, refused: ${refusal()}` : ''}, ${Math.round((x.clock.now() - start) / 1000)} s of ${Math.round(limit / 1000)} s`;
  return waitFor<Registration>('registration', (done, fail) => {
    let waiting = true; // a late registration() answer (after timeout/abort) must not overwrite a newer reason
    const off = modem.onEvent((e) => {
      if (e.type === 'gone') fail(new ModemError('NO_DEVICE', `modem gone: ${e.reason}`));
      if (e.type !== 'registration') return;
      latest = e.registration;
      x.snap.registration = latest;
      if (registered(latest)) done(latest); else { needIdentity(); x.setReason(describe()); }
    });
    modem.registration({ signal }).then((r) => {
      if (!waiting) return;
      latest = r;
      x.snap.registration = r;
      if (registered(r)) done(r); else { needIdentity(); x.setReason(describe()); }
    }, fail);
    return () => { waiting = false; off(); };
  }, { timeoutMs: limit, signal, clock: x.clock }).catch((e) => {
    if (e instanceof Error && e.name === 'WaitTimeoutError') {
      const why = refusal();
      throw new ModemError('NETWORK_REGISTRATION_FAILED', `not registered after ${Math.round(limit / 1000)} s (last state: ${latest?.state ?? 'unknown'})${why ? `; the network refused it: ${why}` : ''}`,
        [latest?.state ?? 'unknown', ...(why ? [`reject: ${why}`] : [])]);
    }
    throw e;
  });
}

/** The families `pdptype` asks for, IPv4 first. */
export function familiesOf(pdptype: SessionConfig['pdptype']): IpFamily[] {
  return pdptype === 'ipv4' ? [4] : pdptype === 'ipv6' ? [6] : [4, 6];
}

/**
 * Starts a data session per family of the config `c` (default: the session's; APN, auth, profile per family), each checked by
 * connectChecked (absurd IP settings stop the call: CALL_FAILED). One family
 * failing is logged and the others go on; all failing throws the first error. Aborted: the
 * sessions already started are stopped again before the abort is rethrown.
 */
export async function startSessions(x: StepContext, modem: Modem, signal: AbortSignal, c: SessionConfig = x.config): Promise<DataSession[]> {
  const out: DataSession[] = [];
  let firstError: unknown;
  for (const family of familiesOf(c.pdptype)) {
    try {
      out.push(await connectChecked(modem, {
        family, apn: family === 6 ? c.v6apn ?? c.apn : c.apn, auth: c.auth, username: c.username, password: c.password,
        profile: family === 6 ? c.v6profile ?? c.profile : c.profile, autoconnect: c.autoconnect, pdptype: c.pdptype,
      }, { signal }, x.log));
    } catch (e) {
      if (isAbort(e)) {
        for (const s of out) await withTimeout(5000, (sig) => modem.disconnect(s, { signal: sig }), x.clock).catch(() => undefined);
        throw e;
      }
      firstError ??= e;
      x.log.warn(`IPv${family} data session failed: ${(e as Error).message}`);
    }
  }
  if (out.length === 0) throw firstError;
  return out;
}
