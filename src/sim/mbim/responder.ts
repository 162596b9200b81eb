// The simulator's MBIM side: OPEN/CLOSE, COMMANDs answered from the ModemModel, fragments both ways, indications, QMI over MBIM.
import { visibleProvidersRoute } from './visible-providers';
import { CidDef, decodeCommandBuffer, encodeReply } from '../../mbim/cid';
import { MbimProtocolErrorCode, MbimStatus } from '../../mbim/errors';
import { FragmentCollector, MbimStreamFramer } from '../../mbim/fragment';
import { MbimMessage, decodeMessage, encodeMessage, splitFragments } from '../../mbim/message';
import { Connect, MbimActivationCommand, PacketService, RadioState, RegisterState, SignalState, SubscriberReadyStatus } from '../../mbim/services/basic-connect';
import { Msg as QmiMsg } from '../../mbim/services/qmi';
import { msBasicConnectExtRoutes } from './ms-basic-connect-ext';
import { ServiceUuid, serviceUuidName } from '../../mbim/uuid';
import { Logger, silentLogger } from '../../log';
import { Clock, systemClock } from '../../util/wait';
import type { CallEnd, DataSession, ModemModel } from '../model';
import type { QmiSimStats } from '../qmi/responder';
import type { ResolvedScenario } from '../scenario';
import {
  basicConnectRoutes, connectValues, mbimSessionIdOf, nwErrorOf, packetServiceValues, radioValues, signalValues,
  subscriberReadyValues,
} from './basic-connect';
import { MbimHandlerContext, MbimRoute, MbimState } from './context';
import { QmiTunnel } from './qmi-tunnel';
import { smsIndications, smsRoutes } from './sms';
import { MbimWedge } from './wedge';
import { MS_BCE_CIDS, functionMbimex, msBasicConnectExtensionsRoutes, registerStateBuffer } from './extensions';
import { encodeAgreed, layoutFor } from './layouts-v3';
import { MBIMEX_VERSION_2_0 } from '../../mbim/services/ms-basic-connect-extensions';

/** One whole message the host wrote (reassembled when fragmented), with a short name ("OPEN", "Connect set", "QMI msg set"…). */
export interface CapturedMbimMessage { readonly name: string; readonly tid: number; readonly bytes: Buffer }

/** Counters the tests read. */
export interface MbimSimStats {
  /** COMMANDs by CID name ("Device Caps", "Connect", "QMI msg"; unknown: "<service> CID n"). */
  requests: Record<string, number>;
  /** Replies sent: OPEN_DONE, CLOSE_DONE, COMMAND_DONE. */
  roundTrips: number;
  opened: number;
  closed: number;
  /** A Connect set with activate / deactivate arrived. */
  connectSeen: boolean;
  disconnectSeen: boolean;
  /** FUNCTION_ERRORs sent (NotOpened, fragment errors). */
  functionErrors: number;
  /** INDICATE_STATUS messages sent, by CID name. */
  indications: Record<string, number>;
  /** Messages dropped while unresponsive. */
  dropped: number;
  /** Bytes of host input that were not MBIM messages. */
  garbageBytesIn: number;
  /** Fragments written for replies and indications bigger than the max control transfer. */
  fragmentsSent: number;
  /** Max control transfer in use: the host's OPEN value, capped by scenario `mbim.maxTransfer` (bytes). */
  maxTransfer: number;
  /** Host messages, oldest first (last CAPTURE_LIMIT kept). */
  captured: CapturedMbimMessage[];
  /** Chunks read from the host, in order (last CAPTURE_LIMIT kept). */
  rawInput: Buffer[];
  /** The QMI-over-MBIM side's own counters. */
  readonly qmi: QmiSimStats;
}

/** How many captured messages and raw chunks the stats keep. */
export const MBIM_CAPTURE_LIMIT = 2000;

function keep<T>(list: T[], item: T): void {
  list.push(item);
  if (list.length > MBIM_CAPTURE_LIMIT) list.splice(0, list.length - MBIM_CAPTURE_LIMIT);
}

