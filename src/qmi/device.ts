// QMI device: the transaction table over one control port (keyed by service+cid+txn), indications, CTL helpers.
import { platform } from '../platform';
import { Emitter } from '../util/emitter';
import type { ControlPort, PortError } from '../device/control-port';
import { Logger, silentLogger } from '../log';
import { Clock, systemClock } from '../util/wait';
import { QmiFrame, QmuxReassembler, encodeFrame } from './frame';
import {
  IndicationOf, MessageDef, RawTlv, RequestOf, ResponseOf, Service, TlvSet, decodeResult, decodeTlvs, encodeTlvs,
  redactValues, serviceName, splitTlvs,
} from './message';
import {
  QmiAbortedError, QmiDecodeError, QmiProtocolError, QmiTimeoutError, QmiTransportError, QmiWrongStateError,
} from './errors';
import * as ctl from './services/ctl';
import { portSharing } from '../device/port-sharing';

/** Stray CTL responses this soon after the device opened are a previous process's, not a direct opener's, ms. */
const DIRECT_OPEN_SETTLE_MS = 10_000;
/** A CTL Sync indication this soon after our own Sync request is ours, ms. */
const OWN_SYNC_WINDOW_MS = 5_000;

/** Per-request options: timeout in ms (default the device's) and a cancel signal. */
export interface RequestOptions { timeoutMs?: number; signal?: AbortSignal }

interface Pending {
  readonly def: MessageDef;
  resolve(v: unknown): void;
  reject(e: Error): void;
  cleanup(): void;
}

interface IndicationSub {
  readonly def: MessageDef;
  readonly cid: number | 'any';
  readonly handler: (values: any, frame: QmiFrame) => void;
}

/** A look at each frame from the modem (QmiDevice.addTap); true: the frame was for the tap's owner only. */
export type FrameTap = (f: QmiFrame) => boolean;

/** Options of a QmiDevice. */
export interface QmiDeviceOptions {
  log?: Logger;
  /** Default per-request timeout, ms (libqmi uses 10 s for most requests). */
  timeoutMs?: number;
  clock?: Clock;
}

/** How often Allocate CID is asked when the modem answers with an unusable CID. */
export const ALLOCATE_CID_ATTEMPTS = 3;

/**
 * One QMI control point on a port. Requests are matched to responses by (service, cid, txn)
 * and message id (a different id = desync, the transaction fails). Indications are delivered
 * to subscribers after the read path returns (Platform.defer), never re-entrantly. When the port
 * closes, every pending request is rejected with QmiTransportError.
 * Events: 'close' (err?: PortError), 'garbage' ({reason, bytes}), 'timeout' (count of consecutive timeouts),
 * 'direct-open' (sign: string) when another program talks on the port directly (src/device/port-sharing.ts),
 * 'foreign-sync' when that program's CTL Sync released every client id of the port (ours too).
 */
export class QmiDevice extends Emitter {
  private readonly reassembler = new QmuxReassembler();
  /** Responses that matched no pending request (unknown txn, or another message id), ignored. */
  strayCount = 0;
  /** QMUX responses received at all: 0 means the port never spoke QMI. */
  answered = 0;
  private readonly pending = new Map<string, Pending>();
  private readonly subs = new Set<IndicationSub>();
  private readonly txnCounters = new Map<string, number>();
  private readonly log: Logger;
  private readonly clock: Clock;
  private readonly timeoutMs: number;
  private closedWith: PortError | Error | undefined;
  private closed = false;
  /** Requests that timed out in a row; reset by any response. Feeds the hang detector. */
  consecutiveTimeouts = 0;

  constructor(readonly port: ControlPort, opts: QmiDeviceOptions = {}) {
    super();
    this.log = opts.log ?? silentLogger;
    this.clock = opts.clock ?? systemClock;
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    this.openedAt = this.clock.now();
    port.on('data', (chunk) => this.onData(chunk));
    port.on('close', (err) => this.onClose(err));
  }

  /** True once the port has closed. */
  get isClosed(): boolean { return this.closed; }

  private nextTxn(service: number, cid: number): number {
    const key = `${service}:${cid}`;
    const max = service === 0 ? 0xff : 0xffff;
    let t = this.txnCounters.get(key) ?? 0;
    // CTL transaction ids a qmi-proxy client holds (claimCtlTxn) are skipped
    for (let i = 0; i <= max; i++) {
      t = t + 1 > max ? 1 : t + 1;
      if (service !== 0 || !this.claimedCtl.has(t)) break;
    }
    this.txnCounters.set(key, t);
    return t;
  }

