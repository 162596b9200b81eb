// QmiModem: the Modem interface over QMI (CTL/DMS/NAS/WDS/WDA/UIM clients on one cdc-wdm port).
import { openControlPort, PortError } from '../device/control-port';
import { Logger, silentLogger } from '../log';
import { QmiClient, QmiDevice } from '../qmi/device';
import { QmiError, QmiProtocolError, QmiTimeoutError, QmiTransportError } from '../qmi/errors';
import { dms, nas, uim, wda, wds } from '../qmi/services';
import { OperatingMode } from '../qmi/services/dms';
import { RoamingPreference } from '../qmi/services/nas';
import { ConnectionStatus, PacketStatisticsMask, RequestedSettings } from '../qmi/services/wds';
import { LinkLayerProtocol } from '../qmi/services/wda';
import type {
  CallOptions, ConnectRequest, DataCounters, DataSession, IpFamily, IpSettings, Modem, ModemEvent, ModemIdentity,
  ModemHandoff, OnlineOptions, QmiHandoff, RadioPreferences, Registration, SignalInfo, SimStatus, SimSubscriber,
} from './modem';
import { ModemError } from './modem-errors';
import { bestRat, describeCallEnd, modeBits, registrationOfServingSystem, settingsOfCurrent, signalOfInfo, simStatusFromCard, simStatusFromDmsPin } from './qmi-mapping';
import { ConfigSignalInfo } from '../qmi/services/nas-signal';
import { SIGNAL_THRESHOLDS, pinErrorOf } from './qmi-pin-signal';
import { setDataFormat } from './qmi-data-format';
import { awaitQmi } from './qmi-open';
import { AttachProfile, ensureAttachProfile } from './qmi-profile';
import { sanitizeIdentity } from './modem-strings';
import { signalBars } from './signal-bars';
import { QmiSms } from './qmi-sms';
import { FccOutcome, fccLockedError, isQmiFccLockAnswer, sendFccAuthentication } from './fcc-unlock';
import { readQmiNumbers, readQmiSubscriber } from './qmi-subscriber';
import { BandState, readBandChanges, wantsBands } from './qmi-bands';
import { networkScan } from './qmi-scan';
import type { ScanNetwork } from './modem';
import { NetworkReject, NetworkTime } from '../qmi/services/nas-radio';
import { networkRejectOf, networkTimeOf, radioOfQmi, readQmiRadio } from './qmi-radio';
import type { RadioInfo } from './radio';

/** Options for opening a QMI modem. */
export interface QmiModemOptions {
  log?: Logger;
  /** Per-request timeout, ms. */
  timeoutMs?: number;
  /** Send CTL Sync at open, dropping CIDs a crashed process left behind (default true). */
  sync?: boolean;
  /** How long to wait for the first QMI answer, ms (default 20 s, qmi-open.ts). */
  openTimeoutMs?: number;
}

/** Consecutive request timeouts after which the modem reports itself unresponsive. */
const UNRESPONSIVE_AFTER = 3;
/** WDS Stop Network's "any session" handle (libqmi qmi-service-wds.json: Start Network / Stop Network; used with autoconnect off, as qmi.sh does). */
const ANY_HANDLE = 0xffffffff;

/** Translates a QMI-layer error into a ModemError with a netifd code. */
function asModemError(e: unknown, code: ModemError['code'], what: string): Error {
  if (e instanceof ModemError) return e;
  if (e instanceof QmiTransportError) return new ModemError('NO_DEVICE', `${what}: ${e.message}`);
  if (e instanceof QmiTimeoutError) return new ModemError('MODEM_UNRESPONSIVE', `${what}: ${e.message}`);
  if (e instanceof Error && e.name.includes('Abort')) return e;
  return new ModemError(code, `${what}: ${(e as Error).message}`);
}

/**
 * A QMI modem. `open()` opens the port, syncs CTL, allocates DMS/NAS/WDS (and UIM, WDA when
 * offered) clients and turns on serving-system and signal indications. Throws ModemError
 * NO_DEVICE (no such port), DEVICE_NOT_SUPPORTED (the port answers, but not QMI), MODEM_UNRESPONSIVE
 * (no answer within `openTimeoutMs`, qmi-open.ts), NO_CID.
 */
export class QmiModem implements Modem {
  readonly protocol = 'qmi' as const;
  dataFormat: '802.3' | 'raw-ip' = '802.3';
  private readonly listeners = new Set<(e: ModemEvent) => void>();
  private readonly wdsByFamily = new Map<IpFamily, QmiClient>();
  private readonly unsubs: (() => void)[] = [];
  private services = new Set<number>();
  /** The last FCC unlock attempt (setOnline). */
  fcc?: FccOutcome;
  private closing = false;
  private requests = 0;
  /** The band preference last read or written for `lte_band`/`nr5g_band` (status shows it); undefined until then. */
  bandPreference?: BandState;

