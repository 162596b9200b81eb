// The simulator's QMI side: decodes request frames with the client's own definitions, answers from the model, raises indications.
import { Writer } from '../../qmi/codec';
import { QmiDecodeError } from '../../qmi/errors';
import { QmiFrame, QmuxReassembler, encodeFrame } from '../../qmi/frame';
import {
  MessageDef, RequestOf, Service, ServiceName, TlvSet, decodeTlvs, encodeResult, encodeTlvs, redactValues, serviceName,
} from '../../qmi/message';
import * as ctl from '../../qmi/services/ctl';
import { CardStatus } from '../../qmi/services/uim';
import { GetServingSystem, SignalInfo } from '../../qmi/services/nas';
import { GetPacketServiceStatus } from '../../qmi/services/wds';
import { Logger, silentLogger } from '../../log';
import { Clock, systemClock } from '../../util/wait';
import type { CallEnd, DataSession, ModemModel } from '../model';
import type { ResolvedScenario } from '../scenario';
import { ClientState, HandlerContext, Route, SimError } from './context';
import { dmsRoutes } from './dms';
import { dmsVendorRoutes } from './dms-vendor';
import { nasRoutes, servingSystemValues, signalInfoValues } from './nas';
import { nasBandScanRoutes } from './nas-bands-scan';
import { nasRadioRoutes, networkRejectValues, networkTimeValues } from './nas-radio';
import { NetworkReject, NetworkTime } from '../../qmi/services/nas-radio';
import { uimRoutes, cardStatusValue } from './uim';
import { wdaRoutes } from './wda';
import { wmsRoutes } from './wms';
import { wmsIndications } from './wms-indications';
import { subscriberRoutes } from './subscriber';
import { packetServiceStatusValues, wdsOwner, wdsRoutes } from './wds';

/** One request frame as the client wrote it (re-encoded from the validated frame: header + TLVs are lossless). */
export interface CapturedRequest {
  readonly service: number; readonly cid: number; readonly txn: number; readonly messageId: number;
  /** "svc Name", e.g. "wds Start Network", or "svc 0xNN" when unknown. */
  readonly name: string;
  readonly bytes: Buffer;
}

/** Counters the tests read. `cids` lists the CIDs allocated now, per service name. */
export interface QmiSimStats {
  requests: Record<string, number>;
  roundTrips: number;
  cids: Record<string, number[]>;
  allocations: number;
  releases: number;
  stopNetworkSeen: boolean;
  indications: Record<string, number>;
  /** Requests dropped while unresponsive. */
  dropped: number;
  /** Bytes of client input that were not QMUX frames. */
  garbageBytesIn: number;
  /** Request frames, oldest first; only the last CAPTURE_LIMIT are kept (a long `qmi4g sim` run must not grow). */
  captured: CapturedRequest[];
  /** Chunks read from the client, in order; the last CAPTURE_LIMIT are kept. */
  rawInput: Buffer[];
}

/** How many captured frames and raw chunks the stats keep. */
export const CAPTURE_LIMIT = 2000;

function keep<T>(list: T[], item: T): void {
  list.push(item);
  if (list.length > CAPTURE_LIMIT) list.splice(0, list.length - CAPTURE_LIMIT);
}

/** Options of a QmiResponder: the model, where frames go (kind tells pacing), clock and logger. */
export interface QmiResponderOptions {
  model: ModemModel;
  scenario: ResolvedScenario;
  send: (frame: Uint8Array, kind: 'response' | 'indication') => void;
  clock?: Clock;
  log?: Logger;
}

/** Services the simulated modem offers, with the versions Get Version Info reports (plausible Qualcomm values). */
const SERVICE_VERSIONS: [ServiceName, number, number][] = [['ctl', 1, 5], ['wds', 1, 67], ['dms', 1, 14], ['nas', 1, 25], ['uim', 1, 46], ['wda', 1, 16], ['wms', 1, 10]];
const MAX_CID = 254;

