// UbusConnection: one socket session with ubusd — HELLO, framing, the (seq, peer) request table, typed rejections.
import { platform, type ByteStream } from '../platform';
import { AbortedError, Clock, systemClock } from '../util/wait';
import { UbusError, UbusStatus } from './errors';
import { AttrEntry, UbusFramer, UbusMessage, UbusMsgType, decodeMessage, encodeMessage } from './message';

/** Timeout (ms) and cancellation of one wait. */
export interface WaitOptions { timeoutMs?: number; signal?: AbortSignal }

/** Completes a request once; later calls are ignored (a reply after the timeout is harmless). */
export interface ReplySink<T> { resolve(v: T): void; reject(e: Error): void }

/** Sees every STATUS/DATA message carrying the request's seq; decides when it is complete. */
export type ReplyHandler<T> = (msg: UbusMessage, sink: ReplySink<T>) => void;

interface Pending { what: string; handle: (msg: UbusMessage) => void; fail: (e: Error) => void }

/** Result of a plain request: the DATA payloads that preceded a STATUS 0. */
export interface DataReplies { data: UbusMessage[] }

/**
 * The usual reply shape (openwrt/ubus ubusd_proto.c (request routing)): DATA messages then one STATUS, all with `peer`.
 * STATUS 0 resolves with the DATA messages; another status rejects with UbusError(code).
 */
export function statusReplies(peer: number, context: string): ReplyHandler<DataReplies> {
  const data: UbusMessage[] = [];
  return (msg, sink) => {
    if (msg.peer !== peer) return;
    if (msg.type === UbusMsgType.DATA) data.push(msg);
    else if (msg.type === UbusMsgType.STATUS) {
      const code = msg.attrs.status ?? UbusStatus.UNKNOWN_ERROR;
      if (code === UbusStatus.OK) sink.resolve({ data });
      else sink.reject(new UbusError(code, context));
    }
  };
}

/**
 * Replies to a NOTIFY without NO_REPLY (openwrt/ubus libubus-sub.c / ubusd_proto.c (SUBSCRIBE, NOTIFY)): ubusd's STATUS (peer = our object id)
 * lists the subscribers; the request completes when each has answered with its own STATUS
 * (peer = subscriber id). A non-zero status from ubusd rejects with UbusError.
 */
export function notifyReplies(own: number, context: string): ReplyHandler<void> {
  let expected: Set<number> | undefined;
  const early = new Set<number>();
  return (m, sink) => {
    if (m.type !== UbusMsgType.STATUS) return;
    if (expected === undefined) {
      if (m.peer !== own) { early.add(m.peer); return; }
      const code = m.attrs.status ?? UbusStatus.UNKNOWN_ERROR;
      if (code !== UbusStatus.OK) { sink.reject(new UbusError(code, context)); return; }
      expected = new Set(m.attrs.subscribers ?? []);
      for (const p of early) expected.delete(p);
    } else expected.delete(m.peer);
    if (expected.size === 0) sink.resolve();
  };
}

/**
 * A connected, HELLO-greeted socket to ubusd. Unsolicited messages (INVOKE, NOTIFY,
 * UNSUBSCRIBE) go to `onMessage`; when the socket closes every pending request is rejected
 * with UbusError CONNECTION_FAILED and `onClose` runs once.
 */
export class UbusConnection {
  /** Our client id from HELLO (openwrt/ubus ubusd_proto.c (HELLO)). */
  clientId = 0;
  /** Unsolicited messages from ubusd. */
  onMessage: (msg: UbusMessage) => void = () => {};
  /** Called once when the session ends (`error` says why; undefined after close()). */
  onClose: (error?: Error) => void = () => {};
  private readonly framer = new UbusFramer();
  private readonly pending = new Map<number, Pending>();
  private seq = 0;
  private closed = false;
  private closeReason?: Error;

  private socket?: ByteStream;
  /** Messages sent after HELLO but before connectUnix's promise handed over the stream (see Platform.connectUnix). */
  private early: Uint8Array[] = [];

  private constructor(readonly path: string, private readonly clock: Clock) {}

  /**
   * Connects to the unix socket at `path` and waits for HELLO (peer = client id > 1, as
   * libubus requires). Rejects with UbusError CONNECTION_FAILED (socket error, bad HELLO,
   * `timeoutMs` elapsed — default 5000) or AbortedError.
   */
  static open(path: string, opts: WaitOptions & { clock?: Clock } = {}): Promise<UbusConnection> {
    const clock = opts.clock ?? systemClock;
    const timeoutMs = opts.timeoutMs ?? 5000;
    return new Promise((resolve, reject) => {
      if (opts.signal?.aborted) { reject(new AbortedError(`connect ${path}`)); return; }
      const conn = new UbusConnection(path, clock);
      let done = false;
      const finish = (e?: Error) => {
        if (done) return;
        done = true;
        clock.clearTimeout(timer);
        opts.signal?.removeEventListener('abort', onAbort);
        if (e) { conn.destroy(e); reject(e); } else resolve(conn);
      };
      const onAbort = () => finish(new AbortedError(`connect ${path}`));
      const timer = clock.setTimeout(() => finish(new UbusError(UbusStatus.CONNECTION_FAILED, `connect ${path}`, `no HELLO within ${timeoutMs} ms`)), timeoutMs);
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      conn.onClose = (e) => finish(new UbusError(UbusStatus.CONNECTION_FAILED, `connect ${path}`, e?.message ?? 'closed'));
      conn.onMessage = (msg) => {
        if (msg.type !== UbusMsgType.HELLO) return;
        if (msg.peer <= 1) { finish(new UbusError(UbusStatus.CONNECTION_FAILED, `connect ${path}`, `HELLO with client id ${msg.peer}`)); return; }
        conn.clientId = msg.peer;
        conn.onMessage = () => {};
        conn.onClose = () => {};
        finish();
      };
      platform.connectUnix(path, {
        onData: (chunk) => conn.receive(chunk),
        onClose: (e) => conn.destroy(e ?? new Error('socket closed')),
      }, { timeoutMs, signal: opts.signal }).then((s) => {
        if (conn.closed) { s.close(); return; }
        conn.socket = s;
        for (const b of conn.early.splice(0)) s.write(b).catch(() => { /* reported through onClose */ });
      }, (e: Error) => conn.destroy(e));
    });
  }