  private constructor(readonly path: string, readonly device: QmiDevice, private readonly log: Logger,
    private dmsClient: QmiClient, private nasClient: QmiClient, private uimClient?: QmiClient, private wdaClient?: QmiClient) {}

  /** Modem round trips used so far. */
  get roundTrips(): number { return this.requests; }

  /** Opens and prepares a QMI modem on `path`; see class doc for errors. */
  static async open(path: string, opts: QmiModemOptions & CallOptions = {}): Promise<QmiModem> {
    const log = opts.log ?? silentLogger;
    let port;
    try { port = openControlPort(path); } catch (e) {
      const pe = e as PortError;
      throw new ModemError('NO_DEVICE', `cannot open ${path}: ${pe.message}`, [pe.code ?? 'EIO']);
    }
    const device = new QmiDevice(port, { log: log.child('qmi'), timeoutMs: opts.timeoutMs ?? 10_000 });
    const ro = { signal: opts.signal };
    let count = 0;
    const sync = async () => {
      if (opts.sync === false) return;
      count++;
      try { await device.sync({ ...ro, timeoutMs: 2000 }); } catch (e) {
        if (!(e instanceof QmiProtocolError)) throw e;
      }
    };
    try {
      // The firmware may answer QMI only seconds after the port appears: wait for a first answer
      // (qmi-open.ts), then CTL Sync, which needs a modem that listens.
      const info = await awaitQmi(path, device, { ...ro, totalMs: opts.openTimeoutMs, count: () => { count++; } });
      await sync();
      const services = new Set(info.map((s) => s.service));
      const alloc = (svc: 'dms' | 'nas' | 'uim' | 'wda') => { count++; return device.client(svc, ro); };
      const noCid = (svc: string) => (e: unknown) => { throw new ModemError('NO_CID', `cannot allocate a ${svc} client: ${(e as Error).message}`); };
      const [dmsC, nasC, uimC, wdaC] = await Promise.all([
        alloc('dms').catch(noCid('DMS')), alloc('nas').catch(noCid('NAS')),
        services.has(0x0b) ? alloc('uim').catch(() => undefined) : undefined,
        services.has(0x1a) ? alloc('wda').catch(() => undefined) : undefined,
      ]);
      const m = new QmiModem(path, device, log, dmsC, nasC, uimC, wdaC);
      m.services = services;
      m.requests = count;
      await Promise.all([m.subscribe(ro), m.wdsClient(4, ro), m.configureDataFormat(ro)]);
      return m;
    } catch (e) {
      device.close();
      // Only a port that never answered QMI is DEVICE_NOT_SUPPORTED (permanent); anything after an answer is worth a retry.
      throw asModemError(e, device.answered === 0 ? 'DEVICE_NOT_SUPPORTED' : 'NO_DEVICE', `open ${path}`);
    }
  }

  private async call<T>(fn: () => Promise<T>): Promise<T> {
    this.requests++;
    return fn();
  }

  private emit(e: ModemEvent): void {
    for (const l of [...this.listeners]) {
      try { l(e); } catch (err) { this.log.error(`event listener failed: ${(err as Error).message}`); }
    }
  }

