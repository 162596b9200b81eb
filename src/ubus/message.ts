// ubus message codec: 8-byte header + top-level blob of message attributes, and a stream framer, pure.
import { decodeUtf8 } from '../util/utf8';
import { BlobWriter, align4, walkBlobAttrs } from './blob';
import { UbusDecodeError } from './errors';

/** Message types (`enum ubus_msg_type`, ubusmsg.h; ubus.md §3.2). */
export enum UbusMsgType {
  HELLO = 0, STATUS = 1, DATA = 2, PING = 3, LOOKUP = 4, INVOKE = 5, ADD_OBJECT = 6, REMOVE_OBJECT = 7,
  SUBSCRIBE = 8, UNSUBSCRIBE = 9, NOTIFY = 10, MONITOR = 11,
}

/** Message attribute ids (`enum ubus_msg_attr`, ubusmsg.h; ubus.md §3.3). */
export enum UbusAttr {
  UNSPEC = 0, STATUS = 1, OBJPATH = 2, OBJID = 3, METHOD = 4, OBJTYPE = 5, SIGNATURE = 6, DATA = 7,
  TARGET = 8, ACTIVE = 9, NO_REPLY = 10, SUBSCRIBERS = 11, USER = 12, GROUP = 13,
}

/** Bytes before the top-level blob: version, type, seq (u16 BE), peer (u32 BE) (ubus.md §3.1). */
export const UBUS_MSG_HDR_LEN = 8;
/** Largest padded top-level blob ubusd accepts (UBUS_MAX_MSGLEN, CMake default; ubus.md §1). */
export const UBUS_MAX_MSGLEN = 1048576;
/** Built-in event object id (UBUS_SYSTEM_OBJECT_EVENT; ubus.md §3.5). */
export const UBUS_SYSTEM_OBJECT_EVENT = 1;
/** Built-in ACL object id (UBUS_SYSTEM_OBJECT_ACL). */
export const UBUS_SYSTEM_OBJECT_ACL = 2;
/** Built-in monitor object id (UBUS_SYSTEM_OBJECT_MONITOR). */
export const UBUS_SYSTEM_OBJECT_MONITOR = 3;
/** Client, object and type ids are ≥ this (UBUS_SYSTEM_OBJECT_MAX; ubus.md §3.5). */
export const UBUS_SYSTEM_OBJECT_MAX = 1024;

/** Decoded message attributes; absent ones are undefined. DATA/SIGNATURE stay raw blobmsg bytes. */
export interface UbusMsgAttrs {
  status?: number;
  objpath?: string;
  objid?: number;
  method?: string;
  objtype?: number;
  /** SIGNATURE payload: one blobmsg TABLE per method. */
  signature?: Uint8Array;
  /** DATA payload: blobmsg table members (no enclosing table header). */
  data?: Uint8Array;
  target?: number;
  active?: boolean;
  noReply?: boolean;
  subscribers?: number[];
  user?: string;
  group?: string;
}

/** One ubus message. `seq` is a u16, `peer` a u32; their meaning is per type (ubus.md §4). */
export interface UbusMessage {
  type: UbusMsgType;
  seq: number;
  peer: number;
  attrs: UbusMsgAttrs;
}

/** An attribute to encode: id and value. Number → INT32 (or INT8 for ACTIVE/NO_REPLY), string → STRING, Uint8Array → NESTED, number[] → SUBSCRIBERS. */
export type AttrEntry = readonly [UbusAttr, number | string | boolean | Uint8Array | readonly number[]];

/**
 * Encodes a message with its attributes in the given order (ubusd's order matters only for
 * byte-exact comparisons). Attribute blob types follow ubus.md §3.3. Throws RangeError on
 * an out-of-range integer or a message over UBUS_MAX_MSGLEN.
 */
