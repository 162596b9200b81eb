// FakeModem: a scriptable, call-recording Modem for state-machine tests (SIM/PIN, registration, connect, events on demand).
import type {
  CallOptions, ConnectRequest, DataCounters, DataSession, IpFamily, IpSettings, Modem, ModemEvent, ModemHandoff, ModemIdentity,
  RadioPreferences, Registration, SignalInfo, SimStatus, SimSubscriber,
} from '../../src/modem/modem';
import { ModemError } from '../../src/modem/modem-errors';
import type { ModemOpener } from '../../src/session/session';
import { AbortedError } from '../../src/util/wait';

/** One recorded method call. */
export interface RecordedCall { method: string; args: unknown[] }

/** A registration with sensible defaults for the fields a test does not care about. */
export function reg(state: Registration['state'], extra: Partial<Registration> = {}): Registration {
  return { state, roaming: false, psAttached: state === 'registered', rat: 'lte', mcc: '262', mnc: '01', operator: 'Telekom.de', ...extra };
}

/** IP settings the fake reports for a family. */
export function settingsFor(family: IpFamily, n = 1): IpSettings {
  return family === 4
    ? { family, address: `10.64.0.${n * 4 + 2}`, prefix: 30, gateway: `10.64.0.${n * 4 + 1}`, dns: ['10.64.0.1', '10.64.0.254'], mtu: 1500 }
    : { family, address: `2001:db8:0:${n}::2`, prefix: 64, gateway: `2001:db8:0:${n}::1`, dns: ['2001:db8::53'], mtu: 1500 };
}

/** A promise that never settles by itself: it rejects with AbortedError when `signal` aborts. */
function hangUntilAbort<T>(what: string, signal?: AbortSignal): Promise<T> {
  return new Promise<T>((_, reject) => {
    if (signal?.aborted) { reject(new AbortedError(what)); return; }
    signal?.addEventListener('abort', () => reject(new AbortedError(what)), { once: true });
  });
}

/**
 * A Modem whose behaviour the test scripts through public fields, and which records every call.
 * Defaults: SIM ready, registered on LTE, connect succeeds with settingsFor(family).
 */
export class FakeModem implements Modem {
  readonly protocol = 'qmi' as const;
  readonly path: string;
  dataFormat: '802.3' | 'raw-ip' = '802.3';
  roundTrips = 0;
  identity: ModemIdentity = { manufacturer: 'Quectel', model: 'EC25', revision: 'EC25EFAR06A06M4G', imei: '867698040000001', iccid: '8949020000000000001' };
  /** Current SIM status (verifyPin changes it). */
  sim: SimStatus = { state: 'ready', pinRetries: 3, pukRetries: 10 };
  /** The PIN the SIM accepts. */
  correctPin = '1234';
  /** Current registration (registration() returns it; emitRegistration changes it). */
  registrationState: Registration = reg('registered');
  /** When set, the N-th emitRegistration() without a state reports `registered` (earlier ones `searching`). */
  registerAfterEvents?: number;
  private registrationEvents = 0;
  /** When set, registration() never answers (until aborted) — resolves only through release(). */
  holdRegistration = false;
  private heldRegistration: Array<() => void> = [];
  /** Families whose connect() never answers until aborted. */
  readonly holdConnect = new Set<IpFamily>();
  /** Queued connect failures, per family (or for any family when keyed 0), used first-in first-out. */
  readonly connectFailures = new Map<IpFamily | 0, ModemError[]>();
  /** Refuse a second session of a family while one is up (like QMI's NoEffect), as a real modem does. */
  refuseDuplicateSessions = true;
  /** Sessions up on the modem, by handle. */
  readonly active = new Map<number, DataSession>();
  closed = false;
  readonly calls: RecordedCall[] = [];
  private nextHandle = 0x1001;
  private readonly listeners = new Set<(e: ModemEvent) => void>();

  constructor(path = '/dev/cdc-wdm0') { this.path = path; }