  private async subscribe(o: CallOptions): Promise<void> {
    this.unsubs.push(this.nasClient.onIndication(nas.GetServingSystem, (v) => {
      this.emit({ type: 'registration', registration: registrationOfServingSystem(v) });
    }));
    this.unsubs.push(this.nasClient.onIndication(nas.SignalInfo, (v) => this.emit({ type: 'signal', signal: signalOfInfo(v) })));
    this.unsubs.push(this.nasClient.onIndication(NetworkTime, (v) => {
      const time = networkTimeOf(v, Date.now());
      if (time) this.emit({ type: 'network-time', time });
    }));
    this.unsubs.push(this.nasClient.onIndication(NetworkReject, (v) => this.emit({ type: 'network-reject', reject: networkRejectOf(v, Date.now()) })));
    const uimEvents = async () => {
      if (!this.uimClient) return;
      this.unsubs.push(this.uimClient.onIndication(uim.CardStatus, (v) => { if (v.cardStatus) this.emit({ type: 'sim', sim: simStatusFromCard(v.cardStatus) }); }));
      await this.call(() => this.uimClient!.request(uim.RegisterEvents, { eventMask: 0x01 }, o)).catch((e) => this.log.debug(`UIM Register Events: ${(e as Error).message}`));
    };
    const nasIndications = () => this.call(() => this.nasClient.request(nas.RegisterIndications, { servingSystemEvents: true, signalInfo: true, networkTime: true }, o))
      .catch((e) => this.log.debug(`NAS Register Indications: ${(e as Error).message}`));
    // Network Reject indications (TLV 0x21, newer firmware) in a request of their own: a modem that
    // does not know the TLV refuses only this one.
    const rejectIndications = () => this.call(() => this.nasClient.request(nas.RegisterIndications, { networkReject: { enable: true, suppressSystemInfo: false } }, o))
      .catch((e) => this.log.debug(`NAS Register Indications (network reject): ${(e as Error).message}`));
    // Signal Info indications come only for thresholds set with Config Signal Info (as
    // ModemManager sets them): status then answers signal from indications, not a request per call.
    const signalThresholds = () => this.call(() => this.nasClient.request(ConfigSignalInfo, SIGNAL_THRESHOLDS, o))
      .catch((e) => this.log.debug(`NAS Config Signal Info: ${(e as Error).message}`));
    await Promise.all([uimEvents(), nasIndications(), rejectIndications(), signalThresholds()]);
    this.device.on('close', (err?: PortError) => { if (!this.closing) this.emit({ type: 'gone', reason: err?.message ?? 'port closed' }); });
    // Another program's CTL Sync released our client ids: this modem's clients are gone (src/device/port-sharing.ts).
    this.device.on('foreign-sync', () => { if (!this.closing) this.emit({ type: 'gone', reason: 'another program opened the port directly and its CTL Sync released the client ids (use qmicli -p)' }); });
    // Recovery hook: a modem that lets several requests in a row time out is hung (session ladder).
    this.device.on('timeout', (n: number) => {
      if (n === UNRESPONSIVE_AFTER && !this.closing) this.emit({ type: 'unresponsive', reason: `${n} requests in a row timed out` });
    });
  }

  /** Subscribes to modem events. */
  onEvent(listener: (e: ModemEvent) => void): () => void {
    this.listeners.add(listener);
    return () => { this.listeners.delete(listener); };
  }

  /** DMS Get Manufacturer/Model/Revision/IDs and UIM/DMS ICCID; missing items are left out. */
  async identify(o: CallOptions = {}): Promise<ModemIdentity> {
    const d = this.dmsClient;
    const opt = <T>(p: Promise<T>) => p.catch((e) => { if (e instanceof QmiProtocolError) return undefined; throw e; });
    const [man, model, rev, ids, iccid, numbers] = await Promise.all([
      opt(this.call(() => d.request(dms.GetManufacturer, {}, o))), opt(this.call(() => d.request(dms.GetModel, {}, o))),
      opt(this.call(() => d.request(dms.GetRevision, {}, o))), opt(this.call(() => d.request(dms.GetIds, {}, o))),
      opt(this.call(() => d.request(dms.UimGetIccid, {}, o))), readQmiNumbers(d, (fn) => this.call(fn), o),
    ]).catch((e) => { throw asModemError(e, 'NO_DEVICE', 'identify'); });
    return sanitizeIdentity({
      manufacturer: man?.manufacturer, model: model?.model, revision: rev?.revision, imei: ids?.imei, iccid: iccid?.iccid,
      imsi: numbers.imsi, esn: ids?.esn && !/^0+$/.test(ids.esn) ? ids.esn : undefined, meid: ids?.meid, imeisv: ids?.imeiSoftwareVersion, msisdn: numbers.msisdn,
    });
  }

  /** ICCID, IMSI and MNC length of the SIM (qmi-subscriber.ts: DMS, then UIM Read Transparent). */
  async subscriber(o: CallOptions = {}): Promise<SimSubscriber> {
    return readQmiSubscriber(this.dmsClient, this.uimClient, (fn) => this.call(fn), o).catch((e) => { throw asModemError(e, 'NO_DEVICE', 'SIM subscriber'); });
  }

  /** UIM Get Card Status, or DMS UIM Get PIN Status on modems without UIM. Throws ModemError PIN_STATUS_FAILED. */
  async simStatus(o: CallOptions = {}): Promise<SimStatus> {
    try {
      if (this.uimClient) {
        const r = await this.call(() => this.uimClient!.request(uim.GetCardStatus, {}, o));
        if (r.cardStatus) return simStatusFromCard(r.cardStatus);
      }
      const r = await this.call(() => this.dmsClient.request(dms.UimGetPinStatus, {}, o));
      if (!r.pin1Status) return { state: 'ready' };
      return simStatusFromDmsPin(r.pin1Status);
    } catch (e) {
      if (e instanceof QmiProtocolError && (e.code === QmiError.UimUninitialized || e.code === QmiError.DeviceNotReady)) return { state: 'initializing' };
      if (e instanceof QmiProtocolError && e.code === QmiError.NoSim) return { state: 'absent' };
      throw asModemError(e, 'PIN_STATUS_FAILED', 'SIM status');
    }
  }

