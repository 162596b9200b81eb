// The broker's subscriptions (ubus SUBSCRIBE/UNSUBSCRIBE/NOTIFY with ACTIVE), as ubusd keeps them:
// each object lists its subscribers and its targets, newest first (openwrt/ubus ubusd_obj.c, ubusd_proto.c).
import type { BrokerClient, BrokerObject, UbusBroker } from './broker';
import { UbusStatus } from './errors';
import { UbusAttr, UbusMessage, UbusMsgAttrs, UbusMsgType } from './message';

/** NOTIFY {OBJID, ACTIVE} to the owner of `target`: whether it has subscribers now (openwrt/ubus ubusd_obj.c). */
function activeChanged(b: UbusBroker, target: BrokerObject): void {
  if (!target.client) return;
  b.sendTo(target.client, UbusMsgType.NOTIFY, ++target.invokeSeq & 0xffff, 0, [[UbusAttr.OBJID, target.id], [UbusAttr.ACTIVE, target.subscribers.length > 0 ? 1 : 0]]);
}

/** Drops one (subscriber, target) link (ubus_unsubscribe); ACTIVE 0 when the target's last one went. */
export function unlink(b: UbusBroker, subscriber: BrokerObject, target: BrokerObject): void {
  const ti = subscriber.targets.indexOf(target);
  if (ti >= 0) subscriber.targets.splice(ti, 1);
  const si = target.subscribers.indexOf(subscriber);
  if (si >= 0) target.subscribers.splice(si, 1);
  if (target.subscribers.length === 0) activeChanged(b, target);
}

/** SUBSCRIBE {OBJID, TARGET}: `c`'s object subscribes to another client's object (newest first); ACTIVE 1 for the first one. Returns the UbusStatus. */
export function subscribe(b: UbusBroker, c: BrokerClient, a: UbusMsgAttrs): number {
  if (a.objid === undefined || a.target === undefined) return UbusStatus.INVALID_ARGUMENT;
  const o = b.objects.get(a.objid);
  if (!o) return UbusStatus.NOT_FOUND;
  if (o.client !== c) return UbusStatus.INVALID_ARGUMENT;
  const t = b.objects.get(a.target);
  if (!t || !t.client) return UbusStatus.NOT_FOUND;
  if (t.client === c) return UbusStatus.INVALID_ARGUMENT;
  const first = t.subscribers.length === 0;
  t.subscribers.unshift(o);
  o.targets.unshift(t);
  if (first) activeChanged(b, t);
  return UbusStatus.OK;
}

/** UNSUBSCRIBE {OBJID, TARGET}: drops the link. Returns the UbusStatus. */
export function unsubscribe(b: UbusBroker, c: BrokerClient, a: UbusMsgAttrs): number {
  if (a.objid === undefined || a.target === undefined) return UbusStatus.INVALID_ARGUMENT;
  const o = b.objects.get(a.objid);
  if (!o) return UbusStatus.NOT_FOUND;
  if (o.client !== c) return UbusStatus.INVALID_ARGUMENT;
  const t = o.targets.find((x) => x.id === a.target);
  if (!t) return UbusStatus.NOT_FOUND;
  unlink(b, o, t);
  return UbusStatus.OK;
}

/** NOTIFY from an object's owner: STATUS with the SUBSCRIBERS (unless no-reply), then an INVOKE to each subscriber. Returns the UbusStatus, -1 when already answered. */
export function notify(b: UbusBroker, c: BrokerClient, m: UbusMessage): number {
  const { method, objid, data, noReply = false } = m.attrs;
  if (method === undefined || objid === undefined) return UbusStatus.INVALID_ARGUMENT;
  const o = b.objects.get(objid);
  if (!o) return UbusStatus.NOT_FOUND;
  if (o.client !== c) return UbusStatus.PERMISSION_DENIED;
  const subs = [...o.subscribers];
  if (!noReply) {
    b.sendTo(c, UbusMsgType.STATUS, m.seq, m.peer, [[UbusAttr.OBJID, o.id], [UbusAttr.SUBSCRIBERS, subs.map((s) => s.id)], [UbusAttr.STATUS, 0]]);
  }
  for (const s of subs) b.forward(c, s, method, m.seq, data, noReply);
  return -1;
}
