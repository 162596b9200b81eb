// UbusClient: calls, events, subscriptions and published objects over ubusd's socket, reconnecting and restoring them.
import { Emitter } from '../util/emitter';
import { AbortedError, Clock, WaitTimeoutError, delay, systemClock, waitFor } from '../util/wait';
import {
  AddObjectOptions, CallOptions, DEFAULT_SOCKET_PATHS, EventHandler, NotificationHandler, NotifyOptions,
  SubscribeOptions, UbusClientOptions, UbusListener, UbusMethod, UbusMethods, UbusObject, UbusObjectInfo, UbusSubscription,
} from './client-types';
import { DataReplies, UbusConnection, notifyReplies, statusReplies } from './connection';
import { ListenerRec, LocalRec, ObjectRec, SubscriberRec } from './client-invoke';
import { RecordsContext, addObjectOn, onUnsolicited, removeQuietly, restoreRecords, setupListener, setupSubscriber } from './client-records';
import { UbusError, UbusStatus } from './errors';
import { UbusJson, decodeJsonTable, encodeJsonTable } from './json';
import { AttrEntry, UBUS_SYSTEM_OBJECT_EVENT, UbusAttr, UbusMessage, UbusMsgType } from './message';
import { decodeSignature, encodeSignature } from './policy';

type State = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'closed';

/**
 * A ubus client speaking ubusd's wire protocol (openwrt/ubus ubusmsg.h, ubusd_proto.c; docs/ubus.md). Events: `connected` (client id),
 * `disconnected` (error), `reconnected` (client id, after objects/listeners/subscriptions are
 * restored), `warning` (error: a failed reconnect attempt, restore step or handler).
 */
export class UbusClient extends Emitter {
  private conn?: UbusConnection;
  private state: State = 'idle';
  private loopRunning = false;
  private readonly registry = new Set<LocalRec>();
  private readonly byId = new Map<number, LocalRec>();
  private readonly idCache = new Map<string, number>();
  private readonly readyWaiters = new Set<(e?: Error) => void>();
  private readonly stop = new AbortController();
  private readonly clock: Clock;

  constructor(private readonly opts: UbusClientOptions = {}) {
    super();
    this.clock = opts.clock ?? systemClock;
  }

  /** Creates a client and connects it. Rejects like connect(). */
  static async connect(opts: UbusClientOptions & CallOptions = {}): Promise<UbusClient> {
    const c = new UbusClient(opts);
    await c.connect(opts);
    return c;
  }

  /** Our client id (from HELLO), 0 while not connected. */
  get clientId(): number { return this.conn?.open ? this.conn.clientId : 0; }
  /** True while a session is up and restored. */
  get connected(): boolean { return this.state === 'connected' && !!this.conn?.open; }
  /** The socket path of the current session, if any. */
  get socketPath(): string | undefined { return this.conn?.path; }

  /**
   * Connects (socketPath, else the default paths in order) and waits for HELLO. Rejects with
   * UbusError CONNECTION_FAILED when no socket answers, AbortedError on `signal`.
   */
  async connect(opts: CallOptions = {}): Promise<void> {
    if (this.state === 'closed') throw new UbusError(UbusStatus.CONNECTION_FAILED, 'connect', 'client closed');
    if (this.conn?.open) return;
    this.state = 'connecting';
    try {
      this.attach(await this.openAny(opts));
    } catch (e) {
      if (this.state === 'connecting') this.state = 'idle';
      throw e;
    }
    this.setReady();
    this.emit('connected', this.clientId);
  }

  private async openAny(opts: CallOptions): Promise<UbusConnection> {
    const paths = this.opts.socketPath ? [this.opts.socketPath] : DEFAULT_SOCKET_PATHS;
    let last: Error = new UbusError(UbusStatus.CONNECTION_FAILED, 'connect');
    for (const path of paths) {
      try {
        return await UbusConnection.open(path, { timeoutMs: opts.timeoutMs ?? this.opts.connectTimeoutMs ?? 5000, signal: opts.signal, clock: this.clock });
      } catch (e) {
        if (e instanceof AbortedError) throw e;
        last = e as Error;
      }
    }
    throw last;
  }

