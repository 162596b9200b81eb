// Protocol-neutral modem model for the simulator: SIM, radio, registration and data sessions with an injectable clock.
import { EventEmitter } from 'node:events';
import { Clock, systemClock } from '../util/wait';
import type { ApnRejection, IpSettings, PdpKind, Rat, ResolvedScenario } from './scenario';
import { SmsStore } from './sms-store';
import { VendorState } from './vendor-state';
import { SimRadio } from './bands-scan-scenario';

/** Operating modes the model knows (DMS names; an MBIM responder maps radio on/off onto them). */
export type ModelOperatingMode = 'online' | 'low-power' | 'offline';
/** SIM lock state: `blocked` = PUK retries exhausted (permanently blocked). */
export type ModelSimState = 'ready' | 'pin' | 'puk' | 'blocked' | 'absent';
/** Registration: `off` while the radio is off; `searching` until the delay passes. */
export type ModelRegistrationState = 'off' | 'searching' | 'registered' | 'denied';

/** The SIM as a client would see it; `initializing` while the card is still being read (scenario `sim.initDelayMs`). */
export interface SimView { state: ModelSimState; pinRetries: number; pukRetries: number; initializing: boolean }

/** The serving network as a client would see it (values meaningful when registered). */
export interface RegistrationView {
  state: ModelRegistrationState;
  roaming: boolean;
  mcc: number; mnc: number; mncDigits: 2 | 3; operator: string; rat: Rat;
  lac: number; cellId: number; tac: number;
}

/** Why a data session ended or was refused: call-end reason and optional verbose type/reason (libqmi qmi-enums-wds.h). */
export type CallEnd = ApnRejection;

/** One data session. `owner` is an opaque key of the responder (e.g. "wds:3"). */
export interface DataSession {
  readonly handle: number;
  readonly owner: string;
  readonly apn: string;
  readonly family: 4 | 6;
  readonly auth: number;
  readonly username: string | undefined;
  /** Start Network asked the modem to redial by itself (WDS TLV 0x33). */
  readonly autoconnect: boolean;
  readonly startedAt: number;
  readonly settings: IpSettings;
  readonly mtu: number;
}

/** What startSession asked for: APN, IP family (4/6), auth bits (PAP 1, CHAP 2). Username only, never the password. */
export interface SessionRequest { owner: string; apn: string; family: 4 | 6; auth?: number; username?: string; autoconnect?: boolean }

/** Result of startSession: the session, or the call-end reason the network gave. */
export type StartResult = { ok: true; session: DataSession } | { ok: false; end: CallEnd };

/** Result of a PIN operation: `incorrect` consumed a retry; `not-allowed` = wrong state (e.g. PUK needed). */
export type PinResult = { ok: true; sim: SimView } | { ok: false; error: 'incorrect' | 'not-allowed' | 'absent'; sim: SimView };

/** Packet counters of a session (bytes and packets, grow while connected). */
export interface PacketStats { txPackets: number; rxPackets: number; txBytes: bigint; rxBytes: bigint }

/** Call-end reasons the model uses itself (libqmi qmi-enums-wds.h). */
export const CallEndReason = Object.freeze({
  /** 2 client end: the host stopped the session. */
  clientEnd: { reason: 2 } as CallEnd,
  /** 1003 network end + verbose 3GPP 36 regular deactivation: the network dropped the session. */
  networkEnd: { reason: 1003, verboseType: 6, verboseReason: 36 } as CallEnd,
  /** 1002 no service: not registered. */
  noService: { reason: 1002 } as CallEnd,
  /** 1 unspecified + verbose internal 219 (LPM or power down): the radio went off. */
  lowPower: { reason: 1, verboseType: 2, verboseReason: 219 } as CallEnd,
});

const TX_BYTES_PER_S = 3_000;
const RX_BYTES_PER_S = 12_000;
const BYTES_PER_PACKET = 600;

/**
 * The simulated modem's state and transitions, free of any wire protocol.
 * Events: 'sim' (SimView), 'registration' (RegistrationView), 'operating-mode' (mode), 'signal' (setSignal),
 * 'session' ({session, connected: true} | {session, connected: false, end: CallEnd}),
 * 'session-dropped' ({session, end}) when the network (or a test) ended a session.
 */