/**
 * Answers QMI requests on behalf of a ModemModel. CIDs 1..254 per service; Release of an
 * unknown CID → InvalidClientId (7); unknown message → InvalidQmiCommand (71); CTL Sync drops
 * every CID (ending their sessions) and raises the Sync indication. Indications: NAS Serving
 * System to each NAS client (on by default — assumption: Qualcomm firmware enables it per
 * client until Register Indications turns it off), NAS Signal Info to clients that asked,
 * WDS Packet Service Status to the session's client, UIM Card Status after Register Events.
 * Indications a request causes are sent after its response.
 */
export class QmiResponder {
  readonly stats: QmiSimStats = {
    requests: {}, roundTrips: 0, cids: {}, allocations: 0, releases: 0, stopNetworkSeen: false, indications: {}, dropped: 0,
    garbageBytesIn: 0, captured: [], rawInput: [],
  };
  unresponsive: boolean;
  private readonly reassembler = new QmuxReassembler();
  private readonly routes = new Map<string, Route>();
  private readonly clients = new Map<string, ClientState>();
  private readonly nextCid = new Map<number, number>();
  private readonly clock: Clock;
  private readonly log: Logger;
  private deferred: (() => void)[] | undefined;
  private readonly unsubscribe: () => void;
  private readonly timers = new Set<unknown>();
  /** Requests before this time (clock ms) go unanswered (scenario `silentForMs`). */
  private readonly silentUntil: number;

  /** scenario.hostile.allocateCid, consumed one per Allocate CID. */
  private readonly hostileCids: number[];
  /** scenario.hostile.strayCtlReplies left to send. */
  private strayCtl: number;

  constructor(private readonly opts: QmiResponderOptions) {
    this.hostileCids = [...opts.scenario.hostile.allocateCid];
    this.strayCtl = opts.scenario.hostile.strayCtlReplies;
    this.clock = opts.clock ?? systemClock;
    this.log = opts.log ?? silentLogger;
    this.unresponsive = opts.scenario.unresponsive;
    this.silentUntil = this.clock.now() + opts.scenario.silentForMs;
    for (const r of [...dmsRoutes, ...dmsVendorRoutes, ...nasRoutes, ...wdsRoutes, ...wdaRoutes, ...uimRoutes, ...wmsRoutes, ...subscriberRoutes, ...nasBandScanRoutes, ...nasRadioRoutes]) this.routes.set(`${Service[r.def.service]}:${r.def.id}`, r);
    const m = opts.model;
    const onReg = () => this.indicateRegistration();
    const onSession = (e: { session: DataSession; connected: boolean; end?: CallEnd }) => this.indicateSession(e.session, e.connected, e.end);
    const onSim = () => this.indicateSim();
    const onSignal = () => this.indicateSignal();
    m.on('registration', onReg);
    m.on('session', onSession);
    m.on('sim', onSim);
    m.on('signal', onSignal);
    const offWms = wmsIndications(m.sms, (def, cid, values) => this.raise(() => this.sendIndication(def, cid, values)), () => this.clientsOf('wms'));
    this.unsubscribe = () => { m.off('registration', onReg); m.off('session', onSession); m.off('sim', onSim); m.off('signal', onSignal); offWms(); };
  }

  /** Feeds bytes read from the client; requests may arrive split or coalesced. */
  feed(chunk: Uint8Array): void {
    keep(this.stats.rawInput, Buffer.from(chunk));
    const { frames, skipped } = this.reassembler.push(chunk);
    for (const s of skipped) { this.stats.garbageBytesIn += s.bytes; this.log.warn(`skipped ${s.bytes} byte(s) of client input: ${s.reason}`); }
    for (const f of frames) this.onFrame(f);
  }

  /** The modem restarted: forgets every client id (their sessions end), without the Sync indication. */
  reset(): void {
    this.clients.clear();
    this.syncCidStats();
  }

  /** Forgets a partial request (the client went away). */
  resetInput(): void { this.reassembler.reset(); }

  /** Stops listening to the model and cancels delayed replies. */
  close(): void {
    this.unsubscribe();
    for (const t of this.timers) this.clock.clearTimeout(t);
    this.timers.clear();
  }