  private attach(conn: UbusConnection): void {
    this.conn = conn;
    this.byId.clear();
    this.idCache.clear();
    conn.onMessage = (m) => this.onUnsolicited(conn, m);
    conn.onClose = (e) => this.onLost(conn, e);
  }

  private setReady(): void {
    this.state = 'connected';
    for (const w of [...this.readyWaiters]) w();
  }

  private onLost(conn: UbusConnection, err?: Error): void {
    if (conn !== this.conn) return;
    this.conn = undefined;
    this.byId.clear();
    this.idCache.clear();
    this.emit('disconnected', err);
    if (this.state === 'closed') return;
    if (this.opts.reconnect === false) {
      this.state = 'idle';
      for (const w of [...this.readyWaiters]) w(new UbusError(UbusStatus.CONNECTION_FAILED, 'ubus', 'connection lost'));
      return;
    }
    this.state = 'reconnecting';
    if (!this.loopRunning) void this.reconnectLoop();
  }

  private async reconnectLoop(): Promise<void> {
    this.loopRunning = true;
    const b = this.opts.backoff ?? {};
    let wait = b.initialMs ?? 100;
    try {
      while (this.state !== 'closed') {
        await delay(wait, this.stop.signal, this.clock);
        wait = Math.min(b.maxMs ?? 5000, wait * (b.factor ?? 2));
        let conn: UbusConnection;
        try {
          conn = await this.openAny({ signal: this.stop.signal });
        } catch (e) {
          if (e instanceof AbortedError) return;
          this.emit('warning', e);
          continue;
        }
        this.attach(conn);
        await this.restore(conn);
        if (conn.open && !this.stop.signal.aborted) {
          this.setReady();
          this.emit('reconnected', conn.clientId);
          return;
        }
      }
    } catch (e) {
      if (!(e instanceof AbortedError)) this.emit('warning', e);
    } finally {
      this.loopRunning = false;
    }
  }

  /** Re-adds every registered object, listener and subscription on a fresh session (client-records.ts restoreRecords). */
  private restore(conn: UbusConnection): Promise<void> { return restoreRecords(this.records(), conn); }

  /** The session once ready, waiting through a reconnect within the timeout (else CONNECTION_FAILED). */
  private async ready(opts: CallOptions, what: string): Promise<UbusConnection> {
    if (this.state === 'connected' && this.conn?.open) return this.conn;
    if (this.state !== 'connecting' && this.state !== 'reconnecting') {
      throw new UbusError(UbusStatus.CONNECTION_FAILED, what, this.state === 'closed' ? 'client closed' : 'not connected');
    }
    const timeoutMs = opts.timeoutMs ?? this.opts.defaultTimeoutMs ?? 30000;
    try {
      await waitFor<void>(`${what}: waiting for ubus`, (done, fail) => {
        const w = (e?: Error) => (e ? fail(e) : done());
        this.readyWaiters.add(w);
        return () => { this.readyWaiters.delete(w); };
      }, { timeoutMs, signal: opts.signal, clock: this.clock });
    } catch (e) {
      if (e instanceof WaitTimeoutError) throw new UbusError(UbusStatus.CONNECTION_FAILED, what, `not reconnected within ${timeoutMs} ms`);
      throw e;
    }
    if (!this.conn?.open) throw new UbusError(UbusStatus.CONNECTION_FAILED, what, 'connection lost');
    return this.conn;
  }

  private timeout(opts: CallOptions): CallOptions {
    return { timeoutMs: opts.timeoutMs ?? this.opts.defaultTimeoutMs ?? 30000, signal: opts.signal };
  }

  /**
   * LOOKUP (openwrt/ubus libubus-req.c (ubus_invoke)): exact path, prefix ending in `*`, or every object when `path` is
   * undefined. Rejects with UbusError NOT_FOUND when nothing matches a path.
   */
  async lookup(path?: string, opts: CallOptions = {}): Promise<UbusObjectInfo[]> {
    const conn = await this.ready(opts, `lookup ${path ?? '*'}`);
    return this.lookupOn(conn, path, opts);
  }

