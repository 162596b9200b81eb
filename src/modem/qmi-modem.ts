// QmiModem: the Modem interface over QMI (CTL/DMS/NAS/WDS/WDA/UIM clients on one cdc-wdm port).
import { openControlPort, PortError } from '../device/control-port';
import { Logger, silentLogger } from '../log';
import { QmiClient, QmiDevice } from '../qmi/device';
import { QmiProtocolError } from '../qmi/errors';
import { nas, uim, wda, wds } from '../qmi/services';
import { ConnectionStatus } from '../qmi/services/wds';
import { LinkLayerProtocol } from '../qmi/services/wda';
import type {
  CallOptions, ConnectRequest, DataCounters, DataSession, IpFamily, IpSettings, Modem, ModemEvent, ModemIdentity,
  ModemHandoff, OnlineOptions, QmiHandoff, RadioPreferences, Registration, SignalInfo, SimStatus, SimSubscriber,
} from './modem';
import { ModemError } from './modem-errors';
import { asModemError, bestRat, describeCallEnd, registrationOfServingSystem, signalOfInfo, simStatusFromCard } from './qmi-mapping';
import { ConfigSignalInfo } from '../qmi/services/nas-signal';
import { SIGNAL_THRESHOLDS } from './qmi-pin-signal';
import { setDataFormat } from './qmi-data-format';
import { awaitQmi } from './qmi-open';
import { AttachProfile, ensureAttachProfile } from './qmi-profile';
import { signalBars } from './signal-bars';
import { QmiSms } from './qmi-sms';
import type { FccOutcome } from './fcc-unlock';
import { readQmiSubscriber } from './qmi-subscriber';
import { QmiDataContext, currentSettings, packetServiceUp, packetStatistics, startNetwork, stopNetwork } from './qmi-data';
import { setSystemSelection } from './qmi-selection';
import { setQmiOnline } from './qmi-online';
import { QmiSimContext, identifyQmi, qmiSimStatus, verifyQmiPin } from './qmi-sim';
import type { BandState } from './qmi-bands';
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

  /** The context the SIM functions (qmi-sim.ts) work in. */
  private simContext(): QmiSimContext { return { dms: this.dmsClient, uim: this.uimClient, log: this.log, call: (fn) => this.call(fn) }; }

  /** DMS identity and ICCID (qmi-sim.ts identifyQmi); missing items are left out. Throws ModemError NO_DEVICE. */
  identify(o: CallOptions = {}): Promise<ModemIdentity> { return identifyQmi(this.simContext(), o); }

  /** ICCID, IMSI and MNC length of the SIM (qmi-subscriber.ts: DMS, then UIM Read Transparent). */
  async subscriber(o: CallOptions = {}): Promise<SimSubscriber> {
    return readQmiSubscriber(this.dmsClient, this.uimClient, (fn) => this.call(fn), o).catch((e) => { throw asModemError(e, 'NO_DEVICE', 'SIM subscriber'); });
  }

  /** UIM Get Card Status, else DMS UIM Get PIN Status (qmi-sim.ts qmiSimStatus). Throws ModemError PIN_STATUS_FAILED. */
  simStatus(o: CallOptions = {}): Promise<SimStatus> { return qmiSimStatus(this.simContext(), o); }

  /** UIM Verify PIN, falling back to DMS UIM Verify PIN (qmi-sim.ts verifyQmiPin). Throws ModemError PIN_FAILED, PUK_NEEDED or PIN_STATUS_FAILED. */
  verifyPin(pin: string, o: CallOptions = {}): Promise<SimStatus> { return verifyQmiPin(this.simContext(), pin, o); }

  /** DMS Operating Mode online, with the FCC authentication when the modem is FCC-locked (qmi-online.ts). Throws ModemError NETWORK_REGISTRATION_FAILED `fcc-locked`, NO_DEVICE. */
  setOnline(o: OnlineOptions = {}): Promise<void> {
    return setQmiOnline({ ...this.dataContext(), dms: this.dmsClient, count: () => { this.requests++; }, onFcc: (f) => { this.fcc = f; } }, o);
  }

  /** NAS Set System Selection Preference with modes, roaming, PLMN and bands (qmi-selection.ts). Throws PLMN_FAILED or NETWORK_REGISTRATION_FAILED. */
  setRadioPreferences(p: RadioPreferences, o: CallOptions = {}): Promise<void> {
    return setSystemSelection({ ...this.dataContext(), nas: this.nasClient, count: () => { this.requests++; }, state: this }, p, o);
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

  /** The context the data functions (qmi-data.ts) work in. */
  private dataContext(): QmiDataContext { return { log: this.log, call: (fn) => this.call(fn) }; }

  /** WDS Start Network (+ Get Current Settings; qmi-data.ts). CallFailed → ModemError CALL_FAILED with the call-end reason as data. */
  async connect(req: ConnectRequest, o: CallOptions = {}): Promise<DataSession> {
    const c = await this.wdsClient(req.family, o);
    const handle = await startNetwork(this.dataContext(), c, req, o);
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

  private currentSettings(c: QmiClient, family: IpFamily, o: CallOptions): Promise<IpSettings> { return currentSettings(this.dataContext(), c, family, o); }

  /** WDS Stop Network (qmi-data.ts stopNetwork); "already down" is not an error. */
  async disconnect(session: DataSession, o: CallOptions = {}): Promise<void> {
    const c = this.wdsByFamily.get(session.family);
    if (!c || this.device.isClosed) return;
    await stopNetwork(this.dataContext(), c, session.handle, session.autoconnect === true, o);
  }

  /** WDS Get Packet Service Status for the family's client. */
  async isConnected(family: IpFamily, o: CallOptions = {}): Promise<boolean> {
    const c = this.wdsByFamily.get(family);
    if (!c) return false;
    return packetServiceUp(this.dataContext(), c, o);
  }

  /** WDS Get Packet Statistics summed over the families' clients (qmi-data.ts packetStatistics). */
  counters(o: CallOptions = {}): Promise<DataCounters> { return packetStatistics(this.dataContext(), this.wdsByFamily.values(), o); }

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