  private onFrame(f: QmiFrame): void {
    if (f.kind !== 'request') { this.log.debug(`ignored a ${f.kind} frame from the client`); return; }
    const svc = serviceName(f.service);
    const route = f.service === Service.ctl ? undefined : this.routes.get(`${f.service}:${f.messageId}`);
    const ctlDef = f.service === Service.ctl ? CTL_DEFS.find((d) => d.id === f.messageId) : undefined;
    const def = route?.def ?? ctlDef;
    const name = def ? `${svc} ${def.name}` : `${svc} 0x${f.messageId.toString(16).padStart(4, '0')}`;
    this.stats.requests[name] = (this.stats.requests[name] ?? 0) + 1;
    keep(this.stats.captured, { service: f.service, cid: f.cid, txn: f.txn, messageId: f.messageId, name, bytes: Buffer.from(encodeFrame(f)) });
    if (def === wdsStopNetworkDef) this.stats.stopNetworkSeen = true;
    if (this.unresponsive || this.clock.now() < this.silentUntil) { this.stats.dropped++; return; }

    this.deferred = [];
    let tlvs: Uint8Array;
    try {
      tlvs = this.answer(f, def, route, name);
    } catch (e) {
      this.log.error(`${name}: simulator failed to answer: ${(e as Error).message}`);
      tlvs = resultOnly(SimError.Internal);
    }
    const cut = this.opts.scenario.hostile.truncateTlv.find((t) => t.message === name);
    if (cut) tlvs = truncateTlv(tlvs, cut.tlv, cut.length);
    const after = this.deferred;
    this.deferred = undefined;
    const frame = encodeFrame({ service: f.service, cid: f.cid, kind: 'response', txn: f.txn, messageId: f.messageId, tlvs });
    const stray = this.strayCtl > 0 && f.service === Service.ctl;
    if (stray) this.strayCtl--;
    const run = () => {
      this.stats.roundTrips++;
      // scenario.hostile.strayCtlReplies: first a reply with this txn to another CTL message (Release CID), as a previous process's request would get.
      if (stray) this.opts.send(encodeFrame({ service: Service.ctl, cid: 0, kind: 'response', txn: f.txn, messageId: ctl.ReleaseCid.id, tlvs: withResult(ctl.ReleaseCid, 0, { releaseInfo: { service: Service.wds, cid: 1 } }) }), 'response');
      this.opts.send(frame, 'response');
      for (const fn of after) fn();
    };
    const latency = this.opts.scenario.latencyMs + this.replyDelayMs;
    this.replyDelayMs = 0;
    if (latency <= 0) { run(); return; }
    const t = this.clock.setTimeout(() => { this.timers.delete(t); run(); }, latency);
    this.timers.add(t);
  }

  /** Extra hold-back of the reply being built (a route's `delayMs`), ms. */
  private replyDelayMs = 0;

  private answer(f: QmiFrame, def: MessageDef | undefined, route: Route | undefined, name: string): Uint8Array {
    if (!def) return resultOnly(SimError.InvalidQmiCommand);
    let req: Record<string, unknown>;
    try {
      req = decodeTlvs(def.request as TlvSet, f.tlvs, name) as Record<string, unknown>;
    } catch (e) {
      const missing = e instanceof QmiDecodeError && /required TLV/.test(e.message);
      this.log.warn(`${name}: bad request: ${(e as Error).message}`);
      return resultOnly(missing ? SimError.MissingArgument : SimError.MalformedMessage);
    }
    if (this.log.debugEnabled) this.log.debug(`<< ${name} cid=${f.cid} txn=${f.txn} ${JSON.stringify(redactValues(def.request as TlvSet, req), (_k, v) => (typeof v === 'bigint' ? v.toString() : v))}`);
    if (f.service === Service.ctl) return this.answerCtl(def, req);
    const client = this.clients.get(`${f.service}:${f.cid}`);
    if (!client) return resultOnly(SimError.InvalidClientId);
    const ctx: HandlerContext = { model: this.opts.model, scenario: this.opts.scenario, client, pinEnabled: this.opts.scenario.sim.state !== 'ready' };
    const reply = route!.handle(req as never, ctx) as { values?: Record<string, unknown>; error?: number; delayMs?: number };
    this.replyDelayMs = reply.delayMs ?? 0;
    return withResult(def, reply.error ?? 0, reply.values ?? {});
  }