export function encodeMessage(type: UbusMsgType, seq: number, peer: number, attrs: readonly AttrEntry[]): Uint8Array {
  const w = new BlobWriter(64);
  w.int(0, 1);
  w.int(type, 1);
  w.int(seq & 0xffff, 2);
  w.int(peer >>> 0, 4);
  const top = w.start(0);
  for (const [id, v] of attrs) {
    const at = w.start(id);
    if (typeof v === 'string') w.text(v, true);
    else if (typeof v === 'boolean') w.int(v ? 1 : 0, 1);
    else if (typeof v === 'number') {
      if (id === UbusAttr.ACTIVE || id === UbusAttr.NO_REPLY) w.int(v, 1);
      else w.int(v < 0 ? v : v >>> 0, 4);
    } else if (v instanceof Uint8Array) w.bytes(v);
    else for (const n of v) { const e = w.start(UbusAttr.UNSPEC); w.int(n >>> 0, 4); w.end(e); }
    w.end(at);
  }
  w.end(top);
  const out = w.finish();
  if (out.length - UBUS_MSG_HDR_LEN > UBUS_MAX_MSGLEN) throw new RangeError(`ubus message of ${out.length} bytes exceeds UBUS_MAX_MSGLEN`);
  return out;
}

/** Big-endian u32 at `off` (the caller checked the length). */
function u32be(b: Uint8Array, off: number): number { return ((b[off] << 24) | (b[off + 1] << 16) | (b[off + 2] << 8) | b[off + 3]) >>> 0; }

function str(d: Uint8Array): string | undefined {
  return d.length >= 1 && d[d.length - 1] === 0 ? decodeUtf8(d, 0, d.length - 1) : undefined;
}

function u32(d: Uint8Array): number | undefined {
  return d.length === 4 ? u32be(d, 0) : undefined;
}

/** TARGET has no type check in ubusd's policy: its first 4 bytes are read (blob_get_u32). */
function u32Loose(d: Uint8Array): number | undefined {
  return d.length >= 4 ? u32be(d, 0) : undefined;
}

/** ACTIVE / NO_REPLY have no type check either: the first byte is read (blob_get_int8). */
function i8(d: Uint8Array): boolean | undefined {
  return d.length >= 1 ? d[0] !== 0 : undefined;
}


/** decodeMessage options. */
export interface DecodeOptions {
  /**
   * Accept any version byte. libubus drops the connection on a version ≠ 0 (ubus_validate_hdr),
   * so the client keeps the check; ubusd never looks at it (the broker sets this).
   */
  anyVersion?: boolean;
}

/**
 * Decodes one complete message the way ubusd and libubus parse it (blob_parse_untrusted with
 * ubusmsg's policy). Framing faults (short header, version ≠ 0 unless `anyVersion`, top-level
 * length < 4 or beyond the buffer) throw UbusDecodeError. Inside the top-level blob nothing
 * throws: the walk stops at the first attribute that does not fit (walkBlobAttrs), and an
 * attribute whose payload does not fit its type (INT32 ≠ 4 bytes, STRING without NUL) is
 * ignored; a repeated attribute keeps the last one. The top-level blob's own id is not checked.
 */
export function decodeMessage(buf: Uint8Array, opts: DecodeOptions = {}): UbusMessage {
  if (buf.length < UBUS_MSG_HDR_LEN + 4) throw new UbusDecodeError(`message of ${buf.length} bytes is shorter than 12`, 0);
  if (buf[0] !== 0 && !opts.anyVersion) throw new UbusDecodeError(`unsupported ubus message version ${buf[0]}`, 0);
  const len = u32be(buf, 8) & 0xffffff;
  if (len < 4) throw new UbusDecodeError(`top-level blob length ${len} is shorter than its header`, 8);
  if (UBUS_MSG_HDR_LEN + len > buf.length) throw new UbusDecodeError(`top-level blob length ${len} exceeds the ${buf.length - 8} bytes present`, 8);
  const attrs: UbusMsgAttrs = {};
  const set = <K extends keyof UbusMsgAttrs>(k: K, v: UbusMsgAttrs[K] | undefined): void => { if (v !== undefined) attrs[k] = v; };
  for (const a of walkBlobAttrs(buf, 12, UBUS_MSG_HDR_LEN + len)) {
    const d = a.data;
    switch (a.id) {
      case UbusAttr.STATUS: set('status', u32(d)); break;
      case UbusAttr.OBJPATH: set('objpath', str(d)); break;
      case UbusAttr.OBJID: set('objid', u32(d)); break;
      case UbusAttr.METHOD: set('method', str(d)); break;
      case UbusAttr.OBJTYPE: set('objtype', u32(d)); break;
      case UbusAttr.SIGNATURE: attrs.signature = d; break;
      case UbusAttr.DATA: attrs.data = d; break;
      case UbusAttr.TARGET: set('target', u32Loose(d)); break;
      case UbusAttr.ACTIVE: set('active', i8(d)); break;
      case UbusAttr.NO_REPLY: set('noReply', i8(d)); break;
      case UbusAttr.SUBSCRIBERS: {
        const ids: number[] = [];
        for (const s of walkBlobAttrs(d, 0, d.length)) {
          const id = u32(s.data);
          if (id !== undefined) ids.push(id);
        }
        attrs.subscribers = ids;
        break;
      }
      case UbusAttr.USER: set('user', str(d)); break;
      case UbusAttr.GROUP: set('group', str(d)); break;
      default: break;
    }
  }
  return { type: buf[1], seq: (buf[2] << 8) | buf[3], peer: u32be(buf, 4), attrs };
}