  private async lookupOn(conn: UbusConnection, path: string | undefined, opts: CallOptions): Promise<UbusObjectInfo[]> {
    const what = `lookup ${path ?? '*'}`;
    const attrs: AttrEntry[] = path === undefined ? [] : [[UbusAttr.OBJPATH, path]];
    const r = await conn.request(UbusMsgType.LOOKUP, 0, attrs, what, statusReplies(0, what), this.timeout(opts));
    return r.data.map((m) => ({
      path: m.attrs.objpath ?? '', id: m.attrs.objid ?? 0, typeId: m.attrs.objtype ?? 0,
      signature: m.attrs.signature ? decodeSignature(m.attrs.signature) : {},
    }));
  }

  private async resolve(conn: UbusConnection, path: string, opts: CallOptions, fresh = false): Promise<number> {
    const cached = fresh ? undefined : this.idCache.get(path);
    if (cached !== undefined) return cached;
    const found = (await this.lookupOn(conn, path, opts)).find((o) => o.path === path);
    if (!found) throw new UbusError(UbusStatus.NOT_FOUND, `lookup ${path}`);
    if (conn === this.conn) this.idCache.set(path, found.id);
    return found.id;
  }

  /**
   * Calls `method` on the object at `target` (path or id) with `args` (JSON → blobmsg as the
   * ubus CLI does) and resolves with the first DATA reply as an object, or undefined when the
   * object sent none. Rejects with UbusError: the STATUS the object or ubusd returned
   * (NOT_FOUND, METHOD_NOT_FOUND, INVALID_ARGUMENT, …), TIMEOUT after `timeoutMs`,
   * CONNECTION_FAILED when the session drops; AbortedError on `signal`. Object ids are cached
   * per session; a stale id is re-looked-up once (only when the path now has another id).
   */
  async call(target: string | number, method: string, args: Record<string, unknown> = {}, opts: CallOptions = {}): Promise<Record<string, UbusJson> | undefined> {
    const [first] = await this.callRaw(target, method, args, opts);
    return first ? decodeJsonTable(first) : undefined;
  }

  /**
   * As call(), but resolves with the DATA payloads of every DATA reply, raw and in order (the
   * `ubus` CLI prints each one) — for callers that need the exact blobmsg types. Rejects as call().
   */
  async callRaw(target: string | number, method: string, args: Record<string, unknown> = {}, opts: CallOptions = {}): Promise<Uint8Array[]> {
    const what = `call ${target} ${method}`;
    const data = encodeJsonTable(args);
    const conn = await this.ready(opts, what);
    if (typeof target === 'number') return this.invoke(conn, target, method, data, what, opts);
    const id = await this.resolve(conn, target, opts);
    try {
      return await this.invoke(conn, id, method, data, what, opts);
    } catch (e) {
      if (!(e instanceof UbusError) || e.code !== UbusStatus.NOT_FOUND) throw e;
      this.idCache.delete(target);
      const again = await this.resolve(conn, target, opts, true);
      if (again === id) throw e;
      return this.invoke(conn, again, method, data, what, opts);
    }
  }

  private async invoke(conn: UbusConnection, id: number, method: string, data: Uint8Array, what: string, opts: CallOptions): Promise<Uint8Array[]> {
    const attrs: AttrEntry[] = [[UbusAttr.OBJID, id], [UbusAttr.METHOD, method], [UbusAttr.DATA, data]];
    const r = await conn.request<DataReplies>(UbusMsgType.INVOKE, id, attrs, what, statusReplies(id, what), this.timeout(opts));
    return r.data.flatMap((m) => (m.attrs.data === undefined ? [] : [m.attrs.data]));
  }

