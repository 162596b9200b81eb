// Session: the per-interface connection state machine (open → SIM → register → connect → watch), protocol-agnostic.
import type { DataSession, IpFamily, Modem, ModemEvent, Registration, SimStatus } from '../modem/modem';
import { ModemError } from '../modem/modem-errors';
import { Logger, silentLogger } from '../log';
import { AbortedError, Clock, delay, systemClock, waitFor } from '../util/wait';
import { BackoffPolicy, DEFAULT_BACKOFF, backoffDelay } from './backoff';
import { PinLedger, decidePin } from './pin-policy';
import type { SessionConfig, SessionHooks, SessionSnapshot } from './session-types';
import { InvalidTransitionError, SessionState, canTransition } from './states';

/** Opens the modem of a session (QmiModem.open / MbimModem.open, or a fake in tests). */
export type ModemOpener = (device: string, signal: AbortSignal) => Promise<Modem>;

/** Session dependencies; clock and random injectable for tests. */
export interface SessionDeps {
  openModem: ModemOpener;
  hooks: SessionHooks;
  pinLedger: PinLedger;
  log?: Logger;
  clock?: Clock;
  backoff?: BackoffPolicy;
  random?: () => number;
}

/** Awaits two promises together; when one fails the other's later failure is not left unhandled. */
function both<A, B>(a: Promise<A>, b: Promise<B>): Promise<[A, B]> {
  a.catch(() => undefined);
  b.catch(() => undefined);
  return Promise.all([a, b]);
}

function isAbort(e: unknown): boolean { return e instanceof AbortedError || (e instanceof Error && /abort/i.test(e.name)); }

/**
 * One interface's connection. `start()` runs the flow in the background; `stop()` tears down
 * from any state (stop network, release CIDs). Errors are reported through hooks: permanent ones
 * end in `failed` (restarts blocked), the others are retried with backoff in `reconnecting`.
 */
export class Session {
  private state: SessionState = 'down';
  private since: number;
  private reason = 'not started';
  private abort = new AbortController();
  private runPromise?: Promise<void>;
  private modem?: Modem;
  private sessions: DataSession[] = [];
  private snapshotData: Omit<SessionSnapshot, 'interface' | 'device' | 'state' | 'since' | 'reason' | 'reconnects'> = {};
  private reconnects = 0;
  private identityFor?: Modem;
  private identityP?: Promise<void>;
  private attempt = 0;
  private readonly log: Logger;
  private readonly clock: Clock;

  constructor(readonly iface: string, readonly config: SessionConfig, private readonly deps: SessionDeps) {
    this.log = deps.log ?? silentLogger;
    this.clock = deps.clock ?? systemClock;
    this.since = this.clock.now();
  }

  /** Current state name. */
  get currentState(): SessionState { return this.state; }

  /** The modem in use, if open. */
  get currentModem(): Modem | undefined { return this.modem; }

  /** A copy of what status shows. */
  snapshot(): SessionSnapshot {
    return { interface: this.iface, device: this.config.device, state: this.state, since: this.since, reason: this.reason, reconnects: this.reconnects, ...this.snapshotData,
      roundTrips: this.modem?.roundTrips ?? this.snapshotData.roundTrips };
  }