  /**
   * UIM Verify PIN (session 6 = card slot 1 with empty AID, PIN1, as qmicli and ModemManager send
   * it); a modem without it (InvalidQmiCommand/NotSupported) gets DMS UIM Verify PIN, as qmi.sh
   * falls back from `--verify-pin1` to `--uim-verify-pin1` and back. Only IncorrectPin is a wrong
   * PIN: ModemError PIN_FAILED with retries left (`details.wrongPin` true). PinBlocked → PUK_NEEDED.
   * Any other QMI error (DeviceNotReady, UimUninitialized, Busy…) did not judge the PIN:
   * ModemError PIN_STATUS_FAILED (not permanent: retried with backoff, the ledger untouched).
   */
  async verifyPin(pin: string, o: CallOptions = {}): Promise<SimStatus> {
    const viaDms = () => this.call(() => this.dmsClient.request(dms.UimVerifyPin, { info: { pinId: 1, pin } }, o));
    try {
      if (this.uimClient) {
        await this.call(() => this.uimClient!.request(uim.VerifyPin, { session: { sessionType: 6, applicationIdentifier: [] }, info: { pinId: 1, pin } }, o))
          .catch((e) => {
            if (e instanceof QmiProtocolError && (e.code === QmiError.InvalidQmiCommand || e.code === QmiError.NotSupported)) {
              this.log.info(`UIM Verify PIN: ${e.qmiName}; using DMS UIM Verify PIN`);
              return viaDms();
            }
            throw e;
          });
      } else {
        await viaDms();
      }
    } catch (e) {
      if (e instanceof QmiProtocolError) throw pinErrorOf(e);
      throw asModemError(e, 'PIN_STATUS_FAILED', 'verify PIN');
    }
    return this.simStatus(o);
  }

  /**
   * DMS Get Operating Mode, then Set Operating Mode online when needed (NoEffect = already
   * online). InvalidTransition is the FCC lock: the FCC authentication `o.fccAuth` allows is
   * sent (fcc-unlock.ts) and online asked again; still locked → NETWORK_REGISTRATION_FAILED `fcc-locked`.
   */
  async setOnline(o: OnlineOptions = {}): Promise<void> {
    try {
      const r = await this.call(() => this.dmsClient.request(dms.GetOperatingMode, {}, o));
      if (r.mode === OperatingMode.online) return;
      const online = () => this.call(() => this.dmsClient.request(dms.SetOperatingMode, { mode: OperatingMode.online }, o)).catch((e) => {
        if (e instanceof QmiProtocolError && e.code === QmiError.NoEffect) return {};
        throw e;
      });
      await online().catch(async (e) => {
        if (!isQmiFccLockAnswer(e)) throw e;
        const cfg = o.fccAuth ?? { mode: 'auto' };
        this.fcc = cfg.mode === 'off' ? { result: 'locked', tried: [], at: Date.now() } : await sendFccAuthentication(this.dmsClient, cfg, this.log, o, () => { this.requests++; });
        if (this.fcc.result !== 'unlocked') throw fccLockedError(cfg, this.fcc, 'Set Operating Mode online: InvalidTransition');
        return online().catch((x) => { if (isQmiFccLockAnswer(x)) throw fccLockedError(cfg, this.fcc, 'still refused after the FCC authentication'); throw x; });
      });
    } catch (e) { throw asModemError(e, 'NO_DEVICE', 'set operating mode online'); }
  }