  /**
   * Sends event `event` with `data` (`ubus send`; openwrt/ubus ubusd_event.c (send)). ubusd never delivers it back
   * to this client. Rejects with UbusError (PERMISSION_DENIED for `ubus.*` names, …).
   */
  async send(event: string, data: Record<string, unknown> = {}, opts: CallOptions = {}): Promise<void> {
    const what = `send ${event}`;
    const body = encodeJsonTable({ id: event, data });
    const conn = await this.ready(opts, what);
    const attrs: AttrEntry[] = [[UbusAttr.OBJID, UBUS_SYSTEM_OBJECT_EVENT], [UbusAttr.METHOD, 'send'], [UbusAttr.DATA, body]];
    await conn.request(UbusMsgType.INVOKE, UBUS_SYSTEM_OBJECT_EVENT, attrs, what, statusReplies(UBUS_SYSTEM_OBJECT_EVENT, what), this.timeout(opts));
  }

  /** PING (openwrt/ubus ubusd_proto.c (PING)): resolves when ubusd echoes it. */
  async ping(opts: CallOptions = {}): Promise<void> {
    const conn = await this.ready(opts, 'ping');
    await conn.request<void>(UbusMsgType.PING, 0, [], 'ping', (m, sink) => { if (m.type === UbusMsgType.DATA) sink.resolve(); }, this.timeout(opts));
  }

  /** The client's records and session as client-records.ts works on them. */
  private records(): RecordsContext {
    return this.recordsCtx ??= {
      current: () => this.conn, byId: this.byId, registry: this.registry, clock: this.clock, timeout: (o: CallOptions) => this.timeout(o), watched: {},
      resolve: (conn: UbusConnection, path: string, o: CallOptions, fresh?: boolean) => this.resolve(conn, path, o, fresh), warn: (e: unknown) => this.emit('warning', e),
    };
  }

  private recordsCtx?: RecordsContext;

  private removeQuietly(conn: UbusConnection | undefined, id: number): Promise<void> { return removeQuietly(this.records(), conn, id); }

  /**
   * Listens for events whose type matches any of `patterns` (exact, or prefix ending in `*`;
   * openwrt/ubus ubusd_event.c (listen)). `handler` runs for each event; its exceptions are emitted as `warning`.
   * Restored after a reconnect. Rejects with UbusError on ubusd errors.
   */
  async listen(patterns: string | readonly string[], handler: EventHandler, opts: CallOptions = {}): Promise<UbusListener> {
    const rec: ListenerRec = { kind: 'listener', id: 0, patterns: typeof patterns === 'string' ? [patterns] : [...patterns], handler };
    const conn = await this.ready(opts, 'listen');
    await this.setupListener(conn, rec, opts);
    this.registry.add(rec);
    return {
      get id() { return rec.id; },
      patterns: rec.patterns,
      close: async () => {
        if (!this.registry.delete(rec)) return;
        await this.removeQuietly(this.conn, rec.id);
      },
    };
  }

  private setupListener(conn: UbusConnection, rec: ListenerRec, opts: CallOptions): Promise<void> { return setupListener(this.records(), conn, rec, opts); }

  /**
   * Subscribes to the object at `path` (owned by another client; ubusd refuses one's own with
   * INVALID_ARGUMENT) — openwrt/ubus libubus-sub.c / ubusd_proto.c (SUBSCRIBE, NOTIFY). `handler` answers each notification. Restored after a
   * reconnect; when the target goes away `opts.onRemove` runs. Rejects with UbusError NOT_FOUND etc.
   */
  async subscribe(path: string, handler: NotificationHandler, opts: SubscribeOptions = {}): Promise<UbusSubscription> {
    const rec: SubscriberRec = { kind: 'subscriber', id: 0, targetId: 0, path, handler, onRemove: opts.onRemove, waiting: false };
    const conn = await this.ready(opts, `subscribe ${path}`);
    await this.setupSubscriber(conn, rec, opts);
    this.registry.add(rec);
    return {
      path,
      get id() { return rec.id; },
      get targetId() { return rec.targetId; },
      close: async (o: CallOptions = {}) => {
        if (!this.registry.delete(rec)) return;
        const c = this.conn;
        if (!c?.open) return;
        const what = `unsubscribe ${path}`;
        await c.request(UbusMsgType.UNSUBSCRIBE, 0, [[UbusAttr.OBJID, rec.id], [UbusAttr.TARGET, rec.targetId]], what, statusReplies(0, what), this.timeout(o))
          .catch(() => undefined);
        await this.removeQuietly(c, rec.id);
      },
    };
  }

