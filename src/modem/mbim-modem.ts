// MbimModem: the Modem interface over MBIM Basic Connect on one control port (cdc_mbim /dev/cdc-wdmN, MHI /dev/wwanNmbimN).
import { openControlPort, PortError, type ControlPort } from '../device/control-port';
import type { ResponseOf } from '../mbim/cid';
import { Logger, silentLogger } from '../log';
import { MbimDevice } from '../mbim/device';
import { MbimStatus, MbimStatusError, MbimTimeoutError } from '../mbim/errors';
import { basicConnect as bc } from '../mbim/services';
import { ContextType, ServiceUuid, type Uuid } from '../mbim/uuid';
import { QmiClient, QmiDevice } from '../qmi/device';
import { dms } from '../qmi/services';
import type {
  CallOptions, ConnectRequest, DataCounters, DataSession, IpFamily, MbimHandoff, Modem, ModemEvent, ModemHandoff, ModemIdentity, OnlineOptions, Registration, SignalInfo, SimStatus, SimSubscriber,
} from './modem';
import { ModemError } from './modem-errors';
import {
  MbimRadioPreferences, RegisterStateValues, RoamingPolicy, asModemError, authProtocolOf, describeNwError, ipTypeCovers, needsPinQuery, roamingRefusal, toIpSettings,
  toRegistration, toSignal, toSimStatus,
} from './mbim-mapping';
import { maxControlTransferOf } from './mbim-max-transfer';
import { RegisterContext, applyRegisterPreferences, exchangeVersion } from './mbim-registration';
import { MbimQmiPort } from './mbim-qmi-port';
import { sanitizeIdentity } from './modem-strings';
import { MbimSms } from './mbim-sms';
import { FccOutcome, fccLockedError, sendFccAuthenticationOn } from './fcc-unlock';
import { visibleProviders } from './mbim-scan';
import { BandState, wantsBands } from './qmi-bands';
import { applyBandsOverMbim } from './mbim-bands';
import type { ScanNetwork } from './modem';
import { BaseStationsInfo } from '../mbim/services/ms-basic-connect-ext';
import { BASE_STATIONS_QUERY, networkTimeOfNitz, radioOfBaseStations } from './mbim-radio';
import { Nitz } from '../mbim/services/ms-voice-ext';
import type { RadioInfo } from './radio';
import { readSimFilesOver } from './qmi-subscriber';

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