  /**
   * NAS Set System Selection Preference (libqmi qmi-service-nas.json: TLV 0x11 mode preference,
   * 0x14 roaming preference, 0x16 network selection) with only what is set: modes (`all` = every
   * mode, as uqmi), roaming off only when `allowRoaming` is false, manual PLMN, and the LTE/NR5G
   * band masks only where they differ from the modem's (qmi-bands.ts). Throws PLMN_FAILED.
   */
  async setRadioPreferences(p: RadioPreferences, o: CallOptions = {}): Promise<void> {
    const modePreference = modeBits(p.modes);
    // Roaming is touched only when allow_roaming forbids it; modes/plmn leave the stored preference alone.
    const roamingPreference = p.allowRoaming === false ? RoamingPreference.off : undefined;
    let networkSelectionPreference: { mode: number; mcc: number; mnc: number } | undefined;
    let mncPcsDigitIncludeStatus: boolean | undefined;
    if (p.plmn !== undefined) {
      networkSelectionPreference = p.plmn === '' ? { mode: 0, mcc: 0, mnc: 0 } : { mode: 1, mcc: Number(p.plmn.slice(0, 3)), mnc: Number(p.plmn.slice(3)) };
      if (p.plmn.length === 6) mncPcsDigitIncludeStatus = true;
    }
    let bands = {};
    let after: BandState | undefined;
    let before: BandState | undefined;
    try {
      if (wantsBands(p)) ({ tlvs: bands, after, before } = await readBandChanges(this.nasClient, p, this.log, () => { this.requests++; }, o));
    } catch (e) { throw asModemError(e, 'NETWORK_REGISTRATION_FAILED', 'get system selection preference'); }
    if (Object.keys(bands).length === 0) this.bandPreference = after ?? this.bandPreference;
    if (modePreference === undefined && roamingPreference === undefined && !networkSelectionPreference && Object.keys(bands).length === 0) return;
    const set = (withBands: boolean) => this.call(() => this.nasClient.request(nas.SetSystemSelectionPreference, {
      modePreference, roamingPreference, networkSelectionPreference, mncPcsDigitIncludeStatus, changeDuration: 1, ...(withBands ? bands : {}),
    }, o));
    try {
      await set(true).then(() => { if (after) this.bandPreference = after; }, async (e) => {
        // A modem that refuses the band TLVs (e.g. InvalidArgument for a band it lacks) still
        // gets the rest; the connection goes on with its own bands, and the log and status say so.
        if (!(e instanceof QmiProtocolError) || e.code === QmiError.NoEffect || Object.keys(bands).length === 0) throw e;
        this.log.warn(`the modem refused the band preference (${e.qmiName}); lte_band/nr5g_band not applied, it keeps its own bands`);
        this.bandPreference = before;
        if (modePreference !== undefined || roamingPreference !== undefined || networkSelectionPreference) await set(false);
      });
    } catch (e) {
      if (e instanceof QmiProtocolError && e.code === QmiError.NoEffect) return;
      throw asModemError(e, p.plmn ? 'PLMN_FAILED' : 'NETWORK_REGISTRATION_FAILED', 'set system selection preference');
    }
  }

  /** NAS Get Serving System. */
  async registration(o: CallOptions = {}): Promise<Registration> {
    try { return registrationOfServingSystem(await this.call(() => this.nasClient.request(nas.GetServingSystem, {}, o))); } catch (e) {
      throw asModemError(e, 'NETWORK_REGISTRATION_FAILED', 'get serving system');
    }
  }

  /** The radio picture: NAS Get System Info, Cell Location Info, RF Band Information, LTE Cphy CA Info, Signal Info (qmi-radio.ts). */
  async radio(o: CallOptions = {}): Promise<RadioInfo> {
    try { return radioOfQmi(await readQmiRadio(this.nasClient, o, () => { this.requests++; })); } catch (e) {
      throw asModemError(e, 'NO_DEVICE', 'radio');
    }
  }

  /** NAS Get Signal Info; falls back to Get Signal Strength on modems without it. */
  async signal(o: CallOptions = {}): Promise<SignalInfo> {
    try {
      return signalOfInfo(await this.call(() => this.nasClient.request(nas.GetSignalInfo, {}, o)));
    } catch (e) {
      if (!(e instanceof QmiProtocolError)) throw asModemError(e, 'NO_DEVICE', 'signal');
    }
    try {
      const r = await this.call(() => this.nasClient.request(nas.GetSignalStrength, { requestMask: 0xef }, o));
      const ri = r.signalStrength?.radioInterface;
      const rat = bestRat(ri === undefined ? [] : [ri]);
      const rssi = r.rssiList?.[0] ? -r.rssiList[0].rssi : r.signalStrength?.strength;
      return { rat, rssi, rsrq: r.rsrq?.rsrq, rsrp: r.lteRsrp, snr: r.lteSnr === undefined ? undefined : r.lteSnr / 10, bars: signalBars(rat, rssi, r.lteRsrp) };
    } catch (e) { throw asModemError(e, 'NO_DEVICE', 'signal strength'); }
  }

  private async wdsClient(family: IpFamily, o: CallOptions = {}): Promise<QmiClient> {
    let c = this.wdsByFamily.get(family);
    if (c) return c;
    try {
      this.requests++;
      c = await this.device.client('wds', o);
    } catch (e) { throw asModemError(e, 'NO_CID', `allocate WDS client (IPv${family})`); }
    this.watchWds(family, c);
    if (family === 6) {
      await this.call(() => c!.request(wds.SetIpFamily, { preference: 6 }, o)).catch((e) => this.log.debug(`WDS Set IP Family: ${(e as Error).message}`));
    }
    return c;
  }