/**
 * Reassembles whole messages from stream chunks (ubus.md §1 "Stream framing"): 12 bytes give
 * the top-level blob length, the message is 8 + that length. Chunks are kept in a list and
 * each message is copied at most once, so cost is linear however the bytes are split.
 */
export class UbusFramer {
  private chunks: Uint8Array[] = [];
  private first = 0;
  private head = 0;
  private buffered = 0;

  constructor(private readonly maxLen = UBUS_MAX_MSGLEN) {}

  /** Bytes held that do not yet form a whole message. */
  get pending(): number { return this.buffered; }

  /**
   * Adds a chunk; returns the complete messages now available, in order. Throws
   * UbusDecodeError when a header announces a length < 4 or a padded length > maxLen — the
   * stream cannot be resynchronised then, so the caller should drop the connection.
   */
  push(chunk: Uint8Array): Uint8Array[] {
    if (chunk.length > 0) { this.chunks.push(chunk); this.buffered += chunk.length; }
    const out: Uint8Array[] = [];
    while (this.buffered >= 12) {
      const len = this.peekU32(8) & 0xffffff;
      if (len < 4 || align4(len) > this.maxLen) throw new UbusDecodeError(`message announces blob length ${len}`, 8);
      const total = UBUS_MSG_HDR_LEN + len;
      if (this.buffered < total) break;
      out.push(this.take(total));
    }
    return out;
  }

  /** Drops all buffered bytes (after a reconnect). */
  reset(): void { this.chunks = []; this.first = 0; this.head = 0; this.buffered = 0; }

  private peekU32(at: number): number {
    const c = this.chunks[this.first];
    if (c.length - this.head >= at + 4) return u32be(c, this.head + at);
    let v = 0;
    let ci = this.first;
    let off = this.head + at;
    for (let i = 0; i < 4; i++) {
      while (off >= this.chunks[ci].length) { off -= this.chunks[ci].length; ci++; }
      v = v * 256 + this.chunks[ci][off++];
    }
    return v;
  }

  private take(n: number): Uint8Array {
    this.buffered -= n;
    const c = this.chunks[this.first];
    if (c.length - this.head >= n) {
      const out = c.subarray(this.head, this.head + n);
      this.advance(n);
      return out;
    }
    const out = new Uint8Array(n);
    let filled = 0;
    while (filled < n) {
      const cur = this.chunks[this.first];
      const m = Math.min(cur.length - this.head, n - filled);
      out.set(cur.subarray(this.head, this.head + m), filled);
      filled += m;
      this.advance(m);
    }
    return out;
  }

  private advance(n: number): void {
    this.head += n;
    if (this.head === this.chunks[this.first].length) {
      this.first++;
      this.head = 0;
      if (this.first === this.chunks.length) { this.chunks = []; this.first = 0; } else if (this.first > 64 && this.first * 2 > this.chunks.length) {
        this.chunks = this.chunks.slice(this.first);
        this.first = 0;
      }
    }
  }
}