/** Options of an MbimResponder: model, scenario, where bytes go (one call per message or fragment), clock, logger. */
export interface MbimResponderOptions {
  model: ModemModel;
  scenario: ResolvedScenario;
  send: (bytes: Uint8Array, kind: 'response' | 'indication') => void;
  clock?: Clock;
  log?: Logger;
}

/** libmbim's fallback max control transfer, used until the host's OPEN says otherwise (libmbim mbim-device.c (transport)). */
const DEFAULT_MAX_TRANSFER = 4096;

/**
 * Answers MBIM on behalf of a ModemModel shared with the QMI responder. COMMAND before OPEN →
 * FUNCTION_ERROR NotOpened; unknown service or CID, or a kind the CID lacks → NoDeviceSupport;
 * an undecodable buffer → InvalidParameters. Replies and indications larger than the max
 * control transfer are fragmented; host fragments are reassembled (errors → FUNCTION_ERROR).
 * Indications (only while open, TID 0): Subscriber Ready Status, Radio State, Register State,
 * Packet Service, Signal State, Connect (when the network ends a session), QMI msg — Basic
 * Connect ones unless a Device Service Subscribe List left them out, QMI and SMS ones (SMS Read,
 * Message Store Status: src/sim/mbim/sms.ts) once subscribed.
 * Indications a command causes follow its COMMAND_DONE.
 */
export class MbimResponder {
  readonly stats: MbimSimStats;
  unresponsive: boolean;
  private readonly framer = new MbimStreamFramer();
  private readonly collector = new FragmentCollector();
  private readonly routes = new Map<number, MbimRoute>();
  /** SMS service routes by CID (src/sim/mbim/sms.ts). */
  private readonly smsRoutes = new Map<number, MbimRoute>();
  /** Routes of the Microsoft extension services by "service:cid" (ms-basic-connect-ext.ts, extensions.ts). */
  private readonly extRoutes = new Map<string, MbimRoute>();
  private readonly state: MbimState = {
    detached: false, signal: { signalStrengthInterval: 0, rssiThreshold: 0, errorRateThreshold: 0 }, sessions: new Map(), subscriptions: undefined, mbimex: 0, preferredDataClasses: 0,
  };
  /** Scenario `mbim.wedge`: armed until the first data session is up; then, after `afterMs`, the function is wedged until its cure. */
  private wedge: MbimWedge;
  private readonly tunnel: QmiTunnel;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly timers = new Set<unknown>();
  private readonly unsubscribe: () => void;
  private deferred: (() => void)[] | undefined;
  private opened = false;

