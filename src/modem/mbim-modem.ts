// MbimModem: the Modem interface over MBIM Basic Connect on one control port (cdc_mbim /dev/cdc-wdmN, MHI /dev/wwanNmbimN).
import { openControlPort, PortError, type ControlPort } from '../device/control-port';
import type { ResponseOf } from '../mbim/cid';
import { Logger, silentLogger } from '../log';
import { MbimDevice } from '../mbim/device';
import { MbimStatusError } from '../mbim/errors';
import { basicConnect as bc } from '../mbim/services';
import { ServiceUuid } from '../mbim/uuid';
import { QmiClient, QmiDevice } from '../qmi/device';
import type {
  CallOptions, ConnectRequest, DataCounters, DataSession, IpFamily, MbimHandoff, Modem, ModemEvent, ModemHandoff, ModemResetOffer, ModemIdentity, OnlineOptions, Registration, ScanNetwork, SignalInfo, SimStatus, SimSubscriber,
} from './modem';
import { ModemError } from './modem-errors';
import {
  MbimRadioPreferences, RegisterStateValues, RoamingPolicy, asModemError, describeNwError, ipTypeCovers, roamingRefusal,
  toRegistration, toSignal, toSimStatus,
} from './mbim-mapping';
import { maxControlTransferOf } from './mbim-max-transfer';
import { RegisterContext, applyRegisterPreferences, exchangeVersion } from './mbim-registration';
import { MbimQmiPort } from './mbim-qmi-port';
import { qmiResetOffer } from './mbim-reset';
import { MbimSms } from './mbim-sms';
import type { FccOutcome } from './fcc-unlock';
import { setMbimOnline } from './mbim-online';
import { queryCapsAndServices, sendOpen, subscribeNotifications } from './mbim-open';
import { visibleProviders } from './mbim-scan';
import { BandState, wantsBands } from './qmi-bands';
import { applyBandsOverMbim } from './mbim-bands';
import type { RadioInfo } from './radio';
import { connectSet, onSubscriberReady } from './mbim-layouts';
import { MbimSimContext, MbimSimState, identifyMbim, mbimSimStatus, readMbimSubscriber, verifyMbimPin } from './mbim-sim';
import { MbimDataContext, MbimRadioSupport, SESSION_ID, activateForFamily, deactivateMbimSession, sessionOf, isMbimSessionUp, mbimCounters, readMbimRadio } from './mbim-data';

/** Options for opening an MBIM modem. */
export interface MbimModemOptions {
  log?: Logger;
  /** Per-request timeout, ms (default 10 s). */
  timeoutMs?: number;
  /** Whole OPEN, resent every 5 s, ms (default 20 s); no OPEN_DONE by then = not an MBIM port. */
  openTimeoutMs?: number;
  /** Connect activation and Register/Packet Service sets, ms (default 60 s: the network decides). */
  networkTimeoutMs?: number;
  /** Max control transfer; default: the USB MBIM functional descriptor from sysfs, else 4096 (libmbim). */
  maxControlTransfer?: number;
  /** IP type of session 0 when IPv4 is asked first and the request names no pdptype: `ipv4v6` (default, mbim.sh's pdptype) or `ipv4`. */
  pdptype?: 'ipv4' | 'ipv6' | 'ipv4v6';
  /** mbim.sh allow_roaming / allow_partner from the start (default false, mbim.sh's defaults); setRadioPreferences may change them. */
  allowRoaming?: boolean;
  allowPartner?: boolean;
}

/** Consecutive request timeouts after which the modem counts as hung (event 'unresponsive'). */
const UNRESPONSIVE_AFTER = 3;

/** Device Caps as queried at open. */
export type Caps = ResponseOf<typeof bc.DeviceCaps>;

