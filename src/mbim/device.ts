// MBIM device: the transaction table over one control port (keyed by message type + tid), OPEN/CLOSE, fragments, indications.
import { portSharing } from '../device/port-sharing';
import { Emitter } from '../util/emitter';
import type { ControlPort, PortError } from '../device/control-port';
import { Logger, silentLogger } from '../log';
import { Clock, systemClock } from '../util/wait';
import { CidDef, InputOf, KindsOf, NotificationOf, ResponseOf, cidLabel, decodeResponse, encodeCommandBuffer } from './cid';
import { redact } from './struct';
import {
  MbimAbortedError, MbimDecodeError, MbimFragmentError, MbimFunctionError, MbimProtocolErrorCode, MbimStatusError,
  MbimTimeoutError, MbimTransportError, MbimWrongStateError,
} from './errors';
import { FragmentCollector, MbimStreamFramer } from './fragment';
import { SerialWriter } from './serial-writer';
import { CommandKind, MbimMessage, decodeMessage, encodeMessage, messageTypeValue, splitFragments } from './message';
import { serviceUuidName } from './uuid';

import type { CommandOptions, OpenOptions, MbimDeviceOptions, IndicationMessage, MbimOpenState } from './device-types';
import { DIRECT_OPEN_SETTLE_MS, Pending, bigintJson } from './device-types';
import { IndicationHub } from './indication-hub';
export type { CommandOptions, OpenOptions, MbimDeviceOptions, IndicationMessage, MbimOpenState };

/**
 * One MBIM function on a control port. Requests are matched to replies by (request type, tid);
 * FUNCTION_ERROR by tid alone. Fragments are split on send by the max control transfer and
 * reassembled on receive (out-of-order, missing or late fragments reject the transaction with
 * MbimFragmentError and are reported to the modem with HOST_ERROR, as libmbim does).
 * Indications reach subscribers after the read path returns (Platform.defer). When the port
 * closes, every pending request is rejected with MbimTransportError.
 * Events: 'close' (err?: PortError), 'garbage' ({reason, bytes}), 'timeout' (consecutive count),
 * 'function-error' (MbimFunctionError, also unmatched ones), 'not-opened' (the modem lost the session: reopen()),
 * 'direct-open' (sign: string) when another program talks on the port directly (src/device/port-sharing.ts).
 */
export class MbimDevice extends Emitter {
  private readonly framer = new MbimStreamFramer();
  private readonly collector = new FragmentCollector();
  private readonly pending = new Map<string, Pending>();
  private readonly indications: IndicationHub;
  private readonly log: Logger;
  private readonly clock: Clock;
  private readonly timeoutMs: number;
  private readonly gapMs: number;
  /** Max control transfer sent in OPEN and used to fragment requests. */
  readonly maxControlTransfer: number;
  private tid = 0;
  private closed = false;
  private closedWith: PortError | undefined;
  private gapTimer: unknown;
  private readonly writer: SerialWriter;
  private openAttempt: { tids: Set<number>; settle(m: MbimMessage | 'close-done'): void } | undefined;
  /** Open state as far as this host knows. */
  state: MbimOpenState = 'closed';
  /** Requests that timed out in a row; reset by any reply. Feeds the hang detector. */
  consecutiveTimeouts = 0;
  /** MBIMEx version agreed (BCD, 0x0300 = 3.0; 0 = 1.0 or not exchanged), set by the MS Basic Connect
   * Extensions Version exchange (mbim-registration.ts); the mbim-proxy reports it to its clients. */
  mbimexVersion = 0;

  constructor(readonly port: ControlPort, opts: MbimDeviceOptions = {}) {
    super();
    this.log = opts.log ?? silentLogger;
    this.indications = new IndicationHub(this.log, (reason, bytes) => this.emit('garbage', { reason, bytes }));
    this.clock = opts.clock ?? systemClock;
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    this.gapMs = opts.fragmentGapMs ?? 1250;
    this.maxControlTransfer = opts.maxControlTransfer ?? 4096;
    if (!Number.isInteger(this.maxControlTransfer) || this.maxControlTransfer < 64) throw new RangeError(`max control transfer ${this.maxControlTransfer} < 64`);
    this.writer = new SerialWriter(port);
    this.openedAt = this.clock.now();
    port.on('data', (chunk) => this.onData(chunk));
    port.on('close', (err) => this.onClose(err));
  }