  constructor(private readonly opts: MbimResponderOptions) {
    this.clock = opts.clock ?? systemClock;
    this.log = opts.log ?? silentLogger;
    this.unresponsive = opts.scenario.unresponsive;
    for (const r of smsRoutes({ smsc: '+491710760000' })) this.smsRoutes.set(r.def.cid, r);
    for (const r of [...basicConnectRoutes, visibleProvidersRoute]) this.routes.set(r.def.cid, r);
    for (const r of [...msBasicConnectExtRoutes, ...msBasicConnectExtensionsRoutes]) this.extRoutes.set(`${r.def.service}:${r.def.cid}`, r);
    this.wedge = new MbimWedge(opts.scenario.mbim.wedge, this.clock, this.timers, this.log);
    this.tunnel = new QmiTunnel({
      model: opts.model, scenario: opts.scenario, clock: this.clock, log: this.log,
      reply: (tid, frame) => this.sendDone(tid, QmiMsg, 0, frame, true),
      indicate: (frame) => this.indicate(QmiMsg, frame),
    });
    this.stats = {
      requests: {}, roundTrips: 0, opened: 0, closed: 0, connectSeen: false, disconnectSeen: false, functionErrors: 0, indications: {},
      dropped: 0, garbageBytesIn: 0, fragmentsSent: 0, maxTransfer: DEFAULT_MAX_TRANSFER, captured: [], rawInput: [], qmi: this.tunnel.stats,
    };
    const m = opts.model;
    const onReg = () => this.raise(() => {
      this.indicate(RegisterState, registerStateBuffer(m, this.state));
      this.indicate(PacketService, encodeAgreed(PacketService, 'notification', packetServiceValues(m, this.state), m, this.state));
      this.indicate(SignalState, encodeReply(SignalState, 'notification', signalValues(m, this.state)));
    });
    const onSim = () => this.raise(() => this.indicate(SubscriberReadyStatus, encodeAgreed(SubscriberReadyStatus, 'notification', subscriberReadyValues(m, opts.scenario), m, this.state)));
    const onMode = () => this.raise(() => this.indicate(RadioState, encodeReply(RadioState, 'notification', radioValues(m))));
    const onDropped = (e: { session: DataSession; end: CallEnd }) => this.onSessionDropped(e.session, e.end);
    // A signal change (ModemModel.setSignal): Signal State notification, as an MBIM function reports RSSI changes.
    const onSignal = () => this.raise(() => this.indicate(SignalState, encodeReply(SignalState, 'notification', signalValues(m, this.state))));
    m.on('registration', onReg);
    m.on('sim', onSim);
    m.on('operating-mode', onMode);
    m.on('session-dropped', onDropped);
    m.on('signal', onSignal);
    const offSms = smsIndications(m.sms, (def, values) => this.raise(() => this.indicate(def, encodeReply(def, 'notification', values as never))));
    // DMS Set Operating Mode reset (over QMI-over-MBIM): the modem restarts — function closed, calls gone, any wedge over.
    const onReset = () => { this.wedge.cure('reset'); this.reset(); m.dropSession(undefined, { reason: 1 }); };
    m.on('reset', onReset);
    this.unsubscribe = () => {
      m.off('registration', onReg); m.off('sim', onSim); m.off('operating-mode', onMode); m.off('session-dropped', onDropped); m.off('signal', onSignal); m.off('reset', onReset); offSms();
    };
  }

  /** True between OPEN and CLOSE. */
  get isOpen(): boolean { return this.opened; }

  /** Feeds bytes read from the host; messages may arrive split or coalesced on a pty. */
  feed(chunk: Uint8Array): void {
    keep(this.stats.rawInput, Buffer.from(chunk));
    const { messages, skipped } = this.framer.push(chunk);
    for (const s of skipped) { this.stats.garbageBytesIn += s.bytes; this.log.warn(`skipped ${s.bytes} byte(s) of host input: ${s.reason}`); }
    for (const m of messages) {
      const r = this.collector.push(m, this.clock.now());
      for (const e of r.errors) this.functionError(e.tid, e.protocolError);
      if (r.message) this.onMessage(r.message);
    }
  }

  /** The modem restarted: the function is closed (commands get NotOpened until OPEN), subscriptions are gone, a wedge is over. */
  reset(): void {
    this.opened = false;
    this.state.subscriptions = undefined;
    this.state.mbimex = 0;
    this.wedge.cure('reset');
  }

  /** How the scenario's wedge stands: 'armed', 'waiting', the cure it waits for, or 'over' (cured, or none configured). */
  get wedgeState(): string { return this.wedge.state; }

  /** Forgets partial input (the host went away). */
  resetInput(): void { this.framer.reset(); this.collector.reset(); }

  /** Stops listening to the model and cancels delayed replies. */
  close(): void {
    this.unsubscribe();
    this.tunnel.close();
    for (const t of this.timers) this.clock.clearTimeout(t);
    this.timers.clear();
  }