/**
 * An MBIM modem. `open()` opens the port, sends OPEN, reads Device Caps and Device Services and
 * subscribes to the Basic Connect notifications (and QMI's when the modem tunnels QMI). One MBIM
 * session (id 0) carries the data: the first connect() activates it (IPv4 first → IPv4v6 unless
 * `pdptype: 'ipv4'`, IPv6 first → IPv6), a connect() for the other family reuses it when the
 * granted IP type covers that family, and it is deactivated when the last family disconnects.
 * Roaming/partner networks are refused at connect(), and end a running data session, unless
 * allowed (mbim.sh allow_roaming / allow_partner: open options, then setRadioPreferences). `modes`
 * and `plmn` go into Register State (mbim-registration.ts). Data format is raw IP (cdc_mbim).
 */
export class MbimModem implements Modem {
  readonly protocol = 'mbim' as const;
  readonly dataFormat = 'raw-ip' as const;
  private readonly listeners = new Set<(e: ModemEvent) => void>();
  private readonly unsubs: (() => void)[] = [];
  private readonly active = new Set<IpFamily>();
  private grantedIpType = 0;
  private lastRegister?: RegisterStateValues;
  private lastPacket?: { packetServiceState: number; highestAvailableDataClass: number };
  /** mbim.sh allow_roaming/allow_partner: from the open options (unset = refused, mbim.sh's defaults), then setRadioPreferences. */
  private policy: RoamingPolicy;
  /** MBIMEx version the function agreed to at open (MS Basic Connect Extensions Version; BCD, 0 = MBIM 1.0 only). */
  private mbimex = 0;
  /** DataClass of the last Register State set this open made (modes), for MBIM 1.0 functions that cannot report it. */
  private appliedDataClass?: number;
  /** ICCID/IMSI/MSISDN seen so far and the PIN tries at the last PIN query (mbim-sim.ts). */
  private readonly sim: MbimSimState = {};
  private qmi?: QmiDevice;
  /** The last FCC unlock attempt (setOnline). */
  fcc?: FccOutcome;
  /** The band preference last read or written over QMI-over-MBIM for `lte_band`/`nr5g_band` (status shows it). */
  bandPreference?: BandState;
  /** NAS client over QMI-over-MBIM (band preference), allocated on first use (mbim-bands.ts). */
  private readonly qmiNas: { client?: QmiClient } = {};
  private closing = false;
  private requests = 0;

  private constructor(readonly path: string, readonly device: MbimDevice, private readonly log: Logger, private readonly caps: Caps,
    private readonly services: Set<string>, private readonly opts: MbimModemOptions) {
    this.policy = { allowRoaming: opts.allowRoaming === true, allowPartner: opts.allowPartner === true };
  }

  /** Modem round trips used so far. */
  get roundTrips(): number { return this.requests; }

  /**
   * Opens and prepares an MBIM modem on `path`. Throws ModemError NO_DEVICE (no such port),
   * DEVICE_NOT_SUPPORTED (no OPEN_DONE: not an MBIM port, or OPEN refused), MODEM_UNRESPONSIVE.
   */
  static async open(path: string, opts: MbimModemOptions & CallOptions = {}): Promise<MbimModem> {
    let port;
    try { port = openControlPort(path); } catch (e) {
      const pe = e as PortError;
      throw new ModemError('NO_DEVICE', `cannot open ${path}: ${pe.message}`, [pe.code ?? 'EIO']);
    }
    return MbimModem.openOn(port, { ...opts, maxControlTransfer: opts.maxControlTransfer ?? port.maxMessageSize?.() ?? maxControlTransferOf(path) });
  }

  /** As open(), on a control port already open (tests, other transports); the port is closed on failure. */
  static async openOn(port: ControlPort, opts: MbimModemOptions & CallOptions = {}): Promise<MbimModem> {
    const log = opts.log ?? silentLogger;
    const path = port.path;
    const maxControlTransfer = opts.maxControlTransfer ?? 4096;
    const device = new MbimDevice(port, { log: log.child('mbim'), timeoutMs: opts.timeoutMs ?? 10_000, maxControlTransfer });
    const ro = { signal: opts.signal };
    let opened = false;
    try {
      await sendOpen(device, opts.openTimeoutMs ?? 20_000, opts.signal);
      opened = true;
      const { caps, list } = await queryCapsAndServices(device, ro);
      const services = new Set((list?.deviceServices ?? []).map((s) => s.deviceServiceId));
      const m = new MbimModem(path, device, log, caps, services, opts);
      m.requests = 3;
      m.mbimex = await exchangeVersion(m.registerContext(), list?.deviceServices ?? [], ro);
      await m.subscribe(ro);
      return m;
    } catch (e) {
      device.dispose();
      // After OPEN_DONE the port speaks MBIM: a bad reply (a broken fragment…) is worth a retry, not a permanent DEVICE_NOT_SUPPORTED.
      throw asModemError(e, opened ? 'NO_DEVICE' : 'DEVICE_NOT_SUPPORTED', `open ${path}`);
    }
  }