  /** Makes `c` the family's WDS client and turns its Packet Service Status indications into session-down events. */
  private watchWds(family: IpFamily, c: QmiClient): void {
    this.wdsByFamily.set(family, c);
    this.unsubs.push(c.onIndication(wds.GetPacketServiceStatus, (v) => {
      if (v.connectionStatus.status === ConnectionStatus.disconnected) {
        this.emit({ type: 'session-down', family, reason: describeCallEnd(v.callEndReason, v.verboseCallEndReason) });
      }
    }));
  }

  /**
   * What another process needs to take this modem over without disturbing its data sessions:
   * the client ids per service (they stay allocated on the modem after our process exits; only
   * CTL Sync or Release CID frees them — libqmi qmi-device.h, QMI_DEVICE_OPEN_FLAGS_SYNC) and
   * the data format. See qmi-adopt.ts.
   */
  handoff(): ModemHandoff {
    const cids: QmiHandoff['cids'] = { dms: this.dmsClient.cid, nas: this.nasClient.cid };
    if (this.uimClient) cids.uim = this.uimClient.cid;
    if (this.wdaClient) cids.wda = this.wdaClient.cid;
    const w4 = this.wdsByFamily.get(4);
    const w6 = this.wdsByFamily.get(6);
    if (w4) cids.wds4 = w4.cid;
    if (w6) cids.wds6 = w6.cid;
    const wms = this.smsSide?.cid;
    if (wms !== undefined) cids.wms = wms;
    return { protocol: 'qmi', path: this.path, cids, dataFormat: this.dataFormat };
  }

  /**
   * A QmiModem over clients that already exist on the modem (adoption, qmi-adopt.ts): no CTL
   * Sync, no allocation. Subscribes as open() does (re-registering indications on the same
   * clients is harmless). The caller has checked the clients answer.
   */
  static async attach(path: string, device: QmiDevice, h: QmiHandoff, services: Set<number>, log: Logger, o: CallOptions = {}): Promise<QmiModem> {
    const client = (svc: 'dms' | 'nas' | 'uim' | 'wda', cid?: number) => (cid === undefined ? undefined : new QmiClient(device, svc, cid));
    const m = new QmiModem(path, device, log, client('dms', h.cids.dms)!, client('nas', h.cids.nas)!, client('uim', h.cids.uim), client('wda', h.cids.wda));
    m.services = services;
    m.dataFormat = h.dataFormat;
    if (h.cids.wds4 !== undefined) m.watchWds(4, new QmiClient(device, 'wds', h.cids.wds4));
    if (h.cids.wds6 !== undefined) m.watchWds(6, new QmiClient(device, 'wds', h.cids.wds6));
    if (h.cids.wms !== undefined) m.smsSide = new QmiSms(device, log.child('sms'), services.has(0x05), new QmiClient(device, 'wms', h.cids.wms));
    await m.subscribe(o);
    return m;
  }

  /** The family's WDS client, if one exists (adoption checks it). */
  wdsOf(family: IpFamily): QmiClient | undefined { return this.wdsByFamily.get(family); }

  /** WDS Get Current Settings on the family's client (adoption refreshes the settings of a running session). */
  async settingsOf(family: IpFamily, o: CallOptions = {}): Promise<IpSettings> {
    const c = this.wdsByFamily.get(family);
    if (!c) return { family, dns: [] };
    return this.currentSettings(c, family, o);
  }

  /** Sets the link-layer format, raw-IP preferred, and reads it back (qmi-data-format.ts). Never throws a QMI error. */
  async configureDataFormat(o: CallOptions = {}): Promise<'802.3' | 'raw-ip'> {
    this.dataFormat = await setDataFormat({ device: this.device, wda: this.wdaClient, log: this.log, count: () => { this.requests++; } }, this.dataFormat, o);
    this.log.info(`data format ${this.dataFormat}`);
    return this.dataFormat;
  }

  /** Reads WDA Get Data Format (802.3 vs raw-IP) when WDA is offered. */
  async readDataFormat(o: CallOptions = {}): Promise<'802.3' | 'raw-ip'> {
    if (!this.wdaClient) return this.dataFormat;
    try {
      const r = await this.call(() => this.wdaClient!.request(wda.GetDataFormat, {}, o));
      this.dataFormat = r.linkLayerProtocol === LinkLayerProtocol.rawIp ? 'raw-ip' : '802.3';
    } catch (e) { this.log.debug(`WDA Get Data Format: ${(e as Error).message}`); }
    return this.dataFormat;
  }