export class ModemModel extends EventEmitter {
  operatingMode: ModelOperatingMode;
  dataFormat: '802.3' | 'raw-ip';
  /** NAS system selection kept in NV: mode preference bits and roaming preference (scenario `selection`). */
  readonly selection: { modePreference: number; roamingPreference: number };
  /** Band preference and scan state (src/sim/radio.ts; scenario `radio`). */
  readonly radio: SimRadio;
  private simState: ModelSimState;
  private pinRetries: number;
  private pukRetries: number;
  private pin: string;
  private reg: RegistrationView;
  private regTimer: unknown;
  private simInitializing: boolean;
  private simInitTimer: unknown;
  private readonly endedTotals: PacketStats = { txPackets: 0, rxPackets: 0, txBytes: 0n, rxBytes: 0n };
  private readonly sessions = new Map<number, DataSession>();
  private readonly ended = new Set<number>();
  /** Autoconnect settings turned off by Stop Network TLV 0x10 (test hook: how often). */
  autoconnectDisabled = 0;
  /** DMS Set Operating Mode reset requests the modem accepted (test hook). */
  resets = 0;
  /** FCC lock and USB composition (vendor-state.ts); emits 'reenumerate' through the model. */
  readonly vendor: VendorState;
  private readonly verifyErrors: number[];
  private readonly sig: ResolvedScenario['signal'];
  private readonly dropTimers = new Map<number, unknown>();
  private nextHandle = 0x8a510001;
  private registrationNever: boolean;
  private registrationDenied: boolean;
  /** 3GPP profiles by index (1 = the attach profile). */
  private readonly profiles = new Map<number, { apn: string; pdpType: PdpKind }>();
  /** Profile 1 as it was when the modem last attached (registered). */
  private attachedWith: { apn: string; pdpType: PdpKind } | undefined;

  /** The SMS stores and the network's SMS side. */
  readonly sms: SmsStore;

  constructor(readonly scenario: ResolvedScenario, readonly clock: Clock = systemClock) {
    super();
    this.sms = new SmsStore(scenario.sms, clock);
    // An FCC-locked radio cannot boot online: it starts in low power.
    this.operatingMode = scenario.fccLock && scenario.operatingMode === 'online' ? 'low-power' : scenario.operatingMode;
    this.vendor = new VendorState(scenario.fccLock, scenario.usbComposition, (ev, r) => this.emit(ev, r), scenario.identity.imei);
    this.dataFormat = scenario.dataFormat;
    this.selection = { ...scenario.selection };
    this.radio = new SimRadio(scenario.radio);
    this.simState = scenario.sim.state;
    this.pinRetries = scenario.sim.pinRetries;
    this.pukRetries = scenario.sim.pukRetries;
    this.pin = scenario.sim.pin;
    this.verifyErrors = [...scenario.sim.verifyErrors];
    this.sig = { ...scenario.signal };
    this.simInitializing = scenario.sim.initDelayMs > 0 && scenario.sim.state !== 'absent';
    if (this.simInitializing) {
      this.simInitTimer = clock.setTimeout(() => {
        this.simInitTimer = undefined;
        this.simInitializing = false;
        this.emit('sim', this.sim);
        this.updateRegistration();
      }, scenario.sim.initDelayMs);
    }
    this.profiles.set(1, { ...scenario.profile });
    this.registrationNever = scenario.registration.never;
    this.registrationDenied = scenario.registration.denied;
    const r = scenario.registration;
    this.reg = { state: 'off', roaming: r.roaming, mcc: r.mcc, mnc: r.mnc, mncDigits: r.mncDigits, operator: r.operator, rat: r.rat, lac: r.lac, cellId: r.cellId, tac: r.tac };
    this.updateRegistration();
  }

  /** The SIM now. */
  get sim(): SimView { return { state: this.simState, pinRetries: this.pinRetries, pukRetries: this.pukRetries, initializing: this.simInitializing }; }

  /** The registration now (a copy). */
  get registration(): RegistrationView { return { ...this.reg }; }

  /** The home network of the SIM. */
  get home(): { mcc: number; mnc: number; operator: string } { return this.scenario.registration.home; }