  /** Calls of one method, in order. */
  callsOf(method: string): RecordedCall[] { return this.calls.filter((c) => c.method === method); }
  /** How often a method was called. */
  count(method: string): number { return this.callsOf(method).length; }
  /** Method names in call order. */
  get methods(): string[] { return this.calls.map((c) => c.method); }
  /** Current event listeners (the session subscribes and unsubscribes as it waits). */
  get listenerCount(): number { return this.listeners.size; }

  private record(method: string, args: unknown[], o?: CallOptions): void {
    this.calls.push({ method, args });
    this.roundTrips++;
    if (o?.signal?.aborted) throw new AbortedError(method);
    if (this.closed) throw new ModemError('NO_DEVICE', `${method} on a closed modem`);
  }

  async identify(o?: CallOptions): Promise<ModemIdentity> { this.record('identify', [], o); return { ...this.identity }; }

  /** What subscriber() answers (ICCID, IMSI, MNC length). */
  subscriberInfo: SimSubscriber = { iccid: '8949020000000000001', imsi: '262011234567890' };
  async subscriber(o?: CallOptions): Promise<SimSubscriber> { this.record('subscriber', [], o); return { ...this.subscriberInfo }; }

  async simStatus(o?: CallOptions): Promise<SimStatus> {
    this.record('simStatus', [], o);
    if (this.sim.state === 'initializing' && this.holdSim) return hangUntilAbort('simStatus', o?.signal);
    return { ...this.sim };
  }
  /** With SIM `initializing`: simStatus() itself hangs (until aborted) instead of answering. */
  holdSim = false;

  async verifyPin(pin: string, o?: CallOptions): Promise<SimStatus> {
    this.record('verifyPin', [pin], o);
    if (this.sim.state !== 'pin-required') throw new ModemError('PIN_STATUS_FAILED', `SIM is ${this.sim.state}`);
    if (pin === this.correctPin) {
      this.sim = { state: 'ready', pinRetries: 3, pukRetries: this.sim.pukRetries };
      return { ...this.sim };
    }
    const left = Math.max(0, (this.sim.pinRetries ?? 3) - 1);
    this.sim = left === 0 ? { state: 'puk-required', pinRetries: 0, pukRetries: this.sim.pukRetries } : { ...this.sim, pinRetries: left };
    throw new ModemError('PIN_FAILED', `SIM rejected the PIN (IncorrectPin), ${left} tries left`, [], { pinRetries: left, pukRetries: this.sim.pukRetries });
  }

  async setOnline(o?: CallOptions): Promise<void> { this.record('setOnline', [], o); }
  async setRadioPreferences(p: RadioPreferences, o?: CallOptions): Promise<void> { this.record('setRadioPreferences', [p], o); }

  async registration(o?: CallOptions): Promise<Registration> {
    this.record('registration', [], o);
    if (this.holdRegistration) {
      return new Promise<Registration>((resolve, reject) => {
        const signal = o?.signal;
        const onAbort = () => reject(new AbortedError('registration'));
        signal?.addEventListener('abort', onAbort, { once: true });
        this.heldRegistration.push(() => { signal?.removeEventListener('abort', onAbort); resolve({ ...this.registrationState }); });
      });
    }
    return { ...this.registrationState };
  }

  /** Answers held registration() calls with the current registration. */
  releaseRegistration(): void {
    const held = this.heldRegistration;
    this.heldRegistration = [];
    for (const r of held) r();
  }

  async signal(o?: CallOptions): Promise<SignalInfo> {
    this.record('signal', [], o);
    return { rat: this.registrationState.rat, rssi: -65, rsrp: -95, rsrq: -10, snr: 12, bars: 3 };
  }

  async connect(req: ConnectRequest, o?: CallOptions): Promise<DataSession> {
    this.record('connect', [req], o);
    if (this.holdConnect.has(req.family)) return hangUntilAbort('connect', o?.signal);
    for (const key of [req.family, 0] as const) {
      const q = this.connectFailures.get(key);
      if (q?.length) throw q.shift()!;
    }
    if (this.refuseDuplicateSessions && [...this.active.values()].some((s) => s.family === req.family)) {
      throw new ModemError('CALL_FAILED', 'a data session of this family is already up on the modem (NoEffect)', ['NoEffect']);
    }
    const s: DataSession = { family: req.family, handle: this.nextHandle++, apn: req.apn, settings: settingsFor(req.family) };
    this.active.set(s.handle, s);
    return { ...s };
  }