  private setupSubscriber(conn: UbusConnection, rec: SubscriberRec, opts: CallOptions): Promise<void> { return setupSubscriber(this.records(), conn, rec, opts); }

  /**
   * Publishes an object at `path` with `methods` (ADD_OBJECT with a signature; openwrt/ubus libubus-obj.c / ubusd_obj.c (ADD_OBJECT)).
   * Incoming calls are validated against each method's policy (INVALID_ARGUMENT), unknown
   * methods answered METHOD_NOT_FOUND. Re-added under the same path after a reconnect.
   * Rejects with UbusError INVALID_ARGUMENT when the path exists.
   */
  async addObject(path: string, methods: UbusMethods, opts: AddObjectOptions = {}): Promise<UbusObject> {
    const norm = new Map<string, UbusMethod>();
    for (const [name, m] of Object.entries(methods)) norm.set(name, typeof m === 'function' ? { handler: m } : m);
    const signature = encodeSignature(Object.fromEntries([...norm].map(([n, m]) => [n, m.policy ?? {}])));
    const rec: ObjectRec = { kind: 'object', id: 0, typeId: 0, path, signature, methods: norm, active: false, onSubscribers: opts.onSubscribers };
    const conn = await this.ready(opts, `add object ${path}`);
    await this.addObjectOn(conn, rec, opts);
    this.registry.add(rec);
    return {
      path,
      get id() { return rec.id; },
      get typeId() { return rec.typeId; },
      get hasSubscribers() { return rec.active; },
      notify: (type, data = {}, o = {}) => this.notify(rec, type, data, o),
      remove: async (o: CallOptions = {}) => {
        if (!this.registry.delete(rec)) return;
        const c = this.conn;
        if (!c?.open || this.byId.get(rec.id) !== rec) return;
        this.byId.delete(rec.id);
        await c.request(UbusMsgType.REMOVE_OBJECT, 0, [[UbusAttr.OBJID, rec.id]], `remove object ${path}`, statusReplies(0, `remove object ${path}`), this.timeout(o));
      },
    };
  }

  private addObjectOn(conn: UbusConnection, rec: ObjectRec, opts: CallOptions): Promise<void> { return addObjectOn(this.records(), conn, rec, opts); }

  private async notify(rec: ObjectRec, type: string, data: Record<string, unknown>, opts: NotifyOptions): Promise<void> {
    const what = `notify ${rec.path} ${type}`;
    const body = encodeJsonTable(data);
    const conn = await this.ready(opts, what);
    const attrs: AttrEntry[] = [[UbusAttr.OBJID, rec.id], [UbusAttr.METHOD, type], [UbusAttr.DATA, body]];
    if (opts.noReply) { conn.sendOneWay(UbusMsgType.NOTIFY, rec.id, [...attrs, [UbusAttr.NO_REPLY, 1]]); return; }
    await conn.request(UbusMsgType.NOTIFY, rec.id, attrs, what, notifyReplies(rec.id, what), this.timeout(opts));
  }

  /** ubusd's INVOKE, NOTIFY ACTIVE or UNSUBSCRIBE for one of the records (client-records.ts onUnsolicited). */
  private onUnsolicited(conn: UbusConnection, msg: UbusMessage): void { onUnsolicited(this.records(), conn, msg); }

  /**
   * Closes the client for good: stops reconnecting, closes the socket; pending and waiting
   * requests reject with UbusError CONNECTION_FAILED. Calling it again is harmless.
   */
  close(): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.stop.abort();
    this.registry.clear();
    for (const w of [...this.readyWaiters]) w(new UbusError(UbusStatus.CONNECTION_FAILED, 'ubus', 'client closed'));
    const c = this.conn;
    this.conn = undefined;
    c?.close();
  }
}