  /** Signal in dBm/dB; present only while registered. */
  get signal(): ResolvedScenario['signal'] | undefined { return this.reg.state === 'registered' ? { ...this.sig } : undefined; }

  /** Changes the radio conditions (test hook, dBm/dB): emits 'signal' (the responders send indications). */
  setSignal(change: Partial<ResolvedScenario['signal']>): void {
    Object.assign(this.sig, change);
    this.emit('signal', this.signal);
  }

  /** Sets the operating mode; returns false when it already was that mode. Leaving online ends sessions. */
  setOperatingMode(mode: ModelOperatingMode): boolean {
    if (mode === this.operatingMode) return false;
    this.operatingMode = mode;
    this.emit('operating-mode', mode);
    this.updateRegistration();
    return true;
  }

  /**
   * Set Data Format (WDA or CTL): switches to `format` when the modem supports it (scenario
   * `dataFormats`), else keeps the current one. Returns the format in effect, which the response carries.
   */
  selectDataFormat(format: '802.3' | 'raw-ip'): '802.3' | 'raw-ip' {
    if (this.scenario.dataFormats.includes(format)) this.dataFormat = format;
    return this.dataFormat;
  }

  /**
   * Does traffic of the data sessions pass, with the host driver framing as `rawIpFlag` says
   * (qmi_wwan `/sys/class/net/IF/qmi/raw_ip`)? Only when a session is up and the driver's framing
   * matches the modem's format: a raw-IP modem drops the Ethernet frames of a driver left at
   * 802.3 (the uplink is dead), and the reverse.
   */
  trafficPasses(rawIpFlag: boolean): boolean {
    return this.sessions.size > 0 && (this.dataFormat === 'raw-ip') === rawIpFlag;
  }

  /** Verifies PIN1: right → ready; wrong → one retry less, at 0 → PUK required. Never logs the PIN. */
  verifyPin(pin: string): PinResult {
    if (this.simState === 'absent') return { ok: false, error: 'absent', sim: this.sim };
    if (this.simState !== 'pin' || this.simInitializing) return { ok: false, error: 'not-allowed', sim: this.sim };
    if (pin === this.pin) {
      this.setSim('ready', this.scenario.sim.pinRetries);
      return { ok: true, sim: this.sim };
    }
    this.pinRetries = Math.max(0, this.pinRetries - 1);
    if (this.pinRetries === 0) this.setSim('puk', 0); else this.emit('sim', this.sim);
    return { ok: false, error: 'incorrect', sim: this.sim };
  }

  /** The next scenario `sim.verifyErrors` code to answer a Verify PIN with (consumed), or undefined. */
  nextVerifyError(): number | undefined { return this.verifyErrors.shift(); }

  /** Unblocks with the PUK and sets a new PIN; wrong PUK → one retry less, at 0 → blocked. */
  unblockPin(puk: string, newPin: string): PinResult {
    if (this.simState === 'absent') return { ok: false, error: 'absent', sim: this.sim };
    if (this.simState !== 'puk' || this.simInitializing) return { ok: false, error: 'not-allowed', sim: this.sim };
    if (puk === this.scenario.sim.puk) {
      this.pin = newPin;
      this.pukRetries = this.scenario.sim.pukRetries;
      this.setSim('ready', this.scenario.sim.pinRetries);
      return { ok: true, sim: this.sim };
    }
    this.pukRetries = Math.max(0, this.pukRetries - 1);
    if (this.pukRetries === 0) this.setSim('blocked', 0); else this.emit('sim', this.sim);
    return { ok: false, error: 'incorrect', sim: this.sim };
  }

  private setSim(state: ModelSimState, pinRetries: number): void {
    this.simState = state;
    this.pinRetries = pinRetries;
    this.emit('sim', this.sim);
    this.updateRegistration();
  }

  /**
   * Overrides registration (test hook): a new state and/or network facts. Leaving `registered`
   * drops every session with "no service"; `never: true` keeps it searching from now on.
   */
  setRegistration(change: Partial<Omit<RegistrationView, 'state'>> & { state?: ModelRegistrationState; never?: boolean; denied?: boolean }): void {
    const { state, never, denied, ...facts } = change;
    if (never !== undefined) this.registrationNever = never;
    if (denied !== undefined) this.registrationDenied = denied;
    Object.assign(this.reg, facts);
    if (state !== undefined) this.setRegState(state);
    else if (never !== undefined || denied !== undefined) this.updateRegistration();
    else this.emit('registration', this.registration);
  }