  /** True once the port has closed. */
  get isClosed(): boolean { return this.closed; }

  private readonly taps = new Set<(m: MbimMessage) => boolean>();
  private readonly openedAt: number;

  /**
   * Sees every whole message from the modem before the transaction table does (mbim-proxy routes its
   * clients' replies and indications from here). A tap returning true took the message (a reply to a
   * request it sent). Returns the unsubscribe function.
   */
  addTap(tap: (m: MbimMessage) => boolean): () => void {
    this.taps.add(tap);
    return () => { this.taps.delete(tap); };
  }

  /** A transaction id from this device's counter for a request it does not track (mbim-proxy's). */
  claimTid(): number { return this.nextTid(); }

  /** Sends a message as it is, fragmented to the max control transfer (mbim-proxy forwarding a client's command). */
  writeMessage(m: MbimMessage): Promise<void> {
    if (this.closed) return Promise.reject(new MbimTransportError('port closed'));
    let frags: Uint8Array[];
    try { frags = splitFragments(encodeMessage(m), this.maxControlTransfer); } catch (e) { return Promise.reject(e); }
    return this.writer.write(frags).catch((e: Error) => { throw new MbimTransportError(`write failed: ${e.message}`); });
  }

  /** Records a sign of another program on this port (src/device/port-sharing.ts). */
  private directOpen(sign: string): void {
    if (portSharing.note(this.port.path, sign, this.clock.now())) this.log.warn(`${this.port.path}: ${sign} — another program opened the port directly; it should use mbimcli -p (mbim-proxy)`);
    this.emit('direct-open', sign);
  }

  /** Next transaction id: 1, 2, … 0xFFFFFFFF, then 1 again (never 0; libmbim). */
  private nextTid(): number {
    this.tid = this.tid >= 0xffffffff ? 1 : this.tid + 1;
    return this.tid;
  }

