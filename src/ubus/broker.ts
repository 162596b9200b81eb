// UbusBroker: a ubusd stand-in on a unix socket (objects, lookup, invoke routing, events, subscriptions) for tests and the demo.
import { randomInt } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import { BlobmsgType, blobmsgAttrValid, encodeBlobmsgEntries, walkBlobAttrs } from './blob';
import { UbusStatus } from './errors';
import { brokerEventSend, brokerEventRegister, EventPattern, objectEvent } from './broker-events';
import { notify, subscribe, unlink, unsubscribe } from './broker-subscriptions';
import {
  AttrEntry, UBUS_SYSTEM_OBJECT_ACL, UBUS_SYSTEM_OBJECT_EVENT, UBUS_SYSTEM_OBJECT_MAX, UBUS_SYSTEM_OBJECT_MONITOR, UbusAttr, UbusFramer, UbusMessage,
  UbusMsgType, decodeMessage, encodeMessage,
} from './message';

/** Most bytes queued towards one client (openwrt/ubus ubusd.h: UBUS_CLIENT_MAX_TXQ_LEN, UBUS_MAX_MSGLEN = 1 MiB). */
export const CLIENT_MAX_TXQ_LEN = 1048576;

/** A connected client as the broker sees it. */
export interface BrokerClient {
  id: number;
  socket: net.Socket;
  framer: UbusFramer;
  /** The client's objects, newest first (ubusd list_add): the order they are freed on disconnect. */
  objects: BrokerObject[];
  alive: boolean;
}

/** An object type: the signature it was registered with. */
interface BrokerType { id: number; signature: Uint8Array; refcount: number }

/** An object: path (none when anonymous), owner (null for built-ins), subscriptions, event patterns. */
export interface BrokerObject {
  id: number;
  path?: string;
  client: BrokerClient | null;
  type?: BrokerType;
  /**
   * Objects subscribed to this one, newest first, one entry per SUBSCRIBE: ubusd keeps a list
   * and does not refuse a repeated (subscriber, target) pair, so a subscriber can appear twice.
   */
  subscribers: BrokerObject[];
  /** Objects this one subscribes to, newest first (duplicates as above). */
  targets: BrokerObject[];
  patterns: EventPattern[];
  eventSeen: number;
  invokeSeq: number;
}

/** Broker options: the USER/GROUP strings put into forwarded INVOKEs (default: this process's). */
export interface UbusBrokerOptions { user?: string; group?: string }

function groupName(gid: number): string {
  try {
    for (const line of fs.readFileSync('/etc/group', 'utf8').split('\n')) {
      const [name, , id] = line.split(':');
      if (Number(id) === gid && name) return name;
    }
  } catch {
    return String(gid);
  }
  return String(gid);
}

/**
 * A broker following ubusd's protocol (openwrt/ubus ubusd_proto.c, ubusd_event.c): HELLO
 * with a client id, ids ≥ 1024, ADD/REMOVE_OBJECT, LOOKUP (exact, prefix `*`, all), INVOKE
 * routing with peer rewriting and USER/GROUP, the event object (id 1: send/register, `*`
 * patterns, ubus.object.add/remove), SUBSCRIBE/UNSUBSCRIBE/NOTIFY with ACTIVE, PING; any
 * other type → INVALID_COMMAND. Like ubusd, only a framing fault (top-level length < 4 or
 * padded length > UBUS_MAX_MSGLEN) disconnects a client; the version byte is not checked and
 * malformed attributes are skipped (decodeMessage). Behaviour was diffed against ubusd 3cc98db
 * (docs/ubus.md "Verified against real ubusd"). Not implemented: ACLs (everything is allowed,
 * ACL `query` answers an empty list) and the monitor object (`add`/`remove` → NOT_SUPPORTED).
 */
