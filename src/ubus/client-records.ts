// The UbusClient's records on one ubusd session: setting up listeners, subscriptions and published
// objects (first and after each reconnect), removing them, and what ubusd sends about them unasked.
// Source: openwrt/ubus libubus-obj.c, libubus-sub.c, ubusd_proto.c (ADD_OBJECT, SUBSCRIBE, NOTIFY).
import type { Clock } from '../util/wait';
import { BlobmsgType } from './blob';
import type { CallOptions } from './client-types';
import { ListenerRec, LocalRec, ObjectRec, SubscriberRec, answerInvoke } from './client-invoke';
import { UbusConnection, statusReplies } from './connection';
import { UbusError, UbusStatus } from './errors';
import { UbusJson, encodeJsonTable, typed } from './json';
import { AttrEntry, UBUS_SYSTEM_OBJECT_EVENT, UbusAttr, UbusMessage, UbusMsgType } from './message';

/** What the record functions need of their UbusClient. */
export interface RecordsContext {
  /** The current session (records on an older one are not indexed). */
  current(): UbusConnection | undefined;
  /** Records by object id on the current session. */
  byId: Map<number, LocalRec>;
  /** Every record the client restores after a reconnect. */
  registry: Set<LocalRec>;
  clock: Clock;
  /** `opts` with the client's default timeout filled in. */
  timeout(opts: CallOptions): CallOptions;
  /** The id of the object at `path` (looked up afresh with `fresh`). Rejects with UbusError NOT_FOUND. */
  resolve(conn: UbusConnection, path: string, opts: CallOptions, fresh?: boolean): Promise<number>;
  /** Reports a handler's failure (the client's `warning` event). */
  warn(e: unknown): void;
  /** The session whose ubus.object.add is listened to for waiting subscriptions (once per session). */
  watched: { adds?: UbusConnection };
}

/** ADD_OBJECT without a path (a listener's or subscriber's object); records its id in `rec` (and byId on the current session). Rejects with UbusError. */
export async function addAnonymous(x: RecordsContext, conn: UbusConnection, rec: LocalRec, what: string, opts: CallOptions): Promise<number> {
  const r = await conn.request(UbusMsgType.ADD_OBJECT, 0, [], what, statusReplies(0, what), x.timeout(opts));
  const id = r.data[0]?.attrs.objid;
  if (id === undefined) throw new UbusError(UbusStatus.NO_DATA, what, 'ADD_OBJECT reply without OBJID');
  rec.id = id;
  if (conn === x.current()) x.byId.set(id, rec);
  return id;
}

/** REMOVE_OBJECT of `id` on `conn` when it is open; never rejects. */
export function removeQuietly(x: RecordsContext, conn: UbusConnection | undefined, id: number): Promise<void> {
  if (!conn?.open) return Promise.resolve();
  x.byId.delete(id);
  return conn.request(UbusMsgType.REMOVE_OBJECT, 0, [[UbusAttr.OBJID, id]], 'remove object', statusReplies(0, 'remove object'), x.timeout({}))
    .then(() => undefined, () => undefined);
}

/** A listener on `conn`: its object, then the event object's `register` per pattern (openwrt/ubus ubusd_event.c); on failure the object is removed again. Rejects with UbusError. */
export async function setupListener(x: RecordsContext, conn: UbusConnection, rec: ListenerRec, opts: CallOptions): Promise<void> {
  const id = await addAnonymous(x, conn, rec, 'listen', opts);
  try {
    for (const pattern of rec.patterns) {
      const what = `listen ${pattern}`;
      const body = encodeJsonTable({ object: typed({ type: BlobmsgType.INT32, value: id }), pattern });
      const attrs: AttrEntry[] = [[UbusAttr.OBJID, UBUS_SYSTEM_OBJECT_EVENT], [UbusAttr.METHOD, 'register'], [UbusAttr.DATA, body]];
      await conn.request(UbusMsgType.INVOKE, UBUS_SYSTEM_OBJECT_EVENT, attrs, what, statusReplies(UBUS_SYSTEM_OBJECT_EVENT, what), x.timeout(opts));
    }
  } catch (e) {
    await removeQuietly(x, conn, id);
    throw e;
  }
}

/** A subscription on `conn`: its object, the target's id looked up afresh, SUBSCRIBE; on failure the object is removed again. Rejects with UbusError (NOT_FOUND: no target yet). */
export async function setupSubscriber(x: RecordsContext, conn: UbusConnection, rec: SubscriberRec, opts: CallOptions): Promise<void> {
  const what = `subscribe ${rec.path}`;
  const id = await addAnonymous(x, conn, rec, what, opts);
  try {
    rec.targetId = await x.resolve(conn, rec.path, opts, true);
    await conn.request(UbusMsgType.SUBSCRIBE, 0, [[UbusAttr.OBJID, id], [UbusAttr.TARGET, rec.targetId]], what, statusReplies(0, what), x.timeout(opts));
  } catch (e) {
    await removeQuietly(x, conn, id);
    throw e;
  }
}