  async disconnect(session: DataSession, o?: CallOptions): Promise<void> {
    this.record('disconnect', [session], o);
    this.active.delete(session.handle);
  }

  async isConnected(family: IpFamily, o?: CallOptions): Promise<boolean> {
    this.record('isConnected', [family], o);
    return [...this.active.values()].some((s) => s.family === family);
  }

  async counters(o?: CallOptions): Promise<DataCounters> { this.record('counters', [], o); return { txBytes: 1000, rxBytes: 5000, txPackets: 10, rxPackets: 20 }; }

  onEvent(listener: (e: ModemEvent) => void): () => void {
    this.listeners.add(listener);
    return () => { this.listeners.delete(listener); };
  }

  /** Client ids a QMI modem would hand over (fixed values; tests check they round-trip). */
  handoff(): ModemHandoff {
    return { protocol: 'qmi', path: this.path, cids: { dms: 1, nas: 2, wds4: 3 }, dataFormat: this.dataFormat };
  }

  /** A new owner's view of the same modem (adoption): a fresh FakeModem carrying this one's running sessions. */
  takeOver(): FakeModem {
    const m = new FakeModem(this.path);
    for (const [h, s] of this.active) m.active.set(h, { ...s });
    m.registrationState = { ...this.registrationState };
    return m;
  }

  async close(): Promise<void> {
    this.calls.push({ method: 'close', args: [] });
    this.closed = true;
    this.listeners.clear();
  }

  /** Delivers an unsolicited event to every listener. */
  emit(e: ModemEvent): void { for (const l of [...this.listeners]) l(e); }

  /**
   * Emits a registration indication. With `state`, the registration becomes that; without it,
   * counts towards `registerAfterEvents` (searching until the N-th, then registered).
   */
  emitRegistration(state?: Registration['state']): void {
    if (state === undefined) {
      this.registrationEvents++;
      state = this.registerAfterEvents !== undefined && this.registrationEvents >= this.registerAfterEvents ? 'registered' : 'searching';
    }
    this.registrationState = reg(state);
    this.emit({ type: 'registration', registration: { ...this.registrationState } });
  }

  /** The network dropped a data session (WDS packet service status: disconnected). */
  emitSessionDown(family: IpFamily, reason = 'regular-deactivation'): void {
    for (const [h, s] of this.active) if (s.family === family) this.active.delete(h);
    this.emit({ type: 'session-down', family, reason });
  }

  /** The port went away (USB unplug). */
  emitGone(reason = 'port closed'): void { this.emit({ type: 'gone', reason }); }

  /** Queues a CALL_FAILED for the next connect (of `family`, or any family). */
  failConnect(reason: string, family: IpFamily | 0 = 0): void {
    const q = this.connectFailures.get(family) ?? [];
    q.push(new ModemError('CALL_FAILED', `Start Network failed: CallFailed, call end reason ${reason}`, [reason]));
    this.connectFailures.set(family, q);
  }
}

/**
 * Hands out FakeModems to a Session (its `openModem`), one new modem per open, built by `make`
 * (index = open number from 0). `failures` are thrown by the next opens instead; `hold` makes
 * the next open wait until aborted.
 */
export class FakeModemFactory {
  readonly modems: FakeModem[] = [];
  readonly failures: Error[] = [];
  /** Opens attempted (including failed and held ones). */
  opens = 0;
  hold = false;
  readonly devices: string[] = [];

  constructor(private readonly make: (index: number) => FakeModem = () => new FakeModem()) {}

  /** The most recently opened modem. */
  get latest(): FakeModem {
    const m = this.modems.at(-1);
    if (!m) throw new Error('no modem opened yet');
    return m;
  }

  readonly open: ModemOpener = async (device, signal) => {
    this.opens++;
    this.devices.push(device);
    if (this.hold) return hangUntilAbort('open', signal);
    const f = this.failures.shift();
    if (f) throw f;
    const m = this.make(this.modems.length);
    this.modems.push(m);
    return m;
  };
}