  /** Refreshes signal and counters from the modem (bounded wait); used by `status`. Never throws. */
  async refresh(timeoutMs = 2000): Promise<void> {
    const m = this.modem;
    if (!m || (this.state !== 'connected' && this.state !== 'registering')) return;
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      this.snapshotData.signal = await m.signal({ signal });
      if (this.state === 'connected') this.snapshotData.counters = await m.counters({ signal });
    } catch (e) { this.log.debug(`refresh: ${(e as Error).message}`); }
  }

  private setState(to: SessionState, reason: string): void {
    if (to !== this.state && !canTransition(this.state, to)) throw new InvalidTransitionError(this.state, to);
    const changed = to !== this.state;
    this.state = to;
    this.reason = reason;
    if (changed) this.since = this.clock.now();
    this.log.info(`${to}: ${reason}`);
    this.deps.hooks.stateChanged(this.snapshot());
  }

  private setReason(reason: string): void {
    this.reason = reason;
    this.deps.hooks.stateChanged(this.snapshot());
  }

  /** Starts (or restarts after `failed`) the flow; returns at once. */
  start(): void {
    if (this.runPromise) return;
    this.abort = new AbortController();
    this.attempt = 0;
    this.runPromise = this.run(this.abort.signal).finally(() => { this.runPromise = undefined; });
  }

  /** Stops from any state: aborts waits, stops data sessions, releases the modem. Resolves when down. */
  async stop(reason = 'interface down'): Promise<void> {
    this.abort.abort();
    await this.runPromise?.catch(() => undefined);
    if (this.state === 'down') return;
    const wasLinked = this.state === 'connected' || this.state === 'reconnecting';
    this.setState('disconnecting', reason);
    if (wasLinked) await this.deps.hooks.linkDown(reason).catch((e) => this.log.warn(`link down: ${(e as Error).message}`));
    await this.teardownModem();
    this.setState('down', reason);
  }

  /** Drops the data sessions and connects again (ubus `reconnect`). */
  async reconnect(): Promise<void> {
    this.abort.abort();
    await this.runPromise?.catch(() => undefined);
    if (this.state === 'down' || this.state === 'disconnecting') return;
    await this.deps.hooks.linkDown('reconnect requested').catch(() => undefined);
    await this.teardownModem();
    this.reconnects++;
    this.setState(this.state === 'failed' ? 'opening' : 'reconnecting', 'reconnect requested');
    this.abort = new AbortController();
    this.attempt = 0;
    this.runPromise = this.run(this.abort.signal).finally(() => { this.runPromise = undefined; });
  }

  private async teardownModem(): Promise<void> {
    const m = this.modem;
    this.modem = undefined;
    if (!m) return;
    const signal = AbortSignal.timeout(5000);
    for (const s of this.sessions) await m.disconnect(s, { signal }).catch((e) => this.log.warn(`stop network: ${(e as Error).message}`));
    this.sessions = [];
    await m.close();
  }

  private async run(signal: AbortSignal): Promise<void> {
    for (;;) {
      try {
        await this.connectOnce(signal);
        const why = await this.watch(signal);
        await this.deps.hooks.linkDown(why).catch(() => undefined);
        this.reconnects++;
        this.setState('reconnecting', why);
        if (this.modem && why.startsWith('data session')) {
          await this.teardownSessionsOnly();
        } else {
          await this.teardownModem();
        }
      } catch (e) {
        if (isAbort(e) || signal.aborted) return;
        const err = e instanceof ModemError ? e : new ModemError('MODEM_UNRESPONSIVE', (e as Error).message);
        await this.reportError(err);
        if (err.permanent) {
          await this.teardownModem();
          this.setState('failed', err.message);
          return;
        }
        if (err.code === 'NO_DEVICE' || err.code === 'MODEM_UNRESPONSIVE') await this.teardownModem();
        else await this.teardownSessionsOnly(); // e.g. linkUp failed after connect: do not leave a session up on the modem
        const wait = backoffDelay(this.attempt++, this.deps.backoff ?? DEFAULT_BACKOFF, this.deps.random);
        this.setState('reconnecting', `${err.message}; retrying in ${Math.round(wait / 1000)} s`);
        try { await delay(wait, signal, this.clock); } catch { return; }
      }
    }
  }

  private async teardownSessionsOnly(): Promise<void> {
    const m = this.modem;
    if (!m) return;
    for (const s of this.sessions) await m.disconnect(s, { signal: AbortSignal.timeout(5000) }).catch(() => undefined);
    this.sessions = [];
  }

  private async reportError(err: ModemError): Promise<void> {
    this.log.warn(`${err.code}: ${err.message}`);
    if (this.modem) void this.fetchIdentity(this.modem, this.abort.signal);
    this.snapshotData.lastError = { code: err.code, message: err.message, data: err.data, permanent: err.permanent, at: this.clock.now() };
    await this.deps.hooks.error(err.code, err.message, err.data, err.permanent).catch((e) => this.log.warn(`report error to netifd: ${(e as Error).message}`));
  }

  private async connectOnce(signal: AbortSignal): Promise<void> {
    const c = this.config;
    if (!this.modem) {
      if (this.state === 'down' || this.state === 'failed') this.setState('opening', `opening ${c.device}`);
      else this.setState('opening', `opening ${c.device} again`);
      if (c.delayMs > 0 && this.attempt === 0 && this.reconnects === 0) {
        this.setReason(`waiting ${c.delayMs / 1000} s (option delay) before touching the modem`);
        await delay(c.delayMs, signal, this.clock);
      }
      this.modem = await this.deps.openModem(c.device, signal);
      this.snapshotData.protocol = this.modem.protocol;
      this.snapshotData.dataFormat = this.modem.dataFormat;
    }
    const modem = this.modem;
    this.setState('sim', 'checking the SIM');
    // Identity is for status (and the ICCID for the PIN ledger): it is fetched off the critical
    // path — when the SIM wants a PIN, while registration is awaited, or once connected.
    await this.unlockSim(modem, signal, await modem.simStatus({ signal }));
    this.setState('registering', 'waiting for registration');
    const r = c.radio;
    if (r.modes !== undefined || r.plmn !== undefined || r.allowRoaming === false) {
      await both(modem.setOnline({ signal }), modem.setRadioPreferences(r, { signal }));
      this.snapshotData.registration = await this.waitRegistered(modem, signal);
    } else {
      // Nothing changes the radio's choice: ask for registration while making sure it is online.
      [, this.snapshotData.registration] = await both(modem.setOnline({ signal }), this.waitRegistered(modem, signal));
    }
    // Signal is for status only: fetched alongside the data session, never waited for.
    void modem.signal({ signal }).then((sig) => { this.snapshotData.signal = sig; }, () => undefined);
    this.setState('connecting', `starting the data session (APN ${c.apn ?? 'default'})`);
    this.sessions = await this.startSessions(modem, signal);
    this.snapshotData.ipv4 = this.sessions.find((s) => s.family === 4)?.settings;
    this.snapshotData.ipv6 = this.sessions.find((s) => s.family === 6)?.settings;
    this.snapshotData.apn = this.sessions[0]?.apn;
    await this.deps.hooks.linkUp(this.sessions, modem);
    this.attempt = 0;
    this.snapshotData.connectedSince = this.clock.now();
    this.snapshotData.lastError = undefined;
    this.setState('connected', `connected via ${this.snapshotData.registration?.operator ?? 'network'} (${this.snapshotData.registration?.rat ?? 'unknown'})`);
    void this.fetchIdentity(modem, signal);
  }

  private async unlockSim(modem: Modem, signal: AbortSignal, first?: SimStatus): Promise<void> {
    const deadline = this.clock.now() + this.config.registrationTimeoutMs;
    let known = first;
    for (;;) {
      const sim = known ?? await modem.simStatus({ signal });
      known = undefined;
      this.snapshotData.sim = sim;
      const pin = this.config.pincode;
      if (sim.state === 'pin-required' && pin) await this.fetchIdentity(modem, signal);
      const simId = this.snapshotData.modem?.iccid ?? this.config.device;
      const d = decidePin(sim, pin, !!pin && this.deps.pinLedger.wasRejected(simId, pin));
      if (d.action === 'proceed') return;
      if (d.action === 'fail') throw new ModemError(d.code, d.reason);
      if (d.action === 'wait') {
        const left = deadline - this.clock.now();
        if (left <= 0) throw new ModemError('SIM_NOT_INITIALIZED', `SIM still initialising after ${this.config.registrationTimeoutMs / 1000} s`);
        this.setReason(d.reason);
        await this.nextEvent(modem, (e) => e.type === 'sim', Math.min(left, 5000), signal).catch((e) => { if (isAbort(e)) throw e; });
        continue;
      }
      this.setReason(`sending the PIN (${sim.pinRetries} tries left)`);
      try {
        this.snapshotData.sim = await modem.verifyPin(pin!, { signal });
      } catch (e) {
        if (e instanceof ModemError && e.code === 'PIN_FAILED') {
          this.deps.pinLedger.reject(simId, pin!);
          const left = e.details.pinRetries as number | undefined;
          this.snapshotData.sim = { state: 'pin-required', pinRetries: left, pukRetries: e.details.pukRetries as number | undefined };
        }
        throw e;
      }
      if (this.snapshotData.sim.state !== 'ready' && this.snapshotData.sim.state !== 'initializing') {
        throw new ModemError('SIM_ILLEGAL_STATE', `SIM state ${this.snapshotData.sim.state} after PIN`);
      }
    }
  }

  /** Fetches the modem's identity once per open modem (never throws; status shows what arrived). */
  private fetchIdentity(modem: Modem, signal: AbortSignal): Promise<void> {
    if (this.identityFor === modem && this.identityP) return this.identityP;
    this.identityFor = modem;
    this.identityP = modem.identify({ signal }).then((id) => {
      if (this.modem === modem) { this.snapshotData.modem = id; this.deps.hooks.stateChanged(this.snapshot()); }
    }, (e) => this.log.debug(`identify: ${(e as Error).message}`));
    return this.identityP;
  }

  private nextEvent(modem: Modem, match: (e: ModemEvent) => boolean, timeoutMs: number, signal: AbortSignal): Promise<ModemEvent> {
    return waitFor<ModemEvent>('modem event', (done, fail) => modem.onEvent((e) => {
      if (e.type === 'gone') fail(new ModemError('NO_DEVICE', `modem gone: ${e.reason}`));
      else if (match(e)) done(e);
    }), { timeoutMs, signal, clock: this.clock });
  }

  private async waitRegistered(modem: Modem, signal: AbortSignal): Promise<Registration> {
    const start = this.clock.now();
    const limit = this.config.registrationTimeoutMs;
    let latest: Registration | undefined;
    const registered = (r: Registration) => r.state === 'registered' && r.psAttached !== false;
    const needIdentity = () => { void this.fetchIdentity(modem, signal); };
    const describe = () => `waiting for registration: ${latest?.state ?? 'unknown'}, ${Math.round((this.clock.now() - start) / 1000)} s of ${Math.round(limit / 1000)} s`;
    return waitFor<Registration>('registration', (done, fail) => {
      let waiting = true; // a late registration() answer (after timeout/abort) must not overwrite a newer reason
      const off = modem.onEvent((e) => {
        if (e.type === 'gone') fail(new ModemError('NO_DEVICE', `modem gone: ${e.reason}`));
        if (e.type !== 'registration') return;
        latest = e.registration;
        this.snapshotData.registration = latest;
        if (registered(latest)) done(latest); else { needIdentity(); this.setReason(describe()); }
      });
      modem.registration({ signal }).then((r) => {
        if (!waiting) return;
        latest = r;
        this.snapshotData.registration = r;
        if (registered(r)) done(r); else { needIdentity(); this.setReason(describe()); }
      }, fail);
      return () => { waiting = false; off(); };
    }, { timeoutMs: limit, signal, clock: this.clock }).catch((e) => {
      if (e instanceof Error && e.name === 'WaitTimeoutError') {
        throw new ModemError('NETWORK_REGISTRATION_FAILED', `not registered after ${Math.round(limit / 1000)} s (last state: ${latest?.state ?? 'unknown'})`, [latest?.state ?? 'unknown']);
      }
      throw e;
    });
  }

  private families(): IpFamily[] {
    return this.config.pdptype === 'ipv4' ? [4] : this.config.pdptype === 'ipv6' ? [6] : [4, 6];
  }

  private async startSessions(modem: Modem, signal: AbortSignal): Promise<DataSession[]> {
    const c = this.config;
    const out: DataSession[] = [];
    let firstError: unknown;
    for (const family of this.families()) {
      try {
        out.push(await modem.connect({
          family, apn: family === 6 ? c.v6apn ?? c.apn : c.apn, auth: c.auth, username: c.username, password: c.password,
          profile: family === 6 ? c.v6profile ?? c.profile : c.profile,
        }, { signal }));
      } catch (e) {
        if (isAbort(e)) { await this.disconnectAll(modem, out); throw e; }
        firstError ??= e;
        this.log.warn(`IPv${family} data session failed: ${(e as Error).message}`);
      }
    }
    if (out.length === 0) throw firstError;
    return out;
  }

  private async disconnectAll(modem: Modem, list: DataSession[]): Promise<void> {
    for (const s of list) await modem.disconnect(s, { signal: AbortSignal.timeout(5000) }).catch(() => undefined);
  }

  /** Watches a connected session; resolves with why it must reconnect. */
  private watch(signal: AbortSignal): Promise<string> {
    const modem = this.modem!;
    let graceTimer: unknown;
    return waitFor<string>('connected', (done) => {
      const off = modem.onEvent((e) => {
        if (e.type === 'gone') done(`modem gone: ${e.reason}`);
        else if (e.type === 'session-down' && this.sessions.some((s) => s.family === e.family)) done(`data session IPv${e.family} dropped: ${e.reason ?? 'no reason given'}`);
        else if (e.type === 'signal') this.snapshotData.signal = e.signal;
        else if (e.type === 'registration') {
          this.snapshotData.registration = e.registration;
          if (e.registration.state === 'registered') {
            if (graceTimer !== undefined) { this.clock.clearTimeout(graceTimer); graceTimer = undefined; this.setReason('registration back'); }
          } else if (graceTimer === undefined) {
            this.setReason(`registration lost (${e.registration.state}); holding the link for ${this.config.registrationGraceMs / 1000} s`);
            graceTimer = this.clock.setTimeout(() => done(`registration lost for ${this.config.registrationGraceMs / 1000} s`), this.config.registrationGraceMs);
          }
        }
      });
      return () => { off(); if (graceTimer !== undefined) this.clock.clearTimeout(graceTimer); };
    }, { signal, clock: this.clock });
  }
}