  private updateRegistration(): void {
    this.clock.clearTimeout(this.regTimer);
    this.regTimer = undefined;
    if (this.operatingMode !== 'online') { this.setRegState('off'); return; }
    if (this.simState !== 'ready' || this.simInitializing) { this.setRegState('searching'); return; }
    if (this.registrationDenied) { this.setRegState('denied'); return; }
    if (this.reg.state === 'registered' && !this.registrationNever) return;
    this.setRegState('searching');
    if (this.registrationNever) return;
    this.regTimer = this.clock.setTimeout(() => { this.regTimer = undefined; this.setRegState('registered'); }, this.scenario.registration.delayMs);
  }

  /** A 3GPP profile (copy), or undefined when none is stored at that index (1..16 exist, empty). */
  profile(index: number): { apn: string; pdpType: PdpKind } | undefined {
    if (index < 1 || index > 16) return undefined;
    return { ...(this.profiles.get(index) ?? { apn: '', pdpType: 'ipv4v6' }) };
  }

  /**
   * Writes a 3GPP profile (WDS Modify Profile); false for an index outside 1..16. Changing the
   * attach profile while registered makes the modem attach again with it (registration goes to
   * searching and back after the scenario's delay), as LTE modems re-attach on a new default bearer.
   */
  modifyProfile(index: number, change: { apn?: string; pdpType?: PdpKind }): boolean {
    const p = this.profile(index);
    if (!p) return false;
    const next = { apn: change.apn ?? p.apn, pdpType: change.pdpType ?? p.pdpType };
    this.profiles.set(index, next);
    if (index === 1 && this.reg.state === 'registered' && (next.apn !== this.attachedWith?.apn || next.pdpType !== this.attachedWith?.pdpType)) {
      this.setRegState('searching');
      this.updateRegistration();
    }
    return true;
  }

  private setRegState(state: ModelRegistrationState): void {
    if (this.reg.state === state) return;
    const wasRegistered = this.reg.state === 'registered';
    this.reg.state = state;
    if (state === 'registered') this.attachedWith = this.profile(1);
    const keep = this.scenario.registration.lossKeepsCalls && this.operatingMode === 'online' && state === 'searching';
    if (wasRegistered && !keep) {
      const end = this.operatingMode === 'online' ? CallEndReason.noService : CallEndReason.lowPower;
      for (const s of [...this.sessions.values()]) this.endSession(s, end, true);
    }
    this.emit('registration', this.registration);
  }

  /** Sessions now, oldest first. */
  listSessions(): DataSession[] { return [...this.sessions.values()]; }

  /** The session with this handle, if up. */
  session(handle: number): DataSession | undefined { return this.sessions.get(handle); }

  /** True when the handle belonged to a session that has ended. */
  wasEnded(handle: number): boolean { return this.ended.has(handle); }

  /**
   * Starts a data session: refused with "no service" unless registered, with the scenario's
   * reason when the APN is rejected, with reason 1 when the family has no settings.
   */
  startSession(req: SessionRequest): StartResult {
    if (this.reg.state !== 'registered') return { ok: false, end: CallEndReason.noService };
    const reject = this.scenario.data.rejectApns[req.apn];
    if (reject) return { ok: false, end: reject };
    const accept = this.scenario.data.acceptApns;
    if (accept && !accept.some((a) => a.toLowerCase() === req.apn.toLowerCase())) return { ok: false, end: { reason: 1, verboseType: 6, verboseReason: 27 } };
    const pdn = this.scenario.data.singlePdn ? this.singlePdnRefusal(req) : undefined;
    if (pdn) return { ok: false, end: pdn };
    const settings = req.family === 6 ? this.scenario.data.ipv6 : this.scenario.data.ipv4;
    if (!settings) return { ok: false, end: { reason: 1, verboseType: 6, verboseReason: 50 } };
    const session: DataSession = {
      handle: this.nextHandle++, owner: req.owner, apn: req.apn, family: req.family, auth: req.auth ?? 0,
      username: req.username, autoconnect: req.autoconnect ?? false, startedAt: this.clock.now(), settings, mtu: this.scenario.data.mtu,
    };
    this.sessions.set(session.handle, session);
    const dropAfter = this.scenario.data.dropAfterMs;
    if (dropAfter !== undefined) {
      this.dropTimers.set(session.handle, this.clock.setTimeout(() => this.dropSession(session.handle), dropAfter));
    }
    this.emit('session', { session, connected: true });
    return { ok: true, session };
  }

