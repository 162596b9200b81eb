// Answering INVOKEs for the client's own objects: method calls (policy + deferred reply), events, notifications.
import { decodeBlobmsgEntries } from './blob';
import type { EventHandler, InvokeContext, MethodResult, NotificationHandler, UbusMethod } from './client-types';
import type { UbusConnection } from './connection';
import { UbusError, UbusStatus, statusOfError } from './errors';
import { UbusJson, decodeJsonTable, encodeJsonTable } from './json';
import { EncodedReply } from './encoded-reply';
import { UbusAttr, UbusMessage, UbusMsgType, encodeMessage } from './message';
import { validateArgs } from './policy';

/** A published object as the client keeps it (re-added on reconnect). */
export interface ObjectRec {
  kind: 'object'; id: number; typeId: number; path: string; signature: Uint8Array;
  methods: Map<string, UbusMethod>; active: boolean; onSubscribers?: (active: boolean) => void;
}
/** An event listener (anonymous object + patterns). */
export interface ListenerRec { kind: 'listener'; id: number; patterns: string[]; handler: EventHandler }
/** A subscription (anonymous subscriber object → target path). */
export interface SubscriberRec {
  kind: 'subscriber'; id: number; targetId: number; path: string; handler: NotificationHandler;
  onRemove?: (reason: UbusError) => void;
  /** After a reconnect the target was not there yet: resubscribe when ubus.object.add names it. */
  waiting: boolean;
}
/** Anything the client owns an object id for. */
export type LocalRec = ObjectRec | ListenerRec | SubscriberRec;

const EMPTY = new Uint8Array(0);

/**
 * Answers an INVOKE for one of our objects (openwrt/ubus libubus-obj.c (INVOKE)): method objects get policy-checked
 * arguments and reply DATA then STATUS when the handler settles; listeners get events;
 * subscribers get notifications. Unknown object → NOT_FOUND, unknown method →
 * METHOD_NOT_FOUND, bad/missing arguments → INVALID_ARGUMENT; nothing is sent when the
 * INVOKE has NO_REPLY or the session has ended meanwhile. `warn` hears handler failures.
 */
export function answerInvoke(conn: UbusConnection, msg: UbusMessage, rec: LocalRec | undefined, warn: (e: unknown) => void): void {
  const { objid = 0, method = '', data } = msg.attrs;
  // A reply that cannot be sent (a DATA message over UBUS_MAX_MSGLEN, any encoding error) never
  // escapes: it is reported to `warn` and the caller gets STATUS UNKNOWN_ERROR instead. DATA and
  // STATUS go out in one write.
  const reply = (status: number, body?: Uint8Array): void => {
    if (msg.attrs.noReply || !conn.open) return;
    const out: Uint8Array[] = [];
    try {
      if (body) out.push(encodeMessage(UbusMsgType.DATA, msg.seq, msg.peer, [[UbusAttr.OBJID, objid], [UbusAttr.DATA, body]]));
    } catch (e) {
      warn(new Error(`reply to ${rec && rec.kind === 'object' ? rec.path : objid} ${method} not sent: ${(e as Error).message}`));
      status = UbusStatus.UNKNOWN_ERROR;
    }
    try {
      out.push(encodeMessage(UbusMsgType.STATUS, msg.seq, msg.peer, [[UbusAttr.STATUS, status], [UbusAttr.OBJID, objid]]));
    } catch (e) { warn(e); }
    if (out.length) conn.sendEncoded(out);
  };
  if (!rec) { reply(UbusStatus.NOT_FOUND); return; }
  let args: Record<string, UbusJson>;
  try {
    args = rec.kind === 'object' ? {} : decodeJsonTable(data ?? EMPTY);
  } catch {
    reply(UbusStatus.INVALID_ARGUMENT);
    return;
  }
  if (rec.kind === 'listener') {
    try { rec.handler(method, args); } catch (e) { warn(e); }
    reply(UbusStatus.OK);
    return;
  }
  if (rec.kind === 'subscriber') {
    Promise.resolve().then(() => rec.handler(method, args)).then(
      (st) => reply(typeof st === 'number' ? st : UbusStatus.OK),
      (e) => { reply(statusOfError(e)); },
    );
    return;
  }
  const m = rec.methods.get(method);
  if (!m) { reply(UbusStatus.METHOD_NOT_FOUND); return; }
  if (!data) { reply(UbusStatus.INVALID_ARGUMENT); return; }
  try {
    args = validateArgs(m.policy ?? {}, decodeBlobmsgEntries(data));
  } catch (e) {
    reply(e instanceof UbusError ? e.code : UbusStatus.INVALID_ARGUMENT);
    return;
  }
  const ctx: InvokeContext = { path: rec.path, method, caller: msg.peer, user: msg.attrs.user, group: msg.attrs.group };
  const answer = (res: MethodResult): void => {
    let body: Uint8Array | undefined;
    try { body = res instanceof EncodedReply ? res.data : res ? encodeJsonTable(res) : undefined; } catch (e) { warn(e); reply(UbusStatus.UNKNOWN_ERROR); return; }
    reply(UbusStatus.OK, body);
  };
  const fail = (e: unknown): void => {
    if (!(e instanceof UbusError) && statusOfError(e) === UbusStatus.UNKNOWN_ERROR) warn(e);
    reply(statusOfError(e));
  };
  // A handler that answers at once is replied to at once (no promise round per call); a
  // promise is replied to when it settles.
  let res: Promise<MethodResult> | MethodResult;
  try { res = m.handler(args, ctx); } catch (e) { fail(e); return; }
  if (isThenable(res)) res.then(answer, fail);
  else answer(res);
}

function isThenable(v: unknown): v is Promise<MethodResult> {
  return typeof v === 'object' && v !== null && typeof (v as { then?: unknown }).then === 'function';
}