  private readonly claimedCtl = new Set<number>();
  private readonly openedAt: number;
  private lastOwnSync = -Infinity;

  /** Records a sign of another program on this port (see src/device/port-sharing.ts). */
  private directOpen(sign: string): void {
    if (portSharing.note(this.port.path, sign, this.clock.now())) this.log.warn(`${this.port.path}: ${sign} — another program opened the port directly; it should use qmicli -p (qmi-proxy)`);
    else this.log.debug(`${this.port.path}: ${sign}`);
    this.emit('direct-open', sign);
  }
  private readonly taps = new Set<FrameTap>();

  /**
   * A CTL transaction id for a request this device did not make (qmi-proxy forwarding a client's CTL
   * request): none of this device's pending CTL requests has it, and its own requests skip it until
   * releaseCtlTxn. undefined when all 255 are in use.
   */
  claimCtlTxn(): number | undefined {
    for (let i = 0; i < 255; i++) {
      const t = this.nextTxn(0, 0);
      if (!this.pending.has(`0:0:${t}`) && !this.claimedCtl.has(t)) { this.claimedCtl.add(t); return t; }
    }
    return undefined;
  }

  /** Gives back a CTL transaction id from claimCtlTxn. */
  releaseCtlTxn(txn: number): void { this.claimedCtl.delete(txn); }

  /**
   * Sees every frame from the modem before the transaction table does (qmi-proxy routes its clients'
   * responses and indications from here). A tap returning true took the frame: it is not counted as a
   * stray response. Returns the unsubscribe function.
   */
  addTap(tap: FrameTap): () => void {
    this.taps.add(tap);
    return () => { this.taps.delete(tap); };
  }

  /** Writes a frame as it is (qmi-proxy forwarding a client's request). Rejects with QmiTransportError. */
  writeFrame(f: QmiFrame): Promise<void> {
    if (this.closed) return Promise.reject(new QmiTransportError('port closed'));
    return this.port.write(encodeFrame(f)).catch((e: Error) => { throw new QmiTransportError(`write failed: ${e.message}`); });
  }

  /**
   * Sends a request and resolves with the decoded response TLVs. Throws QmiProtocolError
   * (the modem's error, with the response's other TLVs decoded), QmiTimeoutError, QmiAbortedError,
   * QmiTransportError (port gone), QmiDecodeError (bad response), RangeError (bad request values).
   */
  request<M extends MessageDef<any, any, any>>(def: M, cid: number, values: RequestOf<M>, opts: RequestOptions = {}): Promise<ResponseOf<M>> {
    if (this.closed) return Promise.reject(new QmiTransportError(`port closed: ${this.closedWith?.message ?? 'closed'}`));
    const service = Service[def.service as keyof typeof Service];
    const what = `${def.service} ${def.name}`;
    let tlvs: Uint8Array;
    // A promise-returning call must not throw synchronously: `.catch()` callers would miss it.
    try { tlvs = encodeTlvs(def.request as TlvSet, values as never, what); } catch (e) { return Promise.reject(e); }
    const txn = this.nextTxn(service, cid);
    const key = `${service}:${cid}:${txn}`;
    const timeoutMs = opts.timeoutMs ?? this.timeoutMs;
    const frame = encodeFrame({ service, cid, kind: 'request', txn, messageId: def.id, tlvs });
    if (this.log.debugEnabled) this.log.debug(`>> ${what} cid=${cid} txn=${txn} ${JSON.stringify(redactValues(def.request as TlvSet, values as Record<string, unknown>), bigintJson)}`);
    return new Promise<ResponseOf<M>>((resolve, reject) => {
      if (opts.signal?.aborted) { reject(new QmiAbortedError(`${what} aborted`)); return; }
      const onAbort = () => { done(); reject(new QmiAbortedError(`${what} aborted`)); };
      const timer = this.clock.setTimeout(() => {
        done();
        this.consecutiveTimeouts++;
        this.emit('timeout', this.consecutiveTimeouts);
        reject(new QmiTimeoutError(what, timeoutMs));
      }, timeoutMs);
      const done = () => {
        this.clock.clearTimeout(timer);
        opts.signal?.removeEventListener('abort', onAbort);
        this.pending.delete(key);
      };
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(key, { def, resolve: resolve as (v: unknown) => void, reject, cleanup: done });
      this.port.write(frame).catch((e: Error) => {
        if (!this.pending.has(key)) return;
        done();
        reject(new QmiTransportError(`${what}: write failed: ${e.message}`));
      });
    });
  }