/** Basic Connect CIDs whose notifications we want: Subscriber Ready, Radio, Register, Packet Service, Signal, Connect, IP Configuration (libmbim mbim-service-basic-connect.json: Device Service Subscribe List, CID 19). */
const SUBSCRIBED_CIDS = [2, 3, 9, 10, 11, 12, 15];
/** Consecutive request timeouts after which the modem counts as hung (event 'unresponsive'). */
const UNRESPONSIVE_AFTER = 3;
/** The one MBIM session used: 0 is the untagged one on the network device (cdc_mbim). */
const SESSION_ID = 0;

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
  private iccid?: string;
  private imsi?: string;
  private msisdn?: string;
  private qmi?: QmiDevice;
  /** The last FCC unlock attempt (setOnline). */
  fcc?: FccOutcome;
  /** The band preference last read or written over QMI-over-MBIM for `lte_band`/`nr5g_band` (status shows it). */
  bandPreference?: BandState;
  /** NAS client over QMI-over-MBIM (band preference), allocated on first use (mbim-bands.ts). */
  private readonly qmiNas: { client?: QmiClient } = {};
  private closing = false;
  private requests = 0;
  /** PIN1 tries left at the last PIN query: a Pin set answer with fewer is a wrong PIN. */
  private pinRetriesSeen: number | undefined;

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
      await device.open({ timeoutMs: opts.openTimeoutMs ?? 20_000, signal: opts.signal }).catch((e) => {
        if (e instanceof MbimTimeoutError) throw new ModemError('DEVICE_NOT_SUPPORTED', `${path} does not answer MBIM OPEN`);
        if (e instanceof MbimStatusError) throw new ModemError('DEVICE_NOT_SUPPORTED', `${path} refused MBIM OPEN: ${e.mbimName}`, [e.mbimName]);
        throw e;
      });
      opened = true;
      const [caps, list] = await Promise.all([
        device.command(bc.DeviceCaps, 'query', {}, ro),
        device.command(bc.DeviceServices, 'query', {}, ro).catch((e) => {
          if (e instanceof MbimStatusError) return undefined;
          throw e;
        }),
      ]);
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

  /** The modem refused Base Stations Info once: it has no MS Basic Connect Extensions radio picture. */
  private noBaseStations = false;
  /** The same for MS Voice Extensions NITZ. */
  private noNitz = false;

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

  /** MBIMEx version in use (BCD: 0x0200 = 2.0), 0 when the function speaks MBIM 1.0 only. */
  get mbimexVersion(): number { return this.mbimex; }

  private async subscribe(o: CallOptions): Promise<void> {
    const d = this.device;
    this.unsubs.push(
      d.onIndication(bc.SubscriberReadyStatus, (v) => {
        if (v.simIccId) this.iccid = v.simIccId;
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
    const events: { deviceServiceId: Uuid; cids: number[] }[] = [{ deviceServiceId: ServiceUuid.basicConnect, cids: SUBSCRIBED_CIDS }];
    if (this.hasQmi) events.push({ deviceServiceId: ServiceUuid.qmi, cids: [1] });
    // SMS Read and Message Store Status: new messages (src/modem/mbim-sms.ts).
    if (this.services.has(ServiceUuid.sms)) events.push({ deviceServiceId: ServiceUuid.sms, cids: [2, 5] });
    await this.call(() => d.command(bc.DeviceServiceSubscribeList, 'set', { events }, o))
      .catch((e) => { if (!(e instanceof MbimStatusError)) throw e; this.log.debug(`Device Service Subscribe List: ${e.message}`); });
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

  /** Device Caps (IMEI, firmware, hardware) + ICCID from Subscriber Ready Status; over QMI-over-MBIM also DMS manufacturer/model/revision/IDs. */
  async identify(o: CallOptions = {}): Promise<ModemIdentity> {
    const id: ModemIdentity = { imei: this.caps.deviceId || undefined, revision: this.caps.firmwareInfo || undefined, model: this.caps.hardwareInfo || undefined };
    const sub = this.iccid ? undefined : this.call(() => this.device.command(bc.SubscriberReadyStatus, 'query', {}, o)).catch(() => undefined);
    const q = this.qmiOverMbim();
    if (q) {
      const ro = { signal: o.signal, timeoutMs: 3000 };
      try {
        this.requests += 5;
        const c = await q.client('dms', ro);
        const opt = <T>(p: Promise<T>) => p.catch(() => undefined);
        const [man, model, rev, ids] = await Promise.all([opt(c.request(dms.GetManufacturer, {}, ro)), opt(c.request(dms.GetModel, {}, ro)),
          opt(c.request(dms.GetRevision, {}, ro)), opt(c.request(dms.GetIds, {}, ro))]);
        await c.release({ timeoutMs: 2000 }).catch(() => undefined);
        id.manufacturer = man?.manufacturer || undefined;
        id.model = model?.model || id.model;
        id.revision = rev?.revision || id.revision;
        id.imei = id.imei ?? (ids?.imei || undefined);
        id.esn = ids?.esn && !/^0+$/.test(ids.esn) ? ids.esn : undefined;
        id.meid = ids?.meid || undefined;
        id.imeisv = ids?.imeiSoftwareVersion || undefined;
      } catch (e) { this.log.debug(`identify over QMI: ${(e as Error).message}`); }
    }
    const s = await sub;
    if (s?.simIccId) this.iccid = s.simIccId;
    id.iccid = this.iccid;
    if (s?.subscriberId) this.imsi = s.subscriberId;
    id.imsi = this.imsi;
    id.msisdn = s?.telephoneNumbers?.[0] || this.msisdn;
    return sanitizeIdentity(id);
  }

  /**
   * ICCID and IMSI from Subscriber Ready Status (SimIccId, SubscriberId); the MNC length (EF_AD)
   * and service provider name (EF_SPN) over QMI-over-MBIM when the modem tunnels QMI (qmi-subscriber.ts).
   */
  async subscriber(o: CallOptions = {}): Promise<SimSubscriber> {
    const r = await this.call(() => this.device.command(bc.SubscriberReadyStatus, 'query', {}, o)).catch((e) => {
      if (e instanceof MbimStatusError) return undefined;
      throw asModemError(e, 'NO_DEVICE', 'Subscriber Ready Status');
    });
    if (r?.simIccId) this.iccid = r.simIccId;
    if (r?.subscriberId) this.imsi = r.subscriberId;
    if (r?.telephoneNumbers?.[0]) this.msisdn = r.telephoneNumbers[0];
    const out: SimSubscriber = {};
    if (this.iccid) out.iccid = this.iccid;
    if (this.imsi && /^\d{6,15}$/.test(this.imsi)) out.imsi = this.imsi;
    const q = this.qmiOverMbim();
    const files = q ? await readSimFilesOver(q, (fn) => this.call(fn), { signal: o.signal, timeoutMs: 3000 }) : {};
    if (files.mncLength) out.mncLength = files.mncLength;
    if (files.spn) out.spn = files.spn;
    return out;
  }

  /** Subscriber Ready Status (+ PIN query when locked or not initialised). Throws ModemError PIN_STATUS_FAILED. */
  async simStatus(o: CallOptions = {}): Promise<SimStatus> {
    let readyState: number;
    try {
      const r = await this.call(() => this.device.command(bc.SubscriberReadyStatus, 'query', {}, o));
      if (r.simIccId) this.iccid = r.simIccId;
      if (r.subscriberId) this.imsi = r.subscriberId;
      if (r.telephoneNumbers?.[0]) this.msisdn = r.telephoneNumbers[0];
      readyState = r.readyState;
    } catch (e) {
      if (!(e instanceof MbimStatusError)) throw asModemError(e, 'PIN_STATUS_FAILED', 'SIM status');
      if (e.code === MbimStatus.NotInitialized || e.code === MbimStatus.Busy) readyState = bc.MbimSubscriberReadyState.notInitialized;
      else if (e.code === MbimStatus.SimNotInserted) return { state: 'absent' };
      else if (e.code === MbimStatus.BadSim) return { state: 'error' };
      else if (e.code === MbimStatus.PinRequired) readyState = bc.MbimSubscriberReadyState.deviceLocked;
      else throw asModemError(e, 'PIN_STATUS_FAILED', 'SIM status');
    }
    if (!needsPinQuery(readyState)) return toSimStatus(readyState);
    const pin = await this.call(() => this.device.command(bc.Pin, 'query', {}, o)).catch((e) => {
      if (e instanceof MbimStatusError) return undefined;
      throw asModemError(e, 'PIN_STATUS_FAILED', 'PIN query');
    });
    const st = toSimStatus(readyState, pin);
    this.pinRetriesSeen = st.pinRetries;
    return st;
  }

  /**
   * Pin set (PIN1, enter). Only an answer whose remaining attempts went down (or turned to PUK)
   * is a wrong PIN → ModemError PIN_FAILED with the attempts left (libmbim mbim-cid-basic-connect:
   * MBIM_CID_PIN response RemainingAttempts). Busy, NotInitialized or an answer with the tries
   * unchanged did not judge the PIN → PIN_STATUS_FAILED (retried with backoff, the ledger untouched).
   */
  async verifyPin(pin: string, o: CallOptions = {}): Promise<SimStatus> {
    const failed = (r: { pinType?: unknown; pinState?: unknown; remainingAttempts?: unknown }, why: string) => {
      const left = typeof r.remainingAttempts === 'number' ? r.remainingAttempts : undefined;
      const puk = r.pinType === bc.MbimPinType.puk1;
      const before = this.pinRetriesSeen;
      const judged = puk || left === undefined || before === undefined || left < before;
      if (!judged) return new ModemError('PIN_STATUS_FAILED', `PIN not verified, the SIM did not judge it (${why}, still ${left} tries); retrying`, [why], { pinRetries: left });
      return new ModemError('PIN_FAILED', `SIM rejected the PIN (${why})${left !== undefined ? `, ${left} ${puk ? 'PUK ' : ''}tries left` : ''}`, [],
        puk ? { pinRetries: 0, pukRetries: left } : { pinRetries: left });
    };
    try {
      const r = await this.call(() => this.device.command(bc.Pin, 'set', { pinType: bc.MbimPinType.pin1, pinOperation: bc.MbimPinOperation.enter, pin }, o));
      if (r.pinState === bc.MbimPinState.locked && (r.pinType === bc.MbimPinType.pin1 || r.pinType === bc.MbimPinType.puk1)) throw failed(r, 'still locked');
    } catch (e) {
      if (e instanceof MbimStatusError && (e.code === MbimStatus.Busy || e.code === MbimStatus.NotInitialized)) {
        throw new ModemError('PIN_STATUS_FAILED', `PIN not verified, the SIM did not judge it (${e.mbimName}); retrying`, [e.mbimName]);
      }
      if (e instanceof MbimStatusError && e.code !== MbimStatus.PinDisabled) throw failed(e.response, e.mbimName);
      if (!(e instanceof MbimStatusError)) throw asModemError(e, 'PIN_FAILED', 'verify PIN');
    }
    return this.simStatus(o);
  }

  /**
   * Radio State query, then set on when the software switch is off. Hardware switch off →
   * NETWORK_REGISTRATION_FAILED. FCC lock (the set answered OperationNotAllowed, or the software
   * switch still off with the hardware one on; ModemManager mm-broadband-modem-mbim.c
   * radio_state_set_up_ready retries after the unlock for both): the FCC authentication
   * `o.fccAuth` allows goes as QMI over MBIM (fcc-unlock.ts), then the set again; still locked →
   * NETWORK_REGISTRATION_FAILED `fcc-locked`.
   */
  async setOnline(o: OnlineOptions = {}): Promise<void> {
    const on = () => this.call(() => this.device.command(bc.RadioState, 'set', { radioState: bc.MbimRadioSwitchState.on }, o)).then(
      (r) => ({ r, locked: r.hwRadioState === bc.MbimRadioSwitchState.on && r.swRadioState !== bc.MbimRadioSwitchState.on }),
      (e) => { if (e instanceof MbimStatusError && e.code === MbimStatus.OperationNotAllowed) return { r: undefined, locked: true }; throw e; });
    try {
      let r = await this.call(() => this.device.command(bc.RadioState, 'query', {}, o));
      if (r.swRadioState !== bc.MbimRadioSwitchState.on) {
        let a = await on();
        if (a.locked) {
          const cfg = o.fccAuth ?? { mode: 'auto' };
          this.fcc = await sendFccAuthenticationOn(this.qmiOverMbim(), cfg, this.log, o, () => { this.requests++; });
          if (this.fcc.result !== 'unlocked') throw fccLockedError(cfg, this.fcc, this.hasQmi ? 'Radio State set on refused' : 'Radio State set on refused, and the modem has no QMI over MBIM');
          a = await on();
          if (a.locked) throw fccLockedError(cfg, this.fcc, 'Radio State still off after the FCC authentication');
        }
        r = a.r ?? r;
      }
      if (r.hwRadioState === bc.MbimRadioSwitchState.off) throw new ModemError('NETWORK_REGISTRATION_FAILED', 'radio switched off by the hardware switch (W_DISABLE)', ['radio-off']);
    } catch (e) { throw asModemError(e, 'NETWORK_REGISTRATION_FAILED', 'set radio on'); }
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
    void this.call(() => this.device.command(bc.Connect, 'set', { sessionId: SESSION_ID, activationCommand: bc.MbimActivationCommand.deactivate }, { timeoutMs: 5000 }))
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

  /**
   * The radio picture from MS Basic Connect Extensions Base Stations Info and MS Voice Extensions
   * NITZ, asked together (mbim-radio.ts). A command the modem does not have (NoDeviceSupport) is
   * not asked again; another refusal (no time known yet…) leaves that part out this once.
   * Without Base Stations Info the picture is empty.
   */
  async radio(o: CallOptions = {}): Promise<RadioInfo> {
    const refused = (what: 'noBaseStations' | 'noNitz') => (e: unknown) => {
      if (!(e instanceof MbimStatusError)) throw asModemError(e, 'NO_DEVICE', what === 'noNitz' ? 'NITZ' : 'Base Stations Info');
      if (e.code === MbimStatus.NoDeviceSupport) this[what] = true;
      this.log.debug(`${what === 'noNitz' ? 'NITZ' : 'Base Stations Info'}: ${e.message}${this[what] ? '; not asked again' : ''}`);
      return undefined;
    };
    const [bs, nitz] = await Promise.all([
      this.noBaseStations ? undefined : this.call(() => this.device.command(BaseStationsInfo, 'query', BASE_STATIONS_QUERY, o)).catch(refused('noBaseStations')),
      this.noNitz ? undefined : this.call(() => this.device.command(Nitz, 'query', {}, o)).catch(refused('noNitz')),
    ]);
    const info: RadioInfo = bs ? radioOfBaseStations(bs) : { neighbours: [], bands: [], carriers: [] };
    const time = nitz ? networkTimeOfNitz(nitz, Date.now()) : undefined;
    if (time) info.networkTime = time;
    return info;
  }

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
      const T = bc.MbimContextIpType;
      const pdptype = req.pdptype ?? this.opts.pdptype ?? 'ipv4v6';
      // IPv4 first asks for the session's pdptype: ipv4 → IPv4 only (mbim.sh), else IPv4v6; IPv6 first → IPv6.
      const wanted = req.family === 6 ? T.ipv6 : pdptype === 'ipv4' ? T.ipv4 : T.ipv4v6;
      this.grantedIpType = await this.activate(req, wanted, o).catch((e) => {
        const retry = wanted === T.ipv4v6 && e instanceof ModemError && e.code === 'CALL_FAILED' && !['InvalidAccessString', 'InvalidUserNamePwd'].includes(e.data[0] ?? '');
        if (!retry) throw e;
        this.log.info(`IPv4v6 activation refused (${e.message}); trying IPv4 only`);
        return this.activate(req, T.ipv4, o);
      });
    }
    this.active.add(req.family);
    try {
      const c = await this.call(() => this.device.command(bc.IpConfiguration, 'query', { sessionId: SESSION_ID }, o));
      return { family: req.family, handle: SESSION_ID, apn: req.apn, settings: toIpSettings(c, req.family) };
    } catch (e) {
      if (e instanceof MbimStatusError) { this.log.warn(`IP Configuration: ${e.message}`); return { family: req.family, handle: SESSION_ID, apn: req.apn, settings: { family: req.family, dns: [] } }; }
      throw asModemError(e, 'CALL_FAILED', 'IP Configuration');
    }
  }

  /** One Connect set activate; resolves with the granted IP type (the requested one when the modem says 0). */
  private async activate(req: ConnectRequest, ipType: number, o: CallOptions): Promise<number> {
    try {
      const r = await this.call(() => this.device.command(bc.Connect, 'set', {
        sessionId: SESSION_ID, activationCommand: bc.MbimActivationCommand.activate, accessString: req.apn ?? '',
        userName: req.username ?? '', password: req.password ?? '', authProtocol: authProtocolOf(req.auth), ipType, contextType: ContextType.internet,
      }, { signal: o.signal, timeoutMs: this.opts.networkTimeoutMs ?? 60_000 }));
      if (r.activationState !== bc.MbimActivationState.activated) {
        const nw = describeNwError(r.nwError);
        throw new ModemError('CALL_FAILED', `Connect: activation state ${r.activationState}${nw ? `, ${nw}` : ''}`, nw ? ['NotActivated', nw] : ['NotActivated']);
      }
      return r.ipType || ipType;
    } catch (e) {
      if (e instanceof MbimStatusError) {
        const nw = describeNwError(e.response.nwError as number | undefined);
        throw new ModemError('CALL_FAILED', `Connect failed: ${e.mbimName}${nw ? `, ${nw}` : ''}`, nw ? [e.mbimName, nw] : [e.mbimName], { mbimStatus: e.mbimName });
      }
      throw asModemError(e, 'CALL_FAILED', 'Connect');
    }
  }

  /** Drops the family; the last one out sends Connect set deactivate. Already down (any status) is not an error. */
  async disconnect(session: DataSession, o: CallOptions = {}): Promise<void> {
    this.active.delete(session.family);
    if (this.active.size > 0 || this.device.isClosed) return;
    try {
      await this.call(() => this.device.command(bc.Connect, 'set', { sessionId: SESSION_ID, activationCommand: bc.MbimActivationCommand.deactivate }, { timeoutMs: 5000, ...o }));
    } catch (e) {
      if (e instanceof MbimStatusError) { this.log.debug(`Connect deactivate: ${e.mbimName} (already down)`); return; }
      throw asModemError(e, 'NO_DEVICE', 'Connect deactivate');
    }
  }

  /** Connect query of session 0: activated and its IP type carries the family. */
  async isConnected(family: IpFamily, o: CallOptions = {}): Promise<boolean> {
    try {
      const r = await this.call(() => this.device.command(bc.Connect, 'query', { sessionId: SESSION_ID }, o));
      return r.activationState === bc.MbimActivationState.activated && (r.ipType === 0 || ipTypeCovers(r.ipType, family));
    } catch (e) {
      if (e instanceof MbimStatusError) return false;
      throw asModemError(e, 'NO_DEVICE', 'Connect query');
    }
  }

  /** Packet Statistics: octets and packets in (rx) and out (tx), In/OutErrors, In/OutDiscards (MBIM has no overflow counter). */
  async counters(o: CallOptions = {}): Promise<DataCounters> {
    try {
      const r = await this.call(() => this.device.command(bc.PacketStatistics, 'query', {}, o));
      return {
        rxBytes: Number(r.inOctets), txBytes: Number(r.outOctets), rxPackets: Number(r.inPackets), txPackets: Number(r.outPackets),
        rxErrors: r.inErrors, txErrors: r.outErrors, rxDropped: r.inDiscards, txDropped: r.outDiscards,
      };
    } catch (e) {
      if (e instanceof MbimStatusError) return {};
      throw asModemError(e, 'NO_DEVICE', 'Packet Statistics');
    }
  }

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