  /** Writes APN and PDP type into the LTE attach profile (3GPP profile 1) when they differ (qmi-profile.ts). Throws ModemError only for transport loss/timeouts. */
  async setAttachProfile(p: AttachProfile, o: CallOptions = {}): Promise<'unchanged' | 'written' | 'unsupported'> {
    const c = await this.wdsClient(4, o);
    try { return await ensureAttachProfile(c, p, this.log, () => { this.requests++; }, o); } catch (e) { throw asModemError(e, 'NO_DEVICE', 'attach profile'); }
  }

  /** WDS Start Network (+ Get Current Settings). CallFailed → ModemError CALL_FAILED with the call-end reason as data. */
  async connect(req: ConnectRequest, o: CallOptions = {}): Promise<DataSession> {
    const c = await this.wdsClient(req.family, o);
    const authBits = { none: 0, pap: 1, chap: 2, both: 3 } as const;
    let handle: number;
    const start = () => this.call(() => c.request(wds.StartNetwork, {
      apn: req.apn || undefined,
      ipFamilyPreference: req.family,
      authenticationPreference: req.auth && (req.username || req.auth !== 'none') ? authBits[req.auth] : undefined,
      username: req.username || undefined,
      password: req.password || undefined,
      profileIndex3gpp: req.profile,
      // qmi.sh `autoconnect` → uqmi --start-network --autoconnect (libqmi: Start Network TLV 0x33 Enable Autoconnect).
      enableAutoconnect: req.autoconnect ? true : undefined,
    }, o));
    try {
      const r = await start().catch(async (e) => {
        // Recovery hook: a session nobody owns (left by a killed daemon, or the modem's
        // autoconnect) — stop it with autoconnect off, as qmi.sh does at setup, and start ours.
        if (!(e instanceof QmiProtocolError && e.code === QmiError.NoEffect)) throw e;
        this.log.warn(`IPv${req.family}: a data session is already up on the modem; stopping it (autoconnect off) and starting afresh`);
        await this.call(() => c.request(wds.StopNetwork, { packetDataHandle: ANY_HANDLE, disableAutoconnect: true }, o)).catch((x) => {
          if (!(x instanceof QmiProtocolError)) throw x;
        });
        return start();
      });
      if (r.packetDataHandle === undefined) throw new ModemError('CALL_FAILED', 'Start Network succeeded without a packet data handle');
      handle = r.packetDataHandle;
    } catch (e) {
      if (e instanceof QmiProtocolError && e.code === QmiError.NoEffect) {
        throw new ModemError('CALL_FAILED', 'a data session of this family is already up on the modem (NoEffect)', ['NoEffect']);
      }
      if (e instanceof QmiProtocolError) {
        const reason = describeCallEnd(e.response.callEndReason as number | undefined, e.response.verboseCallEndReason as { type: number; reason: number } | undefined);
        throw new ModemError('CALL_FAILED', `Start Network failed: ${e.qmiName}, call end reason ${reason}`, [reason], { qmiError: e.qmiName });
      }
      throw asModemError(e, 'CALL_FAILED', 'Start Network');
    }
    // From here on the call is up on the modem: any failure stops it again before it propagates.
    const session: DataSession = { family: req.family, handle, apn: req.apn, settings: { family: req.family, dns: [] }, ...(req.autoconnect ? { autoconnect: true } : {}) };
    try {
      session.settings = await this.currentSettings(c, req.family, o);
    } catch (e) {
      await this.disconnect(session, { signal: AbortSignal.timeout(5000) }).catch((x) => this.log.warn(`Stop Network after a failed connect: ${(x as Error).message}`));
      throw e;
    }
    return session;
  }

  private async currentSettings(c: QmiClient, family: IpFamily, o: CallOptions): Promise<IpSettings> {
    const mask = RequestedSettings.dnsAddress | RequestedSettings.ipAddress | RequestedSettings.gatewayInfo | RequestedSettings.mtu | RequestedSettings.ipFamily | RequestedSettings.apnName;
    try {
      const r = await this.call(() => c.request(wds.GetCurrentSettings, { requestedSettings: mask }, o));
      return settingsOfCurrent(r, family);
    } catch (e) {
      if (e instanceof QmiProtocolError) { this.log.warn(`Get Current Settings: ${e.message}`); return { family, dns: [] }; }
      throw asModemError(e, 'CALL_FAILED', 'Get Current Settings');
    }
  }