export class UbusBroker {
  private readonly clients = new Map<number, BrokerClient>();
  /** Every object by id (the system objects included; broker-subscriptions.ts reads it). */
  readonly objects = new Map<number, BrokerObject>();
  private readonly paths = new Map<string, BrokerObject>();
  private readonly types = new Map<number, BrokerType>();
  private readonly usedIds = new Set<number>();
  /** Event patterns of all listeners. */
  readonly patterns: EventPattern[] = [];
  /** ubusd's counters: per event, and per delivered event message (its seq). */
  readonly counters = { objEvent: 0, eventSeq: 0 };
  private readonly user: string;
  private readonly group: string;
  /** Clients dropped for unframeable input (for tests). */
  malformedDisconnects = 0;
  /** Messages not queued to a client because its transmit queue was full (it does not read). */
  droppedMessages = 0;

  /** Set by close(): nothing is sent any more. */
  private closing = false;

  private constructor(private readonly server: net.Server, readonly socketPath: string, opts: UbusBrokerOptions) {
    const me = os.userInfo();
    this.user = opts.user ?? me.username;
    this.group = opts.group ?? groupName(me.gid);
    for (const id of [UBUS_SYSTEM_OBJECT_EVENT, UBUS_SYSTEM_OBJECT_ACL, UBUS_SYSTEM_OBJECT_MONITOR]) {
      this.objects.set(id, { id, client: null, subscribers: [], targets: [], patterns: [], eventSeen: 0, invokeSeq: 0 });
    }
    server.on('connection', (s) => this.accept(s));
  }