  private onMessage(bytes: Uint8Array): void {
    let m: MbimMessage;
    try {
      m = decodeMessage(bytes);
    } catch (e) {
      this.stats.garbageBytesIn += bytes.length;
      this.log.warn(`malformed host message: ${(e as Error).message}`);
      if (bytes.length >= 12) this.functionError(Buffer.from(bytes).readUInt32LE(8), MbimProtocolErrorCode.LengthMismatch);
      return;
    }
    const name = this.nameOf(m);
    keep(this.stats.captured, { name, tid: m.tid, bytes: Buffer.from(bytes) });
    if (this.unresponsive) { this.stats.dropped++; return; }
    if (!this.wedge.passes(m)) { this.stats.dropped++; return; }
    switch (m.type) {
      case 'open':
        this.opened = true;
        this.stats.opened++;
        this.state.subscriptions = undefined;
        this.state.mbimex = 0;
        this.stats.maxTransfer = Math.min(m.maxControlTransfer, this.opts.scenario.mbim.maxTransfer ?? Infinity);
        this.reply(encodeMessage({ type: 'open-done', tid: m.tid, status: 0 }));
        return;
      case 'close':
        this.opened = false;
        this.stats.closed++;
        this.state.subscriptions = undefined;
        this.state.mbimex = 0;
        this.reply(encodeMessage({ type: 'close-done', tid: m.tid, status: 0 }));
        return;
      case 'command':
        if (!this.opened) { this.functionError(m.tid, MbimProtocolErrorCode.NotOpened); return; }
        this.onCommand(m);
        return;
      case 'host-error':
        this.log.warn(`host reported protocol error ${m.error} for tid ${m.tid}`);
        return;
      default:
        this.log.debug(`ignored a device-side ${m.type} message from the host`);
    }
  }

  /** A Microsoft extension service route: the MBIMEx 2.0 CIDs of MS Basic Connect Extensions (extensions.ts MS_BCE_CIDS) only on a function that speaks MBIMEx 2.0. */
  private extRoute(service: string, cid: number): MbimRoute | undefined {
    if (service === ServiceUuid.msBasicConnectExtensions && (MS_BCE_CIDS as readonly number[]).includes(cid) && functionMbimex(this.opts.scenario) < MBIMEX_VERSION_2_0) return undefined;
    return this.extRoutes.get(`${service}:${cid}`);
  }

  private nameOf(m: MbimMessage): string {
    if (m.type !== 'command') return m.type.toUpperCase().replace('-', '_');
    return `${this.cidName(m.service, m.cid)} ${m.commandType}`;
  }

  private cidName(service: string, cid: number): string {
    if (service === ServiceUuid.basicConnect) { const r = this.routes.get(cid); if (r) return r.def.name; }
    if (service === ServiceUuid.qmi && cid === QmiMsg.cid) return 'QMI msg';
    if (service === ServiceUuid.sms) { const r = this.smsRoutes.get(cid); if (r) return `SMS ${r.def.name}`; }
    { const r = this.extRoutes.get(`${service}:${cid}`); if (r) return `MS ${r.def.name}`; }
    return `${serviceUuidName(service)} CID ${cid}`;
  }

  private onCommand(m: Extract<MbimMessage, { type: 'command' }>): void {
    const name = this.cidName(m.service, m.cid);
    this.stats.requests[name] = (this.stats.requests[name] ?? 0) + 1;
    if (m.service === ServiceUuid.qmi && m.cid === QmiMsg.cid) {
      // A function without QMI-over-MBIM (scenario mbim.qmi false) knows no such service.
      if (!this.opts.scenario.mbim.qmi) { this.sendDone(m.tid, QmiMsg, MbimStatus.NoDeviceSupport); return; }
      if (m.commandType !== 'set' || !this.tunnel.request(m.tid, m.buffer)) this.sendDone(m.tid, QmiMsg, MbimStatus.InvalidParameters);
      return;
    }
    const route = m.service === ServiceUuid.basicConnect ? this.routes.get(m.cid)
      : m.service === ServiceUuid.sms ? this.smsRoutes.get(m.cid)
      : this.extRoute(m.service, m.cid);
    if (!route || !route.def[m.commandType]) {
      this.sendDone(m.tid, { service: m.service, cid: m.cid } as CidDef, MbimStatus.NoDeviceSupport);
      return;
    }
    let req: Record<string, unknown>;
    try {
      req = decodeCommandBuffer(layoutFor(route.def, this.state), m.commandType, m.buffer);
    } catch (e) {
      this.log.warn(`${name} ${m.commandType}: bad request: ${(e as Error).message}`);
      this.sendDone(m.tid, route.def, MbimStatus.InvalidParameters);
      return;
    }
    if (route.def === Connect && m.commandType === 'set') {
      if (req.activationCommand === MbimActivationCommand.activate) this.stats.connectSeen = true;
      else this.stats.disconnectSeen = true;
    }
    this.deferred = [];
    const ctx: MbimHandlerContext = {
      model: this.opts.model, scenario: this.opts.scenario, state: this.state, kind: m.commandType,
      after: (fn) => this.raise(fn),
    };
    let status: number;
    let buffer: Uint8Array = new Uint8Array(0);
    let delayMs = 0;
    try {
      const r = route.handle(req, ctx);
      status = r.status;
      delayMs = r.delayMs ?? 0;
      if (r.buffer !== undefined) buffer = r.buffer;
      else if (r.values !== undefined) buffer = encodeAgreed(route.def, 'response', r.values as Record<string, unknown>, this.opts.model, this.state);
      if (route.def === Connect && m.commandType === 'set' && status === 0 && this.state.sessions.size > 0) this.wedge.sessionUp();
    } catch (e) {
      this.log.error(`${name}: simulator failed to answer: ${(e as Error).message}`);
      status = MbimStatus.Failure;
    }
    const after = this.deferred;
    this.deferred = undefined;
    this.sendDone(m.tid, route.def, status, buffer, false, after, delayMs);
  }