  /** Radio queries the modem refused with NoDeviceSupport: not asked again (mbim-data.ts readMbimRadio). */
  private readonly radioSupport: MbimRadioSupport = { noBaseStations: false, noNitz: false };

  private call<T>(fn: () => Promise<T>): Promise<T> {
    this.requests++;
    return fn();
  }

  private emit(e: ModemEvent): void {
    for (const l of [...this.listeners]) {
      try { l(e); } catch (err) { this.log.error(`event listener failed: ${(err as Error).message}`); }
    }
  }

  /** Does the modem tunnel QMI (QMI service in Device Services)? */
  get hasQmi(): boolean { return this.services.has(ServiceUuid.qmi); }
  /** The modem-reset rung is offered only when Device Services at open listed QMI-over-MBIM (mbim-reset.ts qmiResetOffer). */
  get modemResetOffer(): ModemResetOffer { return qmiResetOffer(this.services, this.path); }

  /** MBIMEx version in use (BCD: 0x0200 = 2.0, 0x0300 = 3.0), 0 when the function speaks MBIM 1.0 only. */
  get mbimexVersion(): number { return this.mbimex; }

  private async subscribe(o: CallOptions): Promise<void> {
    const d = this.device;
    this.unsubs.push(
      onSubscriberReady(d, this.mbimex, (v) => {
        if (v.simIccId) this.sim.iccid = v.simIccId;
        this.emit({ type: 'sim', sim: toSimStatus(v.readyState) });
      }),
      d.onIndication(bc.RegisterState, (v) => {
        this.lastRegister = v;
        this.emit({ type: 'registration', registration: this.currentRegistration() });
        this.enforcePolicy(v.registerState);
      }),
      d.onIndication(bc.PacketService, (v) => {
        this.lastPacket = v;
        if (this.lastRegister) this.emit({ type: 'registration', registration: this.currentRegistration() });
      }),
      d.onIndication(bc.SignalState, (v) => this.emit({ type: 'signal', signal: toSignal(v, this.currentRegistration().rat) })),
      d.onIndication(bc.Connect, (v) => {
        if (v.sessionId !== SESSION_ID || v.activationState === bc.MbimActivationState.activated || v.activationState === bc.MbimActivationState.activating) return;
        const families = [...this.active];
        this.active.clear();
        const reason = describeNwError(v.nwError) ?? `activation state ${v.activationState}`;
        for (const family of families) this.emit({ type: 'session-down', family, reason });
      }),
    );
    await subscribeNotifications({ device: d, log: this.log, call: (fn) => this.call(fn) }, this.services, o);
    const gone = (reason: string) => { if (!this.closing) this.emit({ type: 'gone', reason }); };
    d.on('close', (err?: PortError) => gone(err?.message ?? 'port closed'));
    d.on('not-opened', () => gone('the modem lost the MBIM session (NotOpened)'));
    d.on('timeout', (n: number) => { if (n === UNRESPONSIVE_AFTER && !this.closing) this.emit({ type: 'unresponsive', reason: `${n} MBIM requests in a row timed out` }); });
  }

  /** Subscribes to modem events. */
  onEvent(listener: (e: ModemEvent) => void): () => void {
    this.listeners.add(listener);
    return () => { this.listeners.delete(listener); };
  }