/** ADD_OBJECT of a published object with its path and signature on `conn`; records id and type id in `rec`. Rejects with UbusError. */
export async function addObjectOn(x: RecordsContext, conn: UbusConnection, rec: ObjectRec, opts: CallOptions): Promise<void> {
  const what = `add object ${rec.path}`;
  const r = await conn.request(UbusMsgType.ADD_OBJECT, 0, [[UbusAttr.OBJPATH, rec.path], [UbusAttr.SIGNATURE, rec.signature]], what, statusReplies(0, what), x.timeout(opts));
  const a = r.data[0]?.attrs;
  if (a?.objid === undefined) throw new UbusError(UbusStatus.NO_DATA, what, 'ADD_OBJECT reply without OBJID');
  rec.id = a.objid;
  rec.typeId = a.objtype ?? 0;
  rec.active = false;
  if (conn === x.current()) x.byId.set(rec.id, rec);
}

/**
 * What ubusd sends unasked on the current session: an INVOKE of one of our objects (answered,
 * client-invoke.ts), NOTIFY ACTIVE of a published object (its subscribers came or went), UNSUBSCRIBE
 * of a subscription whose target went away (ended, `onRemove` told). Anything else is ignored.
 */
export function onUnsolicited(x: RecordsContext, conn: UbusConnection, msg: UbusMessage): void {
  if (conn !== x.current()) return;
  const rec = msg.attrs.objid === undefined ? undefined : x.byId.get(msg.attrs.objid);
  if (msg.type === UbusMsgType.INVOKE) {
    // ubusd lists an object as soon as it sends the ADD_OBJECT reply, so a call may arrive in the
    // same read as that reply, before addObjectOn has recorded the id: look again once the
    // pending continuations ran (else the call would get NOT_FOUND; seen with the real ubusd).
    if (!rec && msg.attrs.objid !== undefined) {
      const id = msg.attrs.objid;
      x.clock.setTimeout(() => answerInvoke(conn, msg, x.byId.get(id), x.warn), 0);
      return;
    }
    answerInvoke(conn, msg, rec, x.warn);
    return;
  }
  if (msg.type === UbusMsgType.NOTIFY && rec?.kind === 'object' && msg.attrs.active !== undefined) {
    rec.active = msg.attrs.active;
    rec.onSubscribers?.(rec.active);
    return;
  }
  if (msg.type === UbusMsgType.UNSUBSCRIBE && rec?.kind === 'subscriber' && x.registry.delete(rec)) {
    void removeQuietly(x, conn, rec.id);
    rec.onRemove?.(new UbusError(UbusStatus.NOT_FOUND, `subscription ${rec.path}`, 'target object went away'));
  }
}

/** Re-adds every registered object, listener and subscription on a fresh session; a subscription whose target is not back yet waits for its ubus.object.add, one that fails otherwise ends (`onRemove`). Failures are warnings; never rejects while `conn` is open. */
export async function restoreRecords(x: RecordsContext, conn: UbusConnection): Promise<void> {
  for (const rec of [...x.registry]) {
    if (!conn.open) return;
    try {
      if (rec.kind === 'object') await addObjectOn(x, conn, rec, {});
      else if (rec.kind === 'listener') await setupListener(x, conn, rec, {});
      else await setupSubscriber(x, conn, rec, {});
    } catch (e) {
      if (!conn.open) return;
      if (rec.kind === 'subscriber' && e instanceof UbusError && e.code === UbusStatus.NOT_FOUND) {
        rec.waiting = true;
        await watchAdds(x, conn).catch(x.warn);
        continue;
      }
      x.warn(e);
      if (rec.kind === 'subscriber') endSubscription(x, rec, e);
    }
  }
  retryWaiting(x, conn);
}

/** Ends a subscription that cannot be restored: unregistered, `onRemove` told why. */
function endSubscription(x: RecordsContext, rec: SubscriberRec, e: unknown): void {
  if (!x.registry.delete(rec)) return;
  rec.onRemove?.(e instanceof UbusError ? e : new UbusError(UbusStatus.UNKNOWN_ERROR, `subscribe ${rec.path}`, (e as Error).message));
}

/** Listens (once per session) for ubus.object.add, to resubscribe to targets that were not back yet. */
async function watchAdds(x: RecordsContext, conn: UbusConnection): Promise<void> {
  if (x.watched.adds === conn) return;
  x.watched.adds = conn;
  const rec: ListenerRec = { kind: 'listener', id: 0, patterns: ['ubus.object.add'], handler: (_ev, d) => retryWaiting(x, conn, d.path) };
  await setupListener(x, conn, rec, {});
}

/** Tries again the waiting subscriptions (to `path`, or all). */
function retryWaiting(x: RecordsContext, conn: UbusConnection, path?: UbusJson): void {
  for (const r of x.registry) {
    if (r.kind !== 'subscriber' || !r.waiting || (path !== undefined && r.path !== path) || conn !== x.current() || !conn.open) continue;
    r.waiting = false;
    setupSubscriber(x, conn, r, {}).catch((e) => {
      if (!conn.open || !x.registry.has(r)) return;
      if (e instanceof UbusError && e.code === UbusStatus.NOT_FOUND) r.waiting = true;
      else endSubscription(x, r, e);
    });
  }
}