  /** COMMAND_DONE for `tid` after the scenario latency (not for tunnelled QMI: its responder already waited), then `after`. */
  private sendDone(tid: number, def: Pick<CidDef, 'service' | 'cid'>, status: number, buffer: Uint8Array = Buffer.alloc(0), immediate = false, after: (() => void)[] = [], delayMs = 0): void {
    const bytes = encodeMessage({ type: 'command-done', tid, service: def.service, cid: def.cid, status, buffer });
    const run = () => {
      this.reply(bytes);
      for (const fn of after) fn();
    };
    const latency = this.opts.scenario.latencyMs + delayMs;
    if (immediate || latency <= 0) { run(); return; }
    const t = this.clock.setTimeout(() => { this.timers.delete(t); run(); }, latency);
    this.timers.add(t);
  }

  private reply(bytes: Uint8Array): void {
    this.stats.roundTrips++;
    this.write(bytes, 'response');
  }

  private write(bytes: Uint8Array, kind: 'response' | 'indication'): void {
    const frags = splitFragments(bytes, this.stats.maxTransfer);
    if (frags.length > 1) this.stats.fragmentsSent += frags.length;
    for (const f of frags) this.opts.send(f, kind);
  }

  private functionError(tid: number, error: number): void {
    this.stats.functionErrors++;
    this.write(encodeMessage({ type: 'function-error', tid, error }), 'response');
  }

  /** Runs an indication now, or after the current command's COMMAND_DONE. */
  private raise(fn: () => void): void {
    if (this.deferred) this.deferred.push(fn); else fn();
  }

  private subscribed(def: CidDef): boolean {
    const subs = this.state.subscriptions;
    if (!subs) return def.service === ServiceUuid.basicConnect;
    return subs.get(def.service)?.has(def.cid) ?? false;
  }

  /** Sends INDICATE_STATUS (TID 0) when open and subscribed. */
  private indicate(def: CidDef, buffer: Uint8Array): void {
    if (!this.opened || !this.subscribed(def)) return;
    const name = this.cidName(def.service, def.cid);
    this.stats.indications[name] = (this.stats.indications[name] ?? 0) + 1;
    this.write(encodeMessage({ type: 'indicate-status', tid: 0, service: def.service, cid: def.cid, buffer }), 'indication');
  }

  /** The network (or a detach, radio off, deregistration) ended a model session of an MBIM session: end the rest, tell the host. */
  private onSessionDropped(session: DataSession, end: CallEnd): void {
    const sid = mbimSessionIdOf(session.owner);
    if (sid === undefined) return;
    const s = this.state.sessions.get(sid);
    if (!s) return;
    this.state.sessions.delete(sid);
    for (const h of s.handles) if (h !== session.handle) this.opts.model.stopSession(h);
    const values = connectValues(sid, undefined, nwErrorOf(end));
    this.raise(() => this.indicate(Connect, encodeAgreed(Connect, 'notification', values, this.opts.model, this.state)));
  }
}
