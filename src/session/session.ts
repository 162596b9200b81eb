// Session: the per-interface connection state machine (open → SIM → register → connect → watch), protocol-agnostic.
import type { DataSession, Modem } from '../modem/modem';
import { ModemError } from '../modem/modem-errors';
import { Logger, silentLogger } from '../log';
import { Clock, delay, systemClock, withTimeout } from '../util/wait';
import { BackoffPolicy, DEFAULT_BACKOFF } from './backoff';
import { DeviceWaiter } from './device-wait';
import { StepContext, registerOnline, startSessions, unlockSim } from './connect-steps';
import { chooseSessionApn, savedApnChoice } from './apn-step';
import { LiveStatus } from './live-status';
import type { SignalSample } from './signal-history';
import { LinkReportContext, reportLinkUp } from './link-report';
import { SavedSession, adoptable, adoptedSnapshot, takeOver } from './adopt';
import { WatchEnd, earlyEndOf, watchConnected } from './watch';
import type { SessionConfig, SessionSnapshot } from './session-types';
import { InvalidTransitionError, SessionState, canTransition } from './states';

export type { ModemOpener, ModemRecoverer, SessionDeps } from './session-deps';
import type { SessionDeps } from './session-deps';
import { RecoveryCounters, RecoveryHost, afterError, afterLoss, isAbort } from './recovery';

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
  private identityFor?: Modem;
  private identityP?: Promise<void>;
  /** Backoff attempt, hang count, reconnects, port gone (recovery.ts). */
  private readonly counters: RecoveryCounters = { attempt: 0, hangs: 0, reconnects: 0, unavailable: false };
  private readonly recovery: RecoveryHost;
  private everOpened = false;
  private connectedAt = 0;
  private earlyEnd?: WatchEnd;
  private offEarly?: () => void;
  private readonly endListeners = new Set<() => void>();
  private readonly devices = new DeviceWaiter();
  private readonly log: Logger;
  private readonly clock: Clock;
  private readonly policy: BackoffPolicy;
  private readonly steps: StepContext;
  /** Signal, counters, the radio picture and the signal history for status (live-status.ts). */
  private readonly live: LiveStatus;

  constructor(readonly iface: string, readonly config: SessionConfig, private readonly deps: SessionDeps) {
    this.log = deps.log ?? silentLogger;
    this.clock = deps.clock ?? systemClock;
    this.since = this.clock.now();
    this.steps = {
      config, clock: this.clock, log: this.log, pinLedger: deps.pinLedger, snap: this.snapshotData,
      setReason: (r) => this.setReason(r), identity: (m, sig) => this.fetchIdentity(m, sig),
    };
    this.live = new LiveStatus(this.snapshotData, this.clock, this.log);
    this.policy = deps.backoff ?? { ...DEFAULT_BACKOFF, initialMs: config.reconnectMinMs ?? DEFAULT_BACKOFF.initialMs, maxMs: config.reconnectMaxMs ?? DEFAULT_BACKOFF.maxMs };
    this.recovery = {
      config, deps, log: this.log, clock: this.clock, policy: this.policy, counters: this.counters, snap: this.snapshotData, devices: this.devices,
      everOpened: () => this.everOpened, connectedAt: () => this.connectedAt, setState: (to, r) => this.setState(to, r),
      teardownModem: (polite) => this.teardownModem(polite), teardownSessionsOnly: () => this.teardownSessionsOnly(), reportError: (err) => this.reportError(err),
    };
  }

  /** A hotplug `add` for this session's device: a session waiting for its port goes on at once. */
  deviceAdded(): void { this.devices.notify(); }

  /** True while the control port is gone and netifd was told the interface is unavailable. */
  get waitingForDevice(): boolean { return this.counters.unavailable; }

  /** Current state name. */
  get currentState(): SessionState { return this.state; }

  /** The modem in use, if open. */
  get currentModem(): Modem | undefined { return this.modem; }

  /** A copy of what status shows. */
  snapshot(): SessionSnapshot {
    return { interface: this.iface, device: this.config.device, state: this.state, since: this.since, reason: this.reason, reconnects: this.counters.reconnects, ...this.snapshotData,
      roundTrips: this.modem?.roundTrips ?? this.snapshotData.roundTrips };
  }

  /**
   * Brings signal and counters up to date for `status` without a modem round trip per call
   * (status-cache.ts: signal from indications, counters at most once a second, in the
   * background). Waits (≤ timeoutMs) only while nothing is known yet: then returns a promise
   * (never rejects), otherwise undefined — the snapshot is current now. Never throws.
   */
  refresh(timeoutMs = 2000): Promise<void> | undefined { return this.live.refresh(this.modem, this.state, timeoutMs); }

  /** The last hour of signal (signal-history.ts), oldest first; no modem round trip. */
  signalHistory(): SignalSample[] { return this.live.samples(); }

  /** Keeps the snapshot's signal current from the modem's own events while it is open. */
  private followSignal(modem: Modem): void { this.live.follow(modem, (m) => this.modem === m); }

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

  /**
   * Starts (or restarts after `failed`) the flow; returns at once. With `saved` (what a previous
   * daemon persisted), the running data session is taken over first — no CTL Sync, no new call,
   * netifd not disturbed; when that is impossible, netifd is told the link is down and the
   * session connects afresh.
   */
  start(saved?: SavedSession): void {
    if (this.runPromise) return;
    this.abort = new AbortController();
    this.counters.attempt = 0;
    this.runPromise = this.run(this.abort.signal, saved).finally(() => { this.runPromise = undefined; });
  }

  /** What a later daemon needs to adopt this session, or undefined while no data session is up. */
  savedState(): SavedSession | undefined {
    if (!this.modem || this.sessions.length === 0) return undefined;
    return { handoff: this.modem.handoff?.(), sessions: this.sessions.map((s) => ({ ...s })), connectedSince: this.connectedAt || this.clock.now(), ifname: this.deps.hooks.networkDevice,
      apnChoice: this.snapshotData.apnChoice };
  }

  /** Hands the current state to deps.persist (data sessions just started or adopted). Never throws. */
  private persist(): void {
    const saved = this.savedState();
    if (!saved || !this.deps.persist) return;
    try { this.deps.persist(saved); } catch (e) { this.log.error(`persist: ${(e as Error).message}`); }
  }

  /**
   * netifd asked for the interface again with the same config (after a netifd restart it re-runs
   * setup): when connected, report the current link once more — no reconnect. Never throws.
   */
  async relink(): Promise<void> {
    const modem = this.modem;
    if (this.state !== 'connected' || !modem) return;
    this.log.info('netifd set the interface up again: reporting the running connection');
    const signal = this.abort.signal;
    // Retried like the first link-up while netifd/ubus fail; given up once the connection is lost or stopped.
    await reportLinkUp(this.linkReport(() => this.state !== 'connected' || this.modem !== modem), this.sessions, modem, signal)
      .then(() => { if (this.state === 'connected') this.snapshotData.lastError = undefined; },
        (e) => { if (!signal.aborted) this.log.warn(`re-report link-up: ${(e as Error).message}`); });
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
    this.counters.reconnects++;
    this.setState(this.state === 'failed' ? 'opening' : 'reconnecting', 'reconnect requested');
    this.abort = new AbortController();
    this.counters.attempt = 0;
    this.runPromise = this.run(this.abort.signal).finally(() => { this.runPromise = undefined; });
  }

  /** Stops the data sessions (unless the modem is hung or gone: `polite` false) and closes the modem. */
  private async teardownModem(polite = true): Promise<void> {
    const m = this.modem;
    this.modem = undefined;
    this.live.closed(m !== undefined);
    if (!m) return;
    const sessions = this.sessions;
    this.sessions = [];
    if (polite) {
      await withTimeout(5000, async (signal) => {
        for (const s of sessions) await m.disconnect(s, { signal }).catch((e) => this.log.warn(`stop network: ${(e as Error).message}`));
      }, this.clock);
    }
    await m.close({ polite });
  }

  /**
   * The flow, forever until aborted: connect, watch, and after a loss recover by its kind —
   * a drop reconnects on the same modem (first at once, consecutive ones backing off), lost
   * registration reopens the modem, a vanished port waits for hotplug, a hang climbs the ladder
   * (escalation.ts). Other errors are reported and retried with backoff; permanent ones end in failed.
   */
  private async run(signal: AbortSignal, saved?: SavedSession): Promise<void> {
    for (;;) {
      let wait = 0;
      try {
        const adopted = saved !== undefined && await this.adoptOnce(saved, signal);
        saved = undefined;
        if (!adopted) await this.connectOnce(signal);
        this.counters.hangs = 0;
        const end = await this.watch(signal);
        wait = await this.afterLoss(end, signal);
      } catch (e) {
        if (isAbort(e) || signal.aborted) return;
        try {
          const w = await this.afterError(e, signal);
          if (w === undefined) return;
          wait = w;
        } catch (e2) {
          if (isAbort(e2) || signal.aborted) return;
          throw e2;
        }
      }
      if (wait > 0) {
        this.setState('reconnecting', `${this.reason.replace(/; retrying in .*$/, '')}; retrying in ${Math.round(wait / 1000)} s`);
        try { await delay(wait, signal, this.clock); } catch { return; }
      }
    }
  }

  /** Handles the end of a connection (recovery.ts afterLoss); returns the delay before connecting again. */
  private afterLoss(end: WatchEnd, signal: AbortSignal): Promise<number> { return afterLoss(this.recovery, end, signal); }

  /** Handles a failed attempt (recovery.ts afterError); returns the delay before the next one, or undefined when the session ends in failed. */
  private afterError(e: unknown, signal: AbortSignal): Promise<number | undefined> { return afterError(this.recovery, e, signal); }

  private async teardownSessionsOnly(): Promise<void> {
    const m = this.modem;
    if (!m) return;
    const sessions = this.sessions;
    this.sessions = [];
    for (const s of sessions) await withTimeout(5000, (signal) => m.disconnect(s, { signal }), this.clock).catch(() => undefined);
  }

  private async reportError(err: ModemError): Promise<void> {
    this.log.warn(`${err.code}: ${err.message}`);
    if (this.modem) void this.fetchIdentity(this.modem, this.abort.signal);
    this.snapshotData.lastError = { code: err.code, message: err.message, data: err.data, permanent: err.permanent, at: this.clock.now() };
    await this.deps.hooks.error(err.code, err.message, err.data, err.permanent).catch((e) => this.log.warn(`report error to netifd: ${(e as Error).message}`));
  }

  /**
   * Takes over the data session a previous daemon left running (adopt.ts). True when adopted:
   * the session is `connected` with netifd untouched. False when not: netifd was told the link
   * is down (it still thinks it up) and the normal flow connects afresh.
   */
  private async adoptOnce(saved: SavedSession, signal: AbortSignal): Promise<boolean> {
    if (!adoptable(saved) || !this.deps.adoptModem) return false;
    this.setState('opening', `taking over the data session a previous qmi4gd left on ${this.config.device}`);
    const a = await takeOver(this.deps.adoptModem, saved, signal, this.log, async (why) => {
      await this.deps.hooks.linkDown(`previous data session lost: ${why}`).catch((x) => this.log.warn(`link down: ${(x as Error).message}`));
      this.setState('reconnecting', `the previous data session could not be taken over (${why}); connecting afresh`);
    });
    if (!a) return false;
    this.modem = a.modem;
    this.counters.resetOffer = a.modem.modemResetOffer;
    this.followSignal(a.modem);
    this.sessions = a.sessions;
    this.everOpened = true;
    Object.assign(this.snapshotData, adoptedSnapshot(a));
    this.snapshotData.apnChoice = savedApnChoice(saved.apnChoice);
    this.connectedAt = saved.connectedSince ?? this.clock.now();
    this.snapshotData.connectedSince = this.connectedAt;
    this.deps.hooks.resume?.(a.sessions, a.modem, saved.ifname);
    this.persist();
    // The previous daemon died before netifd took the link-up: report it now.
    if (saved.netifdUp === false) await this.deps.hooks.linkUp(a.sessions, a.modem).catch((e) => this.log.warn(`link-up after take-over: ${(e as Error).message}`));
    this.setState('connected', `connected via ${a.registration?.operator ?? 'network'} (${a.registration?.rat ?? 'unknown'}); taken over from the previous qmi4gd`);
    void this.fetchIdentity(a.modem, signal);
    void a.modem.signal({ signal }).then((sig) => this.live.signal(sig), () => undefined);
    return true;
  }

  private async connectOnce(signal: AbortSignal): Promise<void> {
    const c = this.config;
    if (!this.modem) {
      if (this.state === 'down' || this.state === 'failed') this.setState('opening', `opening ${c.device}`);
      else this.setState('opening', `opening ${c.device} again`);
      if (c.delayMs > 0 && this.counters.attempt === 0 && this.counters.reconnects === 0) {
        this.setReason(`waiting ${c.delayMs / 1000} s (option delay) before touching the modem`);
        await delay(c.delayMs, signal, this.clock);
      }
      this.modem = await this.deps.openModem(c.device, signal);
      this.counters.resetOffer = this.modem.modemResetOffer;
      this.followSignal(this.modem);
      this.everOpened = true;
      this.snapshotData.protocol = this.modem.protocol;
      this.snapshotData.dataFormat = this.modem.dataFormat;
    }
    const modem = this.modem;
    this.setState('sim', 'checking the SIM');
    // Identity is for status (and the ICCID for the PIN ledger): it is fetched off the critical
    // path — when the SIM wants a PIN, while registration is awaited, or once connected.
    await unlockSim(this.steps, modem, signal, await modem.simStatus({ signal }));
    // apn_by_iccid / apn auto: the APN of this SIM (apn-step.ts; no round trip otherwise).
    const eff = await chooseSessionApn(this.steps, modem, signal);
    // LTE attaches with the attach profile: write it before registration (qmi.sh writes 3gpp,1).
    if (eff.apn && modem.setAttachProfile) await modem.setAttachProfile({ apn: eff.apn, pdptype: c.pdptype }, { signal });
    this.setState('registering', 'waiting for registration');
    this.snapshotData.registration = await registerOnline(this.steps, modem, signal);
    // Signal is for status only: fetched alongside the data session, never waited for (then kept by indications).
    void modem.signal({ signal }).then((sig) => this.live.signal(sig), () => undefined);
    this.setState('connecting', `starting the data session (APN ${eff.apn ?? 'default'})`);
    // A drop or port loss between Start Network and the watch (link-up to netifd takes a while)
    // must not be missed: remember it here, the watch starts with it.
    this.earlyEnd = undefined;
    this.offEarly?.();
    this.offEarly = modem.onEvent((e) => {
      const end = earlyEndOf(e, this.sessions);
      if (!end) return;
      this.earlyEnd ??= end;
      for (const l of [...this.endListeners]) l();
    });
    this.sessions = await startSessions(this.steps, modem, signal, eff);
    this.snapshotData.ipv4 = this.sessions.find((s) => s.family === 4)?.settings;
    this.snapshotData.ipv6 = this.sessions.find((s) => s.family === 6)?.settings;
    this.snapshotData.apn = this.sessions[0]?.apn;
    // Saved before netifd hears of it: a daemon dying from here on leaves a call the next one adopts.
    this.persist();
    // A drop while netifd is being told (or refuses) is handled by watch(), which starts with it.
    if (!await this.reportLinkUp(modem, signal)) return;
    this.connectedAt = this.clock.now();
    this.snapshotData.connectedSince = this.connectedAt;
    this.snapshotData.lastError = undefined;
    this.live.newDataSession(); // a new data session: its counters start again
    this.setState('connected', `connected via ${this.snapshotData.registration?.operator ?? 'network'} (${this.snapshotData.registration?.rat ?? 'unknown'})`);
    void this.fetchIdentity(modem, signal);
  }

  /** Link-up to netifd, retried without touching the modem while netifd/ubus fail (link-report.ts). False: the connection ended meanwhile. */
  private reportLinkUp(modem: Modem, signal: AbortSignal): Promise<boolean> {
    return reportLinkUp(this.linkReport(() => this.earlyEnd !== undefined), this.sessions, modem, signal);
  }

  private linkReport(ended: () => boolean): LinkReportContext {
    return {
      hooks: this.deps.hooks, clock: this.clock, log: this.log, policy: this.policy, random: this.deps.random, ended,
      setReason: (r) => this.setReason(r),
      recordError: (message) => { this.snapshotData.lastError = { code: 'NETIFD_ERROR', message, data: [], permanent: false, at: this.clock.now() }; },
      onEnded: (l) => { this.endListeners.add(l); return () => { this.endListeners.delete(l); }; },
    };
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

  /** Watches a connected session (watch.ts); resolves with why it must reconnect. */
  private watch(signal: AbortSignal): Promise<WatchEnd> {
    this.offEarly?.();
    this.offEarly = undefined;
    if (this.earlyEnd) return Promise.resolve(this.earlyEnd);
    return watchConnected({
      modem: this.modem!, families: this.sessions.map((s) => s.family), registrationGraceMs: this.config.registrationGraceMs,
      livenessIntervalMs: this.config.livenessIntervalMs ?? 60_000, livenessTimeoutMs: this.config.livenessTimeoutMs ?? 10_000,
      clock: this.clock, signal, watchdog: this.deps.watchdog, ifname: this.deps.hooks.networkDevice,
      setReason: (r) => this.setReason(r),
      onRegistration: (r) => { this.snapshotData.registration = r; },
      onSignal: (sig) => this.live.signal(sig),
    });
  }
}