  /** WDS Stop Network; OutOfCall/NoEffect/InvalidHandle mean "already down" and are not errors. */
  async disconnect(session: DataSession, o: CallOptions = {}): Promise<void> {
    const c = this.wdsByFamily.get(session.family);
    if (!c || this.device.isClosed) return;
    try {
      // An autoconnect session would be redialled by the modem: turn autoconnect off first, as
      // qmi.sh's teardown does (--stop-network 0xffffffff --autoconnect; Stop Network TLV 0x10).
      if (session.autoconnect) {
        await this.call(() => c.request(wds.StopNetwork, { packetDataHandle: ANY_HANDLE, disableAutoconnect: true }, { timeoutMs: 5000, ...o }))
          .catch((e) => { if (!(e instanceof QmiProtocolError)) throw e; });
      }
      await this.call(() => c.request(wds.StopNetwork, { packetDataHandle: session.handle }, { timeoutMs: 5000, ...o }));
    } catch (e) {
      if (e instanceof QmiProtocolError) { this.log.debug(`Stop Network: ${e.qmiName} (already down)`); return; }
      throw asModemError(e, 'NO_DEVICE', 'Stop Network');
    }
  }

  /** WDS Get Packet Service Status for the family's client. */
  async isConnected(family: IpFamily, o: CallOptions = {}): Promise<boolean> {
    const c = this.wdsByFamily.get(family);
    if (!c) return false;
    try {
      return (await this.call(() => c.request(wds.GetPacketServiceStatus, {}, o))).connectionStatus === ConnectionStatus.connected;
    } catch (e) { throw asModemError(e, 'NO_DEVICE', 'Get Packet Service Status'); }
  }

  /** WDS Get Packet Statistics summed over the families' clients: bytes, packets, errors, overflows, drops (u32 0xFFFFFFFF = unavailable, skipped). */
  async counters(o: CallOptions = {}): Promise<DataCounters> {
    const out: DataCounters = {};
    const add = (k: keyof DataCounters, v: number | bigint | undefined) => {
      if (v === undefined || v === 0xffffffff) return;
      out[k] = (out[k] ?? 0) + Number(v);
    };
    for (const c of this.wdsByFamily.values()) {
      const mask = Object.values(PacketStatisticsMask).reduce((a, b) => a | b, 0);
      try {
        const r = await this.call(() => c.request(wds.GetPacketStatistics, { mask }, o));
        add('txBytes', r.txBytesOk); add('rxBytes', r.rxBytesOk); add('txPackets', r.txPacketsOk); add('rxPackets', r.rxPacketsOk);
        add('txErrors', r.txPacketsError); add('rxErrors', r.rxPacketsError); add('txOverflows', r.txOverflows); add('rxOverflows', r.rxOverflows);
        add('txDropped', r.txPacketsDropped); add('rxDropped', r.rxPacketsDropped);
      } catch (e) {
        if (!(e instanceof QmiProtocolError)) throw asModemError(e, 'NO_DEVICE', 'Get Packet Statistics');
      }
    }
    return out;
  }

  /**
   * NAS Network Scan (qmi-scan.ts), up to `timeoutMs` (default 300 s, as qmicli). Throws
   * ModemError: MODEM_UNRESPONSIVE on timeout, NO_DEVICE on transport loss,
   * NETWORK_REGISTRATION_FAILED when the modem refuses or aborts the scan.
   */
  async scan(o: CallOptions & { timeoutMs?: number } = {}): Promise<ScanNetwork[]> {
    try { return await this.call(() => networkScan(this.nasClient, o)); } catch (e) { throw asModemError(e, 'NETWORK_REGISTRATION_FAILED', 'network scan'); }
  }

  /** Does the modem offer this QMI service id? */
  hasService(id: number): boolean { return this.services.has(id); }

  /** Closes the port and keeps every CID and data call on the modem (a later owner adopts them). Never throws. */
  detach(): void {
    if (this.closing) return;
    this.closing = true;
    for (const u of this.unsubs) u();
    this.device.close();
  }

  /** SMS over WMS (src/modem/qmi-sms.ts), made on first use; closed before the port. */
  get sms(): QmiSms { return this.smsSide ??= new QmiSms(this.device, this.log.child('sms'), this.services.has(0x05)); }
  private smsSide?: QmiSms;

  /** Releases every CID (bounded wait) and closes the port. Never throws. */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    for (const u of this.unsubs) u();
    await this.smsSide?.close();
    const clients = [...this.wdsByFamily.values(), this.nasClient, this.dmsClient, this.uimClient, this.wdaClient].filter((c): c is QmiClient => !!c);
    await Promise.all(clients.map((c) => c.release({ timeoutMs: 2000 }).catch((e) => this.log.debug(`release ${c.service} cid ${c.cid}: ${(e as Error).message}`))));
    this.device.close();
  }
}