  /** Subscribes to an indication; `cid` 'any' also receives broadcasts for every client. Returns the unsubscribe function. */
  onIndication<M extends MessageDef<any, any, any>>(def: M, cid: number | 'any', handler: (values: IndicationOf<M>, frame: QmiFrame) => void): () => void {
    const sub: IndicationSub = { def, cid, handler };
    this.subs.add(sub);
    return () => { this.subs.delete(sub); };
  }

  private onData(chunk: Uint8Array): void {
    const { frames, skipped } = this.reassembler.push(chunk);
    for (const s of skipped) {
      this.log.warn(`skipped ${s.bytes} byte(s) of non-QMUX data: ${s.reason}`);
      this.emit('garbage', s);
    }
    for (const f of frames) this.onFrame(f);
  }

  private onFrame(f: QmiFrame): void {
    let taken = false;
    for (const t of this.taps) { try { taken = t(f) || taken; } catch (e) { this.log.error(`frame tap failed: ${(e as Error).message}`); } }
    if (taken) { if (f.kind === 'response') this.answered++; return; }
    if (f.kind === 'response') this.onResponse(f);
    else if (f.kind === 'indication') this.onIndicationFrame(f);
    else this.log.debug(`ignored a request frame from the modem side (service ${f.service})`);
  }

  private onResponse(f: QmiFrame): void {
    const key = `${f.service}:${f.cid}:${f.txn}`;
    const p = this.pending.get(key);
    this.answered++;
    if (!p) {
      this.strayCount++;
      this.log.debug(`response without a pending request: ${serviceName(f.service)} cid=${f.cid} txn=${f.txn}`);
      if (f.service === 0 && this.clock.now() - this.openedAt > DIRECT_OPEN_SETTLE_MS) this.directOpen(`CTL response (message 0x${f.messageId.toString(16)}, txn ${f.txn}) to a request the daemon never sent`);
      return;
    }
    const what = `${p.def.service} ${p.def.name}`;
    if (f.messageId !== p.def.id) {
      // A stray reply (e.g. to the previous daemon's request with the same txn): not ours, ignored; the request still waits.
      this.strayCount++;
      this.log.debug(`ignored a stray response with message id 0x${f.messageId.toString(16)} on ${what} txn=${f.txn} (${this.strayCount} so far)`);
      return;
    }
    p.cleanup();
    this.consecutiveTimeouts = 0;
    let raw: RawTlv[];
    try {
      raw = splitTlvs(f.tlvs);
      const result = decodeResult(raw);
      if (result.status !== 0) {
        let extra: Record<string, unknown> = {};
        try { extra = decodeTlvs(p.def.response as TlvSet, raw.filter((t) => t.type !== 0x02), what) as Record<string, unknown>; } catch { /* error responses may omit fields */ }
        this.log.debug(`<< ${what} failed: ${result.error}`);
        p.reject(new QmiProtocolError(result.error, what, extra));
        return;
      }
      const values = decodeTlvs(p.def.response as TlvSet, raw, what, (e) => this.log.warn(`optional TLV skipped: ${e.message}`));
      if (this.log.debugEnabled) this.log.debug(`<< ${what} ${JSON.stringify(redactValues(p.def.response as TlvSet, values as Record<string, unknown>), bigintJson)}`);
      p.resolve(values);
    } catch (e) {
      p.reject(e instanceof QmiDecodeError ? e : new QmiDecodeError(`${what}: ${(e as Error).message}`));
    }
  }

  private onIndicationFrame(f: QmiFrame): void {
    if (f.service === 0 && f.messageId === ctl.Sync.id && this.clock.now() - this.lastOwnSync > OWN_SYNC_WINDOW_MS) {
      this.directOpen('CTL Sync indication the daemon did not cause');
      // the other program's Sync released every client id of this control point, the daemon's too
      platform.defer(() => this.emit('foreign-sync'));
    }
    const service = serviceName(f.service);
    const matching = [...this.subs].filter((s) => s.def.service === service && s.def.id === f.messageId && (s.cid === 'any' || f.cid === 0xff || s.cid === f.cid));
    if (matching.length === 0) return;
    const set = matching[0].def.indication as TlvSet;
    let values: unknown;
    try {
      values = decodeTlvs(set, f.tlvs, `${service} ${matching[0].def.name} indication`, (e) => this.log.warn(`optional TLV skipped: ${e.message}`));
    } catch (e) {
      this.log.warn(`malformed indication: ${(e as Error).message}`);
      this.emit('garbage', { reason: (e as Error).message, bytes: f.tlvs.length });
      return;
    }
    platform.defer(() => {
      for (const s of matching) {
        if (!this.subs.has(s)) continue;
        try { s.handler(values, f); } catch (e) { this.log.error(`indication handler failed: ${(e as Error).message}`); }
      }
    });
  }