  /**
   * A QmiDevice over the MBIM QMI service (created on first use), for what only QMI can do
   * (DMS identity, FCC authentication…); undefined when the modem does not tunnel QMI.
   */
  qmiOverMbim(): QmiDevice | undefined {
    if (!this.hasQmi || this.device.isClosed) return undefined;
    this.qmi ??= new QmiDevice(new MbimQmiPort(this.device, this.log.child('qmi')), { log: this.log.child('qmi'), timeoutMs: 5000 });
    return this.qmi;
  }

  /** The context the SIM functions (mbim-sim.ts) work in. */
  private simContext(): MbimSimContext {
    return { device: this.device, log: this.log, caps: this.caps, state: this.sim, call: (fn) => this.call(fn), count: (n) => { this.requests += n; }, qmiOverMbim: () => this.qmiOverMbim(), mbimex: this.mbimex };
  }

  /** Device Caps + Subscriber Ready Status, DMS identity over QMI-over-MBIM (mbim-sim.ts identifyMbim). */
  identify(o: CallOptions = {}): Promise<ModemIdentity> { return identifyMbim(this.simContext(), o); }

  /** ICCID, IMSI, EF_AD MNC length and EF_SPN (mbim-sim.ts readMbimSubscriber). Throws ModemError NO_DEVICE. */
  subscriber(o: CallOptions = {}): Promise<SimSubscriber> { return readMbimSubscriber(this.simContext(), o); }

  /** Subscriber Ready Status (+ PIN query when locked; mbim-sim.ts mbimSimStatus). Throws ModemError PIN_STATUS_FAILED. */
  simStatus(o: CallOptions = {}): Promise<SimStatus> { return mbimSimStatus(this.simContext(), o); }

  /** Pin set PIN1 enter (mbim-sim.ts verifyMbimPin). Throws ModemError PIN_FAILED (judged wrong) or PIN_STATUS_FAILED (not judged). */
  verifyPin(pin: string, o: CallOptions = {}): Promise<SimStatus> { return verifyMbimPin(this.simContext(), pin, o); }

  /** Radio State on, with the FCC authentication when the modem is FCC-locked (mbim-online.ts setMbimOnline). Throws ModemError NETWORK_REGISTRATION_FAILED. */
  setOnline(o: OnlineOptions = {}): Promise<void> {
    return setMbimOnline({ ...this.dataContext(), count: (n) => { this.requests += n; }, qmiOverMbim: () => this.qmiOverMbim(), hasQmi: this.hasQmi, onFcc: (f) => { this.fcc = f; } }, o);
  }

  /**
   * Keeps allow_roaming/allow_partner (enforced at connect() and while connected: a data session
   * that finds itself on a refused network is ended); `modes` and `plmn` → one Register State set,
   * only when different from the current (mbim-registration.ts applyRegisterPreferences).
   * Throws PLMN_FAILED (plmn refused) or NETWORK_REGISTRATION_FAILED (modes refused).
   */
  async setRadioPreferences(p: MbimRadioPreferences, o: CallOptions = {}): Promise<void> {
    const allowRoaming = p.allowRoaming !== false;
    this.policy = { allowRoaming, allowPartner: p.allowPartner ?? allowRoaming };
    if (wantsBands(p)) this.bandPreference = await applyBandsOverMbim(this.qmiOverMbim(), this.qmiNas, p, this.log, () => { this.requests++; }, o) ?? this.bandPreference;
    const r = await applyRegisterPreferences(this.registerContext(), p, o);
    if (r) this.lastRegister = r;
  }

  private registerContext(): RegisterContext {
    return {
      device: this.device, log: this.log, mbimex: this.mbimex, deviceDataClass: this.caps.dataClass, appliedDataClass: this.appliedDataClass,
      networkTimeoutMs: this.opts.networkTimeoutMs ?? 60_000, call: (fn) => this.call(fn), onSet: (d) => { this.appliedDataClass = d; },
    };
  }