  private answerCtl(def: MessageDef, req: Record<string, unknown>): Uint8Array {
    switch (def.id) {
      case ctl.GetVersionInfo.id:
        return withResult(def, 0, { serviceList: this.services().map(([s, majorVersion, minorVersion]) => ({ service: Service[s], majorVersion, minorVersion })) });
      case ctl.AllocateCid.id: {
        const service = (req as RequestOf<typeof ctl.AllocateCid>).service;
        if (service === Service.ctl || !this.services().some(([s]) => Service[s] === service)) return resultOnly(SimError.InvalidServiceType);
        const forced = this.hostileCids.shift();
        if (forced !== undefined) return withResult(def, 0, { allocationInfo: { service, cid: forced } });
        const cid = this.allocate(service);
        if (cid === undefined) return resultOnly(SimError.ClientIdsExhausted);
        return withResult(def, 0, { allocationInfo: { service, cid } });
      }
      case ctl.ReleaseCid.id: {
        const { service, cid } = (req as RequestOf<typeof ctl.ReleaseCid>).releaseInfo;
        if (!this.release(service, cid)) return withResult(def, SimError.InvalidClientId, {});
        return withResult(def, 0, { releaseInfo: { service, cid } });
      }
      case ctl.SetDataFormat.id: {
        const protocol = (req as RequestOf<typeof ctl.SetDataFormat>).protocol;
        if (protocol === 2) this.opts.model.selectDataFormat('raw-ip');
        else if (protocol === 1) this.opts.model.selectDataFormat('802.3');
        return withResult(def, 0, { protocol: this.opts.model.dataFormat === 'raw-ip' ? 2 : 1 });
      }
      case ctl.Sync.id:
        for (const c of [...this.clients.values()]) this.release(Service[c.service], c.cid);
        this.raise(() => this.sendIndication(ctl.Sync, 0, {}));
        return withResult(def, 0, {});
      default:
        return resultOnly(SimError.InvalidQmiCommand);
    }
  }

  /** The services offered: all of SERVICE_VERSIONS, without WDA when the scenario says `wda: false` (older modems). */
  private services(): [ServiceName, number, number][] {
    return this.opts.scenario.wda ? SERVICE_VERSIONS : SERVICE_VERSIONS.filter(([s]) => s !== 'wda');
  }

  private allocate(service: number): number | undefined {
    const start = this.nextCid.get(service) ?? 1;
    for (let i = 0; i < MAX_CID; i++) {
      const cid = ((start - 1 + i) % MAX_CID) + 1;
      const key = `${service}:${cid}`;
      if (this.clients.has(key)) continue;
      const name = serviceName(service) as ServiceName;
      this.clients.set(key, { service: name, cid, servingSystemInd: true, signalInfoInd: false, signalConfigured: false, cardStatusInd: false, ipFamily: 4 });
      this.nextCid.set(service, (cid % MAX_CID) + 1);
      this.stats.allocations++;
      this.syncCidStats();
      return cid;
    }
    return undefined;
  }

  /** Releases a CID; a WDS client's session ends with it (no autoconnect in the model). */
  private release(service: number, cid: number): boolean {
    const key = `${service}:${cid}`;
    if (!this.clients.delete(key)) return false;
    this.stats.releases++;
    if (service === Service.wds) {
      const s = this.opts.model.listSessions().find((x) => x.owner === wdsOwner(cid));
      if (s) this.opts.model.stopSession(s.handle);
    }
    this.syncCidStats();
    return true;
  }

  private syncCidStats(): void {
    const out: Record<string, number[]> = {};
    for (const c of this.clients.values()) (out[c.service] ??= []).push(c.cid);
    for (const k of Object.keys(out)) out[k].sort((a, b) => a - b);
    this.stats.cids = out;
  }

  /** Runs an indication now, or after the current request's response. */
  private raise(fn: () => void): void {
    if (this.deferred) this.deferred.push(fn); else fn();
  }

  private sendIndication(def: MessageDef, cid: number, values: Record<string, unknown>): void {
    const service = Service[def.service];
    const tlvs = encodeTlvs((def.indication ?? {}) as TlvSet, values as never, `${def.service} ${def.name} indication`);
    const key = `${def.service} ${def.name}`;
    this.stats.indications[key] = (this.stats.indications[key] ?? 0) + 1;
    this.opts.send(encodeFrame({ service, cid, kind: 'indication', txn: 0, messageId: def.id, tlvs }), 'indication');
  }