  private onClose(err?: PortError): void {
    if (this.closed) return;
    this.closed = true;
    this.closedWith = err;
    const e = new QmiTransportError(err ? err.message : 'port closed');
    for (const p of [...this.pending.values()]) { p.cleanup(); p.reject(e); }
    this.emit('close', err);
  }

  /** CTL Sync: the modem drops CIDs a crashed process left on this control point. */
  async sync(opts: RequestOptions = {}): Promise<void> {
    this.lastOwnSync = this.clock.now();
    await this.request(ctl.Sync, 0, {}, { timeoutMs: 2000, ...opts });
  }

  /** CTL Get Version Info: services offered, with versions. */
  async versionInfo(opts: RequestOptions = {}): Promise<{ service: number; majorVersion: number; minorVersion: number }[]> {
    return (await this.request(ctl.GetVersionInfo, 0, {}, opts)).serviceList;
  }

  /**
   * CTL Allocate CID for a service. A CID of 0 or 255 (255 is the QMUX broadcast client, 0 is
   * never handed out; libqmi qmi-device.c treats neither as a client) or an answer for another
   * service is refused and asked again, up to ALLOCATE_CID_ATTEMPTS times; then QmiDecodeError.
   * Throws QmiProtocolError (e.g. ClientIdsExhausted).
   */
  async allocateCid(service: keyof typeof Service, opts: RequestOptions = {}): Promise<number> {
    let why = '';
    for (let attempt = 0; attempt < ALLOCATE_CID_ATTEMPTS; attempt++) {
      const r = await this.request(ctl.AllocateCid, 0, { service: Service[service] }, opts);
      if (!r.allocationInfo) throw new QmiDecodeError('Allocate CID: response without allocation info');
      const { cid, service: got } = r.allocationInfo;
      if (cid !== 0 && cid !== 0xff && got === Service[service]) return cid;
      why = got !== Service[service] ? `for service ${got} instead of ${Service[service]}` : `with CID ${cid}`;
      this.log.warn(`Allocate CID ${service}: answered ${why}; refused, asking again`);
    }
    throw new QmiDecodeError(`Allocate CID ${service}: answered ${why} ${ALLOCATE_CID_ATTEMPTS} times`);
  }

  /** CTL Release CID. */
  async releaseCid(service: keyof typeof Service, cid: number, opts: RequestOptions = {}): Promise<void> {
    await this.request(ctl.ReleaseCid, 0, { releaseInfo: { service: Service[service], cid } }, opts);
  }

  /** Allocates a client of one service on this device. */
  async client(service: Exclude<keyof typeof Service, 'ctl'>, opts: RequestOptions = {}): Promise<QmiClient> {
    return new QmiClient(this, service, await this.allocateCid(service, opts));
  }

  /** Closes the port; pending requests fail with QmiTransportError. */
  close(): void {
    if (this.closed) return;
    this.port.close();
    this.onClose(undefined);
  }

  /** Throws QmiWrongStateError when closed. */
  assertOpen(): void { if (this.closed) throw new QmiWrongStateError('device closed'); }
}

/** One service client (service + CID) on a device. */
export class QmiClient {
  private released = false;
  constructor(readonly device: QmiDevice, readonly service: Exclude<keyof typeof Service, 'ctl'>, readonly cid: number) {}

  /** Sends a request of this client's service; see QmiDevice.request for errors. */
  request<M extends MessageDef<any, any, any>>(def: M, values: RequestOf<M>, opts?: RequestOptions): Promise<ResponseOf<M>> {
    if (def.service !== this.service) return Promise.reject(new QmiWrongStateError(`${def.name} is ${def.service}, client is ${this.service}`));
    if (this.released) return Promise.reject(new QmiWrongStateError(`${this.service} client ${this.cid} released`));
    return this.device.request(def, this.cid, values, opts);
  }

  /** Subscribes to an indication for this client (and broadcasts). */
  onIndication<M extends MessageDef<any, any, any>>(def: M, handler: (values: IndicationOf<M>, frame: QmiFrame) => void): () => void {
    return this.device.onIndication(def, this.cid, handler);
  }

  /** Releases the CID; harmless twice or after the port closed. */
  async release(opts: RequestOptions = {}): Promise<void> {
    if (this.released) return;
    this.released = true;
    if (this.device.isClosed) return;
    await this.device.releaseCid(this.service, this.cid, { timeoutMs: 3000, ...opts });
  }
}

/** JSON.stringify replacer that prints bigints as decimal strings. */
export function bigintJson(_k: string, v: unknown): unknown { return typeof v === 'bigint' ? v.toString() : v; }