  /**
   * allow_roaming/allow_partner while connected: a Register State that moved to a refused
   * network (roaming, or a partner network, mbim.sh) ends the data session — Connect deactivate
   * and a session-down per family — so the session reconnects and connect() refuses it.
   */
  private enforcePolicy(registerState: number): void {
    if (this.active.size === 0 || this.closing) return;
    const refusal = roamingRefusal(registerState, this.policy);
    if (!refusal) return;
    const families = [...this.active];
    this.active.clear();
    this.log.warn(`${refusal}: ending the data session`);
    void this.call(() => connectSet(this.device, this.mbimex, { sessionId: SESSION_ID, activationCommand: bc.MbimActivationCommand.deactivate }, { timeoutMs: 5000 }))
      .catch((e) => this.log.debug(`Connect deactivate: ${(e as Error).message}`));
    for (const family of families) this.emit({ type: 'session-down', family, reason: refusal });
  }

  private currentRegistration(): Registration {
    if (!this.lastRegister) return { state: 'unknown', roaming: false, psAttached: false, rat: 'unknown' };
    return toRegistration(this.lastRegister, this.lastPacket);
  }

  private attach(o: CallOptions): Promise<void> {
    return this.call(() => this.device.command(bc.PacketService, 'set', { packetServiceAction: bc.MbimPacketServiceAction.attach },
      { signal: o.signal, timeoutMs: this.opts.networkTimeoutMs ?? 60_000 }))
      .then((r) => { this.lastPacket = r; }, (e) => { throw asModemError(e, 'NETWORK_REGISTRATION_FAILED', 'packet service attach'); });
  }

  /** Register State + Packet Service queries; once registered and detached, Packet Service attach (mbim.sh `attach`). */
  async registration(o: CallOptions = {}): Promise<Registration> {
    try {
      const [r, p] = await Promise.all([
        this.call(() => this.device.command(bc.RegisterState, 'query', {}, o)),
        this.call(() => this.device.command(bc.PacketService, 'query', {}, o)).catch((e) => { if (e instanceof MbimStatusError) return undefined; throw e; }),
      ]);
      this.lastRegister = r;
      if (p) this.lastPacket = p;
    } catch (e) { throw asModemError(e, 'NETWORK_REGISTRATION_FAILED', 'Register State'); }
    const reg = this.currentRegistration();
    const state = this.lastPacket?.packetServiceState;
    if (reg.state === 'registered' && state !== bc.MbimPacketServiceState.attached && state !== bc.MbimPacketServiceState.attaching) await this.attach(o);
    return this.currentRegistration();
  }

  /** Base Stations Info + NITZ (mbim-data.ts readMbimRadio). Throws ModemError NO_DEVICE on transport loss. */
  radio(o: CallOptions = {}): Promise<RadioInfo> { return readMbimRadio(this.dataContext(), this.radioSupport, o); }

  /** Signal State: RSSI in dBm (code 99 = unknown), RAT from the latest registration. */
  async signal(o: CallOptions = {}): Promise<SignalInfo> {
    try { return toSignal(await this.call(() => this.device.command(bc.SignalState, 'query', {}, o)), this.currentRegistration().rat); } catch (e) {
      throw asModemError(e, 'NO_DEVICE', 'Signal State');
    }
  }

  /**
   * Connect set activate on session 0 (see class doc), then IP Configuration query. Refused
   * registration (roaming/partner not allowed) → NETWORK_REGISTRATION_FAILED; the network or
   * modem refusing → CALL_FAILED with the status name (and the NwError) as data.
   */
  async connect(req: ConnectRequest, o: CallOptions = {}): Promise<DataSession> {
    if (!this.lastRegister) await this.registration(o);
    const refusal = roamingRefusal(this.lastRegister!.registerState, this.policy);
    if (refusal) throw new ModemError('NETWORK_REGISTRATION_FAILED', refusal, [this.lastRegister!.registerState === bc.MbimRegisterState.partner ? 'partner' : 'roaming']);
    if (this.active.size > 0) {
      if (!ipTypeCovers(this.grantedIpType, req.family)) {
        throw new ModemError('CALL_FAILED', `the network granted no IPv${req.family} on the data session`, ['ip-type-not-granted']);
      }
    } else {
      if (this.lastPacket?.packetServiceState !== bc.MbimPacketServiceState.attached) await this.attach(o);
      this.grantedIpType = await activateForFamily(this.dataContext(), req, req.pdptype ?? this.opts.pdptype ?? 'ipv4v6', this.opts.networkTimeoutMs ?? 60_000, o);
    }
    this.active.add(req.family);
    return sessionOf(this.dataContext(), req, o);
  }