  private clientsOf(service: ServiceName): ClientState[] { return [...this.clients.values()].filter((c) => c.service === service); }

  private indicateRegistration(): void {
    this.raise(() => {
      const values = servingSystemValues(this.opts.model) as Record<string, unknown>;
      for (const c of this.clientsOf('nas')) {
        if (c.servingSystemInd) this.sendIndication(GetServingSystem, c.cid, values);
        if (c.signalInfoInd) this.sendIndication(SignalInfo, c.cid, signalInfoValues(this.opts.model) as Record<string, unknown>);
      }
      this.indicateRadio();
    });
  }

  /** With a registration change: NAS Network Time once registered, NAS Network Reject when refused (nas-radio.ts), to clients that enabled them. */
  private indicateRadio(): void {
    const state = this.opts.model.registration.state;
    const time = state === 'registered' ? networkTimeValues(this.opts.model) : undefined;
    const reject = state === 'denied' ? networkRejectValues(this.opts.model) : undefined;
    for (const c of this.clientsOf('nas')) {
      if (time && c.networkTimeInd) this.sendIndication(NetworkTime, c.cid, time as Record<string, unknown>);
      if (reject && c.networkRejectInd) this.sendIndication(NetworkReject, c.cid, reject as Record<string, unknown>);
    }
  }

  /** A signal change: NAS Signal Info to clients that enabled it (and, unless the scenario says otherwise, set thresholds). */
  private indicateSignal(): void {
    this.raise(() => {
      const needConfig = this.opts.scenario.signal.indicationsNeedConfig;
      const values = signalInfoValues(this.opts.model) as Record<string, unknown>;
      for (const c of this.clientsOf('nas')) if (c.signalInfoInd && (c.signalConfigured || !needConfig)) this.sendIndication(SignalInfo, c.cid, values);
    });
  }

  private indicateSession(session: DataSession, connected: boolean, end?: CallEnd): void {
    const cid = Number(session.owner.split(':')[1]);
    this.raise(() => {
      if (!this.clients.has(`${Service.wds}:${cid}`)) return;
      this.sendIndication(GetPacketServiceStatus, cid, packetServiceStatusValues(session, connected, end) as Record<string, unknown>);
    });
  }

  private indicateSim(): void {
    this.raise(() => {
      const pinEnabled = this.opts.scenario.sim.state !== 'ready';
      for (const c of this.clientsOf('uim')) {
        if (c.cardStatusInd) this.sendIndication(CardStatus, c.cid, { cardStatus: cardStatusValue(this.opts.model.sim, pinEnabled) });
      }
    });
  }
}

const CTL_DEFS: MessageDef[] = [ctl.GetVersionInfo, ctl.AllocateCid, ctl.ReleaseCid, ctl.SetDataFormat, ctl.Sync];
const wdsStopNetworkDef = wdsRoutes.find((r) => r.def.service === 'wds' && r.def.name === 'Stop Network')?.def;

function resultOnly(error: number): Uint8Array {
  const w = new Writer();
  encodeResult(w, { status: error === 0 ? 0 : 1, error });
  return Buffer.from(w.result());
}

/** Result TLV first (libqmi qmi-message.c), then the response TLVs encoded with the message's definition. */
function withResult(def: MessageDef, error: number, values: Record<string, unknown>): Uint8Array {
  const w = new Writer();
  encodeResult(w, { status: error === 0 ? 0 : 1, error });
  w.bytes(encodeTlvs(def.response as TlvSet, values as never, `${def.service} ${def.name} response`));
  return Buffer.from(w.result());
}

/** The TLV block with TLV `type` cut to its first `length` value bytes (scenario.hostile.truncateTlv); other TLVs unchanged. */
function truncateTlv(block: Uint8Array, type: number, length: number): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i + 3 <= block.length;) {
    const t = block[i]!;
    const len = block[i + 1]! | (block[i + 2]! << 8);
    const value = block.subarray(i + 3, i + 3 + len);
    const keep = t === type ? value.subarray(0, Math.min(length, len)) : value;
    out.push(t, keep.length & 0xff, keep.length >> 8, ...keep);
    i += 3 + len;
  }
  return Uint8Array.from(out);
}