  /**
   * Listens on `socketPath` (a stale socket file there is replaced, as ubusd does). Rejects
   * with the listen error (e.g. EACCES).
   */
  static listen(socketPath: string, opts: UbusBrokerOptions = {}): Promise<UbusBroker> {
    try { fs.unlinkSync(socketPath); } catch { /* nothing to replace */ }
    const server = net.createServer();
    const broker = new UbusBroker(server, socketPath, opts);
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(socketPath, () => { server.off('error', reject); resolve(broker); });
    });
  }

  /** Connected clients. */
  get clientCount(): number { return this.clients.size; }
  /** Objects with a path. */
  get objectPaths(): string[] { return [...this.paths.keys()].sort(); }

  /** A fresh random id ≥ 1024, unique among clients, objects and types (ubusd_id.c). */
  private newId(): number {
    for (;;) {
      const id = randomInt(UBUS_SYSTEM_OBJECT_MAX, 0xffffffff);
      if (!this.usedIds.has(id)) { this.usedIds.add(id); return id; }
    }
  }

  private accept(socket: net.Socket): void {
    const c: BrokerClient = { id: this.newId(), socket, framer: new UbusFramer(), objects: [], alive: true };
    this.clients.set(c.id, c);
    socket.on('data', (chunk: Uint8Array) => this.receive(c, chunk));
    socket.on('error', () => this.drop(c));
    socket.on('close', () => this.drop(c));
    this.sendTo(c, UbusMsgType.HELLO, 0, c.id, []);
  }

  private receive(c: BrokerClient, chunk: Uint8Array): void {
    let msgs: Array<[UbusMessage, Uint8Array]>;
    try {
      msgs = c.framer.push(chunk).map((raw) => [decodeMessage(raw, { anyVersion: true }), raw]);
    } catch {
      this.malformedDisconnects++;
      this.drop(c);
      return;
    }
    for (const [m, raw] of msgs) {
      if (!c.alive) return;
      this.handle(c, m, raw);
    }
  }

  /** Sends one message to a live client. */
  sendTo(c: BrokerClient, type: UbusMsgType, seq: number, peer: number, attrs: readonly AttrEntry[]): void {
    if (c.alive && !this.closing) this.queue(c, encodeMessage(type, seq, peer, attrs));
  }

  /**
   * Queues bytes to a client unless its transmit queue (bytes the socket has not written yet)
   * would pass CLIENT_MAX_TXQ_LEN: then the message is dropped, as ubusd's ubus_msg_enqueue does
   * (openwrt/ubus ubusd.h UBUS_CLIENT_MAX_TXQ_LEN = UBUS_MAX_MSGLEN). A listener that never reads
   * costs 1 MiB, not everything it is sent.
   */
  private queue(c: BrokerClient, bytes: Uint8Array): void {
    if (c.socket.writableLength + bytes.length > CLIENT_MAX_TXQ_LEN) { this.droppedMessages++; return; }
    c.socket.write(bytes);
  }

  /** Bytes queued towards client `id` and not yet written to its socket (0 when unknown). */
  txQueued(id: number): number { return this.clients.get(id)?.socket.writableLength ?? 0; }

  private handle(c: BrokerClient, m: UbusMessage, raw: Uint8Array): void {
    let status: number;
    switch (m.type) {
      case UbusMsgType.PING: {
        const pong = Buffer.from(raw);
        pong[1] = UbusMsgType.DATA;
        this.queue(c, pong);
        status = UbusStatus.OK;
        break;
      }
      case UbusMsgType.LOOKUP: status = this.lookup(c, m); break;
      case UbusMsgType.INVOKE: status = this.invoke(c, m); break;
      case UbusMsgType.ADD_OBJECT: status = this.addObject(c, m); break;
      case UbusMsgType.REMOVE_OBJECT: status = this.removeObject(c, m); break;
      case UbusMsgType.SUBSCRIBE: status = subscribe(this, c, m.attrs); break;
      case UbusMsgType.UNSUBSCRIBE: status = unsubscribe(this, c, m.attrs); break;
      case UbusMsgType.NOTIFY: status = notify(this, c, m); break;
      case UbusMsgType.STATUS: case UbusMsgType.DATA: this.response(c, m, raw); return;
      default: status = UbusStatus.INVALID_COMMAND;
    }
    if (status >= 0) this.sendTo(c, UbusMsgType.STATUS, m.seq, m.peer, [[UbusAttr.STATUS, status]]);
  }

  private sendObj(c: BrokerClient, m: UbusMessage, o: BrokerObject): void {
    if (!o.type || o.path === undefined) return;
    this.sendTo(c, UbusMsgType.DATA, m.seq, m.peer, [
      [UbusAttr.OBJPATH, o.path], [UbusAttr.OBJID, o.id], [UbusAttr.OBJTYPE, o.type.id], [UbusAttr.SIGNATURE, o.type.signature],
    ]);
  }

  private lookup(c: BrokerClient, m: UbusMessage): number {
    const path = m.attrs.objpath;
    const sorted = () => [...this.paths.keys()].sort(byteOrder);
    if (path === undefined) { for (const p of sorted()) this.sendObj(c, m, this.paths.get(p)!); return UbusStatus.OK; }
    if (path === '') return UbusStatus.INVALID_ARGUMENT;
    if (!path.endsWith('*')) {
      // A path without a type (published with no or an unusable signature) is found but not
      // sent: STATUS 0 without DATA, as ubusd does.
      const o = this.paths.get(path);
      if (!o) return UbusStatus.NOT_FOUND;
      this.sendObj(c, m, o);
      return UbusStatus.OK;
    }
    const prefix = path.slice(0, -1);
    const hits = sorted().filter((p) => p.startsWith(prefix));
    for (const p of hits) this.sendObj(c, m, this.paths.get(p)!);
    return hits.length ? UbusStatus.OK : UbusStatus.NOT_FOUND;
  }

  /** INVOKE of `method` on `to` for `from` (broker-subscriptions.ts forwards NOTIFY with it). */
  forward(from: BrokerClient, to: BrokerObject, method: string, seq: number, data: Uint8Array | undefined, noReply: boolean): void {
    if (!to.client) return;
    const attrs: AttrEntry[] = noReply ? [[UbusAttr.NO_REPLY, 1]] : [];
    attrs.push([UbusAttr.OBJID, to.id], [UbusAttr.METHOD, method], [UbusAttr.USER, this.user], [UbusAttr.GROUP, this.group]);
    if (data) attrs.push([UbusAttr.DATA, data]);
    this.sendTo(to.client, UbusMsgType.INVOKE, seq, from.id, attrs);
  }

  private invoke(c: BrokerClient, m: UbusMessage): number {
    const { method, objid, data } = m.attrs;
    if (method === undefined || objid === undefined) return UbusStatus.INVALID_ARGUMENT;
    const o = this.objects.get(objid);
    if (!o) return UbusStatus.NOT_FOUND;
    if (!o.client) return this.builtin(c, m, o.id, method, data);
    this.forward(c, o, method, m.seq, data, false);
    return -1;
  }

  /**
   * The built-in objects (ubusd_event.c, ubusd_acl.c, ubusd_monitor.c): event `send`/`register`;
   * ACL `query` → DATA {OBJID 2, DATA {seq 0, acl []}} (no ACL files loaded); monitor
   * `add`/`remove` → NOT_SUPPORTED here (ubusd: OK for root). Other methods: INVALID_COMMAND
   * for the event and ACL objects, METHOD_NOT_FOUND for the monitor, as ubusd answers.
   */
  private builtin(c: BrokerClient, m: UbusMessage, id: number, method: string, data: Uint8Array | undefined): number {
    if (id === UBUS_SYSTEM_OBJECT_EVENT) {
      if (method === 'register') return brokerEventRegister(this, c, data);
      if (method === 'send') return brokerEventSend(this, c, data);
      return UbusStatus.INVALID_COMMAND;
    }
    if (id === UBUS_SYSTEM_OBJECT_ACL) {
      if (method !== 'query') return UbusStatus.INVALID_COMMAND;
      const body = encodeBlobmsgEntries([
        { name: 'seq', value: { type: BlobmsgType.INT32, value: 0 } }, { name: 'acl', value: { type: BlobmsgType.ARRAY, value: [] } },
      ]);
      this.sendTo(c, UbusMsgType.DATA, m.seq, m.peer, [[UbusAttr.OBJID, id], [UbusAttr.DATA, body]]);
      return UbusStatus.OK;
    }
    return method === 'add' || method === 'remove' ? UbusStatus.NOT_SUPPORTED : UbusStatus.METHOD_NOT_FOUND;
  }

  /** The object with `id`, if any. */
  object(id: number): BrokerObject | undefined { return this.objects.get(id); }

  /**
   * ADD_OBJECT as ubusd_create_object does it: OBJTYPE (if given) names an existing type,
   * else SIGNATURE makes a new one. An unknown OBJTYPE or an unusable signature is no error:
   * the object is created without a type (LOOKUP finds its path but sends no DATA for it).
   * The reply carries OBJTYPE whenever a SIGNATURE attribute was sent and the object has a type.
   */
  private addObject(c: BrokerClient, m: UbusMessage): number {
    const { objtype, signature, objpath } = m.attrs;
    let type: BrokerType | undefined;
    if (objtype !== undefined) {
      type = this.types.get(objtype);
    } else if (signature !== undefined && signatureUsable(signature)) {
      type = { id: this.newId(), signature, refcount: 0 };
      this.types.set(type.id, type);
    }
    if (objpath !== undefined && this.paths.has(objpath)) {
      if (type && type.refcount === 0) this.dropType(type);
      return UbusStatus.INVALID_ARGUMENT;
    }
    if (type) type.refcount++;
    const o: BrokerObject = { id: this.newId(), path: objpath, client: c, type, subscribers: [], targets: [], patterns: [], eventSeen: 0, invokeSeq: 0 };
    this.objects.set(o.id, o);
    c.objects.unshift(o);
    if (objpath !== undefined) {
      this.paths.set(objpath, o);
      objectEvent(this, 'ubus.object.add', o);
    }
    const reply: AttrEntry[] = [[UbusAttr.OBJID, o.id]];
    if (signature !== undefined && type) reply.push([UbusAttr.OBJTYPE, type.id]);
    this.sendTo(c, UbusMsgType.DATA, m.seq, m.peer, reply);
    return UbusStatus.OK;
  }

  private dropType(t: BrokerType): void {
    this.types.delete(t.id);
    this.usedIds.delete(t.id);
  }

  private removeObject(c: BrokerClient, m: UbusMessage): number {
    if (m.attrs.objid === undefined) return UbusStatus.INVALID_ARGUMENT;
    const o = this.objects.get(m.attrs.objid);
    if (!o) return UbusStatus.NOT_FOUND;
    if (o.client !== c) return UbusStatus.PERMISSION_DENIED;
    const reply: AttrEntry[] = [[UbusAttr.OBJID, o.id]];
    if (o.type && o.type.refcount === 1) reply.push([UbusAttr.OBJTYPE, o.type.id]);
    this.sendTo(c, UbusMsgType.DATA, m.seq, m.peer, reply);
    this.freeObject(o);
    return UbusStatus.OK;
  }

  /** ubusd_free_object: subscriptions, subscribers (told UNSUBSCRIBE), patterns, path (event), type. */
  private freeObject(o: BrokerObject): void {
    for (const t of [...o.targets]) unlink(this, o, t);
    for (const s of [...o.subscribers]) {
      if (s.client) this.sendTo(s.client, UbusMsgType.UNSUBSCRIBE, ++s.invokeSeq & 0xffff, 0, [[UbusAttr.OBJID, s.id], [UbusAttr.TARGET, o.id]]);
      unlink(this, s, o);
    }
    for (const p of o.patterns) this.patterns.splice(this.patterns.indexOf(p), 1);
    o.patterns = [];
    if (o.path !== undefined) {
      objectEvent(this, 'ubus.object.remove', o);
      this.paths.delete(o.path);
    }
    this.objects.delete(o.id);
    this.usedIds.delete(o.id);
    if (o.client) { const i = o.client.objects.indexOf(o); if (i >= 0) o.client.objects.splice(i, 1); }
    if (o.type && --o.type.refcount === 0) this.dropType(o.type);
  }

  /** STATUS/DATA from an object owner: forwarded to the client named by peer, peer rewritten to OBJID (ubusd_handle_response). */
  private response(c: BrokerClient, m: UbusMessage, raw: Uint8Array): void {
    const { objid, status, data } = m.attrs;
    if (objid === undefined || (m.type === UbusMsgType.STATUS && status === undefined) || (m.type === UbusMsgType.DATA && data === undefined)) return;
    const o = this.objects.get(objid);
    if (!o || o.client !== c) return;
    const to = this.clients.get(m.peer);
    if (!to) return;
    if (!to.alive) return;
    const out = Buffer.from(raw);
    out.writeUInt32BE(objid, 4);
    this.queue(to, out);
  }

  /** Disconnects a client and frees its objects (as when ubusd sees the socket close). */
  drop(c: BrokerClient): void {
    if (!c.alive) return;
    c.alive = false;
    c.socket.destroy();
    this.clients.delete(c.id);
    this.usedIds.delete(c.id);
    for (const o of [...c.objects]) this.freeObject(o);
  }

  /** Stops listening, disconnects every client and removes the socket file. Idempotent. */
  async close(): Promise<void> {
    // A stopping ubusd tells nobody anything: every socket goes first, so freeing the objects below
    // cannot send UNSUBSCRIBE to a client that is about to see the connection drop anyway.
    this.closing = true;
    for (const c of [...this.clients.values()]) this.drop(c);
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    try { fs.unlinkSync(this.socketPath); } catch { /* already gone */ }
  }
}

/** Paths in ubusd's AVL order: strcmp on the UTF-8 bytes. */
function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/**
 * Whether ubusd would build a type from this SIGNATURE (ubus_create_obj_type): every attribute
 * reached by blob_for_each_attr must pass blobmsg_check_attr(attr, name = true) — extended,
 * non-empty NUL-terminated name, blobmsg type ≤ DOUBLE, scalar payload of the right size.
 * Nested tables are not looked into.
 */
function signatureUsable(sig: Uint8Array): boolean {
  return walkBlobAttrs(sig, 0, sig.length).every((a) => blobmsgAttrValid(a, true));
}

/** Starts a broker on `socketPath` (for `qmi4g broker`, tests and the demo). Rejects with the listen error. */
export function startBroker(socketPath: string, opts: UbusBrokerOptions = {}): Promise<UbusBroker> {
  return UbusBroker.listen(socketPath, opts);
}