  /** Whether the socket is still usable. */
  get open(): boolean { return !this.closed; }

  /** Requests awaiting their final reply. */
  get pendingCount(): number { return this.pending.size; }

  private receive(chunk: Uint8Array): void {
    try {
      for (const raw of this.framer.push(chunk)) {
        if (this.closed) return;
        this.dispatch(decodeMessage(raw));
      }
    } catch (e) {
      this.destroy(e as Error);
    }
  }

  private dispatch(msg: UbusMessage): void {
    if (msg.type === UbusMsgType.STATUS || msg.type === UbusMsgType.DATA) {
      const p = this.pending.get(msg.seq);
      if (p) { p.handle(msg); return; }
      if (msg.type === UbusMsgType.DATA) return;
    }
    this.onMessage(msg);
  }

  /** Writes one message (fire and forget; dropped when the socket is closed). Throws RangeError on bad values. */
  send(type: UbusMsgType, seq: number, peer: number, attrs: readonly AttrEntry[]): void {
    this.write(encodeMessage(type, seq, peer, attrs));
  }

  /**
   * Writes messages already encoded (encodeMessage) back to back in one write — e.g. a reply's
   * DATA and STATUS, so ubusd gets them with one syscall (it frames the stream itself, openwrt/ubus
   * ubusd_main.c client_cb). Fire and forget, as send().
   */
  sendEncoded(messages: readonly Uint8Array[]): void {
    if (messages.length === 1) { this.write(messages[0]); return; }
    let n = 0;
    for (const m of messages) n += m.length;
    const buf = new Uint8Array(n);
    let at = 0;
    for (const m of messages) { buf.set(m, at); at += m.length; }
    this.write(buf);
  }

  private write(buf: Uint8Array): void {
    if (this.closed) return;
    if (!this.socket) { this.early.push(buf); return; }
    this.socket.write(buf).catch(() => { /* the stream closes itself and reports through onClose */ });
  }

  /** Sends a request that expects no reply (e.g. NOTIFY with NO_REPLY) under a fresh seq. Throws RangeError on bad values. */
  sendOneWay(type: UbusMsgType, peer: number, attrs: readonly AttrEntry[]): void {
    this.send(type, this.nextSeq(), peer, attrs);
  }

  private nextSeq(): number {
    for (let i = 0; i < 0x10000; i++) {
      this.seq = (this.seq + 1) & 0xffff;
      if (!this.pending.has(this.seq)) return this.seq;
    }
    throw new UbusError(UbusStatus.NO_MEMORY, 'request', 'all 65536 sequence numbers are in use');
  }

  /**
   * Sends a request with a fresh seq and feeds every STATUS/DATA with that seq to `onReply`
   * until it resolves or rejects. Rejects with UbusError TIMEOUT after `timeoutMs` (default
   * 30000, the ubus CLI's), AbortedError on `signal`, UbusError CONNECTION_FAILED when the
   * socket closes. `what` names the request in error messages.
   */
  request<T>(type: UbusMsgType, peer: number, attrs: readonly AttrEntry[], what: string, onReply: ReplyHandler<T>, opts: WaitOptions = {}): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.closed) { reject(this.connectionError(what)); return; }
      if (opts.signal?.aborted) { reject(new AbortedError(what)); return; }
      const seq = this.nextSeq();
      let settled = false;
      const timeoutMs = opts.timeoutMs ?? 30000;
      const settle = (fn: () => void) => {
        if (settled) return;
        settled = true;
        this.pending.delete(seq);
        if (timer !== undefined) this.clock.clearTimeout(timer);
        opts.signal?.removeEventListener('abort', onAbort);
        fn();
      };
      const sink: ReplySink<T> = { resolve: (v) => settle(() => resolve(v)), reject: (e) => settle(() => reject(e)) };
      const onAbort = () => sink.reject(new AbortedError(what));
      const timer = Number.isFinite(timeoutMs)
        ? this.clock.setTimeout(() => sink.reject(new UbusError(UbusStatus.TIMEOUT, what, `no reply within ${timeoutMs} ms`)), timeoutMs)
        : undefined;
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(seq, { what, handle: (msg) => onReply(msg, sink), fail: sink.reject });
      try {
        this.send(type, seq, peer, attrs);
      } catch (e) {
        sink.reject(e as Error);
      }
    });
  }

  private connectionError(what: string): UbusError {
    return new UbusError(UbusStatus.CONNECTION_FAILED, what, `connection to ${this.path} lost${this.closeReason ? ` (${this.closeReason.message})` : ''}`);
  }

  /** Ends the session: closes the socket, rejects pending requests, runs onClose once. */
  destroy(reason?: Error): void {
    if (this.closed) return;
    this.closed = true;
    this.closeReason = reason;
    this.socket?.close();
    this.framer.reset();
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) p.fail(this.connectionError(p.what));
    this.onClose(reason);
  }

  /** Closes the session on purpose (pending requests fail with CONNECTION_FAILED). */
  close(): void { this.destroy(); }
}