  /** With `data.singlePdn`: why the network refuses a call outside the attach PDN (3GPP causes 55, 50, 51), or undefined. */
  private singlePdnRefusal(req: SessionRequest): CallEnd | undefined {
    const a = this.attachedWith ?? this.profile(1)!;
    if (a.apn.toLowerCase() !== req.apn.toLowerCase()) return { reason: 1, verboseType: 6, verboseReason: 55 };
    if (req.family === 6 && a.pdpType === 'ipv4') return { reason: 1, verboseType: 6, verboseReason: 50 };
    if (req.family === 4 && a.pdpType === 'ipv6') return { reason: 1, verboseType: 6, verboseReason: 51 };
    return undefined;
  }

  /** Stops a session at the host's request; returns false when no such session is up. */
  stopSession(handle: number): boolean {
    const s = this.sessions.get(handle);
    if (!s) return false;
    this.endSession(s, CallEndReason.clientEnd, false);
    return true;
  }

  /** The network ends a session (or every session when `handle` is undefined). Returns how many ended. */
  dropSession(handle?: number, end: CallEnd = CallEndReason.networkEnd): number {
    const victims = handle === undefined ? [...this.sessions.values()] : [this.sessions.get(handle)].filter((s): s is DataSession => !!s);
    for (const s of victims) this.endSession(s, end, true);
    return victims.length;
  }

  private endSession(s: DataSession, end: CallEnd, dropped: boolean): void {
    const final = this.stats(s.handle);
    if (!this.sessions.delete(s.handle)) return;
    if (final) {
      this.endedTotals.txPackets += final.txPackets; this.endedTotals.rxPackets += final.rxPackets;
      this.endedTotals.txBytes += final.txBytes; this.endedTotals.rxBytes += final.rxBytes;
    }
    this.ended.add(s.handle);
    const t = this.dropTimers.get(s.handle);
    if (t !== undefined) { this.clock.clearTimeout(t); this.dropTimers.delete(s.handle); }
    this.emit('session', { session: s, connected: false, end });
    if (dropped) this.emit('session-dropped', { session: s, end });
  }

  /** Counters of a session: they grow with its age on the model's clock. */
  stats(handle: number): PacketStats | undefined {
    const s = this.sessions.get(handle);
    if (!s) return undefined;
    const secs = Math.max(0, this.clock.now() - s.startedAt) / 1000;
    const tx = Math.floor(secs * TX_BYTES_PER_S) + 240;
    const rx = Math.floor(secs * RX_BYTES_PER_S) + 480;
    return { txPackets: Math.ceil(tx / BYTES_PER_PACKET), rxPackets: Math.ceil(rx / BYTES_PER_PACKET), txBytes: BigInt(tx), rxBytes: BigInt(rx) };
  }

  /** Counters since start: ended sessions plus the ones up now (what a whole-device counter such as MBIM Packet Statistics shows). */
  totalStats(): PacketStats {
    const t = { ...this.endedTotals };
    for (const s of this.sessions.values()) {
      const x = this.stats(s.handle)!;
      t.txPackets += x.txPackets; t.rxPackets += x.rxPackets; t.txBytes += x.txBytes; t.rxBytes += x.rxBytes;
    }
    return t;
  }

  /** Stops every timer (SIM initialisation, registration delay, scheduled drops). */
  close(): void {
    this.sms.close();
    this.clock.clearTimeout(this.simInitTimer);
    this.simInitTimer = undefined;
    this.clock.clearTimeout(this.regTimer);
    this.regTimer = undefined;
    for (const t of this.dropTimers.values()) this.clock.clearTimeout(t);
    this.dropTimers.clear();
  }
}