  /**
   * Sends one request message (fragmented as needed) and resolves with the reply of type
   * request | 0x80000000 and the same tid. Rejects with MbimFunctionError, MbimFragmentError,
   * MbimTimeoutError (counted unless `countTimeout` is false), MbimAbortedError, MbimTransportError.
   */
  private transact(msg: MbimMessage, what: string, timeoutMs: number, signal: AbortSignal | undefined, countTimeout = true): Promise<MbimMessage> {
    if (this.closed) return Promise.reject(new MbimTransportError(`${what}: port closed: ${this.closedWith?.message ?? 'closed'}`));
    let frags: Uint8Array[];
    try { frags = splitFragments(encodeMessage(msg), this.maxControlTransfer); } catch (e) { return Promise.reject(e); }
    const key = `${messageTypeValue(msg.type)}:${msg.tid}`;
    return new Promise<MbimMessage>((resolve, reject) => {
      if (signal?.aborted) { reject(new MbimAbortedError(`${what} aborted`)); return; }
      const finish = () => {
        this.clock.clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.pending.delete(key);
      };
      const onAbort = () => { finish(); reject(new MbimAbortedError(`${what} aborted`)); };
      const timer = this.clock.setTimeout(() => {
        finish();
        if (countTimeout) {
          this.consecutiveTimeouts++;
          this.emit('timeout', this.consecutiveTimeouts);
        }
        reject(new MbimTimeoutError(what, timeoutMs));
      }, timeoutMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(key, {
        what,
        resolve: (m) => { finish(); this.consecutiveTimeouts = 0; resolve(m); },
        reject: (e) => { finish(); reject(e); },
      });
      this.writer.write(frags).catch((e: Error) => {
        const p = this.pending.get(key);
        if (p) p.reject(new MbimTransportError(`${what}: write failed: ${e.message}`));
      });
    });
  }

  /**
   * Sends a set or query and resolves with the decoded COMMAND_DONE information buffer.
   * Throws MbimStatusError (non-zero status, with the buffer decoded when it fits, e.g. PIN
   * attempts left), MbimFunctionError (e.g. NotOpened), MbimDecodeError (bad or mismatched
   * reply), MbimFragmentError, MbimTimeoutError, MbimAbortedError, MbimTransportError,
   * RangeError (values do not fit the definition).
   */
  async command<D extends CidDef, K extends KindsOf<D>>(def: D, kind: K, values: InputOf<D, K>, opts: CommandOptions = {}): Promise<ResponseOf<D>> {
    const what = `${cidLabel(def)} ${kind}`;
    const buffer = encodeCommandBuffer(def, kind, values);
    const tid = this.nextTid();
    const layout = def[kind as CommandKind];
    if (this.log.debugEnabled && layout) this.log.debug(`>> ${what} tid=${tid} ${JSON.stringify(redact(layout, values as Record<string, unknown>), bigintJson)}`);
    const reply = await this.transact({ type: 'command', tid, service: def.service, cid: def.cid, commandType: kind as CommandKind, buffer }, what, opts.timeoutMs ?? this.timeoutMs, opts.signal);
    if (reply.type !== 'command-done') throw new MbimDecodeError(`${what}: unexpected ${reply.type}`);
    if (reply.service !== def.service || reply.cid !== def.cid) {
      throw new MbimDecodeError(`${what}: reply is for ${serviceUuidName(reply.service)} CID ${reply.cid} (desync)`);
    }
    if (reply.status !== 0) {
      let extra: Record<string, unknown> = {};
      if (reply.buffer.length > 0) {
        try { extra = decodeResponse(def, reply.buffer) as Record<string, unknown>; } catch { /* a failed command may carry no or a short buffer */ }
      }
      this.log.debug(`<< ${what} status ${reply.status}`);
      throw new MbimStatusError(reply.status, what, extra);
    }
    const decoded = decodeResponse(def, reply.buffer);
    if (this.log.debugEnabled && def.response) this.log.debug(`<< ${what} ${JSON.stringify(redact(def.response, decoded as Record<string, unknown>), bigintJson)}`);
    return decoded;
  }

  /**
   * OPEN with this device's max control transfer, resent every `retryMs` until OPEN_DONE or
   * `timeoutMs` (mbimcli: every 5 s, for 30 s); a late OPEN_DONE to an earlier attempt counts.
   * An unexpected CLOSE_DONE while opening means the modem's state is unknown: CLOSE, then
   * OPEN again (libmbim). Throws MbimStatusError (OPEN_DONE status), MbimWrongStateError
   * (already open/opening), MbimTimeoutError, MbimAbortedError, MbimTransportError.
   */
  async open(opts: OpenOptions = {}): Promise<void> {
    if (this.state !== 'closed') throw new MbimWrongStateError(this.state === 'open' ? 'already open' : 'already opening');
    const total = opts.timeoutMs ?? 30_000;
    const retryMs = opts.retryMs ?? 5000;
    const deadline = this.clock.now() + total;
    const tids = new Set<number>();
    this.state = 'opening';
    try {
      for (;;) {
        const left = deadline - this.clock.now();
        if (left <= 0) throw new MbimTimeoutError('OPEN', total);
        const r = await this.openOnce(tids, Math.min(retryMs, left), opts.signal);
        if (r === 'retry') continue;
        if (r === 'close-done') {
          this.log.info('modem closed the session while opening: CLOSE, then OPEN again');
          await this.closeMessage(Math.min(retryMs, Math.max(1, deadline - this.clock.now())), opts.signal).catch((e: Error) => {
            if (e instanceof MbimAbortedError || e instanceof MbimTransportError) throw e;
          });
          continue;
        }
        if (r.type === 'open-done' && r.status !== 0) throw new MbimStatusError(r.status, 'OPEN');
        this.state = 'open';
        this.consecutiveTimeouts = 0;
        return;
      }
    } catch (e) {
      this.state = 'closed';
      throw e;
    } finally {
      this.openAttempt = undefined;
    }
  }

  private openOnce(tids: Set<number>, ms: number, signal: AbortSignal | undefined): Promise<MbimMessage | 'retry' | 'close-done'> {
    const tid = this.nextTid();
    tids.add(tid);
    // The attempt's own transaction is cancelled when a reply to an earlier attempt settles it.
    const inner = new AbortController();
    const onOuter = () => inner.abort();
    if (signal?.aborted) inner.abort();
    signal?.addEventListener('abort', onOuter, { once: true });
    return new Promise<MbimMessage | 'retry' | 'close-done'>((resolve, reject) => {
      this.openAttempt = { tids, settle: (m) => { resolve(m); inner.abort(); } };
      this.transact({ type: 'open', tid, maxControlTransfer: this.maxControlTransfer }, 'OPEN', ms, inner.signal, false).then(resolve, (e: Error) => {
        if (e instanceof MbimTimeoutError) resolve('retry');
        else reject(e);
      });
    }).finally(() => signal?.removeEventListener('abort', onOuter));
  }

  private async closeMessage(ms: number, signal: AbortSignal | undefined): Promise<number> {
    const reply = await this.transact({ type: 'close', tid: this.nextTid() }, 'CLOSE', ms, signal);
    return reply.type === 'close-done' ? reply.status : 0;
  }

  /**
   * CLOSE → CLOSE_DONE (default timeout 3 s); the state is 'closed' afterwards whatever the
   * outcome. Throws MbimStatusError, MbimTimeoutError, MbimAbortedError, MbimTransportError.
   */
  async close(opts: CommandOptions = {}): Promise<void> {
    try {
      const status = await this.closeMessage(opts.timeoutMs ?? 3000, opts.signal);
      if (status !== 0) throw new MbimStatusError(status, 'CLOSE');
    } finally {
      this.state = 'closed';
    }
  }

  /**
   * Takes over a function another process opened and left open (no OPEN: that would end its
   * sessions on many modems): state 'open', transaction ids going on after `lastTid`. As
   * libmbim's "device-in-session" + "device-transaction-id" (mbimcli --no-open=TRID). A modem
   * that lost the session answers the next command with FUNCTION_ERROR NotOpened.
   */
  resume(lastTid: number): void {
    if (this.state !== 'closed') throw new MbimWrongStateError(`cannot resume: ${this.state}`);
    this.tid = Number.isInteger(lastTid) && lastTid > 0 && lastTid < 0xffffffff ? lastTid : 0;
    this.state = 'open';
  }

  /** The last transaction id used (a later owner resumes after it). */
  get lastTid(): number { return this.tid; }

  /** Recovery after FUNCTION_ERROR NotOpened (libmbim): CLOSE (result ignored), then open(). */
  async reopen(opts: OpenOptions = {}): Promise<void> {
    await this.close({ timeoutMs: Math.min(3000, opts.timeoutMs ?? 3000), signal: opts.signal }).catch((e: Error) => {
      if (e instanceof MbimAbortedError || e instanceof MbimTransportError) throw e;
    });
    await this.open(opts);
  }

  /** Subscribes to a CID's notifications, decoded with its definition. Returns the unsubscribe function. */
  onIndication<D extends CidDef>(def: D, handler: (values: NotificationOf<D>, msg: IndicationMessage) => void): () => void {
    return this.indications.on(def, handler);
  }

  /** Subscribes to every INDICATE_STATUS, undecoded. Returns the unsubscribe function. */
  onAnyIndication(handler: (msg: IndicationMessage) => void): () => void {
    return this.indications.onAny(handler);
  }

  /** Closes the port; pending requests fail with MbimTransportError. Sends no CLOSE (see close()). */
  dispose(): void {
    if (this.closed) return;
    this.port.close();
    this.onClose(undefined);
  }

  private onData(chunk: Uint8Array): void {
    const { messages, skipped } = this.framer.push(chunk);
    for (const s of skipped) {
      this.log.warn(`skipped ${s.bytes} byte(s) of non-MBIM data: ${s.reason}`);
      this.emit('garbage', s);
    }
    for (const m of messages) {
      const r = this.collector.push(m, this.clock.now());
      for (const e of r.errors) this.onFragmentError(e);
      if (r.message) this.onWhole(r.message);
    }
    this.armGapTimer();
  }

  private armGapTimer(): void {
    if (this.gapTimer !== undefined) { this.clock.clearTimeout(this.gapTimer); this.gapTimer = undefined; }
    const at = this.collector.nextDeadline(this.gapMs);
    if (at === undefined || this.closed) return;
    this.gapTimer = this.clock.setTimeout(() => {
      this.gapTimer = undefined;
      for (const e of this.collector.expire(this.clock.now(), this.gapMs)) this.onFragmentError(e);
      this.armGapTimer();
    }, Math.max(1, at - this.clock.now()));
  }

  private onFragmentError(e: MbimFragmentError): void {
    this.log.warn(`fragment error: ${e.message}`);
    this.emit('garbage', { reason: e.message, bytes: 0 });
    const hit = [...this.pending].filter(([key]) => key.endsWith(`:${e.tid}`));
    // libmbim counts a TimeoutFragment that ends a transaction as a timeout too.
    if (hit.length > 0 && e.protocolError === MbimProtocolErrorCode.TimeoutFragment) {
      this.consecutiveTimeouts++;
      this.emit('timeout', this.consecutiveTimeouts);
    }
    for (const [, p] of hit) p.reject(e);
    if (!this.closed) this.writer.write([encodeMessage({ type: 'host-error', tid: e.tid, error: e.protocolError })]).catch(() => undefined);
  }

  private onWhole(bytes: Uint8Array): void {
    let m: MbimMessage;
    try {
      m = decodeMessage(bytes);
    } catch (e) {
      this.log.warn(`malformed MBIM message: ${(e as Error).message}`);
      this.emit('garbage', { reason: (e as Error).message, bytes: bytes.length });
      return;
    }
    let taken = false;
    for (const t of this.taps) { try { taken = t(m) || taken; } catch (e) { this.log.error(`message tap failed: ${(e as Error).message}`); } }
    if (taken) return;
    switch (m.type) {
      case 'open-done': case 'close-done': case 'command-done': return this.onDone(m);
      case 'function-error': return this.onFunctionError(m);
      case 'indicate-status': return this.onIndicationMessage(m);
      default: this.log.debug(`ignored a host-side ${m.type} message from the modem`);
    }
  }

  private onDone(m: MbimMessage): void {
    const p = this.pending.get(`${messageTypeValue(m.type) - 0x80000000}:${m.tid}`);
    if (p) { p.resolve(m); return; }
    if (this.openAttempt && m.type === 'open-done' && this.openAttempt.tids.has(m.tid)) { this.openAttempt.settle(m); return; }
    if (this.openAttempt && m.type === 'close-done') { this.openAttempt.settle('close-done'); return; }
    this.log.debug(`${m.type} without a pending request: tid=${m.tid}`);
    if (this.clock.now() - this.openedAt <= DIRECT_OPEN_SETTLE_MS) return;
    if (m.type === 'open-done' || m.type === 'close-done') this.directOpen(`MBIM ${m.type === 'open-done' ? 'OPEN_DONE' : 'CLOSE_DONE'} the daemon did not ask for (another program reset the session)`);
    else this.directOpen(`MBIM COMMAND_DONE (tid ${m.tid}) to a request the daemon never sent`);
  }

  private onFunctionError(m: Extract<MbimMessage, { type: 'function-error' }>): void {
    let matched: Pending | undefined;
    for (const [key, p] of this.pending) if (key.endsWith(`:${m.tid}`)) { matched = p; break; }
    const err = new MbimFunctionError(m.error, matched?.what ?? `tid ${m.tid}`);
    this.log.warn(err.message);
    if (matched) matched.reject(err);
    if (m.error === MbimProtocolErrorCode.NotOpened && this.state !== 'opening') {
      this.state = 'closed';
      this.emit('not-opened');
    }
    this.emit('function-error', err);
  }

  private onIndicationMessage(m: IndicationMessage): void {
    this.indications.dispatch(m);
  }

  private onClose(err?: PortError): void {
    if (this.closed) return;
    this.closed = true;
    this.closedWith = err;
    this.state = 'closed';
    if (this.gapTimer !== undefined) { this.clock.clearTimeout(this.gapTimer); this.gapTimer = undefined; }
    this.collector.reset();
    this.framer.reset();
    const e = new MbimTransportError(err ? err.message : 'port closed');
    for (const p of [...this.pending.values()]) p.reject(e);
    this.emit('close', err);
  }
}

export { bigintJson };
