// The broker's built-in event object (id 1): `send`, `register`, pattern matching and ubus.object.add/remove.
import type { BrokerClient, BrokerObject, UbusBroker } from './broker';
import { BlobmsgType, decodeBlobmsgEntries, encodeBlobmsgEntries } from './blob';
import { UbusStatus } from './errors';
import { encodeJsonTable, typed } from './json';
import { UBUS_SYSTEM_OBJECT_MAX, UbusAttr, UbusMsgType } from './message';

/** A registered listen pattern: `key` without its trailing `*`; `partial` when it had one (ubusd_event.c). */
export interface EventPattern { obj: BrokerObject; key: string; partial: boolean }

function matches(p: EventPattern, id: string): boolean {
  return p.partial ? id.startsWith(p.key) : id === p.key;
}

/**
 * Delivers event `id` with DATA payload `data` to every listener object whose pattern matches,
 * once per object, never to `from`'s own objects: INVOKE peer 0, seq = global event counter,
 * {OBJID, METHOD = id, DATA} (ubusd_send_event; ubus.md §5.6).
 */
export function dispatchEvent(b: UbusBroker, from: BrokerClient | null, id: string, data: Uint8Array): void {
  const mark = ++b.counters.objEvent;
  const sorted = [...b.patterns].sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
  for (const p of sorted) {
    const o = p.obj;
    if (!matches(p, id) || !o.client || o.client === from || o.eventSeen === mark) continue;
    o.eventSeen = mark;
    b.counters.eventSeq = (b.counters.eventSeq + 1) & 0xffff;
    b.sendTo(o.client, UbusMsgType.INVOKE, b.counters.eventSeq, 0, [[UbusAttr.OBJID, o.id], [UbusAttr.METHOD, id], [UbusAttr.DATA, data]]);
  }
}

/** `send {id: string, data: table}`: INVALID_ARGUMENT without both, PERMISSION_DENIED for `ubus.*` (ubusd_forward_event). */
export function brokerEventSend(b: UbusBroker, c: BrokerClient, data: Uint8Array | undefined): number {
  if (!data) return UbusStatus.INVALID_ARGUMENT;
  let entries;
  try { entries = decodeBlobmsgEntries(data); } catch { return UbusStatus.INVALID_ARGUMENT; }
  const id = entries.find((e) => e.name === 'id' && e.value.type === BlobmsgType.STRING);
  const body = entries.find((e) => e.name === 'data' && e.value.type === BlobmsgType.TABLE);
  if (!id || !body || id.value.type !== BlobmsgType.STRING || body.value.type !== BlobmsgType.TABLE) return UbusStatus.INVALID_ARGUMENT;
  if (id.value.value.startsWith('ubus.')) return UbusStatus.PERMISSION_DENIED;
  dispatchEvent(b, c, id.value.value, encodeBlobmsgEntries(body.value.value));
  return UbusStatus.OK;
}

/**
 * `register {object: int32, pattern: string}` (ubusd_alloc_event_pattern): INVALID_ARGUMENT
 * without both, PERMISSION_DENIED for a system id, someone else's object or an empty pattern,
 * NOT_FOUND for an unknown object. A trailing `*` makes the pattern a prefix.
 */
export function brokerEventRegister(b: UbusBroker, c: BrokerClient, data: Uint8Array | undefined): number {
  if (!data) return UbusStatus.INVALID_ARGUMENT;
  let entries;
  try { entries = decodeBlobmsgEntries(data); } catch { return UbusStatus.INVALID_ARGUMENT; }
  const obj = entries.find((e) => e.name === 'object' && e.value.type === BlobmsgType.INT32);
  const pat = entries.find((e) => e.name === 'pattern' && e.value.type === BlobmsgType.STRING);
  if (!obj || !pat || obj.value.type !== BlobmsgType.INT32 || pat.value.type !== BlobmsgType.STRING) return UbusStatus.INVALID_ARGUMENT;
  const id = obj.value.value >>> 0;
  if (id < UBUS_SYSTEM_OBJECT_MAX) return UbusStatus.PERMISSION_DENIED;
  const o = b.object(id);
  if (!o) return UbusStatus.NOT_FOUND;
  if (o.client !== c) return UbusStatus.PERMISSION_DENIED;
  let key = pat.value.value;
  if (key.length === 0) return UbusStatus.PERMISSION_DENIED;
  const partial = key.endsWith('*');
  if (partial) key = key.slice(0, -1);
  const p: EventPattern = { obj: o, key, partial };
  o.patterns.push(p);
  b.patterns.push(p);
  return UbusStatus.OK;
}

/** ubus.object.add / ubus.object.remove {id, path}, sent to every listener (ubusd_send_obj_event). */
export function objectEvent(b: UbusBroker, name: string, o: BrokerObject): void {
  dispatchEvent(b, null, name, encodeJsonTable({ id: typed({ type: BlobmsgType.INT32, value: o.id }), path: o.path ?? '' }));
}