  /** The context the data functions (mbim-data.ts) work in. */
  private dataContext(): MbimDataContext { return { device: this.device, log: this.log, call: (fn) => this.call(fn), mbimex: this.mbimex }; }

  /** Drops the family; the last one out sends Connect set deactivate. Already down (any status) is not an error. */
  async disconnect(session: DataSession, o: CallOptions = {}): Promise<void> {
    this.active.delete(session.family);
    if (this.active.size > 0 || this.device.isClosed) return;
    await deactivateMbimSession(this.dataContext(), o);
  }

  /** Connect query of session 0: activated and its IP type carries the family. */
  isConnected(family: IpFamily, o: CallOptions = {}): Promise<boolean> { return isMbimSessionUp(this.dataContext(), family, o); }

  /** Packet Statistics (mbim-data.ts mbimCounters). */
  counters(o: CallOptions = {}): Promise<DataCounters> { return mbimCounters(this.dataContext(), o); }

  /**
   * Visible Providers, full scan (mbim-scan.ts), up to `timeoutMs` (default 300 s). Throws
   * ModemError: MODEM_UNRESPONSIVE on timeout, NO_DEVICE on transport loss,
   * NETWORK_REGISTRATION_FAILED when the modem refuses the scan (an MBIM status).
   */
  async scan(o: CallOptions & { timeoutMs?: number } = {}): Promise<ScanNetwork[]> {
    try { return await this.call(() => visibleProviders(this.device, o)); } catch (e) { throw asModemError(e, 'NETWORK_REGISTRATION_FAILED', 'Visible Providers'); }
  }

  /** What a later process needs to adopt the running MBIM session (mbim-adopt.ts). */
  handoff(): ModemHandoff {
    return { protocol: 'mbim', path: this.path, sessionId: SESSION_ID, tid: this.device.lastTid, ipType: this.grantedIpType };
  }

  /**
   * An MbimModem on a function that is already open with session `h.sessionId` active for
   * `families` (adoption, mbim-adopt.ts): no OPEN; subscribes as open() does.
   */
  static async attach(device: MbimDevice, caps: Caps, services: Set<string>, h: MbimHandoff, families: IpFamily[], log: Logger, opts: MbimModemOptions & CallOptions = {}): Promise<MbimModem> {
    const m = new MbimModem(device.port.path, device, log, caps, services, opts);
    m.grantedIpType = h.ipType;
    for (const f of families) m.active.add(f);
    await m.subscribe({ signal: opts.signal });
    return m;
  }

  /** SMS over the MBIM SMS service (src/modem/mbim-sms.ts), made on first use; closed before the port. */
  get sms(): MbimSms { return this.smsSide ??= new MbimSms(this.device, this.log.child('sms'), this.services.has(ServiceUuid.sms)); }
  private smsSide?: MbimSms;

  /** Closes the port and leaves the MBIM function open with its session active (a later owner adopts it). Never throws. */
  detach(): void {
    if (this.closing) return;
    this.closing = true;
    for (const u of this.unsubs) u();
    void this.smsSide?.close();
    this.qmi?.close();
    this.device.dispose();
  }

  /**
   * CLOSE (bounded wait) and closes the port. `polite: false` (the modem is hung or gone): no
   * CLOSE — it would only wait; the next open's OPEN starts over, and the hang ladder's
   * session-reset rung sends CLOSE then OPEN on purpose. Never throws.
   */
  async close(o: { polite?: boolean } = {}): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    for (const u of this.unsubs) u();
    await this.smsSide?.close();
    await this.qmiNas.client?.release({ timeoutMs: 1000 }).catch((e) => this.log.debug(`release NAS over MBIM: ${(e as Error).message}`));
    this.qmi?.close();
    if (!this.device.isClosed && o.polite !== false) await this.device.close({ timeoutMs: 2000 }).catch((e) => this.log.debug(`CLOSE: ${(e as Error).message}`));
    this.device.dispose();
  }
}
